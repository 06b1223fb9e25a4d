package io.hubia.runtime.answer;

import io.hubia.runtime.answer.text.Markers;
import io.hubia.runtime.answer.text.Sentences;
import io.hubia.runtime.answer.text.Terms;
import io.hubia.runtime.ingest.embed.Embedder;
import io.hubia.runtime.ingest.screen.InjectionScreener;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The built-in answerer, without a model: picks the sentences of the evidence that best answer the
 * question and cites each with its evidence number. Deterministic.
 *
 * <p>Each sentence of each chunk (Markdown headings, list bullets and emphasis removed; headings,
 * fragments and list introductions left out) is scored:
 *
 * <pre>
 *   score = SIMILARITY_WEIGHT * ramp(cosine(question, sentence))          0.25, ramp 0.30..0.70
 *         + OVERLAP_WEIGHT    * share of the question's terms in the sentence   0.40
 *                               or its title, each weighted by its rarity
 *                               (log inverse frequency among the evidence's sentences)
 *         + RARE_WEIGHT       * share of the question's rarest terms held     0.10, gated
 *         + TYPE_WEIGHT       * holds the expected answer type (a number for  0.10, gated
 *                               "combien", a date for "quand", a name for "qui"; AnswerType)
 *         + POSITION_WEIGHT   / (1 + index of the sentence in its chunk)       0.05
 *         + RELEVANCE_WEIGHT  * relevance of its evidence                      0.10
 * </pre>
 *
 * "Gated": multiplied by {@code min(1, overlap / BONUS_OVERLAP)}. Calibrated on 250 PIAF questions
 * (gold paragraph among 5) against 250 NoMIRACL questions on unrelated paragraphs, none of them in
 * the test fixtures: the best sentence contains the gold answer for 57% of the questions (68% with
 * its context sentence and the others kept), and 95% of the NoMIRACL questions fall back.
 *
 * <p>The best sentence must reach {@link #MIN_SENTENCE_SCORE}, else the draft is empty (and the
 * verifier falls back). Its context comes with it when both fit in {@link #CONTEXT_CHARS}: the
 * sentence before when it starts with a pronoun, else the sentence after (on PIAF, where the answer
 * is often in the sentence after the one repeating the question's words, this finds the answer for
 * 7 more questions in 100). Up to {@link #MAX_SENTENCES} sentences in all, scoring at least {@link
 * #KEEP_RATIO} of the best, are then taken by maximal marginal relevance, near-duplicates dropped,
 * within {@link #MAX_CHARS} characters; they are written in evidence order, then in their order in
 * the chunk, each followed by its marker: {@code "Le Sénat compte huit membres [2]."}. The
 * sentences are the sources' own, in their language, whatever the request's language.
 */
public final class ExtractiveAnswerer implements Answerer {
  /** Who wrote the drafts, in {@link DraftAnswer#answeredBy()}. */
  public static final String NAME = "extractive";

  /** The ingestion screener, for the sentences of chunks flagged as possible injection. */
  private static final InjectionScreener QUOTABLE = new InjectionScreener();

  static final double SIMILARITY_WEIGHT = 0.25;
  static final double OVERLAP_WEIGHT = 0.40;
  static final double RARE_WEIGHT = 0.10;
  static final double TYPE_WEIGHT = 0.10;
  static final double POSITION_WEIGHT = 0.05;
  static final double RELEVANCE_WEIGHT = 0.10;

  /**
   * Overlap at which the rare-term and answer-type bonuses count in full; below, they shrink in
   * proportion, so that one shared word does not earn them.
   */
  static final double BONUS_OVERLAP = 0.5;

  /** Sentence cosine ramp: 0 at or below LOW, 1 at or above HIGH. */
  static final double COSINE_LOW = 0.30;

  static final double COSINE_HIGH = 0.70;

  /** Least score of the best sentence for there to be an answer. */
  static final double MIN_SENTENCE_SCORE = 0.35;

  /** Least score of another sentence, as a share of the best one's. */
  static final double KEEP_RATIO = 0.80;

  static final int MAX_SENTENCES = 4;
  static final int MAX_CHARS = 600;

  /** Trade-off of relevance and novelty in maximal marginal relevance. */
  static final double MMR_LAMBDA = 0.7;

  /** A sentence this close to one already taken (cosine, or shared terms) is a duplicate. */
  static final double DUPLICATE_COSINE = 0.92;

  static final double DUPLICATE_TERMS = 0.7;

  /** Longest best sentence and its context sentence together. */
  static final int CONTEXT_CHARS = 450;

  /** First words that refer to an earlier sentence. */
  static final Set<String> ANAPHORA =
      Set.of(
          "il", "elle", "ils", "elles", "ce", "cet", "cette", "ces", "cela", "ceci", "celui",
          "celle", "ceux", "celles", "ca", "son", "sa", "ses", "leur", "leurs", "he", "she", "they",
          "it", "this", "these", "those", "his", "her", "its", "their");

  /** Shortest sentence worth answering with. */
  static final int MIN_WORDS = 4;

  private final Embedder embedder;

  public ExtractiveAnswerer(Embedder embedder) {
    this.embedder = Objects.requireNonNull(embedder, "embedder");
  }

  /** A sentence of the evidence that may answer. */
  record Candidate(
      Evidence evidence, int index, String text, Set<String> terms, Set<String> withTitle) {}

  /** A candidate with its score, the parts of the score and its embedding. */
  record Scored(
      Candidate candidate,
      double score,
      double cosine,
      double overlap,
      double rare,
      double typed,
      float[] vector) {}

  @Override
  public DraftAnswer answer(AnswerRequest request) {
    List<Scored> scored = score(request.question(), request.evidence());
    List<Scored> chosen = choose(scored);
    return DraftAnswer.extractive(write(chosen));
  }

  /** Every candidate sentence of the evidence with its score, best first. */
  List<Scored> score(String question, List<Evidence> evidence) {
    List<Candidate> candidates = candidates(evidence);
    if (candidates.isEmpty()) {
      return List.of();
    }
    List<String> texts = new ArrayList<>(candidates.size() + 1);
    texts.add(question);
    candidates.forEach(c -> texts.add(c.text()));
    List<float[]> vectors = embedder.embedAll(texts);

    Map<String, Integer> df = new HashMap<>();
    for (Candidate c : candidates) {
      c.withTitle().forEach(t -> df.merge(t, 1, Integer::sum));
    }
    int n = candidates.size();
    Map<String, Double> weights = new LinkedHashMap<>();
    for (String term : Terms.set(question)) {
      int f = df.getOrDefault(term, 0);
      weights.put(term, Math.log(1 + (n + 1.0) / (f + 1.0)));
    }
    int rarest =
        weights.keySet().stream()
            .mapToInt(t -> df.getOrDefault(t, 0))
            .filter(f -> f > 0)
            .min()
            .orElse(0);
    List<String> rare =
        weights.keySet().stream().filter(t -> df.getOrDefault(t, 0) == rarest).toList();

    AnswerType type = AnswerType.of(question);
    List<Scored> scored = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      Candidate c = candidates.get(i);
      double cosine = Lexical.cosine(vectors.get(0), vectors.get(i + 1));
      double similarity = Lexical.ramp(cosine, COSINE_LOW, COSINE_HIGH);
      double overlap = Lexical.coverage(weights, c.withTitle());
      double rareShare =
          rarest == 0
              ? 0
              : rare.stream().filter(t -> c.terms().contains(t)).count() / (double) rare.size();
      double typed = type.heldBy(c.text(), question, weights.keySet()) ? 1 : 0;
      double gate = Math.min(1, overlap / BONUS_OVERLAP);
      double score =
          SIMILARITY_WEIGHT * similarity
              + OVERLAP_WEIGHT * overlap
              + RARE_WEIGHT * rareShare * gate
              + TYPE_WEIGHT * typed * gate
              + POSITION_WEIGHT / (1 + c.index())
              + RELEVANCE_WEIGHT * Math.max(0, Math.min(1, c.evidence().relevance()));
      scored.add(new Scored(c, score, cosine, overlap, rareShare, typed, vectors.get(i + 1)));
    }
    scored.sort(Comparator.comparingDouble(Scored::score).reversed());
    return scored;
  }

  /** The sentences to answer with, in answer order; empty when the best is not good enough. */
  static List<Scored> choose(List<Scored> scored) {
    if (scored.isEmpty() || scored.get(0).score() < MIN_SENTENCE_SCORE) {
      return List.of();
    }
    Scored best = scored.get(0);
    double floor = Math.max(MIN_SENTENCE_SCORE, KEEP_RATIO * best.score());
    List<Scored> pool = new ArrayList<>(scored.stream().filter(s -> s.score() >= floor).toList());
    List<Scored> chosen = new ArrayList<>();
    chosen.add(best);
    pool.remove(best);
    int chars = best.candidate().text().length() + 5;
    Scored context = context(best, scored);
    if (context != null && !isDuplicate(context, chosen)) {
      chosen.add(context);
      pool.remove(context);
      chars += context.candidate().text().length() + 5;
    }
    while (!pool.isEmpty() && chosen.size() < MAX_SENTENCES) {
      Scored next = null;
      double bestMmr = Double.NEGATIVE_INFINITY;
      for (Scored s : pool) {
        double redundancy = 0;
        for (Scored c : chosen) {
          redundancy = Math.max(redundancy, Lexical.cosine(s.vector(), c.vector()));
        }
        double mmr = MMR_LAMBDA * s.score() - (1 - MMR_LAMBDA) * redundancy;
        if (mmr > bestMmr) {
          bestMmr = mmr;
          next = s;
        }
      }
      pool.remove(next);
      if (isDuplicate(next, chosen)) {
        continue;
      }
      int length = next.candidate().text().length() + 5;
      if (!chosen.isEmpty() && chars + length > MAX_CHARS) {
        continue; // too long to add; a shorter one may still fit
      }
      chosen.add(next);
      chars += length;
    }
    chosen.sort(
        Comparator.comparingInt((Scored s) -> s.candidate().evidence().number())
            .thenComparingInt(s -> s.candidate().index()));
    return chosen;
  }

  /**
   * The sentence that gives the best one its context, if both fit in {@link #CONTEXT_CHARS}: the
   * one before when the best starts with a pronoun ("Il", "Cette"...), else the one after, where
   * the answer often is when the best one only repeats the question's words.
   */
  static Scored context(Scored best, List<Scored> scored) {
    Candidate c = best.candidate();
    String first = c.text().split("[\\s,']+", 2)[0];
    int wanted = ANAPHORA.contains(Terms.fold(first)) ? c.index() - 1 : c.index() + 1;
    for (Scored s : scored) {
      Candidate other = s.candidate();
      if (other.evidence() == c.evidence() && other.index() == wanted) {
        return c.text().length() + other.text().length() <= CONTEXT_CHARS ? s : null;
      }
    }
    return null;
  }

  private static boolean isDuplicate(Scored s, List<Scored> chosen) {
    for (Scored c : chosen) {
      if (Lexical.cosine(s.vector(), c.vector()) >= DUPLICATE_COSINE) {
        return true;
      }
      Set<String> a = s.candidate().terms();
      Set<String> b = c.candidate().terms();
      long shared = a.stream().filter(b::contains).count();
      if (!a.isEmpty() && shared >= DUPLICATE_TERMS * Math.min(a.size(), b.size())) {
        return true;
      }
    }
    return false;
  }

  /** The draft: each sentence followed by its marker, before its final punctuation. */
  static String write(List<Scored> chosen) {
    StringBuilder answer = new StringBuilder();
    for (Scored s : chosen) {
      String text = s.candidate().text();
      if (chosen.size() == 1 && text.length() > MAX_CHARS) {
        int cut = text.lastIndexOf(' ', MAX_CHARS - 2);
        text = text.substring(0, cut > 0 ? cut : MAX_CHARS - 2).strip() + " …";
      }
      int end = text.length();
      while (end > 0 && ".!?…;:".indexOf(text.charAt(end - 1)) >= 0) {
        end--;
      }
      String punctuation = text.substring(end);
      String body = text.substring(0, end).strip();
      if (punctuation.isEmpty() || punctuation.startsWith(";") || punctuation.startsWith(":")) {
        punctuation = ".";
      }
      if (!answer.isEmpty()) {
        answer.append(' ');
      }
      answer
          .append(body)
          .append(" [")
          .append(s.candidate().evidence().number())
          .append(']')
          .append(punctuation);
    }
    return answer.toString();
  }

  /**
   * The sentence without the quotes and brackets it closes or opens but not both, as when a quote
   * spans several sentences: {@code "« En 1977, le vote..."} loses its {@code «}.
   */
  static String balance(String sentence) {
    String s = sentence;
    for (String pair : new String[] {"«»", "“”", "()"}) {
      char open = pair.charAt(0);
      char close = pair.charAt(1);
      StringBuilder kept = new StringBuilder(s.length());
      List<Integer> opened = new ArrayList<>();
      for (int i = 0; i < s.length(); i++) {
        char c = s.charAt(i);
        if (c == close && opened.isEmpty()) {
          continue; // closes nothing
        }
        if (c == open) {
          opened.add(kept.length());
        } else if (c == close) {
          opened.remove(opened.size() - 1);
        }
        kept.append(c);
      }
      for (int k = opened.size() - 1; k >= 0; k--) {
        kept.deleteCharAt(opened.get(k)); // opens something never closed
      }
      s = kept.toString();
    }
    return s.equals(sentence)
        ? s
        : s.replaceAll("\\s{2,}", " ").replaceAll("\\s+([.,])", "$1").strip();
  }

  /** The sentences of the evidence that could answer: no headings, fragments or list intros. */
  static List<Candidate> candidates(List<Evidence> evidence) {
    List<Candidate> candidates = new ArrayList<>();
    for (Evidence e : evidence) {
      String text = e.chunk().text();
      if (text == null || text.isBlank()) {
        continue;
      }
      Set<String> titleTerms = Terms.set(e.chunk().title() == null ? "" : e.chunk().title());
      int index = 0;
      for (Sentences.Sentence sentence : Sentences.split(text)) {
        if (Sentences.isHeading(sentence.text()) || sentence.text().strip().startsWith("|")) {
          continue;
        }
        String clean = balance(Markers.strip(Sentences.clean(sentence.text())));
        int position = index++;
        if (clean.endsWith(":") || clean.split("\\s+").length < MIN_WORDS) {
          continue;
        }
        if (e.flaggedAsInjection() && !QUOTABLE.screen(clean).reasons().isEmpty()) {
          continue; // a flagged chunk's sentence that matches any attack pattern is never quoted
        }
        Set<String> terms = Terms.set(clean);
        if (terms.isEmpty()) {
          continue;
        }
        Set<String> withTitle = new java.util.LinkedHashSet<>(terms);
        withTitle.addAll(titleTerms);
        candidates.add(new Candidate(e, position, clean, terms, withTitle));
      }
    }
    return candidates;
  }
}
