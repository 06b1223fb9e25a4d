package io.hubia.operator.workflow.dependent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KeysOnlySecretStoreTest {
  private static final String LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";

  private static Secret secret() {
    return new SecretBuilder()
        .withNewMetadata()
        .withName("mistral-api")
        .withNamespace("team-a")
        .withResourceVersion("42")
        .addToLabels("team", "a")
        .addToAnnotations("owner", "platform")
        .endMetadata()
        .withType("Opaque")
        .addToData("api-key", "c2VjcmV0LXZhbHVl")
        .addToData("org-id", "b3JnLTE=")
        .addToStringData("region", "eu-west")
        .withImmutable(true)
        .build();
  }

  @Test
  void valuesAreBlankedAndKeysKept() {
    KeysOnlySecretStore store = new KeysOnlySecretStore();
    Secret secret = secret();
    store.put(store.getKey(secret), secret);

    Secret cached = store.get("team-a/mistral-api");
    assertThat(cached.getData()).containsOnly(entry("api-key", ""), entry("org-id", ""));
    assertThat(cached.getStringData()).containsOnly(entry("region", ""));
  }

  @Test
  void identityAndTypeAreKept() {
    KeysOnlySecretStore store = new KeysOnlySecretStore();
    store.put("team-a/mistral-api", secret());

    Secret cached = store.get("team-a/mistral-api");
    assertThat(cached.getMetadata().getName()).isEqualTo("mistral-api");
    assertThat(cached.getMetadata().getNamespace()).isEqualTo("team-a");
    assertThat(cached.getMetadata().getResourceVersion()).isEqualTo("42");
    assertThat(cached.getMetadata().getLabels()).containsEntry("team", "a");
    assertThat(cached.getMetadata().getAnnotations()).containsEntry("owner", "platform");
    assertThat(cached.getType()).isEqualTo("Opaque");
  }

  @Test
  void noValueSurvivesInTheLastAppliedConfiguration() {
    // kubectl apply copies the whole manifest, values included, into this annotation.
    Secret applied = secret();
    applied
        .getMetadata()
        .getAnnotations()
        .put(
            LAST_APPLIED,
            "{\"apiVersion\":\"v1\",\"kind\":\"Secret\",\"stringData\":{\"api-key\":\"secret-value\"}}");
    KeysOnlySecretStore store = new KeysOnlySecretStore();
    store.put("team-a/mistral-api", applied);

    Secret cached = store.get("team-a/mistral-api");
    assertThat(cached.getMetadata().getAnnotations())
        .doesNotContainKey(LAST_APPLIED)
        .containsEntry("owner", "platform");
    assertThat(cached.toString()).doesNotContain("secret-value").doesNotContain("c2VjcmV0LXZhbHVl");
    assertThat(applied.getMetadata().getAnnotations()).containsKey(LAST_APPLIED);
  }

  @Test
  void theSecretPassedInIsNotChanged() {
    Secret secret = secret();
    new KeysOnlySecretStore().put("team-a/mistral-api", secret);

    assertThat(secret).isEqualTo(secret());
  }

  @Test
  void aSecretWithoutValuesStaysWithout() {
    Secret empty =
        new SecretBuilder()
            .withNewMetadata()
            .withName("e")
            .withNamespace("n")
            .endMetadata()
            .build();
    KeysOnlySecretStore store = new KeysOnlySecretStore();
    store.put("n/e", empty);

    Secret cached = store.get("n/e");
    assertThat(cached.getData()).isNullOrEmpty();
    assertThat(cached.getStringData()).isNullOrEmpty();
  }

  @Test
  void keysAreNamespaceSlashName() {
    assertThat(new KeysOnlySecretStore().getKey(secret())).isEqualTo("team-a/mistral-api");
  }

  @Test
  void replacingASecretKeepsOnlyTheNewKeys() {
    KeysOnlySecretStore store = new KeysOnlySecretStore();
    store.put("team-a/mistral-api", secret());
    Secret rotated = secret();
    rotated.setData(Map.of("api-key-v2", "bmV3"));
    rotated.setStringData(null);
    store.put("team-a/mistral-api", rotated);

    assertThat(store.size()).isEqualTo(1);
    assertThat(store.get("team-a/mistral-api").getData()).containsOnlyKeys("api-key-v2");
  }
}
