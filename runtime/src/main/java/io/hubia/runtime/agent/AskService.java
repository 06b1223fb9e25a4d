package io.hubia.runtime.agent;

import io.hubia.api.config.RuntimeConfig;
import io.hubia.api.v1alpha1.spec.Language;
import io.hubia.api.v1alpha1.spec.RedactionTarget;
import io.hubia.api.v1alpha1.spec.RouteSpec;
import io.hubia.runtime.answer.AnswerRequest;
import io.hubia.runtime.answer.Answerability;
import io.hubia.runtime.answer.AnswererException;
import io.hubia.runtime.answer.CitationVerifier;
import io.hubia.runtime.answer.DraftAnswer;
import io.hubia.runtime.answer.Evidence;
import io.hubia.runtime.answer.EvidenceScorer;
import io.hubia.runtime.answer.ExtractiveAnswerer;
import io.hubia.runtime.answer.FallbackMessages;
import io.hubia.runtime.answer.Turn;
import io.hubia.runtime.answer.Verification;
import io.hubia.runtime.answer.model.AgentTools;
import io.hubia.runtime.answer.model.AnswererChain;
import io.hubia.runtime.answer.model.ModelUsage;
import io.hubia.runtime.answer.model.PromptBuilder;
import io.hubia.runtime.answer.model.QuestionRewriter;
import io.hubia.runtime.answer.model.ToolApprovalRequired;
import io.hubia.runtime.answer.model.ToolCall;
import io.hubia.runtime.answer.text.LanguageDetector;
import io.hubia.runtime.answer.text.SmallTalk;
import io.hubia.runtime.api.ApprovalPendingException;
import io.hubia.runtime.api.AskResponse;
import io.hubia.runtime.api.CitationView;
import io.hubia.runtime.api.ProblemException;
import io.hubia.runtime.api.ProblemTypes;
import io.hubia.runtime.approval.ApprovalRequest;
import io.hubia.runtime.approval.ApprovalToolPolicy;
import io.hubia.runtime.approval.Approvals;
import io.hubia.runtime.approval.HeldCaller;
import io.hubia.runtime.audit.AuditEvent;
import io.hubia.runtime.audit.AuditService;
import io.hubia.runtime.audit.AuditUnavailableException;
import io.hubia.runtime.config.ConfigSnapshot;
import io.hubia.runtime.config.ConfigWatcher;
import io.hubia.runtime.identity.Caller;
import io.hubia.runtime.identity.CallerAuthenticator;
import io.hubia.runtime.ingest.embed.CachingEmbedder;
import io.hubia.runtime.ingest.embed.Embedder;
import io.hubia.runtime.ingest.embed.InProcessEmbedder;
import io.hubia.runtime.policy.injection.Detection;
import io.hubia.runtime.policy.injection.InjectionDefence;
import io.hubia.runtime.policy.injection.InjectionMetrics;
import io.hubia.runtime.policy.limits.LimitGate;
import io.hubia.runtime.policy.redaction.LogRedaction;
import io.hubia.runtime.policy.redaction.RedactionMetrics;
import io.hubia.runtime.policy.redaction.RedactionTally;
import io.hubia.search.retrieve.HybridRetriever;
import io.hubia.search.retrieve.RetrievedChunk;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * One question, end to end: authenticate, check the question, rewrite a follow-up, route, retrieve
 * what the caller may read, answer, verify the citations, fall back when the sources are not
 * enough, write the audit event, reply. Every step is timed ({@link AskMetrics}).
 *
 * <p>Fail closed: no audit event, no answer (503), unless the policy says {@code failClosed:
 * false}. OpenSearch unreachable: 503. A model down or answering garbage: the next model of the
 * chain, then the extractive answerer.
 */
@Singleton
public class AskService {
  private static final Logger LOG = Logger.getLogger(AskService.class);

  /** Texts whose vectors are kept: about 30 MiB of all-MiniLM-L6-v2 vectors. */
  static final int EMBEDDING_CACHE_SIZE = 20_000;

  /** Most chunks retrieved over all indexes of a route. */
  static final int MAX_EVIDENCE = 12;

  private final ConfigWatcher config;
  private final CallerAuthenticator authenticator;
  private final AuditService audit;
  private final SearchClients search;
  private final AskMetrics metrics;
  private final Embedder embedder;
  private final EvidenceScorer scorer;
  private final CitationVerifier verifier;
  private final ConversationStore conversations;
  private final RedactionMetrics redactionMetrics;
  private final LimitGate limits;
  private final InjectionMetrics injectionMetrics;
  private final Approvals approvals;
  private final ShadowRegistry shadows;
  private final Map<String, CompiledWorkflow> compiled = new HashMap<>();
  private final Clock clock = Clock.systemUTC();

