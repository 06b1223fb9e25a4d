package io.hubia.runtime.ingest.hydra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hubia.runtime.ingest.IngestFixtures;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class HydraPageTest {
  private static final URI PAGE_1 = URI.create("https://crm.example.org/api/fiches");
  private static final URI PAGE_2 = URI.create("https://crm.example.org/api/fiches?page=2");

  private static HydraPage parse(String body, URI url) throws HydraPage.InvalidPageException {
    return HydraPage.parse(body.getBytes(StandardCharsets.UTF_8), url);
  }

  @Test
  void readsThePrefixedFormOfApiPlatform3() throws Exception {
    HydraPage page = parse(IngestFixtures.read("ingest/hydra/fiches-page-1.jsonld"), PAGE_1);

    assertThat(page.members())
        .extracting(m -> m.get("@id").asText())
        .containsExactly("/api/fiches/1", "/api/fiches/2", "/api/fiches/3");
    assertThat(page.next()).isEqualTo(URI.create("https://crm.example.org/api/fiches?page=2"));
    assertThat(page.totalItems()).isEqualTo(8);
  }

  @Test
  void readsTheUnprefixedFormOfApiPlatform4AndAQueryOnlyNextLink() throws Exception {
    HydraPage page = parse(IngestFixtures.read("ingest/hydra/fiches-page-2.jsonld"), PAGE_2);

    assertThat(page.members()).hasSize(3);
    assertThat(page.next()).isEqualTo(URI.create("https://crm.example.org/api/fiches?page=3"));
    assertThat(page.totalItems()).isEqualTo(8);
  }

  @Test
  void theLastPageHasNoNext() throws Exception {
    HydraPage page = parse(IngestFixtures.read("ingest/hydra/fiches-page-3.jsonld"), PAGE_2);

    assertThat(page.next()).isNull();
    assertThat(page.members()).hasSize(2);
  }

  @Test
  void readsFullIriTermsANextObjectAndAbsoluteNextLinks() throws Exception {
    HydraPage page =
        parse(
            """
            {"http://www.w3.org/ns/hydra/core#member": [{"@id": "/api/fiches/1"}],
             "http://www.w3.org/ns/hydra/core#view": {
               "http://www.w3.org/ns/hydra/core#next": {"@id": "https://crm.example.org/api/fiches?page=2#x"}}}
            """,
            PAGE_1);

    assertThat(page.members()).hasSize(1);
    assertThat(page.next()).isEqualTo(PAGE_2);
    assertThat(page.totalItems()).isNull();
  }

  @Test
  void anEmptyCollectionHasNoMembersAndNoNext() throws Exception {
    HydraPage page =
        parse(
            "{\"@type\":\"hydra:Collection\",\"hydra:member\":[]," + "\"hydra:totalItems\":0}",
            PAGE_1);

    assertThat(page.members()).isEmpty();
    assertThat(page.next()).isNull();
    assertThat(page.totalItems()).isZero();
  }

  @Test
  void refusesWhatIsNotJsonWithoutQuotingIt() {
    assertThatThrownBy(() -> parse("<html>\n<body>Mot de passe oublié ?</body>", PAGE_1))
        .isInstanceOf(HydraPage.InvalidPageException.class)
        .hasMessage("the response is not JSON (line 1, column 1)");
    assertThatThrownBy(() -> parse("{\"hydra:member\": [] } trailing", PAGE_1))
        .hasMessageStartingWith("the response is not JSON")
        .hasMessageNotContaining("trailing");
    assertThatThrownBy(() -> parse("", PAGE_1)).hasMessage("the response is empty");
  }

  @Test
  void refusesJsonThatIsNotAHydraCollection() {
    assertThatThrownBy(() -> parse("[{\"id\": 1}]", PAGE_1))
        .isInstanceOf(HydraPage.InvalidPageException.class)
        .hasMessageContaining("plain JSON array")
        .hasMessageContaining("application/ld+json");
    assertThatThrownBy(() -> parse("{\"@type\": \"Fiche\", \"@id\": \"/api/fiches/1\"}", PAGE_1))
        .hasMessageStartingWith(
            "no 'hydra:member' or 'member' array: not a Hydra collection (its @type is 'Fiche')");
    assertThatThrownBy(() -> parse("{\"member\": \"oui\"}", PAGE_1))
        .hasMessage("'member' is a JSON string, not an array: not a Hydra collection");
    assertThatThrownBy(() -> parse("42", PAGE_1))
        .hasMessage("the response is a JSON number, not an object");
  }

  @Test
  void refusesANextLinkThatIsNotAnHttpIri() {
    assertThatThrownBy(() -> parse("{\"member\": [], \"view\": {\"next\": 2}}", PAGE_1))
        .hasMessage("'view.next' is not an IRI");
    assertThatThrownBy(
            () -> parse("{\"member\": [], \"view\": {\"next\": \"javascript:alert(1)\"}}", PAGE_1))
        .hasMessageContaining("is not an http(s) URL");
  }
}
