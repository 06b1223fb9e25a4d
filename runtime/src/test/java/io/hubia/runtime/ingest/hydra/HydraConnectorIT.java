package io.hubia.runtime.ingest.hydra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hubia.api.v1alpha1.spec.HydraFieldMapping;
import io.hubia.api.v1alpha1.spec.HydraSource;
import io.hubia.api.v1alpha1.spec.SecretKeyRef;
import io.hubia.runtime.ingest.ConnectorResult;
import io.hubia.runtime.ingest.IngestFixtures;
import io.hubia.runtime.ingest.SecretValues;
import io.hubia.runtime.ingest.SkipCode;
import io.hubia.runtime.ingest.SkippedDocument;
import io.hubia.runtime.ingest.SourceDocument;
import io.hubia.runtime.ingest.SourceUnavailableException;
import io.hubia.runtime.ingest.TextNormalizer;
import io.hubia.runtime.ingest.format.DocumentFormats;
import io.hubia.runtime.ingest.http.HttpFetcher;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Hydra connector against a real HTTP server on 127.0.0.1 serving an API Platform collection of
 * "fiches pratiques" over three pages: the first in the prefixed form ({@code hydra:member}, API
 * Platform 3), the others unprefixed ({@code member}, API Platform 4).
 */
class HydraConnectorIT {
  private static final String SOURCE = "fiches";
  private static final String TOKEN = "Bearer jeton-secret-7f3a9c";
  private static final String PAGE_1 = "/api/fiches";
  private static final String PAGE_2 = "/api/fiches?page=2";
  private static final String PAGE_3 = "/api/fiches?page=3";

  private final HttpFetcher fetcher = new HttpFetcher(Duration.ofSeconds(2));
  private final DocumentFormats formats = new DocumentFormats(5_000_000);
  private FakeHydraApi api;

  @BeforeEach
  void start() throws IOException {
    api =
        new FakeHydraApi()
            .requireAuthorization(TOKEN)
            .page(PAGE_1, IngestFixtures.read("ingest/hydra/fiches-page-1.jsonld"))
            .page(PAGE_2, IngestFixtures.read("ingest/hydra/fiches-page-2.jsonld"))
            .page(PAGE_3, IngestFixtures.read("ingest/hydra/fiches-page-3.jsonld"));
  }

  @AfterEach
  void stop() {
    api.close();
  }

  private static SecretKeyRef secretRef() {
    SecretKeyRef ref = new SecretKeyRef();
    ref.setName("crm-api");
    ref.setKey("authorization");
    return ref;
  }

  private HydraSource spec(Consumer<HydraSource> change) {
    HydraFieldMapping fields = new HydraFieldMapping();
    fields.setTitle("titre");
    fields.setBody(List.of("resume", "contenu"));
    fields.setUri("/liens/public");
    fields.setLabels(List.of("antenne", "/auteur/pole"));
    HydraSource spec = new HydraSource();
    spec.setUrl(api.url(PAGE_1).toString());
    spec.setFields(fields);
    spec.setAuthSecretRef(secretRef());
    change.accept(spec);
    return spec;
  }

  private static SecretValues secret(String value) {
    return ref -> {
      if (ref.equals(secretRef())) {
        return value;
      }
      throw new SourceUnavailableException("no Secret " + ref.getName());
    };
  }

  private ConnectorResult read(Consumer<HydraSource> change) throws SourceUnavailableException {
    return new HydraConnector(SOURCE, spec(change), fetcher, secret(TOKEN), formats).read();
  }

  private ConnectorResult read() throws SourceUnavailableException {
    return read(spec -> {});
  }

  private static Map<String, SourceDocument> byId(ConnectorResult result) {
    return result.documents().stream()
        .collect(Collectors.toMap(SourceDocument::id, Function.identity()));
  }

  /** A one-page collection in the API Platform 4 form, with its members and next link. */
  private static String collection(String members, String next) {
    return "{\"@context\":\"/api/contexts/Fiche\",\"@id\":\"/api/fiches\",\"@type\":\"Collection\","
        + "\"totalItems\":2,\"member\":["
        + members
        + "],\"view\":{\"@id\":\"/api/fiches\""
        + (next == null ? "" : ",\"next\":\"" + next + "\"")
        + "}}";
  }

