package io.hubia.search.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class IndexNamesTest {

  @Test
  void aliasAndPhysicalNames() {
    String alias = IndexNames.alias("team-a", "faq");

    assertThat(alias).isEqualTo("hubia.team-a.faq");
    assertThat(IndexNames.physical(alias, 3)).isEqualTo("hubia.team-a.faq.v3");
    assertThat(IndexNames.generation(alias, "hubia.team-a.faq.v12")).hasValue(12);
  }

  @Test
  void namesAreLowerCase() {
    assertThat(IndexNames.alias("Team", "FAQ")).isEqualTo("hubia.team.faq");
  }

  @Test
  void onlyTheAliasesOwnGenerationsArePhysical() {
    String alias = "hubia.ns.faq";

    assertThat(IndexNames.isPhysicalOf(alias, "hubia.ns.faq.v1")).isTrue();
    assertThat(IndexNames.isPhysicalOf(alias, "hubia.ns.faq")).isFalse();
    assertThat(IndexNames.isPhysicalOf(alias, "hubia.ns.faq.v0")).isFalse();
    assertThat(IndexNames.isPhysicalOf(alias, "hubia.ns.faq.v2.x.v1")).isFalse();
    assertThat(IndexNames.isPhysicalOf(alias, "hubia.ns.faqs.v1")).isFalse();
    assertThat(IndexNames.isPhysicalOf(alias, "hubia.nsxfaq.v1")).isFalse();
  }

  @Test
  void refusesWhatOpenSearchRefuses() {
    assertThatThrownBy(() -> IndexNames.alias("ns", "a b"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> IndexNames.alias("ns", "a*"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> IndexNames.alias("ns", "a:b"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> IndexNames.alias("ns", "a,b"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> IndexNames.alias("ns", ""))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> IndexNames.alias("ns", "x".repeat(250)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("255 bytes");
    assertThatThrownBy(() -> IndexNames.physical("hubia.ns.faq", 0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void refusesNamesThatWouldCollideWithPhysicalIndexes() {
    assertThatThrownBy(() -> IndexNames.alias("a.b", "faq"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("dot");
    assertThatThrownBy(() -> IndexNames.alias("ns", "faq.v2"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("collide");
    assertThat(IndexNames.alias("ns", "faq.v2x")).isEqualTo("hubia.ns.faq.v2x");
  }
}
