package io.hubia.runtime.ingest.files;

import io.hubia.runtime.ingest.SkipCode;

/** A file that a reader refuses, with the code and the precise reason reported in status. */
final class UnreadableDocumentException extends Exception {
  private final SkipCode code;

  UnreadableDocumentException(SkipCode code, String reason) {
    super(reason, null, false, false);
    this.code = code;
  }

  SkipCode code() {
    return code;
  }
}
