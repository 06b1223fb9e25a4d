package io.hubia.runtime.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The data of {@link AnswerQualityBenchmark}: PIAF v1.0 (French Wikipedia paragraphs and their
 * questions, SQuAD v1 JSON) and the NoMIRACL French non-relevant test queries (each with the 10
 * Wikipedia passages judged not to answer it), read from the project's `datasets/` folder, and
 * written as a local-mode resource folder: one RetrievalIndex with a Files source per dataset (one
 * Markdown file per paragraph or passage, the id in the file name), a PolicySet that lets every
 * caller read them, and an AgentWorkflow without a model (the extractive answerer), in French.
 */
final class AnswerQualityCorpus {
  static final String WORKFLOW = "assistant-wikipedia";
  static final String INDEX = "wikipedia-fr";
  static final String PIAF_SOURCE = "piaf";
  static final String NOMIRACL_SOURCE = "nomiracl";
  static final String LABEL = "public";
  static final String VOLUME = "corpus";

  private static final Pattern TAG = Pattern.compile("<[^>]+>");

  /** "Title: text", where the title may hold French " : " but the separator has no space before. */
  private static final Pattern TITLED_PASSAGE = Pattern.compile("(?s)(.*?)(?<! ): (.*)");

  private static final Pattern PASSAGE_NUMBER = Pattern.compile("(?:^|\\n\\n)\\[\\d+] ");

  /**
   * A PIAF paragraph; {@code id} is {@code aNNNN-pNNN} (article and paragraph index in the file).
   */
  record Paragraph(String id, String title, String text) {}

  /** A PIAF question on one paragraph, with its gold answer(s). */
  record Question(String id, String text, String paragraphId, List<String> answers) {}

  /** A NoMIRACL passage; {@code id} is its docid with {@code #} as {@code -}. */
  record Passage(String id, String title, String text) {}

  /** A NoMIRACL query none of whose passages answers it. */
  record NonRelevantQuery(String id, String text, List<String> passageIds) {}

  /** PIAF as read: every paragraph, every question in file order. */
  record Piaf(List<Paragraph> paragraphs, List<Question> questions) {}

  /** NoMIRACL non-relevant as read: every query, every distinct passage. */
  record NoMiracl(List<NonRelevantQuery> queries, List<Passage> passages) {
    /** The distinct passages of {@code asked}, in the order of {@link #passages()}. */
    List<Passage> passagesOf(List<NonRelevantQuery> asked) {
      Set<String> ids = new HashSet<>();
      asked.forEach(q -> ids.addAll(q.passageIds()));
      return passages.stream().filter(p -> ids.contains(p.id())).toList();
    }
  }

  private AnswerQualityCorpus() {}

  /** Reads PIAF v1.0 (SQuAD v1 JSON); article titles lose their HTML tags ({@code <i>}). */
  static Piaf readPiaf(Path file) throws IOException {
    JsonNode root = new ObjectMapper().readTree(file.toFile());
    List<Paragraph> paragraphs = new ArrayList<>();
    List<Question> questions = new ArrayList<>();
    int articleIndex = 0;
    for (JsonNode article : root.path("data")) {
      String title = TAG.matcher(article.path("title").asText()).replaceAll("").strip();
      int paragraphIndex = 0;
      for (JsonNode paragraph : article.path("paragraphs")) {
        String id = String.format(Locale.ROOT, "a%04d-p%03d", articleIndex, paragraphIndex++);
        paragraphs.add(new Paragraph(id, title, paragraph.path("context").asText()));
        for (JsonNode qa : paragraph.path("qas")) {
          List<String> answers = new ArrayList<>();
          qa.path("answers").forEach(a -> answers.add(a.path("text").asText()));
          questions.add(
              new Question(qa.path("id").asText(), qa.path("question").asText(), id, answers));
        }
      }
      articleIndex++;
    }
    if (paragraphs.isEmpty() || questions.isEmpty()) {
      throw new IllegalStateException(file + " holds no SQuAD paragraphs or questions");
    }
    return new Piaf(paragraphs, questions);
  }

