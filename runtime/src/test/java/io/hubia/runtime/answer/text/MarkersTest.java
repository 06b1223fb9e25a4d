package io.hubia.runtime.answer.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MarkersTest {
  @ParameterizedTest(name = "{0} cites {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "Le délai est de deux mois [1].        | 1",
        "Le délai est de deux mois [1][2].     | 1 2",
        "Le délai est de deux mois [1, 2].     | 1 2",
        "Le délai est de deux mois [1,2] .     | 1 2",
        "Le délai est de deux mois [2; 1].     | 2 1",
        "Le délai est de deux mois [1-3].      | 1 2 3",
        "Le délai est de deux mois [1–2].      | 1 2",
        "Le délai [3] est de deux mois [1].    | 3 1",
        "Le délai est de deux mois. [2]        | 2",
        "Le délai [1] [1] est de deux mois [1] | 1",
      })
  void parsesMarkerVariants(String text, String expected) {
    List<Integer> numbers = List.of(expected.split(" ")).stream().map(Integer::valueOf).toList();
    assertThat(Markers.numbers(text)).isEqualTo(numbers);
  }

  @Test
  void ignoresBracketsThatAreNotMarkers() {
    assertThat(Markers.numbers("Voir [annexe] et [1a] ou [ ]")).isEmpty();
  }

  @Test
  void aHugeRangeGivesItsEnds() {
    assertThat(Markers.parse("[1-1000]")).containsExactly(1, 1000);
  }

  @Test
  void stripsMarkersAndTidiesPunctuation() {
    assertThat(Markers.strip("Le délai est de deux mois [1][2]."))
        .isEqualTo("Le délai est de deux mois.");
    assertThat(Markers.strip("Oui [1, 2], puis non [3].")).isEqualTo("Oui, puis non.");
  }

  @Test
  void recognisesMarkersOnly() {
    assertThat(Markers.isOnlyMarkers("[1]")).isTrue();
    assertThat(Markers.isOnlyMarkers("[1][2].")).isTrue();
    assertThat(Markers.isOnlyMarkers("[1] oui")).isFalse();
    assertThat(Markers.isOnlyMarkers(" ")).isFalse();
  }

  @Test
  void formatsOneBracketPairEach() {
    assertThat(Markers.format(List.of(1, 3))).isEqualTo("[1][3]");
  }
}
