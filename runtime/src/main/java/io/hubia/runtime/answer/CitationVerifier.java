package io.hubia.runtime.answer;

import io.hubia.runtime.answer.Verification.ClaimCheck;
import io.hubia.runtime.answer.Verification.Decision;
import io.hubia.runtime.answer.Verification.Status;
import io.hubia.runtime.answer.text.Markers;
import io.hubia.runtime.answer.text.Numbers;
import io.hubia.runtime.answer.text.Sentences;
import io.hubia.runtime.answer.text.SmallTalk;
import io.hubia.runtime.answer.text.Terms;
import io.hubia.runtime.ingest.embed.Embedder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Keeps the claims of a draft that their cited evidence supports, and decides whether what is left
 * is an answer.
 *
 * <p>The draft is split into claims (its sentences, and its list items and lines; markers written
 * after the full stop go with the sentence before). A claim without a marker is kept only if it
 * states no fact: a question back to the user, a transition ending in a colon, small talk, or words
 * about the sources and the answer only ("Voici ce que disent les sources :", "N'hésitez pas à
 * contacter le service."); else it is cut ({@code uncited}). A claim citing a number that is no
 * evidence's is cut ({@code invalid_citation}). Otherwise its support by each cited chunk is
 *
 * <pre>
 *   support = SIMILARITY_WEIGHT * ramp(best cosine of the claim and a sentence of the chunk)
 *           + OVERLAP_WEIGHT    * share of the claim's content terms found in the chunk
 * </pre>
 *
 * the best over its cited chunks counts, and a claim below {@code minSupportScore} is cut ({@code
 * unsupported}). A claim whose numbers (amounts, dates) or proper names do not all appear in its
 * cited chunks is cut too ({@code unsupported_number}, {@code unsupported_name}), however similar
 * it is. The weights are calibrated on PIAF paragraphs: a sentence copied or paraphrased from its
 * chunk scores above 0.5, one citing another paragraph of the same article below.
 */
public final class CitationVerifier {
  static final double SIMILARITY_WEIGHT = 0.5;
  static final double OVERLAP_WEIGHT = 0.5;

  /** Claim-to-sentence cosine ramp: 0 at or below LOW, 1 at or above HIGH. */
  static final double COSINE_LOW = 0.30;

  static final double COSINE_HIGH = 0.85;

  /** Words about the sources, the answer or the conversation: they state no fact. */
  private static final Set<String> META =
      Stream.of(
              "source sources document documents information informations info infos réponse"
                  + " répondre question questions voici suivant suivante suivants extrait extraits"
                  + " trouvé trouver trouve disponible disponibles préciser précision précisions"
                  + " contacter contactez contact conseiller conseillère hésiter hésitez aide aider"
                  + " service personne reformuler vérifier consulter consultez indiquer indique"
                  + " indiquent mentionner mentionne mentionnent selon dire disent dit résumé"
                  + " résumer détail détails savoir élément éléments base fournis fourni fournir"
                  + " permettre permet permettent fiable complète compléter espère utile"
                  + " cordialement besoin sujet demande ci-dessous dessous ci-dessus texte textes"
                  + " concernant concerne point points lire trouverez retrouver pouvez dessus"
                  + " malheureusement désolé désolée excuse excusez poser posez demander"
                  + " demandez reposer souhaitez souhaiter voulez vouloir"
                  + " here following found find available contact help helps hope please note"
                  + " provided according say says based detail details check verify consult let"
                  + " know summary summarize summarise excerpt excerpts reliable complete useful"
                  + " need feel free ask glad happy sorry unfortunately regarding below above"
                  + " text read mention mentions answer answers question questions information"
                  + " document documents source sources")
          .flatMap(s -> Stream.of(s.split("\\s+")))
          .flatMap(w -> Terms.of(w).stream())
          .collect(Collectors.toUnmodifiableSet());

  private static final Pattern MARKER_RUN =
      Pattern.compile("(?:" + Markers.MARKER.pattern() + "\\s*)*" + Markers.MARKER.pattern());

  /** Words up to a colon followed by a capital, without markers: a possible transition. */
  private static final Pattern INTRODUCTION =
      Pattern.compile("([^\\[\\n:]{3,200}?\\s?:)\\s+(?=[\\p{Lu}«\"*])");

  private final Embedder embedder;

  public CitationVerifier(Embedder embedder) {
    this.embedder = Objects.requireNonNull(embedder, "embedder");
  }

  /** A claim of the draft, before checking. */
  private record Claim(String raw, String plain, String separator, List<Integer> cited) {}

  /** A chunk as the verifier reads it, computed once per verification. */
  private record Chunk(Set<String> terms, Set<String> numbers, List<String> sentences) {}

  /** Verifies a draft against the evidence it was written from. */
  public Verification verify(
      DraftAnswer draft, List<Evidence> evidence, CitationSettings settings) {
    Objects.requireNonNull(draft, "draft");
    CitationSettings s = settings == null ? CitationSettings.DEFAULTS : settings;
    List<Evidence> given = evidence == null ? List.of() : evidence;
    List<Claim> claims = claims(draft.text());
    if (claims.isEmpty()) {
      return new Verification(Decision.NO_ANSWER, "", List.of(), List.of(), 0);
    }
    Map<Integer, Evidence> byNumber = new HashMap<>();
    for (Evidence e : given) {
      byNumber.putIfAbsent(e.number(), e);
    }

    // read the cited chunks once and embed their sentences with the claims, in one call
    Map<Integer, Chunk> chunks = new HashMap<>();
    List<String> texts = new ArrayList<>();
    Map<String, Integer> index = new HashMap<>();
    for (Claim claim : claims) {
      if (!claim.cited().isEmpty() && byNumber.keySet().containsAll(claim.cited())) {
        index.computeIfAbsent(claim.plain(), t -> add(texts, t));
        for (int n : claim.cited()) {
          Chunk chunk = chunks.computeIfAbsent(n, k -> read(byNumber.get(k)));
          chunk.sentences().forEach(t -> index.computeIfAbsent(t, x -> add(texts, x)));
        }
      }
    }
    List<float[]> vectors = texts.isEmpty() ? List.of() : embedder.embedAll(texts);

    List<ClaimCheck> checks = new ArrayList<>(claims.size());
    for (Claim claim : claims) {
      checks.add(check(claim, byNumber, chunks, vectors, index, s));
    }
    return decide(claims, checks, byNumber, s);
  }

  private ClaimCheck check(
      Claim claim,
      Map<Integer, Evidence> byNumber,
      Map<Integer, Chunk> chunks,
      List<float[]> vectors,
      Map<String, Integer> index,
      CitationSettings settings) {
    if (claim.cited().isEmpty()) {
      return isNonFactual(claim.plain())
          ? new ClaimCheck(claim.raw(), List.of(), 0, Status.NON_FACTUAL, null)
          : new ClaimCheck(claim.raw(), List.of(), 0, Status.CUT, Verification.UNCITED);
    }
    if (!byNumber.keySet().containsAll(claim.cited())) {
      return new ClaimCheck(
          claim.raw(), claim.cited(), 0, Status.CUT, Verification.INVALID_CITATION);
    }
    float[] claimVector = vectors.get(index.get(claim.plain()));
    Set<String> claimTerms = Terms.set(claim.plain());
    double support = 0;
    Set<String> citedTerms = new HashSet<>();
    Set<String> citedNumbers = new HashSet<>();
    for (int n : claim.cited()) {
      Chunk chunk = chunks.get(n);
      citedTerms.addAll(chunk.terms());
      citedNumbers.addAll(chunk.numbers());
      double best = 0;
      for (String sentence : chunk.sentences()) {
        best = Math.max(best, Lexical.cosine(claimVector, vectors.get(index.get(sentence))));
      }
      support = Math.max(support, support(best, claimTerms, chunk.terms()));
    }
    String reason = null;
    if (support < settings.minSupportScore()) {
      reason = Verification.UNSUPPORTED;
    } else if (!citedNumbers.containsAll(Numbers.inClaim(claim.plain()))) {
      reason = Verification.UNSUPPORTED_NUMBER;
    } else if (!namesFound(claim.plain(), citedTerms)) {
      reason = Verification.UNSUPPORTED_NAME;
    }
    return new ClaimCheck(
        claim.raw(),
        claim.cited(),
        support,
        reason == null ? Status.SUPPORTED : Status.CUT,
        reason);
  }

  /** The support of a claim by a chunk, from the best sentence cosine and the term overlap. */
  static double support(double cosine, Set<String> claimTerms, Set<String> chunkTerms) {
    double semantic = Lexical.ramp(cosine, COSINE_LOW, COSINE_HIGH);
    if (claimTerms.isEmpty()) {
      return semantic;
    }
    return SIMILARITY_WEIGHT * semantic + OVERLAP_WEIGHT * Lexical.coverage(claimTerms, chunkTerms);
  }

  private Verification decide(
      List<Claim> claims,
      List<ClaimCheck> checks,
      Map<Integer, Evidence> byNumber,
      CitationSettings settings) {
    // drop a kept transition ("Voici ce que disent les sources :") that no kept fact follows
    boolean[] keep = new boolean[claims.size()];
    boolean factFollows = false;
    for (int i = claims.size() - 1; i >= 0; i--) {
      ClaimCheck c = checks.get(i);
      keep[i] = c.kept() && (c.status() != Status.NON_FACTUAL || factFollows || !endsWithColon(c));
      factFollows |= c.status() == Status.SUPPORTED;
    }
    Map<Integer, Integer> renumbered = new LinkedHashMap<>();
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < claims.size(); i++) {
      if (!keep[i]) {
        continue;
      }
      Claim claim = claims.get(i);
      if (!text.isEmpty()) {
        text.append(claim.separator());
      }
      Matcher m = MARKER_RUN.matcher(claim.raw());
      StringBuilder rewritten = new StringBuilder();
      while (m.find()) {
        TreeSet<Integer> numbers = new TreeSet<>();
        for (int n : Markers.numbers(m.group())) {
          numbers.add(renumbered.computeIfAbsent(n, k -> renumbered.size() + 1));
        }
        m.appendReplacement(
            rewritten, Matcher.quoteReplacement(Markers.format(List.copyOf(numbers))));
      }
      m.appendTail(rewritten);
      text.append(rewritten);
    }
    List<Evidence> cited = renumbered.keySet().stream().map(byNumber::get).toList();
    long factual = checks.stream().filter(ClaimCheck::factual).count();
    long supported = checks.stream().filter(c -> c.status() == Status.SUPPORTED).count();
    double share = factual == 0 ? 0 : supported / (double) factual;
    Decision decision;
    if (factual == 0) {
      decision = Decision.NO_ANSWER;
    } else if (supported == 0 || share < settings.minSupportedShare()) {
      decision = Decision.INSUFFICIENT_SUPPORT;
    } else {
      decision = Decision.SUFFICIENT;
    }
    return new Verification(decision, text.toString().strip(), cited, checks, share);
  }

  private static boolean endsWithColon(ClaimCheck c) {
    return Markers.strip(c.text()).endsWith(":");
  }

  /** The claims of a draft, in order, each with the separator written before it. */
  private static List<Claim> claims(String text) {
    List<Claim> claims = new ArrayList<>();
    int previousEnd = 0;
    for (Sentences.Sentence sentence : Sentences.split(text)) {
      String gap = text.substring(previousEnd, sentence.start());
      previousEnd = sentence.end();
      String raw = sentence.text().strip();
      if (Markers.isOnlyMarkers(raw) && !claims.isEmpty()) {
        Claim last = claims.remove(claims.size() - 1); // "[1]" alone on its line
        String merged = last.raw() + " " + raw;
        claims.add(new Claim(merged, last.plain(), last.separator(), Markers.numbers(merged)));
        continue;
      }
      String separator = gap.contains("\n\n") ? "\n\n" : gap.contains("\n") ? "\n" : " ";
      Matcher intro = INTRODUCTION.matcher(raw);
      if (intro.lookingAt() && isNonFactual(intro.group(1))) {
        // "Voici ce que disent les sources : Le délai est..." is a transition, then a claim
        claims.add(new Claim(intro.group(1), intro.group(1), separator, List.of()));
        raw = raw.substring(intro.end());
        separator = " ";
      }
      String plain = Markers.strip(Sentences.clean(raw));
      if (plain.isEmpty() || plain.chars().noneMatch(Character::isLetterOrDigit)) {
        continue;
      }
      claims.add(new Claim(raw, plain, separator, Markers.numbers(raw)));
    }
    return claims;
  }

  /**
   * Whether an uncited claim states no fact: a question, a short transition ending in a colon,
   * small talk, or only words about the sources and the answer.
   */
  static boolean isNonFactual(String plain) {
    String text = plain.strip();
    if (text.endsWith("?")) {
      return true;
    }
    boolean digits = text.chars().anyMatch(Character::isDigit);
    if (text.endsWith(":") && !digits && text.split("\\s+").length <= 12) {
      return true;
    }
    if (SmallTalk.isSmallTalk(text)) {
      return true;
    }
    return !digits && META.containsAll(Terms.set(text));
  }

  /**
   * Whether each capitalised word of the claim (not its first word, nor one opening a sentence or a
   * quote) is found in the cited chunks: a name the sources do not give is an added fact.
   */
  static boolean namesFound(String plain, Set<String> chunkTerms) {
    String[] words = plain.split("\\s+");
    for (int i = 1; i < words.length; i++) {
      String previous = words[i - 1];
      if (previous.isEmpty()
          || ".!?:;«\"“(—–-".indexOf(previous.charAt(previous.length() - 1)) >= 0) {
        continue;
      }
      String word = words[i].replaceAll("^[«\"“(\\[‘']+", "");
      if (word.isEmpty() || !Character.isUpperCase(word.codePointAt(0))) {
        continue;
      }
      for (String term : Terms.of(word)) {
        if (!Character.isDigit(term.charAt(0)) && Lexical.match(term, chunkTerms) == 0) {
          if (!startsAnyTerm(term, chunkTerms)) {
            return false;
          }
        }
      }
    }
    return true;
  }

  private static boolean startsAnyTerm(String term, Set<String> terms) {
    if (term.length() < 4) {
      return false;
    }
    for (String t : terms) {
      if (t.startsWith(term) || (t.length() >= 4 && term.startsWith(t))) {
        return true;
      }
    }
    return false;
  }

  private static Chunk read(Evidence e) {
    String text = e.chunk().text() == null ? "" : e.chunk().text();
    String title = e.chunk().title() == null ? "" : e.chunk().title();
    Set<String> terms = new LinkedHashSet<>(Terms.of(title));
    terms.addAll(Terms.of(text));
    Set<String> numbers = new HashSet<>(Numbers.inSource(title));
    numbers.addAll(Numbers.inSource(text));
    List<String> sentences = new ArrayList<>();
    for (Sentences.Sentence sentence : Sentences.split(text)) {
      String clean = Markers.strip(Sentences.clean(sentence.text()));
      if (!clean.isEmpty()) {
        sentences.add(clean);
      }
    }
    if (sentences.isEmpty()) {
      sentences.add(title.isEmpty() ? " " : title);
    }
    return new Chunk(terms, numbers, sentences);
  }

  private static int add(List<String> texts, String text) {
    texts.add(text);
    return texts.size() - 1;
  }
}
