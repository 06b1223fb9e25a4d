package io.hubia.runtime.answer.text;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The content terms of a French or English text, for lexical matching: lower-cased, accents folded,
 * elisions removed ({@code l'}, {@code d'}, {@code qu'}...), stop words of both languages dropped
 * (lists in {@code stopwords-fr.txt} and {@code stopwords-en.txt}) and lightly stemmed.
 *
 * <p>The stemmer is the same whatever the language, so that a question and a chunk always reduce
 * alike: French plurals and feminines ({@code -s}, {@code -x}, {@code -aux}, {@code -e}, {@code
 * -ée}), infinitives and second persons ({@code -er}, {@code -ez}), English suffixes ({@code -s},
 * {@code -ies}, {@code -ing}, {@code -ed}, {@code -ly}), then a final doubled letter. It conflates
 * a few unrelated words, which costs little in an overlap score. Numbers are terms, as written.
 */
public final class Terms {
  private static final Pattern TOKEN = Pattern.compile("[\\p{L}\\p{N}]+(?:'[\\p{L}\\p{N}]+)*");
  private static final Pattern MARKS = Pattern.compile("\\p{M}+");
  private static final Set<String> ELISIONS =
      Set.of("l", "d", "j", "m", "n", "s", "t", "c", "qu", "jusqu", "lorsqu", "puisqu", "quoiqu");
  private static final Set<String> STOP_FR = load("stopwords-fr.txt");
  private static final Set<String> STOP_EN = load("stopwords-en.txt");
  private static final Set<String> STOP = union(STOP_FR, STOP_EN);

  private Terms() {}

  /** The content terms of {@code text}, in order, repeats kept. */
  public static List<String> of(String text) {
    List<String> terms = new ArrayList<>();
    for (String word : words(text)) {
      if (isContent(word)) {
        terms.add(stem(word));
      }
    }
    return terms;
  }

  /** The distinct content terms of {@code text}, in order of first appearance. */
  public static Set<String> set(String text) {
    return new LinkedHashSet<>(of(text));
  }

  /**
   * The words of {@code text}, folded ({@link #fold}), elisions removed, stop words kept: {@code
   * "L'État, c'est nous"} gives {@code [etat, est, nous]}.
   */
  public static List<String> words(String text) {
    List<String> words = new ArrayList<>();
    if (text == null || text.isEmpty()) {
      return words;
    }
    Matcher m = TOKEN.matcher(fold(text).replace('’', '\'').replace('‘', '\'').replace('`', '\''));
    while (m.find()) {
      String[] parts = m.group().split("'");
      for (int i = 0; i < parts.length; i++) {
        String part = parts[i];
        boolean elided = i < parts.length - 1 && ELISIONS.contains(part);
        boolean englishClitic =
            i > 0
                && (part.equals("s") || part.equals("t") || part.equals("ll") || part.equals("re"));
        if (!elided && !englishClitic && !part.isEmpty()) {
          words.add(part);
        }
      }
    }
    return words;
  }

  /**
   * Lower case, accents removed, ligatures split: {@code "Œuvre Été"} gives {@code "oeuvre ete"}.
   */
  public static String fold(String text) {
    String lower = text.toLowerCase(Locale.ROOT);
    boolean plain = true;
    for (int i = 0; i < lower.length() && plain; i++) {
      plain = lower.charAt(i) < 0x80;
    }
    if (plain) {
      return lower;
    }
    lower = lower.replace("œ", "oe").replace("æ", "ae").replace("ß", "ss");
    return MARKS.matcher(Normalizer.normalize(lower, Normalizer.Form.NFD)).replaceAll("");
  }

  /** Whether a folded word is a French or English stop word. */
  public static boolean isStopWord(String foldedWord) {
    return STOP.contains(foldedWord);
  }

  /** Whether a folded word is a French stop word. */
  public static boolean isFrenchStopWord(String foldedWord) {
    return STOP_FR.contains(foldedWord);
  }

  /** Whether a folded word is an English stop word. */
  public static boolean isEnglishStopWord(String foldedWord) {
    return STOP_EN.contains(foldedWord);
  }

  /** Whether a folded word carries content: not a stop word, and a number or 2 letters or more. */
  public static boolean isContent(String foldedWord) {
    if (foldedWord.isEmpty() || STOP.contains(foldedWord)) {
      return false;
    }
    return foldedWord.length() > 1 || Character.isDigit(foldedWord.charAt(0));
  }

  /** The light stem of a folded word (see the class comment); numbers are returned unchanged. */
  public static String stem(String w) {
    if (w.length() <= 3 || Character.isDigit(w.charAt(0))) {
      return w;
    }
    if (w.endsWith("eaux")) {
      w = w.substring(0, w.length() - 1); // bureaux -> bureau
    } else if (w.endsWith("aux") && w.length() > 4) {
      w = w.substring(0, w.length() - 3) + "al"; // journaux -> journal
    } else if (w.endsWith("eux") || w.endsWith("oux")) {
      w = w.substring(0, w.length() - 1); // jeux -> jeu
    } else if (w.endsWith("ies") && w.length() > 4) {
      w = w.substring(0, w.length() - 3) + "i"; // companies -> compani
    } else if (w.endsWith("s") && !w.endsWith("ss") && !w.endsWith("us")) {
      w = w.substring(0, w.length() - 1);
    }
    if (w.endsWith("y") && w.length() > 3) {
      w = w.substring(0, w.length() - 1) + "i"; // company -> compani
    }
    if (w.endsWith("ing") && w.length() >= 6) {
      w = w.substring(0, w.length() - 3); // training -> train
    } else if (w.endsWith("ed") && w.length() >= 5) {
      w = w.substring(0, w.length() - 2); // created -> creat
    } else if (w.endsWith("ly") && w.length() >= 6) {
      w = w.substring(0, w.length() - 2); // quickly -> quick
    }
    w = stripFinalE(w); // grande -> grand, premiere -> premier
    if ((w.endsWith("er") || w.endsWith("ez")) && w.length() >= 5) {
      w = stripFinalE(w.substring(0, w.length() - 1)); // adherer, adherez -> adher
    }
    int n = w.length();
    if (n > 3 && w.charAt(n - 1) == w.charAt(n - 2) && Character.isLetter(w.charAt(n - 1))) {
      w = w.substring(0, n - 1); // belle -> bell -> bel, runn -> run
    }
    return w;
  }

  private static String stripFinalE(String w) {
    while (w.endsWith("e") && w.length() > 3) {
      w = w.substring(0, w.length() - 1);
    }
    return w;
  }

  private static Set<String> union(Set<String> a, Set<String> b) {
    Set<String> all = new HashSet<>(a);
    all.addAll(b);
    return Set.copyOf(all);
  }

  private static Set<String> load(String resource) {
    try (InputStream in = Terms.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + resource);
      }
      Set<String> words = new HashSet<>();
      BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        String word = line.strip();
        if (!word.isEmpty() && !word.startsWith("#")) {
          words.add(fold(word));
        }
      }
      return Set.copyOf(words);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
