package io.hubia.operator.events;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes Kubernetes Events about Hubia resources. Events are best effort: a failure to write one is
 * logged and never fails a reconciliation.
 */
public final class EventRecorder {
  /** The component named as the source of every Event. */
  public static final String COMPONENT = "hubia-operator";

  private static final Logger LOG = LoggerFactory.getLogger(EventRecorder.class);
  private static final int MAX_MESSAGE = 1024;

  private final KubernetesClient client;

  public EventRecorder(KubernetesClient client) {
    this.client = client;
  }

  /** Records an Event on {@code resource}; the type (Warning or Normal) follows the reason. */
  public void record(HasMetadata resource, Reason reason, String message) {
    String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    String text = message.length() > MAX_MESSAGE ? message.substring(0, MAX_MESSAGE) : message;
    var event =
        new EventBuilder()
            .withNewMetadata()
            .withName(resource.getMetadata().getName() + "." + UUID.randomUUID())
            .withNamespace(resource.getMetadata().getNamespace())
            .addToLabels("app.kubernetes.io/managed-by", COMPONENT)
            .endMetadata()
            .withInvolvedObject(
                new ObjectReferenceBuilder()
                    .withApiVersion(resource.getApiVersion())
                    .withKind(resource.getKind())
                    .withName(resource.getMetadata().getName())
                    .withNamespace(resource.getMetadata().getNamespace())
                    .withUid(resource.getMetadata().getUid())
                    .withResourceVersion(resource.getMetadata().getResourceVersion())
                    .build())
            .withReason(reason.name())
            .withMessage(text)
            .withType(reason.isWarning() ? "Warning" : "Normal")
            .withNewSource()
            .withComponent(COMPONENT)
            .endSource()
            .withReportingComponent(COMPONENT)
            .withFirstTimestamp(now)
            .withLastTimestamp(now)
            .withCount(1)
            .build();
    try {
      client
          .v1()
          .events()
          .inNamespace(resource.getMetadata().getNamespace())
          .resource(event)
          .create();
    } catch (KubernetesClientException e) {
      LOG.warn(
          "Could not record event {} on {}/{}: {}",
          reason,
          resource.getKind(),
          resource.getMetadata().getName(),
          e.getMessage());
    }
  }
}
