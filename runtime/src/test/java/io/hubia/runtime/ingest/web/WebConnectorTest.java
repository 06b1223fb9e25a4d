package io.hubia.runtime.ingest.web;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hubia.api.v1alpha1.spec.WebSource;
import io.hubia.runtime.ingest.SourceUnavailableException;
import io.hubia.runtime.ingest.format.DocumentFormats;
import io.hubia.runtime.ingest.http.HttpFetcher;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the connector decides before any request; the crawl itself is in {@link WebConnectorIT}. */
class WebConnectorTest {
  private static final HttpFetcher FETCHER = new HttpFetcher(Duration.ofSeconds(1));
  private static final DocumentFormats FORMATS = new DocumentFormats(1000);

  private static WebConnector connector(WebSource spec) {
    return new WebConnector("site", spec, FETCHER, FORMATS, duration -> {});
  }

  @Test
  void aSourceWithoutAnyValidUrlIsUnavailable() {
    WebSource spec = new WebSource();
    spec.setUrls(List.of("ftp://federation.example/", "/adhesion", " "));

    assertThatThrownBy(() -> connector(spec).read())
        .isInstanceOf(SourceUnavailableException.class)
        .hasMessage("source site: no valid start URL nor sitemap");
  }

  @Test
  void anInvalidSitemapWithoutStartUrlsIsUnavailable() {
    WebSource spec = new WebSource();
    spec.setSitemap("sitemap.xml");

    assertThatThrownBy(() -> connector(spec).read())
        .isInstanceOf(SourceUnavailableException.class)
        .hasMessage("source site: sitemap sitemap.xml is not a valid http(s) URL");
  }

  @Test
  void everyCollaboratorIsRequired() {
    WebSource spec = new WebSource();

    assertThatThrownBy(() -> new WebConnector(null, spec, FETCHER, FORMATS))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("sourceName");
    assertThatThrownBy(() -> new WebConnector("site", null, FETCHER, FORMATS)).hasMessage("spec");
    assertThatThrownBy(() -> new WebConnector("site", spec, null, FORMATS)).hasMessage("fetcher");
    assertThatThrownBy(() -> new WebConnector("site", spec, FETCHER, FORMATS, null))
        .hasMessage("pauser");
  }
}
