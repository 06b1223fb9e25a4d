package io.hubia.operator.workflow;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.hubia.api.check.WorkflowSpecValidator;
import io.hubia.api.config.ModelEndpoints;
import io.hubia.api.config.RenderedConfig;
import io.hubia.api.config.RuntimeConfigRenderer;
import io.hubia.api.v1alpha1.AgentWorkflow;
import io.hubia.api.v1alpha1.PolicySet;
import io.hubia.api.v1alpha1.RetrievalIndex;
import io.hubia.api.v1alpha1.spec.IndexRef;
import io.hubia.api.v1alpha1.status.AgentWorkflowStatus;
import io.hubia.operator.OperatorSettings;
import io.hubia.operator.events.Reason;
import io.hubia.operator.status.ConditionType;
import io.hubia.operator.status.StatusTransitions;
import io.hubia.operator.status.StatusWriter;
import io.hubia.operator.workflow.audit.AuditHealthReader;
import io.hubia.operator.workflow.audit.AuditHealthStatus;
import io.hubia.operator.workflow.dependent.AuditRetentionCronJobDependent;
import io.hubia.operator.workflow.dependent.AuditRetentionNetworkPolicyDependent;
import io.hubia.operator.workflow.dependent.AuditRetentionScheduled;
import io.hubia.operator.workflow.dependent.ConfigMapDependent;
import io.hubia.operator.workflow.dependent.DeploymentDependent;
import io.hubia.operator.workflow.dependent.DesiredStateInputs;
import io.hubia.operator.workflow.dependent.KeysOnlySecretStore;
import io.hubia.operator.workflow.dependent.MultipleReplicas;
import io.hubia.operator.workflow.dependent.NetworkPolicyDependent;
import io.hubia.operator.workflow.dependent.PodDisruptionBudgetDependent;
import io.hubia.operator.workflow.dependent.ServiceAccountDependent;
import io.hubia.operator.workflow.dependent.ServiceDependent;
import io.hubia.operator.workflow.dependent.ServiceMonitorDependent;
import io.hubia.operator.workflow.dependent.ServingRevisionChosen;
import io.hubia.operator.workflow.desired.AgentLabels;
import io.hubia.operator.workflow.desired.DesiredAuditRetention;
import io.hubia.operator.workflow.desired.DesiredDeployment;
import io.hubia.operator.workflow.evaluation.EvaluationMetrics;
import io.hubia.operator.workflow.evaluation.EvaluationNames;
import io.hubia.operator.workflow.evaluation.EvaluationStatusUpdate;
import io.hubia.operator.workflow.evaluation.EvaluationTarget;
import io.hubia.operator.workflow.evaluation.Evaluations;
import io.hubia.operator.workflow.evaluation.ServingRevision;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.Workflow;
import io.javaoperatorsdk.operator.api.reconciler.dependent.Dependent;
import io.javaoperatorsdk.operator.processing.dependent.workflow.CRDPresentActivationCondition;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns an AgentWorkflow into running agent pods. The pass validates the spec, checks that every
 * model has a server (its endpoint or the operator's default), resolves its references, renders the
 * runtime configuration, runs the dependents (ConfigMap, ServiceAccount, Deployment, Service,
 * NetworkPolicy, PodDisruptionBudget, ServiceMonitor, and the audit retention CronJob with its
 * NetworkPolicy when the policy sets retentionDays) and aggregates status. With a bad spec or a
 * broken reference nothing is changed: the running revision keeps serving and status says why the
 * new one is not applied. Once pods are available, the pass also reads the runtime's audit health
 * ({@link AuditHealthReader}) into {@code status.audit} and the AuditHealthy condition, and comes
 * back every {@link #AUDIT_REFRESH} (by default) to read it again.
 */
@ControllerConfiguration(name = AgentWorkflowReconciler.NAME)
@Workflow(
    explicitInvocation = true,
    dependents = {
      @Dependent(
          name = "config",
          type = ConfigMapDependent.class,
          reconcilePrecondition = ServingRevisionChosen.class),
      @Dependent(name = "service-account", type = ServiceAccountDependent.class),
      @Dependent(
          name = "deployment",
          type = DeploymentDependent.class,
          dependsOn = {"config", "service-account"},
          reconcilePrecondition = ServingRevisionChosen.class),
      @Dependent(name = "service", type = ServiceDependent.class),
      @Dependent(name = "network-policy", type = NetworkPolicyDependent.class),
      @Dependent(
          name = "disruption-budget",
          type = PodDisruptionBudgetDependent.class,
          reconcilePrecondition = MultipleReplicas.class),
      @Dependent(
          name = "service-monitor",
          type = ServiceMonitorDependent.class,
          activationCondition = CRDPresentActivationCondition.class),
      @Dependent(
          name = "audit-retention",
          type = AuditRetentionCronJobDependent.class,
          reconcilePrecondition = AuditRetentionScheduled.class),
      @Dependent(
          name = "audit-retention-network-policy",
          type = AuditRetentionNetworkPolicyDependent.class,
          reconcilePrecondition = AuditRetentionScheduled.class)
    })
public class AgentWorkflowReconciler implements Reconciler<AgentWorkflow> {
  /** Controller name, also used in metrics. */
  public static final String NAME = "agentworkflow";

  /** Status fields this controller writes. */
  static final List<String> OWNED_STATUS =
      List.of(
          "observedGeneration",
          "conditions",
          "endpoint",
          "activeRevision",
          "readyReplicas",
          "policyGeneration",
          "candidateRevision",
          "evaluation",
          "audit");

  /**
   * How often, by default, the audit health of a running workflow is read again without any other
   * change.
   */
  public static final Duration AUDIT_REFRESH = Duration.ofMinutes(1);

  /** How often a pass comes back while an evaluation runtime starts or its Job runs. */
  static final Duration EVALUATION_POLL = Duration.ofSeconds(10);

  static final String POLICY_INDEX = "hubia.io/policy-ref";
  static final String INDEX_INDEX = "hubia.io/index-ref";
  static final String SECRET_INDEX = "hubia.io/secret-ref";
  private static final String POLICIES = "policysets";
  private static final String INDEXES = "retrievalindexes";
  private static final String SECRETS = "secrets";
  private static final String EVALUATION_JOBS = "evaluation-jobs";
  private static final String EVALUATION_RUNTIMES = "evaluation-runtimes";
  private static final String RETENTION_TOPIC = "audit-retention";
  private static final Logger LOG = LoggerFactory.getLogger(AgentWorkflowReconciler.class);

  private final OperatorSettings settings;
  private final StatusTransitions transitions;
  private final AuditHealthReader auditHealth;
  private final Duration auditRefresh;
  private final Evaluations evaluations;
  private final EvaluationMetrics evaluationMetrics;
  private final Clock clock;
  private volatile io.javaoperatorsdk.operator.api.reconciler.IndexedResourceCache<AgentWorkflow>
      workflows;

  /**
   * @param auditHealth reads a running workflow's audit health
   * @param auditRefresh how often to read it again when nothing else happens
   * @param evaluationMetrics where evaluation scores are published
   */
  public AgentWorkflowReconciler(
      OperatorSettings settings,
      StatusTransitions transitions,
      AuditHealthReader auditHealth,
      Duration auditRefresh,
      EvaluationMetrics evaluationMetrics,
      Clock clock) {
    this.settings = settings;
    this.transitions = transitions;
    this.auditHealth = auditHealth;
    this.auditRefresh = auditRefresh;
    this.evaluations = new Evaluations(settings, evaluationMetrics);
    this.evaluationMetrics = evaluationMetrics;
    this.clock = clock;
  }

  @Override
  public UpdateControl<AgentWorkflow> reconcile(
      AgentWorkflow workflow, Context<AgentWorkflow> context) {
    Instant now = clock.instant();
    LOG.debug("Reconciling generation {}", workflow.getMetadata().getGeneration());
    AgentWorkflowStatus next;
    boolean running = false;
    Evaluations.Step evaluation = null;
    List<String> problems = WorkflowSpecValidator.validate(workflow.getSpec());
    List<String> withoutEndpoint =
        ModelEndpoints.missing(workflow.getSpec(), settings.modelEndpoint());
    if (!problems.isEmpty()) {
      next = AgentWorkflowStatusAggregator.invalidSpec(workflow, problems, now);
    } else if (!withoutEndpoint.isEmpty()) {
      next = AgentWorkflowStatusAggregator.modelEndpointMissing(workflow, withoutEndpoint, now);
    } else {
      ReferenceCheck check =
          ReferenceResolver.resolve(workflow, lookup(context), settings.platformSecrets());
      if (check instanceof ReferenceCheck.Unresolved unresolved) {
        next = AgentWorkflowStatusAggregator.unresolved(workflow, unresolved, now);
      } else {
        ResolvedReferences references = ((ReferenceCheck.Resolved) check).references();
        RenderedConfig latest =
            RuntimeConfigRenderer.render(
                workflow, references.policy(), references.indexes(), settings.platform());
        evaluation = evaluations.step(workflow, latest, context.getClient(), now);
        Optional<ConfigMap> servingConfig = servingConfig(workflow, context);
        Optional<RenderedConfig> serving =
            ServingRevision.choose(workflow, latest, evaluation.status(), servingConfig);
        reportPromotion(workflow, latest, serving, servingConfig);
        new DesiredStateInputs(serving.orElse(latest), serving.isPresent(), settings)
            .putInto(context);
        context
            .managedWorkflowAndDependentResourceContext()
            .reconcileManagedWorkflow()
            .throwAggregateExceptionIfErrorsPresent();
        reportUnscheduledRetention(workflow, references.policy());
        var deployment = servingDeployment(workflow, context);
        DeploymentRollout rollout =
            deployment.isPresent()
                ? DeploymentRollout.of(deployment)
                : new DeploymentRollout(
                    DesiredDeployment.replicas(workflow),
                    0,
                    0,
                    false,
                    serving.orElse(latest).hash());
        running = rollout.available() > 0;
        AuditHealthReader.Reading reading = running ? auditHealth.read(workflow) : null;
        next =
            AgentWorkflowStatusAggregator.deployed(
                workflow,
                rollout,
                references.policy().getMetadata().getGeneration(),
                AuditHealthStatus.of(
                    workflow,
                    reading,
                    workflow.getStatus() == null ? null : workflow.getStatus().getAudit()),
                now);
        EvaluationStatusUpdate.apply(next, workflow, evaluation, latest, serving, now);
      }
    }
    UpdateControl<AgentWorkflow> control = statusUpdate(workflow, next, context);
    forgetDeletedWorkflows();
    return reschedule(control, running, evaluation);
  }

  /** Drops the evaluation gauges of deleted workflows (no pass runs for a deleted workflow). */
  private void forgetDeletedWorkflows() {
    var cache = workflows;
    if (cache != null) {
      evaluationMetrics.retain((ns, name) -> cache.get(new ResourceID(name, ns)).isPresent());
    }
  }

  /**
   * Comes back for the audit health while pods run, soon while an evaluation is under way, and when
   * the evaluation schedule next comes due; the soonest wins.
   */
  private UpdateControl<AgentWorkflow> reschedule(
      UpdateControl<AgentWorkflow> control, boolean running, Evaluations.Step evaluation) {
    Optional<Duration> after = running ? Optional.of(auditRefresh) : Optional.empty();
    if (evaluation != null && evaluation.running()) {
      after = Optional.of(min(after, EVALUATION_POLL));
    }
    if (evaluation != null && evaluation.untilScheduled().isPresent()) {
      after = Optional.of(min(after, evaluation.untilScheduled().get().plusSeconds(1)));
    }
    return after.map(control::rescheduleAfter).orElse(control);
  }

  private static Duration min(Optional<Duration> current, Duration other) {
    return current.filter(c -> c.compareTo(other) <= 0).orElse(other);
  }

  /** The serving ConfigMap, among the ConfigMaps the config dependent watches. */
  private static Optional<ConfigMap> servingConfig(
      AgentWorkflow workflow, Context<AgentWorkflow> context) {
    String name = AgentLabels.configMapName(workflow);
    return context.getSecondaryResources(ConfigMap.class).stream()
        .filter(c -> name.equals(c.getMetadata().getName()))
        .findFirst();
  }

  private static Optional<Deployment> servingDeployment(
      AgentWorkflow workflow, Context<AgentWorkflow> context) {
    String name = AgentLabels.name(workflow);
    return context.getSecondaryResources(Deployment.class).stream()
        .filter(d -> name.equals(d.getMetadata().getName()))
        .findFirst();
  }

  /** With a gate, says once per revision when a revision that passed starts serving. */
  private void reportPromotion(
      AgentWorkflow workflow,
      RenderedConfig latest,
      Optional<RenderedConfig> serving,
      Optional<ConfigMap> servingConfig) {
    if (!ServingRevision.gated(workflow)
        || serving.isEmpty()
        || !serving.get().hash().equals(latest.hash())
        || servingConfig.map(c -> latest.hash().equals(ServingRevision.hashOf(c))).orElse(false)) {
      return;
    }
    String revision = EvaluationTarget.shortOf(latest.hash());
    transitions.reportOnce(
        workflow,
        "promotion-" + revision,
        Reason.Promoted,
        "Revision "
            + revision
            + " passed its evaluation and now serves"
            + servingConfig
                .map(
                    c ->
                        ", replacing revision "
                            + EvaluationTarget.shortOf(ServingRevision.hashOf(c)))
                .orElse(""));
    evaluationMetrics.promoted(workflow);
  }

  /**
   * A policy asks for audit retention but the operator names no retention Secret: said once (log
   * and Warning Event) per workflow while this operator runs, and again if it comes back.
   */
  private void reportUnscheduledRetention(AgentWorkflow workflow, PolicySet policy) {
    if (DesiredAuditRetention.requested(policy) && settings.auditRetentionSecretName() == null) {
      transitions.reportOnce(
          workflow,
          RETENTION_TOPIC,
          Reason.AuditRetentionNotScheduled,
          "PolicySet "
              + policy.getMetadata().getName()
              + " sets audit.retentionDays but the operator has no HUBIA_AUDIT_RETENTION_SECRET:"
              + " no retention CronJob, audit events are not purged");
    } else {
      transitions.forget(workflow, RETENTION_TOPIC);
    }
  }

  @Override
  public ErrorStatusUpdateControl<AgentWorkflow> updateErrorStatus(
      AgentWorkflow workflow, Context<AgentWorkflow> context, Exception error) {
    LOG.warn("Reconciliation failed, will retry: {}", error.toString());
    AgentWorkflowStatus next =
        AgentWorkflowStatusAggregator.error(workflow, error, clock.instant());
    if (Objects.equals(workflow.getStatus(), next)) {
      return ErrorStatusUpdateControl.noStatusUpdate();
    }
    var previous = conditionsOf(workflow);
    workflow.setStatus(next);
    try {
      StatusWriter.write(context.getClient(), workflow, next, OWNED_STATUS);
    } catch (RuntimeException e) {
      LOG.warn("Could not write the error status: {}", e.toString());
    }
    // Reported even when the write failed: the Event and the log are then the only signal.
    transitions.report(workflow, previous, next.getConditions());
    return ErrorStatusUpdateControl.noStatusUpdate();
  }

  private UpdateControl<AgentWorkflow> statusUpdate(
      AgentWorkflow workflow, AgentWorkflowStatus next, Context<AgentWorkflow> context) {
    if (Objects.equals(workflow.getStatus(), next)) {
      return UpdateControl.noUpdate();
    }
    var previous = conditionsOf(workflow);
    workflow.setStatus(next);
    StatusWriter.write(context.getClient(), workflow, next, OWNED_STATUS);
    transitions.report(workflow, previous, next.getConditions());
    transitions.report(workflow, previous, next.getConditions(), ConditionType.AuditHealthy);
    transitions.report(workflow, previous, next.getConditions(), ConditionType.Evaluated);
    return UpdateControl.noUpdate();
  }

  private static List<io.hubia.api.v1alpha1.status.Condition> conditionsOf(AgentWorkflow workflow) {
    return AgentWorkflowStatusAggregator.previousConditions(workflow);
  }

  @Override
  public List<EventSource<?, AgentWorkflow>> prepareEventSources(
      EventSourceContext<AgentWorkflow> context) {
    var cache = context.getPrimaryCache();
    workflows = cache;
    transitions.trackReadiness(
        "AgentWorkflow", cache, w -> w.getStatus() == null ? null : w.getStatus().getConditions());
    cache.addIndexer(POLICY_INDEX, w -> keys(w, spec -> policyNames(w)));
    cache.addIndexer(INDEX_INDEX, w -> keys(w, spec -> indexNames(w)));
    cache.addIndexer(SECRET_INDEX, w -> keys(w, spec -> secretNames(w, settings)));

    var policies =
        new InformerEventSource<>(
            InformerEventSourceConfiguration.from(PolicySet.class, AgentWorkflow.class)
                .withName(POLICIES)
                .withNamespacesInheritedFromController()
                .withSecondaryToPrimaryMapper(p -> referrers(context, POLICY_INDEX, p))
                .build(),
            context);
    var indexes =
        new InformerEventSource<>(
            InformerEventSourceConfiguration.from(RetrievalIndex.class, AgentWorkflow.class)
                .withName(INDEXES)
                .withNamespacesInheritedFromController()
                .withSecondaryToPrimaryMapper(i -> referrers(context, INDEX_INDEX, i))
                .build(),
            context);
    var secrets =
        new InformerEventSource<>(
            InformerEventSourceConfiguration.from(Secret.class, AgentWorkflow.class)
                .withName(SECRETS)
                .withNamespacesInheritedFromController()
                .withItemStore(new KeysOnlySecretStore())
                .withSecondaryToPrimaryMapper(s -> referrers(context, SECRET_INDEX, s))
                .build(),
            context);
    // The evaluation runtime becoming available and its Job finishing bring the workflow back.
    var evaluationRuntimes =
        new InformerEventSource<>(
            InformerEventSourceConfiguration.from(Deployment.class, AgentWorkflow.class)
                .withName(EVALUATION_RUNTIMES)
                .withNamespacesInheritedFromController()
                .withLabelSelector(EvaluationNames.LABEL)
                .withSecondaryToPrimaryMapper(AgentWorkflowReconciler::evaluated)
                .build(),
            context);
    var evaluationJobs =
        new InformerEventSource<>(
            InformerEventSourceConfiguration.from(Job.class, AgentWorkflow.class)
                .withName(EVALUATION_JOBS)
                .withNamespacesInheritedFromController()
                .withLabelSelector(EvaluationNames.LABEL)
                .withSecondaryToPrimaryMapper(AgentWorkflowReconciler::evaluated)
                .build(),
            context);
    return List.of(policies, indexes, secrets, evaluationRuntimes, evaluationJobs);
  }

  /** The workflow an evaluation object belongs to, from its label. */
  private static Set<ResourceID> evaluated(HasMetadata object) {
    return Set.of(
        new ResourceID(
            object.getMetadata().getLabels().get(EvaluationNames.LABEL),
            object.getMetadata().getNamespace()));
  }

  private static Set<ResourceID> referrers(
      EventSourceContext<AgentWorkflow> context, String index, HasMetadata referenced) {
    String key = key(referenced.getMetadata().getNamespace(), referenced.getMetadata().getName());
    return context.getPrimaryCache().byIndex(index, key).stream()
        .map(ResourceID::fromResource)
        .collect(Collectors.toSet());
  }

  private static List<String> keys(
      AgentWorkflow workflow, Function<AgentWorkflow, List<String>> names) {
    if (workflow.getSpec() == null) {
      return List.of();
    }
    String namespace = workflow.getMetadata().getNamespace();
    return names.apply(workflow).stream().map(n -> key(namespace, n)).toList();
  }

  private static List<String> policyNames(AgentWorkflow workflow) {
    var ref = workflow.getSpec().getPolicyRef();
    return ref == null || ref.getName() == null ? List.of() : List.of(ref.getName());
  }

  private static List<String> indexNames(AgentWorkflow workflow) {
    return workflow.getSpec().getIndexes().stream().map(IndexRef::getName).toList();
  }

  private static List<String> secretNames(AgentWorkflow workflow, OperatorSettings settings) {
    return java.util.stream.Stream.concat(
            settings.platformSecrets().stream(),
            RuntimeConfigRenderer.secretRefs(workflow.getSpec()).stream())
        .map(r -> r.getName())
        .distinct()
        .toList();
  }

  private static String key(String namespace, String name) {
    return namespace + "/" + name;
  }

  private static ReferenceLookup lookup(Context<AgentWorkflow> context) {
    var retriever = context.eventSourceRetriever();
    return new ReferenceLookup() {
      @Override
      public Optional<PolicySet> policySet(String namespace, String name) {
        return find(retriever.getEventSourceFor(PolicySet.class, POLICIES), namespace, name);
      }

      @Override
      public Optional<RetrievalIndex> retrievalIndex(String namespace, String name) {
        return find(retriever.getEventSourceFor(RetrievalIndex.class, INDEXES), namespace, name);
      }

      @Override
      public Optional<Secret> secret(String namespace, String name) {
        return find(retriever.getEventSourceFor(Secret.class, SECRETS), namespace, name);
      }
    };
  }

  @SuppressWarnings("unchecked")
  private static <R extends HasMetadata> Optional<R> find(
      EventSource<R, AgentWorkflow> source, String namespace, String name) {
    return ((InformerEventSource<R, AgentWorkflow>) source).get(new ResourceID(name, namespace));
  }
}
