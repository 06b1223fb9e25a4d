package io.hubia.api.v1alpha1.status;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.ArrayList;
import java.util.List;
import lombok.Data;

/** The results of one evaluation suite. */
@Data
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SuiteResult {
  @JsonPropertyDescription("Suite name: golden, unanswerable, injection or redteam.")
  private String name;

  @JsonPropertyDescription("Cases run.")
  private Integer cases;

  @JsonPropertyDescription("Whether every thresholded metric of the suite passed.")
  private Boolean passed;

  @JsonPropertyDescription("Metrics of the suite.")
  private List<MetricResult> metrics = new ArrayList<>();
}
