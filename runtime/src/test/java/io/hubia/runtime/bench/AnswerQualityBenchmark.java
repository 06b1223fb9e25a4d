package io.hubia.runtime.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.hubia.api.v1alpha1.spec.Language;
import io.hubia.eval.AnswerMetrics;
import io.hubia.runtime.agent.AskRetrievalSettings;
import io.hubia.runtime.answer.text.LanguageDetector;
import io.hubia.runtime.bench.AnswerQualityCorpus.NoMiracl;
import io.hubia.runtime.bench.AnswerQualityCorpus.NonRelevantQuery;
import io.hubia.runtime.bench.AnswerQualityCorpus.Passage;
import io.hubia.runtime.bench.AnswerQualityCorpus.Piaf;
import io.hubia.runtime.bench.AnswerQualityCorpus.Question;
import io.hubia.runtime.ingest.embed.InProcessEmbedder;
import io.hubia.runtime.testing.LocalModeProcess;
import io.hubia.search.ChunkFields;
import io.hubia.search.OpenSearchClients;
import io.hubia.search.index.IndexNames;
import io.hubia.search.retrieve.HybridRetriever;
import io.hubia.search.retrieve.RetrievalRequest;
import io.hubia.search.retrieve.RetrievedChunk;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opensearch.client.opensearch.OpenSearchClient;

/**
 * Answer quality of {@code /ask} with the extractive answerer, in local mode over HTTP, on PIAF
 * v1.0 (French Wikipedia paragraphs with crowd-sourced questions; MIT, DINUM/Etalab; origin
 * etalab-ia/piaf-code @ 86948a73b26498948e70ad92e4b9b0231eac81f7, {@code piaf-v1.0.json}) and on
 * the NoMIRACL French non-relevant test queries (Apache-2.0; origin project-miracl/nomiracl @
 * 9c787daa077ffff9c22395442b91de944256b2f1, {@code
 * results/baselines/non_relevant/fr.test.vanilla_prompt.jsonl}), next to a retrieval-only baseline
 * measured in the same run.
 *
 * <p>One index holds the 761 PIAF paragraphs and the NoMIRACL passages (the related passages that
 * were judged not to answer their query: the fallback test is fair only if they can be found). A
 * deterministic sample of PIAF questions (the first N after a shuffle with seed 42, as {@code
 * RetrievalQualityBenchmark} samples) and every non-relevant query are asked one at a time with a
 * development token. For PIAF, an answer is scored against the gold answer (token F1 and
 * containment after {@link AnswerMetrics#normalise}: case, accents, punctuation, French articles
 * and citation markers do not count) and its citations against the gold paragraph; a fallback
 * scores 0. The baseline pastes the top chunk of the same hybrid retrieval (same alias, fusion,
 * labels and language, queried from this JVM) as if it were the answer.
 *
 * <p>Not a test: runs only with {@code ./mvnw -B -Pbench verify -pl runtime -am}. System
 * properties: {@code hubia.piaf} (default {@code datasets/piaf-v1-fr/piaf-v1.0.json} from the
 * project root), {@code hubia.nomiracl} (default {@code
 * datasets/nomiracl-fr/non_relevant.fr.test.jsonl}), {@code hubia.bench.piafQuestions} (default
 * 300), {@code hubia.bench.nomiraclQueries} (default all), {@code bench.outputDir}. Results: a
 * table on stdout, {@code answer-quality.json} and every reply in {@code
 * answer-quality-replies.json}.
 */
class AnswerQualityBenchmark {
  private static final String DEFAULT_PIAF = "datasets/piaf-v1-fr/piaf-v1.0.json";
  private static final String DEFAULT_NOMIRACL = "datasets/nomiracl-fr/non_relevant.fr.test.jsonl";
  private static final long SAMPLE_SEED = 42;
  private static final int WARMUP_QUESTIONS = 5;
  private static final Duration READY_TIMEOUT = Duration.ofMinutes(15);
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final Pattern INGESTED =
      Pattern.compile(
          AnswerQualityCorpus.INDEX
              + ": (\\d+) documents, (\\d+) chunks in \\S+ \\(([\\d.]+) s\\)");

