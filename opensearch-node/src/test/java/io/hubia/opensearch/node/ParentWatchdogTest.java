package io.hubia.opensearch.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ParentWatchdogTest {

  private static final long SELF_START =
      ProcessHandle.current().info().startInstant().orElseThrow().toEpochMilli();

  @Test
  void firesWhenThePipeReachesEndOfFile() throws Exception {
    PipedOutputStream parentSide = new PipedOutputStream();
    PipedInputStream stdin = new PipedInputStream(parentSide);
    CountDownLatch gone = new CountDownLatch(1);

    ParentWatchdog.start(stdin, ProcessHandle.current().pid(), SELF_START, gone::countDown);
    parentSide.write("ignored".getBytes());
    parentSide.flush();
    assertThat(gone.await(300, TimeUnit.MILLISECONDS)).isFalse();

    parentSide.close();
    assertThat(gone.await(3, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void firesOnceWhenBothSignalsCome() throws Exception {
    Process parent = new ProcessBuilder("true").start();
    parent.waitFor();
    AtomicInteger calls = new AtomicInteger();

    ParentWatchdog.start(
        new ByteArrayInputStream(new byte[0]), parent.pid(), -1, calls::incrementAndGet);

    Thread.sleep(300);
    assertThat(calls).hasValue(1);
  }

  @Test
  void firesWhenTheParentProcessDies() throws Exception {
    Process parent = new ProcessBuilder("sleep", "60").start();
    long start = parent.info().startInstant().orElseThrow().toEpochMilli();
    CountDownLatch gone = new CountDownLatch(1);

    ParentWatchdog.start(neverEnding(), parent.pid(), start, gone::countDown);
    assertThat(gone.await(300, TimeUnit.MILLISECONDS)).isFalse();

    parent.destroyForcibly().waitFor();
    assertThat(gone.await(3, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void aReusedPidIsNotTheParent() {
    long self = ProcessHandle.current().pid();

    assertThat(ParentWatchdog.isParentAlive(self, SELF_START)).isTrue();
    assertThat(ParentWatchdog.isParentAlive(self, -1)).isTrue();
    assertThat(ParentWatchdog.isParentAlive(self, SELF_START - 60_000)).isFalse();
  }

  @Test
  void aDeadPidIsNotAlive() throws Exception {
    Process child = new ProcessBuilder("true").start();
    child.waitFor();

    assertThat(ParentWatchdog.isParentAlive(child.pid(), -1)).isFalse();
  }

  private static InputStream neverEnding() {
    return new InputStream() {
      @Override
      public int read() {
        try {
          Thread.sleep(Long.MAX_VALUE);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        return -1;
      }
    };
  }
}
