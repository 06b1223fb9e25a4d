package io.hubia.operator.index;

import static io.hubia.api.sync.IngestionJobContract.LABEL_GENERATION;
import static io.hubia.api.sync.IngestionJobContract.LABEL_INDEX;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.hubia.api.check.RetrievalIndexValidator;
import io.hubia.api.sync.SyncOutcome;
import io.hubia.api.v1alpha1.AgentWorkflow;
import io.hubia.api.v1alpha1.RetrievalIndex;
import io.hubia.api.v1alpha1.spec.IndexRef;
import io.hubia.api.v1alpha1.status.RetrievalIndexStatus;
import io.hubia.operator.OperatorSettings;
import io.hubia.operator.events.EventRecorder;
import io.hubia.operator.events.Reason;
import io.hubia.operator.objects.OwnedObjects;
import io.hubia.operator.status.ConditionType;
import io.hubia.operator.status.Conditions;
import io.hubia.operator.status.StatusTransitions;
import io.hubia.operator.status.StatusWriter;
import io.hubia.operator.workflow.desired.AgentLabels;
import io.hubia.search.index.IndexLayout;
import io.hubia.search.index.IndexLifecycle;
import io.hubia.search.index.IndexMapping;
import io.hubia.search.index.IndexNames;
import io.hubia.search.index.RecordedEmbedding;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reconciles a RetrievalIndex into OpenSearch and sync Jobs.
 *
 * <ol>
 *   <li>Validates the spec; an invalid one stops here (InvalidSpec).
 *   <li>Keeps the schedule CronJobs in line with {@code spec.sync} ({@link SyncSchedules}) and the
 *       sync pods' NetworkPolicy with the hosts the spec names ({@link SyncNetworkPolicy}).
 *   <li>Connects to the index's cluster and makes sure its alias points to a physical index (an
 *       empty one at first, so that readers never fail on a missing index). An unreachable cluster
 *       gives Ready=False/OpenSearchUnreachable and a retry with backoff; the alias is left as it
 *       is.
 *   <li>Applies the results of finished sync Jobs, read from their termination message: counts,
 *       skipped documents, content generation; after a successful full rebuild, points the alias to
 *       the new physical index and deletes the old one. A failed rebuild's index is deleted and the
 *       alias never moves.
 *   <li>Starts a sync Job for a new spec generation, once no other sync of the index runs: a full
 *       rebuild when the spec's {@link IndexLayout} differs from the one the index was created
 *       with, else an incremental sync.
 * </ol>
 *
 * <p>The finalizer deletes the alias and every physical index of the resource.
 */
// Not generation-aware: status written by hand (kubectl, tests) and a Secret fixed under an
// unreachable cluster must be seen; a pass that changes nothing writes nothing.
@ControllerConfiguration(
    name = RetrievalIndexReconciler.NAME,
    generationAwareEventProcessing = false)
