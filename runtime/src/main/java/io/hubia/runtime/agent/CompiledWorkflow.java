package io.hubia.runtime.agent;

import io.hubia.api.config.RuntimeConfig;
import io.hubia.api.v1alpha1.spec.AgentWorkflowSpec;
import io.hubia.api.v1alpha1.spec.Language;
import io.hubia.api.v1alpha1.spec.PolicySetSpec;
import io.hubia.api.v1alpha1.spec.RedactionTarget;
import io.hubia.api.v1alpha1.spec.RouteSpec;
import io.hubia.api.v1alpha1.spec.RoutingStrategy;
import io.hubia.api.v1alpha1.spec.SecretKeyRef;
import io.hubia.runtime.answer.Answerer;
import io.hubia.runtime.answer.CitationSettings;
import io.hubia.runtime.answer.ExtractiveAnswerer;
import io.hubia.runtime.answer.Turn;
import io.hubia.runtime.answer.model.AnswererChain;
import io.hubia.runtime.answer.model.ChatModels;
import io.hubia.runtime.answer.model.ModelRouter;
import io.hubia.runtime.answer.model.QuestionRewriter;
import io.hubia.runtime.api.CitationView;
import io.hubia.runtime.approval.ApprovalRules;
import io.hubia.runtime.audit.AuditOptions;
import io.hubia.runtime.config.ConfigSnapshot;
import io.hubia.runtime.ingest.SecretValues;
import io.hubia.runtime.ingest.embed.Embedder;
import io.hubia.runtime.policy.ModelRules;
import io.hubia.runtime.policy.ReadAccess;
import io.hubia.runtime.policy.ToolRules;
import io.hubia.runtime.policy.injection.InjectionDefence;
import io.hubia.runtime.policy.limits.WorkflowLimits;
import io.hubia.runtime.policy.redaction.LogRedaction;
import io.hubia.runtime.policy.redaction.RedactionMetrics;
import io.hubia.runtime.policy.redaction.RedactionPolicy;
import io.hubia.runtime.policy.redaction.RedactionTally;
import io.hubia.search.retrieve.FusionMode;
import io.hubia.search.retrieve.FusionSettings;
import io.hubia.search.retrieve.RetrievalRequest;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * What a workflow's configuration is compiled into, once per loaded snapshot: read access, router,
 * answerers, thresholds, redaction, injection defence. Immutable; a request uses the one of the
 * snapshot it started with.
 */
final class CompiledWorkflow {
  /** Longest question when the policy sets no limit. */
  static final int DEFAULT_MAX_QUESTION_LENGTH = 4000;

  /** Rewrites follow-ups without a model. */
  private static final QuestionRewriter HEURISTIC_REWRITER = new QuestionRewriter();

  /** Chunks retrieved from an index when its entry sets no topK. */
  static final int DEFAULT_TOP_K = 5;

  /**
   * Fusion of BM25 and k-NN: a BM25-heavy weighted sum, the best measured on PIAF (R@1 0.648 vs
   * 0.637 for BM25 alone with the in-process model; docs/retrieval.md).
   */
  static final FusionSettings FUSION =
      new FusionSettings(FusionMode.WEIGHTED, FusionSettings.DEFAULT_RRF_K, 0.7, 0.3, 50);

  final ConfigSnapshot snapshot;
  final AgentWorkflowSpec spec;
  final PolicySetSpec policy;
  final ReadAccess readAccess;
  final SimilarityRouter router;
  final ModelRouter modelRouter;
  final QuestionRewriter rewriter;
  final Answerer extractive;
  final AnswererChain chain;
  final CitationSettings citations;
  final AuditOptions audit;
  final Language defaultLanguage;
  final int maxQuestionLength;
  final WorkflowLimits limits;
  final Set<String> excludedFlags;
  final InjectionDefence injection;
  final Function<SecretKeyRef, String> secrets;
  final RedactionPolicy redaction;
  final ModelRules modelRules;
  final ToolRules toolRules;
  final ApprovalRules approvals;

  CompiledWorkflow(ConfigSnapshot snapshot, Embedder embedder, RedactionMetrics redactionMetrics) {
    this.snapshot = snapshot;
    RuntimeConfig config = snapshot.config();
    this.spec = config.getWorkflow().getSpec();
    this.policy =
        config.getPolicy().getSpec() == null ? new PolicySetSpec() : config.getPolicy().getSpec();
    this.readAccess = new ReadAccess(policy);
    this.secrets = SecretValues.environment().asFunction();
    this.router =
        spec.getRouting() == null || spec.getRouting().getStrategy() == RoutingStrategy.Single
            ? null
            : new SimilarityRouter(spec.getRouting(), embedder);
    var chatModel = spec.getModel() == null ? null : ChatModels.build(spec.getModel(), secrets);
    this.modelRouter =
        spec.getRouting() != null
                && spec.getRouting().getStrategy() == RoutingStrategy.Model
                && chatModel != null
            ? new ModelRouter(chatModel)
            : null;
    this.rewriter =
        chatModel == null
            ? new QuestionRewriter()
            : new QuestionRewriter(
                chatModel, spec.getPrompts() == null ? null : spec.getPrompts().getRewrite());
    this.extractive = new ExtractiveAnswerer(embedder);
    this.chain =
        spec.getModel() == null
            ? null
            : AnswererChain.of(
                spec.getModel(), spec.getFallbackModels(), secrets, extractive, null);
    this.modelRules = ModelRules.compile(policy.getModels());
    this.toolRules = ToolRules.compile(policy.getToolRules());
    this.approvals = ApprovalRules.compile(policy.getApprovals());
    this.citations = CitationSettings.from(policy.getCitations());
    this.audit = AuditOptions.from(policy.getAudit());
    this.defaultLanguage =
        spec.getPrompts() == null || spec.getPrompts().getDefaultLanguage() == null
            ? Language.FR
            : spec.getPrompts().getDefaultLanguage();
    this.maxQuestionLength =
        policy.getLimits() == null || policy.getLimits().getMaxQuestionLength() == null
            ? DEFAULT_MAX_QUESTION_LENGTH
            : policy.getLimits().getMaxQuestionLength();
    this.limits = WorkflowLimits.of(config);
    this.injection = InjectionDefence.compile(policy.getInjection());
    this.excludedFlags = injection.excludedFlags();
    this.redaction =
        RedactionPolicy.compile(snapshot.workflowName(), policy.getRedaction(), redactionMetrics);
    // log records are redacted process-wide, by the policy of the workflow they were logged for
    LogRedaction.register(redaction);
  }

