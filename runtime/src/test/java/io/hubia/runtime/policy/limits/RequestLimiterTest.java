package io.hubia.runtime.policy.limits;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.bucket4j.TimeMeter;
import io.hubia.runtime.api.LimitExceededException;
import io.hubia.runtime.api.ProblemTypes;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Requests per minute on a clock the test moves: bursts, refill, Retry-After, the bounded map. */
class RequestLimiterTest {

  /** A monotonic clock moved by hand. */
  private static final class ManualTime implements TimeMeter {
    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);

    @Override
    public long currentTimeNanos() {
      return nanos.get();
    }

    @Override
    public boolean isWallClockBased() {
      return false;
    }

    void advance(Duration d) {
      nanos.addAndGet(d.toNanos());
    }
  }

  private final ManualTime time = new ManualTime();
  private final RequestLimiter limiter = new RequestLimiter(time, 1000);

  private static WorkflowLimits perSubject(int perMinute) {
    return new WorkflowLimits("ns", "wf", perMinute, null, null, null, 1);
  }

  private static WorkflowLimits limits(Integer perSubject, Integer perWorkflow, int replicas) {
    return new WorkflowLimits("ns", "wf", perSubject, perWorkflow, null, null, replicas);
  }

  private int admitted(WorkflowLimits limits, String subject, int attempts) {
    int admitted = 0;
    for (int i = 0; i < attempts; i++) {
      if (limiter.acquire(limits, subject).isEmpty()) {
        admitted++;
      }
    }
    return admitted;
  }

  @Test
  void aBurstUpToTheLimitThenOneRequestPerShareOfTheMinute() {
    WorkflowLimits three = perSubject(3);

    assertThat(admitted(three, "alice", 3)).isEqualTo(3);
    Optional<Refusal> fourth = limiter.acquire(three, "alice");
    assertThat(fourth).isPresent();
    assertThat(fourth.get().limit()).isEqualTo(Limit.REQUESTS_SUBJECT);
    assertThat(fourth.get().value()).isEqualTo(3);
    // one request comes back every 60 / 3 = 20 s
    assertThat(fourth.get().retryAfterSeconds()).isEqualTo(20);

    time.advance(Duration.ofMillis(19_500));
    assertThat(limiter.acquire(three, "alice").get().retryAfterSeconds()).isEqualTo(1);
    time.advance(Duration.ofMillis(500));
    assertThat(limiter.acquire(three, "alice")).isEmpty();
    assertThat(limiter.acquire(three, "alice")).isPresent();

    // a whole minute refills the burst, not more
    time.advance(Duration.ofMinutes(5));
    assertThat(admitted(three, "alice", 10)).isEqualTo(3);
  }

  @Test
  void otherCallersHaveTheirOwnBucket() {
    WorkflowLimits one = perSubject(1);

    assertThat(limiter.acquire(one, "alice")).isEmpty();
    assertThat(limiter.acquire(one, "alice")).isPresent();
    assertThat(limiter.acquire(one, "bob")).isEmpty();
    // and so do other workflows for the same caller
    assertThat(limiter.acquire(new WorkflowLimits("ns", "other", 1, null, null, null, 1), "alice"))
        .isEmpty();
  }

  @Test
  void retryAfterIsTheTimeOneRequestTakesToComeBackRoundedUp() {
    WorkflowLimits seven = perSubject(7);
    admitted(seven, "alice", 7);

    // 60 / 7 = 8.57 s
    assertThat(limiter.acquire(seven, "alice").get().retryAfterSeconds()).isEqualTo(9);

    WorkflowLimits many = perSubject(600);
    admitted(many, "bob", 600);
    // 0.1 s: never 0, which would tell a client to retry at once
    assertThat(limiter.acquire(many, "bob").get().retryAfterSeconds()).isEqualTo(1);
  }

  @Test
  void theWorkflowLimitCountsEveryCallerAndGivesBackWhatItRefuses() {
    WorkflowLimits limits = limits(1, 2, 1);

    assertThat(limiter.acquire(limits, "bob")).isEmpty();
    assertThat(limiter.acquire(limits, "carol")).isEmpty();
    Refusal refused = limiter.acquire(limits, "alice").orElseThrow();
    assertThat(refused.limit()).isEqualTo(Limit.REQUESTS_WORKFLOW);
    assertThat(refused.value()).isEqualTo(2);
    assertThat(refused.retryAfterSeconds()).isEqualTo(30);

    // 30 s later the workflow has one request again; alice's own bucket (1 per minute) was given
    // back the request the workflow refused, so she is admitted without waiting a minute
    time.advance(Duration.ofSeconds(30));
    assertThat(limiter.acquire(limits, "alice")).isEmpty();
  }

  @Test
  void eachReplicaEnforcesItsShareRoundedUp() {
    WorkflowLimits tenOnThree = limits(10, null, 3);

    assertThat(tenOnThree.subjectRequestsPerReplica()).isEqualTo(4);
    assertThat(admitted(tenOnThree, "alice", 10)).isEqualTo(4);
    Refusal refused = limiter.acquire(tenOnThree, "alice").orElseThrow();
    // the caller is told the policy's limit, not the replica's share
    assertThat(refused.value()).isEqualTo(10);
    assertThat(refused.retryAfterSeconds()).isEqualTo(15);

    assertThat(limits(1, 5, 50).subjectRequestsPerReplica()).isEqualTo(1);
    assertThat(limits(1, 5, 50).workflowRequestsPerReplica()).isEqualTo(1);
    assertThat(limits(null, null, 3).subjectRequestsPerReplica()).isNull();
  }

  @Test
  void withoutLimitsNothingIsCountedOrKept() {
    WorkflowLimits none = limits(null, null, 1);

    assertThat(admitted(none, "alice", 1000)).isEqualTo(1000);
    assertThat(limiter.size()).isZero();
  }

  @Test
  void theMapOfBucketsIsBoundedAndForgetsFullBuckets() {
    RequestLimiter small = new RequestLimiter(time, 100);
    WorkflowLimits one = perSubject(1);

    for (int i = 0; i < 10_000; i++) {
      small.acquire(one, "caller-" + i);
    }
    assertThat(small.size()).isLessThanOrEqualTo(100);

    // a minute after its last use a bucket is full again: forgetting it changes nothing
    time.advance(Duration.ofSeconds(61));
    assertThat(small.size()).isZero();
    assertThat(small.acquire(one, "caller-9999")).isEmpty();
  }

  @Test
  void aRefusalIsA429ProblemWithRetryAfterThatNamesTheLimitOnly() {
    admitted(perSubject(2), "alice", 2);
    LimitExceededException e = limiter.acquire(perSubject(2), "alice").get().toException();

    assertThat(e.retryAfterSeconds()).isEqualTo(30);
    var problem = e.toProblem("/v1/agents/wf/ask");
    assertThat(problem.status()).isEqualTo(429);
    assertThat(problem.type()).isEqualTo(ProblemTypes.RATE_LIMITED);
    assertThat(problem.type()).isEqualTo("https://hubia.io/problems/rate-limited");
    assertThat(problem.detail())
        .isEqualTo(
            "You sent more requests than this workflow accepts from one caller: 2 per minute."
                + " Retry in 30 s.");
  }
}
