package io.hubia.operator.objects;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.hubia.api.config.RuntimeConfigRenderer;
import java.util.LinkedHashMap;
import java.util.Objects;

/**
 * Creates or updates an object a RetrievalIndex owns, writing it only when its desired form
 * changed: the hash of the desired object is kept in an annotation, so that fields the API server
 * defaults never cause a write on every pass.
 */
public final class OwnedObjects {
  public static final String HASH_ANNOTATION = "hubia.io/spec-hash";
  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  private OwnedObjects() {}

  /**
   * The owner reference that makes {@code owner} the controller of an object: the garbage collector
   * deletes the object with it, and the owner's informers map the object back to it.
   */
  public static OwnerReference controllerReference(HasMetadata owner) {
    return new OwnerReferenceBuilder()
        .withApiVersion(owner.getApiVersion())
        .withKind(owner.getKind())
        .withName(owner.getMetadata().getName())
        .withUid(owner.getMetadata().getUid())
        .withController(true)
        .withBlockOwnerDeletion(true)
        .build();
  }

  /**
   * A Kubernetes object name of at most 63 characters (it may become a label value): {@code
   * base-suffix}, with {@code base} cut and a hash of it added when too long.
   */
  public static String name(String base, String suffix) {
    String name = base + "-" + suffix;
    if (name.length() <= 63) {
      return name;
    }
    String hash = RuntimeConfigRenderer.sha256(base).substring(0, 8);
    int keep = 63 - suffix.length() - hash.length() - 2;
    return base.substring(0, keep).replaceAll("[-.]+$", "") + "-" + hash + "-" + suffix;
  }

  /** Creates {@code desired}, or replaces the existing object when its hash differs. */
  public static <T extends HasMetadata> void apply(KubernetesClient client, T desired) {
    String hash = hash(desired);
    if (desired.getMetadata().getAnnotations() == null) {
      desired.getMetadata().setAnnotations(new LinkedHashMap<>());
    }
    desired.getMetadata().getAnnotations().put(HASH_ANNOTATION, hash);
    T existing = client.resource(desired).get();
    if (existing == null) {
      client.resource(desired).create();
    } else if (existing.getMetadata().getAnnotations() == null
        || !Objects.equals(existing.getMetadata().getAnnotations().get(HASH_ANNOTATION), hash)) {
      desired.getMetadata().setResourceVersion(existing.getMetadata().getResourceVersion());
      client.resource(desired).update();
    }
  }

  /** Deletes the object named like {@code template}, if it exists. */
  public static <T extends HasMetadata> void delete(KubernetesClient client, T template) {
    client.resource(template).delete();
  }

  private static String hash(HasMetadata desired) {
    return RuntimeConfigRenderer.sha256(SERIALIZATION.asJson(desired)).substring(0, 16);
  }
}
