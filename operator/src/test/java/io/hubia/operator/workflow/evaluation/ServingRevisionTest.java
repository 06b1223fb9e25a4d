package io.hubia.operator.workflow.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.hubia.api.config.RenderedConfig;
import io.hubia.api.config.RuntimeConfigRenderer;
import io.hubia.api.v1alpha1.AgentWorkflow;
import io.hubia.api.v1alpha1.status.EvaluationStatus;
import io.hubia.operator.ExampleResources;
import io.hubia.operator.workflow.desired.DesiredConfigMap;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ServingRevisionTest {
  private final AgentWorkflow workflow = ExampleResources.workflow(); // gate: true

  private RenderedConfig render(AgentWorkflow workflow) {
    return RuntimeConfigRenderer.render(
        workflow,
        ExampleResources.references().policy(),
        ExampleResources.references().indexes(),
        ExampleResources.settings().platform());
  }

  private static EvaluationStatus result(String result, RenderedConfig config) {
    EvaluationStatus status = new EvaluationStatus();
    status.setResult(result);
    status.setRevision(EvaluationTarget.shortOf(config.hash()));
    return status;
  }

  private AgentWorkflow edited() {
    AgentWorkflow next = ExampleResources.workflow();
    next.getSpec().getPrompts().setSystem("Réponds en trois phrases au plus.");
    return next;
  }

  @Test
  void withoutAGateTheLatestRevisionAlwaysServes() {
    workflow.getSpec().getEvaluation().setGate(false);
    RenderedConfig latest = render(workflow);
    assertThat(ServingRevision.choose(workflow, latest, null, Optional.empty())).contains(latest);
  }

  @Test
  void beforeAnyPassNothingServes() {
    RenderedConfig latest = render(workflow);
    assertThat(ServingRevision.choose(workflow, latest, null, Optional.empty())).isEmpty();
    assertThat(
            ServingRevision.choose(
                workflow, latest, result(EvaluationResult.FAILED, latest), Optional.empty()))
        .isEmpty();
    assertThat(
            ServingRevision.choose(
                workflow, latest, result(EvaluationResult.PASSED, latest), Optional.empty()))
        .contains(latest);
  }

  @Test
  void aNewRevisionWaitsWhileThePreviousOneKeepsServingAsItWas() {
    RenderedConfig before = render(workflow);
    ConfigMap serving = DesiredConfigMap.of(workflow, before);
    AgentWorkflow next = edited();
    RenderedConfig latest = render(next);
    assertThat(latest.hash()).isNotEqualTo(before.hash());

    Optional<RenderedConfig> running =
        ServingRevision.choose(
            next, latest, result(EvaluationResult.FAILED, latest), Optional.of(serving));
    assertThat(running).isPresent();
    assertThat(running.get().hash()).isEqualTo(before.hash());
    assertThat(running.get().yaml()).isEqualTo(before.yaml());
    assertThat(running.get().config()).isEqualTo(before.config());

    assertThat(
            ServingRevision.choose(
                next, latest, result(EvaluationResult.PASSED, latest), Optional.of(serving)))
        .contains(latest);
  }

  @Test
  void theRevisionThatServesKeepsServingWhatever() {
    RenderedConfig latest = render(workflow);
    ConfigMap serving = DesiredConfigMap.of(workflow, latest);
    EvaluationStatus failedOnContent = result(EvaluationResult.FAILED, latest);
    assertThat(ServingRevision.choose(workflow, latest, failedOnContent, Optional.of(serving)))
        .as("a content sync that fails its evaluation cannot be rolled back by the gate")
        .contains(latest);
  }
}
