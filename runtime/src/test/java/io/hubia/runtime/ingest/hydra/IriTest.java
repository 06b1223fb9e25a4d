package io.hubia.runtime.ingest.hydra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class IriTest {
  private static final URI PAGE = URI.create("https://crm.example.org/api/fiches?page=2");

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "/api/fiches?page=3, https://crm.example.org/api/fiches?page=3",
    // RFC 3986: a query-only reference keeps the path (java.net.URI would give /api/?page=3)
    "?page=3, https://crm.example.org/api/fiches?page=3",
    "fiches?page=3, https://crm.example.org/api/fiches?page=3",
    "'', https://crm.example.org/api/fiches?page=2",
    "#haut, https://crm.example.org/api/fiches?page=2",
    "/api/fiches?page=3#x, https://crm.example.org/api/fiches?page=3",
    "https://autre.example.org/api/fiches?page=3, https://autre.example.org/api/fiches?page=3",
    "//autre.example.org/x, https://autre.example.org/x",
    "' /api/fiches/42 ', https://crm.example.org/api/fiches/42",
  })
  void resolvesLikeRfc3986(String reference, String expected) {
    assertThat(Iri.resolve(PAGE, reference)).hasToString(expected);
  }

  @ParameterizedTest
  @CsvSource({"mailto:contact@example.org", "urn:uuid:1234", "'a b'", "ftp://crm.example.org/x"})
  void refusesWhatIsNotAnHttpUrl(String reference) {
    assertThatThrownBy(() -> Iri.resolve(PAGE, reference))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest(name = "{0} ~ {1} = {2}")
  @CsvSource({
    "https://crm.example.org/a, https://crm.example.org:443/b, true",
    "http://crm.example.org/a, http://CRM.example.org:80/b, true",
    "https://crm.example.org/a, http://crm.example.org/a, false",
    "https://crm.example.org/a, https://crm.example.org:8443/a, false",
    "https://crm.example.org/a, https://evil.example.org/a, false",
    "https://crm.example.org/a, https://crm.example.org.evil.example/a, false",
  })
  void comparesOrigins(String a, String b, boolean same) {
    assertThat(Iri.sameOrigin(URI.create(a), URI.create(b))).isEqualTo(same);
  }

  @ParameterizedTest
  @CsvSource({
    "/api/fiches/42, 42",
    "/api/fiches/42/, 42",
    "/api/fiches/42?v=1#x, 42",
    "https://crm.example.org/api/fiches/abc-1, abc-1",
    "/, /",
  })
  void takesTheLastSegment(String iri, String segment) {
    assertThat(Iri.lastSegment(iri)).isEqualTo(segment);
  }

  @ParameterizedTest
  @CsvSource({"crm.example.org/api", "/api/fiches", "file:///etc/passwd", "https://"})
  void parsesOnlyAbsoluteHttpUrls(String url) {
    assertThatThrownBy(() -> Iri.parseHttpUrl(url)).isInstanceOf(IllegalArgumentException.class);
  }
}
