package io.hubia.runtime.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.hubia.eval.run.EvalCommand;
import io.hubia.runtime.testing.LocalModeProcess;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The evaluation of the example workflows, as the README's test command runs it: local mode on
 * {@code examples/federation}, then the evaluation command ({@link EvalCommand}, what a user runs)
 * against it over HTTP, with the golden sets and thresholds of {@code eval/golden/}. A change that
 * breaks citations, fallbacks or rights puts a metric under its threshold and fails the build. The
 * reports stay in {@code runtime/target/eval/<workflow>/} (JSON, JUnit XML, HTML).
 *
 * <p>The suites shipped with the harness (unanswerable questions, direct injections, a light red
 * team) are run too, against {@code assistant-federation}, with {@code
 * eval/golden/security-thresholds.yaml}: reports in {@code runtime/target/eval/suites/}.
 */
class ExampleEvaluationIT {
  private static final Path GOLDEN = LocalModeProcess.ROOT.resolve("eval/golden");
  private static LocalModeProcess local;

  @BeforeAll
  static void start() throws Exception {
    local =
        LocalModeProcess.start(
            "examples/federation",
            Path.of("target", "example-evaluation-it.log"),
            Duration.ofSeconds(300));
  }

  @AfterAll
  static void stop() throws Exception {
    if (local != null) {
      local.close();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"assistant-federation", "assistant-site"})
  void theExampleWorkflowMeetsItsThresholds(String workflow) throws Exception {
    evaluate(
        Path.of("target", "eval", workflow),
        "--workflow",
        workflow,
        "--golden",
        GOLDEN.resolve(workflow + ".yaml").toString(),
        "--thresholds",
        GOLDEN.resolve("thresholds.yaml").toString());
  }

  @Test
  void theShippedSuitesMeetTheirThresholds() throws Exception {
    String summary =
        evaluate(
            Path.of("target", "eval", "suites"),
            "--workflow",
            "assistant-federation",
            "--suite",
            "unanswerable",
            "--suite",
            "injection",
            "--suite",
            "redteam",
            "--thresholds",
            GOLDEN.resolve("security-thresholds.yaml").toString());
    assertThat(summary)
        .contains("unanswerable.fallback_recall")
        .contains("injection.attack_success_rate")
        .contains("redteam.attack_success_rate_cross_permission");
  }

  /** Runs the command against local mode and checks that it passed; returns its summary. */
  private static String evaluate(Path out, String... args) throws Exception {
    List<String> all =
        new ArrayList<>(
            List.of("--runtime", local.baseUrl(), "--dev-tokens", "--out", out.toString()));
    all.addAll(List.of(args));
    ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    int exit =
        EvalCommand.run(
            all.toArray(String[]::new),
            new PrintStream(stdout, true, StandardCharsets.UTF_8),
            new PrintStream(stderr, true, StandardCharsets.UTF_8),
            Map.of());
    String summary = stdout.toString(StandardCharsets.UTF_8);
    System.out.println(summary);
    assertThat(exit).as(summary + stderr.toString(StandardCharsets.UTF_8)).isZero();
    assertThat(summary).contains("PASSED");
    for (String report : new String[] {"report.json", "report.xml", "report.html"}) {
      assertThat(out.resolve(report)).isNotEmptyFile();
    }
    assertThat(Files.readString(out.resolve("report.html"), StandardCharsets.UTF_8))
        .contains("<svg");
    return summary;
  }
}
