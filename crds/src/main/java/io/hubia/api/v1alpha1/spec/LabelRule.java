package io.hubia.api.v1alpha1.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.ArrayList;
import java.util.List;
import lombok.Data;

/** A rule giving labels to the documents it matches; every matching rule adds its labels. */
@Data
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value =
        "has(self.source) || has(self.pathGlob) || has(self.metadata) || has(self.aclPrincipal)",
    message =
        "a label rule needs at least one condition: source, pathGlob, metadata or aclPrincipal")
public class LabelRule {
  @Pattern(Patterns.NAME)
  @JsonPropertyDescription("Matches documents of this source (spec.sources[].name).")
  private String source;

  @Size(max = 1024)
  @JsonPropertyDescription("Matches document ids (paths) by glob, e.g. antennes/lyon/**.")
  private String pathGlob;

  @Size(max = 500)
  @Pattern("^[^=]+=.*$")
  @JsonPropertyDescription(
      "Matches a metadata field (front matter, Hydra field, CMIS property) as field=value.")
  private String metadata;

  @Size(max = 256)
  @JsonPropertyDescription("Matches CMIS documents whose ACL grants read to this principal.")
  private String aclPrincipal;

  @Required
  @Size(min = 1, max = 20)
  @JsonPropertyDescription("Labels given to matching documents, e.g. branch:lyon or public.")
  private List<@Size(max = 128) String> labels = new ArrayList<>();
}
