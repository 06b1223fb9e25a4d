package io.hubia.api.v1alpha1.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.ArrayList;
import java.util.List;
import lombok.Data;

/** A sub-flow of the workflow: which indexes and tools serve one kind of question. */
@Data
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RouteSpec {
  @Required
  @Pattern(Patterns.NAME)
  @Size(max = 63)
  @JsonPropertyDescription("Route name, unique in the workflow.")
  private String name;

  @Required
  @Size(min = 1, max = 2000)
  @JsonPropertyDescription("What questions this route serves; used for routing.")
  private String description;

  @Size(max = 20)
  @JsonPropertyDescription("Example questions of this route, at most 20; used for routing.")
  private List<@Size(max = 1000) String> examples = new ArrayList<>();

  @Size(max = 10)
  @JsonPropertyDescription(
      "Names of spec.indexes this route retrieves from. Empty means all of the workflow's indexes.")
  private List<@Size(max = 63) String> indexes = new ArrayList<>();

  @Size(max = 20)
  @JsonPropertyDescription("Names of spec.tools this route may call. Empty means none.")
  private List<@Size(max = 63) String> tools = new ArrayList<>();

  @Size(max = 20000)
  @JsonPropertyDescription("System prompt of this route; replaces spec.prompts.system when set.")
  private String systemPrompt;
}
