package io.hubia.runtime.ingest.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class UrlNormalizerTest {
  private static String norm(String url) {
    return UrlNormalizer.parse(url).map(URI::toString).orElse(null);
  }

  @Test
  void schemeAndHostAreLowercasedDefaultPortsFragmentsAndUserInfoDropped() {
    assertThat(norm("HTTPS://WWW.Federation.Example:443/Adhesion#qui-peut-adherer"))
        .isEqualTo("https://www.federation.example/Adhesion");
    assertThat(norm("http://federation.example:80")).isEqualTo("http://federation.example/");
    assertThat(norm("http://federation.example:8080/a"))
        .isEqualTo("http://federation.example:8080/a");
    assertThat(norm("https://federation.example:80/a"))
        .isEqualTo("https://federation.example:80/a");
    assertThat(norm("https://jean:secret@federation.example/a"))
        .isEqualTo("https://federation.example/a");
  }

  @Test
  void theQueryIsKeptAndAnEmptyOneDropped() {
    assertThat(norm("https://federation.example/fiches?page=2&tri=date#bas"))
        .isEqualTo("https://federation.example/fiches?page=2&tri=date");
    assertThat(norm("https://federation.example/fiches?"))
        .isEqualTo("https://federation.example/fiches");
    assertThat(norm("https://federation.example?page=2"))
        .isEqualTo("https://federation.example/?page=2");
  }

  @Test
  void percentEscapesHaveOneSpellingAndIllegalCharactersAreEncoded() {
    assertThat(norm("https://federation.example/%7ejoe/adh%c3%a9sion"))
        .isEqualTo("https://federation.example/~joe/adh%C3%A9sion");
    assertThat(norm("https://federation.example/adhésion 2024/a|b"))
        .isEqualTo("https://federation.example/adh%C3%A9sion%202024/a%7Cb");
    assertThat(norm("https://federation.example/100%"))
        .isEqualTo("https://federation.example/100%25");
    // reserved characters keep their escape
    assertThat(norm("https://federation.example/a%2fb"))
        .isEqualTo("https://federation.example/a%2Fb");
  }

  @Test
  void dotSegmentsAreRemoved() {
    assertThat(norm("https://federation.example/a/./b/../c"))
        .isEqualTo("https://federation.example/a/c");
    assertThat(norm("https://federation.example/../../a"))
        .isEqualTo("https://federation.example/a");
    assertThat(norm("https://federation.example/a/..")).isEqualTo("https://federation.example/");
  }

  @Test
  void internationalisedHostsTakeTheirAsciiForm() {
    assertThat(norm("https://fédération.example/a"))
        .isEqualTo("https://xn--fdration-b1ab.example/a");
  }

  @Test
  void onlyAbsoluteHttpUrlsWithAHostAreAccepted() {
    assertThat(UrlNormalizer.parse("mailto:contact@federation.example")).isEmpty();
    assertThat(UrlNormalizer.parse("javascript:alert(1)")).isEmpty();
    assertThat(UrlNormalizer.parse("ftp://federation.example/statuts.pdf")).isEmpty();
    assertThat(UrlNormalizer.parse("/adhesion")).isEmpty();
    assertThat(UrlNormalizer.parse("https:///adhesion")).isEmpty();
    assertThat(UrlNormalizer.parse("https://federation.example:port/")).isEmpty();
    assertThat(UrlNormalizer.parse(null)).isEmpty();
    assertThat(UrlNormalizer.normalize(URI.create("file:///etc/passwd"))).isEmpty();
  }

  @Test
  void originAndPathAndQuery() {
    URI uri = UrlNormalizer.parse("https://federation.example:8443/fiches/a?b=c").orElseThrow();

    assertThat(UrlNormalizer.origin(uri)).isEqualTo("https://federation.example:8443");
    assertThat(UrlNormalizer.pathAndQuery(uri)).isEqualTo("/fiches/a?b=c");
    assertThat(UrlNormalizer.normalize(URI.create("http://[::1]:8080/a")).map(URI::toString))
        .isEqualTo(Optional.of("http://[::1]:8080/a"));
  }
}
