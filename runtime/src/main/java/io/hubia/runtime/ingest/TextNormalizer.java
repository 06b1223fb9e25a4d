package io.hubia.runtime.ingest;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.Normalizer;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * The one normal form of document text: what is chunked, indexed and hashed. Two files that differ
 * only in line endings, trailing spaces, blank-line runs or Unicode composition have the same text
 * and the same content hash, so a re-sync does not re-embed them.
 */
public final class TextNormalizer {
  private static final Pattern LINE_ENDINGS = Pattern.compile("\r\n?");
  // C0 controls but tab and newline, DEL, C1 controls, zero-width and bidi-override characters
  private static final Pattern INVISIBLE =
      Pattern.compile("[\\x00-\\x08\\x0B-\\x1F\\x7F-\\x9F\\u200B\\u200C\\u200D\\u2060\\uFEFF]");
  private static final Pattern TRAILING_SPACES = Pattern.compile("[ \\t]+(?=\n|$)");
  private static final Pattern BLANK_RUNS = Pattern.compile("\n{3,}");

  private TextNormalizer() {}

  /**
   * NFC, {@code \n} line ends, no control characters, no trailing spaces, at most one blank line.
   */
  public static String normalize(String raw) {
    if (raw == null || raw.isEmpty()) {
      return "";
    }
    String text = Normalizer.normalize(raw, Normalizer.Form.NFC);
    text = LINE_ENDINGS.matcher(text).replaceAll("\n");
    text = INVISIBLE.matcher(text).replaceAll("");
    text = TRAILING_SPACES.matcher(text).replaceAll("");
    text = BLANK_RUNS.matcher(text).replaceAll("\n\n");
    return text.strip();
  }

  /** Lowercase hex SHA-256 of the UTF-8 bytes of {@code text}. */
  public static String sha256(String text) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java platform", e);
    }
  }
}
