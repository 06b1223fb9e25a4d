package io.hubia.operator.workflow;

import io.fabric8.kubernetes.api.model.Secret;
import io.hubia.api.config.RuntimeConfigRenderer;
import io.hubia.api.v1alpha1.AgentWorkflow;
import io.hubia.api.v1alpha1.PolicySet;
import io.hubia.api.v1alpha1.RetrievalIndex;
import io.hubia.api.v1alpha1.spec.IndexRef;
import io.hubia.api.v1alpha1.spec.SecretKeyRef;
import io.hubia.operator.events.Reason;
import io.hubia.operator.status.ConditionType;
import io.hubia.operator.status.Conditions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Checks that the PolicySet, RetrievalIndexes and Secret keys a workflow names exist and are ready.
 * A pure function of the workflow and what the lookup finds.
 */
public final class ReferenceResolver {
  private ReferenceResolver() {}

  public static ReferenceCheck resolve(AgentWorkflow workflow, ReferenceLookup lookup) {
    return resolve(workflow, lookup, List.of());
  }

  /**
   * Resolves the workflow's references and also checks {@code platformSecrets}, the Secret keys
   * every runtime pod mounts (OpenSearch and audit store credentials), which must exist in the
   * workflow's namespace or the pods cannot start.
   */
  public static ReferenceCheck resolve(
      AgentWorkflow workflow, ReferenceLookup lookup, List<SecretKeyRef> platformSecrets) {
    String namespace = workflow.getMetadata().getNamespace();
    List<String> messages = new ArrayList<>();
    Reason first = null;

    String policyName = workflow.getSpec().getPolicyRef().getName();
    Optional<PolicySet> policy = lookup.policySet(namespace, policyName);
    if (policy.isEmpty()) {
      first = Reason.PolicySetNotFound;
      messages.add("PolicySet '" + policyName + "' does not exist in namespace " + namespace);
    } else if (!isReady(
        policy.get().getStatus() == null ? null : policy.get().getStatus().getConditions(),
        policy.get().getMetadata().getGeneration())) {
      first = Reason.PolicySetNotReady;
      messages.add(
          "PolicySet '"
              + policyName
              + "' is not Ready"
              + readyMessage(
                  policy.get().getStatus() == null
                      ? null
                      : policy.get().getStatus().getConditions()));
    }

    List<RetrievalIndex> indexes = new ArrayList<>();
    for (IndexRef ref : workflow.getSpec().getIndexes()) {
      Optional<RetrievalIndex> index = lookup.retrievalIndex(namespace, ref.getName());
      if (index.isEmpty()) {
        first = first == null ? Reason.RetrievalIndexNotFound : first;
        messages.add(
            "RetrievalIndex '" + ref.getName() + "' does not exist in namespace " + namespace);
      } else {
        var conditions =
            index.get().getStatus() == null ? null : index.get().getStatus().getConditions();
        if (!isReady(conditions, index.get().getMetadata().getGeneration())) {
          first = first == null ? Reason.RetrievalIndexNotReady : first;
          messages.add(
              "RetrievalIndex '" + ref.getName() + "' is not Ready" + readyMessage(conditions));
        }
        indexes.add(index.get());
      }
    }

    List<SecretKeyRef> secretRefs = new ArrayList<>(platformSecrets);
    secretRefs.addAll(RuntimeConfigRenderer.secretRefs(workflow.getSpec()));
    for (SecretKeyRef ref : secretRefs) {
      Optional<Secret> secret = lookup.secret(namespace, ref.getName());
      if (secret.isEmpty()) {
        first = first == null ? Reason.SecretNotFound : first;
        messages.add("Secret '" + ref.getName() + "' does not exist in namespace " + namespace);
      } else if (!hasKey(secret.get(), ref.getKey())) {
        first = first == null ? Reason.SecretKeyNotFound : first;
        messages.add("Secret '" + ref.getName() + "' has no key '" + ref.getKey() + "'");
      }
    }

    if (first != null) {
      return new ReferenceCheck.Unresolved(
          first, String.join("; ", new java.util.LinkedHashSet<>(messages)));
    }
    return new ReferenceCheck.Resolved(new ResolvedReferences(policy.get(), List.copyOf(indexes)));
  }

  private static boolean isReady(
      List<io.hubia.api.v1alpha1.status.Condition> conditions, Long generation) {
    return Conditions.isTrue(conditions, ConditionType.Ready, generation);
  }

  private static String readyMessage(List<io.hubia.api.v1alpha1.status.Condition> conditions) {
    return Conditions.find(conditions, ConditionType.Ready)
        .map(c -> " (" + c.getReason() + ": " + c.getMessage() + ")")
        .orElse(" (not reconciled yet)");
  }

  private static boolean hasKey(Secret secret, String key) {
    return contains(secret.getData(), key) || contains(secret.getStringData(), key);
  }

  private static boolean contains(Map<String, String> map, String key) {
    return map != null && map.containsKey(key);
  }
}
