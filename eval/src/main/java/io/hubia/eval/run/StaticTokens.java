package io.hubia.eval.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.hubia.eval.GoldenCase;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Tokens obtained beforehand for a real cluster, one per subject, from a YAML or JSON map {@code
 * subject: token} (a file, or the value of an environment variable). The caller's claims are those
 * of the token: the golden set's claims are not checked against them.
 */
public final class StaticTokens implements TokenSource {
  private static final ObjectMapper YAML = new YAMLMapper();

  private final Map<String, String> bySubject;

  /** Tokens by subject. */
  public StaticTokens(Map<String, String> bySubject) {
    Map<String, String> copy = new LinkedHashMap<>();
    bySubject.forEach(
        (subject, token) -> {
          if (subject == null || subject.isBlank() || token == null || token.isBlank()) {
            throw new IllegalArgumentException(
                "every token needs a subject and a non-empty token (subject '" + subject + "')");
          }
          copy.put(subject.strip(), token.strip());
        });
    this.bySubject = Map.copyOf(copy);
  }

  /** Reads the map from a YAML or JSON file. */
  public static StaticTokens fromFile(Path file) throws IOException {
    return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
  }

  /** Reads the map from YAML or JSON text; {@code origin} names it in errors. */
  public static StaticTokens parse(String text, String origin) {
    Map<String, String> raw;
    try {
      raw = YAML.readValue(text, new TypeReference<Map<String, String>>() {});
    } catch (JsonProcessingException e) {
      // The parser's message may quote the text, that is a token: say only where it failed.
      throw new IllegalArgumentException(
          origin
              + ": tokens must be a YAML or JSON map of subject to token"
              + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")"));
    }
    if (raw == null || raw.isEmpty()) {
      throw new IllegalArgumentException(origin + ": no token");
    }
    return new StaticTokens(raw);
  }

  /** The subjects among {@code subjects} that have no token, sorted. */
  public Set<String> missing(Collection<String> subjects) {
    Set<String> missing = new TreeSet<>(subjects);
    missing.removeAll(bySubject.keySet());
    return missing;
  }

  @Override
  public String tokenFor(GoldenCase.Caller caller) throws IOException {
    String token = bySubject.get(caller.subject());
    if (token == null) {
      throw new IOException("no token for subject '" + caller.subject() + "'");
    }
    return token;
  }

  /** Names the subjects only, so that printing the source never prints a token. */
  @Override
  public String toString() {
    return "StaticTokens" + new TreeSet<>(bySubject.keySet());
  }
}
