package io.hubia.runtime.ingest.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class RobotsRulesTest {
  private static final String AGENT = "HubiaBot";

  private static RobotsRules rules(String robotsTxt) {
    return RobotsRules.parse(robotsTxt, AGENT);
  }

  @Test
  void theGroupNamingTheCrawlerWinsOverTheStarGroup() {
    RobotsRules rules =
        rules(
            """
            User-agent: *
            Disallow: /

            User-agent: HubiaBot
            Disallow: /espace-adherents
            """);

    assertThat(rules.allows("/adhesion")).isTrue();
    assertThat(rules.allows("/espace-adherents/annuaire")).isFalse();
  }

  @Test
  void theCrawlerIsNamedCaseInsensitivelyAndWithAVersion() {
    assertThat(rules("User-agent: hubiabot/2.0\nDisallow: /prive").allows("/prive")).isFalse();
    assertThat(rules("User-agent: HUBIABOT\nDisallow: /prive").allows("/prive")).isFalse();
    // another crawler whose name starts like ours is not us
    assertThat(rules("User-agent: HubiaBotNext\nDisallow: /prive").allows("/prive")).isTrue();
  }

  @Test
  void aGroupCanNameSeveralCrawlersAndTheCrawlersGroupsAreCombined() {
    RobotsRules rules =
        rules(
            """
            User-agent: Googlebot
            User-agent: HubiaBot
            Disallow: /brouillons

            User-agent: Bingbot
            Disallow: /

            user-agent: hubiabot
            disallow: /archives
            """);

    assertThat(rules.allows("/brouillons/note")).isFalse();
    assertThat(rules.allows("/archives/2019")).isFalse();
    assertThat(rules.allows("/cotisations")).isTrue();
  }

  @Test
  void aUserAgentLineAfterRulesOpensANewGroup() {
    RobotsRules rules =
        rules(
            """
            User-agent: Googlebot
            Disallow: /
            User-agent: *
            Disallow: /tmp
            """);

    assertThat(rules.allows("/adhesion")).isTrue();
    assertThat(rules.allows("/tmp/x")).isFalse();
  }

  @Test
  void theStarGroupAppliesWhenNoGroupNamesTheCrawlerAndNothingAppliesWithoutIt() {
    assertThat(rules("User-agent: *\nDisallow: /prive").allows("/prive/x")).isFalse();
    assertThat(rules("User-agent: Googlebot\nDisallow: /").allows("/prive/x")).isTrue();
    // rules before any User-agent line belong to no group
    assertThat(rules("Disallow: /\nUser-agent: *\nDisallow: /tmp").allows("/adhesion")).isTrue();
    assertThat(rules("").allows("/")).isTrue();
    assertThat(RobotsRules.allowAll().allows("/tout")).isTrue();
  }

  @Test
  void theLongestMatchingRuleDecides() {
    RobotsRules rules =
        rules(
            """
            User-agent: *
            Disallow: /espace-adherents
            Allow: /espace-adherents/formulaire
            Disallow: /espace-adherents/formulaire/brouillon
            """);

    assertThat(rules.check("/espace-adherents/annuaire"))
        .isEqualTo(new RobotsRules.Verdict(false, "Disallow: /espace-adherents"));
    assertThat(rules.check("/espace-adherents/formulaire-adhesion"))
        .isEqualTo(new RobotsRules.Verdict(true, "Allow: /espace-adherents/formulaire"));
    assertThat(rules.allows("/espace-adherents/formulaire/brouillon-1")).isFalse();
    assertThat(rules.check("/cotisations")).isEqualTo(new RobotsRules.Verdict(true, null));
  }

  @Test
  void allowWinsBetweenRulesOfTheSameLength() {
    assertThat(rules("User-agent: *\nDisallow: /page\nAllow: /page").allows("/page")).isTrue();
    assertThat(rules("User-agent: *\nAllow: /p*ge\nDisallow: /pa*e").allows("/page")).isTrue();
    assertThat(rules("User-agent: *\nAllow: /p*g\nDisallow: /pa*e").allows("/page")).isFalse();
  }

  @Test
  void starMatchesAnyRunAndDollarAnchorsTheEnd() {
    RobotsRules rules =
        rules(
            """
            User-agent: *
            Disallow: /fiches/*.pdf$
            Disallow: /*?session=
            Allow: /$
            Disallow: /
            Allow: /fiches/
            """);

    assertThat(rules.allows("/")).isTrue();
    assertThat(rules.allows("/contact")).isFalse();
    assertThat(rules.allows("/fiches/statuts.pdf")).isFalse();
    assertThat(rules.allows("/fiches/statuts.pdf?version=2")).isTrue();
    assertThat(rules.allows("/fiches/statuts.pdfx")).isTrue();
    assertThat(rules.allows("/fiches/cotisations?session=12")).isFalse();
    assertThat(rules.allows("/fiches/cotisations?page=2")).isTrue();
  }

  @Test
  void emptyDisallowForbidsNothing() {
    RobotsRules rules = rules("User-agent: HubiaBot\nDisallow:\n\nUser-agent: *\nDisallow: /");

    assertThat(rules.allows("/adhesion")).isTrue();
    assertThat(rules.crawlDelay()).isEmpty();
  }

  @Test
  void percentEncodingIsComparedInOneForm() {
    RobotsRules rules =
        rules(
            """
            User-agent: *
            Disallow: /adhésion
            Disallow: /%7ejoe
            Disallow: /a%2Fb
            """);

    assertThat(rules.allows("/adh%C3%A9sion")).isFalse();
    assertThat(rules.allows("/adh%c3%a9sion/formulaire")).isFalse();
    assertThat(rules.allows("/~joe/notes")).isFalse();
    assertThat(rules.allows("/a%2fb")).isFalse();
    // an encoded slash is not a slash
    assertThat(rules.allows("/a/b")).isTrue();
  }

  @Test
  void patternsWithoutLeadingSlashAreRootedAndRobotsTxtIsAlwaysAllowed() {
    RobotsRules rules = rules("User-agent: *\nDisallow: prive\nDisallow: /");

    assertThat(rules.check("/prive")).isEqualTo(new RobotsRules.Verdict(false, "Disallow: prive"));
    assertThat(rules.allows("/robots.txt")).isTrue();
  }

  @Test
  void commentsByteOrderMarkAndLineEndingsAreIgnored() {
    RobotsRules rules =
        rules(
            "\uFEFF# règles du site\r\nUser-agent: * # tout le monde\r\nDisallow: /tmp #"
                + " temporaire\rSitemap: https://www.federation.example/sitemap.xml\r\n");

    assertThat(rules.allows("/tmp/a")).isFalse();
    assertThat(rules.allows("/adhesion")).isTrue();
  }

  @Test
  void crawlDelayIsTheFirstValidOneOfTheChosenGroups() {
    assertThat(rules("User-agent: HubiaBot\nCrawl-delay: 2.5\nCrawl-delay: 7").crawlDelay())
        .contains(Duration.ofMillis(2500));
    assertThat(rules("User-agent: *\nCrawl-delay: lent").crawlDelay()).isEmpty();
    assertThat(rules("User-agent: *\nCrawl-delay: -3").crawlDelay()).isEmpty();
    assertThat(rules("User-agent: Googlebot\nCrawl-delay: 5\nUser-agent: *").crawlDelay())
        .isEmpty();
    assertThat(rules("User-agent: *\nCrawl-delay: 1e300").crawlDelay())
        .contains(Duration.ofDays(1));
  }

  @Test
  @Timeout(5)
  void manyStarsDoNotBacktrackExponentially() {
    String path = "/" + "a".repeat(5000);

    assertThat(RobotsRules.matches("/*a*a*a*a*a*a*a*a*a*a*a*a*b", path)).isFalse();
    assertThat(RobotsRules.matches("/*a*a*a*a*a*a*a*a*a*a*a*a*a$", path)).isTrue();
  }
}
