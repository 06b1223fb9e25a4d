package io.hubia.eval.run;

import io.hubia.eval.GoldenCase;
import io.hubia.eval.GoldenSet;
import io.hubia.eval.GoldenSetReader;
import io.hubia.eval.InvalidGoldenSetException;
import io.hubia.eval.judge.JudgeCheck;
import io.hubia.eval.judge.LexicalSupportJudge;
import io.hubia.eval.judge.LlmSupportJudge;
import io.hubia.eval.judge.SupportJudge;
import io.hubia.eval.report.CaseResult;
import io.hubia.eval.report.EvaluationReport;
import io.hubia.eval.report.HtmlReportWriter;
import io.hubia.eval.report.JUnitReportWriter;
import io.hubia.eval.report.JsonReportWriter;
import io.hubia.eval.report.MetricResult;
import io.hubia.eval.report.ReportOutcome;
import io.hubia.eval.report.Thresholds;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Runs an evaluation from the command line and writes {@code report.json}, {@code report.xml}
 * (JUnit) and {@code report.html}. Exit code: {@value ReportOutcome#PASSED} when every metric with
 * a threshold meets it, {@value ReportOutcome#FAILED} when one misses it, {@value #USAGE} when the
 * evaluation could not run (bad arguments, unreadable golden set or thresholds, no token).
 */
public final class EvalCommand {
  /** Exit code when the evaluation could not run. */
  public static final int USAGE = 2;

  /** The environment variable holding the LLM judge's API key. */
  public static final String JUDGE_API_KEY = "HUBIA_JUDGE_API_KEY";

  /** Bound on one call of the LLM judge. */
  static final Duration JUDGE_TIMEOUT = Duration.ofSeconds(30);

  static final String USAGE_TEXT =
      """
      usage: EvalCommand --runtime URL --workflow NAME (--golden FILE | --suite NAME) ...
                         [--thresholds FILE] [--repeats N] [--dev-tokens | --tokens FILE|env:VAR]
                         [--out DIR] [--timeout SECONDS] [--generation N]
                         [--signing-key FILE --token-issuer ISS [--token-audience AUD]]
                         [--summary FILE] [--report-configmap NAME]
                         [--judge lexical|llm [--judge-endpoint URL --judge-model NAME]]
                         [--cost-input-per-1k X --cost-output-per-1k Y]
        --runtime URL      the runtime, e.g. http://localhost:8080
        --workflow NAME    the AgentWorkflow to ask
        --golden FILE      a golden set (.yaml, .yml, .json, .jsonl); repeatable, one suite each
        --suite NAME       a shipped suite: unanswerable, injection or redteam (golden names the
                           --golden files); repeatable
        --thresholds FILE  YAML or JSON map of metric to threshold, e.g. citation_recall: ">= 0.8"
        --repeats N        how many times each case is asked (default 1)
        --generation N     metadata.generation of the workflow, recorded in the report
        --dev-tokens       tokens from local mode's /v1/dev/token (the default)
        --tokens FILE      YAML or JSON map of subject to token, for a real cluster;
                           env:VAR reads the map from the environment variable VAR
        --out DIR          where to write the reports (default eval-report)
        --timeout SECONDS  bound on one question (default 120)
        --signing-key FILE sign an RS256 token per caller with this RSA private key
                           (PKCS#8 PEM, 2048 bits or more), as issuer --token-issuer ISS
                           and, with --token-audience AUD, for audience AUD
        --summary FILE     write a JSON summary of at most 4000 bytes there, e.g.
                           /dev/termination-log; {"result":"Error",...} when it cannot run
        --report-configmap NAME
                           put report.json and report.html into ConfigMap NAME of the pod's
                           namespace (in a cluster; a failure does not change the exit code)
        --judge lexical|llm
                           who judges whether a cited passage supports its sentence
                           (citation_precision, groundedness): word overlap (the default) or
                           a model, checked first against the shipped labels (kappa >= 0.6)
        --judge-endpoint URL
                           the model's OpenAI-compatible API, e.g. https://api.example/v1;
                           the key is read from the environment variable HUBIA_JUDGE_API_KEY
        --judge-model NAME the model to ask
        --cost-input-per-1k X, --cost-output-per-1k Y
                           price of 1000 input and of 1000 output model tokens, in any unit
                           (currency, credits): reports cost_per_answer in that unit
      exit code: 0 thresholds met, 1 a threshold missed, 2 the evaluation could not run
      """;

  private EvalCommand() {}

  /** Runs the command and exits with its code. */
  public static void main(String[] args) throws InterruptedException {
    System.exit(run(args, System.out, System.err, System.getenv()));
  }

  /**
   * Runs the command; returns the exit code instead of exiting (tests, and the build's evaluation
   * of the example workflows).
   */
  public static int run(String[] args, PrintStream out, PrintStream err, Map<String, String> env)
      throws InterruptedException {
    Options options;
    try {
      options = Options.parse(args);
    } catch (IllegalArgumentException e) {
      err.println("error: " + e.getMessage());
      err.print(USAGE_TEXT);
      writeError(Options.summaryIn(args), e.getMessage(), err);
      return USAGE;
    }
    if (options.help) {
      out.print(USAGE_TEXT);
      return ReportOutcome.PASSED;
    }
    try {
      List<Evaluation.Suite> suites = readSuites(options.golden, options.suites);
      Thresholds thresholds = readThresholds(options.thresholds, suites);
      RuntimeClient client =
          RuntimeClient.create(options.runtime, Duration.ofSeconds(10), options.timeout);
      TokenSource tokens = tokens(options, client, suites, env);
      Evaluation.Judging judging = judge(options, env, err);
      Evaluation evaluation =
          new Evaluation(
              client,
              tokens,
              options.workflow,
              options.repeats,
              thresholds,
              Clock.systemUTC(),
              err::println,
              options.prices());
      evaluation.withJudge(judging.judge(), judging.agreement()).forGeneration(options.generation);
      EvaluationReport report = evaluation.run(suites);
      write(report, options.out);
      printSummary(report, options.out, out);
      writeReportConfigMap(options, report, env, out, err);
      if (options.summary != null) {
        writeSummary(options.summary, StatusSummary.of(report, evaluation.suiteMetrics()), err);
      }
      return ReportOutcome.exitCode(report);
    } catch (InvalidGoldenSetException | IllegalArgumentException e) {
      err.println("error: " + e.getMessage());
      writeError(options.summary, e.getMessage(), err);
      return USAGE;
    } catch (IOException e) {
      err.println("error: the evaluation could not run: " + e.getMessage());
      writeError(options.summary, "the evaluation could not run: " + e.getMessage(), err);
      return USAGE;
    } catch (RuntimeException e) {
      err.println("error: the evaluation failed unexpectedly:");
      e.printStackTrace(err);
      writeError(options.summary, "the evaluation failed unexpectedly: " + e, err);
      return USAGE;
    }
  }

  private static List<Evaluation.Suite> readSuites(List<Path> files, List<String> named)
      throws IOException {
    List<Evaluation.Suite> suites = new ArrayList<>();
    Set<String> ids = new TreeSet<>();
    Set<String> names = new TreeSet<>();
    for (Path file : files) {
      if (!Files.isRegularFile(file)) {
        throw new IllegalArgumentException("golden set " + file + " does not exist");
      }
      GoldenSet set = GoldenSetReader.readSet(file);
      List<GoldenCase> cases = set.cases();
      for (GoldenCase goldenCase : cases) {
        if (!ids.add(goldenCase.id())) {
          throw new IllegalArgumentException(
              file + ": case id '" + goldenCase.id() + "' is already used by another golden set");
        }
      }
      String name = file.getFileName().toString();
      suites.add(
          new Evaluation.Suite(name.replaceFirst("\\.[^.]+$", ""), cases, false, set.plant()));
    }
    for (String name : named) {
      if (name.strip().equalsIgnoreCase(ShippedSuites.GOLDEN)) {
        if (files.isEmpty()) {
          throw new IllegalArgumentException("--suite golden names the --golden files: give one");
        }
        continue;
      }
      Evaluation.Suite suite = ShippedSuites.load(name);
      if (suites.stream().anyMatch(s -> s.name().equals(suite.name()))) {
        throw new IllegalArgumentException(
            "suite '" + suite.name() + "' is given twice (or a golden set file has its name)");
      }
      for (GoldenCase goldenCase : suite.cases()) {
        if (!ids.add(goldenCase.id())) {
          throw new IllegalArgumentException(
              "suite " + suite.name() + ": case id '" + goldenCase.id() + "' is already used");
        }
      }
      suites.add(suite);
    }
    for (Evaluation.Suite suite : suites) {
      if (!names.add(suite.name())) {
        throw new IllegalArgumentException("two golden set files make the suite " + suite.name());
      }
    }
    return suites;
  }

  private static Thresholds readThresholds(Path file, List<Evaluation.Suite> suites)
      throws IOException {
    if (file == null) {
      return Thresholds.none();
    }
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException("thresholds file " + file + " does not exist");
    }
    Thresholds thresholds = Thresholds.parse(Files.readString(file, StandardCharsets.UTF_8));
    List<String> problems = new ArrayList<>();
    Set<String> prefixes = new TreeSet<>(ShippedSuites.NAMES);
    prefixes.add(ShippedSuites.GOLDEN);
    suites.forEach(suite -> prefixes.add(suite.name()));
    for (String key : thresholds.asMap().keySet()) {
      String metric = Thresholds.metricOf(key);
      String suite = Thresholds.suiteOf(key).orElse(null);
      if (suite != null && !prefixes.contains(suite)) {
        problems.add(
            "'"
                + key
                + "': unknown suite '"
                + suite
                + "' (a prefix is one of "
                + String.join(", ", prefixes)
                + ")");
      } else if (RunMetrics.UNBOUNDED.contains(metric)) {
        problems.add(
            key
                + (metric.endsWith("_ms") ? " is in milliseconds" : " is not a 0-1 score")
                + " and cannot have a 0-1 threshold");
      } else if (!RunMetrics.NAMES.contains(metric)) {
        problems.add("unknown metric '" + key + "'");
      }
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(
          file
              + ": "
              + String.join("; ", problems)
              + " (metrics with a threshold: "
              + String.join(
                  ", ",
                  RunMetrics.NAMES.stream().filter(n -> !RunMetrics.UNBOUNDED.contains(n)).toList())
              + ")");
    }
    return thresholds;
  }

  /**
   * The support judge of {@code --judge}, with its agreement with the shipped labels. An LLM judge
   * whose kappa is under {@link JudgeCheck#MIN_KAPPA} is refused: the evaluation does not run.
   */
  private static Evaluation.Judging judge(Options options, Map<String, String> env, PrintStream err)
      throws IOException {
    SupportJudge judge =
        options.judge.equals("llm")
            ? new LlmSupportJudge(
                options.judgeEndpoint, options.judgeModel, env.get(JUDGE_API_KEY), JUDGE_TIMEOUT)
            : new LexicalSupportJudge();
    JudgeCheck.Agreement agreement = JudgeCheck.measure(judge, JudgeCheck.shipped());
    err.println(
        String.format(
            Locale.ROOT,
            "support judge %s: accuracy %.3f, kappa %.3f on %d labelled pairs (%d without verdict)",
            judge.describe(),
            agreement.accuracy(),
            agreement.kappa(),
            agreement.items(),
            agreement.noVerdicts()));
    if (options.judge.equals("llm") && !agreement.acceptable()) {
      throw new IllegalArgumentException(
          String.format(
              Locale.ROOT,
              "the LLM judge %s agrees too little with the human labels to be used: kappa %.3f"
                  + " is under %.1f (accuracy %.3f on %d pairs, %d without verdict)",
              judge.describe(),
              agreement.kappa(),
              JudgeCheck.MIN_KAPPA,
              agreement.accuracy(),
              agreement.items(),
              agreement.noVerdicts()));
    }
    return new Evaluation.Judging(judge, agreement);
  }

  private static TokenSource tokens(
      Options options, RuntimeClient client, List<Evaluation.Suite> suites, Map<String, String> env)
      throws IOException {
    if (options.signingKey != null) {
      return SignedTokens.fromPemFile(
          options.signingKey, options.tokenIssuer, options.tokenAudience, Clock.systemUTC());
    }
    if (options.tokens == null) {
      return new DevTokens(client);
    }
    StaticTokens tokens;
    if (options.tokens.startsWith("env:")) {
      String variable = options.tokens.substring("env:".length());
      String value = env.get(variable);
      if (value == null || value.isBlank()) {
        throw new IllegalArgumentException("environment variable " + variable + " is not set");
      }
      tokens = StaticTokens.parse(value, "environment variable " + variable);
    } else {
      Path file = Path.of(options.tokens);
      if (!Files.isRegularFile(file)) {
        throw new IllegalArgumentException("tokens file " + file + " does not exist");
      }
      tokens = StaticTokens.fromFile(file);
    }
    Set<String> subjects = new TreeSet<>();
    suites.forEach(s -> s.cases().forEach(c -> subjects.add(c.caller().subject())));
    Set<String> missing = tokens.missing(subjects);
    if (!missing.isEmpty()) {
      throw new IllegalArgumentException("no token for the callers " + missing);
    }
    return tokens;
  }

  /**
   * Puts the reports into the ConfigMap of {@code --report-configmap}, when given; a failure is
   * printed and does not change the exit code.
   */
  private static void writeReportConfigMap(
      Options options,
      EvaluationReport report,
      Map<String, String> env,
      PrintStream out,
      PrintStream err)
      throws InterruptedException {
    if (options.reportConfigMap == null) {
      return;
    }
    try {
      ReportConfigMap target = ReportConfigMap.inCluster(env);
      Path html = options.out.resolve("report.html");
      String note =
          target.write(
              options.reportConfigMap,
              Files.readAllBytes(options.out.resolve("report.json")),
              Files.isRegularFile(html) ? Files.readAllBytes(html) : null,
              report.finishedAt());
      out.println(
          "Reports in ConfigMap "
              + target.namespace()
              + "/"
              + options.reportConfigMap
              + (note == null ? "" : " (" + note + ")"));
    } catch (IOException | RuntimeException e) {
      err.println(
          "warning: the reports could not be put into ConfigMap "
              + options.reportConfigMap
              + ": "
              + e.getMessage());
    }
  }

  /** Writes {@code summary} to {@code file}; a failure is printed only. */
  private static void writeSummary(Path file, String summary, PrintStream err) {
    try {
      StatusSummary.write(file, summary);
    } catch (IOException | RuntimeException e) {
      err.println("warning: the summary could not be written to " + file + ": " + e);
    }
  }

  /** Writes the summary of an evaluation that could not run, when a summary file is given. */
  private static void writeError(Path file, String message, PrintStream err) {
    if (file != null) {
      writeSummary(file, StatusSummary.error(message), err);
    }
  }

  private static void write(EvaluationReport report, Path dir) throws IOException {
    Files.createDirectories(dir);
    new JsonReportWriter().writeTo(report, dir.resolve("report.json"));
    new JUnitReportWriter().writeTo(report, dir.resolve("report.xml"));
    new HtmlReportWriter().writeTo(report, dir.resolve("report.html"));
  }

  /** Prints one line per metric, then the failed and flaky cases and the verdict. */
  static void printSummary(EvaluationReport report, Path dir, PrintStream out) {
    out.printf(
        Locale.ROOT,
        "Evaluation of %s at %s, %d repeat(s)%n",
        report.workflow(),
        report.runtimeUrl(),
        report.repeats());
    out.printf(
        Locale.ROOT,
        "%-26s %10s  %-19s %-10s %6s  %s%n",
        "metric",
        "value",
        "95% CI",
        "threshold",
        "n",
        "status");
    for (MetricResult metric : report.metrics()) {
      out.printf(
          Locale.ROOT,
          "%-26s %10s  %-19s %-10s %6d  %s%n",
          metric.name(),
          number(metric.value()),
          metric.ciLow() == null
              ? "-"
              : "[" + number(metric.ciLow()) + ", " + number(metric.ciHigh()) + "]",
          metric.threshold() == null ? "-" : metric.threshold().toString(),
          metric.n(),
          metric.status());
    }
    List<CaseResult> failed = report.cases().stream().filter(c -> !c.passed()).toList();
    List<String> flaky =
        report.cases().stream().filter(CaseResult::flaky).map(CaseResult::id).toList();
    out.printf(
        Locale.ROOT,
        "%d case(s), %d failed, %d flaky%n",
        report.cases().size(),
        failed.size(),
        flaky.size());
    for (CaseResult result : failed) {
      out.println("  failed " + result.id() + ": " + String.join("; ", result.failureReasons()));
    }
    if (!flaky.isEmpty()) {
      out.println("  flaky: " + String.join(", ", flaky));
    }
    if (report.judge() != null) {
      out.printf(
          Locale.ROOT,
          "Support judge: %s, %d verdicts, %d without verdict%n",
          report.judge().judge(),
          report.judge().verdicts(),
          report.judge().noVerdicts());
    }
    out.println("Reports in " + dir.toAbsolutePath().normalize());
    out.println(ReportOutcome.exitCode(report) == ReportOutcome.PASSED ? "PASSED" : "FAILED");
  }

  private static String number(double value) {
    if (Double.isNaN(value)) {
      return "n/a";
    }
    return String.format(Locale.ROOT, Math.abs(value) >= 10 ? "%.0f" : "%.4f", value);
  }

  /** The parsed arguments. */
  private static final class Options {
    URI runtime;
    String workflow;
    final List<Path> golden = new ArrayList<>();
    final List<String> suites = new ArrayList<>();
    Path thresholds;
    int repeats = 1;
    long generation;
    boolean devTokens;
    String tokens;
    Path out = Path.of("eval-report");
    Duration timeout = Duration.ofSeconds(120);
    boolean help;
    Path signingKey;
    String tokenIssuer;
    String tokenAudience;
    Path summary;
    String reportConfigMap;
    String judge = "lexical";
    URI judgeEndpoint;
    String judgeModel;
    Double costInputPer1k;
    Double costOutputPer1k;

    static Options parse(String[] args) {
      Options options = new Options();
      for (int i = 0; i < args.length; i++) {
        String arg = args[i];
        switch (arg) {
          case "-h", "--help" -> options.help = true;
          case "--dev-tokens" -> options.devTokens = true;
          case "--runtime" -> options.runtime = url(value(args, ++i, arg), arg);
          case "--workflow" -> options.workflow = value(args, ++i, arg);
          case "--golden" -> options.golden.add(Path.of(value(args, ++i, arg)));
          case "--suite" -> options.suites.add(value(args, ++i, arg));
          case "--thresholds" -> options.thresholds = Path.of(value(args, ++i, arg));
          case "--repeats" -> options.repeats = positive(value(args, ++i, arg), arg);
          case "--generation" -> options.generation = positive(value(args, ++i, arg), arg);
          case "--tokens" -> options.tokens = value(args, ++i, arg);
          case "--out" -> options.out = Path.of(value(args, ++i, arg));
          case "--timeout" ->
              options.timeout = Duration.ofSeconds(positive(value(args, ++i, arg), arg));
          case "--signing-key" -> options.signingKey = Path.of(value(args, ++i, arg));
          case "--token-issuer" -> options.tokenIssuer = value(args, ++i, arg);
          case "--token-audience" -> options.tokenAudience = value(args, ++i, arg);
          case "--summary" -> options.summary = Path.of(value(args, ++i, arg));
          case "--report-configmap" -> options.reportConfigMap = configMap(value(args, ++i, arg));
          case "--judge" -> options.judge = judgeKind(value(args, ++i, arg));
          case "--judge-endpoint" -> options.judgeEndpoint = url(value(args, ++i, arg), arg);
          case "--judge-model" -> options.judgeModel = value(args, ++i, arg);
          case "--cost-input-per-1k" -> options.costInputPer1k = price(value(args, ++i, arg), arg);
          case "--cost-output-per-1k" ->
              options.costOutputPer1k = price(value(args, ++i, arg), arg);
          default -> throw new IllegalArgumentException("unknown argument '" + arg + "'");
        }
      }
      if (options.help) {
        return options;
      }
      List<String> missing = new ArrayList<>();
      if (options.runtime == null) {
        missing.add("--runtime");
      }
      if (options.workflow == null) {
        missing.add("--workflow");
      }
      if (options.golden.isEmpty() && options.suites.isEmpty()) {
        missing.add("--golden or --suite");
      }
      if (!missing.isEmpty()) {
        throw new IllegalArgumentException("missing " + String.join(", ", missing));
      }
      if (options.devTokens && options.tokens != null) {
        throw new IllegalArgumentException("give --dev-tokens or --tokens, not both");
      }
      options.checkSigning();
      options.checkJudge();
      if ((options.costInputPer1k == null) != (options.costOutputPer1k == null)) {
        throw new IllegalArgumentException(
            "give both --cost-input-per-1k and --cost-output-per-1k, or neither");
      }
      return options;
    }

    private void checkJudge() {
      if (judge.equals("llm") && (judgeEndpoint == null || judgeModel == null)) {
        throw new IllegalArgumentException("--judge llm needs --judge-endpoint and --judge-model");
      }
      if (!judge.equals("llm") && (judgeEndpoint != null || judgeModel != null)) {
        throw new IllegalArgumentException(
            "--judge-endpoint and --judge-model are for --judge llm");
      }
    }

    private static String judgeKind(String kind) {
      if (!kind.equals("lexical") && !kind.equals("llm")) {
        throw new IllegalArgumentException("--judge must be lexical or llm, not '" + kind + "'");
      }
      return kind;
    }

    /** The token prices, or {@code null} when none were given. */
    RunMetrics.TokenPrices prices() {
      return costInputPer1k == null
          ? null
          : new RunMetrics.TokenPrices(costInputPer1k, costOutputPer1k);
    }

    private static double price(String text, String option) {
      try {
        double value = Double.parseDouble(text);
        if (value >= 0 && !Double.isInfinite(value)) {
          return value;
        }
      } catch (NumberFormatException e) {
        // reported below
      }
      throw new IllegalArgumentException(
          option + " must be a number of 0 or more, such as 0.002, not '" + text + "'");
    }

    private void checkSigning() {
      if (signingKey == null) {
        if (tokenIssuer != null || tokenAudience != null) {
          throw new IllegalArgumentException(
              "--token-issuer and --token-audience need --signing-key");
        }
        return;
      }
      if (devTokens || tokens != null) {
        throw new IllegalArgumentException(
            "give one of --dev-tokens, --tokens and --signing-key, not several");
      }
      if (tokenIssuer == null || tokenIssuer.isBlank()) {
        throw new IllegalArgumentException("--signing-key needs --token-issuer");
      }
    }

    /** The {@code --summary} file among arguments that may not parse, or {@code null}. */
    static Path summaryIn(String[] args) {
      for (int i = 0; i + 1 < args.length; i++) {
        if (args[i].equals("--summary") && !args[i + 1].startsWith("--")) {
          try {
            return Path.of(args[i + 1]);
          } catch (RuntimeException e) {
            return null;
          }
        }
      }
      return null;
    }

    private static String configMap(String name) {
      if (!ReportConfigMap.validName(name)) {
        throw new IllegalArgumentException(
            "--report-configmap must be a ConfigMap name (lower-case DNS name), not '"
                + name
                + "'");
      }
      return name;
    }

    private static String value(String[] args, int i, String option) {
      if (i >= args.length || args[i].startsWith("--")) {
        throw new IllegalArgumentException(option + " needs a value");
      }
      return args[i];
    }

    private static int positive(String text, String option) {
      try {
        int value = Integer.parseInt(text);
        if (value >= 1) {
          return value;
        }
      } catch (NumberFormatException e) {
        // reported below
      }
      throw new IllegalArgumentException(
          option + " must be a whole number of at least 1, not '" + text + "'");
    }

    private static URI url(String text, String option) {
      try {
        URI uri = new URI(text);
        if (uri.getScheme() == null
            || !uri.getScheme().matches("https?")
            || uri.getHost() == null) {
          throw new IllegalArgumentException(
              option + " must be an http(s) URL such as http://localhost:8080, not '" + text + "'");
        }
        return uri;
      } catch (URISyntaxException e) {
        throw new IllegalArgumentException(option + " is not a URL: '" + text + "'");
      }
    }
  }
}
