package io.hubia.runtime.answer.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NumbersTest {
  @Test
  void normalisesThousandsAndDecimals() {
    assertThat(Numbers.inDigits("100 000 salariés, 14,2 milliards, 3.50 €, 1,000 items"))
        .containsExactly("100000", "14.2", "3.5", "1000");
    assertThat(Numbers.inDigits("12\u202F345 et 12\u00A0345")).containsExactly("12345");
  }

  @Test
  void readsDatesAndOrdinals() {
    assertThat(Numbers.inDigits("le 1er janvier 2020, saison 1997-1998, le 03/04/2021"))
        .containsExactly("1", "2020", "1997", "1998", "3", "4", "2021");
  }

  @Test
  void yearsAreNotThousands() {
    assertThat(Numbers.inDigits("en 2003, 3 000 personnes")).containsExactly("2003", "3000");
  }

  @Test
  void claimsStateNumbersInWordsToo() {
    assertThat(Numbers.inClaim("deux mois et trois semaines, first of twelve"))
        .containsExactlyInAnyOrder("2", "3", "1", "12");
    assertThat(Numbers.inDigits("deux mois")).isEmpty();
    assertThat(Numbers.inClaim("un bâtiment neuf, dix-huit ans, une seconde")).isEmpty();
  }

  @Test
  void sourcesGiveArticlesAsOne() {
    assertThat(Numbers.inSource("un préavis de neuf mois")).containsExactlyInAnyOrder("1", "9");
  }
}
