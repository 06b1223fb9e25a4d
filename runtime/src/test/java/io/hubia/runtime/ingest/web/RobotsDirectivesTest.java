package io.hubia.runtime.ingest.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class RobotsDirectivesTest {
  @Test
  void metaContentGivesNoindexNofollowAndNone() {
    assertThat(RobotsDirectives.parse("NoIndex, follow"))
        .isEqualTo(new RobotsDirectives(true, false));
    assertThat(RobotsDirectives.parse("index,nofollow"))
        .isEqualTo(new RobotsDirectives(false, true));
    assertThat(RobotsDirectives.parse(" none ")).isEqualTo(new RobotsDirectives(true, true));
    assertThat(RobotsDirectives.parse("noarchive, max-snippet:50"))
        .isEqualTo(RobotsDirectives.NONE);
  }

  @Test
  void headerValuesNamingAnotherCrawlerAreIgnored() {
    assertThat(RobotsDirectives.ofHeaders(List.of("googlebot: noindex", "nofollow"), "HubiaBot"))
        .isEqualTo(new RobotsDirectives(false, true));
    assertThat(RobotsDirectives.ofHeaders(List.of("hubiabot: noindex"), "HubiaBot"))
        .isEqualTo(new RobotsDirectives(true, false));
    // a directive with a value is not a crawler's name
    assertThat(
            RobotsDirectives.ofHeaders(
                List.of("unavailable_after: 25 Jun 2030 15:00:00 PST", "noindex"), "HubiaBot"))
        .isEqualTo(new RobotsDirectives(true, false));
    assertThat(RobotsDirectives.ofHeaders(List.of(), "HubiaBot")).isEqualTo(RobotsDirectives.NONE);
  }
}