  /** A service without evaluation shadows (benchmarks and tools that build it by hand). */
  public AskService(
      ConfigWatcher config,
      CallerAuthenticator authenticator,
      AuditService audit,
      SearchClients search,
      LimitGate limits,
      Approvals approvals,
      MeterRegistry registry) {
    this(
        config,
        authenticator,
        audit,
        search,
        limits,
        approvals,
        ShadowRegistry.disabled(),
        registry);
  }

  @Inject
  public AskService(
      ConfigWatcher config,
      CallerAuthenticator authenticator,
      AuditService audit,
      SearchClients search,
      LimitGate limits,
      Approvals approvals,
      ShadowRegistry shadows,
      MeterRegistry registry) {
    this.config = config;
    this.shadows = shadows;
    this.approvals = approvals;
    this.limits = limits;
    this.authenticator = authenticator;
    this.audit = audit;
    this.search = search;
    this.metrics = new AskMetrics(registry);
    // answering embeds the same chunk sentences in several steps and across questions
    this.embedder = new CachingEmbedder(new InProcessEmbedder(), EMBEDDING_CACHE_SIZE);
    this.scorer = new EvidenceScorer(embedder);
    this.verifier = new CitationVerifier(embedder);
    this.conversations = new ConversationStore(clock);
    this.redactionMetrics = new RedactionMetrics(registry);
    this.injectionMetrics = new InjectionMetrics(registry);
  }

  /**
   * A reply and what it cost, for the OpenAI-compatible endpoint's {@code usage}; {@code /ask}
   * replies with {@link #response()} only.
   *
   * @param response the reply
   * @param inputTokens tokens sent to the models over every call of the request (rewriting,
   *     routing, answering, retries and fallback models: {@link ModelUsage}); 0 when no model was
   *     called (the extractive answerer, small talk)
   * @param outputTokens tokens they produced
   */
  public record Result(AskResponse response, long inputTokens, long outputTokens) {}

  /** Answers {@code question} for the caller of {@code authorization}. */
  public AskResponse ask(
      String workflowName, String authorization, String question, String conversationId) {
    return ask(workflowName, authorization, question, conversationId, null);
  }

  /**
   * Answers {@code question}, from the evaluation shadow {@code shadowId} (header {@code
   * Hubia-Shadow}) instead of the live indexes when it is not {@code null}.
   */
  public AskResponse ask(
      String workflowName,
      String authorization,
      String question,
      String conversationId,
      String shadowId) {
    return complete(workflowName, authorization, question, conversationId, null, shadowId)
        .response();
  }

  /**
   * Answers {@code question}, with the tokens the answering model reported; {@code history}, when
   * given, replaces the stored conversation (the OpenAI-compatible endpoint, whose callers send the
   * whole conversation each time).
   */
  public Result complete(
      String workflowName,
      String authorization,
      String question,
      String conversationId,
      List<Turn> history) {
    return complete(workflowName, authorization, question, conversationId, history, null);
  }

  /**
   * {@link #complete(String, String, String, String, List)}, reading the evaluation shadow {@code
   * shadowId} instead of the live indexes when it is not {@code null} (404 if it does not exist).
   */
  public Result complete(
      String workflowName,
      String authorization,
      String question,
      String conversationId,
      List<Turn> history,
      String shadowId) {
    long start = System.nanoTime();
    String traceId = UUID.randomUUID().toString();
    MDC.put("traceId", traceId);
    MDC.put(LogRedaction.MDC_WORKFLOW, workflowName);
    try {
      ConfigSnapshot snapshot = config.served(workflowName);
      CompiledWorkflow workflow = compile(snapshot);
      Caller caller =
          authenticator.authenticate(
              authorization, workflow.policy == null ? null : workflow.policy.getIdentity());
      // requests per minute (PolicySet limits, LimitGate): 429 before any other work
      limits.admit(workflow.snapshot, workflow.audit, workflow.limits, caller, traceId);
      ShadowRegistry.Shadow shadow = shadows.resolve(workflow.name(), shadowId);
      String text = checkQuestion(question, workflow);
      Exchange exchange = new Exchange(workflow, caller, text, conversationId, traceId, start);
      if (shadow != null) {
        exchange.shadow = shadow;
        exchange.decisions.add(new AuditEvent.Decision("evaluation-shadow", shadow.id(), null));
      }
      exchange.givenHistory = workflow.redactHistory(history, exchange.redactions);
      AskResponse response = answer(exchange);
      metrics.finished(workflow.name(), response, Duration.ofNanos(System.nanoTime() - start));
      return new Result(response, exchange.usage.inputTokens(), exchange.usage.outputTokens());
    } finally {
      MDC.remove("traceId");
      MDC.remove(LogRedaction.MDC_WORKFLOW);
    }
  }

