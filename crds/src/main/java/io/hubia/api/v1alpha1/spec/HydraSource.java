package io.hubia.api.v1alpha1.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import lombok.Data;

/** A JSON-LD / Hydra collection served by API Platform, read page by page. */
@Data
@JsonInclude(JsonInclude.Include.NON_NULL)
public class HydraSource {
  @Required
  @Pattern(Patterns.HTTP_URL)
  @Size(max = 2048)
  @JsonPropertyDescription("URL of the collection, e.g. https://crm.example.org/api/articles.")
  private String url;

  @Required
  @JsonPropertyDescription("How member fields map to title, body, link, labels and update time.")
  private HydraFieldMapping fields;

  @JsonPropertyDescription("Secret key whose value is sent as the Authorization header.")
  private SecretKeyRef authSecretRef;

  @Min(1)
  @Max(1000)
  @JsonPropertyDescription("Most pages read in one sync. Defaults to 100.")
  private Integer maxPages;
}
