package io.hubia.eval.run;

import io.hubia.eval.report.ShadowSummary;
import java.util.List;

/**
 * A shadow the runtime made: a copy of the workflow's indexes with planted documents, which
 * questions asked with the {@value RuntimeClient#SHADOW_HEADER} header retrieve from.
 *
 * @param id the shadow's id
 * @param expiresAt when the runtime drops it by itself, as written in its reply, or {@code null}
 * @param indexes what each index of the shadow holds
 */
public record Shadow(String id, String expiresAt, List<ShadowSummary.Index> indexes) {

  /** Freezes the indexes. */
  public Shadow {
    indexes = List.copyOf(indexes);
  }

  /** The runtime answered 404 to the creation of a shadow: it does not enable shadows. */
  public static final class NotEnabledException extends java.io.IOException {
    private static final long serialVersionUID = 1L;

    NotEnabledException(String message) {
      super(message);
    }
  }
}
