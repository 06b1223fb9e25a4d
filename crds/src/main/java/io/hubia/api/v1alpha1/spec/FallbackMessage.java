package io.hubia.api.v1alpha1.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import lombok.Data;

/** The message returned when sources are not enough, in one language. */
@Data
@JsonInclude(JsonInclude.Include.NON_NULL)
public class FallbackMessage {
  @Required
  @JsonPropertyDescription("Language of the message: fr or en.")
  private Language language;

  @Required
  @Size(min = 1, max = 2000)
  @JsonPropertyDescription("The message.")
  private String text;
}
