package io.hubia.api.v1alpha1.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import lombok.Data;

/** When the index is synchronised with its sources. */
@Data
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SyncSpec {
  @Pattern(Patterns.CRON)
  @JsonPropertyDescription(
      "Cron schedule of incremental syncs, e.g. '0 */6 * * *'. A sync also runs on every spec"
          + " change.")
  private String schedule;

  @Pattern(Patterns.CRON)
  @JsonPropertyDescription(
      "Cron schedule of full rebuilds into a new physical index behind the alias.")
  private String fullRebuildSchedule;

  @JsonPropertyDescription("Pause scheduled syncs (spec changes still sync). Defaults to false.")
  private Boolean suspend;

  @Pattern(Patterns.DURATION)
  @JsonPropertyDescription("Longest a sync may run before it is stopped. Defaults to 1h.")
  private String timeout;
}
