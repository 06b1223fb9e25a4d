package io.hubia.eval.judge;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Measures a support judge against human labels: each labelled (sentence, snippet) pair is judged
 * and compared with its label. The shipped set is {@value #SHIPPED} on the class path.
 *
 * <p>The agreement is accuracy and Cohen's kappa, {@code κ = (p_o − p_e) / (1 − p_e)} with {@code
 * p_o} the observed agreement and {@code p_e} the agreement expected by chance from the two sides'
 * shares of "supported". A judge's "no verdict" counts as "not supported", as in a run. The
 * evaluation command refuses an LLM judge whose kappa is under {@value #MIN_KAPPA}.
 */
public final class JudgeCheck {
  /** The shipped labels, a class-path resource. */
  public static final String SHIPPED = "/io/hubia/eval/judge/support-labels.yaml";

  /**
   * The kappa an LLM judge must reach on the shipped labels to be used: "substantial agreement" on
   * the usual reading of kappa, and under what the lexical judge reaches, so a model that does
   * worse than word overlap is refused.
   */
  public static final double MIN_KAPPA = 0.6;

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private JudgeCheck() {}

  /**
   * One labelled pair.
   *
   * @param id a unique id, for messages
   * @param language {@code fr} or {@code en}
   * @param kind what the pair tests: verbatim, paraphrase, numbers, negation, partial, unrelated
   * @param sentence the sentence of an answer
   * @param snippet the cited passage
   * @param supported the human judgement: does the snippet, on its own, state the whole sentence
   * @param reason why, in one line
   */
  @JsonIgnoreProperties(ignoreUnknown = false)
  public record Label(
      String id,
      String language,
      String kind,
      String sentence,
      String snippet,
      Boolean supported,
      String reason) {}

  /**
   * The agreement of a judge with the labels, as a confusion table (the label is the truth).
   *
   * @param bothSupported labelled supported, judged supported
   * @param judgeOnly labelled not supported, judged supported
   * @param labelOnly labelled supported, judged not supported (no verdict included)
   * @param neither labelled not supported, judged not supported (no verdict included)
   * @param noVerdicts how many pairs got no verdict
   * @param disagreements the ids of the pairs judged against their label
   */
  public record Agreement(
      int bothSupported,
      int judgeOnly,
      int labelOnly,
      int neither,
      int noVerdicts,
      List<String> disagreements) {

    /** Freezes the list. */
    public Agreement {
      disagreements = List.copyOf(disagreements);
    }

    /** The number of labelled pairs. */
    public int items() {
      return bothSupported + judgeOnly + labelOnly + neither;
    }

    /** Share of pairs judged as labelled. */
    public double accuracy() {
      return items() == 0 ? Double.NaN : (bothSupported + neither) / (double) items();
    }

    /** Cohen's kappa; NaN when chance agreement is total (both sides give a single answer). */
    public double kappa() {
      double n = items();
      if (n == 0) {
        return Double.NaN;
      }
      double observed = (bothSupported + neither) / n;
      double judgeYes = (bothSupported + judgeOnly) / n;
      double labelYes = (bothSupported + labelOnly) / n;
      double chance = judgeYes * labelYes + (1 - judgeYes) * (1 - labelYes);
      return chance >= 1.0 ? Double.NaN : (observed - chance) / (1 - chance);
    }

    /** Whether the kappa reaches {@link #MIN_KAPPA}. */
    public boolean acceptable() {
      return kappa() >= MIN_KAPPA;
    }
  }

  /** The shipped labels. */
  public static List<Label> shipped() throws IOException {
    try (InputStream in = JudgeCheck.class.getResourceAsStream(SHIPPED)) {
      if (in == null) {
        throw new IOException("the labels " + SHIPPED + " are not on the class path");
      }
      return checked(YAML.readValue(in, new TypeReference<List<Label>>() {}), SHIPPED);
    }
  }

  /** Labels from a YAML file of the shipped format. */
  public static List<Label> read(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return checked(YAML.readValue(in, new TypeReference<List<Label>>() {}), file.toString());
    }
  }

  /** Judges every labelled pair with {@code judge} and counts the agreement. */
  public static Agreement measure(SupportJudge judge, List<Label> labels) {
    int both = 0;
    int judgeOnly = 0;
    int labelOnly = 0;
    int neither = 0;
    int noVerdicts = 0;
    List<String> disagreements = new ArrayList<>();
    for (Label label : labels) {
      SupportJudge.Verdict verdict = judge.judge(label.sentence(), label.snippet());
      if (verdict == SupportJudge.Verdict.NO_VERDICT) {
        noVerdicts++;
      }
      boolean judged = verdict.supported();
      if (judged && label.supported()) {
        both++;
      } else if (judged) {
        judgeOnly++;
      } else if (label.supported()) {
        labelOnly++;
      } else {
        neither++;
      }
      if (judged != label.supported()) {
        disagreements.add(label.id());
      }
    }
    return new Agreement(both, judgeOnly, labelOnly, neither, noVerdicts, disagreements);
  }

  private static List<Label> checked(List<Label> labels, String source) {
    if (labels == null || labels.isEmpty()) {
      throw new IllegalArgumentException(source + " has no labels");
    }
    Set<String> ids = new HashSet<>();
    for (Label label : labels) {
      if (label.id() == null || !ids.add(label.id())) {
        throw new IllegalArgumentException(
            source + ": missing or repeated id '" + label.id() + "'");
      }
      if (label.sentence() == null
          || label.sentence().isBlank()
          || label.snippet() == null
          || label.snippet().isBlank()
          || label.supported() == null) {
        throw new IllegalArgumentException(
            source + ": label '" + label.id() + "' needs a sentence, a snippet and supported");
      }
    }
    return List.copyOf(labels);
  }
}
