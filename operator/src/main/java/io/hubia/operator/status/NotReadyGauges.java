package io.hubia.operator.status;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.hubia.api.v1alpha1.status.Condition;
import io.javaoperatorsdk.operator.api.reconciler.IndexedResourceCache;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * {@code hubia_operator_resources_not_ready{kind, reason}}: how many resources of a kind are {@code
 * Ready=False} with a reason now, counted at scrape time from the operator's own caches (deleted
 * resources are gone from them, so nothing is forgotten by hand). Alerts read it to fire while a
 * condition lasts, where the transition counters only say that it began.
 *
 * <p>A series exists once a resource of that kind has been seen not Ready with that reason (its
 * value is then 0 again when none is), so a healthy installation exports none.
 */
public final class NotReadyGauges {
  static final String NAME = "hubia.operator.resources.not.ready";

  private final MeterRegistry registry;
  private final Map<String, Supplier<Stream<List<Condition>>>> kinds = new ConcurrentHashMap<>();
  private final Set<String> registered = ConcurrentHashMap.newKeySet();

  public NotReadyGauges(MeterRegistry registry) {
    this.registry = registry;
  }

  /** Counts the resources of {@code kind} in {@code cache}, reading their conditions. */
  public <R extends HasMetadata> void track(
      String kind, IndexedResourceCache<R> cache, Function<R, List<Condition>> conditions) {
    kinds.put(kind, () -> cache.list().map(conditions));
  }

  /** Makes sure the series of {@code kind} and {@code reason} exists. */
  void observe(String kind, String reason) {
    if (registered.add(kind + "/" + reason)) {
      Gauge.builder(NAME, this, gauges -> gauges.count(kind, reason))
          .description("Resources whose Ready condition is False with this reason, now")
          .tags("kind", kind, "reason", reason)
          .register(registry);
    }
  }

  /**
   * Resources of {@code kind} that are Ready=False with {@code reason}; NaN for an untracked kind.
   */
  double count(String kind, String reason) {
    Supplier<Stream<List<Condition>>> resources = kinds.get(kind);
    if (resources == null) {
      return Double.NaN;
    }
    return resources
        .get()
        .filter(Objects::nonNull)
        .map(conditions -> Conditions.find(conditions, ConditionType.Ready))
        .filter(
            ready ->
                ready.isPresent()
                    && "False".equals(ready.get().getStatus())
                    && reason.equals(ready.get().getReason()))
        .count();
  }
}
