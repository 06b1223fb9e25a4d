package io.hubia.runtime.ingest.chunk;

/**
 * Counts the tokens an embedding model sees in a text, without the special tokens it adds.
 *
 * <p>The chunker relies on counts being additive over whitespace: the count of {@code "a b"} is the
 * count of {@code "a"} plus the count of {@code "b"}. That holds for the WordPiece (BERT) and
 * byte-level BPE tokenizers of embedding models, which split on whitespace before anything else.
 */
public interface TokenCounter {
  int count(String text);
}
