package io.hubia.api.v1alpha1.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;
import lombok.Data;

/** Prompts and language of the agent. Retrieved text is always passed as delimited data. */
@Data
@JsonInclude(JsonInclude.Include.NON_NULL)
public class PromptsSpec {
  @Size(max = 20000)
  @JsonPropertyDescription(
      "System prompt. Defaults to Hubia's prompt, which demands numbered citations [n] and treats"
          + " retrieved text as data.")
  private String system;

  @Size(max = 5000)
  @JsonPropertyDescription(
      "Prompt that rewrites a follow-up question into a standalone one before retrieval.")
  private String rewrite;

  @JsonPropertyDescription(
      "Language of answers and fallback messages when the question's language cannot be"
          + " detected: fr or en. Defaults to fr.")
  private Language defaultLanguage;
}
