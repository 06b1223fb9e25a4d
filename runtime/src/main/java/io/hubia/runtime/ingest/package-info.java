/**
 * The ingestion core: plain Java, no CDI, shared by the ingestion Job and local mode.
 *
 * <p>One pass over a source runs four steps:
 *
 * <ol>
 *   <li>A connector ({@link io.hubia.runtime.ingest.files.FilesConnector}) reads {@link
 *       io.hubia.runtime.ingest.SourceDocument}s, each with its text normalised and hashed, and
 *       reports the files it could not take as {@link io.hubia.runtime.ingest.SkippedDocument}s.
 *       One bad file never stops a source; a missing folder does ({@link
 *       io.hubia.runtime.ingest.SourceUnavailableException}), so that it cannot empty the index.
 *   <li>The {@link io.hubia.runtime.ingest.labels.LabelMapper} gives every document its labels,
 *       never none.
 *   <li>The {@link io.hubia.runtime.ingest.chunk.StructureChunker} cuts it into {@link
 *       io.hubia.runtime.ingest.chunk.Chunk}s sized in tokens of the embedding model.
 *   <li>The {@link io.hubia.runtime.ingest.screen.InjectionScreener} scores chunks that address
 *       instructions to an AI model; the pipeline puts suspected ones in the {@code flags} field
 *       ({@code injection-suspected}), never in the permission labels.
 * </ol>
 *
 * <p>Chunk size. The in-process all-MiniLM-L6-v2 embeds 128 positions, 126 word pieces of text once
 * {@code [CLS]} and {@code [SEP]} are added; anything past that is silently cut. So {@code
 * maxTokens} defaults to 126 and is capped by the model's window, and it bounds everything the
 * model reads: a prefix line with the title and heading path (at most 32 tokens, a quarter of
 * {@code maxTokens} for small chunks) plus the chunk's text. French costs about two word pieces a
 * word with this English vocabulary, so a default chunk holds some 45 to 60 words of text. Counts
 * come from the model's own tokenizer ({@link io.hubia.runtime.ingest.chunk.MiniLmTokenCounter}),
 * not from a words-per-token estimate.
 */
package io.hubia.runtime.ingest;
