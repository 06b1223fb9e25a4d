package io.hubia.runtime.health;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * A check run on its own daemon thread with a fixed delay between runs, as the audit store's
 * maintenance is: never in the request path, and a failed run is logged without stopping the next
 * ones. Readiness checks only read what the last run found.
 */
final class BackgroundCheck implements AutoCloseable {
  private final ScheduledExecutorService executor;

  private BackgroundCheck(ScheduledExecutorService executor) {
    this.executor = executor;
  }

  /**
   * Runs {@code check} now, then {@code delay} after the end of each run.
   *
   * @param thread the thread's name
   */
  static BackgroundCheck start(String thread, Duration delay, Runnable check, Logger log) {
    long millis = Math.max(50, delay.toMillis());
    ScheduledExecutorService executor =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, thread);
              t.setDaemon(true);
              return t;
            });
    executor.scheduleWithFixedDelay(
        () -> {
          try {
            check.run();
          } catch (RuntimeException | Error e) {
            // keep checking: a failed run must not stop later ones
            log.error("Background check " + thread + " failed", e);
          }
        },
        0,
        millis,
        TimeUnit.MILLISECONDS);
    return new BackgroundCheck(executor);
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
