package io.hubia.api.v1alpha1.spec;

/** How documents are cut into chunks. */
public enum ChunkingStrategy {
  /** Follows headings and paragraphs, then fills chunks up to the size. */
  Structure,
  /** Fixed-size windows of tokens with overlap. */
  Fixed
}
