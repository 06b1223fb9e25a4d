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
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The extractive answerer, the citation verifier and {@link Answerability}, as the runtime chains
 * them, on real French data (fixtures and their origin in {@code
 * src/test/resources/answer/NOTICE.md}), in two halves: the calibration half, which the thresholds
 * of {@link Answerability} were chosen on, and the held-out half, which the bars are set on. Each
 * half has
 *
 * <ul>
 *   <li>60 PIAF questions (20 articles), each with its gold Wikipedia paragraph among 5 (2 other
 *       paragraphs of the same article, 2 of other articles, the gold one at a random place): the
 *       answer must not fall back, must cite the gold paragraph and must contain the gold answer;
 *   <li>NoMIRACL French questions (40 held out, 50 for calibration) that NoMIRACL's annotators
 *       judged none of their passages to answer: asked against 5 unrelated PIAF paragraphs, and
 *       against NoMIRACL's own 4 passages, on the question's topic (the honest test: the reply must
 *       fall back although every passage is about the subject).
 * </ul>
 *
 * The figures of both halves are printed; the bars are set a little under what was measured on the
 * held-out half (the run is deterministic).
 */
class ExtractiveAnswerQualityTest {
  /**
   * Measured 0.53 (32/60) held out, 0.47 (28/60) in calibration: not a fallback 0.63, cites the
   * gold paragraph 0.62, contains the gold answer 0.53. Before {@link Answerability} this test
   * stopped at the verifier and measured 0.57 (34/60); the verifier alone now gives 0.58, {@code
   * off_topic} takes 3 answers and {@code not_answered} none. Most misses are questions whose words
   * are not the paragraph's (the embedding model reads French poorly) or whose answer is in another
   * sentence than the one matching the question.
   */
  static final double PIAF_BAR = 0.5;

  /** Measured 0.98 (39/40) held out, 35 of them on relevance below 0.2; 1.00 in calibration. */
  static final double UNRELATED_BAR = 0.9;

  /**
   * Measured 0.43 (17/40) held out, 14 of them {@code not_answered}; 0.30 (15/50) in calibration.
   * Before {@link Answerability}: 0.03 (1/40) held out, 0.04 in calibration.
   */
  static final double OWN_PASSAGES_BAR = 0.4;

  private static final String HELD_OUT = "held out";
  private static final String CALIBRATION = "calibration";

  private static EvidenceScorer scorer;
  private static ExtractiveAnswerer answerer;
  private static CitationVerifier verifier;

  @BeforeAll
  static void load() {
    scorer = new EvidenceScorer(AnswerFixtures.embedder());
    answerer = new ExtractiveAnswerer(AnswerFixtures.embedder());
    verifier = new CitationVerifier(AnswerFixtures.embedder());
  }

  private static Piaf piaf(String half) {
    return AnswerFixtures.piaf(
        half.equals(HELD_OUT) ? "/answer/piaf-fr.json" : "/answer/piaf-fr-calibration.json");
  }

  private static List<Query> nomiracl(String half) {
    return AnswerFixtures.nomiracl(
        half.equals(HELD_OUT)
            ? "/answer/nomiracl-non-relevant-fr.json"
            : "/answer/nomiracl-non-relevant-fr-calibration.json");
  }

  /** A reply as the runtime decides it: relevance, verification, then answerability. */
  private record Outcome(boolean relevant, Verification verification, Answerability.Judgement j) {
    boolean fallsBack() {
      return reason() != null;
    }

    /** The fallback reason, {@code null} when answered. */
    String reason() {
      if (!relevant) {
        return "low_relevance";
      }
      if (!verification.sufficient()) {
        return verification.decision().reason();
      }
      return j.answered() ? null : j.verdict().reason();
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
    boolean relevant = CitationSettings.DEFAULTS.relevantEnough(evidence);
    Answerability.Judgement judgement =
        relevant && v.sufficient() ? Answerability.judge(question, v, true) : null;
    return new Outcome(relevant, v, judgement);
  }

  private static String article(Paragraph p) {
    return p.id().substring(0, 3);
  }

