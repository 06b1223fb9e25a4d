package io.hubia.operator.workflow.evaluation;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.hubia.api.config.RuntimeConfigRenderer;
import io.hubia.api.v1alpha1.AgentWorkflow;
import io.hubia.operator.objects.OwnedObjects;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Names and labels of the objects that evaluate one AgentWorkflow. They carry their own label set,
 * without the {@code managed-by} label the serving dependents' informers select on, so that the
 * evaluation runtime is never mistaken for the serving one nor selected by its Service, its
 * NetworkPolicy or its ServiceMonitor.
 */
public final class EvaluationNames {
  /** Label on every evaluation object; its value is the workflow's name. */
  public static final String LABEL = "hubia.io/evaluation";

  /** Label on evaluation Jobs and their pods: the revision evaluated. */
  public static final String REVISION_LABEL = "hubia.io/evaluation-revision";

  /** Label on evaluation Job pods, the only ones the evaluation runtime admits. */
  public static final String CLIENT_LABEL = "hubia.io/evaluation-client";

  /** Audience of the tokens the evaluation Job signs. */
  public static final String AUDIENCE = "hubia-evaluation";

  private EvaluationNames() {}

  /** The evaluation runtime: Deployment, Service, ConfigMap and NetworkPolicy. */
  public static String runtime(AgentWorkflow workflow) {
    return workflow.getMetadata().getName() + "-evaluation";
  }

  /** The Job's ServiceAccount, Role and RoleBinding. */
  public static String jobAccount(AgentWorkflow workflow) {
    return workflow.getMetadata().getName() + "-evaluator";
  }

  /** The ConfigMap the Job writes the full report into. */
  public static String report(AgentWorkflow workflow) {
    return workflow.getMetadata().getName() + "-evaluation-report";
  }

  /** The Secret holding the key pair of the evaluation issuer. */
  public static String key(AgentWorkflow workflow) {
    return workflow.getMetadata().getName() + "-evaluation-key";
  }

  /** The issuer the evaluation runtime trusts, and only it. */
  public static String issuer(AgentWorkflow workflow) {
    return "https://hubia.io/evaluation/"
        + workflow.getMetadata().getNamespace()
        + "/"
        + workflow.getMetadata().getName();
  }

  /** In-cluster base URL of the evaluation runtime. */
  public static String runtimeUrl(AgentWorkflow workflow) {
    return "http://"
        + runtime(workflow)
        + "."
        + workflow.getMetadata().getNamespace()
        + ".svc:"
        + io.hubia.operator.workflow.desired.AgentLabels.HTTP_PORT;
  }

  /**
   * The Job of one evaluation run: the same target and trigger give the same name, so a pass that
   * runs twice never starts two Jobs. At most 63 characters (Job names become pod labels).
   */
  public static String job(AgentWorkflow workflow, EvaluationTarget target, String trigger) {
    return OwnedObjects.name(
        workflow.getMetadata().getName(),
        "eval-" + RuntimeConfigRenderer.sha256(target.key() + "|" + trigger).substring(0, 10));
  }

  /** Labels of the evaluation runtime's pods (also their selector). */
  public static Map<String, String> runtimeSelector(AgentWorkflow workflow) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put("app.kubernetes.io/name", "hubia-agent-evaluation");
    labels.put("app.kubernetes.io/instance", workflow.getMetadata().getName());
    return labels;
  }

  /** Labels of every evaluation object. */
  public static Map<String, String> labels(AgentWorkflow workflow, String component) {
    Map<String, String> labels = new LinkedHashMap<>(runtimeSelector(workflow));
    labels.put("app.kubernetes.io/component", component);
    labels.put("app.kubernetes.io/part-of", "hubia");
    labels.put(LABEL, workflow.getMetadata().getName());
    return labels;
  }

  /** Metadata of an evaluation object owned by the workflow. */
  public static ObjectMeta metadata(AgentWorkflow workflow, String name, String component) {
    return new ObjectMetaBuilder()
        .withName(name)
        .withNamespace(workflow.getMetadata().getNamespace())
        .withLabels(labels(workflow, component))
        .withOwnerReferences(OwnedObjects.controllerReference(workflow))
        .build();
  }
}