  @TempDir static Path folder;

  /** One reply of {@code /ask}, as scored. */
  record Reply(
      String question,
      int status,
      long millis,
      boolean fallback,
      String fallbackReason,
      String answer,
      List<String> cited) {}

  /** Scores of one text (an answer or a chunk) against a PIAF question. */
  record Score(boolean hit, double f1, boolean contains) {}

  @Test
  void measuresAnswerQualityOnPiafAndNoMiracl() throws Exception {
    long runStart = System.nanoTime();
    Path piafFile = dataset("hubia.piaf", DEFAULT_PIAF);
    Path noMiraclFile = dataset("hubia.nomiracl", DEFAULT_NOMIRACL);
    Piaf piaf = AnswerQualityCorpus.readPiaf(piafFile);
    NoMiracl noMiracl = AnswerQualityCorpus.readNoMiracl(noMiraclFile);
    int piafCount = Integer.getInteger("hubia.bench.piafQuestions", 300);
    int noMiraclCount = Integer.getInteger("hubia.bench.nomiraclQueries", Integer.MAX_VALUE);
    List<Question> shuffled =
        AnswerQualityCorpus.sample(piaf.questions(), Integer.MAX_VALUE, SAMPLE_SEED);
    List<Question> questions = shuffled.subList(0, Math.min(piafCount, shuffled.size()));
    List<Question> warmup =
        shuffled.subList(
            questions.size(), Math.min(shuffled.size(), questions.size() + WARMUP_QUESTIONS));
    List<NonRelevantQuery> queries =
        noMiraclCount >= noMiracl.queries().size()
            ? noMiracl.queries()
            : AnswerQualityCorpus.sample(noMiracl.queries(), noMiraclCount, SAMPLE_SEED);
    List<Passage> passages = noMiracl.passagesOf(queries);
    AnswerQualityCorpus.writeResourceFolder(folder, piaf.paragraphs(), passages);
    System.out.printf(
        Locale.ROOT,
        "PIAF: %d paragraphs, %d questions, %d asked; NoMIRACL non-relevant: %d queries asked,"
            + " %d passages; folder %s%n",
        piaf.paragraphs().size(),
        piaf.questions().size(),
        questions.size(),
        queries.size(),
        passages.size(),
        folder);

    Path out = outputDir();
    Files.createDirectories(out);
    List<Reply> piafReplies = new ArrayList<>();
    List<Reply> noMiraclReplies = new ArrayList<>();
    List<RetrievedChunk> topChunks = new ArrayList<>();
    List<List<String>> topDocuments = new ArrayList<>();
    List<Long> retrievalMillis = new ArrayList<>();
    String ingestion;
    List<ProcessHandle> left;
    long askStart;
    double askSeconds;
    try (LocalModeProcess local =
        LocalModeProcess.start(
            folder.toString(), out.resolve("answer-quality-local-mode.log"), READY_TIMEOUT)) {
      ingestion = local.console();
      String token = local.token("{\"subject\":\"bench\",\"claims\":{}}");

      retrievalOnly(
          local.openSearchUrl(), warmup, questions, topChunks, topDocuments, retrievalMillis);

      for (Question q : warmup) {
        ask(local, token, q.text());
      }
      askStart = System.nanoTime();
      for (Question q : questions) {
        piafReplies.add(ask(local, token, q.text()));
      }
      for (NonRelevantQuery q : queries) {
        noMiraclReplies.add(ask(local, token, q.text()));
      }
      askSeconds = (System.nanoTime() - askStart) / 1e9;
      left = local.stop();
    }

    // Scores: a fallback, or an empty retrieval, scores 0 everywhere.
    List<Score> answerScores = new ArrayList<>();
    List<Score> chunkScores = new ArrayList<>();
    for (int i = 0; i < questions.size(); i++) {
      Question q = questions.get(i);
      Reply r = piafReplies.get(i);
      String gold = AnswerQualityCorpus.piafDocumentId(q.paragraphId());
      answerScores.add(
          r.fallback()
              ? new Score(false, 0, false)
              : score(r.answer(), r.cited().contains(gold), q.answers()));
      RetrievedChunk top = topChunks.get(i);
      chunkScores.add(
          top == null
              ? new Score(false, 0, false)
              : score(top.text(), top.documentId().equals(gold), q.answers()));
    }
    Map<String, Object> extractive = extractiveFigures(piafReplies, answerScores);
    Map<String, Object> baseline =
        retrievalOnlyFigures(questions, topChunks, topDocuments, chunkScores, retrievalMillis);
    Map<String, Object> ratios = new LinkedHashMap<>();
    ratios.put("tokenF1", quotient(sumF1(answerScores), sumF1(chunkScores)));
    ratios.put(
        "goldParagraphHit",
        quotient(count(answerScores, Score::hit), count(chunkScores, Score::hit)));
    ratios.put(
        "containment",
        quotient(count(answerScores, Score::contains), count(chunkScores, Score::contains)));
    ratios.put(
        "note",
        "extractive over all questions (fallback = 0) ÷ top chunk; hit: cited gold paragraph ÷"
            + " R@1");

    int noMiraclFallbacks = (int) noMiraclReplies.stream().filter(Reply::fallback).count();
    Map<String, Object> nonRelevant = new LinkedHashMap<>();
    nonRelevant.put("queries", noMiraclReplies.size());
    nonRelevant.put("fallbacks", noMiraclFallbacks);
    nonRelevant.put("fallbackRate", ratio(noMiraclFallbacks, noMiraclReplies.size()));
    nonRelevant.put("fallbackReasons", reasons(noMiraclReplies));
    nonRelevant.put("latencyMs", latency(noMiraclReplies));

    List<Reply> all = new ArrayList<>(piafReplies);
    all.addAll(noMiraclReplies);
    int non200 = count(all, r -> r.status() != 200);

    Map<String, Object> report = new LinkedHashMap<>();
    report.put("settings", settings(questions.size(), queries.size()));
    report.put(
        "dataset",
        dataset(piafFile, noMiraclFile, piaf, noMiracl, questions, queries, passages, ingestion));
    report.put("extractive", extractive);
    report.put("retrievalOnly", baseline);
    report.put("extractiveOverRetrievalOnly", ratios);
    report.put("noMiraclNonRelevant", nonRelevant);
    Map<String, Object> http = new LinkedHashMap<>();
    http.put("requests", all.size());
    http.put("non200", non200);
    http.put("askSeconds", round(askSeconds));
    report.put("http", http);
    report.put("processesLeftAfterStop", left.size());
    report.put("totalSeconds", round((System.nanoTime() - runStart) / 1e9));

    String table = table(extractive, baseline, ratios, nonRelevant);
    System.out.println(table);
    JSON.writeValue(out.resolve("answer-quality.json").toFile(), report);
    Files.writeString(out.resolve("answer-quality.txt"), table);
    JSON.writeValue(
        out.resolve("answer-quality-replies.json").toFile(),
        replies(questions, piafReplies, answerScores, topChunks, chunkScores, noMiraclReplies));
    System.out.println("Written: " + out.resolve("answer-quality.json"));

    // Sanity only: every request answered, the scoring wired to the right ids.
    assertThat(non200).as("requests that did not get HTTP 200").isZero();
    assertThat(piafReplies).hasSize(questions.size());
    assertThat(noMiraclReplies).hasSize(queries.size());
    assertThat((int) extractive.get("answered")).as("PIAF questions answered").isPositive();
    assertThat(count(answerScores, Score::hit))
        .as("answers citing their gold paragraph (citation ids mapped)")
        .isPositive();
    assertThat(count(chunkScores, Score::hit))
        .as("top chunks from the gold paragraph (alias and ids)")
        .isPositive();
    assertThat(all.stream().flatMap(r -> r.cited().stream()))
        .allMatch(
            id ->
                id.startsWith(AnswerQualityCorpus.PIAF_SOURCE + ":")
                    || id.startsWith(AnswerQualityCorpus.NOMIRACL_SOURCE + ":"));
    assertThat(left).as("processes left after local mode stopped").isEmpty();
  }

