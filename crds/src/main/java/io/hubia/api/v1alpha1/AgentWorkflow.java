package io.hubia.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;
import io.hubia.api.v1alpha1.spec.AgentWorkflowSpec;
import io.hubia.api.v1alpha1.status.AgentWorkflowStatus;

/** An agent service: model, routing, retrieval, tools, governing policy and evaluation. */
@Group(HubiaApi.GROUP)
@Version(HubiaApi.VERSION)
@Plural("agentworkflows")
@ShortNames({"aw", "agent"})
@Categories(HubiaApi.CATEGORY)
@AdditionalPrinterColumn(
    name = "Ready",
    jsonPath = ".status.conditions[?(@.type==\"Ready\")].status",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Reason",
    jsonPath = ".status.conditions[?(@.type==\"Ready\")].reason",
    type = AdditionalPrinterColumn.Type.STRING,
    priority = 1)
@AdditionalPrinterColumn(
    name = "Eval",
    jsonPath = ".status.evaluation.result",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Score",
    jsonPath = ".status.evaluation.score",
    type = AdditionalPrinterColumn.Type.NUMBER)
@AdditionalPrinterColumn(
    name = "Revision",
    jsonPath = ".status.activeRevision",
    type = AdditionalPrinterColumn.Type.STRING,
    priority = 1)
@AdditionalPrinterColumn(
    name = "Candidate",
    jsonPath = ".status.candidateRevision",
    type = AdditionalPrinterColumn.Type.STRING,
    priority = 1)
@AdditionalPrinterColumn(
    name = "Audit",
    jsonPath = ".status.audit.state",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Endpoint",
    jsonPath = ".status.endpoint",
    type = AdditionalPrinterColumn.Type.STRING,
    priority = 1)
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
public class AgentWorkflow extends CustomResource<AgentWorkflowSpec, AgentWorkflowStatus>
    implements Namespaced {
  @Override
  @JsonPropertyDescription(
      "The desired agent service: model, routing, indexes, tools, policy, prompts and evaluation.")
  public AgentWorkflowSpec getSpec() {
    return super.getSpec();
  }

  @Override
  @JsonPropertyDescription(
      "What the operator observed: conditions (Ready first), endpoint, revision, evaluation scores and audit health.")
  public AgentWorkflowStatus getStatus() {
    return super.getStatus();
  }
}
