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
  public KeysOnlySecretStore() {
    super(Cache::metaNamespaceKeyFunc);
  }

  @Override
  public Secret put(String key, Secret secret) {
    return super.put(key, keysOnly(secret));
  }

  static Secret keysOnly(Secret secret) {
    return new SecretBuilder()
        .withMetadata(secret.getMetadata())
        .withType(secret.getType())
        .withData(blank(secret.getData()))
        .withStringData(blank(secret.getStringData()))
        .build();
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
