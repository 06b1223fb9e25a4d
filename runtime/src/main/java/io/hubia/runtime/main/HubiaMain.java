package io.hubia.runtime.main;

import io.hubia.api.sync.IngestionJobContract;
import io.hubia.runtime.ingest.job.IngestCommand;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;
import java.util.logging.Level;
import org.jboss.logmanager.LogContext;
import org.jboss.logmanager.Logger;
import org.jboss.logmanager.formatters.PatternFormatter;
import org.jboss.logmanager.handlers.ConsoleHandler;

/**
 * Entry point of the runtime image. With no argument it serves an AgentWorkflow (the Quarkus
 * application); with {@code ingest} it runs one sync of a RetrievalIndex ({@link IngestCommand})
 * and exits, without starting the HTTP server.
 */
@QuarkusMain
public final class HubiaMain {
  private HubiaMain() {}

  /**
   * Quarkus configures logging when it starts; the ingest command does not start it, so it sets up
   * the console itself: one line per event on stderr, with the index being synced (MDC {@code
   * hubia.index}) so that the lines of a sync can be told apart in a log store.
   */
  private static void logToConsole() {
    Logger root = LogContext.getLogContext().getLogger("");
    root.setLevel(Level.INFO);
    // DJL looks for a GPU and warns twice when there is none, as in every CPU-only pod
    LogContext.getLogContext().getLogger("ai.djl.util.cuda").setLevel(Level.SEVERE);
    root.addHandler(
        new ConsoleHandler(
            ConsoleHandler.Target.SYSTEM_ERR,
            new PatternFormatter(
                "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5p [%c{1.}] (%X{hubia.index}) %s%e%n")));
  }

  public static void main(String... args) {
    if (args.length > 0 && args[0].equals(IngestionJobContract.COMMAND)) {
      logToConsole();
      System.exit(IngestCommand.main());
    }
    Quarkus.run(args);
  }
}
