package io.hubia.runtime.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SourceDocumentTest {
  @Test
  void normalisesTextAndHashesIt() {
    SourceDocument doc =
        SourceDocument.of(
            "docs",
            "a.md",
            " Titre ",
            null,
            "\uFEFF# Titre\r\n\r\n\r\n\r\nE\u0301te\u0301 \u200Bsans\u0007 contro\u0302le   \n",
            Map.of("b", List.of("2"), "a", List.of("1")),
            List.of("rh", "public", "rh"),
            null,
            null);

    assertThat(doc.text()).isEqualTo("# Titre\n\nÉté sans contrôle");
    assertThat(doc.contentHash()).isEqualTo(TextNormalizer.sha256("# Titre\n\nÉté sans contrôle"));
    assertThat(doc.title()).isEqualTo("Titre");
    assertThat(doc.labels()).containsExactly("public", "rh");
    assertThat(doc.metadata().keySet()).containsExactly("a", "b");
    assertThat(doc.aclPrincipals()).isEmpty();
  }

  @Test
  void sha256IsTheHexDigestOfUtf8() {
    assertThat(TextNormalizer.sha256(""))
        .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  }

  @Test
  void aDocumentAlwaysHasATitle() {
    assertThatThrownBy(
            () -> SourceDocument.of("docs", "a.md", " ", null, "x", null, null, null, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("a.md");
  }
}
