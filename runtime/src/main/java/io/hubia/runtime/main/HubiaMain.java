package io.hubia.runtime.main;

import io.hubia.api.sync.IngestionJobContract;
import io.hubia.runtime.ingest.job.IngestCommand;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;

/**
 * Entry point of the runtime image. With no argument it serves an AgentWorkflow (the Quarkus
 * application); with {@code ingest} it runs one sync of a RetrievalIndex ({@link IngestCommand})
 * and exits, without starting the HTTP server.
 */
@QuarkusMain
public final class HubiaMain {
  private HubiaMain() {}

  public static void main(String... args) {
    if (args.length > 0 && args[0].equals(IngestionJobContract.COMMAND)) {
      System.exit(IngestCommand.main());
    }
    Quarkus.run(args);
  }
}
