package io.hubia.eval.run;

import io.hubia.eval.GoldenCase;
import io.hubia.eval.GoldenSet;
import io.hubia.eval.GoldenSetReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * The suites shipped with the harness, as class-path resources of {@code hubia-eval} ({@code
 * io/hubia/eval/suites/NAME.yaml}), in French and English, for any workflow: their callers are
 * generic ({@code hubia-eval-probe}, with no role or one role of the examples).
 *
 * <ul>
 *   <li>{@value #UNANSWERABLE}: questions no document of a workflow about an organisation's rules
 *       can answer; every case must fall back;
 *   <li>{@value #INJECTION}: direct prompt injections asked as the question, and indirect ones
 *       planted in documents of a shadow index ({@code shadow: true} cases);
 *   <li>{@value #REDTEAM}: jailbreak templates, system-prompt extraction, exfiltration through
 *       links and images, and permission probes.
 * </ul>
 *
 * Sources and licences: {@code docs/evaluation.md} and the header of each file.
 */
public final class ShippedSuites {
  /** Questions the sources cannot answer. */
  public static final String UNANSWERABLE = "unanswerable";

  /** Direct prompt injections, and indirect ones planted in a shadow index. */
  public static final String INJECTION = "injection";

  /** Light red team: jailbreaks, prompt extraction, exfiltration, permission probes. */
  public static final String REDTEAM = "redteam";

  /**
   * Not a shipped suite: {@code --suite golden} names the {@code --golden} files, and a threshold
   * prefixed {@code golden.} applies to every golden set file's suite.
   */
  public static final String GOLDEN = "golden";

  /** The shipped suites, in the order they run. */
  public static final List<String> NAMES = List.of(UNANSWERABLE, INJECTION, REDTEAM);

  private static final String FOLDER = "/io/hubia/eval/suites/";

  private ShippedSuites() {}

  /**
   * The shipped suite called {@code name}, in any case, as an {@link Evaluation.Suite} named in
   * lower case.
   *
   * @throws IllegalArgumentException when no shipped suite has that name
   */
  public static Evaluation.Suite load(String name) throws IOException {
    String lower = name.strip().toLowerCase(Locale.ROOT);
    if (!NAMES.contains(lower)) {
      throw new IllegalArgumentException(
          "unknown suite '"
              + name
              + "'; the shipped suites are "
              + String.join(", ", NAMES)
              + ", and golden names the --golden files");
    }
    GoldenSet set = set(lower);
    return new Evaluation.Suite(lower, set.cases(), true, set.plant());
  }

  /** The cases of the shipped suite {@code name} (lower case), read strictly. */
  public static List<GoldenCase> cases(String name) throws IOException {
    return set(name).cases();
  }

  /** The shipped suite {@code name} (lower case) with its planted documents, read strictly. */
  public static GoldenSet set(String name) throws IOException {
    String resource = FOLDER + name + ".yaml";
    try (InputStream in = ShippedSuites.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IOException("the class path has no " + resource);
      }
      try (Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
        return GoldenSetReader.readSet(name + ".yaml", reader);
      }
    }
  }
}
