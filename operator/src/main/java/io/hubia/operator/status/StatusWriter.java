package io.hubia.operator.status;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * Writes a resource's status subresource with a JSON merge patch holding only the status. A merge
 * patch names no old values, so it cannot fail because another writer (an ingestion or evaluation
 * job) changed other status fields meanwhile, as a JSON Patch diff would.
 */
public final class StatusWriter {
  private StatusWriter() {}

  /** Patches the status of {@code resource} (whose status is already set to the new value). */
  public static <T extends HasMetadata> void patch(KubernetesClient client, T resource) {
    client.resource(resource).patchStatus();
  }
}
