package io.hubia.operator.index;

import io.hubia.api.sync.SyncOutcome;
import io.hubia.api.v1alpha1.RetrievalIndex;
import io.hubia.api.v1alpha1.status.RetrievalIndexStatus;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Metrics of RetrievalIndex syncs (see docs/metrics.md): {@code hubia_sync_jobs_total} by mode and
 * result, and per index the time of the last successful sync, documents, chunks and skipped
 * documents, from which the "index out of date" and "sync failing" alerts are computed.
 */
final class SyncMetrics {
  private final MeterRegistry registry;
  private final Map<String, IndexGauges> gauges = new ConcurrentHashMap<>();

  SyncMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  void jobFinished(RetrievalIndex index, SyncOutcome.Mode mode, boolean succeeded) {
    registry
        .counter(
            "hubia.sync.jobs",
            "namespace",
            index.getMetadata().getNamespace(),
            "mode",
            mode.name(),
            "result",
            succeeded ? "succeeded" : "failed")
        .increment();
  }

  void record(RetrievalIndex index, RetrievalIndexStatus status) {
    IndexGauges g = gauges.computeIfAbsent(key(index), k -> new IndexGauges(index));
    g.lastSuccess.set(epochSeconds(status.getLastSuccessfulSyncTime()));
    g.documents.set(status.getDocuments() == null ? 0 : status.getDocuments());
    g.chunks.set(status.getChunks() == null ? 0 : status.getChunks());
    g.skipped.set(status.getSkippedDocuments() == null ? 0 : status.getSkippedDocuments());
  }

  void forget(RetrievalIndex index) {
    IndexGauges g = gauges.remove(key(index));
    if (g != null) {
      g.meters.forEach(registry::remove);
    }
  }

  private static String key(RetrievalIndex index) {
    return index.getMetadata().getNamespace() + "/" + index.getMetadata().getName();
  }

  private static long epochSeconds(String time) {
    if (time == null) {
      return 0;
    }
    try {
      return Instant.parse(time).getEpochSecond();
    } catch (DateTimeParseException e) {
      return 0;
    }
  }

  private final class IndexGauges {
    final AtomicLong lastSuccess = new AtomicLong();
    final AtomicLong documents = new AtomicLong();
    final AtomicLong chunks = new AtomicLong();
    final AtomicLong skipped = new AtomicLong();
    final List<Meter> meters;

    IndexGauges(RetrievalIndex index) {
      Tags tags =
          Tags.of(
              "namespace", index.getMetadata().getNamespace(),
              "name", index.getMetadata().getName());
      meters =
          List.of(
              gauge("hubia.retrieval.index.last.success.timestamp.seconds", lastSuccess, tags),
              gauge("hubia.retrieval.index.documents", documents, tags),
              gauge("hubia.retrieval.index.chunks", chunks, tags),
              gauge("hubia.retrieval.index.skipped.documents", skipped, tags));
    }

    private Meter gauge(String name, AtomicLong value, Tags tags) {
      return Gauge.builder(name, value, AtomicLong::doubleValue).tags(tags).register(registry);
    }
  }
}
