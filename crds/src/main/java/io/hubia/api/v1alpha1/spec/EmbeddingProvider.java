package io.hubia.api.v1alpha1.spec;

/** Where embeddings are computed. */
public enum EmbeddingProvider {
  /** all-MiniLM-L6-v2, shipped inside the runtime, no server needed. */
  InProcess,
  /** An OpenAI-compatible /embeddings endpoint. */
  OpenAICompatible,
  /** An Ollama server. */
  Ollama
}
