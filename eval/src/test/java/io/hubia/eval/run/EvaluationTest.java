package io.hubia.eval.run;

import static io.hubia.eval.run.RecordedRuntime.answer;
import static io.hubia.eval.run.RecordedRuntime.fallback;
import static io.hubia.eval.run.RecordedRuntime.problem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hubia.eval.GoldenCase;
import io.hubia.eval.report.CaseResult;
import io.hubia.eval.report.EvaluationReport;
import io.hubia.eval.report.MetricResult;
import io.hubia.eval.report.ReportOutcome;
import io.hubia.eval.report.Thresholds;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A whole run against {@link RecordedRuntime}, a loopback server of recorded runtime replies. */
class EvaluationTest {
  private static final String COTISATION = "Combien coûte l'adhésion ?";
  private static final String METEO = "Quel temps fait-il à Lyon ?";
  private static final String CONGES = "Combien de jours de congés par mois ?";

  private RecordedRuntime runtime;
  private RuntimeClient client;
  private final List<String> progress = new ArrayList<>();

  @BeforeEach
  void start() throws IOException {
    runtime = new RecordedRuntime();
    client = RuntimeClient.create(runtime.url(), Duration.ofSeconds(5), Duration.ofSeconds(5));
  }

  @AfterEach
  void stop() {
    runtime.close();
  }

  private static GoldenCase golden(
      String id, String question, String subject, List<String> sources, boolean mustFallBack) {
    return new GoldenCase(
        id,
        question,
        null,
        new GoldenCase.Caller(subject, Map.of("antenne", "lyon")),
        null,
        List.of(),
        sources,
        mustFallBack,
        List.of(),
        List.of("t"));
  }

  private Evaluation evaluation(int repeats, Thresholds thresholds) {
    return new Evaluation(
        client,
        new DevTokens(client),
        "assistant-federation",
        repeats,
        thresholds,
        Clock.systemUTC(),
        progress::add);
  }

  @Test
  void runsEveryCaseRepeatedlyAndMarksFlakyCases() throws Exception {
    runtime
        .on(COTISATION, answer("150 € [1].", "national:cotisations.md"))
        .on(METEO, fallback("no_evidence"))
        .on(CONGES, answer("2,5 jours [1].", "national:conges.md"), fallback("low_relevance"));
    List<Evaluation.Suite> suites =
        List.of(
            new Evaluation.Suite(
                "federation",
                List.of(
                    golden(
                        "cotisation",
                        COTISATION,
                        "marie",
                        List.of("national:cotisations.md"),
                        false),
                    golden("meteo", METEO, "marie", List.of(), true))),
            new Evaluation.Suite(
                "conges",
                List.of(golden("conges", CONGES, "paul", List.of("national:conges.md"), false))));

    EvaluationReport report =
        evaluation(2, Thresholds.parse(Map.of("cases_passed_share", ">= 0.9"))).run(suites);

    assertThat(report.workflow()).isEqualTo("assistant-federation");
    assertThat(report.suites()).containsExactly("federation", "conges");
    assertThat(report.repeats()).isEqualTo(2);
    assertThat(runtime.askedPaths).hasSize(6);
    assertThat(runtime.tokenSubjects).containsExactly("marie", "paul");
    assertThat(runtime.authorizations).contains("Bearer tok-marie", "Bearer tok-paul");
    assertThat(progress).hasSize(6).first().asString().startsWith("[1/6] cotisation: pass");

    CaseResult conges = report.cases().get(2);
    assertThat(conges.suite()).isEqualTo("conges");
    assertThat(conges.flaky()).isTrue();
    assertThat(conges.passed()).isFalse();
    assertThat(conges.attempts()).isEqualTo(2);
    assertThat(conges.failureReasons())
        .containsExactly(
            "attempt 2: fell back (low_relevance), but the case expects an answer",
            "attempt 2: cited none of the expected sources (national:conges.md)");
    assertThat(conges.metrics()).containsEntry("citation_recall", 0.5).containsKey("latency_ms");
    CaseResult meteo = report.cases().get(1);
    assertThat(meteo.passed()).isTrue();
    assertThat(meteo.fallback()).isTrue();
    assertThat(meteo.fallbackReason()).isEqualTo("no_evidence");

    MetricResult passed = metric(report, "cases_passed_share");
    assertThat(passed.value()).isCloseTo(5.0 / 6, org.assertj.core.api.Assertions.within(1e-9));
    assertThat(passed.status()).isEqualTo("fail");
    assertThat(metric(report, "false_fallback_rate").value()).isEqualTo(0.25);
    assertThat(metric(report, "fallback_recall").value()).isEqualTo(1.0);
    assertThat(metric(report, "citation_recall").value()).isEqualTo(0.75);
    assertThat(metric(report, "citation_recall").spread()).isNotNull();
    assertThat(report.passed()).isFalse();
    assertThat(ReportOutcome.exitCode(report)).isEqualTo(ReportOutcome.FAILED);
  }

  @Test
  void anErrorFailsItsCaseAndTheRunGoesOn() throws Exception {
    runtime
        .on(COTISATION, problem(503, "audit-unavailable", Map.of()))
        .on(METEO, fallback("no_evidence"));

    EvaluationReport report =
        evaluation(1, Thresholds.none())
            .run(
                List.of(
                    new Evaluation.Suite(
                        "s",
                        List.of(
                            golden("cotisation", COTISATION, "marie", List.of("d"), false),
                            golden("meteo", METEO, "marie", List.of(), true)))));

    assertThat(report.cases().get(0).failureReasons())
        .containsExactly("runtime answered 503 (audit-unavailable): recorded audit-unavailable");
    assertThat(report.cases().get(0).answer()).isNull();
    assertThat(report.cases().get(1).passed()).isTrue();
    assertThat(metric(report, "cases_passed_share").value()).isEqualTo(0.5);
    assertThat(ReportOutcome.exitCode(report)).isEqualTo(ReportOutcome.PASSED);
  }

  @Test
  void noTokenStopsTheRun() {
    runtime.devIssuer = false;

    assertThatThrownBy(
            () ->
                evaluation(1, Thresholds.none())
                    .run(
                        List.of(
                            new Evaluation.Suite(
                                "s", List.of(golden("m", METEO, "marie", List.of(), true))))))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("not in local mode");
    assertThat(runtime.askedPaths).isEmpty();
  }

  private static MetricResult metric(EvaluationReport report, String name) {
    return report.metrics().stream().filter(m -> m.name().equals(name)).findFirst().orElseThrow();
  }
}
