package io.hubia.api.v1alpha1.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import lombok.Data;

/** How an HTTP tool calls its endpoint. */
@Data
@JsonInclude(JsonInclude.Include.NON_NULL)
public class HttpToolSpec {
  @Required
  @Pattern(Patterns.HTTP_URL)
  @Size(max = 2048)
  @JsonPropertyDescription(
      "URL template of the endpoint; {argument} placeholders are filled with the call's"
          + " arguments, URL-encoded.")
  private String url;

  @JsonPropertyDescription("HTTP method. Defaults to GET.")
  private HttpMethod method;

  @JsonPropertyDescription("Secret key whose value is sent as the Authorization header.")
  private SecretKeyRef authSecretRef;

  @Pattern(Patterns.DURATION)
  @JsonPropertyDescription("Timeout of one call, e.g. 10s. Defaults to 10s.")
  private String timeout;

  @Min(1)
  @Max(10485760)
  @JsonPropertyDescription("Largest response body read, in bytes. Defaults to 1 MiB.")
  private Integer maxResponseBytes;
}
