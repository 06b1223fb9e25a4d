/**
 * Embedding models for ingestion and retrieval: the in-process all-MiniLM-L6-v2 ({@link
 * io.hubia.runtime.ingest.embed.InProcessEmbedder}) and OpenAI-compatible endpoints, Ollama
 * included through its {@code /v1} API ({@link io.hubia.runtime.ingest.embed.EndpointEmbedder}),
 * built from a RetrievalIndex's {@code spec.embedding} by {@link
 * io.hubia.runtime.ingest.embed.Embedders#from}.
 */
package io.hubia.runtime.ingest.embed;
