package io.hubia.operator.policy;

import io.hubia.api.check.PolicySetValidator;
import io.hubia.api.v1alpha1.AgentWorkflow;
import io.hubia.api.v1alpha1.PolicySet;
import io.hubia.api.v1alpha1.status.PolicySetStatus;
import io.hubia.operator.events.Reason;
import io.hubia.operator.status.ConditionType;
import io.hubia.operator.status.Conditions;
import io.hubia.operator.status.StatusTransitions;
import io.hubia.operator.status.StatusWriter;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Validates PolicySets and reports which AgentWorkflows they govern. Enforcement happens in the
 * runtime, from the policy rendered into each workflow's configuration.
 */
@ControllerConfiguration(name = PolicySetReconciler.NAME)
public class PolicySetReconciler implements Reconciler<PolicySet> {
  /** Controller name, also used in metrics. */
  public static final String NAME = "policyset";

  /** Status fields this controller writes (all of them). */
  static final List<String> OWNED_STATUS =
      List.of("observedGeneration", "conditions", "appliesTo", "workflowCount");

  static final int MAX_LISTED = 100;

  private final StatusTransitions transitions;
  private final Clock clock;

  public PolicySetReconciler(StatusTransitions transitions, Clock clock) {
    this.transitions = transitions;
    this.clock = clock;
  }

  @Override
  public UpdateControl<PolicySet> reconcile(PolicySet policy, Context<PolicySet> context) {
    List<String> problems = PolicySetValidator.validate(policy.getSpec());
    List<String> workflows =
        context.getSecondaryResources(AgentWorkflow.class).stream()
            .map(w -> w.getMetadata().getName())
            .sorted()
            .toList();
    PolicySetStatus next = new PolicySetStatus();
    long generation = policy.getMetadata().getGeneration();
    next.setObservedGeneration(generation);
    next.setAppliesTo(workflows.stream().limit(MAX_LISTED).toList());
    next.setWorkflowCount(workflows.size());
    var previous = policy.getStatus() == null ? null : policy.getStatus().getConditions();
    Conditions conditions = Conditions.from(previous, generation, clock.instant());
    if (problems.isEmpty()) {
      String message = "Valid; governs " + workflows.size() + " AgentWorkflow(s)";
      conditions
          .set(ConditionType.Ready, true, Reason.Ready.name(), message)
          .set(ConditionType.SpecValid, true, Reason.Valid.name(), "The spec is valid");
    } else {
      String message = "Fix the spec: " + String.join("; ", problems);
      conditions
          .set(ConditionType.Ready, false, Reason.InvalidSpec.name(), message)
          .set(ConditionType.SpecValid, false, Reason.InvalidSpec.name(), message);
    }
    next.setConditions(conditions.build());
    if (Objects.equals(policy.getStatus(), next)) {
      return UpdateControl.noUpdate();
    }
    policy.setStatus(next);
    StatusWriter.write(context.getClient(), policy, next, OWNED_STATUS);
    transitions.report(policy, previous, next.getConditions());
    return UpdateControl.noUpdate();
  }

  @Override
  public List<EventSource<?, PolicySet>> prepareEventSources(
      EventSourceContext<PolicySet> context) {
    transitions.trackReadiness(
        "PolicySet",
        context.getPrimaryCache(),
        p -> p.getStatus() == null ? null : p.getStatus().getConditions());
    var workflows =
        new InformerEventSource<>(
            InformerEventSourceConfiguration.from(AgentWorkflow.class, PolicySet.class)
                .withName("governed-workflows")
                .withNamespacesInheritedFromController()
                .withSecondaryToPrimaryMapper(PolicySetReconciler::governingPolicy)
                .build(),
            context);
    return List.of(workflows);
  }

  private static Set<ResourceID> governingPolicy(AgentWorkflow workflow) {
    if (workflow.getSpec() == null
        || workflow.getSpec().getPolicyRef() == null
        || workflow.getSpec().getPolicyRef().getName() == null) {
      return Set.of();
    }
    return Set.of(
        new ResourceID(
            workflow.getSpec().getPolicyRef().getName(), workflow.getMetadata().getNamespace()));
  }
}
