package io.hubia.runtime.ingest;

import java.util.Comparator;
import java.util.List;

/**
 * What one pass over a source found: the documents read and the ones skipped, each sorted by id.
 */
public record ConnectorResult(List<SourceDocument> documents, List<SkippedDocument> skipped) {
  public ConnectorResult {
    documents = documents.stream().sorted(Comparator.comparing(SourceDocument::id)).toList();
    skipped = skipped.stream().sorted(Comparator.comparing(SkippedDocument::id)).toList();
  }
}
