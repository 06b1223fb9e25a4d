package io.hubia.runtime.ingest.chunk;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The sections of a document body in the Markdown structure of {@link
 * io.hubia.runtime.ingest.SourceDocument}: ATX headings open sections, blank lines separate blocks,
 * fenced code is one block whatever it contains.
 */
final class DocumentOutline {
  private static final Pattern ATX_HEADING =
      Pattern.compile("^ {0,3}(#{1,6})[ \\t]+(.+?)(?:[ \\t]+#+)?[ \\t]*$");
  private static final Pattern FENCE = Pattern.compile("^ {0,3}(```|~~~)");

  /**
   * A run of blocks under one heading.
   *
   * @param path headings in effect, outermost first
   * @param heading the heading line that opened the section (without {@code #}), or null
   * @param blocks paragraphs, list runs and code blocks, in order
   */
  record Section(List<String> path, String heading, List<String> blocks) {}

  private DocumentOutline() {}

  static List<Section> parse(String text) {
    List<Section> sections = new ArrayList<>();
    List<Integer> levels = new ArrayList<>(); // parallel to path: heading levels
    List<String> path = new ArrayList<>();
    String heading = null;
    List<String> blocks = new ArrayList<>();
    StringBuilder block = new StringBuilder();
    String fence = null;
    for (String line : text.split("\n", -1)) {
      if (fence != null) {
        block.append('\n').append(line);
        if (line.strip().startsWith(fence)) {
          fence = null;
          close(block, blocks);
        }
        continue;
      }
      Matcher fenceOpen = FENCE.matcher(line);
      if (fenceOpen.find()) {
        close(block, blocks);
        fence = fenceOpen.group(1);
        block.append(line);
        continue;
      }
      Matcher h = ATX_HEADING.matcher(line);
      if (h.matches()) {
        close(block, blocks);
        if (!blocks.isEmpty() || heading != null) {
          sections.add(new Section(List.copyOf(path), heading, List.copyOf(blocks)));
        }
        blocks.clear();
        int level = h.group(1).length();
        while (!levels.isEmpty() && levels.get(levels.size() - 1) >= level) {
          levels.remove(levels.size() - 1);
          path.remove(path.size() - 1);
        }
        heading = h.group(2).strip();
        levels.add(level);
        path.add(heading);
        continue;
      }
      if (line.isBlank()) {
        close(block, blocks);
      } else {
        if (!block.isEmpty()) {
          block.append('\n');
        }
        block.append(line);
      }
    }
    close(block, blocks);
    if (!blocks.isEmpty() || heading != null) {
      sections.add(new Section(List.copyOf(path), heading, List.copyOf(blocks)));
    }
    return sections;
  }

  private static void close(StringBuilder block, List<String> blocks) {
    if (!block.toString().isBlank()) {
      blocks.add(block.toString().strip());
    }
    block.setLength(0);
  }
}
