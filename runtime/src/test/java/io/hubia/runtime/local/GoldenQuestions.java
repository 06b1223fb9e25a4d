package io.hubia.runtime.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The example's golden questions ({@code examples/federation/questions.md}): per caller, a question
 * and what its answer must (or must never) contain and cite.
 *
 * @param id the row's id, e.g. C4
 * @param workflow the workflow asked
 * @param token the dev-token request of the caller
 * @param question the question
 * @param document the document a good answer cites, or null
 * @param contains what a good answer contains, or null
 * @param fallback whether the expected reply is the fallback
 * @param mustNotContain texts that must never appear in the reply
 * @param mustNotCite documents that must never be cited
 */
record GoldenQuestions(
    String id,
    String workflow,
    String token,
    String question,
    String document,
    String contains,
    boolean fallback,
    List<String> mustNotContain,
    List<String> mustNotCite) {

  private static final Pattern SECTION_WORKFLOW = Pattern.compile("\\(`([a-z0-9-]+)`\\)\\s*$");
  private static final Pattern TOKEN = Pattern.compile("^Jeton : `(\\{.*})`");
  private static final Pattern QUOTED = Pattern.compile("\"([^\"]+)\"");
  private static final Pattern CODE = Pattern.compile("`([^`]+)`");

  static List<GoldenQuestions> read(Path file) throws IOException {
    List<GoldenQuestions> rows = new ArrayList<>();
    String workflow = null;
    String token = null;
    for (String line : Files.readAllLines(file)) {
      if (line.startsWith("## ")) {
        Matcher m = SECTION_WORKFLOW.matcher(line);
        workflow = m.find() ? m.group(1) : null;
        token = null;
      }
      Matcher t = TOKEN.matcher(line);
      if (t.find()) {
        token = t.group(1);
      }
      if (!line.startsWith("| ") || workflow == null || token == null) {
        continue;
      }
      String[] cells = line.split("\\|");
      if (cells.length < 6 || !cells[1].strip().matches("[A-Z]\\d+")) {
        continue;
      }
      String id = cells[1].strip();
      String question = cells[2].strip();
      Matcher doc = CODE.matcher(cells[4]);
      String document = doc.find() ? doc.group(1) : null;
      String check = cells[5];
      String contains = null;
      boolean fallback = false;
      List<String> notContain = new ArrayList<>();
      List<String> notCite = new ArrayList<>();
      for (String part : check.split(";")) {
        String p = part.strip();
        Matcher q = QUOTED.matcher(p);
        if (p.startsWith("`contient:") && q.find()) {
          contains = q.group(1);
        } else if (p.startsWith("`repli`")) {
          fallback = true;
        } else if (p.startsWith("`ne contient pas:") && q.find()) {
          notContain.add(q.group(1));
        } else if (p.startsWith("`ne cite pas:")) {
          notCite.add(p.replaceAll("^`ne cite pas:\\s*", "").replaceAll("`.*$", "").strip());
        }
      }
      rows.add(
          new GoldenQuestions(
              id, workflow, token, question, document, contains, fallback, notContain, notCite));
    }
    return rows;
  }
}