  private static Map<String, Object> extractiveFigures(List<Reply> replies, List<Score> scores) {
    int n = replies.size();
    int answered = count(replies, r -> !r.fallback());
    int hits = count(scores, Score::hit);
    int contains = count(scores, Score::contains);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("questions", n);
    m.put("answered", answered);
    m.put("fallbacks", n - answered);
    m.put("fallbackRate", ratio(n - answered, n));
    m.put("fallbackReasons", reasons(replies));
    m.put("citesGoldParagraph", hits);
    m.put("citationHitRateOfAnswers", ratio(hits, answered));
    m.put("citationHitRateOfAllQuestions", ratio(hits, n));
    m.put("meanTokenF1AllQuestions", round(sumF1(scores) / n));
    m.put("meanTokenF1OfAnswers", answered == 0 ? 0.0 : round(sumF1(scores) / answered));
    m.put("containsGoldAnswer", contains);
    m.put("containmentRateAllQuestions", ratio(contains, n));
    m.put("containmentRateOfAnswers", ratio(contains, answered));
    m.put("citesGoldAndContainsAnswerRate", ratio(count(scores, s -> s.hit() && s.contains()), n));
    m.put("latencyMs", latency(replies));
    return m;
  }

  private static Map<String, Object> retrievalOnlyFigures(
      List<Question> questions,
      List<RetrievedChunk> topChunks,
      List<List<String>> retrieved,
      List<Score> scores,
      List<Long> millis) {
    int n = questions.size();
    int goldRetrieved = 0;
    for (int i = 0; i < n; i++) {
      String gold = AnswerQualityCorpus.piafDocumentId(questions.get(i).paragraphId());
      goldRetrieved += retrieved.get(i).contains(gold) ? 1 : 0;
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("what", "the top chunk of the same hybrid retrieval, pasted as the answer");
    m.put("questions", n);
    m.put("topChunkFromGoldParagraph", count(scores, Score::hit));
    m.put("recallAt1", ratio(count(scores, Score::hit), n));
    m.put("goldParagraphAmongRetrieved", ratio(goldRetrieved, n));
    m.put("meanTokenF1", round(sumF1(scores) / n));
    m.put("containsGoldAnswer", count(scores, Score::contains));
    m.put("containmentRate", ratio(count(scores, Score::contains), n));
    m.put("emptyRetrievals", count(topChunks, c -> c == null));
    m.put("latencyMsWithQuestionEmbedding", percentiles(millis));
    return m;
  }

  /**
   * Retrieval alone, as {@code /ask} retrieves for its first turn: the question embedded by the
   * same in-process model, its language detected (French by default), the caller's label, the
   * injection flag excluded, the same fusion and top K, on the same alias. Keeps the top chunk and
   * the retrieved document ids of each question, and the time of each (embedding included).
   */
  private static void retrievalOnly(
      URI openSearch,
      List<Question> warmup,
      List<Question> questions,
      List<RetrievedChunk> top,
      List<List<String>> documents,
      List<Long> millis)
      throws Exception {
    OpenSearchClient client = OpenSearchClients.create(openSearch);
    try {
      InProcessEmbedder embedder = new InProcessEmbedder();
      HybridRetriever retriever = new HybridRetriever(client);
      String alias = IndexNames.alias("local", AnswerQualityCorpus.INDEX);
      List<Question> all = new ArrayList<>(warmup);
      all.addAll(questions);
      for (int i = 0; i < all.size(); i++) {
        String q = all.get(i).text();
        long t = System.nanoTime();
        float[] vector = embedder.embedAll(List.of(q)).get(0);
        List<RetrievedChunk> found =
            retriever.retrieve(
                new RetrievalRequest(
                    List.of(alias),
                    q,
                    vector,
                    Set.of(AnswerQualityCorpus.LABEL),
                    Set.of(ChunkFields.FLAG_INJECTION_SUSPECTED),
                    AskRetrievalSettings.DEFAULT_TOP_K,
                    LanguageDetector.detect(q).orElse(Language.FR),
                    AskRetrievalSettings.FUSION));
        if (i < warmup.size()) {
          continue;
        }
        millis.add((System.nanoTime() - t) / 1_000_000);
        top.add(found.isEmpty() ? null : found.get(0));
        documents.add(found.stream().map(RetrievedChunk::documentId).toList());
      }
    } finally {
      client._transport().close();
    }
  }

  private static Reply ask(LocalModeProcess local, String token, String question) throws Exception {
    long t = System.nanoTime();
    HttpResponse<String> response = local.ask(AnswerQualityCorpus.WORKFLOW, token, question);
    long millis = (System.nanoTime() - t) / 1_000_000;
    if (response.statusCode() != 200) {
      return new Reply(
          question, response.statusCode(), millis, true, null, response.body(), List.of());
    }
    JsonNode body = JSON.readTree(response.body());
    List<String> cited = new ArrayList<>();
    body.path("citations").forEach(c -> cited.add(c.path("documentId").asText()));
    return new Reply(
        question,
        200,
        millis,
        body.path("fallback").asBoolean(),
        body.path("fallbackReason").asText(null),
        body.path("answer").asText(),
        cited);
  }

  /** The best score over the gold answers (PIAF has one per question). */
  private static Score score(String text, boolean hit, List<String> answers) {
    double f1 = 0;
    boolean contains = false;
    for (String gold : answers) {
      f1 = Math.max(f1, AnswerMetrics.tokenF1(text, gold));
      contains |= contains(text, gold);
    }
    return new Score(hit, f1, contains);
  }

  /** Whether the normalised tokens of {@code gold} appear in {@code text}'s, in a row. */
  static boolean contains(String text, String gold) {
    List<String> haystack = AnswerMetrics.normalise(text);
    List<String> needle = AnswerMetrics.normalise(gold);
    return !needle.isEmpty() && Collections.indexOfSubList(haystack, needle) >= 0;
  }

  private static Map<String, Object> settings(int piafQuestions, int noMiraclQueries) {
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("mode", "./hubia local <generated folder>, POST /v1/agents/{workflow}/ask over HTTP");
    s.put("workflow", AnswerQualityCorpus.WORKFLOW + " (no spec.model: extractive answerer)");
    s.put("defaultLanguage", "fr");
    s.put(
        "citations",
        "PolicySet defaults (minRetrievalScore 0.2, minSupportScore 0.5,"
            + " minSupportedShare 0.5)");
    s.put("embedding", InProcessEmbedder.MODEL_NAME + " (in-process)");
    s.put("fusion", AskRetrievalSettings.FUSION.toString());
    s.put("topK", AskRetrievalSettings.DEFAULT_TOP_K);
    s.put("sampleSeed", SAMPLE_SEED);
    s.put("piafQuestions", piafQuestions);
    s.put("noMiraclQueries", noMiraclQueries);
    s.put("warmupQuestions", WARMUP_QUESTIONS);
    s.put("clients", 1);
    s.put(
        "scoring",
        "AnswerMetrics.normalise: lower case, accents folded, punctuation, citation markers and"
            + " articles (le la les l' un une des du de d') dropped; fallback scores 0");
    s.put("cores", Runtime.getRuntime().availableProcessors());
    return s;
  }

  private static Map<String, Object> dataset(
      Path piafFile,
      Path noMiraclFile,
      Piaf piaf,
      NoMiracl noMiracl,
      List<Question> questions,
      List<NonRelevantQuery> queries,
      List<Passage> passages,
      String console) {
    Map<String, Object> d = new LinkedHashMap<>();
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("file", piafFile.toString());
    p.put(
        "origin",
        "etalab-ia/piaf-code @ 86948a73b26498948e70ad92e4b9b0231eac81f7, piaf-v1.0.json; MIT"
            + " (DINUM/Etalab)");
    p.put("paragraphs", piaf.paragraphs().size());
    p.put("questions", piaf.questions().size());
    p.put("questionsAsked", questions.size());
    p.put("sampling", "first " + questions.size() + " after shuffle with seed " + SAMPLE_SEED);
    d.put("piaf", p);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("file", noMiraclFile.toString());
    m.put(
        "origin",
        "project-miracl/nomiracl @ 9c787daa077ffff9c22395442b91de944256b2f1,"
            + " results/baselines/non_relevant/fr.test.vanilla_prompt.jsonl; Apache-2.0");
    m.put("queries", noMiracl.queries().size());
    m.put("queriesAsked", queries.size());
    m.put(
        "sampling",
        queries.size() == noMiracl.queries().size()
            ? "all queries"
            : "first " + queries.size() + " after shuffle with seed " + SAMPLE_SEED);
    m.put("passagesIndexed", passages.size());
    m.put("passagesIndexedNote", "the distinct passages of the queries asked");
    d.put("noMiraclNonRelevant", m);
    Matcher ingested = INGESTED.matcher(console);
    if (ingested.find()) {
      Map<String, Object> index = new LinkedHashMap<>();
      index.put("documents", Integer.parseInt(ingested.group(1)));
      index.put("chunks", Integer.parseInt(ingested.group(2)));
      index.put("ingestionSeconds", Double.parseDouble(ingested.group(3)));
      d.put("index", index);
    }
    return d;
  }

  private static List<Map<String, Object>> replies(
      List<Question> questions,
      List<Reply> piafReplies,
      List<Score> answerScores,
      List<RetrievedChunk> topChunks,
      List<Score> chunkScores,
      List<Reply> noMiraclReplies) {
    List<Map<String, Object>> rows = new ArrayList<>();
    for (int i = 0; i < questions.size(); i++) {
      Question q = questions.get(i);
      Reply r = piafReplies.get(i);
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("set", "piaf");
      row.put("id", q.id());
      row.put("question", q.text());
      row.put("gold", q.answers());
      row.put("goldDocument", AnswerQualityCorpus.piafDocumentId(q.paragraphId()));
      row.put("fallback", r.fallback());
      row.put("fallbackReason", r.fallbackReason());
      row.put("answer", r.answer());
      row.put("cited", r.cited());
      row.put("f1", round(answerScores.get(i).f1()));
      row.put("contains", answerScores.get(i).contains());
      RetrievedChunk top = topChunks.get(i);
      row.put("topChunkDocument", top == null ? null : top.documentId());
      row.put("topChunkF1", round(chunkScores.get(i).f1()));
      row.put("ms", r.millis());
      rows.add(row);
    }
    for (Reply r : noMiraclReplies) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("set", "nomiracl-non-relevant");
      row.put("question", r.question());
      row.put("fallback", r.fallback());
      row.put("fallbackReason", r.fallbackReason());
      row.put("answer", r.answer());
      row.put("cited", r.cited());
      row.put("ms", r.millis());
      rows.add(row);
    }
    return rows;
  }

