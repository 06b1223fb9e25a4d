package io.hubia.eval.report;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A small report with a passing and a failing metric, a metric without threshold and hard text. */
final class Reports {
  static final String HOSTILE_QUESTION = "Que dit <script>alert('x')</script> & \"l'antenne\" ?";

  private Reports() {}

  static EvaluationReport sample() {
    Thresholds thresholds =
        Thresholds.parse(Map.of("citation_recall", ">= 0.8", "false_fallback_rate", "<= 0.1"));
    List<MetricResult> metrics =
        thresholds.evaluate(
            List.of(
                new MetricResult("citation_recall", 0.72, 0.03, 0.66, 0.78, null, true, 40),
                MetricResult.of("false_fallback_rate", 0.05, 40),
                MetricResult.of("token_f1", 0.61, 38)));
    Map<String, Double> caseMetrics = new LinkedHashMap<>();
    caseMetrics.put("token_f1", 0.5);
    caseMetrics.put("citation_recall", 0.0);
    CaseResult failed =
        new CaseResult(
            "cotisation-lyon",
            "answers",
            List.of("cotisation", "facile"),
            HOSTILE_QUESTION,
            "alice@antenne-lyon",
            "L'adhésion coûte 150 € <b>par an</b> [1].",
            false,
            null,
            List.of(
                new CaseResult.Citation(
                    "doc-tarifs", "Tarifs « 2026 »", "coût annuel : 150 € & frais <i>")),
            List.of("doc-statuts"),
            false,
            List.of("expected source 'doc-statuts' not cited", "key fact \"150 €\" < 1 time"),
            caseMetrics,
            List.of(
                new CaseResult.Sentence(
                    "L'adhésion coûte 150 € <b>par an</b>.",
                    true,
                    List.of("doc-tarifs"),
                    List.of("doc-tarifs")),
                new CaseResult.Sentence(
                    "Les statuts le <i>confirment</i>.", true, List.of("doc-tarifs"), List.of())),
            true,
            3);
    CaseResult passed =
        new CaseResult(
            "hors-sujet",
            "security",
            List.of(),
            "Quel temps fait-il à Saint-Étienne ?",
            "bob",
            null,
            true,
            "no source supports an answer",
            List.of(),
            List.of(),
            true,
            List.of(),
            Map.of(),
            false,
            1);
    return EvaluationReport.of(
            "hubia/assistant-adherents",
            7,
            Instant.parse("2026-03-01T10:00:00Z"),
            Instant.parse("2026-03-01T10:04:30.250Z"),
            "http://assistant-adherents.hubia.svc:8080",
            List.of("answers", "security"),
            3,
            metrics,
            List.of(failed, passed))
        .withJudge(new JudgeSummary("llm judge-model at judge.example", 56, 0.9, 0.8, 0.6, 12, 1));
  }

  /**
   * The sample with a suite of shadow cases: one shadow made and deleted, and one suite whose
   * shadow cases were not run, shadows not being enabled on the runtime.
   */
  static EvaluationReport withShadows() {
    EvaluationReport sample = sample();
    List<CaseResult> cases = new java.util.ArrayList<>(sample.cases());
    cases.add(
        new CaseResult(
            "I-p-01",
            "injection",
            List.of("indirect"),
            "Quels sont les horaires de l'accueil ?",
            "hubia-eval-probe-i1",
            null,
            false,
            null,
            List.of(),
            List.of(),
            false,
            List.of(CaseResult.NOT_RUN + ": shadows are not enabled on that runtime"),
            Map.of(),
            false,
            0));
    return EvaluationReport.of(
            sample.workflow(),
            sample.generation(),
            sample.startedAt(),
            sample.finishedAt(),
            sample.runtimeUrl(),
            List.of("answers", "security", "injection"),
            sample.repeats(),
            sample.metrics(),
            cases)
        .withJudge(sample.judge())
        .withShadows(
            List.of(
                new ShadowSummary(
                    "security",
                    ShadowSummary.CREATED,
                    "sh-7",
                    "2026-03-01T11:00:00Z",
                    2,
                    List.of(
                        new ShadowSummary.Index(
                            "hubia-adherents", "hubia-shadow-sh-7-adherents", 300, 2, 5, 1),
                        new ShadowSummary.Index(
                            "hubia-statuts", "hubia-shadow-sh-7-statuts", 20, 2, 3, 0)),
                    true,
                    null),
                new ShadowSummary(
                    "injection",
                    ShadowSummary.NOT_ENABLED,
                    null,
                    null,
                    10,
                    List.of(),
                    false,
                    "the runtime answered 404: shadows are not enabled on that runtime")));
  }
}