  private static String fiche(int id) {
    return "{\"@id\":\"/api/fiches/"
        + id
        + "\",\"@type\":\"Fiche\",\"titre\":\"Fiche "
        + id
        + "\",\"resume\":\"Résumé de la fiche "
        + id
        + ".\",\"antenne\":\"lyon\"}";
  }

  @Test
  void readsEveryPageInBothFormsAndMapsEachMember() throws Exception {
    ConnectorResult result = read();

    assertThat(result.documents())
        .extracting(SourceDocument::id)
        .containsExactly(
            "/api/fiches/1", "/api/fiches/2", "/api/fiches/3", "/api/fiches/4", "/api/fiches/7");
    assertThat(result.documents())
        .allSatisfy(
            d -> {
              assertThat(d.source()).isEqualTo(SOURCE);
              assertThat(d.contentHash()).isEqualTo(TextNormalizer.sha256(d.text()));
              assertThat(d.aclPrincipals()).isEmpty();
            });
    // one request per page, each with the JSON-LD Accept header and the Secret's value as is
    assertThat(api.targets()).containsExactly(PAGE_1, PAGE_2, PAGE_3);
    assertThat(api.requests())
        .allSatisfy(
            r -> {
              assertThat(r.accept()).isEqualTo("application/ld+json");
              assertThat(r.authorization()).isEqualTo(TOKEN);
            });
  }

  @Test
  void mapsTitleUriLabelsMetadataUpdatedAndHtmlBodyAsMarkdown() throws Exception {
    SourceDocument doc = byId(read()).get("/api/fiches/1");

    assertThat(doc.title()).isEqualTo("La période d'essai");
    // uri from the JSON Pointer /liens/public
    assertThat(doc.uri()).isEqualTo("https://www.federation.example/fiches/periode-essai");
    // labels: 'antenne' and the JSON Pointer /auteur/pole
    assertThat(doc.labels()).containsExactly("juridique", "lyon");
    assertThat(doc.updated()).isEqualTo(Instant.parse("2024-03-15T09:30:00Z"));
    assertThat(doc.metadata())
        .containsEntry("antenne", List.of("lyon"))
        .containsEntry("/auteur/pole", List.of("juridique"))
        .containsEntry("@type", List.of("Fiche"))
        .containsEntry("@id", List.of("/api/fiches/1"))
        .containsEntry("titre", List.of("La période d'essai"))
        .containsEntry("publiee", List.of("true"))
        .containsEntry("vues", List.of("1250"))
        .containsEntry("id", List.of("1"))
        .doesNotContainKeys("auteur", "liens");
    // resume, then contenu's HTML as Markdown structure, scripts dropped
    assertThat(doc.text())
        .isEqualTo(
            "Durée, renouvellement et rupture de la période d'essai.\n\n"
                + "## Durée maximale\n\n"
                + "La période d'essai dure au plus deux mois pour les employés.\n\n"
                + "- deux mois pour les ouvriers et les employés ;\n\n"
                + "- trois mois pour les agents de maîtrise.");
  }

