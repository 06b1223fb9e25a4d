package io.hubia.runtime.answer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hubia.runtime.ingest.embed.CachingEmbedder;
import io.hubia.runtime.ingest.embed.Embedder;
import io.hubia.runtime.ingest.embed.InProcessEmbedder;
import io.hubia.search.retrieve.RetrievedChunk;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/** Test data for the answering tests: chunks, evidence and the PIAF / NoMIRACL fixtures. */
final class AnswerFixtures {
  private static Embedder embedder;

  private AnswerFixtures() {}

  /**
   * The in-process MiniLM, loaded once per JVM, behind the runtime's vector cache: answering embeds
   * the same sentences for scoring, answering and verifying, as it does in the runtime.
   */
  static synchronized Embedder embedder() {
    if (embedder == null) {
      embedder = new CachingEmbedder(new InProcessEmbedder(), 50_000);
    }
    return embedder;
  }

  static RetrievedChunk chunk(String id, String title, String text) {
    return new RetrievedChunk(
        id,
        "doc-" + id,
        title,
        "https://example.org/" + id,
        0,
        List.of("public"),
        List.of(),
        text,
        text,
        null,
        null,
        0.5);
  }

  /** Evidence numbered 1..n in order, relevance 0.5. */
  static List<Evidence> evidence(String... texts) {
    List<Evidence> evidence = new ArrayList<>();
    for (int i = 0; i < texts.length; i++) {
      evidence.add(new Evidence(i + 1, chunk("c" + (i + 1), "Document " + (i + 1), texts[i]), 0.5));
    }
    return evidence;
  }

  record Paragraph(String id, String title, String text) {}

  record Question(String question, String answer, String paragraph) {}

  record Piaf(List<Paragraph> paragraphs, List<Question> questions) {
    Paragraph paragraph(String id) {
      return paragraphs.stream().filter(p -> p.id().equals(id)).findFirst().orElseThrow();
    }
  }

  record Query(String query, List<Paragraph> passages) {}

  /** The held-out PIAF fixture (see NOTICE.md). */
  static Piaf piaf() {
    return piaf("/answer/piaf-fr.json");
  }

  static Piaf piaf(String resource) {
    JsonNode root = read(resource);
    List<Paragraph> paragraphs = new ArrayList<>();
    root.get("paragraphs")
        .forEach(
            p ->
                paragraphs.add(
                    new Paragraph(
                        p.get("id").asText(), p.get("title").asText(), p.get("text").asText())));
    List<Question> questions = new ArrayList<>();
    root.get("questions")
        .forEach(
            q ->
                questions.add(
                    new Question(
                        q.get("question").asText(),
                        q.get("answer").asText(),
                        q.get("paragraph").asText())));
    return new Piaf(paragraphs, questions);
  }

  /** The held-out NoMIRACL fixture (see NOTICE.md). */
  static List<Query> nomiracl() {
    return nomiracl("/answer/nomiracl-non-relevant-fr.json");
  }

  static List<Query> nomiracl(String resource) {
    JsonNode root = read(resource);
    List<Query> queries = new ArrayList<>();
    root.get("queries")
        .forEach(
            q -> {
              List<Paragraph> passages = new ArrayList<>();
              q.get("passages")
                  .forEach(
                      p ->
                          passages.add(
                              new Paragraph(
                                  q.get("queryId").asText() + "-" + passages.size(),
                                  p.get("title").asText(),
                                  p.get("text").asText())));
              queries.add(new Query(q.get("query").asText(), passages));
            });
    return queries;
  }

  private static JsonNode read(String resource) {
    try (InputStream in = AnswerFixtures.class.getResourceAsStream(resource)) {
      return new ObjectMapper().readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
