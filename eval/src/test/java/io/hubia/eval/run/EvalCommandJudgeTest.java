package io.hubia.eval.run;

import static io.hubia.eval.run.RecordedRuntime.answer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.hubia.eval.judge.ReplayedModel;
import io.hubia.eval.report.EvaluationReport;
import io.hubia.eval.report.JsonReportWriter;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --judge}: the lexical default, and an LLM judge checked against the labels first. */
class EvalCommandJudgeTest {
  private static final String GOLDEN =
      """
      cases:
        - id: cotisation
          question: "Combien coûte l'adhésion ?"
          caller: {subject: marie}
          expectedSources: ["national:cotisations.md"]
      """;
  private static final Map<String, String> ENV = Map.of("HUBIA_JUDGE_API_KEY", "sk-secret-42");

  @TempDir Path dir;
  private RecordedRuntime runtime;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @BeforeEach
  void start() throws Exception {
    runtime = new RecordedRuntime();
    // RecordedRuntime's citations carry the snippet "extrait", which supports nothing.
    runtime.on(
        "Combien coûte l'adhésion ?",
        answer("L'adhésion coûte 150 € [1]. Merci de votre question.", "national:cotisations.md"));
    Files.writeString(dir.resolve("golden.yaml"), GOLDEN);
  }

  @AfterEach
  void stop() {
    runtime.close();
  }

  private int run(String... extra) throws InterruptedException {
    List<String> args =
        new ArrayList<>(
            List.of(
                "--runtime",
                runtime.url().toString(),
                "--workflow",
                "w",
                "--golden",
                dir.resolve("golden.yaml").toString(),
                "--out",
                dir.resolve("out").toString()));
    args.addAll(List.of(extra));
    return EvalCommand.run(
        args.toArray(String[]::new),
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8),
        ENV);
  }

  private EvaluationReport report() throws Exception {
    return JsonReportWriter.read(Files.readString(dir.resolve("out/report.json")));
  }

  private String printed() {
    return out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void theLexicalJudgeIsTheDefaultAndItsAgreementIsRecorded() throws Exception {
    assertThat(run()).isZero();

    EvaluationReport report = report();
    assertThat(report.judge().judge()).isEqualTo("lexical");
    assertThat(report.judge().checkItems()).isEqualTo(56);
    assertThat(report.judge().checkKappa()).isGreaterThan(0.6);
    assertThat(report.judge().verdicts()).isEqualTo(1);
    assertThat(report.judge().noVerdicts()).isZero();
    // One sentence with a marker (unsupported by "extrait"), one courtesy sentence: no fact.
    assertThat(report.metrics())
        .filteredOn(m -> m.name().equals("citation_precision") || m.name().equals("groundedness"))
        .extracting(m -> m.value())
        .containsExactly(0.0, 0.0);
    assertThat(report.cases().get(0).sentences())
        .extracting(s -> s.text())
        .containsExactly("L'adhésion coûte 150 €.", "Merci de votre question.");
    assertThat(report.cases().get(0).sentences())
        .extracting(s -> s.statesFact())
        .containsExactly(true, false);
  }

  @Test
  void anLlmJudgeUnderTheBarIsRefusedBeforeAnyQuestion() throws Exception {
    try (ReplayedModel model = new ReplayedModel().always("{\"supported\": true}")) {
      int exit =
          run("--judge", "llm", "--judge-endpoint", model.url().toString(), "--judge-model", "m");

      assertThat(exit).isEqualTo(EvalCommand.USAGE);
      assertThat(err.toString(StandardCharsets.UTF_8))
          .contains("the LLM judge llm m at 127.0.0.1 agrees too little with the human labels")
          .contains("kappa 0.000 is under 0.6");
      assertThat(runtime.askedPaths).isEmpty();
      assertThat(model.requests).hasSize(56);
      assertThat(model.requests.get(0).authorization()).isEqualTo("Bearer sk-secret-42");
      assertThat(printed()).doesNotContain("sk-secret-42");
    }
  }

  @Test
  void anLlmJudgeOverTheBarJudgesTheRunAndIsRecorded() throws Exception {
    try (ReplayedModel model =
        ReplayedModel.replayingRecordedVerdicts().otherwise("{\"supported\": true}")) {
      int exit =
          run("--judge", "llm", "--judge-endpoint", model.url().toString(), "--judge-model", "m");

      assertThat(exit).as(printed()).isZero();
      EvaluationReport report = report();
      assertThat(report.judge().judge()).isEqualTo("llm m at 127.0.0.1");
      assertThat(report.judge().checkKappa()).isCloseTo(0.8570, within(1e-4));
      assertThat(report.judge().minKappa()).isEqualTo(0.6);
      assertThat(report.judge().verdicts()).isEqualTo(1);
      assertThat(report.cases().get(0).sentences().get(0).supportingDocuments())
          .containsExactly("national:cotisations.md");
      assertThat(printed())
          .contains("kappa 0.857 on 56 labelled pairs")
          .doesNotContain("sk-secret-42");
    }
  }

  @Test
  void judgeOptionsAreChecked() throws Exception {
    assertThat(run("--judge", "oracle")).isEqualTo(EvalCommand.USAGE);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("--judge must be lexical or llm, not 'oracle'");
    assertThat(run("--judge", "llm", "--judge-model", "m")).isEqualTo(EvalCommand.USAGE);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("--judge llm needs --judge-endpoint and --judge-model");
    assertThat(run("--judge-model", "m")).isEqualTo(EvalCommand.USAGE);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("--judge-endpoint and --judge-model are for --judge llm");
    assertThat(run("--judge", "llm", "--judge-endpoint", "ftp://x", "--judge-model", "m"))
        .isEqualTo(EvalCommand.USAGE);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("--judge-endpoint must be an http(s) URL");
    assertThat(runtime.askedPaths).isEmpty();
  }
}
