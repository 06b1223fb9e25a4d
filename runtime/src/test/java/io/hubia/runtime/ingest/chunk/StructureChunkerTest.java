package io.hubia.runtime.ingest.chunk;

import static org.assertj.core.api.Assertions.assertThat;

import io.hubia.api.v1alpha1.spec.ChunkingSpec;
import io.hubia.api.v1alpha1.spec.ChunkingStrategy;
import io.hubia.runtime.ingest.IngestFixtures;
import io.hubia.runtime.ingest.SourceDocument;
import io.hubia.runtime.ingest.SourceUnavailableException;
import io.hubia.runtime.ingest.files.FilesConnector;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Chunk sizes are checked with the real tokenizer of the in-process model. */
class StructureChunkerTest {
  private static final TokenCounter TOKENS = MiniLmTokenCounter.shared();
  private static final List<String> LABELS = List.of("salaries", "rh");
  private static Map<String, SourceDocument> corpus;

  @BeforeAll
  static void readCorpus() throws SourceUnavailableException {
    corpus =
        new FilesConnector(
                "documentation",
                IngestFixtures.resource("ingest/docs"),
                null,
                FilesConnector.Limits.DEFAULT)
            .read().documents().stream()
                .collect(Collectors.toMap(SourceDocument::id, Function.identity()));
    assertThat(corpus).hasSize(4);
  }

  private static StructureChunker chunker(ChunkingStrategy strategy, int max, int overlap) {
    return new StructureChunker(TOKENS, new ChunkingSettings(strategy, max, overlap));
  }

  private static SourceDocument doc(String text) {
    return SourceDocument.of("docs", "note.md", "Note", null, text, null, null, null, null);
  }

  /** A long document: the corpus, a paragraph without sentence ends and a very long word. */
  private static SourceDocument longDocument() {
    StringBuilder text = new StringBuilder("# Recueil\n\n");
    corpus.values().stream()
        .sorted((a, b) -> a.id().compareTo(b.id()))
        .forEach(d -> text.append(d.text()).append("\n\n"));
    text.append("## Annexe\n\n");
    text.append("liste des pièces à fournir ".repeat(60)).append("\n\n");
    text.append("Lien : https://intranet.federation.example/ged/")
        .append("dossier-".repeat(80))
        .append("fin.pdf et suite du texte.");
    return doc(text.toString());
  }

  static Stream<Arguments> sizes() {
    List<Arguments> sizes = new ArrayList<>();
    for (ChunkingStrategy strategy : ChunkingStrategy.values()) {
      for (int max : new int[] {16, 40, 64, 126}) {
        sizes.add(Arguments.of(strategy, max, Math.min(16, max / 2)));
      }
    }
    return sizes.stream();
  }

  @ParameterizedTest(name = "{0}, maxTokens {1}")
  @MethodSource("sizes")
  void everyChunkFitsMaxTokensCountedByTheModelTokenizer(
      ChunkingStrategy strategy, int max, int overlap) {
    StructureChunker chunker = chunker(strategy, max, overlap);
    List<SourceDocument> docs = new ArrayList<>(corpus.values());
    docs.add(longDocument());

    for (SourceDocument doc : docs) {
      List<Chunk> chunks = chunker.chunk(doc, LABELS);
      assertThat(chunks).as(doc.id()).isNotEmpty();
      for (Chunk chunk : chunks) {
        int real = TOKENS.count(chunk.embeddingText());
        assertThat(real).as("%s #%d", doc.id(), chunk.position()).isLessThanOrEqualTo(max);
        assertThat(chunk.tokenCount()).isEqualTo(real);
        assertThat(chunk.text()).isNotBlank();
      }
    }
  }

