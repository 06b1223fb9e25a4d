package io.hubia.operator.index;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.hubia.api.v1alpha1.RetrievalIndex;
import io.hubia.api.v1alpha1.spec.HydraSource;
import io.hubia.api.v1alpha1.spec.SourceSpec;
import io.hubia.api.v1alpha1.spec.SourceType;
import io.hubia.api.v1alpha1.spec.WebSource;
import io.hubia.operator.testing.TestResources;
import java.util.List;
import org.junit.jupiter.api.Test;

class SyncNetworkPolicyTest {

  @Test
  void syncPodsTakeNoTrafficAndReachOnlyDnsOpenSearchAndTheirSources() {
    RetrievalIndex index = TestResources.index("hubia-demo");
    index.getMetadata().setUid("u1");
    SourceSpec web = new SourceSpec();
    web.setName("site");
    web.setType(SourceType.Web);
    WebSource site = new WebSource();
    site.setUrls(List.of("https://www.federation.example.org/aide"));
    site.setSitemap("https://www.federation.example.org/sitemap.xml");
    web.setWeb(site);
    SourceSpec crm = new SourceSpec();
    crm.setName("crm");
    crm.setType(SourceType.Hydra);
    HydraSource hydra = new HydraSource();
    hydra.setUrl("http://crm.outils.svc:8080/api/fiches");
    crm.setHydra(hydra);
    index.getSpec().getSources().addAll(List.of(web, crm));

    NetworkPolicy policy = SyncNetworkPolicy.of(index, "https://opensearch.hubia-system.svc:9200");

    assertThat(policy.getMetadata().getName()).isEqualTo("fiches-pratiques-ingest");
    assertThat(policy.getSpec().getPodSelector().getMatchLabels())
        .containsEntry("app.kubernetes.io/name", "hubia-ingest")
        .containsEntry("app.kubernetes.io/instance", "fiches-pratiques");
    assertThat(policy.getSpec().getPolicyTypes()).containsExactly("Ingress", "Egress");
    assertThat(policy.getSpec().getIngress()).isEmpty();
    List<NetworkPolicyEgressRule> egress = policy.getSpec().getEgress();
    assertThat(egress).hasSize(4); // DNS, OpenSearch, the web host (twice: once), the CRM
    assertThat(egress.get(0).getPorts()).extracting(p -> p.getPort().getIntVal()).containsOnly(53);
    assertThat(egress)
        .anySatisfy(
            r -> {
              assertThat(r.getTo()).hasSize(1);
              assertThat(r.getTo().get(0).getNamespaceSelector().getMatchLabels())
                  .containsEntry("kubernetes.io/metadata.name", "hubia-system");
              assertThat(r.getPorts().get(0).getPort().getIntVal()).isEqualTo(9200);
            })
        .anySatisfy(
            r -> {
              assertThat(r.getTo()).hasSize(1);
              assertThat(r.getTo().get(0).getNamespaceSelector().getMatchLabels())
                  .containsEntry("kubernetes.io/metadata.name", "outils");
              assertThat(r.getPorts().get(0).getPort().getIntVal()).isEqualTo(8080);
            })
        .anySatisfy(
            r -> {
              assertThat(r.getTo()).isEmpty();
              assertThat(r.getPorts()).singleElement();
              assertThat(r.getPorts().get(0).getPort().getIntVal()).isEqualTo(443);
            });
  }
}
