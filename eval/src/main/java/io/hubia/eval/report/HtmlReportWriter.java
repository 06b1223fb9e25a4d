package io.hubia.eval.report;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes the report as one self-contained HTML page for people: a summary, one horizontal bar per
 * metric drawn in inline SVG against its threshold, and a drill-down of every case.
 *
 * <p>The page loads nothing: CSS is inline, there is no script, no image and no link, so it can be
 * attached to a CI run or mailed and opens the same offline. Every text that comes from the run
 * (questions, answers, snippets, even metric names) is HTML-escaped, since answers quote documents
 * and documents may hold markup.
 */
public final class HtmlReportWriter implements ReportWriter {
  private static final int BAR_WIDTH = 320;
  private static final int BAR_HEIGHT = 22;
  private static final String PASS = "#2e7d32";
  private static final String FAIL = "#c62828";
  private static final String NEUTRAL = "#607d8b";

  private static final String CSS =
      """
      body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:2rem;\
      color:#1b1b1b;max-width:70rem}
      h1{font-size:1.5rem}h2{font-size:1.2rem;margin-top:2rem}
      table{border-collapse:collapse;margin:.5rem 0}
      th,td{border:1px solid #ccc;padding:.3rem .6rem;text-align:left;vertical-align:top}
      th{background:#f3f3f3}
      .pass{color:#2e7d32;font-weight:600}.fail{color:#c62828;font-weight:600}
      .none{color:#607d8b}
      .verdict{font-size:1.1rem;padding:.5rem 1rem;display:inline-block;border-radius:.3rem}
      .verdict.pass{background:#e8f5e9}.verdict.fail{background:#ffebee}
      details{border:1px solid #ddd;border-radius:.3rem;margin:.4rem 0;padding:.3rem .6rem}
      details[open]{background:#fafafa}
      summary{cursor:pointer}
      pre{white-space:pre-wrap;word-wrap:break-word;background:#fff;border:1px solid #eee;\
      padding:.5rem}
      .tag{background:#eceff1;border-radius:.2rem;padding:0 .3rem;margin-right:.2rem}
      svg text{font-size:11px;font-family:inherit}
      """;

  @Override
  public String fileName() {
    return "report.html";
  }

  @Override
  public void write(EvaluationReport report, OutputStream out) throws IOException {
    Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
    writer.write(page(report));
    writer.flush();
  }