  String name() {
    return snapshot.workflowName();
  }

  /** The indexes a route reads (all of the workflow's when the route names none). */
  List<RuntimeConfig.Index> indexes(RouteSpec route) {
    List<RuntimeConfig.Index> all = snapshot.config().getIndexes();
    if (route == null || route.getIndexes() == null || route.getIndexes().isEmpty()) {
      return all;
    }
    return all.stream().filter(i -> route.getIndexes().contains(i.getName())).toList();
  }

  /** The alias of an index: from the rendered status, else its name's convention. */
  String alias(RuntimeConfig.Index index) {
    return SearchClients.alias(snapshot.config(), index);
  }

  /**
   * The one retrieval request of this workflow, for the question's retrieval and for IndexLookup
   * tools alike: only chunks with a label the caller may read, never chunks with an excluded flag.
   * No other path reads the indexes, so no answer can quote a chunk the caller may not read.
   */
  RetrievalRequest retrievalRequest(
      RuntimeConfig.Index index,
      String query,
      float[] vector,
      Set<String> readableLabels,
      Language language) {
    return retrievalRequest(index, alias(index), query, vector, readableLabels, language);
  }

  /**
   * {@link #retrievalRequest(RuntimeConfig.Index, String, float[], Set, Language)} searching {@code
   * target} (the index's alias, or its evaluation shadow index) with everything else unchanged.
   */
  RetrievalRequest retrievalRequest(
      RuntimeConfig.Index index,
      String target,
      String query,
      float[] vector,
      Set<String> readableLabels,
      Language language) {
    return new RetrievalRequest(
        List.of(target),
        query,
        vector,
        readableLabels,
        excludedFlags,
        index.getTopK() == null ? DEFAULT_TOP_K : index.getTopK(),
        language,
        FUSION);
  }

  /** The system prompt of a route, else of the workflow. */
  String systemPrompt(RouteSpec route) {
    if (route != null && route.getSystemPrompt() != null) {
      return route.getSystemPrompt();
    }
    return spec.getPrompts() == null ? null : spec.getPrompts().getSystem();
  }

  /**
   * The conversation the caller sent (OpenAI-compatible endpoint), redacted as the question is: all
   * of it is the caller's text on its way to the model. {@code null} stays {@code null}.
   */
  List<Turn> redactHistory(List<Turn> history, RedactionTally tally) {
    if (history == null || !redaction.applies(RedactionTarget.Question)) {
      return history;
    }
    return history.stream().map(t -> t == null ? null : redactTurn(t, tally)).toList();
  }

  private Turn redactTurn(Turn turn, RedactionTally tally) {
    String question = redaction.redact(RedactionTarget.Question, turn.question(), tally);
    String standalone =
        java.util.Objects.equals(turn.standaloneQuestion(), turn.question())
            ? question
            : redaction.redact(RedactionTarget.Question, turn.standaloneQuestion(), tally);
    return new Turn(
        question,
        standalone,
        redaction.redact(RedactionTarget.Question, turn.answer(), tally),
        turn.sourceLabels());
  }

  /**
   * The rewriter for a follow-up with {@code history}: the model's when it may receive the sources
   * of the earlier answers it would be sent (policy model rules), else the heuristic rewriter,
   * which sends nothing anywhere.
   */
  QuestionRewriter rewriterFor(List<Turn> history) {
    if (spec.getModel() == null || history == null || history.isEmpty()) {
      return rewriter;
    }
    List<List<String>> sources =
        history.stream().filter(t -> t != null).flatMap(t -> t.sourceLabels().stream()).toList();
    return modelRules.allows(spec.getModel().getHosting(), modelRules.sensitivityOfContext(sources))
        ? rewriter
        : HEURISTIC_REWRITER;
  }

  /** The reply's citations, titles and snippets redacted when the answer is. */
  List<CitationView> redactCitations(List<CitationView> citations, RedactionTally tally) {
    if (!redaction.applies(RedactionTarget.Answer)) {
      return citations;
    }
    return citations.stream()
        .map(
            c ->
                new CitationView(
                    c.id(),
                    c.documentId(),
                    redaction.redact(RedactionTarget.Answer, c.title(), tally),
                    c.uri(),
                    redaction.redact(RedactionTarget.Answer, c.snippet(), tally),
                    c.score()))
        .toList();
  }

  Optional<RouteSpec> route(String name) {
    return router == null ? Optional.empty() : router.named(name);
  }
}
