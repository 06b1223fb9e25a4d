package io.hubia.runtime.policy.injection;

import io.hubia.runtime.answer.text.Sentences;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the sentences of an answer that copy the system prompt: any run of {@value #WINDOW} words
 * of the prompt (the workflow's own text and Hubia's rules) found in the answer, ignoring case,
 * accents, punctuation and citation markers. Eight words is long enough that an answer quoting
 * documents does not meet it by chance, and short enough that a rule copied with a word changed
 * here and there still shows a whole run. Such sentences are cut; the run may span two sentences,
 * which are then both cut.
 */
final class PromptDisclosureCheck {
  /** Words in a row that count as a copy. */
  static final int WINDOW = 8;

  private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}]+");
  private static final Pattern MARKER = Pattern.compile("\\[\\d+(?:\\s*[,\\-–]\\s*\\d+)*]");
  private static final Pattern MARKS = Pattern.compile("\\p{M}+");

  private PromptDisclosureCheck() {}

  /**
   * The answer without the sentences that copy {@code systemPrompt}.
   *
   * @return the text and how many sentences were cut
   */
  static Cut cut(String answer, String systemPrompt) {
    if (answer == null || answer.isBlank() || systemPrompt == null || systemPrompt.isBlank()) {
      return new Cut(answer, 0);
    }
    Set<String> windows = new HashSet<>();
    List<String> prompt = words(systemPrompt).stream().map(Word::folded).toList();
    for (int i = 0; i + WINDOW <= prompt.size(); i++) {
      windows.add(String.join(" ", prompt.subList(i, i + WINDOW)));
    }
    List<Word> words = words(answer);
    List<Word> copied = new ArrayList<>();
    for (int i = 0; i + WINDOW <= words.size(); i++) {
      List<Word> run = words.subList(i, i + WINDOW);
      if (windows.contains(String.join(" ", run.stream().map(Word::folded).toList()))) {
        copied.addAll(run);
      }
    }
    if (copied.isEmpty()) {
      return new Cut(answer, 0);
    }
    StringBuilder kept = new StringBuilder();
    int from = 0;
    int cut = 0;
    for (Sentences.Sentence sentence : Sentences.split(answer)) {
      boolean copies =
          copied.stream()
              .anyMatch(w -> w.start() >= sentence.start() && w.start() < sentence.end());
      if (copies) {
        kept.append(answer, from, sentence.start());
        from = sentence.end();
        cut++;
      }
    }
    kept.append(answer.substring(from));
    String text =
        kept.toString().replaceAll("[ \\t]+\\n", "\n").replaceAll("\\n{3,}", "\n\n").strip();
    return new Cut(text.replaceAll(" {2,}", " "), cut);
  }

  private static List<Word> words(String text) {
    List<int[]> markers = new ArrayList<>();
    Matcher m = MARKER.matcher(text);
    while (m.find()) {
      markers.add(new int[] {m.start(), m.end()});
    }
    List<Word> words = new ArrayList<>();
    Matcher w = WORD.matcher(text);
    while (w.find()) {
      int at = w.start();
      if (markers.stream().anyMatch(r -> at >= r[0] && at < r[1])) {
        continue; // [1] in the answer is no word of the prompt, nor the other way round
      }
      words.add(new Word(fold(w.group()), at));
    }
    return words;
  }

  private static String fold(String word) {
    String s = Normalizer.normalize(word, Normalizer.Form.NFKD);
    return MARKS.matcher(s).replaceAll("").toLowerCase(Locale.ROOT);
  }

  private record Word(String folded, int start) {}

  /**
   * @param text the answer left
   * @param sentences sentences cut
   */
  record Cut(String text, int sentences) {}
}
