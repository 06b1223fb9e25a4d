package io.hubia.api.v1alpha1.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.ArrayList;
import java.util.List;
import lombok.Data;

/** How questions are routed between sub-flows. */
@Data
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "self.routes.all(r, self.routes.filter(o, o.name == r.name).size() == 1)",
    message = "route names must be unique: rename the duplicate in routing.routes")
@ValidationRule(
    value = "!has(self.defaultRoute) || self.routes.exists(r, r.name == self.defaultRoute)",
    message = "routing.defaultRoute must be the name of one of routing.routes")
@ValidationRule(
    value = "self.strategy == 'Single' || size(self.routes) >= 2",
    message =
        "Similarity and Model routing need at least two routes; use strategy Single otherwise")
public class RoutingSpec {
  @Required
  @JsonPropertyDescription(
      "Single (always the default route), Similarity (closest route description) or Model (the"
          + " model picks).")
  private RoutingStrategy strategy;

  @Required
  @Size(min = 1, max = 20)
  @JsonPropertyDescription("The routes, 1 to 20.")
  private List<RouteSpec> routes = new ArrayList<>();

  @Pattern(Patterns.NAME)
  @JsonPropertyDescription(
      "Route taken when no route matches well enough. Defaults to the first route.")
  private String defaultRoute;

  @Min(0)
  @Max(1)
  @JsonPropertyDescription(
      "For Similarity: least similarity for a route to be chosen over the default. Defaults to"
          + " 0.3.")
  private Double minSimilarity;
}
