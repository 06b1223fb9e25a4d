package io.hubia.runtime.ingest.chunk;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SentenceBoundariesTest {
  @ParameterizedTest(name = "''{0}'' then ''{1}'': {2}")
  @CsvSource({
    "salarié., Le, true",
    "salarié., le, false",
    "2024., Les, true",
    "essai ?, Le, true",
    "conviennent!, Elle, true",
    "fin.», Le, true",
    "(voir ci-dessous)., La, true",
    "L., 1221-19, false",
    "M., Dupont, false",
    "Mme., Martin, false",
    "art., 12, false",
    "cf., Annexe, false",
    "e.g., The, false",
    "salarié, Le, false",
    "travail :, la, false",
    "fin., '«Non»', true",
  })
  void findsSentenceEnds(String word, String next, boolean expected) {
    assertThat(SentenceBoundaries.endsSentence(word, next)).isEqualTo(expected);
  }
}