  /** The embedder of the questions, which planted shadow documents must share. */
  Embedder embedder() {
    return embedder;
  }

  /** The compiled form of the workflow served as {@code workflowName} (404 problem if none). */
  CompiledWorkflow compiled(String workflowName) {
    return compile(config.served(workflowName));
  }

  private synchronized CompiledWorkflow compile(ConfigSnapshot snapshot) {
    String key = snapshot.workflowName() + "@" + snapshot.sha256();
    CompiledWorkflow found = compiled.get(key);
    if (found == null) {
      compiled.keySet().removeIf(k -> k.startsWith(snapshot.workflowName() + "@"));
      found = new CompiledWorkflow(snapshot, embedder, redactionMetrics);
      compiled.put(key, found);
    }
    return found;
  }

  static String checkQuestion(String question, CompiledWorkflow workflow) {
    if (question == null || question.isBlank()) {
      throw invalid("The question is empty: send {\"question\": \"...\"} with some text.");
    }
    String text = question.strip();
    if (text.length() > workflow.maxQuestionLength) {
      throw invalid(
          "The question has "
              + text.length()
              + " characters; this workflow accepts at most "
              + workflow.maxQuestionLength
              + ".");
    }
    if (text.chars().anyMatch(c -> c == 0xFFFD)) {
      throw invalid("The question is not valid UTF-8 text.");
    }
    if (text.chars()
        .anyMatch(c -> Character.isISOControl(c) && c != '\n' && c != '\t' && c != '\r')) {
      throw invalid("The question contains control characters.");
    }
    return text;
  }

  private static ProblemException invalid(String detail) {
    return new ProblemException(ProblemTypes.INVALID_REQUEST, "Invalid question", 400, detail);
  }

  /** The state of one request as it goes through the steps. */
  private final class Exchange {
    final CompiledWorkflow workflow;
    final Caller caller;
    final String question;
    final String conversationId;
    final String traceId;
    final long start;
    final Instant receivedAt = clock.instant();
    final List<AuditEvent.Decision> decisions = new ArrayList<>();
    final RedactionTally redactions = new RedactionTally();
    Language language;
    String standalone;
    List<Evidence> evidence = List.of();

    /** The index each retrieved chunk came from, by chunk id (tool calls may add some). */
    final Map<String, RuntimeConfig.Index> indexOfChunk = new ConcurrentHashMap<>();

    String answeredBy = "none";
    List<Turn> givenHistory;
    List<Evidence> cited = List.of();

    /** The held request this run resumes after its approval, if any. */
    ApprovalRequest resumed;

    /** Every model call of the request and its tokens: the reply's, audit's and budgets' count. */
    final ModelUsage usage = new ModelUsage();

    /** The evaluation shadow read instead of the live indexes, if any. */
    ShadowRegistry.Shadow shadow;

    Exchange(
        CompiledWorkflow workflow,
        Caller caller,
        String question,
        String conversationId,
        String traceId,
        long start) {
      this.workflow = workflow;
      this.caller = caller;
      // redacted here when the policy says so: every later step sees only the redacted question
      this.question = workflow.redaction.redact(RedactionTarget.Question, question, redactions);
      this.conversationId = conversationId;
      this.traceId = traceId;
      this.start = start;
    }

    /** What {@code index} is searched as: its live alias, or its shadow index. */
    String target(RuntimeConfig.Index index) {
      return shadow == null ? workflow.alias(index) : shadow.indexes().get(index.getName());
    }

    <T> T step(String name, Supplier<T> work) {
      return metrics.step(workflow.name(), name, work);
    }
  }

