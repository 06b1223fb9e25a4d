package io.hubia.helm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every relative link of the documentation a reader follows from the README (README.md, docs/,
 * examples/, the chart) reaches an existing file, and every #anchor a heading of its page: the
 * install, upgrade and runbook pages are read link by link.
 */
class DocumentationLinksTest {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final Pattern LINK =
      Pattern.compile("\\[[^\\]]*]\\(([^)\\s]+)(?:\\s+\"[^\"]*\")?\\)");

  static List<Path> pages() throws IOException {
    List<Path> pages = new ArrayList<>(List.of(ROOT.resolve("README.md")));
    for (String folder : List.of("docs", "examples", "helm/hubia", "eval")) {
      try (Stream<Path> files = Files.walk(ROOT.resolve(folder))) {
        files
            .filter(f -> f.toString().endsWith(".md"))
            .filter(f -> !f.toString().contains("/target/"))
            .forEach(pages::add);
      }
    }
    return pages;
  }

  /** The links of a page outside fenced code blocks and inline code. */
  static List<String> links(Path page) throws IOException {
    List<String> links = new ArrayList<>();
    boolean fenced = false;
    for (String line : Files.readAllLines(page)) {
      if (line.strip().startsWith("```")) {
        fenced = !fenced;
        continue;
      }
      if (fenced) {
        continue;
      }
      Matcher m = LINK.matcher(line.replaceAll("`[^`]*`", "``"));
      while (m.find()) {
        links.add(m.group(1));
      }
    }
    return links;
  }

  @Test
  void everyRelativeLinkReachesAFileAndEveryAnchorAHeading() throws IOException {
    Map<Path, Set<String>> anchors = new HashMap<>();
    List<String> broken = new ArrayList<>();
    int checked = 0;
    for (Path page : pages()) {
      for (String link : links(page)) {
        if (link.matches("^[a-z]+:.*")) {
          continue; // http, https, mailto
        }
        checked++;
        String file = link.contains("#") ? link.substring(0, link.indexOf('#')) : link;
        String anchor = link.contains("#") ? link.substring(link.indexOf('#') + 1) : null;
        Path target = file.isEmpty() ? page : page.getParent().resolve(file).normalize();
        String where = ROOT.relativize(page) + ": " + link;
        if (!Files.exists(target)) {
          broken.add(where + " (no such file)");
        } else if (anchor != null
            && target.toString().endsWith(".md")
            && !anchors.computeIfAbsent(target, Markdown::anchors).contains(anchor)) {
          broken.add(where + " (no such heading)");
        }
      }
    }

    assertThat(checked).as("links checked").isGreaterThan(300);
    assertThat(broken).isEmpty();
  }

  @Test
  void theOperationsPagesAreReachableFromTheDocumentationIndex() throws IOException {
    List<String> index = links(ROOT.resolve("docs/README.md"));

    assertThat(index)
        .contains(
            "operations/README.md",
            "operations/install.md",
            "operations/upgrade.md",
            "operations/backup-restore.md",
            "operations/reversibility.md",
            "operations/capacity.md",
            "operations/monitoring.md",
            "threat-model.md",
            "gitops.md");
  }
}
