package io.hubia.runtime.ingest.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

class SitemapReaderTest {
  private final SitemapReader reader = new SitemapReader(3, 1024 * 1024);

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void aUrlSetListsItsPagesAndIgnoresImageLocations() throws Exception {
    SitemapReader.Sitemap sitemap =
        reader.read(
            utf8(
                """
                <?xml version="1.0" encoding="UTF-8"?>
                <urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
                        xmlns:image="http://www.google.com/schemas/sitemap-image/1.1">
                  <url>
                    <loc>
                      https://www.federation.example/adhesion
                    </loc>
                    <lastmod>2024-05-02</lastmod>
                    <image:image><image:loc>https://cdn.example/logo.png</image:loc></image:image>
                  </url>
                  <url><loc>https://www.federation.example/cotisations?annee=2024&amp;tri=asc</loc></url>
                  <url><loc></loc></url>
                </urlset>
                """));

    assertThat(sitemap.index()).isFalse();
    assertThat(sitemap.locations())
        .containsExactly(
            "https://www.federation.example/adhesion",
            "https://www.federation.example/cotisations?annee=2024&tri=asc");
    assertThat(sitemap.dropped()).isZero();
  }

  @Test
  void aSitemapIndexListsSitemaps() throws Exception {
    SitemapReader.Sitemap sitemap =
        reader.read(
            utf8(
                "<sitemapindex><sitemap><loc>https://www.federation.example/pages.xml</loc>"
                    + "</sitemap></sitemapindex>"));

    assertThat(sitemap.index()).isTrue();
    assertThat(sitemap.locations()).containsExactly("https://www.federation.example/pages.xml");
  }

  @Test
  void locationsBeyondTheLimitAreCounted() throws Exception {
    StringBuilder xml = new StringBuilder("<urlset>");
    for (int i = 1; i <= 5; i++) {
      xml.append("<url><loc>https://www.federation.example/fiche-")
          .append(i)
          .append("</loc></url>");
    }

    SitemapReader.Sitemap sitemap = reader.read(utf8(xml.append("</urlset>").toString()));

    assertThat(sitemap.locations())
        .hasSize(3)
        .last()
        .isEqualTo("https://www.federation.example/fiche-3");
    assertThat(sitemap.dropped()).isEqualTo(2);
  }

  @Test
  void textAndCompressedSitemapsAreRead() throws Exception {
    byte[] text =
        utf8("\uFEFFhttps://www.federation.example/a\r\n\r\nhttps://www.federation.example/b\n");
    ByteArrayOutputStream gzip = new ByteArrayOutputStream();
    try (GZIPOutputStream out = new GZIPOutputStream(gzip)) {
      out.write(utf8("<urlset><url><loc>https://www.federation.example/c</loc></url></urlset>"));
    }

    assertThat(reader.read(text).locations())
        .containsExactly("https://www.federation.example/a", "https://www.federation.example/b");
    assertThat(reader.read(gzip.toByteArray()).locations())
        .containsExactly("https://www.federation.example/c");
  }

  @Test
  void otherContentIsRefusedWithTheReason() throws IOException {
    assertInvalid("<html><body>Accueil</body></html>", "root element <html> is neither");
    assertInvalid("<urlset><url><loc>https://a.example/</url></urlset>", "not valid XML");
    assertInvalid("Plan du site\nhttps://a.example/", "neither XML nor a list of http(s) URLs");
    assertInvalid("  \n ", "empty sitemap");
    assertInvalid("<?xml version=\"1.0\"?><!-- rien -->", "Premature end of file");
    assertInvalid(
        "<!DOCTYPE html><html><body>Plan</body></html>", "root element <html> is neither");
  }

  @Test
  void entitiesAreNotExpanded() {
    String xxe =
        "<?xml version=\"1.0\"?><!DOCTYPE urlset [<!ENTITY secret SYSTEM \"file:///etc/hostname\">]>"
            + "<urlset><url><loc>https://a.example/&secret;</loc></url></urlset>";

    assertThatThrownBy(() -> reader.read(utf8(xxe)))
        .isInstanceOf(SitemapReader.InvalidSitemapException.class)
        .hasMessageContaining("not valid XML");
  }

  private void assertInvalid(String content, String reason) {
    assertThatThrownBy(() -> reader.read(utf8(content)))
        .isInstanceOf(SitemapReader.InvalidSitemapException.class)
        .hasMessageContaining(reason);
  }

  @Test
  void aLimitOfNoLocationIsRefused() {
    assertThatThrownBy(() -> new SitemapReader(0, 1)).isInstanceOf(IllegalArgumentException.class);
  }
}
