package io.hubia.api.v1alpha1.spec;

/** Kinds of volume a files source can be mounted from. */
public enum VolumeKind {
  PersistentVolumeClaim,
  ConfigMap
}
