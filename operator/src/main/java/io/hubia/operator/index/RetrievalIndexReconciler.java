package io.hubia.operator.index;

import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.hubia.api.v1alpha1.AgentWorkflow;
import io.hubia.api.v1alpha1.RetrievalIndex;
import io.hubia.api.v1alpha1.spec.IndexRef;
import io.hubia.api.v1alpha1.status.RetrievalIndexStatus;
import io.hubia.operator.events.Reason;
import io.hubia.operator.status.ConditionType;
import io.hubia.operator.status.Conditions;
import io.hubia.operator.status.StatusTransitions;
import io.hubia.operator.status.StatusWriter;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Validates RetrievalIndexes, names their alias and reports which AgentWorkflows read them. An
 * index is Ready once its spec is valid and a sync has succeeded; sync results (counts, physical
 * index, last sync) are written into status by the ingestion job and kept here.
 */
// Not generation-aware: the ingestion job reports sync results in status, which decide Ready.
@ControllerConfiguration(
    name = RetrievalIndexReconciler.NAME,
    generationAwareEventProcessing = false)
public class RetrievalIndexReconciler implements Reconciler<RetrievalIndex> {
  /** Controller name, also used in metrics. */
  public static final String NAME = "retrievalindex";

  /** Status fields this controller writes; sync results belong to the ingestion job. */
  static final List<String> OWNED_STATUS =
      List.of("observedGeneration", "conditions", "alias", "usedBy");

  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
  private final StatusTransitions transitions;
  private final Clock clock;

  public RetrievalIndexReconciler(StatusTransitions transitions, Clock clock) {
    this.transitions = transitions;
    this.clock = clock;
  }

  /** The OpenSearch alias of an index; namespaces hold no dots, so aliases never collide. */
  public static String alias(RetrievalIndex index) {
    return "hubia." + index.getMetadata().getNamespace() + "." + index.getMetadata().getName();
  }

  @Override
  public UpdateControl<RetrievalIndex> reconcile(
      RetrievalIndex index, Context<RetrievalIndex> context) {
    List<String> problems = RetrievalIndexValidator.validate(index.getSpec());
    RetrievalIndexStatus next =
        index.getStatus() == null
            ? new RetrievalIndexStatus()
            : SERIALIZATION.clone(index.getStatus());
    long generation = index.getMetadata().getGeneration();
    next.setObservedGeneration(generation);
    next.setAlias(alias(index));
    next.setUsedBy(
        context.getSecondaryResources(AgentWorkflow.class).stream()
            .map(w -> w.getMetadata().getName())
            .sorted()
            .limit(100)
            .toList());
    var previous = index.getStatus() == null ? null : index.getStatus().getConditions();
    Conditions conditions = Conditions.from(previous, generation, clock.instant());
    if (!problems.isEmpty()) {
      String message = "Fix the spec: " + String.join("; ", problems);
      conditions
          .set(ConditionType.Ready, false, Reason.InvalidSpec.name(), message)
          .set(ConditionType.SpecValid, false, Reason.InvalidSpec.name(), message);
    } else {
      conditions.set(ConditionType.SpecValid, true, Reason.Valid.name(), "The spec is valid");
      if (next.getLastSuccessfulSyncTime() == null || next.getIndexName() == null) {
        String message = "No successful sync yet: the index holds no content";
        conditions
            .set(ConditionType.Ready, false, Reason.NotSynced.name(), message)
            .set(ConditionType.Synced, false, Reason.NotSynced.name(), message);
      } else {
        String message =
            next.getDocuments()
                + " documents, "
                + next.getChunks()
                + " chunks in "
                + next.getIndexName();
        conditions
            .set(ConditionType.Ready, true, Reason.Ready.name(), message)
            .set(
                ConditionType.Synced,
                true,
                Reason.Ready.name(),
                "Last successful sync " + next.getLastSuccessfulSyncTime());
      }
    }
    next.setConditions(conditions.build());
    if (Objects.equals(index.getStatus(), next)) {
      return UpdateControl.noUpdate();
    }
    index.setStatus(next);
    StatusWriter.write(context.getClient(), index, next, OWNED_STATUS);
    transitions.report(index, previous, next.getConditions());
    return UpdateControl.noUpdate();
  }

  @Override
  public List<EventSource<?, RetrievalIndex>> prepareEventSources(
      EventSourceContext<RetrievalIndex> context) {
    var workflows =
        new InformerEventSource<>(
            InformerEventSourceConfiguration.from(AgentWorkflow.class, RetrievalIndex.class)
                .withName("reading-workflows")
                .withNamespacesInheritedFromController()
                .withSecondaryToPrimaryMapper(RetrievalIndexReconciler::readIndexes)
                .build(),
            context);
    return List.of(workflows);
  }

  private static Set<ResourceID> readIndexes(AgentWorkflow workflow) {
    if (workflow.getSpec() == null) {
      return Set.of();
    }
    return workflow.getSpec().getIndexes().stream()
        .map(IndexRef::getName)
        .map(name -> new ResourceID(name, workflow.getMetadata().getNamespace()))
        .collect(Collectors.toSet());
  }
}
