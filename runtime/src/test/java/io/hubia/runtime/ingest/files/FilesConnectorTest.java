package io.hubia.runtime.ingest.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hubia.api.v1alpha1.spec.FilesSource;
import io.hubia.runtime.ingest.ConnectorResult;
import io.hubia.runtime.ingest.IngestFixtures;
import io.hubia.runtime.ingest.SkipCode;
import io.hubia.runtime.ingest.SkippedDocument;
import io.hubia.runtime.ingest.SourceDocument;
import io.hubia.runtime.ingest.SourceUnavailableException;
import io.hubia.runtime.ingest.TextNormalizer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FilesConnectorTest {
  private static final String SOURCE = "documentation";

  @TempDir Path folder;

  @BeforeEach
  void corpus() throws IOException {
    IngestFixtures.copyDocs(folder);
  }

  private ConnectorResult read() throws SourceUnavailableException {
    return read(new FilesSource(), FilesConnector.Limits.DEFAULT);
  }

  private ConnectorResult read(FilesSource spec, FilesConnector.Limits limits)
      throws SourceUnavailableException {
    return new FilesConnector(SOURCE, folder, spec, limits).read();
  }

  private static Map<String, SourceDocument> byId(ConnectorResult result) {
    return result.documents().stream()
        .collect(Collectors.toMap(SourceDocument::id, Function.identity()));
  }

  private static Map<String, SkippedDocument> skippedById(ConnectorResult result) {
    return result.skipped().stream()
        .collect(Collectors.toMap(SkippedDocument::id, Function.identity()));
  }

  @Test
  void readsEveryFormatWithRelativeIds() throws Exception {
    IngestFixtures.writePdf(
        folder.resolve("juridique/bareme.pdf"),
        "Barème des indemnités 2024",
        List.of("Barème des indemnités\nPremière page", "Seconde page"));

    ConnectorResult result = read();

    assertThat(result.skipped()).isEmpty();
    assertThat(result.documents())
        .extracting(SourceDocument::id)
        .containsExactly(
            "antennes/lyon/compte-rendu-bureau.txt",
            "juridique/bareme.pdf",
            "juridique/rupture-conventionnelle.html",
            "rh/formation-professionnelle.md",
            "rh/periode-essai.md");
    assertThat(result.documents())
        .allSatisfy(
            d -> {
              assertThat(d.source()).isEqualTo(SOURCE);
              assertThat(d.contentHash()).isEqualTo(TextNormalizer.sha256(d.text()));
              assertThat(d.updated()).isNotNull();
              assertThat(d.aclPrincipals()).isEmpty();
            });
  }

  @Test
  void markdownFrontMatterGivesTitleUriLabelsUpdatedAndMetadata() throws Exception {
    SourceDocument doc = byId(read()).get("rh/periode-essai.md");

    assertThat(doc.title()).isEqualTo("La période d'essai du salarié");
    assertThat(doc.uri()).isEqualTo("https://intranet.federation.example/rh/periode-essai");
    assertThat(doc.labels()).containsExactly("rh", "salaries");
    assertThat(doc.updated()).isEqualTo(Instant.parse("2024-03-15T00:00:00Z"));
    assertThat(doc.metadata())
        .containsEntry("auteur", List.of("Service juridique"))
        .containsEntry("tags", List.of("contrat de travail", "embauche"))
        .containsEntry("service.nom", List.of("Ressources humaines"))
        .containsEntry("service.antenne", List.of("siege"))
        .doesNotContainKeys("title", "uri", "labels", "updated");
    assertThat(doc.text())
        .startsWith("# La période d'essai du salarié\n\nLa période d'essai permet")
        .contains("\n## Durée maximale\n")
        .contains("- deux mois pour les ouvriers et les employés ;")
        .doesNotContain("auteur:");
  }

  @Test
  void markdownWithoutFrontMatterTakesItsFirstHeadingAndTheFileTime() throws Exception {
    Path file = folder.resolve("rh/formation-professionnelle.md");
    Instant modified = Instant.parse("2024-01-02T03:04:05Z");
    Files.setLastModifiedTime(file, FileTime.from(modified));

    SourceDocument doc = byId(read()).get("rh/formation-professionnelle.md");

    assertThat(doc.title()).isEqualTo("Formation professionnelle des salariés");
    assertThat(doc.uri()).isNull();
    assertThat(doc.labels()).isEmpty();
    assertThat(doc.updated()).isEqualTo(modified);
    assertThat(doc.text()).contains("\n### Alimentation du compte\n");
  }

  @Test
  void htmlKeepsHeadingsListsAndTablesAndDropsScriptsStylesNavigationAndHiddenText()
      throws Exception {
    SourceDocument doc = byId(read()).get("juridique/rupture-conventionnelle.html");

    assertThat(doc.title()).isEqualTo("La rupture conventionnelle individuelle");
    assertThat(doc.uri())
        .isEqualTo("https://www.federation.example/fiches/rupture-conventionnelle");
    assertThat(doc.metadata())
        .containsEntry("lang", List.of("fr"))
        .containsEntry("author", List.of("Pôle juridique"))
        .containsKey("description");
    assertThat(doc.text())
        .startsWith(
            "# La rupture conventionnelle individuelle\n\nLa rupture conventionnelle permet")
        .contains(
            "## Les étapes de la procédure\n\n- Un ou plusieurs entretiens entre l'employeur et le"
                + " salarié, qui peut se faire assister.\n\n- La signature")
        .contains("Ancienneté | Indemnité minimale\n\nJusqu'à 10 ans | 1/4 de mois")
        .contains("### Régime social et fiscal")
        .contains("dans certaines limites.\nElle est soumise au forfait social.")
        // source line breaks inside a paragraph are spaces
        .contains("de convenir ensemble des conditions")
        .doesNotContain("Accueil", "analytics", "font-family", "Texte masqué", "mentions légales");
  }

  @Test
  void plainTextTakesItsFirstLineAsTitle() throws Exception {
    SourceDocument doc = byId(read()).get("antennes/lyon/compte-rendu-bureau.txt");

    assertThat(doc.title()).isEqualTo("Compte rendu de la réunion du bureau de l'antenne de Lyon");
    assertThat(doc.text()).contains("\n\n1. Adhésions\nAu 30 avril, l'antenne compte 412");
  }

  @Test
  void plainTextLinesThatLookLikeHeadingsAreEscaped() throws Exception {
    Files.writeString(folder.resolve("notes.txt"), "Notes\n\n# pas un titre\nsuite");

    SourceDocument doc = byId(read()).get("notes.txt");

    assertThat(doc.text()).isEqualTo("Notes\n\n\\# pas un titre\nsuite");
  }

  @Test
  void pdfGivesTextPerPageAndItsTitle() throws Exception {
    IngestFixtures.writePdf(
        folder.resolve("juridique/bareme.pdf"),
        "Barème des indemnités 2024",
        List.of(
            "Barème des indemnités de licenciement\nL'indemnité légale est due après huit mois.",
            "Page deux : cas particuliers des salariés à temps partiel."));
    IngestFixtures.writePdf(
        folder.resolve("juridique/sans-titre.pdf"),
        null,
        List.of("Note sur le forfait social\nLe forfait social s'applique à l'indemnité."));

    Map<String, SourceDocument> docs = byId(read());

    SourceDocument bareme = docs.get("juridique/bareme.pdf");
    assertThat(bareme.title()).isEqualTo("Barème des indemnités 2024");
    assertThat(bareme.metadata())
        .containsEntry("pages", List.of("2"))
        .containsEntry("author", List.of("Pôle juridique"));
    assertThat(bareme.text())
        .contains("Barème des indemnités de licenciement")
        .contains("L'indemnité légale est due après huit mois.")
        .contains("huit mois.\n\nPage deux : cas particuliers");
    assertThat(docs.get("juridique/sans-titre.pdf").title())
        .isEqualTo("Note sur le forfait social");
  }

  @Test
  void utf8AndUtf16ByteOrderMarksAreHonoured() throws Exception {
    String text = "Congés payés\n\nDeux jours et demi ouvrables par mois.";
    byte[] utf16 = text.getBytes(StandardCharsets.UTF_16LE);
    byte[] withBom = new byte[utf16.length + 2];
    withBom[0] = (byte) 0xFF;
    withBom[1] = (byte) 0xFE;
    System.arraycopy(utf16, 0, withBom, 2, utf16.length);
    Files.write(folder.resolve("utf16.txt"), withBom);
    Files.writeString(folder.resolve("bom.txt"), "\uFEFF" + text);

    Map<String, SourceDocument> docs = byId(read());

    assertThat(docs.get("utf16.txt").text()).isEqualTo(text);
    assertThat(docs.get("bom.txt").text()).isEqualTo(text);
    assertThat(docs.get("utf16.txt").title()).isEqualTo("Congés payés");
  }

  @Test
  void contentHashIgnoresLineEndingsAndTrailingSpaces() throws Exception {
    Files.writeString(folder.resolve("a.md"), "# Titre\n\nUn paragraphe.\n");
    Files.writeString(folder.resolve("b.md"), "# Titre  \r\n\r\n\r\n\r\nUn paragraphe.\r\n");

    Map<String, SourceDocument> docs = byId(read());

    assertThat(docs.get("a.md").contentHash()).isEqualTo(docs.get("b.md").contentHash());
    assertThat(docs.get("a.md").text()).isEqualTo(docs.get("b.md").text());
  }

  @Test
  void everyBadFileIsSkippedWithAPreciseReasonAndTheWalkGoesOn() throws Exception {
    Path bad = Files.createDirectories(folder.resolve("bad"));
    Files.writeString(bad.resolve("yaml.md"), "---\ntitle: [non fermé\n---\nCorps");
    Files.writeString(bad.resolve("unclosed.md"), "---\ntitle: Note\n\nCorps sans fin de bloc");
    Files.writeString(bad.resolve("list.md"), "---\n- a\n- b\n---\nCorps");
    Files.writeString(bad.resolve("labels.md"), "---\nlabels: {rh: oui}\n---\nCorps");
    Files.writeString(bad.resolve("label.md"), "---\nlabels: [rh confidentiel]\n---\nCorps");
    Files.writeString(bad.resolve("date.md"), "---\nupdated: le 3 mars\n---\nCorps");
    Files.writeString(bad.resolve("uri.md"), "---\nuri: javascript:alert(1)\n---\nCorps");
    Files.write(bad.resolve("binaire.txt"), new byte[] {'P', 'K', 3, 4, 0, 0, 0, 8, 0, 1});
    Files.write(bad.resolve("controles.txt"), new byte[] {'a', 1, 2, 3, 4, 5, 6, 7, 'b'});
    Files.write(
        bad.resolve("latin1.txt"), "Rémunération minimale".getBytes(StandardCharsets.ISO_8859_1));
    Files.write(
        bad.resolve("binaire.html"), new byte[] {'<', 'p', '>', 0, 0, 'x', '<', '/', 'p', '>'});
    Files.writeString(bad.resolve("vide.md"), "");
    Files.writeString(bad.resolve("blanc.md"), "---\ntitle: Vide\n---\n\n   \n");
    Files.write(bad.resolve("gros.txt"), new byte[200 * 1024]);
    Files.writeString(
        bad.resolve("corrompu.pdf"), "%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R");
    Files.write(bad.resolve("tronque.pdf"), truncatedPdf());
    IngestFixtures.writeEncryptedPdf(bad.resolve("chiffre.pdf"));
    IngestFixtures.writePdf(bad.resolve("scan.pdf"), "Scan", List.of("", ""));

    ConnectorResult result = read(new FilesSource(), new FilesConnector.Limits(100 * 1024, 10_000));

    Map<String, SkippedDocument> skipped = skippedById(result);
    assertSkipped(
        skipped, "bad/yaml.md", SkipCode.BadFrontMatter, "front matter is not valid YAML");
    assertSkipped(skipped, "bad/yaml.md", SkipCode.BadFrontMatter, "line ");
    assertSkipped(skipped, "bad/unclosed.md", SkipCode.BadFrontMatter, "never closed");
    assertSkipped(skipped, "bad/list.md", SkipCode.BadFrontMatter, "must be a mapping");
    assertSkipped(skipped, "bad/labels.md", SkipCode.BadFrontMatter, "'labels' must be a list");
    assertSkipped(skipped, "bad/label.md", SkipCode.BadFrontMatter, "label 'rh confidentiel'");
    assertSkipped(skipped, "bad/date.md", SkipCode.BadFrontMatter, "'updated' must be an ISO-8601");
    assertSkipped(skipped, "bad/uri.md", SkipCode.BadFrontMatter, "absolute http or https URL");
    assertSkipped(skipped, "bad/binaire.txt", SkipCode.Binary, "NUL byte at offset 4");
    assertSkipped(skipped, "bad/controles.txt", SkipCode.Binary, "7 control characters");
    assertSkipped(skipped, "bad/latin1.txt", SkipCode.Encoding, "not valid UTF-8");
    assertSkipped(skipped, "bad/latin1.txt", SkipCode.Encoding, "offset 1");
    assertSkipped(skipped, "bad/binaire.html", SkipCode.Binary, "NUL byte");
    assertSkipped(skipped, "bad/vide.md", SkipCode.Empty, "empty file");
    assertSkipped(skipped, "bad/blanc.md", SkipCode.Empty, "no text");
    assertSkipped(
        skipped, "bad/gros.txt", SkipCode.TooLarge, "file is 0.2 MiB, more than the 0.1 MiB limit");
    assertSkipped(skipped, "bad/corrompu.pdf", SkipCode.Corrupt, "PDF");
    assertSkipped(skipped, "bad/tronque.pdf", SkipCode.Corrupt, "PDF");
    assertSkipped(skipped, "bad/chiffre.pdf", SkipCode.Encrypted, "password");
    assertSkipped(skipped, "bad/scan.pdf", SkipCode.Empty, "without extractable text");
    assertThat(skipped).hasSize(18);
    assertThat(result.skipped()).allSatisfy(s -> assertThat(s.source()).isEqualTo(SOURCE));
    // the good documents are all still there
    assertThat(result.documents()).hasSize(4);
  }

  @Test
  void textBeyondTheTextLimitIsSkipped() throws Exception {
    ConnectorResult result = read(new FilesSource(), new FilesConnector.Limits(1 << 20, 500));

    assertThat(skippedById(result).get("rh/formation-professionnelle.md"))
        .extracting(SkippedDocument::code, SkippedDocument::reason)
        .containsExactly(SkipCode.TooLarge, "more than 500 characters of text");
  }

  @Test
  void symbolicLinksStayInsideTheFolder(@TempDir Path outside) throws Exception {
    Files.writeString(outside.resolve("secret.md"), "# Salaires\n\nGrille confidentielle.");
    Files.createDirectories(outside.resolve("partage"));
    Files.writeString(outside.resolve("partage/note.md"), "# Note\n\nHors du dossier.");
    Files.createSymbolicLink(folder.resolve("fuite.md"), outside.resolve("secret.md"));
    Files.createSymbolicLink(folder.resolve("partage"), outside.resolve("partage"));
    Files.createSymbolicLink(folder.resolve("casse.md"), folder.resolve("absent.md"));
    Files.createSymbolicLink(folder.resolve("rh/alias.md"), folder.resolve("rh/periode-essai.md"));
    Files.createSymbolicLink(folder.resolve("rh/boucle"), folder.resolve("rh"));

    ConnectorResult result = read();

    Map<String, SkippedDocument> skipped = skippedById(result);
    assertSkipped(skipped, "fuite.md", SkipCode.UnsafeLink, "outside the source");
    assertSkipped(skipped, "partage/", SkipCode.UnsafeLink, "outside the source");
    assertSkipped(skipped, "casse.md", SkipCode.UnsafeLink, "broken symbolic link");
    assertSkipped(skipped, "rh/boucle/", SkipCode.UnsafeLink, "loop");
    assertThat(result.documents()).extracting(SourceDocument::id).contains("rh/alias.md");
    assertThat(result.documents())
        .extracting(SourceDocument::text)
        .noneMatch(t -> t.contains("Grille confidentielle") || t.contains("Hors du dossier"));
  }

  @Test
  void hiddenEntriesAndConfigMapDataFoldersAreNotRead(@TempDir Path volume) throws Exception {
    // the layout Kubernetes gives a ConfigMap volume: visible links into a hidden ..data folder
    Path data = Files.createDirectories(volume.resolve("..2024_05_01_10_00_00.123"));
    Files.writeString(data.resolve("faq.md"), "# FAQ\n\nQuestions fréquentes.");
    Files.createSymbolicLink(volume.resolve("..data"), data.getFileName());
    Files.createSymbolicLink(volume.resolve("faq.md"), Path.of("..data/faq.md"));
    Files.createDirectories(volume.resolve(".git"));
    Files.writeString(volume.resolve(".git/notes.md"), "# interne");
    Files.writeString(volume.resolve(".brouillon.md"), "# brouillon");

    ConnectorResult result =
        new FilesConnector(SOURCE, volume, null, FilesConnector.Limits.DEFAULT).read();

    assertThat(result.documents()).extracting(SourceDocument::id).containsExactly("faq.md");
    assertThat(result.skipped()).isEmpty();
  }

  @Test
  void includeAndExcludeGlobsChooseTheFiles() throws Exception {
    Files.writeString(folder.resolve("lisez-moi.md"), "# Lisez-moi\n\nÀ la racine.");
    Files.writeString(folder.resolve("rh/tableau.csv"), "a;b");
    Files.writeString(folder.resolve("rh/contrat.docx"), "pas un vrai docx");

    assertThat(read().documents())
        .extracting(SourceDocument::id)
        .as("**/ also matches the root; other extensions are ignored without a report")
        .contains("lisez-moi.md")
        .doesNotContain("rh/tableau.csv", "rh/contrat.docx");
    assertThat(read().skipped()).isEmpty();

    FilesSource onlyRh = new FilesSource();
    onlyRh.setInclude(List.of("rh/**"));
    onlyRh.setExclude(List.of("**/*.csv", "**/formation-*"));
    ConnectorResult rh = read(onlyRh, FilesConnector.Limits.DEFAULT);
    assertThat(rh.documents())
        .extracting(SourceDocument::id)
        .containsExactly("rh/periode-essai.md");
    assertThat(skippedById(rh).get("rh/contrat.docx"))
        .as("included by a glob but of a type no reader handles")
        .extracting(SkippedDocument::code)
        .isEqualTo(SkipCode.UnsupportedType);

    FilesSource notJuridique = new FilesSource();
    notJuridique.setExclude(List.of("juridique/**", "**/*.txt"));
    assertThat(read(notJuridique, FilesConnector.Limits.DEFAULT).documents())
        .extracting(SourceDocument::id)
        .containsExactly("lisez-moi.md", "rh/formation-professionnelle.md", "rh/periode-essai.md");
  }

  @Test
  void aMissingFolderStopsThePassInsteadOfLookingEmpty() {
    Path missing = folder.resolve("absent");
    FilesConnector connector =
        new FilesConnector(SOURCE, missing, new FilesSource(), FilesConnector.Limits.DEFAULT);

    assertThatThrownBy(connector::read)
        .isInstanceOf(SourceUnavailableException.class)
        .hasMessageContaining("documentation")
        .hasMessageContaining("does not exist");
  }

  @Test
  void theSourcePathCannotLeaveTheVolume() {
    FilesSource spec = new FilesSource();
    spec.setPath("guides/rh");
    assertThat(FilesConnector.folderOf(folder, spec)).isEqualTo(folder.resolve("guides/rh"));

    spec.setPath("../../etc");
    assertThatThrownBy(() -> FilesConnector.folderOf(folder, spec))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("leaves the volume");
  }

  @Test
  void theSourcePathCannotLeaveTheVolumeThroughALink(@TempDir Path outside) throws Exception {
    Files.createSymbolicLink(folder.resolve("ailleurs"), outside);
    FilesSource spec = new FilesSource();
    spec.setPath("ailleurs");

    assertThatThrownBy(() -> FilesConnector.folderOf(folder, spec))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("symbolic link that leaves the volume");
  }

  @Test
  void aMalformedGlobIsRefusedUpFront() {
    FilesSource spec = new FilesSource();
    spec.setInclude(List.of("docs/[abc"));

    assertThatThrownBy(
            () -> new FilesConnector(SOURCE, folder, spec, FilesConnector.Limits.DEFAULT))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("docs/[abc");
  }

  private static void assertSkipped(
      Map<String, SkippedDocument> skipped, String id, SkipCode code, String reasonPart) {
    assertThat(skipped).as("skipped %s", id).containsKey(id);
    assertThat(skipped.get(id).code()).as("code of %s", id).isEqualTo(code);
    assertThat(skipped.get(id).reason()).as("reason of %s", id).contains(reasonPart);
  }

  private static byte[] truncatedPdf() throws IOException {
    Path tmp = Files.createTempFile("hubia", ".pdf");
    try {
      IngestFixtures.writePdf(tmp, "Complet", List.of("Un texte assez long pour la coupe."));
      byte[] full = Files.readAllBytes(tmp);
      byte[] half = new byte[full.length / 3];
      System.arraycopy(full, 0, half, 0, half.length);
      return half;
    } finally {
      Files.deleteIfExists(tmp);
    }
  }
}
