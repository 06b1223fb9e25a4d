package io.hubia.eval.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class JUnitReportWriterTest {
  private final JUnitReportWriter writer = new JUnitReportWriter();

  @Test
  void writesOneSuitePerSuiteAndOneForMetrics() throws Exception {
    Document xml = parse(Reports.sample());

    Element root = xml.getDocumentElement();
    assertThat(root.getTagName()).isEqualTo("testsuites");
    assertThat(root.getAttribute("tests")).isEqualTo("5");
    assertThat(root.getAttribute("failures")).isEqualTo("2");
    assertThat(root.getAttribute("time")).isEqualTo("270.250");
    NodeList suites = xml.getElementsByTagName("testsuite");
    assertThat(suites.getLength()).isEqualTo(3);
    assertThat(suite(xml, 0).getAttribute("name")).isEqualTo("answers");
    assertThat(suite(xml, 1).getAttribute("name")).isEqualTo("security");
    assertThat(suite(xml, 2).getAttribute("name")).isEqualTo("metrics");
    assertThat(xml.getElementsByTagName("testcase").getLength()).isEqualTo(5);
    assertThat(xml.getElementsByTagName("failure").getLength()).isEqualTo(2);
  }

  @Test
  void aCaseNotRunIsSkippedNotFailed() throws Exception {
    Document xml = parse(Reports.withShadows());

    assertThat(xml.getDocumentElement().getAttribute("failures")).isEqualTo("2");
    Element injection = suite(xml, 2);
    assertThat(injection.getAttribute("name")).isEqualTo("injection");
    assertThat(injection.getAttribute("failures")).isEqualTo("0");
    assertThat(injection.getAttribute("skipped")).isEqualTo("1");
    Element testcase = (Element) injection.getElementsByTagName("testcase").item(0);
    assertThat(testcase.getElementsByTagName("failure").getLength()).isZero();
    Element skipped = (Element) testcase.getElementsByTagName("skipped").item(0);
    assertThat(skipped.getAttribute("message"))
        .isEqualTo("not run: shadows are not enabled on that runtime");
    assertThat(suite(xml, 0).getAttribute("skipped")).isEqualTo("0");
  }

  @Test
  void aFailingCaseListsItsReasons() throws Exception {
    Element answers = suite(parse(Reports.sample()), 0);

    assertThat(answers.getAttribute("tests")).isEqualTo("1");
    assertThat(answers.getAttribute("failures")).isEqualTo("1");
    Element testcase = (Element) answers.getElementsByTagName("testcase").item(0);
    assertThat(testcase.getAttribute("name")).isEqualTo("cotisation-lyon");
    Element failure = (Element) testcase.getElementsByTagName("failure").item(0);
    assertThat(failure.getAttribute("message"))
        .isEqualTo("expected source 'doc-statuts' not cited; key fact \"150 €\" < 1 time");
    assertThat(failure.getTextContent()).contains("\n");
  }

  @Test
  void escapesMarkupAndKeepsAccents() throws Exception {
    Document xml = parse(Reports.sample());

    String out = xml.getElementsByTagName("system-out").item(0).getTextContent();
    assertThat(out)
        .contains("question: " + Reports.HOSTILE_QUESTION)
        .contains("L'adhésion coûte 150 € <b>par an</b> [1].")
        .contains("Tarifs « 2026 »");
    Element passing = (Element) suite(xml, 1).getElementsByTagName("testcase").item(0);
    assertThat(passing.getElementsByTagName("failure").getLength()).isZero();
    assertThat(passing.getElementsByTagName("system-out").item(0).getTextContent())
        .contains("Saint-Étienne")
        .contains("fallback: no source supports an answer");
    String raw = writer.render(Reports.sample());
    assertThat(raw).doesNotContain("<script>").contains("&lt;script&gt;");
  }

  @Test
  void aMetricFailsUnderItsThresholdOnly() throws Exception {
    Element metrics = suite(parse(Reports.sample()), 2);

    assertThat(metrics.getAttribute("failures")).isEqualTo("1");
    NodeList cases = metrics.getElementsByTagName("testcase");
    assertThat(cases.getLength()).isEqualTo(3);
    Element recall = (Element) cases.item(0);
    assertThat(recall.getAttribute("name")).isEqualTo("citation_recall");
    assertThat(((Element) recall.getElementsByTagName("failure").item(0)).getAttribute("message"))
        .isEqualTo("citation_recall = 0.7200, threshold >= 0.8 (n=40): fail");
    assertThat(((Element) cases.item(1)).getElementsByTagName("failure").getLength()).isZero();
    assertThat(cases.item(2).getTextContent()).contains("no threshold");
    assertThat(metrics.getElementsByTagName("property").getLength()).isEqualTo(6);
  }

  @Test
  void replacesCharactersXmlCannotCarry() throws Exception {
    CaseResult odd =
        new CaseResult(
            "ctl<&\"'>",
            "answers",
            List.of(),
            "bell \u0007 and null \u0000 and lone \uD800",
            "bob",
            "ok",
            false,
            null,
            List.of(),
            List.of(),
            false,
            List.of("reason with \u001B escape and <&\"'>"),
            Map.of(),
            false,
            1);
    Instant start = Instant.parse("2026-03-01T10:00:00Z");
    EvaluationReport report =
        EvaluationReport.of(
            "wf", 1, start, start, null, List.of("answers"), 1, List.of(), List.of(odd));

    Document xml = parse(report);

    Element testcase = (Element) xml.getElementsByTagName("testcase").item(0);
    assertThat(testcase.getAttribute("name")).isEqualTo("ctl<&\"'>");
    assertThat(((Element) testcase.getElementsByTagName("failure").item(0)).getAttribute("message"))
        .isEqualTo("reason with \uFFFD escape and <&\"'>");
    assertThat(testcase.getTextContent()).contains("bell \uFFFD and null \uFFFD and lone \uFFFD");
  }

  private Document parse(EvaluationReport report) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    writer.write(report, out);
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    return factory.newDocumentBuilder().parse(new ByteArrayInputStream(out.toByteArray()));
  }

  private static Element suite(Document xml, int index) {
    return (Element) xml.getElementsByTagName("testsuite").item(index);
  }
}