  @Test
  void fallsBackOnNameIdSegmentAndIdAsLinkAndReadsDateForms() throws Exception {
    Map<String, SourceDocument> docs = byId(read());

    SourceDocument plain = docs.get("/api/fiches/2");
    assertThat(plain.uri()).isEqualTo(api.url("/api/fiches/2").toString());
    assertThat(plain.labels()).containsExactly("lille", "rh");
    assertThat(plain.updated()).isEqualTo(Instant.parse("2024-05-02T00:00:00Z"));
    assertThat(plain.text())
        .isEqualTo(
            "Le salarié acquiert deux jours et demi ouvrables de congé par mois de travail"
                + " effectif.\n\n"
                + "La période de prise des congés comprend obligatoirement la période du 1er mai"
                + " au 31 octobre.\n\n"
                + "L'employeur fixe l'ordre des départs après avis du CSE.");

    SourceDocument arrays = docs.get("/api/fiches/3");
    assertThat(arrays.labels()).containsExactly("lille", "lyon");
    assertThat(arrays.metadataValues("antenne")).containsExactly("lille", "lyon");
    assertThat(arrays.metadataValues("@type")).containsExactly("Fiche", "schema:Article");
    assertThat(arrays.updated()).as("'pas une date' is no date").isNull();
    assertThat(arrays.text()).startsWith("Le télétravail est mis en place");

    SourceDocument named = docs.get("/api/fiches/4");
    assertThat(named.title()).isEqualTo("La rupture conventionnelle");
    assertThat(named.updated()).isEqualTo(Instant.parse("2024-06-10T08:00:00Z"));
    assertThat(named.text())
        .isEqualTo(
            "L'employeur et le salarié peuvent convenir ensemble des conditions de la rupture du"
                + " contrat.\n\n"
                + "### Les étapes\n\n"
                + "- Un ou plusieurs entretiens.\n\n"
                + "- La signature de la convention.\n\n"
                + "- L'homologation par la DREETS.");

    SourceDocument untitled = docs.get("/api/fiches/7");
    assertThat(untitled.title()).isEqualTo("7");
    assertThat(untitled.updated()).isEqualTo(Instant.parse("2024-01-02T03:04:05Z"));
  }

