package io.hubia.operator.workflow.desired;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;

/** Environment variables of the pods the operator creates (runtime pods, sync Jobs). */
public final class EnvVars {
  private EnvVars() {}

  /** A variable with a plain value. */
  public static EnvVar plain(String name, String value) {
    return new EnvVarBuilder().withName(name).withValue(value).build();
  }

  /**
   * A variable from a Secret key. A required one keeps the container from starting while the key is
   * missing; an optional one is then left unset.
   */
  public static EnvVar fromSecret(String name, String secret, String key, boolean optional) {
    return new EnvVarBuilder()
        .withName(name)
        .withNewValueFrom()
        .withNewSecretKeyRef()
        .withName(secret)
        .withKey(key)
        .withOptional(optional)
        .endSecretKeyRef()
        .endValueFrom()
        .build();
  }
}