  @Test
  void defaultsFollowTheModelWindow() {
    assertThat(ChunkingSettings.resolve(null, MiniLmTokenCounter.WINDOW))
        .isEqualTo(new ChunkingSettings(ChunkingStrategy.Structure, 126, 16));

    ChunkingSpec spec = new ChunkingSpec();
    spec.setStrategy(ChunkingStrategy.Fixed);
    spec.setMaxTokens(512);
    spec.setOverlapTokens(100);
    assertThat(ChunkingSettings.resolve(spec, MiniLmTokenCounter.WINDOW))
        .as("text past the model window would never be embedded; overlap at most half")
        .isEqualTo(new ChunkingSettings(ChunkingStrategy.Fixed, 126, 63));

    spec.setMaxTokens(64);
    spec.setOverlapTokens(0);
    assertThat(ChunkingSettings.resolve(spec, 512))
        .isEqualTo(new ChunkingSettings(ChunkingStrategy.Fixed, 64, 0));
  }

  @Test
  void theModelTokenizerCountsAreAdditiveOverWhitespace() {
    for (SourceDocument doc : corpus.values()) {
      int whole = TOKENS.count(doc.text());
      int sum = Arrays.stream(doc.text().split("\\s+")).mapToInt(TOKENS::count).sum();
      assertThat(sum).as(doc.id()).isEqualTo(whole);
    }
    assertThat(TOKENS.count("indemnité")).isGreaterThan(1); // French costs several pieces a word
  }

  @Test
  void headingsStartChunksAndFormTheirPrefix() {
    SourceDocument doc = corpus.get("rh/formation-professionnelle.md");

    List<Chunk> chunks = chunker(ChunkingStrategy.Structure, 126, 16).chunk(doc, LABELS);

    Chunk alimentation =
        chunks.stream()
            .filter(c -> c.text().startsWith("Le compte personnel de formation (CPF)"))
            .findFirst()
            .orElseThrow();
    assertThat(alimentation.headingPath())
        .containsExactly(
            "Formation professionnelle des salariés",
            "Le compte personnel de formation",
            "Alimentation du compte");
    assertThat(alimentation.embeddingText())
        .isEqualTo(
            "Formation professionnelle des salariés > Le compte personnel de formation >"
                + " Alimentation du compte\n"
                + alimentation.text());
    for (Chunk chunk : chunks) {
      assertThat(chunk.text()).doesNotContainPattern("(?m)^#");
      String heading = chunk.headingPath().get(chunk.headingPath().size() - 1);
      String section = section(doc.text(), heading);
      assertThat(section)
          .as("chunk %d lies within its section", chunk.position())
          .contains(chunk.text());
    }
  }

  @Test
  void aDocumentWithoutHeadingsIsPrefixedWithItsTitle() {
    SourceDocument doc = corpus.get("antennes/lyon/compte-rendu-bureau.txt");

    List<Chunk> chunks = chunker(ChunkingStrategy.Structure, 126, 8).chunk(doc, LABELS);

    assertThat(chunks).hasSizeGreaterThan(2);
    assertThat(chunks.get(0).embeddingText())
        .as("the first line is the title already")
        .isEqualTo(chunks.get(0).text());
    assertThat(chunks.subList(1, chunks.size()))
        .allSatisfy(
            c -> {
              assertThat(c.headingPath()).isEmpty();
              assertThat(c.embeddingText()).isEqualTo(doc.title() + "\n" + c.text());
            });
  }

  @Test
  void consecutiveChunksOfASectionOverlapByAtMostOverlapTokens() {
    StructureChunker chunker = chunker(ChunkingStrategy.Structure, 64, 16);
    int overlapping = 0;
    for (SourceDocument doc : corpus.values()) {
      List<Chunk> chunks = chunker.chunk(doc, LABELS);
      for (int i = 1; i < chunks.size(); i++) {
        Chunk previous = chunks.get(i - 1);
        Chunk next = chunks.get(i);
        String repeated = repeatedPrefix(previous.text(), next.text());
        if (!next.headingPath().equals(previous.headingPath())) {
          assertThat(repeated).as("no overlap across headings").isEmpty();
          continue;
        }
        assertThat(repeated).as("%s #%d", doc.id(), i).isNotEmpty();
        assertThat(TOKENS.count(repeated)).isLessThanOrEqualTo(16);
        assertThat(repeated.length()).isLessThan(next.text().length());
        overlapping++;
      }
    }
    assertThat(overlapping).isGreaterThan(5);
  }

