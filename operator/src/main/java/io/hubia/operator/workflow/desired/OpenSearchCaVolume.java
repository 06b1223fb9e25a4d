package io.hubia.operator.workflow.desired;

import static io.hubia.api.sync.IngestionJobContract.OPENSEARCH_CA_KEY;
import static io.hubia.api.sync.IngestionJobContract.OPENSEARCH_CA_MOUNT;

import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;

/**
 * The OpenSearch CA of the pods the operator creates (runtime pods, sync Jobs): the optional key
 * {@value io.hubia.api.sync.IngestionJobContract#OPENSEARCH_CA_KEY} of the OpenSearch connection
 * Secret, mounted read-only at {@value io.hubia.api.sync.IngestionJobContract#OPENSEARCH_CA_FILE}.
 * The volume is optional: a Secret without the key (or no Secret yet) leaves the file absent and
 * the pod starts anyway, trusting the JVM's trust store.
 */
public final class OpenSearchCaVolume {
  /** Name of the volume in the pod. */
  public static final String NAME = "opensearch-ca";

  private OpenSearchCaVolume() {}

  /** The volume of key {@code ca.crt} of {@code secretName}, optional. */
  public static Volume volume(String secretName) {
    return new VolumeBuilder()
        .withName(NAME)
        .withNewSecret()
        .withSecretName(secretName)
        .withOptional(true)
        .withDefaultMode(0440)
        .withItems(new KeyToPath(OPENSEARCH_CA_KEY, null, OPENSEARCH_CA_KEY))
        .endSecret()
        .build();
  }

  /** Its read-only mount. */
  public static VolumeMount mount() {
    return new VolumeMountBuilder()
        .withName(NAME)
        .withMountPath(OPENSEARCH_CA_MOUNT)
        .withReadOnly(true)
        .build();
  }
}
