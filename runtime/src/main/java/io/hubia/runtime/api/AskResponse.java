package io.hubia.runtime.api;

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
 */
@Schema(name = "AskResponse", description = "An answer with its sources, or a fallback")
public record AskResponse(
    String answer,
    List<CitationView> citations,
    boolean fallback,
    String fallbackReason,
    String traceId,
    String auditId,
    Double confidence) {}