  private AskResponse answer(Exchange x) {
    CompiledWorkflow w = x.workflow;
    x.language = LanguageDetector.detect(x.question).orElse(w.defaultLanguage);
    // docs/policy.md, Injection defence: the question, and the earlier questions of a conversation
    // the client sent (a stored conversation's were screened when they were asked)
    var attack = w.injection.screenQuestion(x.question);
    if (attack.isEmpty() && x.givenHistory != null) {
      attack =
          x.givenHistory.stream()
              .filter(t -> t != null && t.question() != null)
              .map(t -> w.injection.screenQuestion(t.question()))
              .flatMap(java.util.Optional::stream)
              .findFirst();
    }
    if (attack.isPresent()) {
      injected(x, attack.get());
      return w.injection.refuses() ? refuse(x) : fallback(x, InjectionDefence.QUESTION_REASON);
    }
    var smallTalk = SmallTalk.recognise(x.question, x.language);
    if (smallTalk.isPresent()) {
      x.decisions.add(new AuditEvent.Decision("small-talk", smallTalk.get().kind().name(), null));
      x.answeredBy = "small-talk";
      return reply(x, smallTalk.get().reply(), List.of(), false, null);
    }
    if (w.chain != null) {
      // from here the model may be called (rewrite, route, answer): the budget is checked once
      limits.checkTokenBudget(w.snapshot, w.audit, w.limits, x.caller, x.traceId, x.question);
    }
    Set<String> labels = w.readAccess.readableLabels(x.caller.roles(), x.caller.attributes());
    List<String> subjects = w.readAccess.subjectsOf(x.caller.roles(), x.caller.attributes());
    x.decisions.add(
        new AuditEvent.Decision(
            "read-rules",
            labels.isEmpty() ? "nothing-readable" : "labels",
            labels.size() + " labels"));

    // the OpenAI-compatible endpoint sends the whole conversation; /ask names a stored one
    List<Turn> history =
        x.givenHistory != null
            ? x.givenHistory
            : conversations.history(w.name(), x.caller.subject(), x.conversationId);
    // the model rewrites with the earlier answers: only if it may receive what they came from
    QuestionRewriter rewriter = w.rewriterFor(history);
    QuestionRewriter.Rewrite rewrite =
        x.step("rewrite", () -> rewriter.rewrite(x.question, history, x.language, x.usage));
    x.standalone = rewrite.question();
    if (rewrite.method() != QuestionRewriter.Method.UNCHANGED) {
      x.decisions.add(new AuditEvent.Decision("rewrite", rewrite.method().name(), null));
    }

    float[] vector = x.step("embed", () -> embedder.embedAll(List.of(x.standalone)).get(0));
    RouteSpec route = x.step("route", () -> route(w, x.standalone, vector, x.language, x.usage));
    if (route != null) {
      x.decisions.add(new AuditEvent.Decision("route", route.getName(), null));
    }

    List<RetrievedChunk> chunks =
        x.step("retrieve", () -> retrieve(w, route, x.standalone, vector, labels, x));
    x.evidence = x.step("score", () -> scorer.evidence(x.standalone, chunks));
    metrics.retrieval(w.name(), x.evidence);
    if (x.evidence.isEmpty()) {
      return fallback(x, "no_evidence");
    }
    if (!w.citations.relevantEnough(x.evidence)) {
      return fallback(x, "low_relevance");
    }

    AnswerRequest request =
        new AnswerRequest(x.standalone, x.language, x.evidence, history, w.systemPrompt(route));
    DraftAnswer draft;
    List<Evidence> evidence = x.evidence;
    try {
      if (w.chain == null) {
        draft =
            x.step(
                "answer",
                () -> {
                  try {
                    return w.extractive.answer(request);
                  } catch (AnswererException e) {
                    throw new IllegalStateException(e);
                  }
                });
      } else {
        ModelSelection models = ModelSelection.of(w.modelRules, w.chain, x.evidence, history);
        x.decisions.add(models.decision());
        if (!models.refused().isEmpty()) {
          metrics.modelRulesRefused(w.name(), models.sensitivity().name());
        }
        if (models.rejected()) {
          return fallback(x, ModelSelection.REJECTED_REASON);
        }
        AgentTools tools = tools(w, route, subjects, labels, x);
        AnswererChain.Result result;
        try {
          result =
              x.step(
                  "answer",
                  () -> {
                    try {
                      return models.chain().run(request, tools, x.usage);
                    } catch (AnswererException e) {
                      throw new IllegalStateException(e);
                    }
                  });
        } catch (ToolApprovalRequired held) {
          return holdToolCall(x, held);
        }
        result.failures().forEach(f -> metrics.modelError(f.answerer(), f.reason()));
        result
            .toolCalls()
            .forEach(
                c -> {
                  // the detail of a denied call is its reason, never an argument's value
                  x.decisions.add(
                      new AuditEvent.Decision("tool:" + c.tool(), c.outcome().name(), c.detail()));
                  if (c.outcome() == ToolCall.Outcome.DENIED) {
                    metrics.toolDenied(w.name(), c.tool(), c.detail());
                  }
                });
        draft = result.draft();
        evidence = result.evidence();
      }
    } catch (IllegalStateException e) {
      LOG.warnf("No answerer could answer: %s", e.getMessage());
      return fallback(x, "no_answer");
    }
    x.answeredBy = draft.answeredBy();
    metrics.tokens(draft.answeredBy(), draft.inputTokens(), draft.outputTokens());
    List<Evidence> given = evidence;
    // recorded first: the answerer had the flagged chunks even if its answer is then blocked
    w.injection.flaggedEvidence(given).ifPresent(d -> injected(x, d));
    var disclosure =
        w.injection.checkDisclosure(draft.text(), PromptBuilder.systemPrompt(request, true));
    disclosure.detections().forEach(d -> injected(x, d));
    if (disclosure.blocked()) {
      return fallback(x, InjectionDefence.OUTPUT_REASON);
    }
    DraftAnswer checked = draft.withText(disclosure.text());
    Verification verification =
        x.step("verify", () -> verifier.verify(checked, given, w.citations));
    x.decisions.add(
        new AuditEvent.Decision(
            "citations",
            verification.decision().reason(),
            verification.supportedClaims()
                + " of "
                + verification.factualClaims()
                + " claims supported, "
                + verification.cutClaims()
                + " cut"));
    if (!verification.sufficient()) {
      return fallback(x, verification.decision().reason());
    }
    // true claims can still leave the question unanswered: off_topic, not_answered
    Answerability.Judgement judgement =
        Answerability.judge(
            x.standalone, verification, ExtractiveAnswerer.NAME.equals(draft.answeredBy()));
    x.decisions.add(
        new AuditEvent.Decision("answerability", judgement.verdict().reason(), judgement.detail()));
    if (!judgement.answered()) {
      return fallback(x, judgement.verdict().reason());
    }
    x.cited = verification.cited();
    var linked = w.injection.checkLinks(verification.text(), x.cited, x.language);
    linked.detections().forEach(d -> injected(x, d));
    double confidence = round(verification.confidence());
    List<CitationView> citations = withoutForeignLinks(x, citations(verification));
    // an approved request is not held again: the approval covers it (docs/policy.md)
    if (x.resumed == null && w.approvals.holdsAnswer(confidence)) {
      return holdAnswer(x, linked.text(), citations, confidence);
    }
    return reply(x, linked.text(), citations, false, null, confidence);
  }

