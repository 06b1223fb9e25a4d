package io.hubia.runtime.policy.limits;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Model tokens per day per caller and per workflow, against the audit trail: the record every
 * replica writes to, so a budget holds for the whole workflow, not per pod.
 *
 * <p>A day starts at midnight in {@code zone}. The tokens a caller, or the workflow, spent since
 * then are read from the audit trail at most once every {@code cacheFor} per key and replica, and
 * the tokens of each answer this replica gives are added to the count it holds, so a caller sending
 * questions one after another cannot go much past the budget between two reads. Requests running at
 * the same time all pass the check before any of them has spent: a budget can be overshot by what
 * those answers cost, and by what other replicas spent since their last read.
 *
 * <p>Thread-safe. Counts live in a bounded map; a count dropped early is read again.
 */
public final class TokenBudgets {

  /** Reads the tokens spent from the audit trail. */
  @FunctionalInterface
  public interface Usage {
    /**
     * Tokens of a workflow's events since {@code since}, of {@code subject} or of all callers
     * ({@code null}).
     *
     * @throws RuntimeException if the audit trail cannot be read (the count is not cached)
     */
    long tokensSince(String namespace, String workflow, String subject, Instant since);
  }

  private final Usage usage;
  private final ZoneId zone;
  private final Clock clock;
  private final Cache<Key, AtomicLong> spent;

  /** The tokens of a workflow ({@code subject} {@code null}) or of one of its callers, one day. */
  private record Key(String namespace, String workflow, String subject, LocalDate day) {}

  /**
   * @param usage where the tokens spent are read
   * @param zone the zone whose midnight starts a day
   * @param cacheFor how long a count read is trusted (plus this replica's own answers)
   * @param maxEntries counts kept at most
   * @param clock the time of day; also times the cache
   */
  public TokenBudgets(Usage usage, ZoneId zone, Duration cacheFor, long maxEntries, Clock clock) {
    this.usage = usage;
    this.zone = zone;
    this.clock = clock;
    this.spent =
        Caffeine.newBuilder()
            .maximumSize(maxEntries)
            .expireAfterWrite(cacheFor)
            .ticker(() -> clock.millis() * 1_000_000L)
            .executor(Runnable::run)
            .build();
  }

  /** The zone of the day boundary. */
  public ZoneId zone() {
    return zone;
  }

  /**
   * Whether the caller may have a model answer: refused when the caller or the workflow has spent
   * its budget for the day.
   *
   * @throws RuntimeException if the audit trail cannot be read ({@link Usage})
   */
  public Optional<Refusal> check(WorkflowLimits limits, String subject) {
    Instant now = clock.instant();
    LocalDate today = LocalDate.ofInstant(now, zone);
    Long perSubject = limits.tokensPerDayPerSubject();
    if (perSubject != null && spent(key(limits, subject, today)) >= perSubject) {
      return Optional.of(refusal(Limit.TOKENS_SUBJECT, perSubject, now));
    }
    Long perWorkflow = limits.tokensPerDayPerWorkflow();
    if (perWorkflow != null && spent(key(limits, null, today)) >= perWorkflow) {
      return Optional.of(refusal(Limit.TOKENS_WORKFLOW, perWorkflow, now));
    }
    return Optional.empty();
  }

  /** Adds the tokens of an answer this replica gave to the counts it holds. */
  public void spent(WorkflowLimits limits, String subject, long tokens) {
    if (tokens <= 0 || !limits.budgetsTokens()) {
      return;
    }
    LocalDate today = LocalDate.ofInstant(clock.instant(), zone);
    add(key(limits, subject, today), tokens);
    add(key(limits, null, today), tokens);
  }

  /** Seconds from {@code now} to the start of the next day. */
  long secondsToNextDay(Instant now) {
    Instant next = LocalDate.ofInstant(now, zone).plusDays(1).atStartOfDay(zone).toInstant();
    return (Duration.between(now, next).toMillis() + 999) / 1000;
  }

  private Key key(WorkflowLimits limits, String subject, LocalDate day) {
    return new Key(limits.namespace(), limits.workflow(), subject, day);
  }

  private long spent(Key key) {
    return spent
        .get(
            key,
            k ->
                new AtomicLong(
                    usage.tokensSince(
                        k.namespace(),
                        k.workflow(),
                        k.subject(),
                        k.day().atStartOfDay(zone).toInstant())))
        .get();
  }

  private void add(Key key, long tokens) {
    AtomicLong count = spent.getIfPresent(key);
    if (count != null) {
      count.addAndGet(tokens);
    }
  }

  private Refusal refusal(Limit limit, long budget, Instant now) {
    return new Refusal(limit, budget, secondsToNextDay(now), zone);
  }
}
