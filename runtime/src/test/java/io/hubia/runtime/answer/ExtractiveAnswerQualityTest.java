package io.hubia.runtime.answer;

import static org.assertj.core.api.Assertions.assertThat;

import io.hubia.api.v1alpha1.spec.Language;
import io.hubia.runtime.answer.AnswerFixtures.Paragraph;
import io.hubia.runtime.answer.AnswerFixtures.Piaf;
import io.hubia.runtime.answer.AnswerFixtures.Query;
import io.hubia.runtime.answer.AnswerFixtures.Question;
import io.hubia.runtime.answer.text.Terms;
import io.hubia.search.retrieve.RetrievedChunk;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The extractive answerer and the citation verifier on real French data (fixtures and their origin
 * in {@code src/test/resources/answer/NOTICE.md}):
 *
 * <ul>
 *   <li>60 PIAF questions, each with its gold Wikipedia paragraph among 5 (2 other paragraphs of
 *       the same article, 2 of other articles, the gold one at a random place): the answer must not
 *       fall back, must cite the gold paragraph and must contain the gold answer;
 *   <li>40 NoMIRACL French questions that none of 5 PIAF paragraphs answers: the reply must fall
 *       back (best relevance below {@code minRetrievalScore}, or the verifier's decision).
 * </ul>
 *
 * The figures are printed; the bars are set a little under what was measured (the run is
 * deterministic). The weights were calibrated on other PIAF articles and other NoMIRACL questions
 * than these.
 */
class ExtractiveAnswerQualityTest {
  /**
   * Measured 0.57 (34/60): not a fallback 0.75, cites the gold paragraph 0.72, contains the gold
   * answer 0.57. Most misses are questions whose words are not the paragraph's (the embedding model
   * reads French poorly) or whose answer is in another sentence than the one matching the question.
   */
  static final double PIAF_BAR = 0.5;

  /** Measured 0.90 (36/40), 35 of them on relevance below 0.2. */
  static final double NOMIRACL_BAR = 0.85;

  private static Piaf piaf;
  private static EvidenceScorer scorer;
  private static ExtractiveAnswerer answerer;
  private static CitationVerifier verifier;

  @BeforeAll
  static void load() {
    piaf = AnswerFixtures.piaf();
    scorer = new EvidenceScorer(AnswerFixtures.embedder());
    answerer = new ExtractiveAnswerer(AnswerFixtures.embedder());
    verifier = new CitationVerifier(AnswerFixtures.embedder());
  }

  private record Outcome(Verification verification, boolean relevant) {
    boolean fallsBack() {
      return !relevant || !verification.sufficient();
    }
  }

  private static Outcome run(String question, List<Paragraph> paragraphs) {
    List<RetrievedChunk> chunks = new ArrayList<>();
    for (Paragraph p : paragraphs) {
      chunks.add(AnswerFixtures.chunk(p.id(), p.title(), p.text()));
    }
    List<Evidence> evidence = scorer.evidence(question, chunks);
    DraftAnswer draft =
        answerer.answer(new AnswerRequest(question, Language.FR, evidence, List.of(), null));
    Verification v = verifier.verify(draft, evidence, CitationSettings.DEFAULTS);
    return new Outcome(v, CitationSettings.DEFAULTS.relevantEnough(evidence));
  }

  private static String article(Paragraph p) {
    return p.id().substring(0, 3);
  }

  @Test
  void answersPiafQuestionsFromTheGoldParagraph() {
    Random random = new Random(42);
    List<Paragraph> all = piaf.paragraphs();
    int answered = 0;
    int citesGold = 0;
    int containsAnswer = 0;
    int good = 0;
    int chars = 0;
    int claims = 0;
    List<String> misses = new ArrayList<>();
    for (Question q : piaf.questions()) {
      Paragraph gold = piaf.paragraph(q.paragraph());
      List<Paragraph> others = new ArrayList<>();
      for (Paragraph p : all) {
        if (p != gold && article(p).equals(article(gold)) && others.size() < 2) {
          others.add(p);
        }
      }
      while (others.size() < 4) {
        Paragraph p = all.get(random.nextInt(all.size()));
        if (!article(p).equals(article(gold)) && !others.contains(p)) {
          others.add(p);
        }
      }
      int goldAt = random.nextInt(5);
      others.add(goldAt, gold);
      Outcome outcome = run(q.question(), others);
      Verification v = outcome.verification();
      boolean ok = !outcome.fallsBack();
      boolean cites = v.cited().stream().anyMatch(e -> e.number() == goldAt + 1);
      boolean contains = Terms.fold(v.text()).contains(Terms.fold(q.answer().strip()));
      answered += ok ? 1 : 0;
      citesGold += ok && cites ? 1 : 0;
      containsAnswer += ok && contains ? 1 : 0;
      if (ok) {
        chars += v.text().length();
        claims += v.supportedClaims();
      }
      if (ok && cites && contains) {
        good++;
      } else {
        misses.add(q.question() + " => " + q.answer() + " | " + v.decision() + ": " + v.text());
      }
    }
    int n = piaf.questions().size();
    System.out.printf(
        "PIAF (%d questions, gold among 5 paragraphs): not fallback %.2f, cites gold %.2f,"
            + " contains the answer %.2f, all three %.2f (%d/%d); answers average %d chars,"
            + " %.1f sentences%n",
        n,
        answered / (double) n,
        citesGold / (double) n,
        containsAnswer / (double) n,
        good / (double) n,
        good,
        n,
        chars / Math.max(1, answered),
        claims / (double) Math.max(1, answered));
    misses.forEach(m -> System.out.println("  miss: " + m));
    assertThat(good / (double) n).isGreaterThanOrEqualTo(PIAF_BAR);
  }

  @Test
  void fallsBackOnNoMiraclQuestionsTheParagraphsDoNotAnswer() {
    Random random = new Random(7);
    List<Paragraph> all = piaf.paragraphs();
    List<Query> queries = AnswerFixtures.nomiracl();
    int fallbacks = 0;
    int lowRelevance = 0;
    int hardFallbacks = 0;
    for (Query query : queries) {
      List<Paragraph> unrelated = new ArrayList<>();
      while (unrelated.size() < 5) {
        Paragraph p = all.get(random.nextInt(all.size()));
        if (!unrelated.contains(p)) {
          unrelated.add(p);
        }
      }
      Outcome outcome = run(query.query(), unrelated);
      if (outcome.fallsBack()) {
        fallbacks++;
      } else {
        System.out.println("  answered: " + query.query() + " => " + outcome.verification().text());
      }
      lowRelevance += outcome.relevant() ? 0 : 1;
      // NoMIRACL's own passages, judged non-relevant but on the same topic: reported only
      hardFallbacks += run(query.query(), query.passages()).fallsBack() ? 1 : 0;
    }
    int n = queries.size();
    System.out.printf(
        "NoMIRACL (%d questions, 5 unrelated PIAF paragraphs): fallback %.2f (%d/%d; %d on"
            + " relevance below 0.2); on NoMIRACL's own same-topic non-relevant passages:"
            + " fallback %.2f%n",
        n, fallbacks / (double) n, fallbacks, n, lowRelevance, hardFallbacks / (double) n);
    assertThat(fallbacks / (double) n).isGreaterThanOrEqualTo(NOMIRACL_BAR);
  }
}