  @Test
  void answersPiafQuestionsFromTheGoldParagraph() {
    double calibration = piafGoodShare(CALIBRATION);
    double heldOut = piafGoodShare(HELD_OUT);
    System.out.printf("PIAF all three: calibration %.2f, held out %.2f%n", calibration, heldOut);
    assertThat(heldOut).isGreaterThanOrEqualTo(PIAF_BAR);
  }

  private static double piafGoodShare(String half) {
    Piaf piaf = piaf(half);
    Random random = new Random(42);
    List<Paragraph> all = piaf.paragraphs();
    int answered = 0;
    int citesGold = 0;
    int containsAnswer = 0;
    int good = 0;
    int chars = 0;
    int claims = 0;
    Map<String, Integer> reasons = new TreeMap<>();
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
      } else {
        reasons.merge(outcome.reason(), 1, Integer::sum);
      }
      if (ok && cites && contains) {
        good++;
      } else {
        String why = ok ? "answered" : outcome.reason();
        misses.add(q.question() + " => " + q.answer() + " | " + why + ": " + v.text());
      }
    }
    int n = piaf.questions().size();
    System.out.printf(
        "PIAF %s (%d questions, gold among 5 paragraphs): not fallback %.2f, cites gold %.2f,"
            + " contains the answer %.2f, all three %.2f (%d/%d); answers average %d chars,"
            + " %.1f sentences; fallbacks %s%n",
        half,
        n,
        answered / (double) n,
        citesGold / (double) n,
        containsAnswer / (double) n,
        good / (double) n,
        good,
        n,
        chars / Math.max(1, answered),
        claims / (double) Math.max(1, answered),
        reasons);
    misses.forEach(m -> System.out.println("  miss: " + m));
    return good / (double) n;
  }

  @Test
  void fallsBackOnNoMiraclQuestionsUnrelatedParagraphsDoNotAnswer() {
    double calibration = unrelatedFallbackShare(CALIBRATION);
    double heldOut = unrelatedFallbackShare(HELD_OUT);
    System.out.printf(
        "NoMIRACL on unrelated paragraphs, fallback: calibration %.2f, held out %.2f%n",
        calibration, heldOut);
    assertThat(heldOut).isGreaterThanOrEqualTo(UNRELATED_BAR);
  }

  private static double unrelatedFallbackShare(String half) {
    Random random = new Random(7);
    List<Paragraph> all = piaf(half).paragraphs();
    List<Query> queries = nomiracl(half);
    int fallbacks = 0;
    Map<String, Integer> reasons = new TreeMap<>();
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
        reasons.merge(outcome.reason(), 1, Integer::sum);
      } else {
        System.out.println("  answered: " + query.query() + " => " + outcome.verification().text());
      }
    }
    int n = queries.size();
    System.out.printf(
        "NoMIRACL %s (%d questions, 5 unrelated PIAF paragraphs): fallback %.2f (%d/%d) %s%n",
        half, n, fallbacks / (double) n, fallbacks, n, reasons);
    return fallbacks / (double) n;
  }

  @Test
  void fallsBackOnNoMiraclQuestionsTheirOwnSameTopicPassagesDoNotAnswer() {
    double calibration = ownPassagesFallbackShare(CALIBRATION);
    double heldOut = ownPassagesFallbackShare(HELD_OUT);
    System.out.printf(
        "NoMIRACL on their own non-relevant passages, fallback: calibration %.2f, held out %.2f%n",
        calibration, heldOut);
    assertThat(heldOut).isGreaterThanOrEqualTo(OWN_PASSAGES_BAR);
  }

  private static double ownPassagesFallbackShare(String half) {
    List<Query> queries = nomiracl(half);
    int fallbacks = 0;
    Map<String, Integer> reasons = new TreeMap<>();
    for (Query query : queries) {
      Outcome outcome = run(query.query(), query.passages());
      if (outcome.fallsBack()) {
        fallbacks++;
        reasons.merge(outcome.reason(), 1, Integer::sum);
      } else {
        System.out.println("  answered: " + query.query() + " => " + outcome.verification().text());
      }
    }
    int n = queries.size();
    System.out.printf(
        "NoMIRACL %s (%d questions, their own 4 same-topic non-relevant passages): fallback %.2f"
            + " (%d/%d) %s%n",
        half, n, fallbacks / (double) n, fallbacks, n, reasons);
    return fallbacks / (double) n;
  }
}
