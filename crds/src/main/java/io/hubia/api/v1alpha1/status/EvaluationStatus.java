package io.hubia.api.v1alpha1.status;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.ArrayList;
import java.util.List;
import lombok.Data;

/** The latest evaluation of the workflow. */
@Data
@JsonInclude(JsonInclude.Include.NON_NULL)
public class EvaluationStatus {
  @JsonPropertyDescription(
      "Passed, Failed (a threshold is not met), Error (the evaluation could not run) or Running.")
  private String result;

  @JsonPropertyDescription(
      "Summary score, 0 to 1: the mean of the answer and security scores of all suites.")
  private Double score;

  @JsonPropertyDescription("metadata.generation of the workflow that was evaluated.")
  private Long generationEvaluated;

  @JsonPropertyDescription("Content generations of the indexes evaluated, as name=generation.")
  private List<String> indexGenerations = new ArrayList<>();

  @JsonPropertyDescription("When the evaluation finished (RFC 3339).")
  private String completionTime;

  @JsonPropertyDescription("Name of the evaluation Job, for its logs and report.")
  private String jobName;

  @JsonPropertyDescription("Revision evaluated: the configuration hash of the evaluated pods.")
  private String revision;

  @JsonPropertyDescription(
      "Why the evaluation failed or could not run: the metrics under their thresholds, or the"
          + " error.")
  private String message;

  @JsonPropertyDescription(
      "ConfigMap holding the full report of the latest evaluation (report.json, report.html).")
  private String report;

  @JsonPropertyDescription("Results per suite.")
  private List<SuiteResult> suites = new ArrayList<>();
}
