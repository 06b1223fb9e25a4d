package io.hubia.runtime.ingest.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hubia.api.v1alpha1.spec.WebSource;
import io.hubia.runtime.ingest.ConnectorResult;
import io.hubia.runtime.ingest.IngestFixtures;
import io.hubia.runtime.ingest.SkipCode;
import io.hubia.runtime.ingest.SkippedDocument;
import io.hubia.runtime.ingest.SourceDocument;
import io.hubia.runtime.ingest.SourceUnavailableException;
import io.hubia.runtime.ingest.format.DocumentFormats;
import io.hubia.runtime.ingest.http.HttpFetcher;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The web connector against real HTTP servers on 127.0.0.1: the site of a French federation of
 * associations, and a partner site on another port (another origin) that must never be asked.
 */
class WebConnectorIT {
  private static final String SOURCE = "site-federation";
  private static final DocumentFormats FORMATS = new DocumentFormats(5_000_000);

  @TempDir Path folder;

  private final List<Duration> pauses = new CopyOnWriteArrayList<>();
  private final CountDownLatch release = new CountDownLatch(1);
  private TestSite site;
  private TestSite partner;

  @BeforeEach
  void start() {
    site = new TestSite();
    partner = new TestSite();
    partner.html("/", page("Partenaire", "<h1>Un partenaire</h1><p>Autre site.</p>"));
  }

  @AfterEach
  void stop() {
    release.countDown();
    site.close();
    partner.close();
  }

  // ---- fixtures

  private static String page(String title, String main) {
    return "<!DOCTYPE html>\n<html lang=\"fr\"><head><meta charset=\"utf-8\"><title>"
        + title
        + "</title></head>\n<body><main>"
        + main
        + "</main></body></html>";
  }

  private WebSource spec(Integer maxDepth, String... paths) {
    WebSource spec = new WebSource();
    spec.setUrls(Arrays.stream(paths).map(site::url).toList());
    spec.setMaxDepth(maxDepth);
    return spec;
  }

  private ConnectorResult read(WebSource spec) throws SourceUnavailableException {
    return read(spec, Duration.ofSeconds(5));
  }

  private ConnectorResult read(WebSource spec, Duration timeout) throws SourceUnavailableException {
    return new WebConnector(SOURCE, spec, new HttpFetcher(timeout), FORMATS, pauses::add).read();
  }

  private static Map<String, SourceDocument> byId(ConnectorResult result) {
    return result.documents().stream()
        .collect(Collectors.toMap(SourceDocument::id, Function.identity()));
  }

  private static Map<String, SkippedDocument> skippedById(ConnectorResult result) {
    return result.skipped().stream()
        .collect(Collectors.toMap(SkippedDocument::id, Function.identity()));
  }

  private void federationSite() {
    site.html(
        "/",
        "<!DOCTYPE html><html lang=\"fr\"><head><meta charset=\"utf-8\">"
            + "<title>Fédération des associations</title></head><body>"
            + "<nav><a href=\"/\">Accueil</a> <a href=\"/adhesion\">Adhérer</a></nav>"
            + "<main><h1>Bienvenue</h1><p>La fédération regroupe 120 associations.</p><ul>"
            + "<li><a href=\"adhesion\">Adhésion</a></li>"
            + "<li><a href=\"/cotisations#montants\">Cotisations</a></li>"
            + "<li><a href=\""
            + partner.url("/")
            + "\">Notre partenaire</a></li>"
            + "<li><a href=\"mailto:contact@federation.example\">Écrire</a></li>"
            + "<li><a href=\"javascript:void(0)\">Imprimer</a></li>"
            + "</ul></main></body></html>");
    site.route(
        "/adhesion",
        exchange -> {
          exchange.getResponseHeaders().add("Last-Modified", "Thu, 02 May 2024 08:30:00 GMT");
          TestSite.respond(
              exchange,
              200,
              "text/html; charset=utf-8",
              page(
                      "Adhésion à la fédération",
                      "<h1>Adhésion</h1><p>Toute association loi 1901 peut adhérer.</p>"
                          + "<h2>Qui peut adhérer ?</h2><p>Les associations déclarées.</p>"
                          + "<p><a href=\"/antennes-locales\">Nos antennes locales</a></p>")
                  .getBytes(StandardCharsets.UTF_8));
        });
    site.html(
        "/cotisations",
        page(
            "Cotisations 2024",
            "<h1>Cotisations</h1><h2 id=\"montants\">Montants</h2><table>"
                + "<tr><th>Taille</th><th>Cotisation annuelle</th></tr>"
                + "<tr><td>Moins de 50 adhérents</td><td>80 €</td></tr></table>"
                + "<p><a href=\"/\">Retour à l'accueil</a></p>"));
    site.html(
        "/antennes-locales",
        page(
            "Antennes locales",
            "<h1>Antennes locales</h1><p>Lyon, Lille et Nantes.</p>"
                + "<a href=\"/antennes-locales/lyon\">Lyon</a>"));
    site.html(
        "/antennes-locales/lyon",
        page("Antenne de Lyon", "<h1>Antenne de Lyon</h1><p>Permanence le mardi.</p>"));
  }