  /**
   * The citations, each snippet through the answer's link check: a snippet quotes its document as
   * written, planted links and images included.
   */
  private List<CitationView> withoutForeignLinks(Exchange x, List<CitationView> citations) {
    List<CitationView> checked = new ArrayList<>(citations.size());
    for (CitationView c : citations) {
      var snippet =
          x.workflow.injection.checkSnippetLinks(c.id(), c.snippet(), x.cited, x.language);
      snippet.detections().forEach(d -> injected(x, d));
      checked.add(
          new CitationView(c.id(), c.documentId(), c.title(), c.uri(), snippet.text(), c.score()));
    }
    return checked;
  }

  private RouteSpec route(
      CompiledWorkflow w, String question, float[] vector, Language language, ModelUsage usage) {
    if (w.router == null) {
      return w.spec.getRouting() == null ? null : w.spec.getRouting().getRoutes().get(0);
    }
    if (w.modelRouter != null) {
      var named =
          w.modelRouter
              .route(question, w.spec.getRouting().getRoutes(), language, usage)
              .flatMap(w::route);
      if (named.isPresent()) {
        return named.get();
      }
    }
    return w.router.route(vector).route();
  }

  private List<RetrievedChunk> retrieve(
      CompiledWorkflow w,
      RouteSpec route,
      String question,
      float[] vector,
      Set<String> labels,
      Exchange x) {
    if (labels.isEmpty()) {
      return List.of();
    }
    HybridRetriever retriever = search.retriever(w.snapshot.config());
    Map<String, Scored> merged = new LinkedHashMap<>();
    for (RuntimeConfig.Index index : w.indexes(route)) {
      String target = x.target(index);
      if (target == null) {
        continue;
      }
      double weight = index.getWeight() == null ? 1.0 : index.getWeight();
      List<RetrievedChunk> found;
      try {
        found =
            retriever.retrieve(
                w.retrievalRequest(index, target, question, vector, labels, x.language));
      } catch (RuntimeException e) {
        throw new ProblemException(
            ProblemTypes.SEARCH_UNAVAILABLE,
            "Search unavailable",
            503,
            "The document index cannot be searched right now; try again later.");
      }
      for (RetrievedChunk chunk : found) {
        Scored scored = new Scored(chunk, chunk.fusedScore() * weight, index);
        merged.merge(chunk.chunkId(), scored, (a, b) -> a.score >= b.score ? a : b);
      }
    }
    List<Scored> kept =
        merged.values().stream()
            .sorted(Comparator.comparingDouble((Scored s) -> -s.score))
            .limit(MAX_EVIDENCE)
            .toList();
    kept.forEach(s -> x.indexOfChunk.put(s.chunk.chunkId(), s.index));
    return kept.stream().map(s -> s.chunk).toList();
  }

