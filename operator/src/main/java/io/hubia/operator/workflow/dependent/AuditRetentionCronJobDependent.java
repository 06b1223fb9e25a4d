package io.hubia.operator.workflow.dependent;

import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.hubia.api.v1alpha1.AgentWorkflow;
import io.hubia.operator.workflow.desired.AgentLabels;
import io.hubia.operator.workflow.desired.DesiredAuditRetention;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.Matcher;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.GenericKubernetesResourceMatcher;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import java.util.Objects;

/** The CronJob purging the workflow's audit events past the policy's retention. */
@KubernetesDependent(informer = @Informer(labelSelector = AgentLabels.MANAGED_SELECTOR))
public class AuditRetentionCronJobDependent
    extends CRUDKubernetesDependentResource<CronJob, AgentWorkflow> {
  public AuditRetentionCronJobDependent() {
    super(CronJob.class);
  }

  /**
   * The generic matcher only checks containment (the API server defaults pod fields), so it misses
   * removals; the container's arguments and environment, which are not defaulted, must be equal.
   */
  @Override
  public Matcher.Result<CronJob> match(
      CronJob actual, AgentWorkflow workflow, Context<AgentWorkflow> context) {
    CronJob desired = desired(workflow, context);
    Matcher.Result<CronJob> generic =
        GenericKubernetesResourceMatcher.match(desired, actual, false, false, context);
    var wanted = container(desired);
    var running = container(actual);
    boolean same =
        generic.matched()
            && running != null
            && Objects.equals(wanted.getArgs(), running.getArgs())
            && Objects.equals(wanted.getEnv(), running.getEnv());
    return Matcher.Result.computed(same, desired);
  }

  private static io.fabric8.kubernetes.api.model.Container container(CronJob cronJob) {
    try {
      return cronJob
          .getSpec()
          .getJobTemplate()
          .getSpec()
          .getTemplate()
          .getSpec()
          .getContainers()
          .get(0);
    } catch (NullPointerException | IndexOutOfBoundsException e) {
      return null;
    }
  }

  @Override
  protected CronJob desired(AgentWorkflow workflow, Context<AgentWorkflow> context) {
    return DesiredAuditRetention.cronJob(workflow, DesiredStateInputs.from(context).settings());
  }
}