  // ---- crawling

  @Test
  void crawlsFromTheStartUrlBreadthFirstUpToMaxDepthOnTheSameSiteOnly() throws Exception {
    federationSite();

    ConnectorResult result = read(spec(1, "/"));

    assertThat(result.skipped()).isEmpty();
    assertThat(result.documents())
        .extracting(SourceDocument::id)
        .containsExactly(site.url("/"), site.url("/adhesion"), site.url("/cotisations"));
    Map<String, SourceDocument> docs = byId(result);
    SourceDocument home = docs.get(site.url("/"));
    assertThat(home.source()).isEqualTo(SOURCE);
    assertThat(home.title()).isEqualTo("Fédération des associations");
    assertThat(home.uri()).isEqualTo(site.url("/"));
    assertThat(home.text())
        .isEqualTo(
            "# Bienvenue\n\nLa fédération regroupe 120 associations.\n\n- Adhésion\n\n"
                + "- Cotisations\n\n- Notre partenaire\n\n- Écrire\n\n- Imprimer");
    SourceDocument adhesion = docs.get(site.url("/adhesion"));
    assertThat(adhesion.title()).isEqualTo("Adhésion à la fédération");
    assertThat(adhesion.text())
        .startsWith("# Adhésion\n\nToute association loi 1901 peut adhérer.")
        .contains("\n\n## Qui peut adhérer ?\n\nLes associations déclarées.");
    assertThat(adhesion.updated()).isEqualTo(Instant.parse("2024-05-02T08:30:00Z"));
    assertThat(adhesion.metadata())
        .containsEntry("url", List.of(site.url("/adhesion")))
        .containsEntry("contentType", List.of("text/html"))
        .containsEntry("lang", List.of("fr"));
    assertThat(docs.get(site.url("/cotisations")).text())
        .contains("## Montants\n\nTaille | Cotisation annuelle\n\nMoins de 50 adhérents | 80 €");
    assertThat(docs.get(site.url("/cotisations")).updated()).isNull();

    // robots.txt answered 404: everything allowed, asked once; depth 2 pages never asked
    assertThat(site.targets())
        .containsExactlyInAnyOrder("/robots.txt", "/", "/adhesion", "/cotisations");
    assertThat(partner.targets()).isEmpty();
    assertThat(site.requests())
        .allSatisfy(
            r -> {
              assertThat(r.userAgent()).isEqualTo(HttpFetcher.USER_AGENT);
              assertThat(r.authorization()).isFalse();
            });
    assertThat(pauses).isEmpty();
  }

  @Test
  void oneMoreLevelOfDepthTakesTheLinksOfTheLinkedPages() throws Exception {
    federationSite();

    ConnectorResult result = read(spec(2, "/"));

    assertThat(result.documents())
        .extracting(SourceDocument::id)
        .containsExactly(
            site.url("/"),
            site.url("/adhesion"),
            site.url("/antennes-locales"),
            site.url("/cotisations"));
    assertThat(site.count("/antennes-locales/lyon")).isZero();
    // breadth-first: every depth-1 page before the depth-2 one
    assertThat(site.targets())
        .containsExactly("/robots.txt", "/", "/adhesion", "/cotisations", "/antennes-locales");
  }

