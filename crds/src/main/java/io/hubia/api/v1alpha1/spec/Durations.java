package io.hubia.api.v1alpha1.spec;

import java.time.Duration;
import java.util.regex.Matcher;

/** Parses the durations of the API ({@link Patterns#DURATION}, e.g. {@code 90s}, {@code 1h30m}). */
public final class Durations {
  private static final java.util.regex.Pattern PART =
      java.util.regex.Pattern.compile("([0-9]+)(ms|s|m|h)");

  private Durations() {}

  /**
   * @throws IllegalArgumentException when {@code text} does not match {@link Patterns#DURATION}
   */
  public static Duration parse(String text) {
    if (text == null || !text.matches(Patterns.DURATION)) {
      throw new IllegalArgumentException("not a duration such as 90s, 10m or 1h30m: " + text);
    }
    Duration total = Duration.ZERO;
    Matcher m = PART.matcher(text);
    while (m.find()) {
      long amount = Long.parseLong(m.group(1));
      total =
          total.plus(
              switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(amount);
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                default -> Duration.ofHours(amount);
              });
    }
    return total;
  }
}
