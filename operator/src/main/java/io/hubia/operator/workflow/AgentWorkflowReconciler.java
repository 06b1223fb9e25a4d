package io.hubia.operator.workflow;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.hubia.api.check.WorkflowSpecValidator;
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
import io.hubia.operator.workflow.desired.DesiredAuditRetention;
import io.hubia.operator.workflow.desired.DesiredDeployment;
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
 * Turns an AgentWorkflow into running agent pods. The pass validates the spec, resolves its
 * references, renders the runtime configuration, runs the dependents (ConfigMap, ServiceAccount,
 * Deployment, Service, NetworkPolicy, PodDisruptionBudget, ServiceMonitor, and the audit retention
 * CronJob with its NetworkPolicy when the policy sets retentionDays) and aggregates status. With a
 * bad spec or a broken reference nothing is changed: the running revision keeps serving and status
 * says why the new one is not applied. Once pods are available, the pass also reads the runtime's
 * audit health ({@link AuditHealthReader}) into {@code status.audit} and the AuditHealthy
 * condition, and comes back every {@link #AUDIT_REFRESH} (by default) to read it again.
 */
@ControllerConfiguration(name = AgentWorkflowReconciler.NAME)
@Workflow(
    explicitInvocation = true,
    dependents = {
      @Dependent(name = "config", type = ConfigMapDependent.class),
      @Dependent(name = "service-account", type = ServiceAccountDependent.class),
      @Dependent(
          name = "deployment",
          type = DeploymentDependent.class,
          dependsOn = {"config", "service-account"}),
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

  /** Status fields this controller writes; evaluation belongs to another writer. */
  static final List<String> OWNED_STATUS =
      List.of(
          "observedGeneration",
          "conditions",
          "endpoint",
          "activeRevision",
          "readyReplicas",
          "policyGeneration",
          "audit");

  /**
   * How often, by default, the audit health of a running workflow is read again without any other
   * change.
   */
  public static final Duration AUDIT_REFRESH = Duration.ofMinutes(1);

  static final String POLICY_INDEX = "hubia.io/policy-ref";
  static final String INDEX_INDEX = "hubia.io/index-ref";
  static final String SECRET_INDEX = "hubia.io/secret-ref";
  private static final String POLICIES = "policysets";
  private static final String INDEXES = "retrievalindexes";
  private static final String SECRETS = "secrets";
  private static final String RETENTION_TOPIC = "audit-retention";
  private static final Logger LOG = LoggerFactory.getLogger(AgentWorkflowReconciler.class);

  private final OperatorSettings settings;
  private final StatusTransitions transitions;
  private final AuditHealthReader auditHealth;
  private final Duration auditRefresh;
  private final Clock clock;

  /**
   * @param auditHealth reads a running workflow's audit health
   * @param auditRefresh how often to read it again when nothing else happens
   */
  public AgentWorkflowReconciler(
      OperatorSettings settings,
      StatusTransitions transitions,
      AuditHealthReader auditHealth,
      Duration auditRefresh,
      Clock clock) {
    this.settings = settings;
    this.transitions = transitions;
    this.auditHealth = auditHealth;
    this.auditRefresh = auditRefresh;
    this.clock = clock;
  }

  @Override
  public UpdateControl<AgentWorkflow> reconcile(
      AgentWorkflow workflow, Context<AgentWorkflow> context) {
    Instant now = clock.instant();
    LOG.debug("Reconciling generation {}", workflow.getMetadata().getGeneration());
    AgentWorkflowStatus next;
    boolean running = false;
    List<String> problems = WorkflowSpecValidator.validate(workflow.getSpec());
    if (!problems.isEmpty()) {
      next = AgentWorkflowStatusAggregator.invalidSpec(workflow, problems, now);
    } else {
      ReferenceCheck check =
          ReferenceResolver.resolve(workflow, lookup(context), settings.platformSecrets());
      if (check instanceof ReferenceCheck.Unresolved unresolved) {
        next = AgentWorkflowStatusAggregator.unresolved(workflow, unresolved, now);
      } else {
        ResolvedReferences references = ((ReferenceCheck.Resolved) check).references();
        RenderedConfig rendered =
            RuntimeConfigRenderer.render(
                workflow, references.policy(), references.indexes(), settings.platform());
        new DesiredStateInputs(rendered, settings).putInto(context);
        context
            .managedWorkflowAndDependentResourceContext()
            .reconcileManagedWorkflow()
            .throwAggregateExceptionIfErrorsPresent();
        reportUnscheduledRetention(workflow, references.policy());
        var deployment = context.getSecondaryResource(Deployment.class);
        DeploymentRollout rollout =
            deployment.isPresent()
                ? DeploymentRollout.of(deployment)
                : new DeploymentRollout(
                    DesiredDeployment.replicas(workflow), 0, 0, false, rendered.hash());
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
      }
    }
    UpdateControl<AgentWorkflow> control = statusUpdate(workflow, next, context);
    return running ? control.rescheduleAfter(auditRefresh) : control;
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
    return UpdateControl.noUpdate();
  }

  private static List<io.hubia.api.v1alpha1.status.Condition> conditionsOf(AgentWorkflow workflow) {
    return workflow.getStatus() == null ? List.of() : workflow.getStatus().getConditions();
  }

  @Override
  public List<EventSource<?, AgentWorkflow>> prepareEventSources(
      EventSourceContext<AgentWorkflow> context) {
    var cache = context.getPrimaryCache();
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
    return List.of(policies, indexes, secrets);
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
