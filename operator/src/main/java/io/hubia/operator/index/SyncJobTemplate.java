package io.hubia.operator.index;

import static io.hubia.api.sync.IngestionJobContract.*;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobSpec;
import io.fabric8.kubernetes.api.model.batch.v1.JobSpecBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.hubia.api.sync.SyncOutcome;
import io.hubia.api.v1alpha1.RetrievalIndex;
import io.hubia.api.v1alpha1.spec.Durations;
import io.hubia.api.v1alpha1.spec.RetrievalIndexSpec;
import io.hubia.api.v1alpha1.spec.SecretKeyRef;
import io.hubia.api.v1alpha1.spec.SourceSpec;
import io.hubia.api.v1alpha1.spec.SourceType;
import io.hubia.api.v1alpha1.spec.VolumeKind;
import io.hubia.operator.OperatorSettings;
import io.hubia.operator.objects.OwnedObjects;
import io.hubia.operator.workflow.desired.AgentLabels;
import io.hubia.operator.workflow.desired.EnvVars;
import io.hubia.operator.workflow.desired.OpenSearchCaVolume;
import io.hubia.operator.workflow.desired.TmpVolume;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The Job that runs one sync of a RetrievalIndex: the runtime image with the {@code ingest}
 * command, configured by environment and mounts only ({@link
 * io.hubia.api.sync.IngestionJobContract}). The pod gets no service account token (the result
 * leaves through the termination message), runs non-root on a read-only root filesystem without
 * capabilities, mounts Files volumes read-only and only the Secret keys the spec names.
 * Deterministic failures (exit 2 and 3) fail the Job at once; unreachable dependencies (exit 4) are
 * retried up to {@link #BACKOFF_LIMIT} times.
 */
public final class SyncJobTemplate {
  /** Retries of a failed sync pod. */
  static final int BACKOFF_LIMIT = 3;

  /** Finished Jobs are deleted after a day; their result is already in status. */
  static final int TTL_SECONDS_AFTER_FINISHED = 86_400;

  /** Longest sync when {@code spec.sync.timeout} is not set. */
  static final Duration DEFAULT_TIMEOUT = Duration.ofHours(1);

  static final String CONTAINER = "ingest";
  static final long RUNTIME_UID = 10001;
  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  private SyncJobTemplate() {}

  /** Labels of a sync Job (and of its pods) for {@code index} in {@code mode}. */
  public static Map<String, String> labels(RetrievalIndex index, SyncOutcome.Mode mode) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put("app.kubernetes.io/name", "hubia-ingest");
    labels.put("app.kubernetes.io/instance", index.getMetadata().getName());
    labels.put("app.kubernetes.io/component", "ingestion");
    labels.put("app.kubernetes.io/part-of", "hubia");
    labels.put("app.kubernetes.io/managed-by", AgentLabels.MANAGED_BY);
    labels.put(LABEL_INDEX, index.getMetadata().getName());
    labels.put(LABEL_MODE, mode.name());
    return labels;
  }

  /** Metadata of an object owned by {@code index}, with the sync labels. */
  static ObjectMeta metadata(RetrievalIndex index, String name, SyncOutcome.Mode mode) {
    return new ObjectMetaBuilder()
        .withName(name)
        .withNamespace(index.getMetadata().getNamespace())
        .withLabels(labels(index, mode))
        .withOwnerReferences(OwnedObjects.controllerReference(index))
        .build();
  }

  /** A Kubernetes object name of at most 63 characters ({@link OwnedObjects#name}). */
  static String name(String base, String suffix) {
    return OwnedObjects.name(base, suffix);
  }

  /** The Job spec of a {@code mode} sync of {@code index} at its current generation. */
  public static JobSpec jobSpec(
      RetrievalIndex index, SyncOutcome.Mode mode, OperatorSettings settings) {
    RetrievalIndexSpec spec = index.getSpec();
    Map<String, String> podLabels = labels(index, mode);
    return new JobSpecBuilder()
        .withBackoffLimit(BACKOFF_LIMIT)
        .withActiveDeadlineSeconds(timeout(spec).toSeconds())
        .withTtlSecondsAfterFinished(TTL_SECONDS_AFTER_FINISHED)
        .withNewPodFailurePolicy()
        .addNewRule()
        .withAction("FailJob")
        .withNewOnExitCodes()
        .withContainerName(CONTAINER)
        .withOperator("In")
        .withValues(EXIT_USAGE, EXIT_FAILED)
        .endOnExitCodes()
        .endRule()
        .endPodFailurePolicy()
        .withNewTemplate()
        .withNewMetadata()
        .withLabels(podLabels)
        .endMetadata()
        .withSpec(podSpec(index, mode, settings))
        .endTemplate()
        .build();
  }

  private static PodSpec podSpec(
      RetrievalIndex index, SyncOutcome.Mode mode, OperatorSettings settings) {
    List<Volume> volumes = new ArrayList<>();
    List<VolumeMount> mounts = new ArrayList<>();
    volumes.add(TmpVolume.volume("1Gi"));
    mounts.add(TmpVolume.mount());
    for (SourceSpec source : index.getSpec().getSources()) {
      if (source.getType() != SourceType.Files || source.getFiles() == null) {
        continue;
      }
      String volume = "source-" + source.getName();
      VolumeBuilder builder = new VolumeBuilder().withName(volume);
      if (source.getFiles().getVolumeKind() == VolumeKind.ConfigMap) {
        builder.withNewConfigMap().withName(source.getFiles().getVolumeName()).endConfigMap();
      } else {
        builder
            .withNewPersistentVolumeClaim()
            .withClaimName(source.getFiles().getVolumeName())
            .withReadOnly(true)
            .endPersistentVolumeClaim();
      }
      volumes.add(builder.build());
      mounts.add(
          new VolumeMountBuilder()
              .withName(volume)
              .withMountPath(SOURCES_ROOT + "/" + source.getName())
              .withReadOnly(true)
              .build());
    }
    Map<String, TreeSet<String>> secretKeys = secretKeys(index.getSpec());
    int n = 0;
    for (var entry : secretKeys.entrySet()) {
      String volume = "secret-" + n++;
      volumes.add(
          new VolumeBuilder()
              .withName(volume)
              .withNewSecret()
              .withSecretName(entry.getKey())
              .withDefaultMode(0440)
              .withItems(entry.getValue().stream().map(k -> new KeyToPath(k, null, k)).toList())
              .endSecret()
              .build());
      mounts.add(
          new VolumeMountBuilder()
              .withName(volume)
              .withMountPath(SECRETS_ROOT + "/" + entry.getKey())
              .withReadOnly(true)
              .build());
    }
    String connectionSecret = connectionSecret(index, settings);
    if (connectionSecret != null) {
      volumes.add(OpenSearchCaVolume.volume(connectionSecret));
      mounts.add(OpenSearchCaVolume.mount());
    }
    return new PodSpecBuilder()
        .withRestartPolicy("Never")
        .withAutomountServiceAccountToken(false)
        .withEnableServiceLinks(false)
        .withNewSecurityContext()
        .withRunAsNonRoot(true)
        .withRunAsUser(RUNTIME_UID)
        .withRunAsGroup(RUNTIME_UID)
        .withFsGroup(RUNTIME_UID)
        .withNewSeccompProfile()
        .withType("RuntimeDefault")
        .endSeccompProfile()
        .endSecurityContext()
        .withContainers(container(index, mode, settings, connectionSecret, mounts))
        .withVolumes(volumes)
        .build();
  }

  private static Container container(
      RetrievalIndex index,
      SyncOutcome.Mode mode,
      OperatorSettings settings,
      String connectionSecret,
      List<VolumeMount> mounts) {
    List<EnvVar> env = new ArrayList<>();
    env.add(EnvVars.plain(ENV_NAMESPACE, index.getMetadata().getNamespace()));
    env.add(EnvVars.plain(ENV_NAME, index.getMetadata().getName()));
    env.add(EnvVars.plain(ENV_GENERATION, String.valueOf(index.getMetadata().getGeneration())));
    env.add(EnvVars.plain(ENV_MODE, mode.name()));
    env.add(EnvVars.plain(ENV_SPEC, SERIALIZATION.asJson(index.getSpec())));
    boolean ownConnection = hasOwnConnection(index);
    if (ownConnection) {
      env.add(EnvVars.fromSecret(ENV_OPENSEARCH_URL, connectionSecret, "url", false));
    } else {
      env.add(EnvVars.plain(ENV_OPENSEARCH_URL, settings.opensearchUrl()));
    }
    if (connectionSecret != null) {
      // optional: a cluster may take no credentials
      env.add(EnvVars.fromSecret(ENV_OPENSEARCH_USERNAME, connectionSecret, "username", true));
      env.add(EnvVars.fromSecret(ENV_OPENSEARCH_PASSWORD, connectionSecret, "password", true));
      env.add(EnvVars.plain(ENV_OPENSEARCH_CA_FILE, OPENSEARCH_CA_FILE));
    }
    // where DJL unpacks the tokenizer's native library and PDFBox keeps its font cache
    env.add(EnvVars.plain("HOME", "/tmp"));
    env.add(EnvVars.plain("ENGINE_CACHE_DIR", "/tmp/djl"));
    env.add(EnvVars.plain("JAVA_TOOL_OPTIONS", "-Dpdfbox.fontcache=/tmp -XX:MaxRAMPercentage=75"));
    return new ContainerBuilder()
        .withName(CONTAINER)
        .withImage(settings.runtimeImage())
        .withArgs(COMMAND)
        .withEnv(env)
        .withVolumeMounts(mounts)
        .withTerminationMessagePath(TERMINATION_LOG)
        .withTerminationMessagePolicy("FallbackToLogsOnError")
        .withNewResources()
        .addToRequests("cpu", new Quantity("500m"))
        .addToRequests("memory", new Quantity("1Gi"))
        .addToLimits("memory", new Quantity("2Gi"))
        .endResources()
        .withNewSecurityContext()
        .withAllowPrivilegeEscalation(false)
        .withReadOnlyRootFilesystem(true)
        .withNewCapabilities()
        .withDrop("ALL")
        .endCapabilities()
        .endSecurityContext()
        .build();
  }

  /** The Secret with the index's OpenSearch connection or credentials, or null for none. */
  static String connectionSecret(RetrievalIndex index, OperatorSettings settings) {
    return hasOwnConnection(index)
        ? index.getSpec().getOpensearch().getConnectionSecretName()
        : settings.opensearchSecretName();
  }

  private static boolean hasOwnConnection(RetrievalIndex index) {
    return index.getSpec().getOpensearch() != null
        && index.getSpec().getOpensearch().getConnectionSecretName() != null;
  }

  /** Secret name to keys the sources and the embedding endpoint refer to. */
  static Map<String, TreeSet<String>> secretKeys(RetrievalIndexSpec spec) {
    Map<String, TreeSet<String>> keys = new TreeMap<>();
    List<SecretKeyRef> refs = new ArrayList<>();
    if (spec.getEmbedding() != null && spec.getEmbedding().getApiKeySecretRef() != null) {
      refs.add(spec.getEmbedding().getApiKeySecretRef());
    }
    for (SourceSpec source : spec.getSources()) {
      if (source.getHydra() != null && source.getHydra().getAuthSecretRef() != null) {
        refs.add(source.getHydra().getAuthSecretRef());
      }
      if (source.getCmis() != null) {
        if (source.getCmis().getUsernameSecretRef() != null) {
          refs.add(source.getCmis().getUsernameSecretRef());
        }
        if (source.getCmis().getPasswordSecretRef() != null) {
          refs.add(source.getCmis().getPasswordSecretRef());
        }
      }
    }
    for (SecretKeyRef ref : refs) {
      keys.computeIfAbsent(ref.getName(), k -> new TreeSet<>()).add(ref.getKey());
    }
    return keys;
  }

  static Duration timeout(RetrievalIndexSpec spec) {
    if (spec.getSync() == null || spec.getSync().getTimeout() == null) {
      return DEFAULT_TIMEOUT;
    }
    return Durations.parse(spec.getSync().getTimeout());
  }
}