  private record Scored(RetrievedChunk chunk, double score, RuntimeConfig.Index index) {}

  /** The tools of the route (all of the workflow's when no route is chosen). */
  private AgentTools tools(
      CompiledWorkflow w, RouteSpec route, List<String> subjects, Set<String> labels, Exchange x) {
    List<io.hubia.api.v1alpha1.spec.ToolSpec> tools =
        route == null
            ? w.spec.getTools()
            : w.spec.getTools().stream()
                .filter(t -> route.getTools().contains(t.getName()))
                .toList();
    return tools.isEmpty() ? AgentTools.none() : build(w, tools, subjects, labels, x);
  }

  private AgentTools build(
      CompiledWorkflow w,
      List<io.hubia.api.v1alpha1.spec.ToolSpec> tools,
      List<String> subjects,
      Set<String> labels,
      Exchange x) {
    return new AgentTools(
        tools,
        (indexName, query) -> {
          RuntimeConfig.Index index =
              w.snapshot.config().getIndexes().stream()
                  .filter(i -> i.getName().equals(indexName))
                  .findFirst()
                  .orElse(null);
          String target = index == null ? null : x.target(index);
          if (target == null || labels.isEmpty()) {
            return List.of();
          }
          float[] v = embedder.embedAll(List.of(query)).get(0);
          List<RetrievedChunk> found =
              search
                  .retriever(w.snapshot.config())
                  .retrieve(w.retrievalRequest(index, target, query, v, labels, x.language));
          found.forEach(c -> x.indexOfChunk.putIfAbsent(c.chunkId(), index));
          return found;
        },
        ApprovalToolPolicy.of(w.toolRules.policyFor(subjects), w.approvals, x.resumed),
        w.secrets,
        (hosting, chunk) -> w.modelRules.mayReceive(hosting, chunk.labels()));
  }

  /**
   * Runs an approved tool-call request again, for the caller who asked, with the approved call
   * allowed ({@link ApprovalToolPolicy}); writes its audit event and returns the reply the caller
   * will receive. Nothing is held again: the approval covers the request.
   */
  public AskResponse resume(ApprovalRequest approved) {
    long start = System.nanoTime();
    String traceId = UUID.randomUUID().toString();
    MDC.put("traceId", traceId);
    MDC.put(LogRedaction.MDC_WORKFLOW, approved.workflow());
    try {
      CompiledWorkflow workflow = compile(config.served(approved.workflow()));
      Exchange x =
          new Exchange(
              workflow,
              approved.caller().caller(),
              approved.question(),
              approved.conversationId(),
              traceId,
              start);
      x.resumed = approved;
      x.decisions.add(
          new AuditEvent.Decision(
              "approval", "resumed", approved.id() + " approved by " + approved.decidedBy()));
      AskResponse response = answer(x);
      metrics.finished(workflow.name(), response, Duration.ofNanos(System.nanoTime() - start));
      return response;
    } finally {
      MDC.remove("traceId");
      MDC.remove(LogRedaction.MDC_WORKFLOW);
    }
  }

  /**
   * Writes the audit event of a request that is not a question (an approver's decision, the
   * delivery of a held result): who, what was decided, nothing else. Fail closed like every event.
   *
   * @return the audit id
   */
  public String recordAction(
      String workflowName, Caller actor, AuditEvent.Decision decision, String traceId) {
    CompiledWorkflow w = compile(config.served(workflowName));
    AuditEvent event =
        AuditEvent.builder()
            .served(w.snapshot)
            .occurredAt(clock.instant())
            .subject(actor.subject())
            .claims(actor.claims())
            .model("none")
            .decisions(List.of(decision))
            .latencyMs(0L)
            .traceId(traceId)
            .build();
    return append(w, w.redaction.audit(event, new RedactionTally()));
  }

  /** Holds the request: the model asked for a call the policy allows only once approved. */
  private AskResponse holdToolCall(Exchange x, ToolApprovalRequired held) {
    Map<String, Object> arguments = new LinkedHashMap<>();
    held.arguments()
        .forEach(
            (name, value) ->
                arguments.put(
                    name, x.workflow.redaction.redact(RedactionTarget.Audit, value, x.redactions)));
    Map<String, Object> what = new LinkedHashMap<>();
    what.put(ApprovalToolPolicy.TOOL, held.tool());
    what.put("arguments", arguments);
    what.put(
        ApprovalToolPolicy.ARGUMENTS_SHA256, ApprovalToolPolicy.argumentsHash(held.arguments()));
    // the approver must be able to read what the model had read (ApprovalDesk)
    what.put(ApprovalDesk.SOURCE_LABELS, x.evidence.stream().map(e -> e.chunk().labels()).toList());
    x.decisions.add(new AuditEvent.Decision("tool:" + held.tool(), "HELD", "approval_required"));
    return hold(x, ApprovalRequest.Kind.TOOL, what, "tool_requires_approval", null);
  }