public class RetrievalIndexReconciler
    implements Reconciler<RetrievalIndex>, Cleaner<RetrievalIndex> {
  /** Controller name, also used in metrics. */
  public static final String NAME = "retrievalindex";

  /** Status fields this controller writes: all of them. */
  static final List<String> OWNED_STATUS =
      List.of(
          "observedGeneration",
          "conditions",
          "alias",
          "indexName",
          "documents",
          "chunks",
          "skippedDocuments",
          "skipped",
          "lastSyncTime",
          "lastSuccessfulSyncTime",
          "contentGeneration",
          "lastSyncGeneration",
          "lastSyncJob",
          "embeddingModel",
          "usedBy");

  /** Longest wait between retries while OpenSearch is unreachable. */
  static final Duration MAX_BACKOFF = Duration.ofMinutes(5);

  /** First wait after OpenSearch was found unreachable. */
  static final Duration FIRST_BACKOFF = Duration.ofSeconds(5);

  private static final Logger LOG = LoggerFactory.getLogger(RetrievalIndexReconciler.class);
  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  private final OperatorSettings settings;
  private final OpenSearchConnections connections;
  private final StatusTransitions transitions;
  private final EventRecorder events;
  private final SyncMetrics metrics;
  private final Clock clock;
  private final Map<String, Integer> failures = new ConcurrentHashMap<>();

  public RetrievalIndexReconciler(
      OperatorSettings settings,
      OpenSearchConnections connections,
      StatusTransitions transitions,
      EventRecorder events,
      MeterRegistry registry,
      Clock clock) {
    this.settings = settings;
    this.connections = connections;
    this.transitions = transitions;
    this.events = events;
    this.metrics = new SyncMetrics(registry);
    this.clock = clock;
  }

  /** The OpenSearch alias of an index; namespaces hold no dots, so aliases never collide. */
  public static String alias(RetrievalIndex index) {
    return IndexNames.alias(index.getMetadata().getNamespace(), index.getMetadata().getName());
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
    Duration retry = null;
    if (!problems.isEmpty()) {
      String message = "Fix the spec: " + String.join("; ", problems);
      conditions
          .set(ConditionType.Ready, false, Reason.InvalidSpec.name(), message)
          .set(ConditionType.SpecValid, false, Reason.InvalidSpec.name(), message);
    } else {
      conditions.set(ConditionType.SpecValid, true, Reason.Valid.name(), "The spec is valid");
      retry = sync(index, context, next, conditions);
    }
    next.setConditions(conditions.build());
    if (!Objects.equals(index.getStatus(), next)) {
      index.setStatus(next);
      StatusWriter.write(context.getClient(), index, next, OWNED_STATUS);
      transitions.report(index, previous, next.getConditions());
    }
    metrics.record(index, next);
    return retry == null
        ? UpdateControl.noUpdate()
        : UpdateControl.<RetrievalIndex>noUpdate().rescheduleAfter(retry);
  }

  /** Steps 2 to 5; returns when to retry, or null. */
  private Duration sync(
      RetrievalIndex index,
      Context<RetrievalIndex> context,
      RetrievalIndexStatus next,
      Conditions conditions) {
    String uid = index.getMetadata().getUid();
    SyncSchedules.apply(context.getClient(), index, settings);
    String alias = alias(index);
    IndexLayout layout = IndexLayout.of(index.getSpec());
    List<Job> jobs = new ArrayList<>(context.getSecondaryResources(Job.class));
    boolean running = jobs.stream().anyMatch(SyncJobs::active);
    boolean layoutChanged;
    SyncResult result;
    try {
      var endpoint = connections.endpoint(index);
      OwnedObjects.apply(
          context.getClient(), SyncNetworkPolicy.of(index, endpoint.url().toString()));
      IndexLifecycle lifecycle = new IndexLifecycle(connections.client(endpoint));
      Optional<String> current = lifecycle.currentPhysical(alias);
      if (current.isEmpty()) {
        String physical =
            lifecycle.createPhysical(
                alias,
                lifecycle.nextGeneration(alias),
                IndexMapping.of(index.getSpec(), layout.embeddingModel(), layout.dimension()));
        lifecycle.flipAlias(alias, physical);
        LOG.info("Created {} behind alias {}", physical, alias);
        current = Optional.of(physical);
      }
      result = applyFinishedJobs(index, context, lifecycle, jobs, next, alias);
      current = lifecycle.currentPhysical(alias);
      if (!running) {
        Set<String> deleted = lifecycle.deleteUnused(alias, Set.of());
        if (!deleted.isEmpty()) {
          LOG.info("Deleted unused physical indexes {} of {}", deleted, alias);
        }
      }
      Optional<RecordedEmbedding> recorded = lifecycle.recordedModel(alias);
      layoutChanged = recorded.isPresent() && !layout.fingerprint().equals(recorded.get().layout());
      if (current.isPresent() && !layoutChanged) {
        lifecycle.ensureReplicas(current.get(), replicas(index));
      }
      if (next.getIndexName() == null && current.isPresent()) {
        next.setIndexName(current.get());
      }
      failures.remove(uid);
    } catch (OpenSearchConnections.InvalidConnectionException e) {
      conditions.set(
          ConditionType.Ready, false, Reason.OpenSearchConnectionInvalid.name(), e.getMessage());
      return backoff(uid);
    } catch (IOException | RuntimeException e) {
      if (e instanceof KubernetesClientException) {
        throw (KubernetesClientException) e;
      }
      String message =
          "OpenSearch cannot be reached ("
              + describe(e)
              + "); the alias is left as it is and the operator retries";
      conditions.set(ConditionType.Ready, false, Reason.OpenSearchUnreachable.name(), message);
      LOG.warn(
          "{}/{}: {}", index.getMetadata().getNamespace(), index.getMetadata().getName(), message);
      return backoff(uid);
    }

    long generation = index.getMetadata().getGeneration();
    if (!running && !Objects.equals(next.getLastSyncGeneration(), generation)) {
      SyncOutcome.Mode mode =
          layoutChanged ? SyncOutcome.Mode.FullRebuild : SyncOutcome.Mode.Incremental;
      startJob(context, index, mode);
      next.setLastSyncGeneration(generation);
      running = true;
    }
    setSyncConditions(index, next, conditions, result, running);
    return null;
  }

  private void startJob(
      Context<RetrievalIndex> context, RetrievalIndex index, SyncOutcome.Mode mode) {
    long generation = index.getMetadata().getGeneration();
    String name = SyncJobTemplate.name(index.getMetadata().getName(), "g" + generation);
    Job job =
        new JobBuilder()
            .withMetadata(SyncJobTemplate.metadata(index, name, mode))
            .editMetadata()
            .addToLabels(LABEL_GENERATION, String.valueOf(generation))
            .endMetadata()
            .withSpec(SyncJobTemplate.jobSpec(index, mode, settings))
            .build();
    try {
      context.getClient().resource(job).create();
      events.record(
          index,
          Reason.SyncStarted,
          (mode == SyncOutcome.Mode.FullRebuild ? "Full rebuild" : "Incremental sync")
              + " Job "
              + name
              + " started for generation "
              + generation);
    } catch (KubernetesClientException e) {
      if (e.getCode() != 409) {
        throw e;
      }
      LOG.debug("Job {} exists already", name); // started before a status write was lost
    }
  }

  /** What the last applied sync Job gave. */
  private record SyncResult(boolean ok, String message) {}

  /**
   * Applies, oldest first, the finished Jobs that finished after the last one applied; returns the
   * result of the newest, or null when none was new.
   */
  private SyncResult applyFinishedJobs(
      RetrievalIndex index,
      Context<RetrievalIndex> context,
      IndexLifecycle lifecycle,
      List<Job> jobs,
      RetrievalIndexStatus next,
      String alias)
      throws IOException {
    List<Job> finished = SyncJobs.finished(jobs);
    int from = 0;
    for (int i = 0; i < finished.size(); i++) {
      if (finished.get(i).getMetadata().getName().equals(next.getLastSyncJob())) {
        from = i + 1;
      }
    }
    if (next.getLastSyncJob() != null
        && from == 0
        && !finished.isEmpty()
        && finished.stream()
            .noneMatch(j -> j.getMetadata().getName().equals(next.getLastSyncJob()))) {
      from = finished.size() - 1; // the last applied Job is gone: only the newest is new
    }
    SyncResult result = null;
    for (Job job : finished.subList(from, finished.size())) {
      result = apply(index, context, lifecycle, job, next, alias);
      next.setLastSyncJob(job.getMetadata().getName());
    }
    return result;
  }

  private SyncResult apply(
      RetrievalIndex index,
      Context<RetrievalIndex> context,
      IndexLifecycle lifecycle,
      Job job,
      RetrievalIndexStatus next,
      String alias)
      throws IOException {
    String jobName = job.getMetadata().getName();
    SyncOutcome.Mode mode = SyncJobs.mode(job);
    Optional<SyncOutcome> found = SyncJobs.outcome(context.getClient(), job);
    metrics.jobFinished(index, mode, SyncJobs.succeeded(job));
    if (found.isPresent() && found.get().getStartedAt() != null) {
      next.setLastSyncTime(found.get().getStartedAt());
    }
    if (!SyncJobs.succeeded(job) || found.isEmpty() || !found.get().isSucceeded()) {
      String reason = found.map(SyncOutcome::getFailureReason).orElse(null);
      String message = found.map(SyncOutcome::getMessage).orElse(null);
      if (message == null) {
        message =
            SyncJobs.succeeded(job)
                ? "the Job succeeded but left no readable outcome"
                : SyncJobs.failureMessage(job);
      }
      if (mode == SyncOutcome.Mode.FullRebuild && found.isPresent()) {
        dropStaged(lifecycle, alias, found.get().getPhysicalIndex());
      }
      String text =
          "Job "
              + jobName
              + " failed"
              + (reason == null ? "" : " (" + reason + ")")
              + ": "
              + message;
      events.record(index, found.isEmpty() ? Reason.SyncOutcomeMissing : Reason.SyncFailed, text);
      return new SyncResult(false, text);
    }
    SyncOutcome outcome = found.get();
    boolean changed = outcome.isContentChanged();
    if (mode == SyncOutcome.Mode.FullRebuild) {
      String staged = outcome.getPhysicalIndex();
      if (staged == null || !IndexNames.isPhysicalOf(alias, staged)) {
        String text = "Job " + jobName + " reported no physical index of " + alias;
        events.record(index, Reason.SyncFailed, text);
        return new SyncResult(false, text);
      }
      Set<String> deleted = lifecycle.flipAlias(alias, staged);
      events.record(
          index,
          Reason.AliasFlipped,
          "Alias "
              + alias
              + " now points to "
              + staged
              + (deleted.isEmpty() ? "" : "; deleted " + deleted));
    }
    next.setIndexName(outcome.getPhysicalIndex());
    next.setDocuments(outcome.getDocuments());
    next.setChunks(outcome.getChunks());
    next.setSkippedDocuments(outcome.getSkippedDocuments());
    next.setSkipped(outcome.getSkipped());
    next.setEmbeddingModel(outcome.getEmbeddingModel());
    next.setLastSuccessfulSyncTime(outcome.getFinishedAt());
    if (changed || next.getContentGeneration() == null) {
      long before = next.getContentGeneration() == null ? 0 : next.getContentGeneration();
      next.setContentGeneration(changed ? before + 1 : before);
    }
    String result =
        "Job "
            + jobName
            + ": "
            + outcome.getDocuments()
            + " documents, "
            + outcome.getChunks()
            + " chunks, "
            + outcome.getEmbedded()
            + " embedded, "
            + outcome.getDeleted()
            + " deleted, "
            + outcome.getSkippedDocuments()
            + " skipped";
    if (!outcome.getSkippedSources().isEmpty()) {
      result +=
          "; sources not read, their documents kept: "
              + String.join("; ", outcome.getSkippedSources());
    }
    boolean complete = outcome.getSkippedSources().isEmpty();
    events.record(index, complete ? Reason.Synced : Reason.SyncFailed, result);
    return new SyncResult(complete, result);
  }

  private static void dropStaged(IndexLifecycle lifecycle, String alias, String staged)
      throws IOException {
    if (staged != null
        && IndexNames.isPhysicalOf(alias, staged)
        && !lifecycle.aliasTargets(alias).contains(staged)) {
      lifecycle.deleteUnused(alias, Set.of());
    }
  }

  /**
   * Synced tells the result of the last finished sync (kept from the previous pass when no Job
   * finished in this one); Ready tells whether readers get content: True once a sync succeeded,
   * even if a later one failed, as the alias still points to complete content.
   */
  private static void setSyncConditions(
      RetrievalIndex index,
      RetrievalIndexStatus next,
      Conditions conditions,
      SyncResult result,
      boolean running) {
    Optional<io.hubia.api.v1alpha1.status.Condition> before =
        index.getStatus() == null
            ? Optional.empty()
            : Conditions.find(index.getStatus().getConditions(), ConditionType.Synced);
    boolean failed;
    String message;
    if (result != null) {
      failed = !result.ok();
      message = result.message();
      conditions.set(
          ConditionType.Synced,
          result.ok(),
          result.ok() ? Reason.Synced.name() : Reason.SyncFailed.name(),
          message);
    } else if (before.isPresent()
        && (Reason.Synced.name().equals(before.get().getReason())
            || Reason.SyncFailed.name().equals(before.get().getReason()))) {
      failed = Reason.SyncFailed.name().equals(before.get().getReason());
      message = before.get().getMessage();
      conditions.keep(before.get());
    } else {
      failed = false;
      message = running ? "The first sync Job is running" : "No sync has finished yet";
      conditions.set(
          ConditionType.Synced,
          false,
          running ? Reason.SyncRunning.name() : Reason.NotSynced.name(),
          message);
    }
    boolean everSynced = next.getLastSuccessfulSyncTime() != null && next.getIndexName() != null;
    if (everSynced) {
      conditions.set(
          ConditionType.Ready,
          true,
          Reason.Ready.name(),
          next.getDocuments()
              + " documents, "
              + next.getChunks()
              + " chunks in "
              + next.getIndexName()
              + (failed ? " (the last sync failed: see Synced)" : ""));
    } else if (failed) {
      conditions.set(ConditionType.Ready, false, Reason.SyncFailed.name(), message);
    } else {
      conditions.set(
          ConditionType.Ready,
          false,
          Reason.NotSynced.name(),
          running
              ? "The first sync is running: the index holds no content yet"
              : "No successful sync yet: the index holds no content");
    }
  }

  private Duration backoff(String uid) {
    int n = failures.merge(uid, 1, Integer::sum);
    long seconds = FIRST_BACKOFF.toSeconds() << Math.min(n - 1, 10);
    return Duration.ofSeconds(Math.min(seconds, MAX_BACKOFF.toSeconds()));
  }

  private static int replicas(RetrievalIndex index) {
    var os = index.getSpec().getOpensearch();
    return os == null || os.getReplicas() == null
        ? IndexMapping.DEFAULT_REPLICAS
        : os.getReplicas();
  }

  private static String describe(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = root.getMessage();
    return root.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }

  @Override
  public DeleteControl cleanup(RetrievalIndex index, Context<RetrievalIndex> context) {
    String alias = alias(index);
    try {
      Set<String> deleted = new IndexLifecycle(connections.client(index)).deleteAll(alias);
      LOG.info("Deleted alias {} and indexes {}", alias, deleted);
      events.record(
          index, Reason.IndexesDeleted, "Deleted alias " + alias + " and indexes " + deleted);
      failures.remove(index.getMetadata().getUid());
      metrics.forget(index);
      return DeleteControl.defaultDelete();
    } catch (OpenSearchConnections.InvalidConnectionException e) {
      // Nothing can be reached to delete: keeping the finalizer would block the namespace forever.
      events.record(
          index,
          Reason.OpenSearchConnectionInvalid,
          "Indexes of " + alias + " not deleted (" + e.getMessage() + "): delete them by hand");
      metrics.forget(index);
      return DeleteControl.defaultDelete();
    } catch (IOException | RuntimeException e) {
      Duration retry = backoff(index.getMetadata().getUid());
      String message =
          "Cannot delete the indexes of " + alias + " (" + describe(e) + "); retrying in " + retry;
      LOG.warn(message);
      events.record(index, Reason.OpenSearchUnreachable, message);
      return DeleteControl.noFinalizerRemoval().rescheduleAfter(retry);
    }
  }

  @Override
  public List<EventSource<?, RetrievalIndex>> prepareEventSources(
      EventSourceContext<RetrievalIndex> context) {
    transitions.trackReadiness(
        "RetrievalIndex",
        context.getPrimaryCache(),
        i -> i.getStatus() == null ? null : i.getStatus().getConditions());
    var workflows =
        new InformerEventSource<>(
            InformerEventSourceConfiguration.from(AgentWorkflow.class, RetrievalIndex.class)
                .withName("reading-workflows")
                .withNamespacesInheritedFromController()
                .withSecondaryToPrimaryMapper(RetrievalIndexReconciler::readIndexes)
                .build(),
            context);
    var jobs =
        new InformerEventSource<>(
            InformerEventSourceConfiguration.from(Job.class, RetrievalIndex.class)
                .withName("sync-jobs")
                .withNamespacesInheritedFromController()
                .withLabelSelector(AgentLabels.MANAGED_SELECTOR + "," + LABEL_INDEX)
                .withSecondaryToPrimaryMapper(
                    job ->
                        Set.of(
                            new ResourceID(
                                job.getMetadata().getLabels().get(LABEL_INDEX),
                                job.getMetadata().getNamespace())))
                .build(),
            context);
    return List.of(workflows, jobs);
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
