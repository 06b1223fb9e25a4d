package io.hubia.api.v1alpha1.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.ArrayList;
import java.util.List;
import lombok.Data;

/**
 * The citation rule: every factual claim is supported by a cited chunk, or the answer falls back.
 */
@Data
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value =
        "!has(self.fallbackMessages) || self.fallbackMessages.all(m, self.fallbackMessages.filter(o, o.language == m.language).size() == 1)",
    message =
        "one fallback message per language in citations.fallbackMessages: remove the"
            + " duplicate")
public class CitationSpec {
  @Min(0)
  @Max(1)
  @JsonPropertyDescription(
      "Least support score (similarity and overlap of a claim with its cited chunk) for the claim"
          + " to stay. Defaults to 0.5.")
  private Double minSupportScore;

  @Min(0)
  @Max(1)
  @JsonPropertyDescription(
      "Least retrieval score of the best chunk; below it the answer falls back. Defaults to 0.2.")
  private Double minRetrievalScore;

  @Min(0)
  @Max(1)
  @JsonPropertyDescription(
      "Least share of the answer's claims that must survive verification; below it the answer"
          + " falls back. Defaults to 0.5.")
  private Double minSupportedShare;

  @Size(max = 2)
  @JsonPropertyDescription(
      "Fallback message per language. Defaults to Hubia's messages in French and English.")
  private List<FallbackMessage> fallbackMessages = new ArrayList<>();
}
