package io.hubia.runtime.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The reply of {@code POST /v1/agents/{workflow}/ask}.
 *
 * @param answer the answer with {@code [n]} markers, or the fallback message
 * @param citations the sources the markers point to
 * @param fallback whether the sources were not enough: {@code answer} then holds the configured
 *     fallback message and no unsupported claim
 * @param fallbackReason why it fell back ({@code no_evidence}, {@code low_relevance}, {@code
 *     no_answer}, {@code insufficient_support}, {@code off_topic}, {@code not_answered}), or null
 * @param traceId id of this request in logs and traces
 * @param auditId id of its audit event
 * @param confidence how sure the runtime is of the answer, in [0, 1] (share of factual claims
 *     supported times their mean support); null for a fallback or small talk
 * @param usage the model calls of the request and their tokens, summed over every call (question
 *     rewriting, routing, answering, retries and fallback models); absent when no model was called
 *     (the extractive answerer, small talk, a fallback before any model call)
 */
@Schema(name = "AskResponse", description = "An answer with its sources, or a fallback")
public record AskResponse(
    String answer,
    List<CitationView> citations,
    boolean fallback,
    String fallbackReason,
    String traceId,
    String auditId,
    Double confidence,
    @JsonInclude(JsonInclude.Include.NON_NULL) Usage usage) {

  /** A reply without model usage. */
  public AskResponse(
      String answer,
      List<CitationView> citations,
      boolean fallback,
      String fallbackReason,
      String traceId,
      String auditId,
      Double confidence) {
    this(answer, citations, fallback, fallbackReason, traceId, auditId, confidence, null);
  }

  /**
   * What the models of one request used, as they reported it.
   *
   * @param inputTokens tokens sent to the models, over every call
   * @param outputTokens tokens the models produced, over every call
   * @param modelCalls model calls made, failed ones (timeout, error, rejected completion) included;
   *     a call that failed without a response adds no token
   */
  @Schema(
      name = "AskUsage",
      description =
          "Model calls of the request and their tokens, summed over rewriting, routing, answering,"
              + " retries and fallback models; absent when no model was called")
  public record Usage(long inputTokens, long outputTokens, int modelCalls) {}
}
