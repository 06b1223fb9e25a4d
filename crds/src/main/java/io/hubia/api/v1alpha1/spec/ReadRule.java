package io.hubia.api.v1alpha1.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.ArrayList;
import java.util.List;
import lombok.Data;

/** Which document labels some subjects may read. */
@Data
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ReadRule {
  @Required
  @Size(min = 1, max = 20)
  @JsonPropertyDescription("Subject names, or '*' for every authenticated caller.")
  private List<@Size(max = 63) String> subjects = new ArrayList<>();

  @Required
  @Size(min = 1, max = 50)
  @JsonPropertyDescription(
      "Labels readable by these subjects; ${attribute} is replaced by the caller's value, e.g."
          + " branch:${branch}.")
  private List<@Size(max = 128) String> labels = new ArrayList<>();
}
