package io.hubia.eval.report;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * Writes the report as JUnit XML for CI: one {@code <testsuite>} per suite with one {@code
 * <testcase>} per case, failing with the case's reasons, and a {@value #METRICS_SUITE} suite with
 * one test case per metric, failing when it misses its threshold.
 *
 * <p>The XML goes through {@link XMLStreamWriter}, which escapes markup; characters XML 1.0 cannot
 * carry at all (most control characters) are replaced by U+FFFD, since an answer may contain them
 * and one such character would make the whole file unreadable.
 */
public final class JUnitReportWriter implements ReportWriter {
  /** Name of the test suite holding one test case per metric. */
  public static final String METRICS_SUITE = "metrics";

  private static final XMLOutputFactory FACTORY = XMLOutputFactory.newFactory();

  @Override
  public String fileName() {
    return "TEST-hubia-eval.xml";
  }

  @Override
  public void write(EvaluationReport report, OutputStream out) throws IOException {
    try {
      XMLStreamWriter xml = FACTORY.createXMLStreamWriter(out, "UTF-8");
      xml.writeStartDocument("UTF-8", "1.0");
      newline(xml);
      writeRoot(xml, report);
      xml.writeEndDocument();
      xml.flush();
      xml.close();
    } catch (XMLStreamException e) {
      throw new IOException("cannot write the JUnit report", e);
    }
  }

  private static void writeRoot(XMLStreamWriter xml, EvaluationReport report)
      throws XMLStreamException {
    Map<String, List<CaseResult>> bySuite = bySuite(report);
    long failedCases = report.cases().stream().filter(c -> !c.passed() && !c.notRun()).count();
    long failedMetrics = report.metrics().stream().filter(m -> !m.passed()).count();
    xml.writeStartElement("testsuites");
    attribute(
        xml, "name", "hubia-eval " + report.workflow() + " generation " + report.generation());
    attribute(xml, "tests", report.cases().size() + report.metrics().size());
    attribute(xml, "failures", failedCases + failedMetrics);
    attribute(xml, "errors", 0);
    attribute(xml, "time", seconds(report));
    newline(xml);
    for (Map.Entry<String, List<CaseResult>> suite : bySuite.entrySet()) {
      writeCaseSuite(xml, report, suite.getKey(), suite.getValue());
    }
    writeMetricSuite(xml, report);
    xml.writeEndElement();
    newline(xml);
  }

  /** Suites in the report's order, then any suite a case names that the report does not list. */
  private static Map<String, List<CaseResult>> bySuite(EvaluationReport report) {
    Map<String, List<CaseResult>> bySuite = new LinkedHashMap<>();
    for (String suite : report.suites()) {
      bySuite.put(suite, new ArrayList<>());
    }
    for (CaseResult result : report.cases()) {
      bySuite.computeIfAbsent(result.suite(), s -> new ArrayList<>()).add(result);
    }
    return bySuite;
  }

  private static void writeCaseSuite(
      XMLStreamWriter xml, EvaluationReport report, String suite, List<CaseResult> cases)
      throws XMLStreamException {
    xml.writeStartElement("testsuite");
    attribute(xml, "name", suite);
    attribute(xml, "tests", cases.size());
    attribute(xml, "failures", cases.stream().filter(c -> !c.passed() && !c.notRun()).count());
    attribute(xml, "errors", 0);
    attribute(xml, "skipped", cases.stream().filter(CaseResult::notRun).count());
    attribute(xml, "timestamp", report.startedAt().toString());
    attribute(xml, "time", 0);
    newline(xml);
    for (CaseResult result : cases) {
      xml.writeStartElement("testcase");
      attribute(xml, "name", result.id());
      attribute(xml, "classname", "hubia.eval." + suite);
      attribute(xml, "time", 0);
      if (result.notRun()) {
        xml.writeStartElement("skipped");
        attribute(xml, "message", String.join("; ", result.failureReasons()));
        xml.writeEndElement();
      } else if (!result.passed()) {
        List<String> reasons =
            result.failureReasons().isEmpty() ? List.of("failed") : result.failureReasons();
        xml.writeStartElement("failure");
        attribute(xml, "message", String.join("; ", reasons));
        attribute(xml, "type", "CaseFailed");
        text(xml, String.join("\n", reasons));
        xml.writeEndElement();
      }
      xml.writeStartElement("system-out");
      text(xml, caseDetails(result));
      xml.writeEndElement();
      xml.writeEndElement();
      newline(xml);
    }
    xml.writeEndElement();
    newline(xml);
  }

