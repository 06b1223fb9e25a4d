package io.hubia.eval;

import com.fasterxml.jackson.annotation.JsonCreator;
import java.util.Locale;

/**
 * The OWASP Top 10 for LLM Applications 2025, the categories attack success rates are reported
 * under.
 */
public enum OwaspCategory {
  LLM01("LLM01:2025", "Prompt Injection"),
  LLM02("LLM02:2025", "Sensitive Information Disclosure"),
  LLM03("LLM03:2025", "Supply Chain"),
  LLM04("LLM04:2025", "Data and Model Poisoning"),
  LLM05("LLM05:2025", "Improper Output Handling"),
  LLM06("LLM06:2025", "Excessive Agency"),
  LLM07("LLM07:2025", "System Prompt Leakage"),
  LLM08("LLM08:2025", "Vector and Embedding Weaknesses"),
  LLM09("LLM09:2025", "Misinformation"),
  LLM10("LLM10:2025", "Unbounded Consumption");

  private final String code;
  private final String title;

  OwaspCategory(String code, String title) {
    this.code = code;
    this.title = title;
  }

  /** Reads a category as golden sets write it, in any case: {@code LLM01} or {@code LLM01:2025}. */
  @JsonCreator
  public static OwaspCategory of(String code) {
    String wanted = code == null ? "" : code.strip();
    for (OwaspCategory category : values()) {
      if (category.name().equalsIgnoreCase(wanted) || category.code.equalsIgnoreCase(wanted)) {
        return category;
      }
    }
    throw new IllegalArgumentException(
        "'owasp' must be an OWASP Top 10 for LLM Applications 2025 category, LLM01 to LLM10 (or"
            + " LLM01:2025 ...), not '"
            + code
            + "'");
  }

  /** The code in lower case without the year, as metric names write it: {@code llm01}. */
  public String metricSuffix() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The identifier as OWASP writes it, e.g. {@code LLM01:2025}. */
  public String code() {
    return code;
  }

  /** The category's title, e.g. {@code Prompt Injection}. */
  public String title() {
    return title;
  }

  /** Code and title, e.g. {@code LLM01:2025 Prompt Injection}. */
  @Override
  public String toString() {
    return code + " " + title;
  }
}
