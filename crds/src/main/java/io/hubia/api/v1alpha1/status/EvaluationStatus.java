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
  @JsonPropertyDescription("Passed, Failed, Running, or NotRun.")
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

  @JsonPropertyDescription("Results per suite.")
  private List<SuiteResult> suites = new ArrayList<>();
}
