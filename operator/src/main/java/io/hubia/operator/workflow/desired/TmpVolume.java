package io.hubia.operator.workflow.desired;

import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;

/**
 * The writable {@code /tmp} of the pods the operator creates (runtime, evaluation, sync and audit
 * retention pods): an emptyDir with a size limit, the only writable place under their read-only
 * root file system.
 */
public final class TmpVolume {
  /** Name of the volume in the pod. */
  public static final String NAME = "tmp";

  private TmpVolume() {}

  /** The emptyDir, at most {@code sizeLimit} (a quantity such as {@code 256Mi}). */
  public static Volume volume(String sizeLimit) {
    return new VolumeBuilder()
        .withName(NAME)
        .withNewEmptyDir()
        .withSizeLimit(new Quantity(sizeLimit))
        .endEmptyDir()
        .build();
  }

  /** Its mount at {@code /tmp}. */
  public static VolumeMount mount() {
    return new VolumeMountBuilder().withName(NAME).withMountPath("/tmp").build();
  }
}
