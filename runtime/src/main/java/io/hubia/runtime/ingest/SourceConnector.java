package io.hubia.runtime.ingest;

/**
 * Reads every document of one source of a RetrievalIndex ({@code spec.sources[]}).
 *
 * <p>A document that cannot be taken is reported in {@link ConnectorResult#skipped()} with a
 * precise reason and never stops the pass. Only a source that cannot be read as a whole (its server
 * is down, its credentials are refused, its folder is missing) throws {@link
 * SourceUnavailableException}: the pipeline then keeps that source's documents already in the index
 * instead of deleting them, so an outage never empties an index.
 */
@FunctionalInterface
public interface SourceConnector {
  /**
   * One pass over the source.
   *
   * @throws SourceUnavailableException when the source as a whole cannot be read
   */
  ConnectorResult read() throws SourceUnavailableException;
}
