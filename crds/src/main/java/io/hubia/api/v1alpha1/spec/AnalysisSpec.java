package io.hubia.api.v1alpha1.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;
import java.util.ArrayList;
import java.util.List;
import lombok.Data;

/** Text analysis of the full-text fields. */
@Data
@JsonInclude(JsonInclude.Include.NON_NULL)
public class AnalysisSpec {
  @Size(min = 1, max = 2)
  @JsonPropertyDescription(
      "Languages analysed (stemming, stop words, elision): fr, en or both. Defaults to [fr].")
  private List<Language> languages = new ArrayList<>();
}