  @Test
  void readsASitemapIndexItsNestedIndexAndItsSitemapsWithoutFollowingLinks() throws Exception {
    federationSite();
    Path pdf = folder.resolve("statuts.pdf");
    IngestFixtures.writePdf(
        pdf,
        "Statuts de la fédération",
        List.of(
            "Article 1 - Objet\nLa fédération rassemble les associations adhérentes.",
            "Article 2 - Siège\nLe siège est fixé à Paris."));
    site.send("/documents/statuts.pdf", 200, "application/pdf", Files.readAllBytes(pdf));
    site.send(
        "/documents/reglement-interieur.txt",
        200,
        "text/plain; charset=utf-8",
        "Règlement intérieur\n\nLes cotisations sont dues au 1er janvier."
            .getBytes(StandardCharsets.UTF_8));
    site.send(
        "/documents/guide-tresorier.md",
        200,
        "text/markdown",
        "---\ntitle: Guide du trésorier\n---\n# Tenir les comptes\n\nChaque antenne tient un cahier."
            .getBytes(StandardCharsets.UTF_8));
    site.send(
        "/sitemap_index.xml",
        200,
        "application/xml",
        ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
                + "<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">"
                + "<sitemap><loc>"
                + site.url("/sitemaps/pages.xml")
                + "</loc></sitemap><sitemap><loc>"
                + site.url("/sitemaps/index-documents.xml")
                + "</loc></sitemap><sitemap><loc>"
                + partner.url("/sitemap.xml")
                + "</loc></sitemap><sitemap><loc>"
                + site.url("/sitemaps/absent.xml")
                + "</loc></sitemap></sitemapindex>")
            .getBytes(StandardCharsets.UTF_8));
    site.send(
        "/sitemaps/pages.xml",
        200,
        "application/xml",
        ("<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">"
                + "<url><loc>"
                + site.url("/adhesion")
                + "</loc><lastmod>2024-05-02</lastmod></url>"
                + "<url><loc>"
                + site.url("/cotisations")
                + "</loc></url><url><loc>"
                + site.url("/adhesion#qui")
                + "</loc></url></urlset>")
            .getBytes(StandardCharsets.UTF_8));
    site.send(
        "/sitemaps/index-documents.xml",
        200,
        "text/xml",
        ("<sitemapindex><sitemap><loc>"
                + site.url("/sitemaps/documents.txt")
                + "</loc></sitemap></sitemapindex>")
            .getBytes(StandardCharsets.UTF_8));
    site.send(
        "/sitemaps/documents.txt",
        200,
        "text/plain",
        (site.url("/documents/statuts.pdf")
                + "\n"
                + site.url("/documents/reglement-interieur.txt")
                + "\n"
                + site.url("/documents/guide-tresorier.md")
                + "\n")
            .getBytes(StandardCharsets.UTF_8));
    WebSource spec = new WebSource();
    spec.setSitemap(site.url("/sitemap_index.xml"));

    ConnectorResult result = read(spec);

    Map<String, SourceDocument> docs = byId(result);
    assertThat(docs.keySet())
        .containsExactlyInAnyOrder(
            site.url("/adhesion"),
            site.url("/cotisations"),
            site.url("/documents/statuts.pdf"),
            site.url("/documents/reglement-interieur.txt"),
            site.url("/documents/guide-tresorier.md"));
    SourceDocument statuts = docs.get(site.url("/documents/statuts.pdf"));
    assertThat(statuts.title()).isEqualTo("Statuts de la fédération");
    assertThat(statuts.text())
        .contains("Article 1 - Objet")
        .contains("La fédération rassemble les associations adhérentes.")
        .contains("Le siège est fixé à Paris.");
    assertThat(statuts.metadata())
        .containsEntry("contentType", List.of("application/pdf"))
        .containsEntry("pages", List.of("2"));
    SourceDocument reglement = docs.get(site.url("/documents/reglement-interieur.txt"));
    assertThat(reglement.title()).isEqualTo("Règlement intérieur");
    assertThat(reglement.text()).endsWith("Les cotisations sont dues au 1er janvier.");
    SourceDocument guide = docs.get(site.url("/documents/guide-tresorier.md"));
    assertThat(guide.title()).isEqualTo("Guide du trésorier");
    assertThat(guide.text()).isEqualTo("# Tenir les comptes\n\nChaque antenne tient un cahier.");

    Map<String, SkippedDocument> skipped = skippedById(result);
    assertThat(skipped).hasSize(2);
    assertThat(skipped.get(partner.url("/sitemap.xml")).code()).isEqualTo(SkipCode.OffHost);
    assertThat(skipped.get(partner.url("/sitemap.xml")).reason())
        .contains("outside the source's sites " + site.origin());
    assertThat(skipped.get(site.url("/sitemaps/absent.xml")))
        .extracting(SkippedDocument::code, SkippedDocument::reason)
        .containsExactly(SkipCode.HttpError, "sitemap cannot be read: HTTP 404");