  private static String table(
      Map<String, Object> extractive,
      Map<String, Object> baseline,
      Map<String, Object> ratios,
      Map<String, Object> nonRelevant) {
    StringBuilder sb = new StringBuilder();
    sb.append(
        String.format(
            Locale.ROOT,
            "%nAnswer quality, extractive answerer in local mode: PIAF (%s questions), NoMIRACL"
                + " non-relevant (%s queries)%n",
            extractive.get("questions"),
            nonRelevant.get("queries")));
    line(sb, "", "extractive", "top chunk", "ratio");
    line(
        sb,
        "cites the gold paragraph (all questions)",
        extractive.get("citationHitRateOfAllQuestions"),
        baseline.get("recallAt1"),
        ratios.get("goldParagraphHit"));
    line(
        sb,
        "mean token F1 (all questions, fallback = 0)",
        extractive.get("meanTokenF1AllQuestions"),
        baseline.get("meanTokenF1"),
        ratios.get("tokenF1"));
    line(
        sb,
        "contains the gold answer (all questions)",
        extractive.get("containmentRateAllQuestions"),
        baseline.get("containmentRate"),
        ratios.get("containment"));
    line(sb, "cites the gold paragraph, of answers", extractive.get("citationHitRateOfAnswers"));
    line(sb, "mean token F1, of answers", extractive.get("meanTokenF1OfAnswers"));
    line(sb, "contains the gold answer, of answers", extractive.get("containmentRateOfAnswers"));
    line(
        sb,
        "cites the gold paragraph and contains the answer",
        extractive.get("citesGoldAndContainsAnswerRate"));
    line(
        sb, "gold paragraph among the retrieved", "-", baseline.get("goldParagraphAmongRetrieved"));
    line(sb, "fallback rate, PIAF (answerable)", extractive.get("fallbackRate"));
    line(sb, "fallback rate, NoMIRACL non-relevant", nonRelevant.get("fallbackRate"));
    sb.append(
        String.format(
            Locale.ROOT,
            "fallback reasons: PIAF %s; NoMIRACL %s%n",
            extractive.get("fallbackReasons"),
            nonRelevant.get("fallbackReasons")));
    sb.append(
        String.format(
            Locale.ROOT,
            "latency per answer (ms): PIAF %s; NoMIRACL %s; retrieval only %s%n",
            extractive.get("latencyMs"),
            nonRelevant.get("latencyMs"),
            baseline.get("latencyMsWithQuestionEmbedding")));
    return sb.toString();
  }