  @Test
  void withoutOverlapTheChunksAreTheBodyCutAtParagraphsAndSentences() {
    SourceDocument doc = corpus.get("rh/periode-essai.md");

    // French sentences run to 50-80 tokens: a full window lets whole sentences fit
    List<Chunk> chunks = chunker(ChunkingStrategy.Structure, 126, 0).chunk(doc, LABELS);

    String body =
        Arrays.stream(doc.text().split("\n"))
            .filter(line -> !line.startsWith("#"))
            .collect(Collectors.joining("\n"));
    assertThat(words(chunks.stream().map(Chunk::text).collect(Collectors.joining(" "))))
        .as("every word once, in order")
        .isEqualTo(words(body));
    for (Chunk chunk : chunks) {
      assertThat(chunk.text())
          .as("chunk %d ends at a sentence, line or paragraph end", chunk.position())
          .containsPattern("[.;:]$");
      assertThat(chunk.text()).doesNotEndWith("L.");
    }
  }

  @Test
  void aParagraphTooLongIsCutAtItsSentences() {
    SourceDocument doc = corpus.get("rh/formation-professionnelle.md");

    List<Chunk> plan =
        chunker(ChunkingStrategy.Structure, 126, 0).chunk(doc, LABELS).stream()
            .filter(c -> c.headingPath().contains("Le plan de développement des compétences"))
            .toList();

    assertThat(plan).hasSizeGreaterThan(1);
    for (int i = 0; i < plan.size(); i++) {
      Chunk chunk = plan.get(i);
      assertThat(Character.isUpperCase(chunk.text().charAt(0)))
          .as("chunk starts a sentence: %s", chunk.text())
          .isTrue();
      assertThat(chunk.text()).endsWith(".");
    }
  }

  @Test
  void neverCutsInsideAWord() {
    for (ChunkingStrategy strategy : ChunkingStrategy.values()) {
      for (int max : new int[] {16, 64}) {
        for (SourceDocument doc : corpus.values()) {
          Set<String> docWords = new HashSet<>(words(doc.text()));
          for (Chunk chunk : chunker(strategy, max, max / 4).chunk(doc, LABELS)) {
            assertThat(docWords)
                .as("%s %d %s #%d", strategy, max, doc.id(), chunk.position())
                .containsAll(words(chunk.text()));
          }
        }
      }
    }
  }

  @Test
  void fixedWindowsCoverTheWholeTextInOrder() {
    SourceDocument doc = corpus.get("rh/formation-professionnelle.md");

    List<Chunk> chunks = chunker(ChunkingStrategy.Fixed, 40, 0).chunk(doc, LABELS);

    List<String> expected = words(doc.text().replaceAll("(?m)^#+ ", ""));
    assertThat(words(chunks.stream().map(Chunk::text).collect(Collectors.joining(" "))))
        .isEqualTo(expected);
    assertThat(chunks).allSatisfy(c -> assertThat(c.embeddingText()).isEqualTo(c.text()));
    assertThat(chunks.get(chunks.size() - 1).headingPath())
        .containsExactly("Formation professionnelle des salariés", "L'entretien professionnel");
    assertThat(chunks)
        .as("windows are filled: all but the last are close to the size")
        .allSatisfy(
            c ->
                assertThat(c.tokenCount())
                    .isGreaterThan(c == chunks.get(chunks.size() - 1) ? 0 : 30));
  }

  @Test
  void onlyAWordLongerThanAChunkIsCut() {
    String url = "https://intranet.federation.example/" + "dossier-".repeat(40) + "fin.pdf";
    SourceDocument doc = doc("Voir " + url + " pour le détail.");

    List<Chunk> chunks = chunker(ChunkingStrategy.Structure, 32, 0).chunk(doc, LABELS);

    assertThat(chunks).hasSizeGreaterThan(2);
    assertThat(chunks).allSatisfy(c -> assertThat(c.tokenCount()).isLessThanOrEqualTo(32));
    String joined = chunks.stream().map(Chunk::text).collect(Collectors.joining(""));
    assertThat(joined.replace(" ", "")).isEqualTo(doc.text().replace(" ", ""));
  }

