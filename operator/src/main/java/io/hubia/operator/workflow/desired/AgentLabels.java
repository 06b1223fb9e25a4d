package io.hubia.operator.workflow.desired;

import io.hubia.api.v1alpha1.AgentWorkflow;
import java.util.LinkedHashMap;
import java.util.Map;

/** Names and the app.kubernetes.io label set of the objects that serve one AgentWorkflow. */
public final class AgentLabels {
  /** Value of app.kubernetes.io/managed-by on every object the operator owns. */
  public static final String MANAGED_BY = "hubia-operator";

  /** Label selector the dependents' informers use, so they never cache foreign objects. */
  public static final String MANAGED_SELECTOR = "app.kubernetes.io/managed-by=" + MANAGED_BY;

  /** Annotation on the pod template that rolls the pods when the rendered configuration changes. */
  public static final String CONFIG_HASH_ANNOTATION = "hubia.io/config-hash";

  /** Label naming the AgentWorkflow an object belongs to. */
  public static final String WORKFLOW_LABEL = "hubia.io/agent-workflow";

  /** Name of the HTTP port of runtime pods. */
  public static final int HTTP_PORT = 8080;

  private AgentLabels() {}

  /** Name shared by the Deployment, Service, ServiceAccount and other owned objects. */
  public static String name(AgentWorkflow workflow) {
    return workflow.getMetadata().getName();
  }

  /** Name of the ConfigMap holding the rendered runtime configuration. */
  public static String configMapName(AgentWorkflow workflow) {
    return name(workflow) + "-config";
  }

  /** The labels that select the workflow's pods; never changed after creation. */
  public static Map<String, String> selector(AgentWorkflow workflow) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put("app.kubernetes.io/name", "hubia-agent");
    labels.put("app.kubernetes.io/instance", name(workflow));
    return labels;
  }

  /** The full label set of every owned object. */
  public static Map<String, String> labels(AgentWorkflow workflow) {
    Map<String, String> labels = new LinkedHashMap<>(selector(workflow));
    labels.put("app.kubernetes.io/component", "agent-runtime");
    labels.put("app.kubernetes.io/part-of", "hubia");
    labels.put("app.kubernetes.io/managed-by", MANAGED_BY);
    labels.put(WORKFLOW_LABEL, name(workflow));
    return labels;
  }

  /** Metadata of an owned object: its name, the workflow's namespace and the label set. */
  public static io.fabric8.kubernetes.api.model.ObjectMeta metadata(
      AgentWorkflow workflow, String name) {
    return new io.fabric8.kubernetes.api.model.ObjectMetaBuilder()
        .withName(name)
        .withNamespace(workflow.getMetadata().getNamespace())
        .withLabels(labels(workflow))
        .build();
  }

  /** In-cluster URL of the workflow's ask endpoint. */
  public static String endpoint(AgentWorkflow workflow) {
    return serviceUrl(workflow) + "/v1/agents/" + name(workflow) + "/ask";
  }

  /** In-cluster base URL of the workflow's runtime Service, without a trailing slash. */
  public static String serviceUrl(AgentWorkflow workflow) {
    return "http://"
        + name(workflow)
        + "."
        + workflow.getMetadata().getNamespace()
        + ".svc:"
        + HTTP_PORT;
  }
}
