package io.hubia.runtime.ingest.labels;

import java.util.List;

/**
 * The labels given to a document, and why: kept with the ingestion report so that an auditor can
 * tell which rule opened a document to whom.
 *
 * @param labels sorted, distinct, never empty
 * @param defaulted whether the labels are the mapping's {@code defaultLabels}
 * @param reasons one line per contribution, e.g. {@code rule 2 (pathGlob=antennes/lyon/**)}
 */
public record LabelAssignment(List<String> labels, boolean defaulted, List<String> reasons) {
  public LabelAssignment {
    if (labels == null || labels.isEmpty()) {
      throw new IllegalArgumentException("a document always has at least one label");
    }
    labels = List.copyOf(labels);
    reasons = List.copyOf(reasons);
  }
}