  /** One row of the table: a label and up to three figures (fractions with 3 decimals). */
  private static void line(StringBuilder sb, String label, Object... figures) {
    sb.append(String.format(Locale.ROOT, "%-50s", label));
    for (Object figure : figures) {
      String text =
          figure instanceof Double d
              ? String.format(Locale.ROOT, "%.3f", d)
              : String.valueOf(figure);
      sb.append(String.format(Locale.ROOT, " %10s", text));
    }
    sb.append(System.lineSeparator());
  }

  private static Map<String, Long> reasons(List<Reply> replies) {
    Map<String, Long> counts = new TreeMap<>();
    for (Reply r : replies) {
      if (r.fallback()) {
        counts.merge(r.fallbackReason() == null ? "none" : r.fallbackReason(), 1L, Long::sum);
      }
    }
    return counts;
  }

  private static Map<String, Object> latency(List<Reply> replies) {
    return percentiles(replies.stream().map(Reply::millis).toList());
  }

  private static Map<String, Object> percentiles(List<Long> values) {
    Percentiles p = Percentiles.of(values);
    Map<String, Object> s = new LinkedHashMap<>();
    if (p.isEmpty()) {
      return s;
    }
    s.put("p50", p.at(0.50));
    s.put("p95", p.at(0.95));
    s.put("mean", round(p.mean()));
    return s;
  }

