package io.hubia.runtime.ingest.format;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Reads the update dates documents and records carry (front matter, Hydra fields): an ISO-8601
 * date-time with an offset ({@code 2024-05-31T14:00:00+02:00}), without one (read as UTC), or a
 * date alone (its start, UTC).
 */
public final class IsoDates {
  private IsoDates() {}

  /** The instant {@code text} names, empty when it is blank or not such a date. */
  public static Optional<Instant> parse(String text) {
    if (text == null || text.isBlank()) {
      return Optional.empty();
    }
    String value = text.strip();
    try {
      return Optional.of(OffsetDateTime.parse(value).toInstant());
    } catch (DateTimeParseException notOffset) {
      try {
        return Optional.of(LocalDateTime.parse(value).toInstant(ZoneOffset.UTC));
      } catch (DateTimeParseException notLocal) {
        try {
          return Optional.of(LocalDate.parse(value).atStartOfDay().toInstant(ZoneOffset.UTC));
        } catch (DateTimeParseException notDate) {
          return Optional.empty();
        }
      }
    }
  }
}