  /** Holds an answer below the policy's confidence threshold for an approver. */
  private AskResponse holdAnswer(
      Exchange x, String text, List<CitationView> sources, double confidence) {
    CompiledWorkflow w = x.workflow;
    String answer = w.redaction.redact(RedactionTarget.Answer, text, x.redactions);
    List<CitationView> citations = w.redactCitations(sources, x.redactions);
    Map<String, Object> what = new LinkedHashMap<>();
    what.put("answer", answer);
    what.put("citations", citations);
    what.put(ApprovalDesk.SOURCE_LABELS, x.cited.stream().map(e -> e.chunk().labels()).toList());
    what.put("confidence", confidence);
    String why = "low_confidence: " + confidence + " < " + w.approvals.minConfidence();
    return hold(x, ApprovalRequest.Kind.ANSWER, what, why, answer);
  }

  private AskResponse hold(
      Exchange x,
      ApprovalRequest.Kind kind,
      Map<String, Object> what,
      String why,
      String heldAnswer) {
    CompiledWorkflow w = x.workflow;
    Instant now = clock.instant();
    ApprovalRequest request =
        new ApprovalRequest(
            UUID.randomUUID(),
            w.snapshot.workflowNamespace(),
            w.name(),
            kind,
            x.caller.subject(),
            HeldCaller.of(x.caller),
            x.question,
            x.conversationId,
            what,
            why,
            x.traceId,
            now,
            now.plus(w.approvals.timeout()),
            w.approvals.onTimeout(),
            ApprovalRequest.Status.PENDING,
            null,
            null,
            null,
            null,
            null);
    approvals.hold(request);
    x.decisions.add(
        new AuditEvent.Decision(
            "approval", "held", kind.value() + " " + request.id() + ": " + why));
    x.step("audit", () -> writeAudit(x, heldAnswer, false, null));
    LOG.infof("Request held for approval: %s %s (%s)", kind.value(), request.id(), why);
    throw new ApprovalPendingException(
        w.name(),
        request.id(),
        kind.value(),
        request.deadline(),
        (kind == ApprovalRequest.Kind.TOOL
                ? "The answer needs a tool call that a person must approve first."
                : "The answer is not certain enough to be given before a person approves it.")
            + " Fetch the result from the Location given once it is decided, before "
            + request.deadline()
            + ".");
  }

  private static List<CitationView> citations(Verification verification) {
    Map<Integer, Double> support = new HashMap<>();
    for (Verification.ClaimCheck claim : verification.claims()) {
      if (claim.kept()) {
        for (Integer n : claim.cited()) {
          support.merge(n, claim.supportScore(), Math::max);
        }
      }
    }
    List<CitationView> views = new ArrayList<>();
    List<Evidence> cited = verification.cited();
    for (int i = 0; i < cited.size(); i++) {
      Evidence e = cited.get(i);
      RetrievedChunk c = e.chunk();
      views.add(
          new CitationView(
              i + 1,
              c.documentId(),
              c.title(),
              c.uri(),
              snippet(c),
              round(support.getOrDefault(e.number(), e.relevance()))));
    }
    return views;
  }

  static String snippet(RetrievedChunk chunk) {
    String text =
        chunk.highlight() == null ? chunk.text() : chunk.highlight().replaceAll("</?em>", "");
    text = text.replaceAll("\\s+", " ").strip();
    return text.length() <= 300 ? text : text.substring(0, 299) + "…";
  }

  private static double round(double value) {
    return Math.round(value * 1000) / 1000.0;
  }

  private void injected(Exchange x, Detection detection) {
    x.decisions.add(detection.decision());
    injectionMetrics.detected(x.workflow.name(), detection);
  }

  /** A question refused as injection: audited as such, then 400, never answered. */
  private AskResponse refuse(Exchange x) {
    x.step("audit", () -> writeAudit(x, null, true, InjectionDefence.QUESTION_REASON));
    throw InjectionDefence.refusal();
  }

