package io.hubia.api.v1alpha1.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import lombok.Data;

/** OpenSearch settings of the physical index. */
@Data
@JsonInclude(JsonInclude.Include.NON_NULL)
public class OpenSearchIndexSpec {
  @Pattern(Patterns.NAME)
  @JsonPropertyDescription(
      "Secret with the OpenSearch connection (keys url, username, password, ca.crt). Defaults"
          + " to the operator's configured connection.")
  private String connectionSecretName;

  @Min(1)
  @Max(64)
  @JsonPropertyDescription("Primary shards. Defaults to 1.")
  private Integer shards;

  @Min(0)
  @Max(5)
  @JsonPropertyDescription("Replicas of each shard. Defaults to 1.")
  private Integer replicas;
}