  private static String caseDetails(CaseResult result) {
    StringBuilder out = new StringBuilder();
    out.append("question: ").append(result.question()).append('\n');
    out.append("caller: ").append(result.callerSubject()).append('\n');
    if (result.fallback()) {
      out.append("fallback: ").append(orDash(result.fallbackReason())).append('\n');
    }
    out.append("answer: ").append(orDash(result.answer())).append('\n');
    for (CaseResult.Citation citation : result.citations()) {
      out.append("cited: ").append(citation.documentId());
      if (citation.title() != null) {
        out.append(" (").append(citation.title()).append(')');
      }
      out.append('\n');
    }
    out.append("expected sources: ")
        .append(
            result.expectedSources().isEmpty()
                ? "none"
                : String.join(", ", result.expectedSources()));
    out.append('\n');
    result
        .metrics()
        .forEach((name, value) -> out.append(name).append(": ").append(value).append('\n'));
    out.append("attempts: ").append(result.attempts());
    if (result.flaky()) {
      out.append(" (flaky: repeats disagreed)");
    }
    return out.append('\n').toString();
  }

  private static void writeMetricSuite(XMLStreamWriter xml, EvaluationReport report)
      throws XMLStreamException {
    xml.writeStartElement("testsuite");
    attribute(xml, "name", METRICS_SUITE);
    attribute(xml, "tests", report.metrics().size());
    attribute(xml, "failures", report.metrics().stream().filter(m -> !m.passed()).count());
    attribute(xml, "errors", 0);
    attribute(xml, "skipped", 0);
    attribute(xml, "timestamp", report.startedAt().toString());
    attribute(xml, "time", seconds(report));
    newline(xml);
    xml.writeStartElement("properties");
    property(xml, "workflow", report.workflow());
    property(xml, "generation", Long.toString(report.generation()));
    property(xml, "runtimeUrl", orDash(report.runtimeUrl()));
    property(xml, "repeats", Integer.toString(report.repeats()));
    property(xml, "startedAt", report.startedAt().toString());
    property(xml, "finishedAt", report.finishedAt().toString());
    xml.writeEndElement();
    newline(xml);
    for (MetricResult metric : report.metrics()) {
      xml.writeStartElement("testcase");
      attribute(xml, "name", metric.name());
      attribute(xml, "classname", "hubia.eval." + METRICS_SUITE);
      attribute(xml, "time", 0);
      if (!metric.passed()) {
        xml.writeStartElement("failure");
        attribute(xml, "message", describe(metric));
        attribute(xml, "type", "ThresholdMissed");
        text(xml, describe(metric));
        xml.writeEndElement();
      }
      xml.writeStartElement("system-out");
      text(xml, describe(metric) + "\n");
      xml.writeEndElement();
      xml.writeEndElement();
      newline(xml);
    }
    xml.writeEndElement();
    newline(xml);
  }

  /** E.g. {@code citation_recall = 0.7200, threshold >= 0.8 (n=40): fail}. */
  static String describe(MetricResult metric) {
    String threshold =
        metric.hasThreshold() ? "threshold " + metric.threshold() : MetricResult.NO_THRESHOLD;
    return String.format(
        Locale.ROOT,
        "%s = %.4f, %s (n=%d): %s",
        metric.name(),
        metric.value(),
        threshold,
        metric.n(),
        metric.status());
  }

  private static void property(XMLStreamWriter xml, String name, String value)
      throws XMLStreamException {
    xml.writeEmptyElement("property");
    attribute(xml, "name", name);
    attribute(xml, "value", value);
  }

  private static void attribute(XMLStreamWriter xml, String name, Object value)
      throws XMLStreamException {
    xml.writeAttribute(name, xmlSafe(String.valueOf(value)));
  }

  private static void text(XMLStreamWriter xml, String value) throws XMLStreamException {
    xml.writeCharacters(xmlSafe(value));
  }

  private static void newline(XMLStreamWriter xml) throws XMLStreamException {
    xml.writeCharacters("\n");
  }

  private static String seconds(EvaluationReport report) {
    return String.format(Locale.ROOT, "%.3f", report.duration().toMillis() / 1000.0);
  }

  private static String orDash(String value) {
    return value == null ? "-" : value;
  }

  /** Replaces the characters XML 1.0 forbids (controls other than tab, LF, CR; lone surrogates). */
  static String xmlSafe(String value) {
    StringBuilder out = new StringBuilder(value.length());
    for (int i = 0; i < value.length(); ) {
      int cp = value.codePointAt(i);
      boolean allowed =
          cp == 0x9
              || cp == 0xA
              || cp == 0xD
              || (cp >= 0x20 && cp <= 0xD7FF)
              || (cp >= 0xE000 && cp <= 0xFFFD)
              || (cp >= 0x10000 && cp <= 0x10FFFF);
      if (allowed) {
        out.appendCodePoint(cp);
      } else {
        out.append('\uFFFD');
      }
      i += Character.charCount(cp);
    }
    return out.toString();
  }
}
