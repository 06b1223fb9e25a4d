package io.hubia.runtime.ingest.embed;

/** The embedding model failed, or answered with the wrong number or size of vectors. */
public class EmbeddingException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public EmbeddingException(String message) {
    super(message);
  }

  public EmbeddingException(String message, Throwable cause) {
    super(message, cause);
  }
}