  @Test
  void isDeterministic() {
    SourceDocument doc = longDocument();

    List<Chunk> first = chunker(ChunkingStrategy.Structure, 126, 16).chunk(doc, LABELS);
    List<Chunk> second = chunker(ChunkingStrategy.Structure, 126, 16).chunk(doc, LABELS);

    assertThat(second).isEqualTo(first);
  }

  @Test
  void chunksCarryTheDocumentIdentityLabelsAndPositions() {
    SourceDocument doc = corpus.get("rh/periode-essai.md");

    List<Chunk> chunks = chunker(ChunkingStrategy.Structure, 126, 16).chunk(doc, LABELS);

    for (int i = 0; i < chunks.size(); i++) {
      Chunk chunk = chunks.get(i);
      assertThat(chunk.position()).isEqualTo(i);
      assertThat(chunk.source()).isEqualTo("documentation");
      assertThat(chunk.documentId()).isEqualTo("rh/periode-essai.md");
      assertThat(chunk.title()).isEqualTo("La période d'essai du salarié");
      assertThat(chunk.uri()).isEqualTo("https://intranet.federation.example/rh/periode-essai");
      assertThat(chunk.labels()).containsExactly("rh", "salaries");
    }
  }

  @Test
  void emptyAndHeadingOnlyDocuments() {
    StructureChunker chunker = chunker(ChunkingStrategy.Structure, 126, 16);

    assertThat(chunker.chunk(doc(""), LABELS)).isEmpty();
    List<Chunk> headings = chunker.chunk(doc("# Sommaire\n\n## Partie 1\n\n## Partie 2"), LABELS);
    assertThat(headings).hasSize(1);
    assertThat(headings.get(0).text()).isEqualTo("Sommaire\n\nPartie 1\n\nPartie 2");
  }

  @Test
  void fencedCodeIsNotReadAsHeadings() {
    SourceDocument doc =
        doc("# Guide\n\nAvant.\n\n```\n# pas un titre\ncommande --option\n```\n\nAprès.");

    List<Chunk> chunks = chunker(ChunkingStrategy.Structure, 126, 0).chunk(doc, LABELS);

    assertThat(chunks).hasSize(1);
    assertThat(chunks.get(0).headingPath()).containsExactly("Guide");
    assertThat(chunks.get(0).text())
        .isEqualTo("Avant.\n\n```\n# pas un titre\ncommande --option\n```\n\nAprès.");
  }

  private static List<String> words(String text) {
    return Arrays.stream(text.strip().split("\\s+")).filter(w -> !w.isEmpty()).toList();
  }

  /** The text between the heading line {@code heading} and the next heading. */
  private static String section(String text, String heading) {
    int start = text.indexOf("# " + heading + "\n");
    assertThat(start).as("heading %s", heading).isNotNegative();
    int bodyStart = text.indexOf('\n', start) + 1;
    int next = text.indexOf("\n#", bodyStart);
    return text.substring(bodyStart, next < 0 ? text.length() : next);
  }

  /** The longest start of {@code next}, ending at a word end, that ends {@code previous}. */
  private static String repeatedPrefix(String previous, String next) {
    String best = "";
    for (int i = 1; i <= next.length(); i++) {
      boolean wordEnd = i == next.length() || Character.isWhitespace(next.charAt(i));
      if (wordEnd && previous.endsWith(next.substring(0, i))) {
        String candidate = next.substring(0, i);
        int before = previous.length() - candidate.length() - 1;
        if (before < 0 || Character.isWhitespace(previous.charAt(before))) {
          best = candidate;
        }
      }
    }
    return best;
  }
}