  @Test
  void skipsMembersWithoutIdOrBodyAndKeepsTheFirstOfADuplicateId() throws Exception {
    ConnectorResult result = read();

    assertThat(result.skipped())
        .extracting(SkippedDocument::id, SkippedDocument::code)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("/api/fiches/6", SkipCode.MissingField),
            org.assertj.core.groups.Tuple.tuple(
                api.url(PAGE_2) + "#member-2", SkipCode.MissingField));
    Map<String, String> reasons =
        result.skipped().stream()
            .collect(Collectors.toMap(SkippedDocument::id, SkippedDocument::reason));
    assertThat(reasons.get("/api/fiches/6"))
        .isEqualTo("no body text: 'resume' is empty, 'contenu' is empty");
    assertThat(reasons.get(api.url(PAGE_2) + "#member-2"))
        .startsWith("member 2 of page 2 has no '@id'");
    // the duplicate /api/fiches/1 on page 3 is ignored: page 1's member stays
    assertThat(byId(result).get("/api/fiches/1").title()).isEqualTo("La période d'essai");
    assertThat(byId(result).get("/api/fiches/1").labels()).containsExactly("juridique", "lyon");
  }

  @Test
  void wrongCredentialIsRefusedWithTheSecretNamedButNotItsValue() {
    String wrong = "Bearer mauvais-jeton-42";
    HydraConnector connector =
        new HydraConnector(SOURCE, spec(s -> {}), fetcher, secret(wrong), formats);

    assertThatThrownBy(connector::read)
        .isInstanceOf(SourceUnavailableException.class)
        .hasMessageContaining("page 1")
        .hasMessageContaining("HTTP 401")
        .hasMessageContaining("key 'authorization' of Secret 'crm-api'")
        .hasMessageNotContaining("mauvais-jeton")
        .hasMessageNotContaining(TOKEN);
    assertThat(api.requests()).hasSize(1);
    assertThat(api.requests().get(0).authorization()).isEqualTo(wrong);
  }

  @Test
  void missingCredentialTellsToSetTheSecretReference() {
    HydraConnector connector =
        new HydraConnector(
            SOURCE, spec(s -> s.setAuthSecretRef(null)), fetcher, SecretValues.none(), formats);

    assertThatThrownBy(connector::read)
        .isInstanceOf(SourceUnavailableException.class)
        .hasMessageContaining("HTTP 401")
        .hasMessageContaining("hydra.authSecretRef");
    assertThat(api.requests()).extracting(FakeHydraApi.Request::authorization).containsNull();
  }

  @Test
  void unavailableSecretStopsBeforeAnyRequest() {
    HydraConnector connector =
        new HydraConnector(SOURCE, spec(s -> {}), fetcher, SecretValues.none(), formats);

    assertThatThrownBy(connector::read)
        .isInstanceOf(SourceUnavailableException.class)
        .hasMessageStartingWith("source fiches: Secret 'crm-api'");
    assertThat(api.requests()).isEmpty();
  }

  @Test
  void nextLinkToAnotherOriginStopsWithoutSendingAnythingThere() throws IOException {
    try (FakeHydraApi elsewhere = new FakeHydraApi()) {
      elsewhere.page(PAGE_2, collection(fiche(2), null));
      api.page(PAGE_1, collection(fiche(1), elsewhere.url(PAGE_2).toString()));

      assertThatThrownBy(this::read)
          .isInstanceOf(SourceUnavailableException.class)
          .hasMessageContaining("links its next page to another origin")
          .hasMessageContaining(":" + elsewhere.url("/").getPort())
          .hasMessageNotContaining(TOKEN);
      assertThat(elsewhere.requests()).isEmpty();
      assertThat(api.targets()).containsExactly(PAGE_1);
    }
  }

  @Test
  void redirectToAnotherOriginIsRefusedWithoutSendingAnythingThere() throws IOException {
    try (FakeHydraApi elsewhere = new FakeHydraApi()) {
      elsewhere.page(PAGE_1, collection(fiche(1), null));
      api.route(
          PAGE_1,
          new FakeHydraApi.Route(
              302, null, "", Map.of("Location", elsewhere.url(PAGE_1).toString()), null, null));

      assertThatThrownBy(this::read)
          .isInstanceOf(SourceUnavailableException.class)
          .hasMessageContaining("redirects to another origin");
      assertThat(elsewhere.requests()).isEmpty();
    }
  }

  @Test
  void redirectOnTheSameOriginIsFollowedAndNextLinksResolveAgainstTheFinalPage() throws Exception {
    api.route(
        PAGE_1,
        new FakeHydraApi.Route(301, null, "", Map.of("Location", "/api/v2/fiches"), null, null));
    api.page("/api/v2/fiches", collection(fiche(1), "?page=2"));
    api.page("/api/v2/fiches?page=2", collection(fiche(2), null));

    ConnectorResult result = read();

    assertThat(result.documents())
        .extracting(SourceDocument::id)
        .containsExactly("/api/fiches/1", "/api/fiches/2");
    assertThat(api.targets()).containsExactly(PAGE_1, "/api/v2/fiches", "/api/v2/fiches?page=2");
  }

  @Test
  void loopInNextLinksStopsThePass() throws Exception {
    api.page(PAGE_1, collection(fiche(1), "/api/fiches?page=2"));
    api.page(PAGE_2, collection(fiche(2), "/api/fiches"));

    ConnectorResult result = read();

    assertThat(result.documents())
        .extracting(SourceDocument::id)
        .containsExactly("/api/fiches/1", "/api/fiches/2");
    assertThat(result.skipped()).isEmpty();
    assertThat(api.targets()).containsExactly(PAGE_1, PAGE_2);
  }

  @Test
  void maxPagesReportsOneLimitReachedEntryNamingTheNextPage() throws Exception {
    ConnectorResult result = read(spec -> spec.setMaxPages(2));

    assertThat(api.targets()).containsExactly(PAGE_1, PAGE_2);
    assertThat(result.documents())
        .extracting(SourceDocument::id)
        .containsExactly("/api/fiches/1", "/api/fiches/2", "/api/fiches/3", "/api/fiches/4");
    List<SkippedDocument> limits =
        result.skipped().stream().filter(s -> s.code() == SkipCode.LimitReached).toList();
    assertThat(limits).hasSize(1);
    assertThat(limits.get(0).id()).isEqualTo(api.url(PAGE_3).toString());
    assertThat(limits.get(0).reason())
        .contains("hydra.maxPages (2) reached")
        .contains("about 2 of the 8 items the collection announces were not read");
  }

  @Test
  void serverErrorOnALaterPageMakesTheWholeSourceUnavailable() {
    api.route(
        PAGE_2,
        new FakeHydraApi.Route(
            500, "application/problem+json", "{\"title\":\"Internal\"}", Map.of(), null, null));

    assertThatThrownBy(this::read)
        .isInstanceOf(SourceUnavailableException.class)
        .hasMessageContaining("page 2 (" + api.url(PAGE_2) + ") answered HTTP 500")
        .hasMessageContaining("documents already indexed are kept");
    assertThat(api.targets()).containsExactly(PAGE_1, PAGE_2);
  }

  @Test
  void bodyThatIsNotJsonMakesTheSourceUnavailable() {
    api.route(
        PAGE_1,
        new FakeHydraApi.Route(
            200,
            "text/html; charset=utf-8",
            "<!doctype html><html><body>Connexion au CRM</body></html>",
            Map.of(),
            null,
            null));

    assertThatThrownBy(this::read)
        .isInstanceOf(SourceUnavailableException.class)
        .hasMessageContaining("Content-Type text/html")
        .hasMessageContaining("not JSON (line 1, column 1)")
        .hasMessageNotContaining("Connexion");
  }

  @Test
  void jsonThatIsNotAHydraCollectionMakesTheSourceUnavailable() {
    api.page(PAGE_1, "{\"@context\":\"/api/contexts/Entrypoint\",\"@type\":\"Entrypoint\"}");

    assertThatThrownBy(this::read)
        .isInstanceOf(SourceUnavailableException.class)
        .hasMessageContaining("not a Hydra collection (its @type is 'Entrypoint')");
  }

  @Test
  void pageLargerThanTheLimitMakesTheSourceUnavailable() {
    HydraConnector connector =
        new HydraConnector(
            SOURCE,
            spec(s -> {}),
            fetcher,
            secret(TOKEN),
            formats,
            new HydraConnector.Limits(1024, 5_000_000));

    assertThatThrownBy(connector::read)
        .isInstanceOf(SourceUnavailableException.class)
        .hasMessageContaining("1024-byte page limit");
  }

  @Test
  void memberWithMoreTextThanTheLimitIsSkippedAsTooLarge() throws Exception {
    ConnectorResult result =
        new HydraConnector(
                SOURCE,
                spec(s -> {}),
                fetcher,
                secret(TOKEN),
                formats,
                new HydraConnector.Limits(1024 * 1024, 100))
            .read();

    assertThat(result.skipped())
        .filteredOn(s -> s.id().equals("/api/fiches/1"))
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.code()).isEqualTo(SkipCode.TooLarge);
              assertThat(s.reason()).isEqualTo("more than 100 characters of text");
            });
    assertThat(result.documents()).extracting(SourceDocument::id).contains("/api/fiches/3");
  }

  @Test
  void pageThatStallsIsUnavailableAfterTheTimeout() {
    HttpFetcher impatient = new HttpFetcher(Duration.ofMillis(300));
    api.route(
        PAGE_2,
        new FakeHydraApi.Route(
            200,
            FakeHydraApi.JSON_LD,
            collection(fiche(2), null),
            Map.of(),
            null,
            Duration.ofSeconds(3)));
    HydraConnector connector =
        new HydraConnector(SOURCE, spec(s -> {}), impatient, secret(TOKEN), formats);

    long start = System.nanoTime();
    assertThatThrownBy(connector::read)
        .isInstanceOf(SourceUnavailableException.class)
        .hasMessageContaining("page 2")
        .hasMessageContaining("stalled for more than PT0.3S");
    assertThat(Duration.ofNanos(System.nanoTime() - start))
        .as("gave up before the server's 3 s stall ended")
        .isLessThan(Duration.ofSeconds(3));
  }

  @Test
  void unreachableServerMakesTheSourceUnavailable() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }

    assertThatThrownBy(
            () -> read(spec -> spec.setUrl("http://127.0.0.1:" + closedPort + "/api/fiches")))
        .isInstanceOf(SourceUnavailableException.class)
        .hasMessageContaining("page 1 (http://127.0.0.1:" + closedPort + "/api/fiches)")
        .hasMessageContaining("cannot be read: connection refused");
  }
}
