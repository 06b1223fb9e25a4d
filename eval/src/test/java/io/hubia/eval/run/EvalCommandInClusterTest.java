package io.hubia.eval.run;

import static io.hubia.eval.run.RecordedRuntime.answer;
import static io.hubia.eval.run.RecordedRuntime.fallback;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command as the operator's evaluation Job runs it: signed tokens, the summary for the
 * termination message, the reports into a ConfigMap (fabric8's mock API server).
 */
@EnableKubernetesMockClient(crud = true, https = false)
class EvalCommandInClusterTest {
  private static final String ISSUER = "https://hubia.example.org/evaluation/hubia/assistant";
  private static final String GOLDEN =
      """
      cases:
        - id: cotisation
          question: "Combien coûte l'adhésion ?"
          caller: {subject: marie, claims: {antenne: lyon}}
          keyFacts: ["150 €"]
          expectedSources: ["national:cotisations.md"]
        - id: meteo
          question: "Quel temps fait-il à Lyon ?"
          caller: {subject: paul}
          mustFallBack: true
      """;

  static KubernetesMockServer server;
  static KubernetesClient client;
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  private RecordedRuntime runtime;
  private KeyPair key;
  private Path keyFile;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @BeforeEach
  void start() throws Exception {
    runtime = new RecordedRuntime();
    runtime
        .on(
            "Combien coûte l'adhésion ?",
            answer("L'adhésion coûte 150 € [1].", "national:cotisations.md"))
        .on("Quel temps fait-il à Lyon ?", fallback("no_evidence"));
    runtime.devIssuer = false;
    Files.writeString(dir.resolve("golden.yaml"), GOLDEN);
    Files.writeString(dir.resolve("thresholds.yaml"), "citation_recall: \">= 0.8\"\n");
    key = SignedTokensTest.rsa(2048);
    keyFile = SignedTokensTest.privateKeyFile(dir, key);
  }

  @AfterEach
  void stop() {
    runtime.close();
  }

  private int run(Map<String, String> env, String... args) throws InterruptedException {
    return EvalCommand.run(
        args,
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8),
        env);
  }

  private String[] jobArgs(String... extra) {
    List<String> all =
        new ArrayList<>(
            List.of(
                "--runtime",
                runtime.url().toString(),
                "--workflow",
                "assistant",
                "--golden",
                dir.resolve("golden.yaml").toString(),
                "--thresholds",
                dir.resolve("thresholds.yaml").toString(),
                "--signing-key",
                keyFile.toString(),
                "--token-issuer",
                ISSUER,
                "--token-audience",
                "hubia-runtime",
                "--out",
                dir.resolve("evaluation").toString(),
                "--summary",
                dir.resolve("termination-log").toString()));
    all.addAll(List.of(extra));
    return all.toArray(String[]::new);
  }

  private JsonNode summary() throws Exception {
    byte[] bytes = Files.readAllBytes(dir.resolve("termination-log"));
    assertThat(bytes.length).isLessThanOrEqualTo(StatusSummary.MAX_BYTES);
    return JSON.readTree(bytes);
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void asksWithSignedTokensAndLeavesASummaryAndTheReportsInTheConfigMap() throws Exception {
    String configMap = "assistant-evaluation-report";
    client
        .configMaps()
        .inNamespace("hubia")
        .resource(
            new ConfigMapBuilder()
                .withNewMetadata()
                .withName(configMap)
                .withNamespace("hubia")
                .endMetadata()
                .build())
        .create();
    Path account = dir.resolve("serviceaccount");
    Files.createDirectories(account);
    Files.writeString(account.resolve("token"), "sa-token");
    Files.writeString(account.resolve("namespace"), "hubia");
    Map<String, String> env =
        Map.of(
            ReportConfigMap.API_URL_ENV, server.url("/"),
            ReportConfigMap.SERVICE_ACCOUNT_ENV, account.toString());

    int code = run(env, jobArgs("--report-configmap", configMap));

    assertThat(code).as(err()).isZero();
    assertThat(runtime.tokenSubjects).as("no dev token asked").isEmpty();
    assertThat(runtime.authorizations).hasSize(2);
    List<String> subjects = new ArrayList<>();
    for (String authorization : runtime.authorizations) {
      assertThat(authorization).startsWith("Bearer ");
      String token = authorization.substring("Bearer ".length());
      assertThat(SignedTokensTest.verifies(token, key.getPublic())).isTrue();
      JsonNode claims = SignedTokensTest.part(token, 1);
      assertThat(claims.get("iss").asText()).isEqualTo(ISSUER);
      assertThat(claims.get("aud").asText()).isEqualTo("hubia-runtime");
      subjects.add(claims.get("sub").asText());
      assertThat(err()).doesNotContain(token.substring(0, 30));
      assertThat(out.toString(StandardCharsets.UTF_8)).doesNotContain(token.substring(0, 30));
    }
    assertThat(subjects).containsExactly("marie", "paul");

    JsonNode summary = summary();
    assertThat(summary.get("result").asText()).isEqualTo("Passed");
    assertThat(summary.get("score").asDouble()).isEqualTo(1.0);
    assertThat(summary.at("/suites/0/name").asText()).isEqualTo("golden");
    assertThat(summary.at("/suites/0/cases").asInt()).isEqualTo(2);
    assertThat(summary.at("/suites/0/passed").asBoolean()).isTrue();
    assertThat(summary.at("/suites/0/metrics/0/name").asText()).isNotBlank();

    ConfigMap stored = client.configMaps().inNamespace("hubia").withName(configMap).get();
    assertThat(stored.getData().get("report.json"))
        .isEqualTo(Files.readString(dir.resolve("evaluation/report.json")));
    assertThat(stored.getData().get("report.html")).contains("<html");
    assertThat(stored.getMetadata().getAnnotations()).containsKey(ReportConfigMap.EVALUATED_AT);
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("Reports in ConfigMap hubia/" + configMap);
  }

  @Test
  void aReportThatCannotBeWrittenDoesNotChangeTheExitCodeNorTheSummary() throws Exception {
    // no case has an expected answer: nothing measures exact_match, so its threshold fails
    Files.writeString(dir.resolve("thresholds.yaml"), "exact_match: 0.99\n");

    int code = run(Map.of(), jobArgs("--report-configmap", "assistant-evaluation-report"));

    assertThat(code).as(err()).isEqualTo(1);
    assertThat(err())
        .contains(
            "warning: the reports could not be put into ConfigMap assistant-evaluation-report")
        .contains("KUBERNETES_SERVICE_HOST");
    JsonNode summary = summary();
    assertThat(summary.get("result").asText()).isEqualTo("Failed");
    assertThat(summary.at("/suites/0/passed").asBoolean()).isFalse();
  }

  @Test
  void whenTheEvaluationCannotRunTheSummarySaysWhyWithoutTheKey() throws Exception {
    String keyText = Files.readString(keyFile);
    Files.writeString(keyFile, keyText.replace("PRIVATE KEY", "RSA PRIVATE KEY"));

    assertThat(run(Map.of(), jobArgs())).isEqualTo(2);

    JsonNode summary = summary();
    assertThat(summary.get("result").asText()).isEqualTo("Error");
    assertThat(summary.get("message").asText())
        .contains(keyFile.toString())
        .contains("PKCS#1")
        .doesNotContain(keyText.split("\n")[1].substring(0, 16));
    assertThat(err()).doesNotContain(keyText.split("\n")[1].substring(0, 16));
    assertThat(runtime.askedPaths).isEmpty();

    // even when the arguments do not parse
    assertThat(run(Map.of(), jobArgs("--repeats", "zero"))).isEqualTo(2);
    assertThat(summary().get("message").asText()).contains("--repeats must be a whole number");
  }

  @Test
  void signingOptionsGoTogether() throws Exception {
    String golden = dir.resolve("golden.yaml").toString();
    String url = runtime.url().toString();
    assertThat(
            run(
                Map.of(),
                "--runtime",
                url,
                "--workflow",
                "w",
                "--golden",
                golden,
                "--token-issuer",
                ISSUER))
        .isEqualTo(2);
    assertThat(err()).contains("--token-issuer and --token-audience need --signing-key");
    assertThat(
            run(
                Map.of(),
                "--runtime",
                url,
                "--workflow",
                "w",
                "--golden",
                golden,
                "--signing-key",
                keyFile.toString()))
        .isEqualTo(2);
    assertThat(err()).contains("--signing-key needs --token-issuer");
    assertThat(run(Map.of(), jobArgs("--dev-tokens"))).isEqualTo(2);
    assertThat(err()).contains("not several");
    assertThat(run(Map.of(), jobArgs("--report-configmap", "Not_Valid"))).isEqualTo(2);
    assertThat(err()).contains("--report-configmap must be a ConfigMap name");
    Path small = dir.resolve("small");
    Files.createDirectories(small);
    assertThat(
            run(
                Map.of(),
                jobArgs(
                    "--signing-key",
                    SignedTokensTest.privateKeyFile(small, SignedTokensTest.rsa(1024)).toString())))
        .isEqualTo(2);
    assertThat(err()).contains("at least 2048 bits");
    assertThat(runtime.askedPaths).isEmpty();
  }
}
