package io.hubia.runtime.ingest.chunk;

import io.hubia.api.v1alpha1.spec.ChunkingStrategy;
import io.hubia.runtime.ingest.SourceDocument;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Cuts documents into chunks sized in tokens of the embedding model.
 *
 * <p><b>Structure</b> (default): a chunk never spans two sections (a heading starts a new one).
 * Within a section, whole blocks (paragraphs, lists, code) are packed greedily; a block too long
 * for a chunk is cut at the last sentence or line end that fits, and only a sentence too long is
 * cut between words. Consecutive chunks of a section repeat up to {@code overlapTokens} tokens of
 * whole words. Each chunk is embedded with a prefix line, the document title and heading path
 * ({@code Guide RH > Période d'essai > Durée}), at most {@value #MAX_PREFIX_TOKENS} tokens (a
 * quarter of {@code maxTokens} for small chunks), outer headings dropped first: a paragraph alone
 * often does not say what it is about. {@code maxTokens} bounds prefix and text together, so all of
 * it fits the model's window; the text gets what the prefix leaves.
 *
 * <p><b>Fixed</b>: plain windows of {@code maxTokens} tokens over the whole text, headings included
 * as text, {@code overlapTokens} repeated, no prefix.
 *
 * <p>Both cut only between words (whitespace), except a single word longer than a chunk (a long URL
 * or identifier), which is cut between characters. Token counts come from the model's own tokenizer
 * ({@link TokenCounter}), and every chunk is counted again whole before it is returned. The result
 * depends only on the document and the settings. Thread-safe.
 */
public final class StructureChunker {
  /** Largest heading-path prefix, in tokens. */
  public static final int MAX_PREFIX_TOKENS = 32;

  static final String PATH_SEPARATOR = " > ";
  private static final Pattern WORD = Pattern.compile("\\S+");

  private final TokenCounter counter;
  private final ChunkingSettings settings;

  public StructureChunker(TokenCounter counter, ChunkingSettings settings) {
    this.counter = Objects.requireNonNull(counter, "counter");
    this.settings = Objects.requireNonNull(settings, "settings");
  }

  public ChunkingSettings settings() {
    return settings;
  }

  /**
   * The chunks of {@code document}, in order.
   *
   * @param labels the document's labels, copied to each chunk
   */
  public List<Chunk> chunk(SourceDocument document, List<String> labels) {
    List<DocumentOutline.Section> sections = DocumentOutline.parse(document.text());
    Counts counts = new Counts(counter);
    List<Chunk> chunks =
        settings.strategy() == ChunkingStrategy.Fixed
            ? fixed(document, labels, sections, counts)
            : structured(document, labels, sections, counts);
    if (chunks.isEmpty() && !document.text().isBlank()) {
      // headings and nothing else: index them as text rather than lose the document
      chunks = fixed(document, labels, sections, counts);
    }
    return chunks;
  }

  private List<Chunk> structured(
      SourceDocument document,
      List<String> labels,
      List<DocumentOutline.Section> sections,
      Counts counts) {
    List<Chunk> chunks = new ArrayList<>();
    for (DocumentOutline.Section section : sections) {
      if (section.blocks().isEmpty()) {
        continue;
      }
      String prefix = prefix(document.title(), section.path(), counts);
      int prefixTokens = counts.of(prefix);
      int budget = settings.maxTokens() - prefixTokens;
      int overlap = Math.min(settings.overlapTokens(), budget / 2);
      List<Word> words = new ArrayList<>();
      appendWords(section.blocks(), words, budget, counts, false);
      for (int[] range : pack(words, budget, overlap, true, prefix)) {
        String text = render(words, range[0], range[1]);
        // a plain-text document's first line is often its title: no need to say it twice
        boolean prefixed = !prefix.isEmpty() && !text.startsWith(prefix);
        String embedded = prefixed ? prefix + "\n" + text : text;
        int tokens = prefixed || prefix.isEmpty() ? range[2] : counter.count(text);
        chunks.add(
            new Chunk(
                document.source(),
                document.id(),
                document.title(),
                document.uri(),
                section.path(),
                chunks.size(),
                text,
                embedded,
                labels,
                tokens));
      }
    }
    return chunks;
  }

  private List<Chunk> fixed(
      SourceDocument document,
      List<String> labels,
      List<DocumentOutline.Section> sections,
      Counts counts) {
    int budget = settings.maxTokens();
    List<Word> words = new ArrayList<>();
    List<List<String>> pathAt = new ArrayList<>(); // heading path of each word
    for (DocumentOutline.Section section : sections) {
      List<String> blocks = new ArrayList<>();
      if (section.heading() != null) {
        blocks.add(section.heading());
      }
      blocks.addAll(section.blocks());
      int before = words.size();
      appendWords(blocks, words, budget, counts, !words.isEmpty());
      for (int i = before; i < words.size(); i++) {
        pathAt.add(section.path());
      }
    }
    List<Chunk> chunks = new ArrayList<>();
    for (int[] range : pack(words, budget, settings.overlapTokens(), false, "")) {
      String text = render(words, range[0], range[1]);
      chunks.add(
          new Chunk(
              document.source(),
              document.id(),
              document.title(),
              document.uri(),
              pathAt.get(range[0]),
              chunks.size(),
              text,
              text,
              labels,
              range[2]));
    }
    return chunks;
  }

  /**
   * Ranges {@code [from, to)} of words, each within {@code budget} tokens, with the tokens of the
   * chunk (prefix line included) as a third element.
   *
   * @param structured prefer cuts at block, then sentence ends; else cut at the last word that fits
   */
  private List<int[]> pack(
      List<Word> words, int budget, int overlap, boolean structured, String prefix) {
    List<int[]> ranges = new ArrayList<>();
    int n = words.size();
    int start = 0;
    int previousFrom = -1;
    while (start < n) {
      int from = start;
      if (previousFrom >= 0 && overlap > 0) {
        int repeated = 0;
        while (from - 1 > previousFrom && repeated + words.get(from - 1).tokens() <= overlap) {
          repeated += words.get(from - 1).tokens();
          from--;
        }
      }
      int end = maxEnd(words, from, budget);
      if (end <= start) { // the overlap leaves no room for the next word
        from = start;
        end = maxEnd(words, from, budget);
      }
      end = Math.max(end, start + 1);
      int cut = end;
      if (structured && end < n) {
        int atBlock = lastBoundary(words, start, end, Boundary.BLOCK);
        int atSentence = lastBoundary(words, start, end, Boundary.SENTENCE);
        cut = atBlock > start ? atBlock : atSentence > start ? atSentence : end;
      }
      // the counts are additive over whitespace; check the whole chunk anyway
      int tokens = embeddedTokens(words, from, cut, prefix);
      while (cut > start + 1 && tokens > settings.maxTokens()) {
        cut--;
        tokens = embeddedTokens(words, from, cut, prefix);
      }
      if (tokens > settings.maxTokens() && from < start) {
        from = start;
        tokens = embeddedTokens(words, from, cut, prefix);
      }
      ranges.add(new int[] {from, cut, tokens});
      previousFrom = from;
      start = cut;
    }
    return ranges;
  }

  /** Tokens of the prefix line and the words, counted whole. */
  private int embeddedTokens(List<Word> words, int from, int to, String prefix) {
    String text = render(words, from, to);
    return counter.count(prefix.isEmpty() ? text : prefix + "\n" + text);
  }

  private static int maxEnd(List<Word> words, int from, int budget) {
    int sum = 0;
    int end = from;
    while (end < words.size() && sum + words.get(end).tokens() <= budget) {
      sum += words.get(end).tokens();
      end++;
    }
    return end;
  }

  /** The largest {@code b} in {@code (start, end]} where a boundary at least {@code kind} is. */
  private static int lastBoundary(List<Word> words, int start, int end, Boundary kind) {
    for (int b = end; b > start; b--) {
      if (words.get(b - 1).after().compareTo(kind) >= 0) {
        return b;
      }
    }
    return -1;
  }

  private static String render(List<Word> words, int from, int to) {
    StringBuilder text = new StringBuilder(words.get(from).text());
    for (int i = from + 1; i < to; i++) {
      text.append(words.get(i).separator()).append(words.get(i).text());
    }
    return text.toString();
  }

  /** Title and heading path, within the prefix cap; outer headings go first, then words. */
  private String prefix(String title, List<String> path, Counts counts) {
    List<String> parts = new ArrayList<>();
    if (title != null
        && !title.isBlank()
        && (path.isEmpty() || !path.get(0).equalsIgnoreCase(title.strip()))) {
      parts.add(title.strip());
    }
    parts.addAll(path);
    int cap = Math.min(MAX_PREFIX_TOKENS, settings.maxTokens() / 4);
    while (!parts.isEmpty()) {
      String prefix = String.join(PATH_SEPARATOR, parts);
      if (counts.of(prefix) <= cap) {
        return prefix;
      }
      if (parts.size() == 1) {
        return truncate(parts.get(0), cap, counts);
      }
      parts.remove(0);
    }
    return "";
  }

  private static String truncate(String text, int cap, Counts counts) {
    StringBuilder kept = new StringBuilder();
    int tokens = 0;
    Matcher m = WORD.matcher(text);
    while (m.find()) {
      int t = counts.of(m.group());
      if (tokens + t > cap) {
        break;
      }
      if (!kept.isEmpty()) {
        kept.append(' ');
      }
      kept.append(m.group());
      tokens += t;
    }
    return kept.toString();
  }

  /**
   * Splits blocks into words with their separators and the boundary after each.
   *
   * @param breakBefore whether the first block follows earlier text (a blank line before it)
   */
  private static void appendWords(
      List<String> blocks, List<Word> words, int budget, Counts counts, boolean breakBefore) {
    for (int b = 0; b < blocks.size(); b++) {
      String block = blocks.get(b);
      List<int[]> spans = new ArrayList<>();
      Matcher m = WORD.matcher(block);
      while (m.find()) {
        spans.add(new int[] {m.start(), m.end()});
      }
      for (int i = 0; i < spans.size(); i++) {
        int[] span = spans.get(i);
        String text = block.substring(span[0], span[1]);
        String separator =
            i > 0
                ? block.substring(spans.get(i - 1)[1], span[0])
                : (b > 0 || breakBefore) ? "\n\n" : "";
        Boundary after;
        if (i == spans.size() - 1) {
          after = Boundary.BLOCK;
        } else {
          String gap = block.substring(span[1], spans.get(i + 1)[0]);
          String next = block.substring(spans.get(i + 1)[0], spans.get(i + 1)[1]);
          after =
              gap.indexOf('\n') >= 0 || SentenceBoundaries.endsSentence(text, next)
                  ? Boundary.SENTENCE
                  : Boundary.WORD;
        }
        int tokens = counts.of(text);
        if (tokens <= budget) {
          words.add(new Word(text, separator, tokens, after));
        } else {
          splitLongWord(text, separator, after, budget, counts, words);
        }
      }
    }
  }

  /** A word longer than a chunk: the only place a cut falls inside a word. */
  private static void splitLongWord(
      String text, String separator, Boundary after, int budget, Counts counts, List<Word> out) {
    String rest = text;
    String sep = separator;
    while (!rest.isEmpty()) {
      int tokens = counts.of(rest);
      if (tokens <= budget) {
        out.add(new Word(rest, sep, tokens, after));
        return;
      }
      int lo = 1; // code points of the longest prefix known to fit
      int hi = rest.codePointCount(0, rest.length());
      while (hi - lo > 1) {
        int mid = (lo + hi) >>> 1;
        String candidate = rest.substring(0, rest.offsetByCodePoints(0, mid));
        if (counts.uncached(candidate) <= budget) {
          lo = mid;
        } else {
          hi = mid;
        }
      }
      String piece = rest.substring(0, rest.offsetByCodePoints(0, lo));
      out.add(new Word(piece, sep, counts.uncached(piece), Boundary.WORD));
      rest = rest.substring(piece.length());
      sep = "";
    }
  }

  /** Strength of the break after a word. */
  enum Boundary {
    WORD,
    SENTENCE,
    BLOCK
  }

  /**
   * A whitespace-delimited word.
   *
   * @param separator the whitespace before it, as in the document
   */
  record Word(String text, String separator, int tokens, Boundary after) {}

  /** Token counts of the words of one document; words repeat a lot. */
  private static final class Counts {
    private final TokenCounter counter;
    private final Map<String, Integer> cache = new HashMap<>();

    Counts(TokenCounter counter) {
      this.counter = counter;
    }

    int of(String text) {
      return cache.computeIfAbsent(text, counter::count);
    }

    int uncached(String text) {
      return counter.count(text);
    }
  }
}
