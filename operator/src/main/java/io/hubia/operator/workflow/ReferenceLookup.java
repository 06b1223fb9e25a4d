package io.hubia.operator.workflow;

import io.fabric8.kubernetes.api.model.Secret;
import io.hubia.api.v1alpha1.PolicySet;
import io.hubia.api.v1alpha1.RetrievalIndex;
import java.util.Optional;

/** Finds the objects an AgentWorkflow refers to (from informer caches in the operator). */
public interface ReferenceLookup {
  Optional<PolicySet> policySet(String namespace, String name);

  Optional<RetrievalIndex> retrievalIndex(String namespace, String name);

  /** The Secret, possibly with its values blanked: only its keys are looked at. */
  Optional<Secret> secret(String namespace, String name);
}
