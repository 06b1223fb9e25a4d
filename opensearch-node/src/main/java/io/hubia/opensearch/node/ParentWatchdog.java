package io.hubia.opensearch.node;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Stops the node when the process that started it is gone, so that no orphan node keeps its port.
 *
 * <p>Two independent signals, as either alone can miss: the parent's pipe on standard input reaches
 * end-of-file (the kernel closes it whenever the parent dies, even on {@code kill -9}), and the
 * parent's PID, polled every second, is no longer alive or now belongs to another process (its
 * start time differs).
 */
final class ParentWatchdog {

  static final Duration POLL_INTERVAL = Duration.ofSeconds(1);

  private ParentWatchdog() {}

  /**
   * Starts both watchdog threads (daemons); {@code onParentGone} runs at most once.
   *
   * @param parentStartMillis the parent's start time in epoch milliseconds, or a negative number
   *     when the parent could not read it (then only the PID is checked)
   */
  static void start(
      InputStream stdin, long parentPid, long parentStartMillis, Runnable onParentGone) {
    AtomicBoolean fired = new AtomicBoolean();
    Runnable once =
        () -> {
          if (fired.compareAndSet(false, true)) {
            onParentGone.run();
          }
        };
    daemon(
        "parent-stdin-watchdog",
        () -> {
          awaitEndOfInput(stdin);
          System.err.println("Parent pipe closed: stopping the OpenSearch node");
          once.run();
        });
    daemon(
        "parent-pid-watchdog",
        () -> {
          while (isParentAlive(parentPid, parentStartMillis)) {
            try {
              Thread.sleep(POLL_INTERVAL.toMillis());
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
              return;
            }
          }
          System.err.println("Parent process " + parentPid + " gone: stopping the OpenSearch node");
          once.run();
        });
  }

  /** True while the process {@code pid} is alive and, if known, started at {@code startMillis}. */
  static boolean isParentAlive(long pid, long startMillis) {
    return ProcessHandle.of(pid)
        .filter(ProcessHandle::isAlive)
        .map(
            handle ->
                startMillis < 0
                    || handle
                        .info()
                        .startInstant()
                        .map(start -> start.toEpochMilli() == startMillis)
                        .orElse(true))
        .orElse(false);
  }

  private static void awaitEndOfInput(InputStream stdin) {
    byte[] buffer = new byte[256];
    try {
      while (stdin.read(buffer) >= 0) {
        // The parent writes nothing; anything it writes is ignored.
      }
    } catch (IOException e) {
      // A broken pipe means the same as end-of-file: the parent is gone.
    }
  }

  private static void daemon(String name, Runnable body) {
    Thread thread = new Thread(body, name);
    thread.setDaemon(true);
    thread.start();
  }
}
