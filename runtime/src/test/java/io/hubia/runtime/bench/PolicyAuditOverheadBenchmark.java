package io.hubia.runtime.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.agroal.api.AgroalDataSource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.hubia.api.config.RuntimeConfig;
import io.hubia.api.v1alpha1.AgentWorkflow;
import io.hubia.api.v1alpha1.PolicySet;
import io.hubia.api.v1alpha1.spec.FlaggedDocumentAction;
import io.hubia.api.v1alpha1.spec.InjectionDefenceSpec;
import io.hubia.api.v1alpha1.spec.Language;
import io.hubia.api.v1alpha1.spec.PersonalDataType;
import io.hubia.api.v1alpha1.spec.PolicySetSpec;
import io.hubia.api.v1alpha1.spec.ReadRule;
import io.hubia.api.v1alpha1.spec.RedactionSpec;
import io.hubia.api.v1alpha1.spec.RedactionTarget;
import io.hubia.runtime.agent.AskRetrievalSettings;
import io.hubia.runtime.agent.AskService;
import io.hubia.runtime.agent.SearchClients;
import io.hubia.runtime.answer.AnswerRequest;
import io.hubia.runtime.answer.Evidence;
import io.hubia.runtime.answer.EvidenceScorer;
import io.hubia.runtime.answer.ExtractiveAnswerer;
import io.hubia.runtime.answer.model.PromptBuilder;
import io.hubia.runtime.api.AskResponse;
import io.hubia.runtime.api.CitationView;
import io.hubia.runtime.approval.Approvals;
import io.hubia.runtime.audit.AuditConnection;
import io.hubia.runtime.audit.AuditDataSources;
import io.hubia.runtime.audit.AuditEvent;
import io.hubia.runtime.audit.AuditOptions;
import io.hubia.runtime.audit.AuditService;
import io.hubia.runtime.audit.AuditSettings;
import io.hubia.runtime.audit.AuditVerifier;
import io.hubia.runtime.config.ConfigSnapshot;
import io.hubia.runtime.config.ConfigWatcher;
import io.hubia.runtime.config.LoadedConfigWatcher;
import io.hubia.runtime.identity.Caller;
import io.hubia.runtime.identity.CallerAuthenticator;
import io.hubia.runtime.identity.DevIssuerSettings;
import io.hubia.runtime.identity.IdentitySettings;
import io.hubia.runtime.ingest.embed.Embedder;
import io.hubia.runtime.ingest.embed.InProcessEmbedder;
import io.hubia.runtime.local.LocalMode;
import io.hubia.runtime.local.LocalResources;
import io.hubia.runtime.policy.ReadAccess;
import io.hubia.runtime.policy.injection.InjectionDefence;
import io.hubia.runtime.policy.limits.LimitGate;
import io.hubia.runtime.policy.limits.LimitSettings;
import io.hubia.runtime.policy.limits.WorkflowLimits;
import io.hubia.runtime.policy.redaction.RedactionMetrics;
import io.hubia.runtime.policy.redaction.RedactionPolicy;
import io.hubia.runtime.policy.redaction.RedactionTally;
import io.hubia.runtime.testing.EmbeddedPostgresServer;
import io.hubia.runtime.testing.LocalModeProcess;
import io.hubia.runtime.testing.SettingsDefaults;
import io.hubia.search.EmbeddedOpenSearch;
import io.hubia.search.retrieve.HybridRetriever;
import io.hubia.search.retrieve.RetrievalRequest;
import io.hubia.search.retrieve.RetrievedChunk;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * What the policy and the audit trail add to {@code /ask}: its latency (p50, p95, mean) with and
 * without each, measured in the same run on the same corpus and questions, with the requests of the
 * four sides interleaved, and the cost of each policy layer on its own.
 *
 * <p>The runtime's own {@link AskService} is built in this JVM (as Quarkus would wire it) over the
 * example {@code examples/federation}, ingested into an embedded OpenSearch node by local mode's
 * own {@link LocalMode#ingestAndRender}, with its audit trail in an embedded PostgreSQL that
 * flushes every commit to disk as a production server does ({@link
 * EmbeddedPostgresServer#DURABLE}). "Without" is obtained without any switch in the runtime:
 *
 * <ul>
 *   <li>no policy: a twin workflow (same spec, same index) governed by the least a PolicySet can
 *       ask for: one read rule granting the caller's own four labels (nothing is readable without
 *       one), no limits, no question screening, flagged chunks not excluded, redaction of e-mail
 *       addresses in logs only (an empty redaction section means every kind, in logs and audit).
 *       The output checks always run: they are measured on their own below. The example's policy
 *       runs with its request limits raised out of reach, so that the gate counts every request but
 *       refuses none;
 *   <li>no audit: an {@link AuditService} of the test that drops the events (the runtime's own
 *       refuses to answer when it cannot write).
 * </ul>
 *
 * <p>Each round asks the 8 questions of {@link AskLatencyBenchmark} on the four sides in a rotated
 * order (one client, the Lyon branch member of the example), after unreported warm-up rounds; the
 * difference to the side with neither is taken pair by pair (same round, same question). Then each
 * policy layer is timed alone on every question's own inputs (its retrieved evidence and answer),
 * for both policies. Run with {@code ./mvnw -B -Pbench verify -pl runtime -am}; results on stdout
 * and in {@code target/bench/policy-audit-overhead.json}.
 */
class PolicyAuditOverheadBenchmark {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final KubernetesSerialization YAML = new KubernetesSerialization();

  static final String FULL = "assistant-federation";
  static final String MINIMAL = "assistant-federation-minimal";
  static final String MINIMAL_POLICY = "politique-minimale";
  static final int WARMUP_ROUNDS = Integer.getInteger("bench.warmupRounds", 3);
  static final int ROUNDS = Integer.getInteger("bench.rounds", 30);
  static final int LAYER_WARMUP = 100;
  static final int LAYER_REPS = Integer.getInteger("bench.layerReps", 300);
  static final List<String> QUESTIONS = AskLatencyBenchmark.QUESTIONS;
  static final int SEARCH_WARMUP = 5;
  static final int SEARCH_REPS = 40;
  static final int APPENDS_ALONE = 200;
  static final String APPENDS_ALONE_CHAIN = "audit-appends-back-to-back";
  static final List<String> STEPS =
      List.of("rewrite", "embed", "route", "retrieve", "score", "answer", "verify", "audit");

  /** A Lyon branch member, as in AskLatencyBenchmark: reads public, adherents, interne, Lyon. */
  static final Map<String, Object> CLAIMS =
      Map.of("realm_access", Map.of("roles", List.of("collaborateur")), "antenne", "lyon");

  static final List<String> LYON_LABELS = List.of("public", "adherents", "interne", "antenne:lyon");

  /** One side of the comparison: which service (audit or not) asks which workflow (policy). */
  record Variant(
      String name,
      boolean policy,
      boolean audit,
      AskService service,
      MeterRegistry registry,
      String workflow) {}

  /**
   * The audit trail of the "without" side: events are built and redacted, then dropped. Vetoed: the
   * Quarkus tests index the test classes, and this must never become a second AuditService bean.
   */
  @jakarta.enterprise.inject.Vetoed
  static final class DroppingAuditService extends AuditService {
    DroppingAuditService(AuditSettings settings, ConfigWatcher config, MeterRegistry registry) {
      super(settings, config, registry);
    }

    @Override
    public String append(AuditEvent event, AuditOptions options) {
      return UUID.randomUUID().toString();
    }
  }

  @Test
  void policyAndAuditOverheadOnAsk() throws Exception {
    long runStart = System.nanoTime();
    Path out = Path.of(System.getProperty("bench.outputDir", "target/bench"));
    Files.createDirectories(out);
    Map<String, Object> report = new LinkedHashMap<>();
    try (EmbeddedPostgresServer pg = EmbeddedPostgresServer.start(EmbeddedPostgresServer.DURABLE);
        EmbeddedOpenSearch node = EmbeddedOpenSearch.start()) {
      Path configs =
          new LocalMode(System.out)
              .ingestAndRender(
                  LocalResources.read(
                      benchFolder(LocalModeProcess.ROOT.resolve("examples/federation"))),
                  node.url(),
                  pg.jdbcUrl());

      ConfigWatcher config = LoadedConfigWatcher.of(configs, new SimpleMeterRegistry());
      CallerAuthenticator authenticator =
          new CallerAuthenticator(
              SettingsDefaults.of(IdentitySettings.class, Map.of()),
              SettingsDefaults.of(DevIssuerSettings.class, Map.of("enabled", true)),
              config);
      String authorization =
          "Bearer " + authenticator.devIssuer().orElseThrow().issue("bench", CLAIMS, null).token();
      SearchClients search = new SearchClients(new SimpleMeterRegistry());
      AuditSettings auditSettings =
          SettingsDefaults.of(
              AuditSettings.class, Map.of("jdbcUrl", pg.jdbcUrl(), "username", "postgres"));
      LimitSettings limitSettings = SettingsDefaults.of(LimitSettings.class, Map.of());
      SimpleMeterRegistry audited = new SimpleMeterRegistry();
      SimpleMeterRegistry unaudited = new SimpleMeterRegistry();
      AuditService audit = new AuditService(auditSettings, config, audited);
      audit.maintain(); // the schema migrated and the store probed, as the runtime does at start
      assertThat(audit.status().canWrite()).as(audit.status().toString()).isTrue();
      AuditService dropping = new DroppingAuditService(auditSettings, config, unaudited);
      AskService withAudit =
          new AskService(
              config,
              authenticator,
              audit,
              search,
              new LimitGate(audit, limitSettings, audited),
              new Approvals(audit, audited),
              audited);
      AskService withoutAudit =
          new AskService(
              config,
              authenticator,
              dropping,
              search,
              new LimitGate(dropping, limitSettings, unaudited),
              new Approvals(dropping, unaudited),
              unaudited);
      List<Variant> variants =
          List.of(
              new Variant("policy + audit", true, true, withAudit, audited, FULL),
              new Variant("policy, no audit", true, false, withoutAudit, unaudited, FULL),
              new Variant("audit, no policy", false, true, withAudit, audited, MINIMAL),
              new Variant("neither", false, false, withoutAudit, unaudited, MINIMAL));

      EndToEnd e2e = endToEnd(variants, authorization);
      report.put("setup", setup());
      report.put("endToEnd", e2e.figures());
      report.put("sameAnswersOnEverySide", e2e.sameAnswers());
      ConfigSnapshot fullSnapshot = config.snapshot(FULL).orElseThrow();
      List<Policy> policies =
          List.of(
              Policy.of(
                  fullSnapshot, new LimitGate(dropping, limitSettings, new SimpleMeterRegistry())),
              Policy.of(
                  config.snapshot(MINIMAL).orElseThrow(),
                  new LimitGate(dropping, limitSettings, new SimpleMeterRegistry())));
      Caller caller =
          authenticator.authenticate(
              authorization, fullSnapshot.config().getPolicy().getSpec().getIdentity());
      List<Inputs> inputs = inputs(fullSnapshot, caller, policies, search, e2e);
      Map<String, Object> layers = layers(policies, inputs);
      layers.put("flaggedChunksExcludedInSearch", flagExclusion(search, fullSnapshot, inputs));
      report.put("policyLayers", layers);
      report.put("auditTrail", auditTrail(pg, variants, audit, policies.get(0), inputs, e2e));
    }
    report.put("totalSeconds", round((System.nanoTime() - runStart) / 1e9, 1));
    String json = JSON.writeValueAsString(report);
    String table = table(report);
    Files.writeString(out.resolve("policy-audit-overhead.json"), json);
    Files.writeString(out.resolve("policy-audit-overhead.txt"), table);
    System.out.println(table);
    System.out.println("policy and audit overhead on /ask:\n" + json);
  }

  /**
   * The example's resources with its request limits raised out of reach, and a twin of {@value
   * #FULL} governed by {@value #MINIMAL_POLICY}: the least a PolicySet can ask for (class Javadoc).
   */
  static Path benchFolder(Path example) throws IOException {
    Path folder = Files.createTempDirectory("hubia-policy-audit");
    Path documents = example.resolve("documents-federation");
    try (Stream<Path> files = Files.walk(documents)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        Path target =
            folder.resolve("documents-federation").resolve(documents.relativize(file).toString());
        Files.createDirectories(target.getParent());
        Files.copy(file, target);
      }
    }
    Files.copy(example.resolve("retrievalindex.yaml"), folder.resolve("retrievalindex.yaml"));
    Files.copy(example.resolve("agentworkflow.yaml"), folder.resolve("agentworkflow.yaml"));

    PolicySet full = read(example.resolve("policyset.yaml"), PolicySet.class);
    // at most what the CRD allows: the gate counts every request and refuses none
    full.getSpec().getLimits().setRequestsPerMinutePerSubject(100_000);
    full.getSpec().getLimits().setRequestsPerMinutePerWorkflow(1_000_000);
    Files.writeString(folder.resolve("policyset.yaml"), YAML.asYaml(full));

    PolicySet minimal = read(example.resolve("policyset.yaml"), PolicySet.class);
    minimal.getMetadata().setName(MINIMAL_POLICY);
    PolicySetSpec spec = minimal.getSpec();
    spec.setDescription("The least a PolicySet asks for: the caller's labels, nothing else.");
    spec.setSubjects(new ArrayList<>());
    ReadRule everything = new ReadRule();
    everything.setSubjects(new ArrayList<>(List.of("*")));
    everything.setLabels(new ArrayList<>(LYON_LABELS));
    spec.setReadRules(new ArrayList<>(List.of(everything)));
    spec.setModels(null);
    spec.setLimits(null);
    RedactionSpec redaction = new RedactionSpec();
    redaction.setTypes(new ArrayList<>(List.of(PersonalDataType.Email)));
    redaction.setTargets(new ArrayList<>(List.of(RedactionTarget.Logs)));
    spec.setRedaction(redaction);
    InjectionDefenceSpec injection = new InjectionDefenceSpec();
    injection.setScreenQuestions(false);
    injection.setFlaggedDocuments(FlaggedDocumentAction.IncludeWithWarning);
    spec.setInjection(injection);
    Files.writeString(folder.resolve("policyset-minimal.yaml"), YAML.asYaml(minimal));

    AgentWorkflow twin = read(example.resolve("agentworkflow.yaml"), AgentWorkflow.class);
    twin.getMetadata().setName(MINIMAL);
    twin.getSpec().getPolicyRef().setName(MINIMAL_POLICY);
    Files.writeString(folder.resolve("agentworkflow-minimal.yaml"), YAML.asYaml(twin));
    return folder;
  }

  private static <T> T read(Path file, Class<T> type) throws IOException {
    return YAML.unmarshal(Files.readString(file), type);
  }

  /**
   * What the four sides measured.
   *
   * @param figures per side: latencies, ratios and paired differences to the side with neither, the
   *     runtime's step timers
   * @param sameAnswers whether every side gave each question the same reply (ids aside)
   * @param fullAnswers the reply of the example's workflow to each question
   */
  record EndToEnd(
      Map<String, Object> figures, boolean sameAnswers, Map<String, AskResponse> fullAnswers) {}

  private static EndToEnd endToEnd(List<Variant> variants, String authorization) {
    int q = QUESTIONS.size();
    int sides = variants.size();
    long[][] nanos = new long[sides][ROUNDS * q];
    Map<String, Map<String, String>> answers = new TreeMap<>();
    Map<String, AskResponse> fullAnswers = new LinkedHashMap<>();
    List<Map<String, double[]>> stepsBefore = null;
    for (int round = -WARMUP_ROUNDS; round < ROUNDS; round++) {
      if (round == 0) {
        stepsBefore = variants.stream().map(PolicyAuditOverheadBenchmark::steps).toList();
      }
      for (int i = 0; i < q; i++) {
        String question = QUESTIONS.get(i);
        int shift = Math.floorMod(round + i, sides); // each side in each place, per question
        for (int k = 0; k < sides; k++) {
          int v = (k + shift) % sides;
          Variant side = variants.get(v);
          long t = System.nanoTime();
          AskResponse r = side.service().ask(side.workflow(), authorization, question, null);
          long elapsed = System.nanoTime() - t;
          if (round >= 0) {
            nanos[v][round * q + i] = elapsed;
            answers
                .computeIfAbsent(question, x -> new LinkedHashMap<>())
                .putIfAbsent(side.name(), signature(r));
            if (v == 0) {
              fullAnswers.putIfAbsent(question, r);
            }
          }
        }
      }
    }
    Map<String, Object> figures = new LinkedHashMap<>();
    long[] baseline = nanos[sides - 1];
    Percentiles base = Percentiles.of(baseline);
    for (int v = 0; v < sides; v++) {
      Variant side = variants.get(v);
      Percentiles p = Percentiles.of(nanos[v]);
      Map<String, Object> f = new LinkedHashMap<>();
      f.put("workflow", side.workflow());
      f.put("policy", side.policy() ? "politique-federation" : MINIMAL_POLICY);
      f.put("audit", side.audit() ? "written (AuditService, PostgreSQL)" : "dropped");
      f.put("n", p.size());
      f.put("p50Ms", ms(p.at(0.50)));
      f.put("p95Ms", ms(p.at(0.95)));
      f.put("meanMs", ms(p.mean()));
      if (v < sides - 1) {
        f.put("p50Ratio", round((double) p.at(0.50) / base.at(0.50), 3));
        f.put("p95Ratio", round((double) p.at(0.95) / base.at(0.95), 3));
        f.put("meanRatio", round(p.mean() / base.mean(), 3));
        f.put("pairedDifferenceMs", paired(nanos[v], baseline));
      }
      Map<String, double[]> after = steps(side);
      Map<String, Object> meanSteps = new LinkedHashMap<>();
      for (String step : STEPS) {
        double[] b = stepsBefore.get(v).get(step);
        double[] a = after.get(step);
        double count = a[0] - b[0];
        if (count > 0) {
          meanSteps.put(step, round((a[1] - b[1]) / count / 1e6, 3));
        }
      }
      f.put("meanStepMs", meanSteps);
      figures.put(side.name(), f);
    }
    boolean same =
        answers.values().stream().allMatch(m -> m.values().stream().distinct().count() == 1);
    return new EndToEnd(figures, same, fullAnswers);
  }

  /** The count and total nanoseconds of each step timer of the side's workflow so far. */
  private static Map<String, double[]> steps(Variant side) {
    Map<String, double[]> m = new LinkedHashMap<>();
    for (String step : STEPS) {
      Timer t =
          side.registry()
              .find("hubia.ask.step")
              .tags("workflow", side.workflow(), "step", step)
              .timer();
      m.put(
          step,
          t == null
              ? new double[] {0, 0}
              : new double[] {t.count(), t.totalTime(TimeUnit.NANOSECONDS)});
    }
    return m;
  }

  /** What the caller sees of a reply, ids aside. */
  private static String signature(AskResponse r) {
    return r.fallback()
        + "|"
        + r.fallbackReason()
        + "|"
        + r.answer()
        + "|"
        + r.citations().stream().map(CitationView::documentId).toList();
  }

  /**
   * Mean of the differences pair by pair (same round, same question) with its 95% interval, and
   * their median.
   */
  private static Map<String, Object> paired(long[] side, long[] baseline) {
    long[] d = new long[side.length];
    double sum = 0;
    for (int i = 0; i < d.length; i++) {
      d[i] = side[i] - baseline[i];
      sum += d[i];
    }
    double mean = sum / d.length;
    double squares = 0;
    for (long x : d) {
      squares += (x - mean) * (x - mean);
    }
    double halfWidth = 1.96 * Math.sqrt(squares / (d.length - 1)) / Math.sqrt(d.length);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("mean", ms(mean));
    m.put("ci95Low", ms(mean - halfWidth));
    m.put("ci95High", ms(mean + halfWidth));
    m.put("median", ms(Percentiles.of(d).at(0.50)));
    return m;
  }

  /** A policy compiled as the runtime compiles it (CompiledWorkflow), layer by layer. */
  record Policy(
      ConfigSnapshot snapshot,
      ReadAccess read,
      InjectionDefence injection,
      RedactionPolicy redaction,
      WorkflowLimits limits,
      AuditOptions audit,
      LimitGate gate) {
    static Policy of(ConfigSnapshot s, LimitGate gate) {
      PolicySetSpec p = s.config().getPolicy().getSpec();
      return new Policy(
          s,
          new ReadAccess(p),
          InjectionDefence.compile(p.getInjection()),
          RedactionPolicy.compile(
              s.workflowName(), p.getRedaction(), new RedactionMetrics(new SimpleMeterRegistry())),
          WorkflowLimits.of(s.config()),
          AuditOptions.from(p.getAudit()),
          gate);
    }
  }

  /** What a question brings to the layers: its text, evidence, answer and audit event. */
  record Inputs(
      String question,
      Caller caller,
      RetrievalRequest retrieval,
      String answer,
      List<Evidence> evidence,
      List<Evidence> cited,
      String systemPrompt,
      AuditEvent event) {}

  /** One policy layer: what it does to one request. */
  record Layer(String name, BiFunction<Policy, Inputs, Object> work) {}

  static final List<Layer> LAYERS =
      List.of(
          new Layer(
              "limits: requests per minute",
              (p, in) -> {
                p.gate().admit(p.snapshot(), p.audit(), p.limits(), in.caller(), "bench");
                return null;
              }),
          new Layer(
              "read rules: labels and subjects",
              (p, in) ->
                  List.of(
                      p.read().readableLabels(in.caller().roles(), in.caller().attributes()),
                      p.read().subjectsOf(in.caller().roles(), in.caller().attributes()))),
          new Layer(
              "injection: question screening",
              (p, in) -> p.injection().screenQuestion(in.question())),
          new Layer(
              "injection: output checks",
              (p, in) ->
                  List.of(
                      p.injection().checkDisclosure(in.answer(), in.systemPrompt()),
                      p.injection().flaggedEvidence(in.evidence()),
                      p.injection().checkLinks(in.answer(), in.cited(), Language.FR))),
          new Layer(
              "redaction: question and answer",
              (p, in) -> {
                RedactionTally tally = new RedactionTally();
                return List.of(
                    Objects.toString(
                        p.redaction().redact(RedactionTarget.Question, in.question(), tally)),
                    Objects.toString(
                        p.redaction().redact(RedactionTarget.Answer, in.answer(), tally)));
              }),
          new Layer(
              "redaction: audit event",
              (p, in) -> p.redaction().audit(in.event(), new RedactionTally())));

  /**
   * Each policy layer timed alone, per call, on every question's own inputs, for the example's
   * policy and for the minimal one, alternating.
   */
  private static Map<String, Object> layers(List<Policy> policies, List<Inputs> inputs) {
    int n = inputs.size();
    long[][][] samples = new long[LAYERS.size()][2][LAYER_REPS * n];
    long sink = 0;
    for (int rep = -LAYER_WARMUP; rep < LAYER_REPS; rep++) {
      for (int i = 0; i < n; i++) {
        Inputs in = inputs.get(i);
        for (int l = 0; l < LAYERS.size(); l++) {
          for (int k = 0; k < 2; k++) {
            int side = (k + rep) % 2 == 0 ? 0 : 1; // alternate which policy goes first
            long t = System.nanoTime();
            Object result = LAYERS.get(l).work().apply(policies.get(side), in);
            long elapsed = System.nanoTime() - t;
            sink += Objects.hashCode(result);
            if (rep >= 0) {
              samples[l][side][rep * n + i] = elapsed;
            }
          }
        }
      }
    }
    assertThat(sink).isNotEqualTo(Long.MIN_VALUE); // keeps the results alive

    Map<String, Object> m = new LinkedHashMap<>();
    m.put("inputs", n + " questions, " + LAYER_REPS + " calls each per layer and policy");
    double[] totals = new double[2];
    double[] medians = new double[2];
    Map<String, Object> perLayer = new LinkedHashMap<>();
    for (int l = 0; l < LAYERS.size(); l++) {
      Map<String, Object> layer = new LinkedHashMap<>();
      for (int side = 0; side < 2; side++) {
        Percentiles p = Percentiles.of(samples[l][side]);
        totals[side] += p.mean();
        medians[side] += p.at(0.50);
        layer.put(
            side == 0 ? "politique-federation" : MINIMAL_POLICY,
            Map.of(
                "p50Micros", round(p.at(0.50) / 1e3, 2), "meanMicros", round(p.mean() / 1e3, 2)));
      }
      perLayer.put(LAYERS.get(l).name(), layer);
    }
    m.put("microsPerRequest", perLayer);
    // means carry the preemptions of a loaded machine; medians are the cost of the work itself
    m.put(
        "sumOfP50Micros",
        Map.of(
            "politique-federation",
            round(medians[0] / 1e3, 1),
            MINIMAL_POLICY,
            round(medians[1] / 1e3, 1)));
    m.put(
        "sumOfMeansMicros",
        Map.of(
            "politique-federation",
            round(totals[0] / 1e3, 1),
            MINIMAL_POLICY,
            round(totals[1] / 1e3, 1)));
    m.put("differenceOfP50SumsMs", round((medians[0] - medians[1]) / 1e6, 3));
    m.put("differenceOfMeanSumsMs", round((totals[0] - totals[1]) / 1e6, 3));
    m.put(
        "notOnThisPath",
        List.of(
            "model rules and tool rules: the example has no model (extractive answerer)",
            "token budgets: checked only before a model is called",
            "log redaction: /ask writes no log line on this path"));
    return m;
  }

  /**
   * The one policy layer inside OpenSearch besides the label filter (which no workflow can do
   * without): the {@code must_not} on flagged chunks of {@code flaggedDocuments: Exclude}. The
   * runtime's retrieval request with and without it, alternated, the difference taken pair by pair.
   */
  private static Map<String, Object> flagExclusion(
      SearchClients search, ConfigSnapshot snapshot, List<Inputs> inputs) {
    HybridRetriever retriever = search.retriever(snapshot.config());
    int n = inputs.size();
    long[][] nanos = new long[2][SEARCH_REPS * n];
    for (int rep = -SEARCH_WARMUP; rep < SEARCH_REPS; rep++) {
      for (int i = 0; i < n; i++) {
        RetrievalRequest with = inputs.get(i).retrieval();
        RetrievalRequest without =
            new RetrievalRequest(
                with.aliases(),
                with.queryText(),
                with.queryVector(),
                with.readableLabels(),
                Set.of(),
                with.topK(),
                with.language(),
                with.fusion());
        for (int k = 0; k < 2; k++) {
          int side = (k + rep + i) % 2;
          long t = System.nanoTime();
          retriever.retrieve(side == 0 ? with : without);
          long elapsed = System.nanoTime() - t;
          if (rep >= 0) {
            nanos[side][rep * n + i] = elapsed;
          }
        }
      }
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("n", nanos[0].length);
    m.put("withMeanMs", ms(Percentiles.of(nanos[0]).mean()));
    m.put("withoutMeanMs", ms(Percentiles.of(nanos[1]).mean()));
    m.put("pairedDifferenceMs", paired(nanos[0], nanos[1]));
    return m;
  }

  @SuppressWarnings("unchecked")
  private static Object stepMs(Map<String, Object> side) {
    return ((Map<String, Object>) side.get("meanStepMs")).get("audit");
  }

  /**
   * For each question: the chunks the example's workflow retrieves for the caller (same request as
   * the runtime's), as evidence scored as the runtime scores it, its answer from the end-to-end
   * run, the system prompt the output check compares it with, and its audit event.
   */
  private static List<Inputs> inputs(
      ConfigSnapshot snapshot,
      Caller caller,
      List<Policy> policies,
      SearchClients search,
      EndToEnd e2e) {
    Policy full = policies.get(0);
    Set<String> labels = full.read().readableLabels(caller.roles(), caller.attributes());
    assertThat(policies.get(1).read().readableLabels(caller.roles(), caller.attributes()))
        .as("both policies let the caller read the same labels")
        .isEqualTo(labels)
        .containsExactlyInAnyOrderElementsOf(LYON_LABELS);
    RuntimeConfig runtime = snapshot.config();
    RuntimeConfig.Index index = runtime.getIndexes().get(0);
    HybridRetriever retriever = search.retriever(runtime);
    Embedder embedder = new InProcessEmbedder();
    EvidenceScorer scorer = new EvidenceScorer(embedder);
    List<Inputs> inputs = new ArrayList<>();
    for (String question : QUESTIONS) {
      float[] vector = embedder.embedAll(List.of(question)).get(0);
      RetrievalRequest retrieval =
          new RetrievalRequest(
              List.of(SearchClients.alias(runtime, index)),
              question,
              vector,
              labels,
              full.injection().excludedFlags(),
              index.getTopK() == null ? AskRetrievalSettings.DEFAULT_TOP_K : index.getTopK(),
              Language.FR,
              AskRetrievalSettings.FUSION);
      List<RetrievedChunk> chunks = retriever.retrieve(retrieval);
      List<Evidence> evidence = scorer.evidence(question, chunks);
      AskResponse r = e2e.fullAnswers().get(question);
      Set<String> citedDocuments =
          r.citations().stream().map(CitationView::documentId).collect(Collectors.toSet());
      List<Evidence> cited =
          evidence.stream().filter(e -> citedDocuments.contains(e.chunk().documentId())).toList();
      String systemPrompt =
          PromptBuilder.systemPrompt(
              new AnswerRequest(question, Language.FR, evidence, List.of(), null), true);
      AuditEvent event =
          AuditEvent.builder()
              .served(snapshot)
              .occurredAt(Instant.now())
              .subject(caller.subject())
              .claims(caller.claims())
              .question(question)
              .answer(r.answer())
              .fallback(r.fallback())
              .fallbackReason(r.fallbackReason())
              .citations(
                  cited.stream()
                      .map(
                          e ->
                              new AuditEvent.Citation(
                                  e.chunk().documentId(), e.chunk().chunkId(), "1"))
                      .toList())
              .retrieved(
                  evidence.stream()
                      .map(
                          e ->
                              new AuditEvent.Retrieved(
                                  index.getName(),
                                  e.chunk().documentId(),
                                  e.chunk().chunkId(),
                                  "1",
                                  e.relevance()))
                      .toList())
              .model(r.fallback() ? "none" : ExtractiveAnswerer.NAME)
              .tokensIn(0L)
              .tokensOut(0L)
              .decisions(
                  List.of(
                      new AuditEvent.Decision("read-rules", "labels", labels.size() + " labels"),
                      new AuditEvent.Decision("route", "juridique", null),
                      new AuditEvent.Decision("citations", "supported", "2 of 2 claims supported"),
                      new AuditEvent.Decision("answerability", "answered", null)))
              .latencyMs(60L)
              .traceId(UUID.randomUUID().toString())
              .build();
      inputs.add(
          new Inputs(
              question, caller, retrieval, r.answer(), evidence, cited, systemPrompt, event));
    }
    return inputs;
  }

  /** The events the audited sides wrote: one per request, chains intact, and their stored size. */
  private static Map<String, Object> auditTrail(
      EmbeddedPostgresServer pg,
      List<Variant> variants,
      AuditService audit,
      Policy full,
      List<Inputs> inputs,
      EndToEnd e2e)
      throws SQLException {
    Map<String, Object> m = new LinkedHashMap<>();
    @SuppressWarnings("unchecked")
    Map<String, Map<String, Object>> figures =
        (Map<String, Map<String, Object>>) (Map<?, ?>) e2e.figures();
    m.put(
        "auditStepMeanMs",
        Map.of(
            "written", stepMs(figures.get("policy + audit")),
            "dropped", stepMs(figures.get("policy, no audit"))));
    // the same events appended back to back (a chain of their own): the store's cost when warm
    long[] nanos = new long[APPENDS_ALONE];
    for (int i = -APPENDS_ALONE / 4; i < APPENDS_ALONE; i++) {
      AuditEvent event =
          inputs.get(Math.floorMod(i, inputs.size())).event().toBuilder()
              .workflow(APPENDS_ALONE_CHAIN)
              .build();
      long t = System.nanoTime();
      audit.append(event, full.audit());
      if (i >= 0) {
        nanos[i] = System.nanoTime() - t;
      }
    }
    Percentiles alone = Percentiles.of(nanos);
    m.put(
        "appendBackToBackMs",
        Map.of(
            "n", alone.size(),
            "p50", ms(alone.at(0.50)),
            "p95", ms(alone.at(0.95)),
            "mean", ms(alone.mean())));
    AuditSettings defaults = SettingsDefaults.of(AuditSettings.class, Map.of());
    try (AgroalDataSource pool =
        AuditDataSources.create(
            new AuditConnection(
                pg.jdbcUrl(),
                "postgres",
                null,
                defaults.connectTimeout(),
                defaults.statementTimeout(),
                2))) {
      AuditVerifier verifier = new AuditVerifier(pool, Clock.systemUTC());
      long expected = (long) (WARMUP_ROUNDS + ROUNDS) * QUESTIONS.size();
      for (Variant side : variants) {
        if (!side.audit()) {
          continue;
        }
        var r = verifier.verify(LocalResources.NAMESPACE, side.workflow());
        assertThat(r.eventsChecked()).as("one event per request").isEqualTo(expected);
        assertThat(r.intact()).as(r.toString()).isTrue();
        m.put(side.workflow(), Map.of("events", r.eventsChecked(), "intact", r.intact()));
      }
      try (Connection c = pool.getConnection();
          Statement s = c.createStatement();
          ResultSet rs =
              s.executeQuery(
                  "SELECT avg(pg_column_size(e.*)), current_setting('fsync'),"
                      + " current_setting('synchronous_commit')"
                      + " FROM audit_event e")) {
        rs.next();
        m.put("rowBytes", Math.round(rs.getDouble(1)));
        m.put("fsync", rs.getString(2));
        m.put("synchronousCommit", rs.getString(3));
      }
    }
    return m;
  }

  private static Map<String, Object> setup() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put(
        "what",
        "AskService in the benchmark's JVM (no HTTP), extractive answerer, examples/federation"
            + " ingested by local mode's pipeline into an embedded OpenSearch node; audit in an"
            + " embedded PostgreSQL 14 (fsync and synchronous_commit on)");
    m.put("caller", "Lyon branch member (roles [collaborateur], antenne lyon)");
    m.put("questions", QUESTIONS.size() + " (AskLatencyBenchmark's), 1 client");
    m.put("rounds", ROUNDS + " measured after " + WARMUP_ROUNDS + " warm-up rounds");
    m.put("order", "the four sides of each question in an order rotated at every request");
    m.put("cores", Runtime.getRuntime().availableProcessors());
    return m;
  }

  @SuppressWarnings("unchecked")
  private static String table(Map<String, Object> report) {
    StringBuilder t = new StringBuilder();
    t.append(
        String.format(
            Locale.ROOT,
            "%n/ask with and without policy and audit (in-process, 1 client, %d questions x %d"
                + " rounds, interleaved)%n",
            QUESTIONS.size(),
            ROUNDS));
    String fmt = "%-18s %8s %8s %8s %18s %26s%n";
    t.append(
        String.format(
            Locale.ROOT,
            fmt,
            "side",
            "p50 ms",
            "p95 ms",
            "mean ms",
            "ratio p50/p95/mean",
            "paired diff ms [95% CI]"));
    Map<String, Object> e2e = (Map<String, Object>) report.get("endToEnd");
    for (Map.Entry<String, Object> e : e2e.entrySet()) {
      Map<String, Object> f = (Map<String, Object>) e.getValue();
      Map<String, Object> d = (Map<String, Object>) f.get("pairedDifferenceMs");
      t.append(
          String.format(
              Locale.ROOT,
              fmt,
              e.getKey(),
              f.get("p50Ms"),
              f.get("p95Ms"),
              f.get("meanMs"),
              f.containsKey("p50Ratio")
                  ? f.get("p50Ratio") + "/" + f.get("p95Ratio") + "/" + f.get("meanRatio")
                  : "(baseline)",
              d == null
                  ? ""
                  : d.get("mean") + " [" + d.get("ci95Low") + ", " + d.get("ci95High") + "]"));
    }
    t.append("mean step ms: ");
    e2e.forEach(
        (name, f) ->
            t.append(name)
                .append(' ')
                .append(((Map<String, Object>) f).get("meanStepMs"))
                .append("; "));
    t.append(
        String.format(
            Locale.ROOT,
            "%nsame answers on every side: %s%n",
            report.get("sameAnswersOnEverySide")));
    Map<String, Object> layers = (Map<String, Object>) report.get("policyLayers");
    t.append(
        String.format(
            Locale.ROOT,
            "%npolicy layers alone, microseconds per request (p50 / mean)%n%-34s %22s %22s%n",
            "layer",
            "politique-federation",
            MINIMAL_POLICY));
    ((Map<String, Object>) layers.get("microsPerRequest"))
        .forEach(
            (name, v) -> {
              Map<String, Map<String, Object>> sides = (Map<String, Map<String, Object>>) v;
              t.append(
                  String.format(
                      Locale.ROOT,
                      "%-34s %22s %22s%n",
                      name,
                      micros(sides.get("politique-federation")),
                      micros(sides.get(MINIMAL_POLICY))));
            });
    t.append(
        String.format(
            Locale.ROOT,
            "sum of p50 (µs): %s, difference %s ms; sum of means (µs): %s, difference %s ms%n",
            layers.get("sumOfP50Micros"),
            layers.get("differenceOfP50SumsMs"),
            layers.get("sumOfMeansMicros"),
            layers.get("differenceOfMeanSumsMs")));
    t.append("flagged chunks excluded in the search: ")
        .append(layers.get("flaggedChunksExcludedInSearch"))
        .append('\n');
    t.append("audit trail: ").append(report.get("auditTrail")).append('\n');
    return t.toString();
  }

  private static String micros(Map<String, Object> m) {
    return m.get("p50Micros") + " / " + m.get("meanMicros");
  }

  private static double ms(double nanos) {
    return round(nanos / 1e6, 2);
  }

  private static double round(double value, int decimals) {
    double scale = Math.pow(10, decimals);
    return Math.round(value * scale) / scale;
  }
}
