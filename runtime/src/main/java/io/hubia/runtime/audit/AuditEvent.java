package io.hubia.runtime.audit;

import io.hubia.runtime.config.ConfigSnapshot;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * What happened during one request, as the runtime hands it to the {@link AuditStore}. The store
 * decides what is kept of the question and the answer ({@link AuditOptions}), adds the chain hashes
 * and returns the audit id.
 *
 * <p>Build one with {@link #builder()}. Lists and maps are copied; {@code null} ones become empty.
 *
 * @param eventId the audit id; {@code null} lets the store generate a random UUID
 * @param occurredAt when the request was received; {@code null} means now (stored to the
 *     microsecond, PostgreSQL's precision)
 * @param namespace namespace of the AgentWorkflow; {@code null} or empty in local mode
 * @param workflow name of the AgentWorkflow (required): events are chained per namespace and name
 * @param workflowGeneration the AgentWorkflow generation served
 * @param policy name of the PolicySet that governed the request
 * @param policyGeneration its generation
 * @param subject the caller's subject ({@code sub} claim)
 * @param claims the caller's claims kept for audit, already minimised by the caller of the store
 *     (see {@code Caller#claims()}): never a token, a password or a key
 * @param question the question as asked; stored as text, as a hash, or not at all
 * @param answer the answer sent (the fallback message on a fallback); dropped unless answers are
 *     stored
 * @param fallback whether the fallback message was sent instead of a generated answer
 * @param fallbackReason why, when it was
 * @param citations the sources the answer cites
 * @param retrieved the chunks retrieved as evidence
 * @param model the model that wrote the answer ({@code extractive} without a model)
 * @param tokensIn tokens sent to the model
 * @param tokensOut tokens produced by the model
 * @param decisions policy decisions taken on the way (read rules, redaction, injection
 *     screening...)
 * @param latencyMs time from request to answer
 * @param traceId the request's trace id, to find its spans and logs
 */
public record AuditEvent(
    UUID eventId,
    Instant occurredAt,
    String namespace,
    String workflow,
    Long workflowGeneration,
    String policy,
    Long policyGeneration,
    String subject,
    Map<String, Object> claims,
    String question,
    String answer,
    boolean fallback,
    String fallbackReason,
    List<Citation> citations,
    List<Retrieved> retrieved,
    String model,
    Long tokensIn,
    Long tokensOut,
    List<Decision> decisions,
    Long latencyMs,
    String traceId) {

  public AuditEvent {
    Objects.requireNonNull(workflow, "workflow");
    if (workflow.isBlank()) {
      throw new IllegalArgumentException("workflow must not be blank");
    }
    namespace = namespace == null ? "" : namespace;
    // LinkedHashMap: claims may hold null values, which Map.copyOf refuses
    claims =
        claims == null
            ? Map.of()
            : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(claims));
    citations = citations == null ? List.of() : List.copyOf(citations);
    retrieved = retrieved == null ? List.of() : List.copyOf(retrieved);
    decisions = decisions == null ? List.of() : List.copyOf(decisions);
  }

  /**
   * A source cited by the answer.
   *
   * @param documentId the document's id
   * @param chunkId the chunk's id
   * @param version the document version or index content generation it was read from, if known
   */
  public record Citation(String documentId, String chunkId, String version) {}

  /**
   * A chunk retrieved as evidence.
   *
   * @param index the RetrievalIndex it came from
   * @param documentId the document's id
   * @param chunkId the chunk's id
   * @param version the document version or index content generation, if known
   * @param score its relevance, in 0..1
   */
  public record Retrieved(
      String index, String documentId, String chunkId, String version, Double score) {}

  /**
   * A decision taken while serving the request.
   *
   * @param step what decided, e.g. {@code read-rules}, {@code redaction}, {@code injection}
   * @param outcome the outcome, e.g. {@code allowed}, {@code refused}, {@code redacted}
   * @param detail a short explanation; no personal data, no secret
   */
  public record Decision(String step, String outcome, String detail) {}

  public static Builder builder() {
    return new Builder();
  }

  /** A builder starting from this event. */
  public Builder toBuilder() {
    return new Builder()
        .eventId(eventId)
        .occurredAt(occurredAt)
        .namespace(namespace)
        .workflow(workflow)
        .workflowGeneration(workflowGeneration)
        .policy(policy)
        .policyGeneration(policyGeneration)
        .subject(subject)
        .claims(claims)
        .question(question)
        .answer(answer)
        .fallback(fallback)
        .fallbackReason(fallbackReason)
        .citations(citations)
        .retrieved(retrieved)
        .model(model)
        .tokensIn(tokensIn)
        .tokensOut(tokensOut)
        .decisions(decisions)
        .latencyMs(latencyMs)
        .traceId(traceId);
  }

  /** Builds an {@link AuditEvent}; only {@link #workflow(String)} is required. */
  public static final class Builder {
    private UUID eventId;
    private Instant occurredAt;
    private String namespace;
    private String workflow;
    private Long workflowGeneration;
    private String policy;
    private Long policyGeneration;
    private String subject;
    private Map<String, Object> claims;
    private String question;
    private String answer;
    private boolean fallback;
    private String fallbackReason;
    private List<Citation> citations;
    private List<Retrieved> retrieved;
    private String model;
    private Long tokensIn;
    private Long tokensOut;
    private List<Decision> decisions;
    private Long latencyMs;
    private String traceId;

    private Builder() {}

    /** Workflow and policy names and generations of the configuration serving the request. */
    public Builder served(ConfigSnapshot snapshot) {
      return namespace(snapshot.workflowNamespace())
          .workflow(snapshot.workflowName())
          .workflowGeneration(snapshot.workflowGeneration())
          .policy(snapshot.policyName())
          .policyGeneration(snapshot.policyGeneration());
    }

    public Builder eventId(UUID eventId) {
      this.eventId = eventId;
      return this;
    }

    public Builder occurredAt(Instant occurredAt) {
      this.occurredAt = occurredAt;
      return this;
    }

    public Builder namespace(String namespace) {
      this.namespace = namespace;
      return this;
    }

    public Builder workflow(String workflow) {
      this.workflow = workflow;
      return this;
    }

    public Builder workflowGeneration(Long workflowGeneration) {
      this.workflowGeneration = workflowGeneration;
      return this;
    }

    public Builder policy(String policy) {
      this.policy = policy;
      return this;
    }

    public Builder policyGeneration(Long policyGeneration) {
      this.policyGeneration = policyGeneration;
      return this;
    }

    public Builder subject(String subject) {
      this.subject = subject;
      return this;
    }

    public Builder claims(Map<String, Object> claims) {
      this.claims = claims;
      return this;
    }

    public Builder question(String question) {
      this.question = question;
      return this;
    }

    public Builder answer(String answer) {
      this.answer = answer;
      return this;
    }

    public Builder fallback(boolean fallback) {
      this.fallback = fallback;
      return this;
    }

    public Builder fallbackReason(String fallbackReason) {
      this.fallbackReason = fallbackReason;
      return this;
    }

    public Builder citations(List<Citation> citations) {
      this.citations = citations;
      return this;
    }

    public Builder retrieved(List<Retrieved> retrieved) {
      this.retrieved = retrieved;
      return this;
    }

    public Builder model(String model) {
      this.model = model;
      return this;
    }

    public Builder tokensIn(Long tokensIn) {
      this.tokensIn = tokensIn;
      return this;
    }

    public Builder tokensOut(Long tokensOut) {
      this.tokensOut = tokensOut;
      return this;
    }

    public Builder decisions(List<Decision> decisions) {
      this.decisions = decisions;
      return this;
    }

    public Builder latencyMs(Long latencyMs) {
      this.latencyMs = latencyMs;
      return this;
    }

    public Builder traceId(String traceId) {
      this.traceId = traceId;
      return this;
    }

    public AuditEvent build() {
      return new AuditEvent(
          eventId,
          occurredAt,
          namespace,
          workflow,
          workflowGeneration,
          policy,
          policyGeneration,
          subject,
          claims,
          question,
          answer,
          fallback,
          fallbackReason,
          citations,
          retrieved,
          model,
          tokensIn,
          tokensOut,
          decisions,
          latencyMs,
          traceId);
    }
  }
}