  private AskResponse fallback(Exchange x, String reason) {
    String message = FallbackMessages.of(x.workflow.policy.getCitations(), x.language);
    metrics.fallback(x.workflow.name(), reason);
    return reply(x, message, List.of(), true, reason);
  }

  private AskResponse reply(
      Exchange x, String text, List<CitationView> sources, boolean fallback, String reason) {
    return reply(x, text, sources, fallback, reason, null);
  }

  private AskResponse reply(
      Exchange x,
      String text,
      List<CitationView> sources,
      boolean fallback,
      String reason,
      Double confidence) {
    CompiledWorkflow w = x.workflow;
    String answer = w.redaction.redact(RedactionTarget.Answer, text, x.redactions);
    List<CitationView> citations = w.redactCitations(sources, x.redactions);
    String auditId = x.step("audit", () -> writeAudit(x, answer, fallback, reason));
    conversations.add(
        w.name(),
        x.caller.subject(),
        x.conversationId,
        new Turn(
            x.question,
            x.standalone == null ? x.question : x.standalone,
            answer,
            x.cited.stream().map(e -> e.chunk().labels()).toList()));
    return new AskResponse(
        answer, citations, fallback, reason, x.traceId, auditId, confidence, usage(x.usage));
  }

  /** The reply's {@code usage}: null when no model was called. */
  static AskResponse.Usage usage(ModelUsage usage) {
    return usage.calls() == 0
        ? null
        : new AskResponse.Usage(usage.inputTokens(), usage.outputTokens(), usage.calls());
  }

  /** The cited chunks for the audit event, each with the content generation of its index. */
  static List<AuditEvent.Citation> auditCitations(
      List<Evidence> cited, Map<String, RuntimeConfig.Index> indexOfChunk) {
    return cited.stream()
        .map(
            e ->
                new AuditEvent.Citation(
                    e.chunk().documentId(),
                    e.chunk().chunkId(),
                    version(indexOfChunk.get(e.chunk().chunkId()))))
        .toList();
  }

  /**
   * The retrieved chunks for the audit event: the RetrievalIndex each came from (its name in the
   * runtime configuration) and that index's content generation, the version of what was read.
   */
  static List<AuditEvent.Retrieved> auditRetrieved(
      List<Evidence> evidence, Map<String, RuntimeConfig.Index> indexOfChunk) {
    return evidence.stream()
        .map(
            e -> {
              RuntimeConfig.Index index = indexOfChunk.get(e.chunk().chunkId());
              return new AuditEvent.Retrieved(
                  index == null ? null : index.getName(),
                  e.chunk().documentId(),
                  e.chunk().chunkId(),
                  version(index),
                  round(e.relevance()));
            })
        .toList();
  }

  /**
   * The content generation of {@code index}, if known: the chunks carry no version of their own.
   */
  private static String version(RuntimeConfig.Index index) {
    return index == null || index.getContentGeneration() == null
        ? null
        : String.valueOf(index.getContentGeneration());
  }

  private String writeAudit(Exchange x, String answer, boolean fallback, String reason) {
    CompiledWorkflow w = x.workflow;
    long tokensIn = x.usage.inputTokens();
    long tokensOut = x.usage.outputTokens();
    // the tokens this event records, every model call of the request, are those budgets count
    limits.spent(w.limits, x.caller, tokensIn + tokensOut);
    AuditEvent event =
        AuditEvent.builder()
            .served(w.snapshot)
            .occurredAt(x.receivedAt)
            .subject(x.caller.subject())
            .claims(x.caller.claims())
            .question(x.question)
            .answer(answer)
            .fallback(fallback)
            .fallbackReason(reason)
            .citations(auditCitations(x.cited, x.indexOfChunk))
            .retrieved(auditRetrieved(x.evidence, x.indexOfChunk))
            .model(x.answeredBy)
            .tokensIn(tokensIn)
            .tokensOut(tokensOut)
            .decisions(x.decisions)
            .latencyMs(Duration.ofNanos(System.nanoTime() - x.start).toMillis())
            .traceId(x.traceId)
            .build();
    return append(w, w.redaction.audit(event, x.redactions));
  }

  private String append(CompiledWorkflow w, AuditEvent event) {
    try {
      return audit.append(event, w.audit);
    } catch (AuditUnavailableException e) {
      if (w.audit.failClosed()) {
        metrics.auditRefused(w.name());
        throw new ProblemException(
            ProblemTypes.AUDIT_UNAVAILABLE,
            "Audit unavailable",
            503,
            "The answer cannot be recorded in the audit trail, so it is not given. Try again"
                + " later.");
      }
      LOG.errorf(
          "Audit event not written (failClosed: false, answering anyway): %s", e.getMessage());
      return null;
    }
  }
}
