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

/** A tool the agent may call through function calling. Policy decides who may call it. */
@Data
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "self.type == 'Http' ? has(self.http) : !has(self.http)",
    message = "set 'http' when type is Http, and only then")
@ValidationRule(
    value = "self.type == 'IndexLookup' ? has(self.index) : !has(self.index)",
    message =
        "set 'index' (the name of one of spec.indexes) when type is IndexLookup, and only then")
public class ToolSpec {
  @Required
  @Pattern(Patterns.NAME)
  @Size(max = 63)
  @JsonPropertyDescription("Tool name, unique in the workflow; policy tool rules refer to it.")
  private String name;

  @Required
  @Size(min = 1, max = 1000)
  @JsonPropertyDescription(
      "What the tool does, shown to the model so that it knows when to call it.")
  private String description;

  @Required
  @JsonPropertyDescription("Kind of tool: Http or IndexLookup.")
  private ToolType type;

  @JsonPropertyDescription("Endpoint of an Http tool.")
  private HttpToolSpec http;

  @Pattern(Patterns.NAME)
  @JsonPropertyDescription("For IndexLookup: the name of one of spec.indexes.")
  private String index;

  @Size(max = 10)
  @JsonPropertyDescription("Arguments of the tool, at most 10.")
  private List<ToolParameter> parameters = new ArrayList<>();
}
