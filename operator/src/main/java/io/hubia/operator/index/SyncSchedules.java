package io.hubia.operator.index;

import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.hubia.api.sync.SyncOutcome;
import io.hubia.api.v1alpha1.RetrievalIndex;
import io.hubia.api.v1alpha1.spec.SyncSpec;
import io.hubia.operator.OperatorSettings;
import io.hubia.operator.objects.OwnedObjects;

/**
 * The CronJobs of a RetrievalIndex's schedules: {@code <name>-sync} runs incremental syncs on
 * {@code spec.sync.schedule}, {@code <name>-rebuild} full rebuilds on {@code
 * spec.sync.fullRebuildSchedule}. A schedule removed from the spec deletes its CronJob; {@code
 * suspend} pauses both. A CronJob never starts a sync while its previous one runs (Forbid).
 */
final class SyncSchedules {

  private SyncSchedules() {}

  static String incrementalName(RetrievalIndex index) {
    return SyncJobTemplate.name(index.getMetadata().getName(), "sync");
  }

  static String rebuildName(RetrievalIndex index) {
    return SyncJobTemplate.name(index.getMetadata().getName(), "rebuild");
  }

  /** Creates, updates or deletes both CronJobs to match the spec. */
  static void apply(KubernetesClient client, RetrievalIndex index, OperatorSettings settings) {
    SyncSpec sync = index.getSpec().getSync();
    apply(
        client,
        index,
        incrementalName(index),
        sync == null ? null : sync.getSchedule(),
        SyncOutcome.Mode.Incremental,
        settings);
    apply(
        client,
        index,
        rebuildName(index),
        sync == null ? null : sync.getFullRebuildSchedule(),
        SyncOutcome.Mode.FullRebuild,
        settings);
  }

  private static void apply(
      KubernetesClient client,
      RetrievalIndex index,
      String name,
      String schedule,
      SyncOutcome.Mode mode,
      OperatorSettings settings) {
    if (schedule == null) {
      client
          .batch()
          .v1()
          .cronjobs()
          .inNamespace(index.getMetadata().getNamespace())
          .withName(name)
          .delete();
      return;
    }
    OwnedObjects.apply(client, desired(index, name, schedule, mode, settings));
  }

  static CronJob desired(
      RetrievalIndex index,
      String name,
      String schedule,
      SyncOutcome.Mode mode,
      OperatorSettings settings) {
    SyncSpec sync = index.getSpec().getSync();
    return new CronJobBuilder()
        .withMetadata(SyncJobTemplate.metadata(index, name, mode))
        .withNewSpec()
        .withSchedule(schedule)
        .withSuspend(sync != null && Boolean.TRUE.equals(sync.getSuspend()))
        .withConcurrencyPolicy("Forbid")
        .withStartingDeadlineSeconds(3600L)
        .withSuccessfulJobsHistoryLimit(3)
        .withFailedJobsHistoryLimit(3)
        .withNewJobTemplate()
        .withNewMetadata()
        .withLabels(SyncJobTemplate.labels(index, mode))
        .endMetadata()
        .withSpec(SyncJobTemplate.jobSpec(index, mode, settings))
        .endJobTemplate()
        .endSpec()
        .build();
  }
}
