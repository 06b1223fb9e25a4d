package io.hubia.api.v1alpha1.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.ArrayList;
import java.util.List;
import lombok.Data;

/** How fields of Hydra collection members become document fields (JSON Pointer or field name). */
@Data
@JsonInclude(JsonInclude.Include.NON_NULL)
public class HydraFieldMapping {
  @Size(max = 200)
  @JsonPropertyDescription("Field holding the title. Defaults to 'title', then 'name'.")
  private String title;

  @Required
  @Size(min = 1, max = 10)
  @JsonPropertyDescription("Fields whose text, joined, forms the body; 1 to 10.")
  private List<@Size(max = 200) String> body = new ArrayList<>();

  @Size(max = 200)
  @JsonPropertyDescription("Field holding a link for citations. Defaults to the member's @id.")
  private String uri;

  @Size(max = 10)
  @JsonPropertyDescription(
      "Fields whose values become document labels (e.g. the branch that owns a record).")
  private List<@Size(max = 200) String> labels = new ArrayList<>();

  @Size(max = 200)
  @JsonPropertyDescription("Field holding the last-modified date. Defaults to 'updatedAt'.")
  private String updated;
}
