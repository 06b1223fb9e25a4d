package io.hubia.runtime.ingest.format;

import io.hubia.runtime.ingest.SkipCode;

/** A document that a reader refuses, with the code and the precise reason reported in status. */
public final class UnreadableDocumentException extends Exception {
  private final SkipCode code;

  public UnreadableDocumentException(SkipCode code, String reason) {
    super(reason, null, false, false);
    this.code = code;
  }

  public SkipCode code() {
    return code;
  }
}
