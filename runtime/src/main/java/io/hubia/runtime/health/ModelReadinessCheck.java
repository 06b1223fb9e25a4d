package io.hubia.runtime.health;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * The state of the models of the served workflows, from the last background probes of {@link
 * ModelHealth}; never waits for a model server.
 *
 * <p>With {@code hubia.models.readiness=report} (the default) the check stays UP: a workflow whose
 * models are all down still answers, from the extractive answerer, so a model outage must not take
 * every replica out of the Service; the data show each model's state and {@code degraded: true}.
 * With {@code require} it is DOWN while no model of some workflow's chain is reachable.
 *
 * <p>Data: {@code readiness}, {@code models} (names, or {@code none}), and per model, keys prefixed
 * with its name and a dot ({@code name@host} when two servers serve a model of the same name):
 * {@code provider}, {@code endpoint} (host and port), {@code reachable}, {@code lastError}, {@code
 * lastCheck}.
 */
@Readiness
@ApplicationScoped
public class ModelReadinessCheck implements HealthCheck {
  static final String NAME = "models";

  private final ModelHealth health;

  public ModelReadinessCheck(ModelHealth health) {
    this.health = health;
  }

  @Override
  public HealthCheckResponse call() {
    return check(health.status());
  }

  static HealthCheckResponse check(ModelHealth.Status status) {
    HealthCheckResponseBuilder response =
        HealthCheckResponse.named(NAME)
            .withData("readiness", status.readiness().name().toLowerCase(java.util.Locale.ROOT));
    Map<String, ModelHealth.Model> models = new LinkedHashMap<>();
    status.workflows().forEach(w -> w.chain().forEach(m -> models.putIfAbsent(m.id(), m)));
    if (models.isEmpty()) {
      response.withData("models", "none");
      if (!status.configured()) {
        response.withData("note", "no configuration loaded yet");
      }
      return response.up().build();
    }
    Map<String, String> labels = labels(models.values());
    response.withData("models", String.join(", ", labels.values()));
    labels.forEach(
        (id, label) -> {
          ModelHealth.Model m = models.get(id);
          response
              .withData(label + ".provider", String.valueOf(m.provider()))
              .withData(label + ".reachable", m.reachable());
          if (m.endpoint() != null) {
            response.withData(label + ".endpoint", m.endpoint());
          }
          if (m.lastCheck() != null) {
            response.withData(label + ".lastCheck", m.lastCheck().toString());
          }
          if (!m.reachable()) {
            response.withData(
                label + ".lastError", m.lastError() != null ? m.lastError() : "not checked yet");
          }
        });

    List<String> unanswerable = new ArrayList<>();
    for (ModelHealth.Workflow w : status.workflows()) {
      if (!w.answerable()) {
        List<String> why = new ArrayList<>();
        for (ModelHealth.Model m : w.chain()) {
          why.add(
              labels.get(m.id())
                  + ": "
                  + (m.lastError() != null ? m.lastError() : "not checked yet"));
        }
        unanswerable.add(
            "workflow "
                + w.name()
                + ": no model of its chain is reachable ("
                + String.join("; ", why)
                + ")");
      }
    }
    if (unanswerable.isEmpty()) {
      return response.up().build();
    }
    if (status.readiness() == ModelCheckSettings.Readiness.REQUIRE) {
      return response.down().withData("reason", String.join("; ", unanswerable)).build();
    }
    // report: the extractive answerer still answers; say so without taking the pod out
    return response
        .up()
        .withData("degraded", true)
        .withData("problem", String.join("; ", unanswerable))
        .build();
  }

  /** A data key per model: its name, or {@code name@endpoint} when names collide. */
  static Map<String, String> labels(Iterable<ModelHealth.Model> models) {
    Map<String, Integer> count = new HashMap<>();
    models.forEach(m -> count.merge(m.name(), 1, Integer::sum));
    Map<String, String> labels = new LinkedHashMap<>();
    for (ModelHealth.Model m : models) {
      String label = count.get(m.name()) == 1 ? m.name() : m.name() + "@" + m.endpoint();
      // two entries could still collide (same name and host, another key or path): number them
      String unique = label;
      for (int i = 2; labels.containsValue(unique); i++) {
        unique = label + "#" + i;
      }
      labels.put(m.id(), unique);
    }
    return labels;
  }
}