  private static double sumF1(List<Score> scores) {
    return scores.stream().mapToDouble(Score::f1).sum();
  }

  private static <T> int count(List<T> values, Predicate<T> test) {
    return (int) values.stream().filter(test).count();
  }

  private static double ratio(int part, int whole) {
    return whole == 0 ? 0 : round((double) part / whole);
  }

  /** {@code a / b} rounded, or null (JSON null) when {@code b} is 0. */
  private static Double quotient(double a, double b) {
    return b == 0 ? null : round(a / b);
  }

  private static double round(double v) {
    return Math.round(v * 1000) / 1000.0;
  }

  /** A dataset file: the system property, else the default path from the project root. */
  private static Path dataset(String property, String defaultPath) {
    String configured = System.getProperty(property);
    Path file =
        configured != null && !configured.isBlank()
            ? Path.of(configured).toAbsolutePath().normalize()
            : LocalModeProcess.ROOT.resolve(defaultPath).normalize();
    if (!Files.isRegularFile(file)) {
      throw new IllegalStateException(
          file + " not found: set -D" + property + "=<file> (default " + defaultPath + ")");
    }
    return file;
  }

  private static Path outputDir() {
    String dir = System.getProperty("bench.outputDir");
    return dir == null || dir.isBlank() ? Path.of("target", "bench") : Path.of(dir);
  }
}
