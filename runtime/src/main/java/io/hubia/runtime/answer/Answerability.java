package io.hubia.runtime.answer;

import io.hubia.runtime.answer.text.Markers;
import io.hubia.runtime.answer.text.Terms;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * Whether a verified answer answers its question: the last check before a reply. Verified claims
 * are true to their sources, but sentences on the question's topic can still leave it unanswered
 * ("Combien de ponts y a-t-il à Londres ?" answered with a history of London Bridge).
 *
 * <ol>
 *   <li>{@code off_topic}, for every answerer: less than {@link #MIN_QUESTION_COVERAGE} of the
 *       question's content terms ({@link Terms}) in the answer and the titles it cites (a readable
 *       page next to the forbidden one that would answer).
 *   <li>{@code not_answered}, for extractive answers only: the question asks for a number ({@link
 *       AnswerType}: "combien de ponts", "quelle est la longueur") and no kept sentence has one
 *       within {@link #NUMBER_WINDOW} words of the noun counted or of a unit of the quantity asked
 *       ("huit membres", "346 km"); or it asks for a date and none has one; or it asks for a
 *       superlative ("le plus célèbre", "la meilleure", "the largest") and none states it (not
 *       "l'un des plus célèbres", nor "le deuxième plus grand").
 * </ol>
 *
 * <p>Measured on NoMIRACL's French questions against NoMIRACL's own passages, on their topic but
 * judged not to answer them, and on PIAF questions with their gold paragraph among 5 (figures in
 * {@code docs/answering.md}): the checks above are the ones that make fallbacks there without
 * costing PIAF answers. Three were measured and left out: a name for "qui" and "où" questions (most
 * sentences hold a capitalised word; it cost more PIAF answers than it saved), and a least share of
 * the question's terms in the best sentence, or a least question-sentence score: NoMIRACL's short
 * questions are covered better by their non-answers than PIAF's by their answers, so every
 * threshold cost more answers than it saved.
 *
 * <p>Model answers get the {@code off_topic} check only: a model is told to say when the sources do
 * not answer (a claim the verifier does not keep), and it words its answers itself ("Il y en a huit
 * [1]."), which the extractive checks, made for sentences copied from the sources, would misread.
 */
public final class Answerability {
  /**
   * Least share of the question's content terms in the answer and the titles it cites, measured on
   * the example's golden questions ({@code examples/federation/questions.md}).
   */
  public static final double MIN_QUESTION_COVERAGE = 0.5;

  /**
   * Most words between a number and the noun it counts or its unit ("346 km", "huit membres"). On
   * the calibration half, 5 kept as many PIAF answers and let more non-answers through.
   */
  static final int NUMBER_WINDOW = 3;

  private Answerability() {}

  /** The outcome, with a stable reason for metrics, audit and the fallback. */
  public enum Verdict {
    ANSWERED("answered"),
    /** The answer is about something else than the question. */
    OFF_TOPIC("off_topic"),
    /** The answer is on the question's topic but does not give what it asks. */
    NOT_ANSWERED("not_answered");

    private final String reason;

    Verdict(String reason) {
      this.reason = reason;
    }

    /** The stable name: {@code answered}, {@code off_topic}, {@code not_answered}. */
    public String reason() {
      return reason;
    }
  }

  /**
   * What the check found.
   *
   * @param verdict answered, or why not
   * @param detail what was measured or missing, for the audit trail ({@code "coverage 0.75"},
   *     {@code "no number near: pont"})
   */
  public record Judgement(Verdict verdict, String detail) {
    public Judgement {
      Objects.requireNonNull(verdict, "verdict");
      Objects.requireNonNull(detail, "detail");
    }

    public boolean answered() {
      return verdict == Verdict.ANSWERED;
    }
  }

  /**
   * Judges a sufficient verification of an answer to {@code question}.
   *
   * @param extractive whether the extractive answerer wrote it (sentences of the sources), which
   *     the checks for numbers, dates and superlatives apply to
   */
  public static Judgement judge(String question, Verification verification, boolean extractive) {
    double coverage = coverage(question, verification);
    String measured = String.format(Locale.ROOT, "coverage %.2f", coverage);
    if (coverage < MIN_QUESTION_COVERAGE) {
      return new Judgement(Verdict.OFF_TOPIC, measured);
    }
    if (!extractive) {
      return new Judgement(Verdict.ANSWERED, measured);
    }
    List<String> claims =
        verification.claims().stream()
            .filter(c -> c.status() == Verification.Status.SUPPORTED)
            .map(c -> Markers.strip(c.text()))
            .toList();
    String missing = missing(question, claims);
    return missing == null
        ? new Judgement(Verdict.ANSWERED, measured)
        : new Judgement(Verdict.NOT_ANSWERED, measured + ", " + missing);
  }

  /** What the question asks for that none of the claims gives, or {@code null}. */
  static String missing(String question, List<String> claims) {
    AnswerType type = AnswerType.of(question);
    if (type == AnswerType.NUMBER) {
      Set<String> focus = AnswerType.focus(question);
      if (claims.stream()
          .noneMatch(c -> AnswerType.numberNear(c, question, focus, NUMBER_WINDOW))) {
        return focus.isEmpty() ? "no number" : "no number near: " + String.join(" ", focus);
      }
    } else if (type == AnswerType.DATE) {
      Set<String> terms = Terms.set(question);
      if (claims.stream().noneMatch(c -> type.heldBy(c, question, terms))) {
        return "no date";
      }
    }
    Superlative superlative = Superlative.of(question);
    if (superlative != null && claims.stream().noneMatch(superlative::statedBy)) {
      return "no superlative: " + superlative;
    }
    return null;
  }

  /** Share of the question's content terms found in the answer or the titles it cites. */
  static double coverage(String question, Verification verification) {
    Set<String> asked = Terms.set(question);
    if (asked.isEmpty()) {
      return 1;
    }
    StringBuilder text = new StringBuilder(verification.text());
    verification.cited().forEach(e -> text.append('\n').append(e.chunk().title()));
    Set<String> found = Terms.set(text.toString());
    return asked.stream().filter(found::contains).count() / (double) asked.size();
  }

  /**
   * A superlative the question asks for: "le plus célèbre" ({@code plus}, {@code celebr}), "le plus
   * de titres", "la meilleure" ({@code meilleur}, no adjective), "the most famous", "the largest".
   *
   * @param marker the folded word that makes it superlative: {@code plus}, {@code moins}, {@code
   *     most}, {@code least}, or the superlative itself ({@code meilleur}, {@code largest})
   * @param adjective the folded adjective after {@code plus}/{@code most}, or {@code null}
   */
  record Superlative(String marker, String adjective) {
    private static final Set<String> ARTICLES =
        Set.of("le", "la", "les", "l", "the", "son", "sa", "ses", "leur", "leurs", "its", "their");
    private static final Set<String> DEGREE = Set.of("plus", "moins", "most", "least");
    private static final Set<String> WORDS =
        Set.of(
            "meilleur",
            "meilleure",
            "meilleurs",
            "meilleures",
            "pire",
            "pires",
            "best",
            "worst",
            "largest",
            "biggest",
            "highest",
            "longest",
            "oldest",
            "greatest",
            "smallest",
            "tallest",
            "richest",
            "fastest",
            "youngest");
    private static final Set<String> ONE_OF = Set.of("un", "une", "one");
    private static final Set<String> OF = Set.of("des", "de", "d", "of");
    private static final Set<String> ORDINALS =
        Set.of("second", "seconde", "third", "fourth", "fifth", "2e", "3e", "4e", "5e", "2nd");

    /** The superlative of a question, or {@code null} when it asks for none. */
    static Superlative of(String question) {
      List<String> words = Terms.words(question);
      for (int i = 1; i < words.size(); i++) {
        String word = words.get(i);
        if (!ARTICLES.contains(words.get(i - 1))) {
          continue;
        }
        if (WORDS.contains(word)) {
          return new Superlative(word, null);
        }
        if (DEGREE.contains(word)) {
          int next = i + 1;
          if (next < words.size()
              && (words.get(next).equals("de") || words.get(next).equals("of"))) {
            next++; // "le plus de titres"
          }
          return new Superlative(word, next < words.size() ? words.get(next) : null);
        }
      }
      return null;
    }

    /**
     * Whether a sentence states this superlative after an article ("la plus célèbre", not the
     * comparative "encore plus célèbre"), not as "l'un des plus célèbres" nor "le deuxième plus".
     */
    boolean statedBy(String sentence) {
      List<String> words = Terms.words(sentence);
      for (int i = 0; i < words.size(); i++) {
        String word = words.get(i);
        boolean stated;
        if (DEGREE.contains(marker)) {
          stated = word.equals(marker) && adjectiveWithin(words, i + 1, 3);
        } else {
          stated = sameWord(word, marker);
        }
        if (stated && i > 0 && ARTICLES.contains(words.get(i - 1)) && !qualified(words, i)) {
          return true;
        }
      }
      return false;
    }

    private boolean adjectiveWithin(List<String> words, int from, int span) {
      if (adjective == null) {
        return true;
      }
      for (int j = from; j < Math.min(words.size(), from + span); j++) {
        if (sameWord(words.get(j), adjective)) {
          return true;
        }
      }
      return false;
    }

    /** "l'un des plus", "parmi les meilleurs", "le deuxième plus grand": not the superlative. */
    private static boolean qualified(List<String> words, int at) {
      for (int j = Math.max(0, at - 5); j < at; j++) {
        String w = words.get(j);
        String next = words.get(j + 1);
        if ((ONE_OF.contains(w) && OF.contains(next)) || w.equals("parmi") || w.equals("among")) {
          return true;
        }
        if (j >= at - 2 && (ORDINALS.contains(w) || w.endsWith("ieme"))) {
          return true;
        }
      }
      return false;
    }

    /** Same word up to its ending: {@code celebre}, {@code celebres}; {@code meilleur(e)(s)}. */
    private static boolean sameWord(String a, String b) {
      String x = Terms.stem(a);
      String y = Terms.stem(b);
      if (x.equals(y)) {
        return true;
      }
      int common = 0;
      while (common < Math.min(x.length(), y.length()) && x.charAt(common) == y.charAt(common)) {
        common++;
      }
      return common >= Lexical.PREFIX;
    }

    @Override
    public String toString() {
      return adjective == null ? marker : marker + " " + adjective;
    }
  }
}