  /**
   * Reads the NoMIRACL JSONL: the question and the passages are inside each row's {@code prompt}
   * ({@code QUESTION:\n...\n\nCONTEXTS:\n[1] Title: text\n\n[2] ...\n\nOUTPUT:}), the passage ids
   * in {@code docids}, in the same order.
   */
  static NoMiracl readNoMiracl(Path file) throws IOException {
    List<NonRelevantQuery> queries = new ArrayList<>();
    Map<String, Passage> passages = new LinkedHashMap<>();
    ObjectMapper json = new ObjectMapper();
    try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      while ((line = reader.readLine()) != null) {
        if (line.isBlank()) {
          continue;
        }
        JsonNode row = json.readTree(line);
        String prompt = row.path("prompt").asText(null);
        if (prompt == null) {
          continue;
        }
        String question = between(prompt, "QUESTION:\n", "\n\nCONTEXTS:\n").strip();
        String contexts = between(prompt, "\n\nCONTEXTS:\n", "\n\nOUTPUT:");
        String[] texts = PASSAGE_NUMBER.split(contexts);
        List<String> ids = new ArrayList<>();
        row.path("docids").forEach(d -> ids.add(d.asText().replace('#', '-')));
        // split() leaves an empty first element before "[1] "
        if (texts.length - 1 != ids.size()) {
          throw new IllegalStateException(
              row.path("query_id").asText() + ": " + ids.size() + " docids but other passages");
        }
        for (int i = 0; i < ids.size(); i++) {
          Matcher m = TITLED_PASSAGE.matcher(texts[i + 1].strip());
          String title = m.matches() ? m.group(1).strip() : "";
          String text = m.matches() ? m.group(2).strip() : texts[i + 1].strip();
          passages.putIfAbsent(ids.get(i), new Passage(ids.get(i), title, text));
        }
        queries.add(new NonRelevantQuery(row.path("query_id").asText(), question, ids));
      }
    }
    if (queries.isEmpty()) {
      throw new IllegalStateException(file + " holds no NoMIRACL queries");
    }
    return new NoMiracl(queries, List.copyOf(passages.values()));
  }

  /** The first {@code n} after a shuffle with {@code seed}, or all when {@code n} covers them. */
  static <T> List<T> sample(List<T> all, int n, long seed) {
    List<T> shuffled = new ArrayList<>(all);
    Collections.shuffle(shuffled, new Random(seed));
    return List.copyOf(shuffled.subList(0, Math.min(n, shuffled.size())));
  }

  /**
   * Writes the local-mode folder: the three resources in {@code resources.yaml}, the documents in
   * {@code corpus/piaf/<paragraph id>.md} and {@code corpus/nomiracl/<passage id>.md}.
   */
  static void writeResourceFolder(Path folder, List<Paragraph> paragraphs, List<Passage> passages)
      throws IOException {
    Path piaf = Files.createDirectories(folder.resolve(VOLUME).resolve(PIAF_SOURCE));
    for (Paragraph p : paragraphs) {
      writeMarkdown(piaf.resolve(p.id() + ".md"), p.title(), p.text());
    }
    Path nomiracl = Files.createDirectories(folder.resolve(VOLUME).resolve(NOMIRACL_SOURCE));
    for (Passage p : passages) {
      writeMarkdown(nomiracl.resolve(p.id() + ".md"), p.title(), p.text());
    }
    Files.writeString(folder.resolve("resources.yaml"), resources(), StandardCharsets.UTF_8);
  }

  /** The document id the index gives a PIAF paragraph: {@code <source>:<path in the source>}. */
  static String piafDocumentId(String paragraphId) {
    return PIAF_SOURCE + ":" + paragraphId + ".md";
  }

  private static String resources() {
    return """
        # Written by AnswerQualityBenchmark: PIAF paragraphs and NoMIRACL passages, read by every
        # caller, answered by the extractive answerer (no spec.model) in French.
        apiVersion: hubia.io/v1alpha1
        kind: RetrievalIndex
        metadata:
          name: %1$s
        spec:
          sources:
            - name: %2$s
              type: Files
              files:
                volumeKind: PersistentVolumeClaim
                volumeName: %3$s
                path: %2$s
            - name: %4$s
              type: Files
              files:
                volumeKind: PersistentVolumeClaim
                volumeName: %3$s
                path: %4$s
          embedding:
            provider: InProcess
          analysis:
            languages: [fr]
          labelMapping:
            defaultLabels: [%5$s]
        ---
        apiVersion: hubia.io/v1alpha1
        kind: PolicySet
        metadata:
          name: politique-wikipedia
        spec:
          readRules:
            - subjects: ["*"]
              labels: [%5$s]
        ---
        apiVersion: hubia.io/v1alpha1
        kind: AgentWorkflow
        metadata:
          name: %6$s
        spec:
          policyRef:
            name: politique-wikipedia
          indexes:
            - name: %1$s
          prompts:
            defaultLanguage: fr
        """
        .formatted(INDEX, PIAF_SOURCE, VOLUME, NOMIRACL_SOURCE, LABEL, WORKFLOW);
  }

  private static void writeMarkdown(Path file, String title, String body) throws IOException {
    String text = "---\ntitle: " + yamlString(title) + "\n---\n\n" + body + "\n";
    Files.writeString(file, text, StandardCharsets.UTF_8);
  }

  /** A YAML double-quoted scalar. */
  private static String yamlString(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  private static String between(String text, String start, String end) {
    int from = text.indexOf(start);
    int to = from < 0 ? -1 : text.indexOf(end, from + start.length());
    if (from < 0 || to < 0) {
      throw new IllegalStateException("NoMIRACL prompt without '" + start.strip() + "'");
    }
    return text.substring(from + start.length(), to);
  }
}
