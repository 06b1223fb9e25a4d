package io.hubia.api.v1alpha1.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.ArrayList;
import java.util.List;
import lombok.Data;

/** Web pages fetched from one host. */
@Data
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "(has(self.urls) && size(self.urls) > 0) || has(self.sitemap)",
    message = "a web source needs 'urls', 'sitemap' or both")
public class WebSource {
  @Size(max = 200)
  @JsonPropertyDescription("Start URLs, at most 200; links are followed on the same host only.")
  private List<@Size(max = 2048) String> urls = new ArrayList<>();

  @Pattern(Patterns.HTTP_URL)
  @Size(max = 2048)
  @JsonPropertyDescription("URL of a sitemap.xml listing the pages to fetch.")
  private String sitemap;

  @Min(0)
  @Max(5)
  @JsonPropertyDescription("How many links deep to follow from the start URLs. Defaults to 0.")
  private Integer maxDepth;

  @Min(1)
  @Max(10000)
  @JsonPropertyDescription("Most pages fetched in one sync. Defaults to 500.")
  private Integer maxPages;

  @Min(1024)
  @Max(52428800)
  @JsonPropertyDescription(
      "Largest page read, in bytes; larger pages are skipped. Defaults to 5 MiB.")
  private Integer maxBytes;
}
