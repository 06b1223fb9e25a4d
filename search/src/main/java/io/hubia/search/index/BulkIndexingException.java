package io.hubia.search.index;

import java.util.List;

/** OpenSearch refused some chunks of a bulk index; the others were indexed. */
public final class BulkIndexingException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final int failed;

  public BulkIndexingException(String index, int total, int failed, List<String> firstFailures) {
    super(
        failed
            + " of "
            + total
            + " chunks could not be indexed into "
            + index
            + "; first failures: "
            + String.join("; ", firstFailures));
    this.failed = failed;
  }

  /** The number of chunks refused. */
  public int failed() {
    return failed;
  }
}
