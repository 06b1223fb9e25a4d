package io.hubia.api.v1alpha1.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import java.util.ArrayList;
import java.util.List;
import lombok.Data;

/** Human approval of tool calls and low-confidence answers. */
@Data
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ApprovalSpec {
  @Size(max = 20)
  @JsonPropertyDescription("Subjects allowed to approve or reject requests.")
  private List<@Size(max = 63) String> approvers = new ArrayList<>();

  @Min(0)
  @Max(1)
  @JsonPropertyDescription(
      "Answers whose confidence is below this wait for approval; absent means never.")
  private Double minConfidence;

  @Pattern(Patterns.DURATION)
  @JsonPropertyDescription("How long a request waits for a decision. Defaults to 24h.")
  private String timeout;

  @JsonPropertyDescription("Outcome when nobody decides in time. Defaults to Reject.")
  private ApprovalTimeoutAction onTimeout;
}
