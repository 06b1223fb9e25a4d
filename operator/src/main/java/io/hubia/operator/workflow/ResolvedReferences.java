package io.hubia.operator.workflow;

import io.hubia.api.v1alpha1.PolicySet;
import io.hubia.api.v1alpha1.RetrievalIndex;
import java.util.List;

/**
 * The objects an AgentWorkflow refers to, found and ready: what the desired state is rendered from.
 */
public record ResolvedReferences(PolicySet policy, List<RetrievalIndex> indexes) {}
