package io.hubia.operator.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.hubia.api.v1alpha1.AgentWorkflow;
import io.hubia.api.v1alpha1.PolicySet;
import io.hubia.api.v1alpha1.RetrievalIndex;
import io.hubia.operator.ExampleResources;
import io.hubia.operator.events.Reason;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ReferenceResolverTest {
  private static final String NS = ExampleResources.NAMESPACE;

  /** Finds objects in maps keyed by namespace/name, as the informer caches do. */
  private static final class InMemoryLookup implements ReferenceLookup {
    final Map<String, PolicySet> policies = new HashMap<>();
    final Map<String, RetrievalIndex> indexes = new HashMap<>();
    final Map<String, Secret> secrets = new HashMap<>();

    <T extends HasMetadata> void add(Map<String, T> store, T object) {
      store.put(object.getMetadata().getNamespace() + "/" + object.getMetadata().getName(), object);
    }

    @Override
    public Optional<PolicySet> policySet(String namespace, String name) {
      return Optional.ofNullable(policies.get(namespace + "/" + name));
    }

    @Override
    public Optional<RetrievalIndex> retrievalIndex(String namespace, String name) {
      return Optional.ofNullable(indexes.get(namespace + "/" + name));
    }

    @Override
    public Optional<Secret> secret(String namespace, String name) {
      return Optional.ofNullable(secrets.get(namespace + "/" + name));
    }
  }

  private final AgentWorkflow workflow = ExampleResources.workflow();
  private InMemoryLookup lookup;

  @BeforeEach
  void everythingPresentAndReady() {
    lookup = new InMemoryLookup();
    lookup.add(lookup.policies, ExampleResources.policy());
    lookup.add(lookup.indexes, ExampleResources.index("guides"));
    lookup.add(lookup.indexes, ExampleResources.index("crm-articles"));
    lookup.add(lookup.secrets, ExampleResources.secret("mistral-api", "api-key"));
    lookup.add(lookup.secrets, ExampleResources.secret("crm-token", "token"));
  }

  private ReferenceCheck.Unresolved unresolved() {
    ReferenceCheck check = ReferenceResolver.resolve(workflow, lookup);
    assertThat(check).isInstanceOf(ReferenceCheck.Unresolved.class);
    return (ReferenceCheck.Unresolved) check;
  }

  @Test
  void everythingFoundAndReadyResolvesToThePolicyAndTheIndexesInSpecOrder() {
    ReferenceCheck check = ReferenceResolver.resolve(workflow, lookup);

    assertThat(check).isInstanceOf(ReferenceCheck.Resolved.class);
    ResolvedReferences references = ((ReferenceCheck.Resolved) check).references();
    assertThat(references.policy().getMetadata().getName()).isEqualTo("federation");
    assertThat(references.indexes())
        .extracting(i -> i.getMetadata().getName())
        .containsExactly("guides", "crm-articles");
  }

  @Test
  void platformCredentialSecretsMustExistInTheWorkflowNamespace() {
    var settings = io.hubia.operator.OperatorSettings.forTests();

    ReferenceCheck missing =
        ReferenceResolver.resolve(workflow, lookup, settings.platformSecrets());
    assertThat(missing).isInstanceOf(ReferenceCheck.Unresolved.class);
    var problem = (ReferenceCheck.Unresolved) missing;
    assertThat(problem.reason()).isEqualTo(Reason.SecretNotFound);
    assertThat(problem.message())
        .contains("Secret 'hubia-opensearch' does not exist")
        .contains("Secret 'hubia-audit' does not exist");

    lookup.add(lookup.secrets, ExampleResources.secret("hubia-opensearch", "username"));
    lookup.add(lookup.secrets, ExampleResources.secret("hubia-audit", "username", "password"));
    var keyMissing =
        (ReferenceCheck.Unresolved)
            ReferenceResolver.resolve(workflow, lookup, settings.platformSecrets());
    assertThat(keyMissing.reason()).isEqualTo(Reason.SecretKeyNotFound);
    assertThat(keyMissing.message()).isEqualTo("Secret 'hubia-opensearch' has no key 'password'");
  }

  @Test
  void missingPolicySet() {
    lookup.policies.clear();

    assertThat(unresolved())
        .isEqualTo(
            new ReferenceCheck.Unresolved(
                Reason.PolicySetNotFound,
                "PolicySet 'federation' does not exist in namespace team-a"));
  }

  @Test
  void policySetNotReadySaysWhy() {
    lookup.policies.values().iterator().next().getStatus().getConditions().set(0, notReady(2L));

    assertThat(unresolved())
        .isEqualTo(
            new ReferenceCheck.Unresolved(
                Reason.PolicySetNotReady,
                "PolicySet 'federation' is not Ready (InvalidSpec: Fix the spec: something)"));
  }

  @Test
  void policySetNeverReconciled() {
    lookup.policies.values().iterator().next().setStatus(null);

    assertThat(unresolved())
        .isEqualTo(
            new ReferenceCheck.Unresolved(
                Reason.PolicySetNotReady,
                "PolicySet 'federation' is not Ready (not reconciled yet)"));
  }

  @Test
  void policySetReadyOnlyForAnOlderGenerationIsNotReady() {
    PolicySet policy = lookup.policies.values().iterator().next();
    policy.getMetadata().setGeneration(3L);

    ReferenceCheck.Unresolved unresolved = unresolved();
    assertThat(unresolved.reason()).isEqualTo(Reason.PolicySetNotReady);
    assertThat(unresolved.message()).startsWith("PolicySet 'federation' is not Ready");
  }

  @Test
  void missingRetrievalIndex() {
    lookup.indexes.remove(NS + "/crm-articles");

    assertThat(unresolved())
        .isEqualTo(
            new ReferenceCheck.Unresolved(
                Reason.RetrievalIndexNotFound,
                "RetrievalIndex 'crm-articles' does not exist in namespace team-a"));
  }

  @Test
  void retrievalIndexNotReady() {
    lookup.indexes.get(NS + "/guides").getStatus().getConditions().set(0, notReady(3L));

    assertThat(unresolved())
        .isEqualTo(
            new ReferenceCheck.Unresolved(
                Reason.RetrievalIndexNotReady,
                "RetrievalIndex 'guides' is not Ready (InvalidSpec: Fix the spec: something)"));
  }

  @Test
  void retrievalIndexReadyOnlyForAnOlderGenerationIsNotReady() {
    lookup.indexes.get(NS + "/guides").getMetadata().setGeneration(4L);

    assertThat(unresolved().reason()).isEqualTo(Reason.RetrievalIndexNotReady);
  }

  @Test
  void missingSecret() {
    lookup.secrets.remove(NS + "/crm-token");

    assertThat(unresolved())
        .isEqualTo(
            new ReferenceCheck.Unresolved(
                Reason.SecretNotFound, "Secret 'crm-token' does not exist in namespace team-a"));
  }

  @Test
  void secretWithoutTheKey() {
    lookup.add(lookup.secrets, ExampleResources.secret("mistral-api", "apikey", "api_key"));

    assertThat(unresolved())
        .isEqualTo(
            new ReferenceCheck.Unresolved(
                Reason.SecretKeyNotFound, "Secret 'mistral-api' has no key 'api-key'"));
  }

  @Test
  void aKeyInStringDataCounts() {
    lookup.add(
        lookup.secrets,
        new SecretBuilder()
            .withNewMetadata()
            .withName("mistral-api")
            .withNamespace(NS)
            .endMetadata()
            .addToStringData("api-key", "plain")
            .build());

    assertThat(ReferenceResolver.resolve(workflow, lookup))
        .isInstanceOf(ReferenceCheck.Resolved.class);
  }

  @Test
  void aKeyWhoseValueTheCacheBlankedCounts() {
    lookup.add(
        lookup.secrets,
        new SecretBuilder()
            .withNewMetadata()
            .withName("mistral-api")
            .withNamespace(NS)
            .endMetadata()
            .addToData("api-key", "")
            .build());

    assertThat(ReferenceResolver.resolve(workflow, lookup))
        .isInstanceOf(ReferenceCheck.Resolved.class);
  }

  @Test
  void objectsOfAnotherNamespaceDoNotCount() {
    Secret elsewhere = ExampleResources.secret("crm-token", "token");
    elsewhere.getMetadata().setNamespace("team-b");
    lookup.secrets.remove(NS + "/crm-token");
    lookup.add(lookup.secrets, elsewhere);

    assertThat(unresolved().reason()).isEqualTo(Reason.SecretNotFound);
  }

  @Test
  void reasonIsTheFirstProblemAndTheMessageListsThemAll() {
    lookup.policies.clear();
    lookup.indexes.get(NS + "/guides").setStatus(null);
    lookup.indexes.remove(NS + "/crm-articles");
    lookup.secrets.remove(NS + "/mistral-api");
    lookup.add(lookup.secrets, ExampleResources.secret("crm-token", "other"));

    assertThat(unresolved())
        .isEqualTo(
            new ReferenceCheck.Unresolved(
                Reason.PolicySetNotFound,
                String.join(
                    "; ",
                    "PolicySet 'federation' does not exist in namespace team-a",
                    "RetrievalIndex 'guides' is not Ready (not reconciled yet)",
                    "RetrievalIndex 'crm-articles' does not exist in namespace team-a",
                    "Secret 'mistral-api' does not exist in namespace team-a",
                    "Secret 'crm-token' has no key 'token'")));
  }

  @Test
  void withAReadyPolicyTheFirstIndexProblemIsTheReason() {
    lookup.indexes.remove(NS + "/guides");
    lookup.secrets.clear();

    ReferenceCheck.Unresolved unresolved = unresolved();
    assertThat(unresolved.reason()).isEqualTo(Reason.RetrievalIndexNotFound);
    assertThat(unresolved.message().split("; ")).hasSize(3);
  }

  @Test
  void withPolicyAndIndexesReadyTheFirstSecretProblemIsTheReason() {
    lookup.add(lookup.secrets, ExampleResources.secret("mistral-api", "other"));
    lookup.secrets.remove(NS + "/crm-token");

    ReferenceCheck.Unresolved unresolved = unresolved();
    assertThat(unresolved.reason()).isEqualTo(Reason.SecretKeyNotFound);
    assertThat(unresolved.message())
        .isEqualTo(
            "Secret 'mistral-api' has no key 'api-key'; Secret 'crm-token' does not exist in"
                + " namespace team-a");
  }

  @Test
  void theSameSecretKeyNamedTwiceIsCheckedOnce() {
    workflow
        .getSpec()
        .getTools()
        .get(0)
        .getHttp()
        .setAuthSecretRef(workflow.getSpec().getModel().getApiKeySecretRef());
    lookup.secrets.clear();

    assertThat(unresolved().message())
        .isEqualTo("Secret 'mistral-api' does not exist in namespace team-a");
  }

  private static io.hubia.api.v1alpha1.status.Condition notReady(Long generation) {
    return ExampleResources.ready(false, generation);
  }
}
