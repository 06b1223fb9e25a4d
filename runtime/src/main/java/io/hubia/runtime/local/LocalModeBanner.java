package io.hubia.runtime.local;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** In local mode, says on the console, once the runtime has started, how to try it. */
@Singleton
public class LocalModeBanner {
  private final Optional<String> workflows;
  private final int port;

  public LocalModeBanner(
      @ConfigProperty(name = "hubia.local.workflows") Optional<String> workflows,
      @ConfigProperty(name = "quarkus.http.port", defaultValue = "8080") int port) {
    this.workflows = workflows;
    this.port = port;
  }

  void onStart(@Observes StartupEvent event) {
    if (workflows.isEmpty()) {
      return;
    }
    String base = "http://localhost:" + port;
    String first = workflows.get().split(",")[0];
    System.out.println();
    System.out.println("Hubia is ready on " + base + " (Ctrl-C stops everything).");
    System.out.println("  workflows: " + workflows.get().replace(",", ", "));
    System.out.println("  API: " + base + "/q/openapi   health: " + base + "/q/health");
    System.out.println("  Try it:");
    System.out.println(
        "    TOKEN=$(curl -s "
            + base
            + "/v1/dev/token -H 'Content-Type: application/json' \\\n"
            + "      -d '{\"subject\":\"marie\",\"claims\":{\"realm_access\":{\"roles\":[\"collaborateur\"]},\"antenne\":\"lyon\"}}'"
            + " | sed 's/.*\"token\":\"\\([^\"]*\\)\".*/\\1/')");
    System.out.println(
        "    curl -s "
            + base
            + "/v1/agents/"
            + first
            + "/ask -H \"Authorization: Bearer $TOKEN\" -H 'Content-Type: application/json' \\\n"
            + "      -d '{\"question\":\"Combien de jours de congés payés un salarié acquiert-il par mois ?\"}'");
    System.out.println();
  }
}
