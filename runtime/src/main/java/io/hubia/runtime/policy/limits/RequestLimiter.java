package io.hubia.runtime.policy.limits;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import java.time.Duration;
import java.util.Optional;

/**
 * Requests per minute per caller and per workflow, counted by this replica: one token bucket per
 * (workflow, caller) and one per workflow, each holding this replica's share of the policy's value
 * ({@link WorkflowLimits#subjectRequestsPerReplica()}) and refilled greedily over a minute. A
 * caller may send a burst of up to the limit at once, then one request every {@code 60 / limit}
 * seconds: about the limit per minute, and never more than twice the limit in any minute.
 *
 * <p>The buckets live in a bounded map that forgets a bucket a minute after its last use: by then
 * it has refilled completely, so forgetting it changes nothing. The bound only matters under a
 * flood of distinct callers; a bucket dropped to make room comes back full.
 *
 * <p>Thread-safe.
 */
public final class RequestLimiter {
  /** The period of every request limit. */
  public static final Duration PERIOD = Duration.ofMinutes(1);

  private final TimeMeter time;
  private final Cache<Key, Bucket> buckets;

  /** One bucket: a workflow ({@code subject} {@code null}) or a caller of it, at one capacity. */
  private record Key(String namespace, String workflow, String subject, int capacity) {}

  /** A limiter on the system's monotonic clock, keeping at most {@code maxBuckets} buckets. */
  public RequestLimiter(long maxBuckets) {
    this(TimeMeter.SYSTEM_NANOTIME, maxBuckets);
  }

  /** A limiter on {@code time} (tests move it by hand). */
  RequestLimiter(TimeMeter time, long maxBuckets) {
    this.time = time;
    this.buckets =
        Caffeine.newBuilder()
            .maximumSize(maxBuckets)
            .expireAfterAccess(PERIOD)
            .ticker(time::currentTimeNanos)
            // evictions run on the calling thread: predictable, and a few map operations at most
            .executor(Runnable::run)
            .build();
  }

  /**
   * Takes one request from the caller's bucket, then from the workflow's.
   *
   * @return the refusal, if a bucket is empty; a request the workflow's bucket refuses is given
   *     back to the caller's, so that a busy workflow does not eat its callers' own limits
   */
  public Optional<Refusal> acquire(WorkflowLimits limits, String subject) {
    Bucket callers = null;
    Integer perSubject = limits.subjectRequestsPerReplica();
    if (perSubject != null) {
      callers = bucket(new Key(limits.namespace(), limits.workflow(), subject, perSubject));
      ConsumptionProbe probe = callers.tryConsumeAndReturnRemaining(1);
      if (!probe.isConsumed()) {
        return Optional.of(
            refusal(Limit.REQUESTS_SUBJECT, limits.requestsPerMinutePerSubject(), probe));
      }
    }
    Integer perWorkflow = limits.workflowRequestsPerReplica();
    if (perWorkflow != null) {
      Bucket workflows = bucket(new Key(limits.namespace(), limits.workflow(), null, perWorkflow));
      ConsumptionProbe probe = workflows.tryConsumeAndReturnRemaining(1);
      if (!probe.isConsumed()) {
        if (callers != null) {
          callers.addTokens(1);
        }
        return Optional.of(
            refusal(Limit.REQUESTS_WORKFLOW, limits.requestsPerMinutePerWorkflow(), probe));
      }
    }
    return Optional.empty();
  }

  /** Buckets held now, after pending evictions (tests, and to size the bound). */
  long size() {
    buckets.cleanUp();
    return buckets.estimatedSize();
  }

  private Bucket bucket(Key key) {
    return buckets.get(
        key,
        k ->
            Bucket.builder()
                .addLimit(l -> l.capacity(k.capacity()).refillGreedy(k.capacity(), PERIOD))
                .withCustomTimePrecision(time)
                .build());
  }

  private static Refusal refusal(Limit limit, long value, ConsumptionProbe probe) {
    long nanos = probe.getNanosToWaitForRefill();
    long seconds = (nanos + 999_999_999L) / 1_000_000_000L;
    return new Refusal(limit, value, seconds, null);
  }
}
