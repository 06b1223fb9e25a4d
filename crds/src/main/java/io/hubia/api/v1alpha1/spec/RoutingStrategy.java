package io.hubia.api.v1alpha1.spec;

/** How a question is sent to one of the workflow's routes. */
public enum RoutingStrategy {
  /** Every question takes the default route. */
  Single,
  /** The route whose description and examples are most similar to the question. */
  Similarity,
  /** The model chooses the route; needs spec.model. */
  Model
}
