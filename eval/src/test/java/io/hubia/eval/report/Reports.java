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
}
