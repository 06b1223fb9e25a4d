package io.hubia.search;

/**
 * Field names of a chunk document in a Hubia OpenSearch index: the contract between the indexer
 * (ingestion), the retriever (runtime) and the mapping. One document per chunk.
 */
public final class ChunkFields {
  /** Unique id of the chunk: document id, '#', position. Also the OpenSearch _id. */
  public static final String CHUNK_ID = "chunk_id";

  /** Id of the source document (path relative to a files source, URL, record IRI, CMIS id). */
  public static final String DOCUMENT_ID = "document_id";

  /** Name of the RetrievalIndex source the document came from. */
  public static final String SOURCE = "source";

  /** Document title; analysed, with one sub-field per language (title.fr, title.en). */
  public static final String TITLE = "title";

  /** Chunk text; analysed, with one sub-field per language (text.fr, text.en). */
  public static final String TEXT = "text";

  /** Headings above the chunk, outermost first, joined with " > ". */
  public static final String HEADING_PATH = "heading_path";

  /** Link to the document, for citations; stored, not searched. */
  public static final String URI = "uri";

  /** Position of the chunk in its document, from 0. */
  public static final String POSITION = "position";

  /** Permission labels; a caller sees a chunk only if it may read one of them. */
  public static final String LABELS = "labels";

  /**
   * Flags set at ingestion (e.g. injection suspected). Never used for permissions: policy decides
   * what to do with flagged chunks.
   */
  public static final String FLAGS = "flags";

  /**
   * Fingerprint of the indexed form of a document (text hash, title, link, labels, chunking, model,
   * screening threshold), for incremental syncs: any change re-indexes the document.
   */
  public static final String CONTENT_HASH = "content_hash";

  /** Last update of the document, ISO-8601. */
  public static final String UPDATED = "updated";

  /** Embedding of the chunk (knn_vector, Lucene HNSW, cosine); kept out of _source. */
  public static final String VECTOR = "vector";

  /** Flag value of chunks whose text addresses instructions to a model. */
  public static final String FLAG_INJECTION_SUSPECTED = "injection-suspected";

  private ChunkFields() {}
}
