package io.hubia.runtime.ingest.hydra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hubia.api.v1alpha1.spec.HydraFieldMapping;
import io.hubia.runtime.ingest.SkipCode;
import io.hubia.runtime.ingest.SourceDocument;
import io.hubia.runtime.ingest.format.DocumentFormats;
import io.hubia.runtime.ingest.format.UnreadableDocumentException;
import java.net.URI;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class MemberMapperTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final URI COLLECTION = URI.create("https://crm.example.org/api/fiches");
  private static final DocumentFormats FORMATS = new DocumentFormats(5_000_000);

  private static MemberMapper mapper(Consumer<HydraFieldMapping> change) {
    HydraFieldMapping fields = new HydraFieldMapping();
    fields.setBody(List.of("contenu"));
    change.accept(fields);
    return new MemberMapper("fiches", COLLECTION, fields, FORMATS, 5_000_000);
  }

  private static SourceDocument map(MemberMapper mapper, String member) throws Exception {
    JsonNode node = JSON.readTree(member);
    return mapper.map(node, MemberMapper.idOf(node));
  }

  @Test
  void defaultsTitleToTitleThenNameThenTheIdsLastSegment() throws Exception {
    MemberMapper mapper = mapper(f -> {});

    assertThat(
            map(
                    mapper,
                    "{\"@id\":\"/api/fiches/1\",\"title\":\"Le  titre\\n long\",\"name\":\"n\","
                        + "\"contenu\":\"x\"}")
                .title())
        .isEqualTo("Le titre long");
    assertThat(
            map(mapper, "{\"@id\":\"/api/fiches/1\",\"name\":\"Nom\",\"contenu\":\"x\"}").title())
        .isEqualTo("Nom");
    assertThat(map(mapper, "{\"@id\":\"/api/fiches/1\",\"title\":\" \",\"contenu\":\"x\"}").title())
        .isEqualTo("1");
    assertThat(
            map(
                    mapper(f -> f.setTitle("/auteur/nom")),
                    "{\"@id\":\"/api/fiches/1\",\"title\":\"T\",\"auteur\":{\"nom\":\"Claire\"},"
                        + "\"contenu\":\"x\"}")
                .title())
        .isEqualTo("Claire");
  }

  @Test
  void joinsBodyFieldsInTheMappingsOrderWithBlankLinesAndReadsHtml() throws Exception {
    MemberMapper mapper = mapper(f -> f.setBody(List.of("contenu", "resume", "/auteur/nom")));

    SourceDocument doc =
        map(
            mapper,
            """
            {"@id": "/api/fiches/1",
             "resume": ["Premier point.", "Second point."],
             "contenu": "<p>Le salarié a droit à <em>25 jours</em>.</p><h2>Calcul</h2><p>Par mois.</p>",
             "auteur": {"nom": "Claire Martin"}}
            """);

    assertThat(doc.text())
        .isEqualTo(
            "Le salarié a droit à 25 jours.\n\n## Calcul\n\nPar mois.\n\n"
                + "Premier point.\n\nSecond point.\n\nClaire Martin");
  }

  @Test
  void plainTextAndMarkdownAreKeptAsTheyAre() throws Exception {
    SourceDocument doc =
        map(
            mapper(f -> {}),
            "{\"@id\":\"/api/fiches/1\",\"contenu\":\"# Titre\\n\\nSi x < 3 et y > 2 :\\r\\n- un"
                + "\\n- deux\"}");

    assertThat(doc.text()).isEqualTo("# Titre\n\nSi x < 3 et y > 2 :\n- un\n- deux");
  }

  @Test
  void missingBodyNamesEachFieldAndWhy() {
    MemberMapper mapper = mapper(f -> f.setBody(List.of("resume", "contenu", "auteur")));

    assertThatThrownBy(
            () ->
                map(
                    mapper,
                    "{\"@id\":\"/api/fiches/1\",\"contenu\":\"<p> </p><script>x()</script>\","
                        + "\"auteur\":{\"nom\":\"Claire\"}}"))
        .isInstanceOf(UnreadableDocumentException.class)
        .hasMessage(
            "no body text: 'resume' is absent, 'contenu' has no visible text, 'auteur' is an"
                + " object: name one of its properties with a JSON Pointer such as '/auteur/name'")
        .satisfies(
            e ->
                assertThat(((UnreadableDocumentException) e).code())
                    .isEqualTo(SkipCode.MissingField));
  }

  @Test
  void textBeyondTheLimitIsTooLarge() {
    HydraFieldMapping fields = new HydraFieldMapping();
    fields.setBody(List.of("a", "b"));
    MemberMapper small = new MemberMapper("fiches", COLLECTION, fields, FORMATS, 10);

    assertThatThrownBy(() -> map(small, "{\"@id\":\"/x/1\",\"a\":\"123456\",\"b\":\"789012\"}"))
        .isInstanceOf(UnreadableDocumentException.class)
        .hasMessage("more than 10 characters of text")
        .satisfies(
            e -> assertThat(((UnreadableDocumentException) e).code()).isEqualTo(SkipCode.TooLarge));
  }

  @Test
  void linkIsTheMappedFieldElseTheIdResolvedAgainstTheCollection() throws Exception {
    MemberMapper mapper = mapper(f -> f.setUri("lien"));

    assertThat(
            map(mapper, "{\"@id\":\"/api/fiches/1\",\"lien\":\"/fiches/essai\",\"contenu\":\"x\"}")
                .uri())
        .isEqualTo("https://crm.example.org/fiches/essai");
    assertThat(
            map(mapper, "{\"@id\":\"/api/fiches/1\",\"lien\":\"javascript:x()\",\"contenu\":\"x\"}")
                .uri())
        .isEqualTo("https://crm.example.org/api/fiches/1");
    assertThat(map(mapper, "{\"@id\":\"urn:uuid:42\",\"contenu\":\"x\"}").uri()).isNull();
  }

  @Test
  void metadataHoldsTopLevelScalarsAbbreviatedAndTheLabelFields() throws Exception {
    MemberMapper mapper = mapper(f -> f.setLabels(List.of("antenne", "/auteur/pole", "tags")));
    String longValue = String.join("", Collections.nCopies(2100, "é"));

    SourceDocument doc =
        map(
            mapper,
            "{\"@id\":\"/api/fiches/1\",\"@type\":\"Fiche\",\"antenne\":\" lyon \",\"vide\":\"\","
                + "\"long\":\""
                + longValue
                + "\",\"auteur\":{\"pole\":\"rh\"},\"tags\":[\"a\",\"b\",\"a\"],\"contenu\":\"x\"}");

    assertThat(doc.labels()).containsExactly("a", "b", "lyon", "rh");
    assertThat(doc.metadata())
        .containsEntry("@id", List.of("/api/fiches/1"))
        .containsEntry("@type", List.of("Fiche"))
        .containsEntry("antenne", List.of("lyon"))
        .containsEntry("/auteur/pole", List.of("rh"))
        .containsEntry("tags", List.of("a", "b", "a"))
        .containsEntry("contenu", List.of("x"))
        .doesNotContainKeys("vide", "auteur");
    assertThat(doc.metadataValues("long").get(0))
        .hasSize(MemberMapper.MAX_METADATA_VALUE + 1)
        .endsWith("é…");
  }

  @Test
  void updatedReadsOffsetLocalAndDateFormsFromTheMappedField() throws Exception {
    MemberMapper byDefault = mapper(f -> {});
    MemberMapper mapped = mapper(f -> f.setUpdated("/meta/modifieLe"));
    String base = "{\"@id\":\"/x/1\",\"contenu\":\"x\",";

    assertThat(map(byDefault, base + "\"updatedAt\":\"2024-03-15T10:30:00+01:00\"}").updated())
        .isEqualTo(Instant.parse("2024-03-15T09:30:00Z"));
    assertThat(map(byDefault, base + "\"updatedAt\":\"2024-03-15T10:30:00\"}").updated())
        .isEqualTo(Instant.parse("2024-03-15T10:30:00Z"));
    assertThat(map(byDefault, base + "\"updatedAt\":\"2024-03-15\"}").updated())
        .isEqualTo(Instant.parse("2024-03-15T00:00:00Z"));
    assertThat(map(byDefault, base + "\"updatedAt\":\"hier\"}").updated()).isNull();
    assertThat(map(byDefault, base + "\"updatedAt\":null}").updated()).isNull();
    assertThat(map(mapped, base + "\"meta\":{\"modifieLe\":\"2024-03-15T10:30:00Z\"}}").updated())
        .isEqualTo(Instant.parse("2024-03-15T10:30:00Z"));
  }

  @Test
  void idIsTheMembersAtIdWhenItIsANonBlankString() throws Exception {
    assertThat(MemberMapper.idOf(JSON.readTree("{\"@id\":\" /api/fiches/1 \"}")))
        .isEqualTo("/api/fiches/1");
    assertThat(MemberMapper.idOf(JSON.readTree("{\"@id\":\" \"}"))).isNull();
    assertThat(MemberMapper.idOf(JSON.readTree("{\"@id\":42}"))).isNull();
    assertThat(MemberMapper.idOf(JSON.readTree("{\"id\":\"/api/fiches/1\"}"))).isNull();
  }

  @Test
  void refusesAMappingWithoutBodyOrWithTooManyFields() {
    assertThatThrownBy(() -> mapper(f -> f.setBody(List.of())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("hydra.fields.body must name 1 to 10 fields");
    assertThatThrownBy(() -> mapper(f -> f.setBody(Collections.nCopies(11, "contenu"))))
        .hasMessageContaining("at most 10");
    assertThatThrownBy(() -> mapper(f -> f.setLabels(List.of("antenne", " "))))
        .hasMessage("hydra.fields.labels[1]: a field name is blank");
  }
}
