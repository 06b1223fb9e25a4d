package io.hubia.eval.judge;

import io.hubia.eval.AnswerMetrics;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The words a support judgement compares, on top of {@link AnswerMetrics#normalise}: numbers (in
 * digits or in words), negations, and content words (stop words out, French and English), each
 * reduced to a short stem.
 */
final class Words {
  /** Function words left out of the comparison, French and English, accents folded. */
  static final Set<String> STOP_WORDS =
      words(
          """
          a au aux ce ces cet cette c ca ci dans de des du d elle elles en et est sont etre ete
          etait sera seront il ils je j l la le les leur leurs lui me m mes mon ma nous notre nos
          on ou par pour qu que qui quoi quel quelle quels quelles s se sa ses son sur t te ton ta
          tes tu un une vous votre vos y avec entre chez lors dont donc ainsi aussi alors mais car
          si comme tout tous toute toutes meme tres bien encore deja cela ceci celui celle ceux
          celles ont avoir avait soit dire selon voici cas peu pendant apres avant depuis durant
          parmi sous vers chaque pas
          the an of to in at by for with from and or is are was were be been being it its this
          that these those which who whom as do does did has have had will would shall should
          there their they them he she his her we our you your i into than then so also per any
          """);

  /**
   * Words that negate the words after them ("ne peut pas refuser", "non professionnelle", "cannot
   * refuse"); {@code pas} only completes a {@code ne}, so it is a stop word.
   */
  static final Set<String> NEGATIONS =
      words(
          """
          ne n jamais aucun aucune nul nulle rien non ni not no never none nor cannot t
          """);

  /**
   * Content words a negation reaches ("ne peut pas refuser" negates "peut" and "refuser"); "non"
   * reaches one ("non professionnelle").
   */
  static final int NEGATION_REACH = 2;

  /**
   * Names of days and months: like numbers, they must match exactly ("mardi" is not "lundi",
   * however many words two sentences share). English "May" is left out: it is also the modal.
   */
  static final Set<String> DATE_WORDS =
      words(
          """
          lundi mardi mercredi jeudi vendredi samedi dimanche janvier fevrier mars avril mai juin
          juillet aout septembre octobre novembre decembre monday tuesday wednesday thursday
          friday saturday sunday january february march april june july august september
          october november december
          """);

  /** Numbers written in words, read as digits: "quatre mois" and "4 mois" state the same. */
  static final Map<String, String> NUMBER_WORDS =
      Map.ofEntries(
          Map.entry("deux", "2"),
          Map.entry("trois", "3"),
          Map.entry("quatre", "4"),
          Map.entry("cinq", "5"),
          Map.entry("six", "6"),
          Map.entry("sept", "7"),
          Map.entry("huit", "8"),
          Map.entry("neuf", "9"),
          Map.entry("dix", "10"),
          Map.entry("onze", "11"),
          Map.entry("douze", "12"),
          Map.entry("quinze", "15"),
          Map.entry("vingt", "20"),
          Map.entry("trente", "30"),
          Map.entry("quarante", "40"),
          Map.entry("cinquante", "50"),
          Map.entry("cent", "100"),
          Map.entry("mille", "1000"),
          Map.entry("two", "2"),
          Map.entry("three", "3"),
          Map.entry("four", "4"),
          Map.entry("five", "5"),
          Map.entry("seven", "7"),
          Map.entry("eight", "8"),
          Map.entry("nine", "9"),
          Map.entry("ten", "10"),
          Map.entry("eleven", "11"),
          Map.entry("twelve", "12"),
          Map.entry("fifteen", "15"),
          Map.entry("twenty", "20"),
          Map.entry("thirty", "30"),
          Map.entry("forty", "40"),
          Map.entry("fifty", "50"),
          Map.entry("hundred", "100"),
          Map.entry("thousand", "1000"));

  /** Stems keep this many characters: "renouvellement" and "renouvelée" meet at "renouv". */
  static final int STEM_LENGTH = 6;

  private Words() {}

  private static Set<String> words(String text) {
    return Set.of(text.strip().split("\\s+"));
  }

  /**
   * The words of a text, sorted into numbers, content stems and whether it has a negation.
   *
   * @param numbers numbers as written in digits, and names of days and months, decimals with a
   *     point and no trailing zero ("10,90" is "10.9"), ordinals without their suffix ("1er" is
   *     "1")
   * @param stems content words, plural {@code s} or {@code x} dropped, cut to {@value #STEM_LENGTH}
   *     characters
   * @param negated the content stems some negation reaches, at least once
   * @param plain the content stems that occur at least once out of any negation's reach
   */
  record Analysis(
      List<String> numbers, List<String> stems, Set<String> negated, Set<String> plain) {}

  static Analysis analyse(String text) {
    List<String> numbers = new ArrayList<>();
    List<String> stems = new ArrayList<>();
    Set<String> negated = new HashSet<>();
    Set<String> plain = new HashSet<>();
    int reach = 0;
    for (String token : AnswerMetrics.normalise(text)) {
      if (Character.isDigit(token.charAt(0))) {
        numbers.add(number(token));
      } else if (NUMBER_WORDS.containsKey(token)) {
        numbers.add(NUMBER_WORDS.get(token));
      } else if (DATE_WORDS.contains(token)) {
        numbers.add(token);
      } else if (NEGATIONS.contains(token)) {
        reach = token.equals("non") ? 1 : NEGATION_REACH;
      } else if (!STOP_WORDS.contains(token)) {
        String stem = stem(token);
        stems.add(stem);
        if (reach > 0) {
          negated.add(stem);
          reach--;
        } else {
          plain.add(stem);
        }
      }
    }
    return new Analysis(numbers, stems, negated, plain);
  }

  /** The leading number of a token: "1er" is "1", "10.90" is "10.9". */
  static String number(String token) {
    int end = 0;
    while (end < token.length()
        && (Character.isDigit(token.charAt(end))
            || token.charAt(end) == '.' && end + 1 < token.length())) {
      end++;
    }
    String number = token.substring(0, end);
    if (number.contains(".")) {
      number = number.replaceAll("0+$", "").replaceAll("\\.$", "");
    }
    return number;
  }

  static String stem(String word) {
    String stem = word;
    if (stem.length() > 3 && (stem.endsWith("s") || stem.endsWith("x"))) {
      stem = stem.substring(0, stem.length() - 1);
    }
    return stem.length() > STEM_LENGTH ? stem.substring(0, STEM_LENGTH) : stem;
  }
}
