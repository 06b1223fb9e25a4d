package io.hubia.operator.index;

import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.hubia.api.sync.SyncOutcome;
import io.hubia.api.v1alpha1.RetrievalIndex;
import io.hubia.api.v1alpha1.spec.SyncSpec;
import io.hubia.operator.OperatorSettings;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * The CronJobs of a RetrievalIndex's schedules: {@code <name>-sync} runs incremental syncs on
 * {@code spec.sync.schedule}, {@code <name>-rebuild} full rebuilds on {@code
 * spec.sync.fullRebuildSchedule}. A schedule removed from the spec deletes its CronJob; {@code
 * suspend} pauses both. A CronJob never starts a sync while its previous one runs (Forbid). The
 * desired spec's hash is kept in an annotation, so that a CronJob is written only when it changes.
 */
final class SyncSchedules {
  static final String HASH_ANNOTATION = "hubia.io/spec-hash";
  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

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
    var resource =
        client
            .batch()
            .v1()
            .cronjobs()
            .inNamespace(index.getMetadata().getNamespace())
            .withName(name);
    CronJob existing = resource.get();
    if (schedule == null) {
      if (existing != null) {
        resource.delete();
      }
      return;
    }
    CronJob desired = desired(index, name, schedule, mode, settings);
    String hash = hash(desired);
    desired.getMetadata().getAnnotations().put(HASH_ANNOTATION, hash);
    if (existing == null) {
      client.resource(desired).create();
    } else if (existing.getMetadata().getAnnotations() == null
        || !Objects.equals(existing.getMetadata().getAnnotations().get(HASH_ANNOTATION), hash)) {
      desired.getMetadata().setResourceVersion(existing.getMetadata().getResourceVersion());
      client.resource(desired).update();
    }
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
        .editMetadata()
        .withAnnotations(new java.util.LinkedHashMap<>())
        .endMetadata()
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

  private static String hash(CronJob cronJob) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(SERIALIZATION.asJson(cronJob.getSpec()).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest).substring(0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
