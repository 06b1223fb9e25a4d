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
import io.hubia.api.v1alpha1.spec.PolicySetSpec;
import io.hubia.api.v1alpha1.status.PolicySetStatus;

/** The rules that govern agents: rights, data protection, injection defence, limits, audit. */
@Group(HubiaApi.GROUP)
@Version(HubiaApi.VERSION)
@Plural("policysets")
@ShortNames({"ps", "policy"})
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
    name = "Workflows",
    jsonPath = ".status.workflowCount",
    type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
public class PolicySet extends CustomResource<PolicySetSpec, PolicySetStatus>
    implements Namespaced {
  @Override
  @JsonPropertyDescription(
      "The rules: subjects, read and tool rules, model rules, redaction, injection defence, approvals, limits, citations and audit.")
  public PolicySetSpec getSpec() {
    return super.getSpec();
  }

  @Override
  @JsonPropertyDescription(
      "What the operator observed: conditions (Ready first) and the AgentWorkflows governed.")
  public PolicySetStatus getStatus() {
    return super.getStatus();
  }
}
