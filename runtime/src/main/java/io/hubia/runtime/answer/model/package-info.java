/**
 * Answering with chat models through langchain4j's OpenAI client (OpenAI-compatible servers,
 * Ollama's {@code /v1} API, Mistral AI's API): {@link io.hubia.runtime.answer.model.ChatModels}
 * builds the clients from a {@code ModelSpec}; {@link io.hubia.runtime.answer.model.PromptBuilder}
 * writes the prompt (evidence as escaped data blocks); {@link
 * io.hubia.runtime.answer.model.ModelAnswerer} answers with one model, tools included ({@link
 * io.hubia.runtime.answer.model.AgentTools}); {@link io.hubia.runtime.answer.model.AnswererChain}
 * tries the primary model, the fallback models with their retries, then the extractive answerer;
 * {@link io.hubia.runtime.answer.model.QuestionRewriter} makes follow-ups standalone and {@link
 * io.hubia.runtime.answer.model.ModelRouter} picks a route for routing strategy Model.
 */
package io.hubia.runtime.answer.model;
