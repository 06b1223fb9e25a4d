package io.hubia.runtime.answer.text;

import java.math.BigDecimal;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The numbers of a text (amounts, years, days, percentages), normalised so that the same value
 * written two ways compares equal: {@code 100 000}, {@code 100000} and {@code 100,000} give {@code
 * 100000}; {@code 14,2} and {@code 14.20} give {@code 14.2}; {@code 1er} gives {@code 1}; {@code
 * 2019-2020} gives {@code 2019} and {@code 2020}.
 */
public final class Numbers {
  // 1-3 digits then groups of 3 after a space, a no-break space, a comma or a dot; or any digits;
  // then an optional decimal part
  private static final Pattern NUMBER =
      Pattern.compile(
          "(?<![\\p{N}])(\\d{1,3}(?:[ \\u00A0\\u202F,.]\\d{3})+(?![\\p{N}])|\\d+)"
              + "(?:[,.](\\d+))?");
  private static final Map<String, String> WORDS =
      Map.ofEntries(
          Map.entry("zero", "0"),
          Map.entry("deux", "2"),
          Map.entry("two", "2"),
          Map.entry("trois", "3"),
          Map.entry("three", "3"),
          Map.entry("quatre", "4"),
          Map.entry("four", "4"),
          Map.entry("cinq", "5"),
          Map.entry("five", "5"),
          Map.entry("six", "6"),
          Map.entry("sept", "7"),
          Map.entry("seven", "7"),
          Map.entry("huit", "8"),
          Map.entry("eight", "8"),
          Map.entry("neuf", "9"),
          Map.entry("nine", "9"),
          Map.entry("dix", "10"),
          Map.entry("ten", "10"),
          Map.entry("onze", "11"),
          Map.entry("eleven", "11"),
          Map.entry("douze", "12"),
          Map.entry("twelve", "12"),
          Map.entry("treize", "13"),
          Map.entry("quatorze", "14"),
          Map.entry("quinze", "15"),
          Map.entry("seize", "16"),
          Map.entry("vingt", "20"),
          Map.entry("twenty", "20"),
          Map.entry("trente", "30"),
          Map.entry("thirty", "30"),
          Map.entry("quarante", "40"),
          Map.entry("cinquante", "50"),
          Map.entry("soixante", "60"),
          Map.entry("cent", "100"),
          Map.entry("hundred", "100"),
          Map.entry("mille", "1000"),
          Map.entry("thousand", "1000"),
          Map.entry("premier", "1"),
          Map.entry("premiere", "1"),
          Map.entry("first", "1"),
          Map.entry("second", "2"),
          Map.entry("seconde", "2"),
          Map.entry("deuxieme", "2"),
          Map.entry("troisieme", "3"),
          Map.entry("third", "3"));

  private static final Set<String> AMBIGUOUS = Set.of("neuf", "second", "seconde");
  private static final Pattern NUMBER_WORD =
      Pattern.compile(
          "(?<![\\p{L}\\p{N}'-])(" + String.join("|", WORDS.keySet()) + ")(?![\\p{L}\\p{N}-])");

  private Numbers() {}

  /** The numbers written in digits in {@code text}, normalised, in order, each once. */
  public static Set<String> inDigits(String text) {
    Set<String> numbers = new LinkedHashSet<>();
    Matcher m = NUMBER.matcher(text);
    while (m.find()) {
      String integer = m.group(1).replaceAll("[ \\u00A0\\u202F,.]", "");
      String decimal = m.group(2);
      numbers.add(normalise(integer, decimal));
    }
    return numbers;
  }

  /**
   * The numbers a claim states, to be found in its sources: those written in digits, and those
   * written in words ({@code deux}, {@code three}, {@code premier}...) except the ambiguous {@code
   * neuf} (new) and {@code second(e)} (a unit of time); a number word inside a compound ({@code
   * dix-huit}) is left out.
   */
  public static Set<String> inClaim(String text) {
    Set<String> numbers = inDigits(text);
    Matcher m = NUMBER_WORD.matcher(Terms.fold(text));
    while (m.find()) {
      if (!AMBIGUOUS.contains(m.group(1))) {
        numbers.add(WORDS.get(m.group(1)));
      }
    }
    return numbers;
  }

  /**
   * The numbers a source gives, that a claim's are looked for in: in digits or in words (all of
   * them), and 1 when the text has the article {@code un}, {@code une} or {@code one}.
   */
  public static Set<String> inSource(String text) {
    Set<String> numbers = inDigits(text);
    String folded = Terms.fold(text);
    Matcher m = NUMBER_WORD.matcher(folded);
    while (m.find()) {
      numbers.add(WORDS.get(m.group(1)));
    }
    for (String word : Terms.words(text)) {
      if (word.equals("un") || word.equals("une") || word.equals("one")) {
        numbers.add("1");
        break;
      }
    }
    return numbers;
  }

  private static String normalise(String integer, String decimal) {
    String value = decimal == null ? integer : integer + "." + decimal;
    try {
      BigDecimal number = new BigDecimal(value).stripTrailingZeros();
      return number.scale() < 0 ? number.toBigInteger().toString() : number.toPlainString();
    } catch (NumberFormatException e) {
      return value;
    }
  }
}
