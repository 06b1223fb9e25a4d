package io.hubia.operator.index;

import static io.hubia.api.sync.IngestionJobContract.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.batch.v1.JobSpec;
import io.hubia.api.sync.SyncOutcome;
import io.hubia.api.v1alpha1.RetrievalIndex;
import io.hubia.api.v1alpha1.spec.CmisSource;
import io.hubia.api.v1alpha1.spec.HydraFieldMapping;
import io.hubia.api.v1alpha1.spec.HydraSource;
import io.hubia.api.v1alpha1.spec.OpenSearchIndexSpec;
import io.hubia.api.v1alpha1.spec.RetrievalIndexSpec;
import io.hubia.api.v1alpha1.spec.SecretKeyRef;
import io.hubia.api.v1alpha1.spec.SourceSpec;
import io.hubia.api.v1alpha1.spec.SourceType;
import io.hubia.api.v1alpha1.spec.SyncSpec;
import io.hubia.operator.OperatorSettings;
import io.hubia.operator.testing.TestResources;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class SyncJobTemplateTest {
  static final OperatorSettings SETTINGS = OperatorSettings.forTests();

  @Test
  void thePodRunsTheIngestCommandLockedDownAndWithoutAnApiToken() {
    JobSpec job = SyncJobTemplate.jobSpec(index(), SyncOutcome.Mode.Incremental, SETTINGS);
    PodSpec pod = job.getTemplate().getSpec();
    Container container = pod.getContainers().get(0);

    assertThat(container.getImage()).isEqualTo(SETTINGS.runtimeImage());
    assertThat(container.getArgs()).containsExactly("ingest");
    assertThat(pod.getAutomountServiceAccountToken()).isFalse();
    assertThat(pod.getRestartPolicy()).isEqualTo("Never");
    assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
    assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
    assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
    assertThat(container.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
    assertThat(container.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
    assertThat(container.getTerminationMessagePath()).isEqualTo(TERMINATION_LOG);
    assertThat(container.getTerminationMessagePolicy()).isEqualTo("FallbackToLogsOnError");
    assertThat(container.getResources().getLimits()).containsKey("memory");
    assertThat(job.getBackoffLimit()).isEqualTo(SyncJobTemplate.BACKOFF_LIMIT);
    assertThat(job.getActiveDeadlineSeconds()).isEqualTo(3600L);
    assertThat(job.getPodFailurePolicy().getRules().get(0).getOnExitCodes().getValues())
        .containsExactly(EXIT_USAGE, EXIT_FAILED);
  }

  @Test
  void theEnvironmentCarriesTheSpecAndTheDefaultConnectionWithCredentialsFromTheSecret() {
    RetrievalIndex index = index();
    Container container =
        SyncJobTemplate.jobSpec(index, SyncOutcome.Mode.FullRebuild, SETTINGS)
            .getTemplate()
            .getSpec()
            .getContainers()
            .get(0);
    Map<String, EnvVar> env =
        container.getEnv().stream().collect(Collectors.toMap(EnvVar::getName, e -> e));

    assertThat(env.get(ENV_NAMESPACE).getValue()).isEqualTo("hubia-demo");
    assertThat(env.get(ENV_NAME).getValue()).isEqualTo("fiches-pratiques");
    assertThat(env.get(ENV_GENERATION).getValue()).isEqualTo("3");
    assertThat(env.get(ENV_MODE).getValue()).isEqualTo("FullRebuild");
    assertThat(env.get(ENV_SPEC).getValue()).contains("\"volumeName\":\"fiches-pratiques\"");
    assertThat(env.get(ENV_OPENSEARCH_URL).getValue()).isEqualTo(SETTINGS.opensearchUrl());
    assertThat(env.get(ENV_OPENSEARCH_PASSWORD).getValue()).isNull();
    assertThat(env.get(ENV_OPENSEARCH_PASSWORD).getValueFrom().getSecretKeyRef().getName())
        .isEqualTo(SETTINGS.opensearchSecretName());
    assertThat(container.getVolumeMounts())
        .anySatisfy(
            m -> {
              assertThat(m.getMountPath()).isEqualTo(SOURCES_ROOT + "/fiches");
              assertThat(m.getReadOnly()).isTrue();
            });
  }

  @Test
  void anOwnConnectionSecretGivesTheUrlAndOnlyTheReferencedSecretKeysAreMounted() {
    RetrievalIndex index = index();
    RetrievalIndexSpec spec = index.getSpec();
    OpenSearchIndexSpec os = new OpenSearchIndexSpec();
    os.setConnectionSecretName("opensearch-lyon");
    spec.setOpensearch(os);
    SourceSpec hydra = new SourceSpec();
    hydra.setName("crm");
    hydra.setType(SourceType.Hydra);
    HydraSource h = new HydraSource();
    h.setUrl("https://crm.example.org/api/fiches");
    h.setFields(new HydraFieldMapping());
    h.setAuthSecretRef(ref("crm-token", "authorization"));
    hydra.setHydra(h);
    SourceSpec cmis = new SourceSpec();
    cmis.setName("ged");
    cmis.setType(SourceType.Cmis);
    CmisSource c = new CmisSource();
    c.setUrl("https://ged.example.org/browser");
    c.setFolder("/Documents");
    c.setUsernameSecretRef(ref("ged", "username"));
    c.setPasswordSecretRef(ref("ged", "password"));
    cmis.setCmis(c);
    spec.getSources().addAll(List.of(hydra, cmis));
    SyncSpec sync = new SyncSpec();
    sync.setTimeout("1h30m");
    spec.setSync(sync);

    JobSpec job = SyncJobTemplate.jobSpec(index, SyncOutcome.Mode.Incremental, SETTINGS);
    PodSpec pod = job.getTemplate().getSpec();
    Map<String, EnvVar> env =
        pod.getContainers().get(0).getEnv().stream()
            .collect(Collectors.toMap(EnvVar::getName, e -> e));

    assertThat(env.get(ENV_OPENSEARCH_URL).getValueFrom().getSecretKeyRef().getName())
        .isEqualTo("opensearch-lyon");
    assertThat(env.get(ENV_OPENSEARCH_URL).getValueFrom().getSecretKeyRef().getKey())
        .isEqualTo("url");
    assertThat(pod.getVolumes())
        .filteredOn(v -> v.getSecret() != null)
        .extracting(
            v ->
                v.getSecret().getSecretName()
                    + "="
                    + v.getSecret().getItems().stream()
                        .map(i -> i.getKey())
                        .collect(Collectors.joining(",")))
        .containsExactlyInAnyOrder(
            "crm-token=authorization", "ged=password,username", "opensearch-lyon=ca.crt");
    assertThat(pod.getContainers().get(0).getVolumeMounts())
        .extracting(m -> m.getMountPath())
        .contains(SECRETS_ROOT + "/crm-token", SECRETS_ROOT + "/ged");
    assertThat(job.getActiveDeadlineSeconds()).isEqualTo(Duration.ofMinutes(90).toSeconds());
  }

  @Test
  void longNamesAreShortenedWithAHashToStayValid() {
    String base = "a".repeat(70);
    String name = SyncJobTemplate.name(base, "g12");
    assertThat(name).hasSizeLessThanOrEqualTo(63).endsWith("-g12");
    assertThat(SyncJobTemplate.name(base + "b", "g12")).isNotEqualTo(name);
    assertThat(SyncJobTemplate.name("fiches", "g1")).isEqualTo("fiches-g1");
  }

  private static SecretKeyRef ref(String name, String key) {
    SecretKeyRef ref = new SecretKeyRef();
    ref.setName(name);
    ref.setKey(key);
    return ref;
  }

  private static RetrievalIndex index() {
    RetrievalIndex index = TestResources.index("hubia-demo");
    index.getMetadata().setGeneration(3L);
    index.getMetadata().setUid("4f1c");
    return index;
  }
}
