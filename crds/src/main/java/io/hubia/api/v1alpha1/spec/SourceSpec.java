package io.hubia.api.v1alpha1.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import lombok.Data;

/** One source of documents for the index. */
@Data
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "self.type == 'Files' ? has(self.files) : !has(self.files)",
    message = "set 'files' when type is Files, and only then")
@ValidationRule(
    value = "self.type == 'Web' ? has(self.web) : !has(self.web)",
    message = "set 'web' when type is Web, and only then")
@ValidationRule(
    value = "self.type == 'Hydra' ? has(self.hydra) : !has(self.hydra)",
    message = "set 'hydra' when type is Hydra, and only then")
@ValidationRule(
    value = "self.type == 'Cmis' ? has(self.cmis) : !has(self.cmis)",
    message = "set 'cmis' when type is Cmis, and only then")
public class SourceSpec {
  @Required
  @Pattern(Patterns.NAME)
  @Size(max = 63)
  @JsonPropertyDescription("Source name, unique in the index; label rules and status refer to it.")
  private String name;

  @Required
  @JsonPropertyDescription("Kind of source: Files, Web, Hydra or Cmis.")
  private SourceType type;

  @JsonPropertyDescription("Settings of a Files source.")
  private FilesSource files;

  @JsonPropertyDescription("Settings of a Web source.")
  private WebSource web;

  @JsonPropertyDescription("Settings of a Hydra (API Platform) source.")
  private HydraSource hydra;

  @JsonPropertyDescription("Settings of a CMIS source.")
  private CmisSource cmis;
}
