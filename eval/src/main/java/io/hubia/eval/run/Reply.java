package io.hubia.eval.run;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * What the runtime answered to one question: a {@code 200} reply of {@code /ask}, a refusal (400
 * {@code injection-suspected}), or another problem, with the latency measured by the client.
 *
 * @param status the HTTP status of the last attempt (after any 429 retries)
 * @param answer the answer text, or {@code null} when the runtime gave none
 * @param citations the citations, in the order of the answer's markers
 * @param fallback whether the runtime fell back instead of answering
 * @param fallbackReason the runtime's reason for falling back, or the problem type's last segment
 *     for a refusal; {@code null} otherwise
 * @param refused whether the question was refused as a suspected injection (400 {@code
 *     injection-suspected}), which an evaluation counts as a fallback
 * @param latency time from sending the request to reading the whole reply, of the last attempt
 * @param problemType the problem type URI of an error reply, or {@code null}
 * @param problemDetail the problem's {@code detail}, or {@code null}
 * @param traceId the runtime's trace id, or {@code null}
 * @param confidence the runtime's confidence, or {@code null} when it gave none
 * @param usage the model tokens and calls of the request, or {@code null} when the runtime called
 *     no model (the extractive answerer) or gave no reply
 */
public record Reply(
    int status,
    String answer,
    List<Citation> citations,
    boolean fallback,
    String fallbackReason,
    boolean refused,
    Duration latency,
    String problemType,
    String problemDetail,
    String traceId,
    Double confidence,
    Usage usage) {

  /** The problem type of a refusal. */
  public static final String INJECTION_SUSPECTED = "https://hubia.io/problems/injection-suspected";

  /** Makes the citations immutable; absent ones become empty. */
  public Reply {
    citations = citations == null ? List.of() : List.copyOf(citations);
    latency = latency == null ? Duration.ZERO : latency;
  }

  /** A reply without model usage. */
  public Reply(
      int status,
      String answer,
      List<Citation> citations,
      boolean fallback,
      String fallbackReason,
      boolean refused,
      Duration latency,
      String problemType,
      String problemDetail,
      String traceId,
      Double confidence) {
    this(
        status,
        answer,
        citations,
        fallback,
        fallbackReason,
        refused,
        latency,
        problemType,
        problemDetail,
        traceId,
        confidence,
        null);
  }

  /** Whether the runtime answered the question, possibly with a fallback (status 200). */
  public boolean answered() {
    return status == 200;
  }

  /** Whether the runtime did not give an answer: it fell back, or refused the question. */
  public boolean fellBack() {
    return fallback || refused;
  }

  /** Whether this reply is neither an answer nor a refusal: 401, 404, 409, 429, 5xx… */
  public boolean isError() {
    return !answered() && !refused;
  }

  /** The cited document ids, in citation order, each once. */
  public List<String> citedDocumentIds() {
    return List.copyOf(
        new LinkedHashSet<>(
            citations.stream()
                .map(Citation::documentId)
                .filter(id -> id != null && !id.isBlank())
                .toList()));
  }

  /** A short description of an error reply, for failure reasons: status, type and detail. */
  public String describeError() {
    StringBuilder text = new StringBuilder("runtime answered ").append(status);
    if (problemType != null) {
      text.append(" (").append(problemType.substring(problemType.lastIndexOf('/') + 1)).append(')');
    }
    if (problemDetail != null && !problemDetail.isBlank()) {
      text.append(": ").append(problemDetail.strip());
    }
    return text.toString();
  }

  /**
   * One citation of an answer, as {@code /ask} returns it.
   *
   * @param id the marker number ({@code [1]} is 1)
   * @param documentId the document id in its index, {@code <source>:<id>}
   * @param title the document's title, or {@code null}
   * @param uri a link to the document, or {@code null}
   * @param snippet the supporting passage, or {@code null}
   * @param score the support score, 0 to 1, or {@code null}
   */
  public record Citation(
      Integer id, String documentId, String title, String uri, String snippet, Double score) {}

  /**
   * The {@code usage} of an {@code /ask} reply: what the models of the request used, summed over
   * every call (rewriting, routing, answering, retries, fallback models).
   *
   * @param inputTokens tokens sent to the models
   * @param outputTokens tokens the models produced
   * @param modelCalls model calls made, failed ones included
   */
  public record Usage(long inputTokens, long outputTokens, int modelCalls) {

    /** Input and output tokens. */
    public long totalTokens() {
      return inputTokens + outputTokens;
    }
  }
}
