package io.hubia.runtime.ingest.hydra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class FieldPathTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static final JsonNode FICHE =
      json(
          """
          {
            "@id": "/api/fiches/42",
            "titre": "  La période d'essai  ",
            "vues": 1250,
            "note": 4.5,
            "publiee": false,
            "vide": "   ",
            "nul": null,
            "tags": ["contrat", " ", 3, true, {"nom": "objet"}, ["imbriqué"], null, "embauche"],
            "auteur": {"@id": "/api/auteurs/3", "nom": "Claire Martin", "pole": "juridique"},
            "a/b": "clé avec barre oblique",
            "m~n": "clé avec tilde",
            "hydra:description": "terme préfixé"
          }
          """);

  private static JsonNode json(String text) {
    try {
      return JSON.readTree(text);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void topLevelNameGivesStrippedStringNumbersAndBooleansAsWritten() {
    assertThat(FieldPath.of("titre").texts(FICHE)).containsExactly("La période d'essai");
    assertThat(FieldPath.of("vues").texts(FICHE)).containsExactly("1250");
    assertThat(FieldPath.of("note").text(FICHE)).isEqualTo("4.5");
    assertThat(FieldPath.of("publiee").text(FICHE)).isEqualTo("false");
    assertThat(FieldPath.of("hydra:description").text(FICHE)).isEqualTo("terme préfixé");
    assertThat(FieldPath.of(" titre ").name()).isEqualTo("titre");
  }

  @Test
  void aNameWithASlashInsideIsAPropertyNotAPointer() {
    assertThat(FieldPath.of("a/b").text(FICHE)).isEqualTo("clé avec barre oblique");
  }

  @Test
  void jsonPointerReachesNestedValuesAndArrayItems() {
    assertThat(FieldPath.of("/auteur/nom").text(FICHE)).isEqualTo("Claire Martin");
    assertThat(FieldPath.of("/tags/0").text(FICHE)).isEqualTo("contrat");
    assertThat(FieldPath.of("/titre").text(FICHE)).isEqualTo("La période d'essai");
    assertThat(FieldPath.of("/a~1b").text(FICHE)).isEqualTo("clé avec barre oblique");
    assertThat(FieldPath.of("/m~0n").text(FICHE)).isEqualTo("clé avec tilde");
    assertThat(FieldPath.of("/auteur/absent").texts(FICHE)).isEmpty();
    assertThat(FieldPath.of("/tags/99").node(FICHE)).isNull();
  }

  @Test
  void arraysGiveTheirNonBlankScalarItemsInOrderAndObjectsGiveNothing() {
    assertThat(FieldPath.of("tags").texts(FICHE))
        .containsExactly("contrat", "3", "true", "embauche");
    assertThat(FieldPath.of("auteur").texts(FICHE)).isEmpty();
    assertThat(FieldPath.of("auteur").node(FICHE).isObject()).isTrue();
  }

  @Test
  void absentNullAndBlankValuesHaveNoText() {
    assertThat(FieldPath.of("absent").texts(FICHE)).isEmpty();
    assertThat(FieldPath.of("absent").text(FICHE)).isNull();
    assertThat(FieldPath.of("nul").node(FICHE)).isNull();
    assertThat(FieldPath.of("vide").texts(FICHE)).isEmpty();
  }

  @Test
  void explainsWhyAFieldHasNoText() {
    assertThat(FieldPath.of("titre").whyNoText(FICHE)).isNull();
    assertThat(FieldPath.of("absent").whyNoText(FICHE)).isEqualTo("'absent' is absent");
    assertThat(FieldPath.of("nul").whyNoText(FICHE)).isEqualTo("'nul' is absent");
    assertThat(FieldPath.of("vide").whyNoText(FICHE)).isEqualTo("'vide' is empty");
    assertThat(FieldPath.of("/auteur/absent").whyNoText(FICHE))
        .isEqualTo("'/auteur/absent' is absent");
    assertThat(FieldPath.of("auteur").whyNoText(FICHE))
        .isEqualTo(
            "'auteur' is an object: name one of its properties with a JSON Pointer such as"
                + " '/auteur/name'");
    JsonNode objects = json("{\"liste\": [{\"a\": 1}], \"o\": {\"a/b\": {}}}");
    assertThat(FieldPath.of("liste").whyNoText(objects))
        .isEqualTo("'liste' is a list without text");
    assertThat(FieldPath.of("/o/a~1b").whyNoText(objects))
        .isEqualTo(
            "'/o/a~1b' is an object: name one of its properties with a JSON Pointer such as"
                + " '/o/a~1b/name'");
  }

  @Test
  void refusesBlankNames() {
    assertThatThrownBy(() -> FieldPath.of(" ")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> FieldPath.of(null)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void equalByName() {
    assertThat(FieldPath.of("/auteur/nom")).isEqualTo(FieldPath.of("/auteur/nom"));
    assertThat(FieldPath.of("/auteur/nom")).hasToString("/auteur/nom");
    assertThat(FieldPath.of("titre")).isNotEqualTo(FieldPath.of("/titre"));
  }
}
