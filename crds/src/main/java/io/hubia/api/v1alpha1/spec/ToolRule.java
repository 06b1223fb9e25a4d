package io.hubia.api.v1alpha1.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.ArrayList;
import java.util.List;
import lombok.Data;

/** Which tools some subjects may call, with argument limits. */
@Data
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ToolRule {
  @Required
  @Size(min = 1, max = 20)
  @JsonPropertyDescription("Subject names, or '*' for every authenticated caller.")
  private List<@Size(max = 63) String> subjects = new ArrayList<>();

  @Required
  @Size(min = 1, max = 20)
  @JsonPropertyDescription("Tool names (spec.tools of the workflows), or '*' for all.")
  private List<@Size(max = 63) String> tools = new ArrayList<>();

  @Size(max = 20)
  @JsonPropertyDescription("Limits on arguments; a call outside them is refused and audited.")
  private List<ArgumentLimit> arguments = new ArrayList<>();

  @JsonPropertyDescription("Whether each call waits for a human's approval. Defaults to false.")
  private Boolean requiresApproval;
}
