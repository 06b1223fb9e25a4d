package io.hubia.runtime.local;

import io.hubia.runtime.ingest.pipeline.SyncProgress;
import java.io.PrintStream;
import java.util.Locale;

/**
 * Shows the ingestion of one RetrievalIndex on the console: one line per source read, then a bar of
 * the documents embedded, redrawn in place on a terminal and printed every 10% otherwise (so that a
 * log file stays readable).
 */
final class ConsoleProgress implements SyncProgress {
  private static final int WIDTH = 30;

  private final PrintStream out;
  private final String index;
  private final boolean terminal;
  private int lastTenth = -1;

  ConsoleProgress(PrintStream out, String index) {
    this.out = out;
    this.index = index;
    this.terminal = System.console() != null;
  }

  @Override
  public void sourceRead(String source, int documents, int skipped) {
    out.printf(
        Locale.ROOT,
        "  %s: source %s read, %d documents%s%n",
        index,
        source,
        documents,
        skipped == 0 ? "" : ", " + skipped + " skipped (see the summary)");
  }

  @Override
  public void sourceUnavailable(String source, String reason) {
    out.printf(Locale.ROOT, "  %s: source %s NOT read: %s%n", index, source, reason);
  }

  @Override
  public void documentsEmbedded(int done, int total) {
    if (total == 0) {
      return;
    }
    int filled = (int) Math.round(WIDTH * (double) done / total);
    String bar =
        String.format(
            Locale.ROOT,
            "  %s: embedding [%s%s] %d/%d documents",
            index,
            "#".repeat(filled),
            ".".repeat(WIDTH - filled),
            done,
            total);
    if (terminal) {
      out.print("\r" + bar + (done == total ? System.lineSeparator() : ""));
      out.flush();
    } else {
      int tenth = done * 10 / total;
      if (tenth != lastTenth) {
        lastTenth = tenth;
        out.println(bar);
      }
    }
  }
}
