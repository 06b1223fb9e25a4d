package io.hubia.operator.status;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.List;
import java.util.Map;

/**
 * Writes the status fields the operator owns, and only those: it reads the latest object, sets the
 * owned fields on its status and replaces the status subresource under optimistic locking, retrying
 * on conflict. Another writer's fields (the ingestion or evaluation job's) are thus never
 * overwritten with stale values, and a concurrent change is never lost.
 */
public final class StatusWriter {
  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
  private static final int ATTEMPTS = 5;

  private StatusWriter() {}

  /**
   * Writes {@code ownedFields} of {@code status} into the status of {@code resource}.
   *
   * @param status the new status object (a model class)
   * @param ownedFields the top-level status fields this operator writes
   */
  @SuppressWarnings("unchecked")
  public static <T extends HasMetadata> void write(
      KubernetesClient client, T resource, Object status, List<String> ownedFields) {
    Class<T> type = (Class<T>) resource.getClass();
    Map<String, Object> owned = SERIALIZATION.convertValue(status, Map.class);
    owned.keySet().retainAll(ownedFields);
    for (int attempt = 1; ; attempt++) {
      T latest =
          client
              .resources(type)
              .inNamespace(resource.getMetadata().getNamespace())
              .withName(resource.getMetadata().getName())
              .get();
      if (latest == null) {
        return;
      }
      Map<String, Object> object = SERIALIZATION.convertValue(latest, Map.class);
      Map<String, Object> merged =
          object.get("status") instanceof Map<?, ?> current
              ? new java.util.LinkedHashMap<>((Map<String, Object>) current)
              : new java.util.LinkedHashMap<>();
      for (String field : ownedFields) {
        if (owned.containsKey(field)) {
          merged.put(field, owned.get(field));
        } else {
          merged.remove(field);
        }
      }
      object.put("status", merged);
      try {
        client.resource(SERIALIZATION.convertValue(object, type)).updateStatus();
        return;
      } catch (KubernetesClientException e) {
        if (e.getCode() != 409 || attempt >= ATTEMPTS) {
          throw e;
        }
      }
    }
  }
}
