package io.hubia.search.index;

/**
 * The embedding model or dimension a spec asks for differs from the one an index was built with:
 * its vectors cannot be compared, so only a full rebuild into a new physical index helps.
 */
public final class EmbeddingMismatchException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final String index;
  private final RecordedEmbedding recorded;
  private final String requestedModel;
  private final int requestedDimension;

  public EmbeddingMismatchException(
      String index, RecordedEmbedding recorded, String requestedModel, int requestedDimension) {
    super(
        "index "
            + index
            + " was built with "
            + recorded.model()
            + "/"
            + recorded.dimension()
            + "; spec asks "
            + requestedModel
            + "/"
            + requestedDimension
            + ": a full rebuild is needed");
    this.index = index;
    this.recorded = recorded;
    this.requestedModel = requestedModel;
    this.requestedDimension = requestedDimension;
  }

  public String index() {
    return index;
  }

  public RecordedEmbedding recorded() {
    return recorded;
  }

  public String requestedModel() {
    return requestedModel;
  }

  public int requestedDimension() {
    return requestedDimension;
  }
}
