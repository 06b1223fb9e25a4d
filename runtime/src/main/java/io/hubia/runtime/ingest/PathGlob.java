package io.hubia.runtime.ingest;

import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A glob over {@code /}-separated relative paths, with the meaning people expect from {@code
 * .gitignore} rather than {@link java.nio.file.FileSystem#getPathMatcher}: {@code **}{@code /} also
 * matches no folder at all, so {@code **}{@code /*.md} matches {@code guide.md} at the root.
 *
 * <p>{@code *} matches within one path segment, {@code **} across segments, {@code ?} one character
 * but {@code /}, {@code [abc]} / {@code [!abc]} a character class, {@code {a,b}} an alternative.
 * Matching is case-sensitive and covers the whole path.
 */
public final class PathGlob {
  private final String glob;
  private final Pattern pattern;

  private PathGlob(String glob, Pattern pattern) {
    this.glob = glob;
    this.pattern = pattern;
  }

  /**
   * Compiles a glob.
   *
   * @throws IllegalArgumentException when the glob is malformed (an unclosed {@code [} or {@code
   *     {})
   */
  public static PathGlob compile(String glob) {
    String normalized = glob.strip();
    while (normalized.startsWith("./")) {
      normalized = normalized.substring(2);
    }
    if (normalized.startsWith("/")) {
      normalized = normalized.substring(1);
    }
    try {
      return new PathGlob(glob, Pattern.compile(toRegex(normalized)));
    } catch (PatternSyntaxException e) {
      throw new IllegalArgumentException("invalid glob '" + glob + "': " + e.getDescription(), e);
    }
  }

  /** Whether the whole relative path matches. */
  public boolean matches(String relativePath) {
    return pattern.matcher(relativePath).matches();
  }

  @Override
  public String toString() {
    return glob;
  }

  private static String toRegex(String glob) {
    StringBuilder regex = new StringBuilder();
    int braces = 0;
    int i = 0;
    while (i < glob.length()) {
      char c = glob.charAt(i);
      switch (c) {
        case '*' -> {
          boolean doubleStar = i + 1 < glob.length() && glob.charAt(i + 1) == '*';
          if (doubleStar) {
            boolean atSegmentStart = i == 0 || glob.charAt(i - 1) == '/';
            boolean slashAfter = i + 2 < glob.length() && glob.charAt(i + 2) == '/';
            if (atSegmentStart && slashAfter) {
              regex.append("(?:.*/)?"); // "**/": zero or more folders
              i += 3;
              continue;
            }
            regex.append(".*");
            i += 2;
            continue;
          }
          regex.append("[^/]*");
        }
        case '?' -> regex.append("[^/]");
        case '[' -> {
          int end = glob.indexOf(']', i + 1);
          if (end < 0) {
            throw new IllegalArgumentException("invalid glob '" + glob + "': unclosed [");
          }
          String body = glob.substring(i + 1, end);
          if (body.startsWith("!")) {
            body = "^" + body.substring(1);
          }
          regex.append('[').append(body.replace("\\", "\\\\").replace("[", "\\[")).append(']');
          i = end;
        }
        case '{' -> {
          braces++;
          regex.append("(?:");
        }
        case '}' -> {
          if (braces == 0) {
            regex.append("\\}");
          } else {
            braces--;
            regex.append(')');
          }
        }
        case ',' -> regex.append(braces > 0 ? "|" : ",");
        case '\\' -> {
          if (i + 1 < glob.length()) {
            regex.append(Pattern.quote(String.valueOf(glob.charAt(++i))));
          } else {
            regex.append("\\\\");
          }
        }
        default -> {
          if ("().+^$|".indexOf(c) >= 0) {
            regex.append('\\');
          }
          regex.append(c);
        }
      }
      i++;
    }
    if (braces > 0) {
      throw new IllegalArgumentException("invalid glob '" + glob + "': unclosed {");
    }
    return regex.toString();
  }
}
