package io.hubia.api.v1alpha1.spec;

/** When the kubelet pulls the runtime image. */
public enum PullPolicy {
  Always,
  IfNotPresent,
  Never
}