    // sitemap pages are at depth 0: their links are not followed; a page listed twice is read once
    assertThat(site.count("/antennes-locales")).isZero();
    assertThat(site.count("/adhesion")).isEqualTo(1);
    assertThat(site.count("/robots.txt")).isEqualTo(1);
    assertThat(partner.targets()).isEmpty();
  }

  // ---- robots.txt

  @Test
  void robotsTxtGroupOfHubiaBotDecidesByLongestMatchAndItsCrawlDelaySeparatesRequests()
      throws Exception {
    site.send(
        "/robots.txt",
        200,
        "text/plain",
        ("# Règles de la fédération\n"
                + "User-agent: *\n"
                + "Disallow: /\n"
                + "\n"
                + "User-agent: Googlebot\n"
                + "User-agent: HubiaBot\n"
                + "Disallow: /espace-adherents\n"
                + "Allow: /espace-adherents/formulaire-adhesion\n"
                + "Disallow: /*.pdf$\n"
                + "Crawl-delay: 2\n")
            .getBytes(StandardCharsets.UTF_8));
    site.html(
        "/",
        page(
            "Accueil",
            "<h1>Accueil</h1><a href=\"/espace-adherents/annuaire\">Annuaire</a>"
                + "<a href=\"/espace-adherents/formulaire-adhesion\">Formulaire</a>"
                + "<a href=\"/documents/statuts.pdf\">Statuts</a>"
                + "<a href=\"/documents/statuts.pdf?version=2\">Statuts (texte)</a>"));
    site.html(
        "/espace-adherents/formulaire-adhesion",
        page("Formulaire d'adhésion", "<h1>Formulaire d'adhésion</h1><p>À remplir.</p>"));
    site.send(
        "/documents/statuts.pdf",
        200,
        "text/plain",
        "Statuts\n\nVersion texte des statuts.".getBytes(StandardCharsets.UTF_8));

    ConnectorResult result = read(spec(1, "/", "/espace-adherents/tableau-de-bord"));

    assertThat(result.documents())
        .extracting(SourceDocument::id)
        .containsExactly(
            site.url("/"),
            site.url("/documents/statuts.pdf?version=2"),
            site.url("/espace-adherents/formulaire-adhesion"));
    // the start URL is reported; the disallowed links found while crawling are left out silently
    assertThat(result.skipped())
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.id()).isEqualTo(site.url("/espace-adherents/tableau-de-bord"));
              assertThat(s.code()).isEqualTo(SkipCode.RobotsDisallowed);
              assertThat(s.reason())
                  .isEqualTo(
                      "robots.txt of "
                          + site.origin()
                          + " disallows it for HubiaBot (Disallow: /espace-adherents)");
            });
    assertThat(site.targets())
        .containsExactly(
            "/robots.txt",
            "/",
            "/espace-adherents/formulaire-adhesion",
            "/documents/statuts.pdf?version=2");
    // one pause of the Crawl-delay before every request but the first
    assertThat(pauses)
        .containsExactly(Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(2));
  }

  @Test
  void aLongCrawlDelayIsCappedAtTenSeconds() throws Exception {
    site.send(
        "/robots.txt",
        200,
        "text/plain",
        "User-agent: *\nCrawl-delay: 60\n".getBytes(StandardCharsets.UTF_8));
    site.html("/adhesion", page("Adhésion", "<p>Adhérer à la fédération.</p>"));
    site.html("/cotisations", page("Cotisations", "<p>80 € par an.</p>"));

    ConnectorResult result = read(spec(0, "/adhesion", "/cotisations"));

    assertThat(result.documents()).hasSize(2);
    assertThat(pauses).containsExactly(Duration.ofSeconds(10), Duration.ofSeconds(10));
  }

  @Test
  void robotsTxtServerErrorMakesTheSourceUnavailableBeforeAnyPage() {
    site.status("/robots.txt", 503);
    site.html("/adhesion", page("Adhésion", "<p>Adhérer.</p>"));

    assertThatThrownBy(() -> read(spec(0, "/adhesion")))
        .isInstanceOf(SourceUnavailableException.class)
        .hasMessage(
            "source "
                + SOURCE
                + ": "
                + site.url("/robots.txt")
                + " answers HTTP 503: the site's rules are unknown, so nothing is fetched (RFC"
                + " 9309)");
    assertThat(site.targets()).containsExactly("/robots.txt");
  }

  @Test
  void aServerThatIsDownMakesTheSourceUnavailable() {
    WebSource spec = spec(0, "/adhesion");
    site.close();

    assertThatThrownBy(() -> read(spec))
        .isInstanceOf(SourceUnavailableException.class)
        .hasMessageContaining(site.url("/robots.txt") + " cannot be fetched");
  }

  @Test
  void everyStartUrlUnreachableMakesTheSourceUnavailable() {
    TestSite.Route cut =
        exchange -> {
          throw new IOException("connexion coupée");
        };
    site.route("/adhesion", cut).route("/cotisations", cut);

    assertThatThrownBy(() -> read(spec(0, "/adhesion", "/cotisations")))
        .isInstanceOf(SourceUnavailableException.class)
        .hasMessageStartingWith("source " + SOURCE + ": every start URL is unreachable: ");
    // the JDK client retries a GET once when the connection closes before any answer
    assertThat(site.count("/adhesion")).isBetween(1L, 2L);
    assertThat(site.count("/cotisations")).isBetween(1L, 2L);
  }

  // ---- redirects and duplicates

  @Test
  void redirectsAreFollowedOnTheSiteAndRefusedElsewhere() throws Exception {
    site.send(
        "/robots.txt",
        200,
        "text/plain",
        "User-agent: *\nDisallow: /espace-adherents\n".getBytes(StandardCharsets.UTF_8));
    site.redirect("/ancienne-adhesion", 301, "/adhesion");
    site.html("/adhesion", page("Adhésion", "<h1>Adhésion</h1><p>Adhérer à la fédération.</p>"));
    site.redirect("/partenaires", 302, partner.url("/"));
    site.redirect("/boucle", 302, "/boucle");
    site.redirect("/vers-espace", 307, "/espace-adherents/accueil");
    site.redirect("/ftp", 302, "ftp://127.0.0.1/statuts.pdf");

    ConnectorResult result =
        read(
            spec(
                0,
                "/ancienne-adhesion",
                "/adhesion",
                "/partenaires",
                "/boucle",
                "/vers-espace",
                "/ftp"));

    // the page is read once, under the id of the first URL that led to it
    assertThat(result.documents())
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.id()).isEqualTo(site.url("/ancienne-adhesion"));
              assertThat(d.uri()).isEqualTo(site.url("/adhesion"));
              assertThat(d.metadataValues("url")).containsExactly(site.url("/adhesion"));
              assertThat(d.text()).isEqualTo("# Adhésion\n\nAdhérer à la fédération.");
            });
    assertThat(site.count("/adhesion")).isEqualTo(1);
    Map<String, SkippedDocument> skipped = skippedById(result);
    assertThat(skipped.get(site.url("/partenaires")))
        .extracting(SkippedDocument::code, SkippedDocument::reason)
        .containsExactly(
            SkipCode.OffHost,
            "redirected to " + partner.url("/") + ", outside the source's sites " + site.origin());
    assertThat(skipped.get(site.url("/ftp")).code()).isEqualTo(SkipCode.OffHost);
    assertThat(skipped.get(site.url("/boucle")))
        .extracting(SkippedDocument::code, SkippedDocument::reason)
        .containsExactly(SkipCode.HttpError, "more than 5 redirects in a row");
    assertThat(skipped.get(site.url("/vers-espace")))
        .extracting(SkippedDocument::code, SkippedDocument::reason)
        .containsExactly(
            SkipCode.RobotsDisallowed,
            "redirected to "
                + site.url("/espace-adherents/accueil")
                + ", which robots.txt disallows (Disallow: /espace-adherents)");
    assertThat(skipped).hasSize(4);
    assertThat(site.count("/boucle")).isEqualTo(6);
    assertThat(site.count("/espace-adherents/accueil")).isZero();
    assertThat(partner.targets()).isEmpty();
  }

  @Test
  void theSameUrlSpelledDifferentlyIsFetchedOnce() throws Exception {
    String upper = site.url("/").replace("http://", "HTTP://");
    site.html(
        "/",
        page(
            "Accueil",
            "<h1>Accueil</h1>"
                + "<a href=\"/adhesion#qui-peut-adherer\">1</a>"
                + "<a href=\"/adhesion\">2</a>"
                + "<a href=\""
                + upper
                + "adhesion\">3</a>"
                + "<a href=\"./adhesion\">4</a>"
                + "<a href=\"/cotisations/../adhesion\">5</a>"
                + "<a href=\"/%61dhesion\">6</a>"
                + "<a href=\"#haut\">7</a>"));
    site.html("/adhesion", page("Adhésion", "<p>Adhérer.</p>"));
    site.send(
        "/sitemap.xml",
        200,
        "application/xml",
        ("<urlset><url><loc>"
                + upper
                + "</loc></url><url><loc>"
                + site.url("/adhesion")
                + "</loc></url></urlset>")
            .getBytes(StandardCharsets.UTF_8));
    WebSource spec = spec(1, "/", "/#haut", "/");
    spec.setSitemap(site.url("/sitemap.xml"));

    ConnectorResult result = read(spec);

    assertThat(result.skipped()).isEmpty();
    assertThat(result.documents())
        .extracting(SourceDocument::id)
        .containsExactly(site.url("/"), site.url("/adhesion"));
    assertThat(site.targets()).containsExactly("/robots.txt", "/sitemap.xml", "/", "/adhesion");
  }

  // ---- pages that cannot be taken

  @Test
  void errorStatusesAreReportedWithTheirCodesAndThePassGoesOn() throws Exception {
    site.status("/erreur", 500);
    site.status("/reserve", 403);
    site.status("/connexion", 401);
    site.html(
        "/vide",
        "<html><head><title>Vide</title></head><body><nav><a href=\"/\">Accueil</a></nav></body></html>");
    site.route(
        "/coupe",
        exchange -> {
          throw new IOException("connexion coupée");
        });
    site.html("/adhesion", page("Adhésion", "<p>Adhérer.</p>"));

    WebSource spec =
        spec(
            0, "/introuvable", "/erreur", "/reserve", "/connexion", "/vide", "/coupe", "/adhesion");
    spec.setUrls(
        Stream.concat(spec.getUrls().stream(), Stream.of("ftp://127.0.0.1/statuts.pdf")).toList());

    ConnectorResult result = read(spec);

    assertThat(result.documents())
        .extracting(SourceDocument::id)
        .containsExactly(site.url("/adhesion"));
    Map<String, SkippedDocument> skipped = skippedById(result);
    assertThat(skipped).hasSize(7);
    assertThat(skipped.get("ftp://127.0.0.1/statuts.pdf"))
        .extracting(SkippedDocument::code, SkippedDocument::reason)
        .containsExactly(SkipCode.UnsupportedType, "start URL is not a valid http(s) URL");
    assertSkipped(skipped, "/introuvable", SkipCode.HttpError, "HTTP 404");
    assertSkipped(skipped, "/erreur", SkipCode.HttpError, "HTTP 500");
    assertSkipped(skipped, "/reserve", SkipCode.AccessDenied, "HTTP 403");
    assertSkipped(skipped, "/connexion", SkipCode.AccessDenied, "HTTP 401");
    assertSkipped(skipped, "/vide", SkipCode.Empty, "no text once read");
    assertThat(skipped.get(site.url("/coupe")).code()).isEqualTo(SkipCode.Unreachable);
    assertThat(skipped.get(site.url("/coupe")).reason()).startsWith("cannot be fetched: ");
    assertThat(result.skipped()).allSatisfy(s -> assertThat(s.source()).isEqualTo(SOURCE));
  }

  @Test
  void pagesLargerThanMaxBytesAreSkippedWithOrWithoutContentLength() throws Exception {
    byte[] big = ("<p>" + "Cotisation ".repeat(1000) + "</p>").getBytes(StandardCharsets.UTF_8);
    site.send("/gros", 200, "text/html", big);
    site.route(
        "/flux",
        exchange -> {
          exchange.getResponseHeaders().add("Content-Type", "text/html");
          exchange.sendResponseHeaders(200, 0); // chunked, no Content-Length
          try (OutputStream out = exchange.getResponseBody()) {
            for (int i = 0; i < 1000; i++) {
              out.write("<p>Antenne locale</p>\n".getBytes(StandardCharsets.UTF_8));
              out.flush();
            }
          } catch (IOException e) {
            // the client stopped reading past its limit
          }
        });
    site.html("/petit", page("Petit", "<p>Une page courte.</p>"));
    WebSource spec = spec(0, "/gros", "/flux", "/petit");
    spec.setMaxBytes(2048);

    ConnectorResult result = read(spec);

    assertThat(result.documents())
        .extracting(SourceDocument::id)
        .containsExactly(site.url("/petit"));
    Map<String, SkippedDocument> skipped = skippedById(result);
    assertSkipped(skipped, "/gros", SkipCode.TooLarge, "page larger than the limit of 2048 bytes");
    assertSkipped(skipped, "/flux", SkipCode.TooLarge, "page larger than the limit of 2048 bytes");
  }

  @Test
  void aBodyThatStallsIsUnreachableAfterTheTimeout() throws Exception {
    site.route(
        "/lent",
        exchange -> {
          exchange.getResponseHeaders().add("Content-Type", "text/html");
          exchange.sendResponseHeaders(200, 0);
          OutputStream out = exchange.getResponseBody();
          out.write("<p>Début de la page".getBytes(StandardCharsets.UTF_8));
          out.flush();
          try {
            release.await(10, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
    site.html("/adhesion", page("Adhésion", "<p>Adhérer.</p>"));

    long start = System.nanoTime();
    ConnectorResult result = read(spec(0, "/lent", "/adhesion"), Duration.ofMillis(500));

    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    assertThat(result.documents())
        .extracting(SourceDocument::id)
        .containsExactly(site.url("/adhesion"));
    assertThat(skippedById(result).get(site.url("/lent")))
        .extracting(SkippedDocument::code, SkippedDocument::reason)
        .containsExactly(
            SkipCode.Unreachable,
            "cannot be fetched: the body from 127.0.0.1 stalled for more than PT0.5S");
  }

  @Test
  void contentTypesWithoutAReaderAreSkipped() throws Exception {
    site.send("/logo.png", 200, "image/png", new byte[] {(byte) 0x89, 'P', 'N', 'G'});
    site.send(
        "/donnees",
        200,
        "application/json",
        "{\"adherents\": 120}".getBytes(StandardCharsets.UTF_8));
    site.send("/sans-type", 200, null, "Texte sans type".getBytes(StandardCharsets.UTF_8));
    site.send(
        "/notes/antennes.md",
        200,
        null,
        "# Antennes\n\nLyon et Lille.".getBytes(StandardCharsets.UTF_8));

    ConnectorResult result =
        read(spec(0, "/logo.png", "/donnees", "/sans-type", "/notes/antennes.md"));

    Map<String, SkippedDocument> skipped = skippedById(result);
    assertSkipped(
        skipped,
        "/logo.png",
        SkipCode.UnsupportedType,
        "content type image/png is not read (read: HTML, PDF, plain text and Markdown)");
    assertSkipped(
        skipped,
        "/donnees",
        SkipCode.UnsupportedType,
        "content type application/json is not read (read: HTML, PDF, plain text and Markdown)");
    assertSkipped(
        skipped,
        "/sans-type",
        SkipCode.UnsupportedType,
        "no Content-Type and no known file extension (read: HTML, PDF, plain text and Markdown)");
    // without a Content-Type, the extension tells the format
    SourceDocument notes = byId(result).get(site.url("/notes/antennes.md"));
    assertThat(notes.title()).isEqualTo("Antennes");
    assertThat(notes.metadata()).doesNotContainKey("contentType");
  }

  @Test
  void noindexPagesAreSkippedAndNofollowLinksNotFollowed() throws Exception {
    site.html(
        "/",
        page(
            "Accueil",
            "<p>Accueil.</p><a href=\"/mentions\">Mentions</a> <a href=\"/archives\">Archives</a>"
                + " <a href=\"/communique\">Communiqué</a> <a href=\"/blog\">Blog</a>"
                + " <a href=\"/autre-robot\">Autre</a>"
                + " <a href=\"/connexion\" rel=\"external nofollow\">Connexion</a>"));
    site.html(
        "/mentions",
        "<html><head><title>Mentions légales</title><meta name=\"robots\" content=\"noindex\">"
            + "</head><body><p>Éditeur du site.</p><a href=\"/page-a\">A</a></body></html>");
    site.html(
        "/archives",
        "<html><head><title>Archives</title><meta name=\"ROBOTS\" content=\"noindex, nofollow\">"
            + "</head><body><p>Anciennes pages.</p><a href=\"/page-b\">B</a></body></html>");
    site.route(
        "/communique",
        exchange -> {
          exchange.getResponseHeaders().add("X-Robots-Tag", "noarchive, NOINDEX");
          TestSite.respond(
              exchange, 200, "text/plain", "Communiqué\n\nTexte.".getBytes(StandardCharsets.UTF_8));
        });
    site.html(
        "/blog",
        "<html><head><title>Blog</title><meta name=\"hubiabot\" content=\"nofollow\">"
            + "</head><body><p>Les nouvelles des antennes.</p><a href=\"/page-c\">C</a></body></html>");
    site.route(
        "/autre-robot",
        exchange -> {
          exchange.getResponseHeaders().add("X-Robots-Tag", "otherbot: noindex");
          TestSite.respond(
              exchange,
              200,
              "text/html",
              page("Autre robot", "<p>Visible.</p>").getBytes(StandardCharsets.UTF_8));
        });
    site.html("/page-a", page("Page A", "<p>Suivie depuis une page noindex.</p>"));

    ConnectorResult result = read(spec(2, "/"));

    assertThat(result.documents())
        .extracting(SourceDocument::id)
        .containsExactly(
            site.url("/"), site.url("/autre-robot"), site.url("/blog"), site.url("/page-a"));
    Map<String, SkippedDocument> skipped = skippedById(result);
    assertThat(skipped).hasSize(3);
    assertSkipped(
        skipped,
        "/mentions",
        SkipCode.RobotsDisallowed,
        "the page asks not to be indexed (noindex in its robots meta tag)");
    assertSkipped(
        skipped,
        "/archives",
        SkipCode.RobotsDisallowed,
        "the page asks not to be indexed (noindex in its robots meta tag)");
    assertSkipped(
        skipped,
        "/communique",
        SkipCode.RobotsDisallowed,
        "the page asks not to be indexed (noindex in its X-Robots-Tag header)");
    assertThat(site.count("/page-b")).isZero();
    assertThat(site.count("/page-c")).isZero();
    assertThat(site.count("/connexion")).isZero();
  }

  @Test
  void maxPagesStopsThePassWithOneLimitEntry() throws Exception {
    StringBuilder links = new StringBuilder("<h1>Fiches pratiques</h1>");
    for (int i = 1; i <= 10; i++) {
      links.append("<a href=\"/fiche-").append(i).append("\">Fiche ").append(i).append("</a>");
      site.html("/fiche-" + i, page("Fiche " + i, "<p>Fiche pratique numéro " + i + ".</p>"));
    }
    site.html("/", page("Fiches", links.toString()));
    WebSource spec = spec(1, "/");
    spec.setMaxPages(4);

    ConnectorResult result = read(spec);

    assertThat(result.documents())
        .extracting(SourceDocument::id)
        .containsExactly(
            site.url("/"), site.url("/fiche-1"), site.url("/fiche-2"), site.url("/fiche-3"));
    assertThat(result.skipped())
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.id()).isEqualTo(site.url("/fiche-4"));
              assertThat(s.code()).isEqualTo(SkipCode.LimitReached);
              assertThat(s.reason())
                  .isEqualTo(
                      "the limit of 4 pages per sync is reached: 7 discovered URLs were not"
                          + " fetched, from this one on");
            });
    assertThat(site.targets()).hasSize(5).doesNotContain("/fiche-4", "/fiche-10");
  }

  // ---- sitemap failures

  @Test
  void aSitemapThatCannotBeReadWithoutStartUrlsMakesTheSourceUnavailable() {
    WebSource spec = new WebSource();
    spec.setSitemap(site.url("/sitemap.xml"));

    assertThatThrownBy(() -> read(spec))
        .isInstanceOf(SourceUnavailableException.class)
        .hasMessage(
            "source "
                + SOURCE
                + ": sitemap "
                + site.url("/sitemap.xml")
                + " cannot be read: HTTP 404");
  }

  @Test
  void aSitemapThatCannotBeReadIsReportedWhenThereAreStartUrls() throws Exception {
    site.html("/sitemap.xml", page("Plan du site", "<p>Pas un sitemap.</p>"));
    site.html("/adhesion", page("Adhésion", "<p>Adhérer.</p>"));
    WebSource spec = spec(0, "/adhesion");
    spec.setSitemap(site.url("/sitemap.xml"));

    ConnectorResult result = read(spec);

    assertThat(result.documents())
        .extracting(SourceDocument::id)
        .containsExactly(site.url("/adhesion"));
    assertSkipped(
        skippedById(result),
        "/sitemap.xml",
        SkipCode.Corrupt,
        "sitemap cannot be read: root element <html> is neither <urlset> nor <sitemapindex>");
  }

  // ---- document fields

  @Test
  void canonicalLinkOnTheSiteCharsetOfTheHeaderAndTitleFallbacks() throws Exception {
    site.html(
        "/adhesion?utm_source=lettre",
        "<html><head><title>Adhésion</title><link rel=\"canonical\" href=\""
            + site.url("/adhesion")
            + "\"></head><body><p>Adhérer.</p></body></html>");
    site.html(
        "/cotisations",
        "<html><head><title>Cotisations</title><link rel=\"canonical\" href=\""
            + partner.url("/cotisations")
            + "\"></head><body><p>80 €.</p></body></html>");
    site.send(
        "/antennes/lille",
        200,
        "text/html; charset=ISO-8859-1",
        "<html><head><meta charset=\"utf-8\"></head><body><p>Réunion d'accueil des bénévoles.</p></body></html>"
            .getBytes(StandardCharsets.ISO_8859_1));

    ConnectorResult result =
        read(spec(0, "/adhesion?utm_source=lettre", "/cotisations", "/antennes/lille"));

    assertThat(result.skipped()).isEmpty();
    Map<String, SourceDocument> docs = byId(result);
    assertThat(docs.get(site.url("/adhesion?utm_source=lettre")).uri())
        .isEqualTo(site.url("/adhesion"));
    assertThat(docs.get(site.url("/cotisations")).uri()).isEqualTo(site.url("/cotisations"));
    SourceDocument lille = docs.get(site.url("/antennes/lille"));
    assertThat(lille.text()).isEqualTo("Réunion d'accueil des bénévoles.");
    assertThat(lille.title()).isEqualTo("lille");
    assertThat(partner.targets()).isEmpty();
  }

  private void assertSkipped(
      Map<String, SkippedDocument> skipped, String path, SkipCode code, String reason) {
    assertThat(skipped.get(site.url(path)))
        .as(path)
        .isNotNull()
        .extracting(SkippedDocument::code, SkippedDocument::reason)
        .containsExactly(code, reason);
  }
}
