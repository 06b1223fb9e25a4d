package io.hubia.eval.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class HtmlReportWriterTest {
  private final String html = new HtmlReportWriter().render(Reports.sample());

  @Test
  void isAFrenchUtf8Page() {
    assertThat(html)
        .startsWith("<!DOCTYPE html>")
        .contains("<html lang=\"fr\">")
        .contains("<meta charset=\"utf-8\">")
        .contains("Saint-Étienne")
        .endsWith("</html>\n");
  }

  @Test
  void drawsOneBarPerMetricWithItsThresholdAndColour() {
    assertThat(count(html, "<svg ")).isEqualTo(3);
    assertThat(count(html, "</svg>")).isEqualTo(3);
    assertThat(count(html, "class=\"threshold\"")).isEqualTo(2);
    // citation_recall 0.72 misses >= 0.8: red bar, threshold line at 0.8 * 320 = 256.
    assertThat(html)
        .contains(
            "<rect class=\"bar\" x=\"0\" y=\"4\" width=\"230.4\" height=\"14\" fill=\"#c62828\"/>")
        .contains("x1=\"256.0\" x2=\"256.0\"");
    // false_fallback_rate 0.05 meets <= 0.1: green; token_f1 has no threshold: grey.
    assertThat(html).contains("width=\"16.0\" height=\"14\" fill=\"#2e7d32\"");
    assertThat(html).contains("width=\"195.2\" height=\"14\" fill=\"#607d8b\"");
  }

  @Test
  void loadsNothingFromOutside() {
    assertThat(html)
        .doesNotContain("<script")
        .doesNotContain("<link")
        .doesNotContain("<img")
        .doesNotContain("@import")
        .doesNotContain("url(")
        .doesNotContainPattern("(?i)(src|href)\\s*=");
    String withoutUserContent =
        html.replace(HtmlReportWriter.escape(Reports.sample().runtimeUrl()), "");
    assertThat(withoutUserContent).doesNotContain("http://").doesNotContain("https://");
  }

  @Test
  void putsEveryCaseInDetailsAndOpensTheFailedOnes() {
    assertThat(count(html, "<details")).isEqualTo(2);
    assertThat(count(html, "</details>")).isEqualTo(2);
    assertThat(count(html, "<details open>")).isEqualTo(1);
  }

  @Test
  void drillsDownIntoACase() {
    String failed = html.substring(html.indexOf("<details open>"), html.indexOf("</details>"));

    assertThat(failed)
        .contains("Why it failed")
        .contains("<li>expected source &#39;doc-statuts&#39; not cited</li>")
        .contains("<li>key fact &quot;150 €&quot; &lt; 1 time</li>")
        .contains("L&#39;adhésion coûte 150 € &lt;b&gt;par an&lt;/b&gt; [1].")
        .contains("doc-tarifs")
        .contains("Tarifs « 2026 »")
        .contains("coût annuel : 150 € &amp; frais &lt;i&gt;")
        .contains("doc-statuts <span class=\"fail\">not cited</span>")
        .contains("alice@antenne-lyon")
        .contains("flaky");
    String passed = html.substring(html.lastIndexOf("<details>"), html.lastIndexOf("</details>"));
    assertThat(passed).contains("Why it passed").contains("yes — no source supports an answer");
  }

  @Test
  void showsEachSentenceWithWhatSupportsIt() {
    String failed = html.substring(html.indexOf("<details open>"), html.indexOf("</details>"));

    assertThat(failed)
        .contains("<h3>Sentences</h3>")
        .contains(
            "<tr><td>L&#39;adhésion coûte 150 € &lt;b&gt;par an&lt;/b&gt;.</td><td>yes</td>"
                + "<td>doc-tarifs</td><td>doc-tarifs</td></tr>")
        .contains(
            "<tr><td>Les statuts le &lt;i&gt;confirment&lt;/i&gt;.</td><td>yes</td>"
                + "<td>doc-tarifs</td><td class=\"fail\">none</td></tr>");
    String passed = html.substring(html.lastIndexOf("<details>"), html.lastIndexOf("</details>"));
    assertThat(passed).doesNotContain("<h3>Sentences</h3>");
  }

  @Test
  void escapesUserText() {
    assertThat(html)
        .doesNotContain("<script>alert")
        .contains(
            "Que dit &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;l&#39;antenne&quot; ?")
        .doesNotContain("<b>par an</b>");
  }

  @Test
  void summarisesTheRun() {
    assertThat(html)
        .contains("Échouée")
        .contains("hubia/assistant-adherents")
        .contains("<tr><th>Generation</th><td>7</td></tr>")
        .contains("2 (1 failed, 1 flaky)")
        .contains("no threshold")
        .contains("± 0.030 [0.660, 0.780]")
        .contains(
            "<tr><th>Support judge</th><td>llm judge-model at judge.example; agreement with 56"
                + " labels: accuracy 0.900, kappa 0.800; 12 verdicts, 1 without a usable verdict"
                + "</td></tr>");
  }

  @Test
  void showsTheShadowsAndTheCasesNotRun() {
    String page = new HtmlReportWriter().render(Reports.withShadows());

    assertThat(page)
        .contains(
            "<tr><th>Shadow index (security)</th><td><span class=\"pass\">sh-7: 320 chunks"
                + " copied, 2 documents planted (8 chunks), 1 chunks flagged; deleted</span>"
                + "</td></tr>")
        .contains(
            "<tr><th>Shadow index (injection)</th><td><span class=\"fail\">shadows are not"
                + " enabled on the runtime: the shadow cases were not run — the runtime answered"
                + " 404: shadows are not enabled on that runtime</span></td></tr>")
        .contains("3 (1 failed, 1 not run, 1 flaky)")
        .contains("<span class=\"fail\">⏸ not run</span> <strong>I-p-01</strong>")
        .contains("<h3>Why it was not run</h3>");
    assertThat(html).doesNotContain("Shadow index").doesNotContain("not run");
  }

  @Test
  void escapeCoversTheFiveCharactersAndControls() {
    assertThat(HtmlReportWriter.escape("<a href='x'>\"&\"</a>\u0000"))
        .isEqualTo("&lt;a href=&#39;x&#39;&gt;&quot;&amp;&quot;&lt;/a&gt;\uFFFD");
    assertThat(HtmlReportWriter.escape(null)).isEmpty();
  }

  private static int count(String text, String needle) {
    Matcher matcher = Pattern.compile(Pattern.quote(needle)).matcher(text);
    int n = 0;
    while (matcher.find()) {
      n++;
    }
    return n;
  }
}
