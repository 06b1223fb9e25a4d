package io.hubia.operator.workflow.dependent;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.informers.cache.BasicItemStore;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Caches watched Secrets with their values blanked: the operator only checks that referenced keys
 * exist, so secret values never stay in its heap (or in a heap dump).
 */
public class KeysOnlySecretStore extends BasicItemStore<Secret> {
  private static final String LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";

  public KeysOnlySecretStore() {
    super(Cache::metaNamespaceKeyFunc);
  }

  @Override
  public Secret put(String key, Secret secret) {
    return super.put(key, keysOnly(secret));
  }

  static Secret keysOnly(Secret secret) {
    Secret keys =
        new SecretBuilder()
            .withMetadata(secret.getMetadata())
            .withType(secret.getType())
            .withData(blank(secret.getData()))
            .withStringData(blank(secret.getStringData()))
            .build();
    // kubectl apply keeps the whole manifest, values included, in this annotation.
    if (keys.getMetadata() != null && keys.getMetadata().getAnnotations() != null) {
      keys.getMetadata().getAnnotations().remove(LAST_APPLIED);
    }
    return keys;
  }

  private static Map<String, String> blank(Map<String, String> values) {
    if (values == null) {
      return null;
    }
    Map<String, String> keys = new LinkedHashMap<>();
    values.keySet().forEach(k -> keys.put(k, ""));
    return keys;
  }
}
