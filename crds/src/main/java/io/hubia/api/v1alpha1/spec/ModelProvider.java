package io.hubia.api.v1alpha1.spec;

/** The protocol Hubia speaks to a model server. */
public enum ModelProvider {
  /** Any server with the OpenAI chat completions API: vLLM, LocalAI, European providers. */
  OpenAICompatible,
  /** An Ollama server. */
  Ollama,
  /** Mistral AI's API (La Plateforme) or a self-hosted Mistral deployment. */
  MistralAI
}
