package io.hubia.operator.index;

import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.hubia.api.sync.SyncOutcome;
import io.hubia.api.v1alpha1.RetrievalIndex;
import io.hubia.api.v1alpha1.spec.RetrievalIndexSpec;
import io.hubia.api.v1alpha1.spec.SourceSpec;
import io.hubia.operator.workflow.desired.DesiredNetworkPolicy;
import io.hubia.operator.workflow.desired.EgressTarget;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The NetworkPolicy of a RetrievalIndex's sync pods: no ingress at all; egress to DNS, to the
 * OpenSearch cluster, and to the hosts its spec names (web start URLs and sitemap, Hydra and CMIS
 * services, the embedding endpoint). As for agent pods ({@link EgressTarget}), an in-cluster
 * service is narrowed to its namespace and port, an IP literal to its address, an external name
 * only to its port.
 */
final class SyncNetworkPolicy {
  private SyncNetworkPolicy() {}

  static String name(RetrievalIndex index) {
    return SyncJobTemplate.name(index.getMetadata().getName(), "ingest");
  }

  static NetworkPolicy of(RetrievalIndex index, String opensearchUrl) {
    Map<String, String> pods = SyncJobTemplate.labels(index, SyncOutcome.Mode.Incremental);
    return new NetworkPolicyBuilder()
        .withMetadata(SyncJobTemplate.metadata(index, name(index), SyncOutcome.Mode.Incremental))
        .editMetadata()
        .removeFromLabels(io.hubia.api.sync.IngestionJobContract.LABEL_MODE)
        .endMetadata()
        .withNewSpec()
        .withNewPodSelector()
        .addToMatchLabels("app.kubernetes.io/name", pods.get("app.kubernetes.io/name"))
        .addToMatchLabels("app.kubernetes.io/instance", pods.get("app.kubernetes.io/instance"))
        .endPodSelector()
        .withPolicyTypes("Ingress", "Egress")
        .withEgress(egress(index, opensearchUrl))
        .endSpec()
        .build();
  }

  static List<NetworkPolicyEgressRule> egress(RetrievalIndex index, String opensearchUrl) {
    String namespace = index.getMetadata().getNamespace();
    Set<NetworkPolicyEgressRule> rules = new LinkedHashSet<>();
    rules.add(DesiredNetworkPolicy.dns());
    for (String url : urls(index.getSpec(), opensearchUrl)) {
      Optional<EgressTarget> target = EgressTarget.fromUrl(url, namespace);
      target.ifPresent(t -> rules.add(t.toRule()));
    }
    return new ArrayList<>(rules);
  }

  private static List<String> urls(RetrievalIndexSpec spec, String opensearchUrl) {
    List<String> urls = new ArrayList<>();
    urls.add(opensearchUrl);
    if (spec.getEmbedding() != null && spec.getEmbedding().getEndpoint() != null) {
      urls.add(spec.getEmbedding().getEndpoint());
    }
    for (SourceSpec source : spec.getSources()) {
      if (source.getWeb() != null) {
        urls.addAll(source.getWeb().getUrls());
        if (source.getWeb().getSitemap() != null) {
          urls.add(source.getWeb().getSitemap());
        }
      }
      if (source.getHydra() != null) {
        urls.add(source.getHydra().getUrl());
      }
      if (source.getCmis() != null) {
        urls.add(source.getCmis().getUrl());
      }
    }
    return urls;
  }
}
