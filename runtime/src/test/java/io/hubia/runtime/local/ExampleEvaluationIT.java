package io.hubia.runtime.local;

import static java.nio.file.StandardCopyOption.REPLACE_EXISTING;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.hubia.api.config.EvaluationThresholdsFile;
import io.hubia.api.v1alpha1.AgentWorkflow;
import io.hubia.api.v1alpha1.spec.EvaluationSpec;
import io.hubia.api.v1alpha1.spec.EvaluationSuite;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The evaluation of the example workflows, as the README's test command runs it: local mode on
 * {@code examples/federation}, then the evaluation command ({@link EvalCommand}, what a user runs
 * and what the operator's evaluation Job runs) against it over HTTP, with each workflow's own
 * {@code spec.evaluation}: its suites, its golden set (read from {@code eval/golden/}, which the
 * runtime image carries under {@code /opt/hubia/golden}), its repeats and its thresholds, rendered
 * by the operator's {@link EvaluationThresholdsFile}. A change that breaks citations, fallbacks,
 * rights or injection resistance puts a metric under its threshold and fails the build. The reports
 * stay in {@code runtime/target/eval/<workflow>/} (JSON, JUnit XML, HTML, and the summary a Job
 * leaves in its termination message).
 */
class ExampleEvaluationIT {
  private static final Path GOLDEN = LocalModeProcess.ROOT.resolve("eval/golden");
  private static final Path EXAMPLES = LocalModeProcess.ROOT.resolve("examples/federation");
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
  @ValueSource(strings = {"agentworkflow.yaml", "agentworkflow-public.yaml"})
  void theExampleWorkflowMeetsTheThresholdsOfItsSpec(String file) throws Exception {
    AgentWorkflow workflow =
        new KubernetesSerialization()
            .unmarshal(
                Files.readString(EXAMPLES.resolve(file), StandardCharsets.UTF_8),
                AgentWorkflow.class);
    String name = workflow.getMetadata().getName();
    EvaluationSpec spec = workflow.getSpec().getEvaluation();
    assertThat(spec).as("%s has spec.evaluation", file).isNotNull();
    Path out = Path.of("target", "eval", name);
    Files.createDirectories(out);
    Path thresholds = out.resolve("thresholds.yaml");
    Files.writeString(thresholds, EvaluationThresholdsFile.render(spec), StandardCharsets.UTF_8);

    List<String> args = new ArrayList<>(List.of("--workflow", name));
    for (EvaluationSuite suite : spec.getSuites()) {
      if (suite == EvaluationSuite.Golden) {
        Path source =
            GOLDEN.resolve(Path.of(spec.getGoldenSet().getPath()).getFileName().toString());
        assertThat(source).as("the golden set the image carries").isRegularFile();
        // named golden.yaml as the Job mounts it, so that its suite is "golden"
        Path golden = Files.copy(source, out.resolve("golden.yaml"), REPLACE_EXISTING);
        args.addAll(List.of("--golden", golden.toString()));
      } else {
        args.addAll(List.of("--suite", suite.name()));
      }
    }
    args.addAll(List.of("--thresholds", thresholds.toString()));
    args.addAll(List.of("--repeats", String.valueOf(spec.getRepeats())));
    Path summary = out.resolve("summary.json");
    args.addAll(List.of("--summary", summary.toString()));
    String table = evaluate(out, args.toArray(String[]::new));

    for (var threshold : spec.getThresholds()) {
      assertThat(table).as("every threshold of the spec is held").contains(threshold.getMetric());
    }
    String status = Files.readString(summary, StandardCharsets.UTF_8);
    assertThat(status.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(4000);
    assertThat(status).startsWith("{\"result\":\"Passed\"");
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
