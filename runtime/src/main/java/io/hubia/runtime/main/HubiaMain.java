package io.hubia.runtime.main;

import io.hubia.api.sync.IngestionJobContract;
import io.hubia.eval.run.EvalCommand;
import io.hubia.runtime.audit.AuditCommand;
import io.hubia.runtime.ingest.job.IngestCommand;
import io.hubia.runtime.local.LocalMode;
import io.hubia.runtime.local.LocalResources;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import org.jboss.logmanager.LogContext;
import org.jboss.logmanager.Logger;
import org.jboss.logmanager.formatters.PatternFormatter;
import org.jboss.logmanager.handlers.ConsoleHandler;

/**
 * Entry point of the runtime image. With no argument it serves an AgentWorkflow (the Quarkus
 * application); with {@code ingest} it runs one sync of a RetrievalIndex ({@link IngestCommand})
 * and exits, without starting the HTTP server; with {@code audit verify|export|purge ...} it works
 * on the audit trail ({@link AuditCommand}) and exits; with {@code eval ...} it runs an evaluation
 * against a runtime ({@link EvalCommand}, what the operator's evaluation Job runs) and exits with
 * its code, without starting Quarkus either; with {@code local <folder>} it runs local mode ({@link
 * LocalMode}): embedded services, ingestion, then the application serving the folder's workflows.
 */
@QuarkusMain
public final class HubiaMain {
  /** The sub-command that runs an evaluation. */
  static final String EVAL = "eval";

  private HubiaMain() {}

  /**
   * Runs {@link EvalCommand} with the arguments after {@code eval}; returns its exit code (0
   * passed, 1 a threshold missed, 2 the evaluation could not run).
   */
  static int eval(String[] args) {
    try {
      return EvalCommand.run(args, System.out, System.err, System.getenv());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      System.err.println("hubia eval: interrupted");
      return EvalCommand.USAGE;
    }
  }

  /**
   * Quarkus configures logging when it starts; the ingest command does not start it, so it sets up
   * the console itself: one line per event on stderr, with the index being synced (MDC {@code
   * hubia.index}) so that the lines of a sync can be told apart in a log store.
   */
  private static ConsoleHandler logToConsole() {
    Logger root = LogContext.getLogContext().getLogger("");
    root.setLevel(Level.INFO);
    // DJL looks for a GPU and warns twice when there is none, as in every CPU-only pod
    LogContext.getLogContext().getLogger("ai.djl.util.cuda").setLevel(Level.SEVERE);
    ConsoleHandler handler =
        new ConsoleHandler(
            ConsoleHandler.Target.SYSTEM_ERR,
            new PatternFormatter(
                "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5p [%c{1.}] (%X{hubia.index}) %s%e%n"));
    root.addHandler(handler);
    return handler;
  }

  public static void main(String... args) {
    if (args.length > 0 && args[0].equals(IngestionJobContract.COMMAND)) {
      logToConsole();
      System.exit(IngestCommand.main());
    }
    if (args.length > 0 && args[0].equals(AuditCommand.COMMAND)) {
      logToConsole();
      System.exit(AuditCommand.main(List.of(args).subList(1, args.length)));
    }
    if (args.length > 0 && args[0].equals(EVAL)) {
      System.exit(eval(List.of(args).subList(1, args.length).toArray(String[]::new)));
    }
    if (args.length > 0 && args[0].equals("local")) {

      Map<String, String> properties;
      try {
        properties =
            new LocalMode(System.out)
                .prepare(LocalMode.Arguments.parse(List.of(args).subList(1, args.length)));
      } catch (IllegalArgumentException e) {
        System.err.println("hubia local: " + e.getMessage());
        System.err.println("usage: hubia local <folder of resource YAML> [--port 8080]");
        System.exit(2);
        return;
      } catch (LocalResources.InvalidResourcesException e) {
        System.err.println("hubia local: the resources cannot be applied:");
        e.problems().forEach(p -> System.err.println("  - " + p));
        System.exit(2);
        return;
      } catch (IOException | RuntimeException e) {
        System.err.println("hubia local: " + e);
        System.exit(1);
        return;
      }
      properties.forEach(System::setProperty);
      Quarkus.run();
      return;
    }
    Quarkus.run(args);
  }
}