  private static String page(EvaluationReport report) {
    StringBuilder html = new StringBuilder(16_384);
    html.append("<!DOCTYPE html>\n<html lang=\"fr\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        .append("<title>Évaluation ")
        .append(escape(report.workflow()))
        .append("</title>\n<style>\n")
        .append(CSS)
        .append("</style>\n</head>\n<body>\n");
    summary(html, report);
    metrics(html, report);
    cases(html, report);
    html.append("</body>\n</html>\n");
    return html.toString();
  }

  private static void summary(StringBuilder html, EvaluationReport report) {
    boolean passed = ReportOutcome.exitCode(report) == ReportOutcome.PASSED;
    long failedCases = report.cases().stream().filter(c -> !c.passed() && !c.notRun()).count();
    long notRun = report.cases().stream().filter(CaseResult::notRun).count();
    long flaky = report.cases().stream().filter(CaseResult::flaky).count();
    html.append("<h1>Évaluation de ").append(escape(report.workflow())).append("</h1>\n");
    html.append("<p class=\"verdict ")
        .append(passed ? "pass\">Réussie" : "fail\">Échouée")
        .append(" — ")
        .append(passed ? "every metric meets its threshold" : "a metric misses its threshold")
        .append("</p>\n<table>\n");
    row(html, "Workflow", escape(report.workflow()));
    row(html, "Generation", Long.toString(report.generation()));
    row(html, "Started", escape(report.startedAt().toString()));
    row(html, "Finished", escape(report.finishedAt().toString()));
    row(
        html,
        "Duration",
        escape(report.duration().toString().substring(2).toLowerCase(Locale.ROOT)));
    row(html, "Runtime", escape(orDash(report.runtimeUrl())));
    row(html, "Suites", escape(String.join(", ", report.suites())));
    row(html, "Repeats", Integer.toString(report.repeats()));
    if (report.judge() != null) {
      row(html, "Support judge", escape(judge(report.judge())));
    }
    for (ShadowSummary shadow : report.shadows()) {
      row(
          html,
          "Shadow index (" + escape(shadow.suite()) + ")",
          "<span class=\""
              + (ShadowSummary.CREATED.equals(shadow.status()) ? "pass" : "fail")
              + "\">"
              + escape(shadow(shadow))
              + "</span>");
    }
    row(
        html,
        "Cases",
        report.cases().size()
            + " ("
            + failedCases
            + " failed, "
            + (notRun > 0 ? notRun + " not run, " : "")
            + flaky
            + " flaky)");
    html.append("</table>\n");
  }

  private static void metrics(StringBuilder html, EvaluationReport report) {
    html.append("<h2>Metrics</h2>\n<table>\n<tr><th>Metric</th><th>Value</th><th>Spread / CI</th>")
        .append("<th>Threshold</th><th>n</th><th>Status</th><th>Against threshold</th></tr>\n");
    for (MetricResult metric : report.metrics()) {
      html.append("<tr><td>")
          .append(escape(metric.name()))
          .append("</td><td>")
          .append(number(metric.value()))
          .append("</td><td>")
          .append(spread(metric))
          .append("</td><td>")
          .append(metric.hasThreshold() ? escape(metric.threshold().toString()) : "—")
          .append("</td><td>")
          .append(metric.n())
          .append("</td><td class=\"")
          .append(statusClass(metric))
          .append("\">")
          .append(escape(metric.status()))
          .append("</td><td>")
          .append(bar(metric))
          .append("</td></tr>\n");
    }
    html.append("</table>\n");
  }

  /**
   * A horizontal bar from 0 to the value, on a scale from 0 to 1 (or to the largest number drawn,
   * when something exceeds 1), with the threshold as a vertical line and the interval, if any, as a
   * whisker.
   */
  static String bar(MetricResult metric) {
    double value = finiteOrZero(metric.value());
    double max = Math.max(1.0, value);
    if (metric.hasThreshold()) {
      max = Math.max(max, metric.threshold().value());
      if (metric.threshold().upper() != null) {
        max = Math.max(max, metric.threshold().upper());
      }
    }
    if (metric.ciHigh() != null) {
      max = Math.max(max, finiteOrZero(metric.ciHigh()));
    }
    String color = metric.hasThreshold() ? (metric.passed() ? PASS : FAIL) : NEUTRAL;
    StringBuilder svg = new StringBuilder();
    svg.append("<svg role=\"img\" width=\"")
        .append(BAR_WIDTH + 50)
        .append("\" height=\"")
        .append(BAR_HEIGHT)
        .append("\" viewBox=\"0 0 ")
        .append(BAR_WIDTH + 50)
        .append(' ')
        .append(BAR_HEIGHT)
        .append("\"><title>")
        .append(escape(JUnitReportWriter.describe(metric)))
        .append("</title>")
        .append("<rect x=\"0\" y=\"4\" width=\"")
        .append(BAR_WIDTH)
        .append("\" height=\"14\" fill=\"#eceff1\"/>")
        .append("<rect class=\"bar\" x=\"0\" y=\"4\" width=\"")
        .append(coordinate(x(value, max)))
        .append("\" height=\"14\" fill=\"")
        .append(color)
        .append("\"/>");
    if (metric.ciLow() != null && metric.ciHigh() != null) {
      svg.append("<line x1=\"")
          .append(coordinate(x(finiteOrZero(metric.ciLow()), max)))
          .append("\" x2=\"")
          .append(coordinate(x(finiteOrZero(metric.ciHigh()), max)))
          .append("\" y1=\"11\" y2=\"11\" stroke=\"#263238\" stroke-width=\"1.5\"/>");
    }
    if (metric.hasThreshold()) {
      String tx = coordinate(x(metric.threshold().value(), max));
      svg.append("<line class=\"threshold\" x1=\"")
          .append(tx)
          .append("\" x2=\"")
          .append(tx)
          .append("\" y1=\"0\" y2=\"")
          .append(BAR_HEIGHT)
          .append("\" stroke=\"#000\" stroke-width=\"2\" stroke-dasharray=\"3,2\"/>");
    }
    svg.append("<text x=\"")
        .append(BAR_WIDTH + 6)
        .append("\" y=\"16\">")
        .append(number(value))
        .append("</text></svg>");
    return svg.toString();
  }

  private static void cases(StringBuilder html, EvaluationReport report) {
    html.append(
        "<h2>Cases</h2>\n<p>Failed cases are open; click a case to open or close it.</p>\n");
    for (CaseResult result : report.cases()) {
      html.append(result.passed() ? "<details>" : "<details open>")
          .append("\n<summary><span class=\"")
          .append(
              result.passed()
                  ? "pass\">✔ passed"
                  : result.notRun() ? "fail\">⏸ not run" : "fail\">✘ failed")
          .append("</span> <strong>")
          .append(escape(result.id()))
          .append("</strong> [")
          .append(escape(result.suite()))
          .append("] ")
          .append(escape(result.question()))
          .append(result.flaky() ? " <em>(flaky)</em>" : "")
          .append("</summary>\n");
      caseBody(html, result);
      html.append("</details>\n");
    }
  }

  private static void caseBody(StringBuilder html, CaseResult result) {
    html.append("<h3>Why it ")
        .append(result.passed() ? "passed" : result.notRun() ? "was not run" : "failed")
        .append("</h3>\n");
    if (result.passed()) {
      html.append("<p class=\"pass\">Every check of this case held.</p>\n");
    } else {
      html.append("<ul class=\"fail\">\n");
      for (String reason : result.failureReasons()) {
        html.append("<li>").append(escape(reason)).append("</li>\n");
      }
      html.append("</ul>\n");
    }
    html.append("<table>\n");
    row(html, "Question", escape(result.question()));
    row(html, "Caller", escape(orDash(result.callerSubject())));
    row(html, "Tags", tags(result.tags()));
    row(
        html,
        "Fallback",
        result.fallback() ? "yes — " + escape(orDash(result.fallbackReason())) : "no");
    row(
        html,
        "Attempts",
        result.attempts() + (result.flaky() ? " (flaky: repeats disagreed)" : ""));
    html.append("</table>\n<h3>Answer</h3>\n<pre>")
        .append(escape(orDash(result.answer())))
        .append("</pre>\n");
    citations(html, result);
    sentences(html, result);
    html.append("<h3>Expected sources</h3>\n");
    if (result.expectedSources().isEmpty()) {
      html.append("<p>None.</p>\n");
    } else {
      html.append("<ul>\n");
      for (String source : result.expectedSources()) {
        boolean cited = result.citations().stream().anyMatch(c -> source.equals(c.documentId()));
        html.append("<li>")
            .append(escape(source))
            .append(
                cited
                    ? " <span class=\"pass\">cited</span>"
                    : " <span class=\"fail\">not cited</span>")
            .append("</li>\n");
      }
      html.append("</ul>\n");
    }
    if (!result.metrics().isEmpty()) {
      html.append("<h3>Case metrics</h3>\n<table>\n");
      for (Map.Entry<String, Double> metric : result.metrics().entrySet()) {
        row(
            html,
            escape(metric.getKey()),
            metric.getValue() == null ? "—" : number(metric.getValue()));
      }
      html.append("</table>\n");
    }
  }

  private static void citations(StringBuilder html, CaseResult result) {
    html.append("<h3>Citations</h3>\n");
    if (result.citations().isEmpty()) {
      html.append("<p>None.</p>\n");
      return;
    }
    html.append(
        "<table>\n<tr><th>Document</th><th>Title</th><th>Snippet</th><th>Expected</th></tr>\n");
    for (CaseResult.Citation citation : result.citations()) {
      boolean expected = result.expectedSources().contains(citation.documentId());
      html.append("<tr><td>")
          .append(escape(orDash(citation.documentId())))
          .append("</td><td>")
          .append(escape(orDash(citation.title())))
          .append("</td><td>")
          .append(escape(orDash(citation.snippet())))
          .append("</td><td>")
          .append(expected ? "yes" : "no")
          .append("</td></tr>\n");
    }
    html.append("</table>\n");
  }

  private static void sentences(StringBuilder html, CaseResult result) {
    if (result.sentences().isEmpty()) {
      return;
    }
    html.append(
        "<h3>Sentences</h3>\n<table>\n<tr><th>Sentence</th><th>States a fact</th>"
            + "<th>Cites</th><th>Supported by</th></tr>\n");
    for (CaseResult.Sentence sentence : result.sentences()) {
      boolean unsupportedFact = sentence.statesFact() && !sentence.supported();
      html.append("<tr><td>")
          .append(escape(sentence.text()))
          .append("</td><td>")
          .append(sentence.statesFact() ? "yes" : "no")
          .append("</td><td>")
          .append(escape(orDash(String.join(", ", sentence.citedDocuments()))))
          .append("</td><td")
          .append(unsupportedFact ? " class=\"fail\">" : ">")
          .append(
              sentence.supported()
                  ? escape(String.join(", ", sentence.supportingDocuments()))
                  : "none")
          .append("</td></tr>\n");
    }
    html.append("</table>\n");
  }

  /** What the shadow held, or why the suite's shadow cases were not run or failed. */
  private static String shadow(ShadowSummary shadow) {
    StringBuilder text = new StringBuilder();
    switch (shadow.status()) {
      case ShadowSummary.CREATED ->
          text.append(
              String.format(
                  Locale.ROOT,
                  "%s: %d chunks copied, %d documents planted (%d chunks), %d chunks flagged; %s",
                  shadow.shadow(),
                  shadow.copiedChunks(),
                  shadow.plantedDocuments(),
                  shadow.plantedChunks(),
                  shadow.flaggedChunks(),
                  shadow.deleted() ? "deleted" : "not deleted"));
      case ShadowSummary.NOT_ENABLED ->
          text.append("shadows are not enabled on the runtime: the shadow cases were not run");
      default -> text.append("no shadow: the shadow cases failed");
    }
    if (shadow.note() != null) {
      text.append(" — ").append(shadow.note());
    }
    return text.toString();
  }

  private static String judge(JudgeSummary judge) {
    StringBuilder text = new StringBuilder(orDash(judge.judge()));
    if (judge.checkKappa() != null) {
      text.append(
          String.format(
              Locale.ROOT,
              "; agreement with %d labels: accuracy %.3f, kappa %.3f",
              judge.checkItems(),
              judge.checkAccuracy(),
              judge.checkKappa()));
    }
    text.append("; ").append(judge.verdicts()).append(" verdicts");
    if (judge.noVerdicts() > 0) {
      text.append(", ").append(judge.noVerdicts()).append(" without a usable verdict");
    }
    return text.toString();
  }

  private static String tags(List<String> tags) {
    if (tags.isEmpty()) {
      return "—";
    }
    StringBuilder out = new StringBuilder();
    for (String tag : tags) {
      out.append("<span class=\"tag\">").append(escape(tag)).append("</span>");
    }
    return out.toString();
  }

  /** {@code label} and {@code value} must already be escaped. */
  private static void row(StringBuilder html, String label, String value) {
    html.append("<tr><th>").append(label).append("</th><td>").append(value).append("</td></tr>\n");
  }

  private static String spread(MetricResult metric) {
    StringBuilder out = new StringBuilder();
    if (metric.spread() != null) {
      out.append("± ").append(number(metric.spread()));
    }
    if (metric.ciLow() != null && metric.ciHigh() != null) {
      if (out.length() > 0) {
        out.append(' ');
      }
      out.append('[')
          .append(number(metric.ciLow()))
          .append(", ")
          .append(number(metric.ciHigh()))
          .append(']');
    }
    return out.length() == 0 ? "—" : out.toString();
  }

  private static String statusClass(MetricResult metric) {
    if (!metric.hasThreshold()) {
      return "none";
    }
    return metric.passed() ? "pass" : "fail";
  }

  private static double x(double value, double max) {
    return Math.max(0, Math.min(BAR_WIDTH, value / max * BAR_WIDTH));
  }

  private static double finiteOrZero(double value) {
    return Double.isFinite(value) ? value : 0;
  }

  private static String coordinate(double value) {
    return String.format(Locale.ROOT, "%.1f", value);
  }

  private static String number(double value) {
    return String.format(Locale.ROOT, "%.3f", value);
  }

  private static String orDash(String value) {
    return value == null || value.isEmpty() ? "—" : value;
  }

  /**
   * Escapes text for HTML element content and quoted attribute values. Characters HTML cannot carry
   * (controls other than tab, newline and carriage return) become U+FFFD.
   */
  static String escape(String text) {
    if (text == null) {
      return "";
    }
    StringBuilder out = new StringBuilder(text.length() + 16);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> {
          if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' || c == 0x7F) {
            out.append('\uFFFD');
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.toString();
  }
}
