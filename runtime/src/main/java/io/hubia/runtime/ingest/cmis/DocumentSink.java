package io.hubia.runtime.ingest.cmis;

import io.hubia.runtime.ingest.SkipCode;
import io.hubia.runtime.ingest.SourceUnavailableException;
import java.util.function.Supplier;
import org.apache.chemistry.opencmis.client.api.Document;

/** Where a selection ({@link FolderWalk}, {@link QuerySelection}) hands the documents it finds. */
interface DocumentSink {
  /**
   * Whether documents are still taken. Once the pass's document limit is reached, the selection
   * goes on listing only to count what it leaves out ({@link #leftOut}).
   */
  boolean accepting();

  /**
   * A document selected under {@code id}.
   *
   * @throws SourceUnavailableException when reading it shows that the source as a whole is lost
   */
  void document(String id, Document document) throws SourceUnavailableException;

  /** A document left out by the limit; {@code id} is asked for the first one only. */
  void leftOut(Supplier<String> id);

  /** Something the selection itself could not take (a folder it cannot list, not a document). */
  void skipped(String id, SkipCode code, String reason);
}
