/**
 * One sync of a RetrievalIndex into OpenSearch ({@link
 * io.hubia.runtime.ingest.pipeline.IngestionPipeline}): connectors, labels, screening (into {@code
 * flags}, not labels), chunking, embedding of changed documents only, deletion of documents gone
 * from their source, incremental or full-rebuild indexing behind the alias, and a {@link
 * io.hubia.runtime.ingest.pipeline.SyncReport}.
 */
package io.hubia.runtime.ingest.pipeline;
