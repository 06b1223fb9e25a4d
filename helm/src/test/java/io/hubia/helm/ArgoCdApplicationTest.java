package io.hubia.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The example Application that installs Hubia with Argo CD points at this chart with valid values.
 */
class ArgoCdApplicationTest {
  private static final Path APPLICATION = Path.of("../examples/argocd/hubia-application.yaml");
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  @Test
  void theApplicationInstallsThisChartWithValuesTheSchemaAccepts(@TempDir Path dir)
      throws IOException {
    JsonNode application = YAML.readTree(APPLICATION.toFile());
    JsonNode source = application.at("/spec/source");

    assertThat(application.at("/kind").asText()).isEqualTo("Application");
    assertThat(Path.of("..").resolve(source.at("/path").asText()).normalize())
        .isEqualTo(Path.of("..").resolve("helm/hubia").normalize());
    assertThat(application.at("/spec/syncPolicy/syncOptions").toString())
        .contains("ServerSideApply=true");

    Path values = dir.resolve("values.yaml");
    YAML.writeValue(values.toFile(), source.at("/helm/valuesObject"));
    Chart.Rendered rendered = Chart.render(command -> command.withValuesFile(values));

    assertThat(rendered.objects().stream().flatMap(o -> KubernetesObjects.problems(o).stream()))
        .isEmpty();
    assertThat(rendered.one(Deployment.class, "hubia-operator").getSpec().getReplicas())
        .isEqualTo(2);
  }

  @Test
  void theFederationApplicationComesAfterHubiaInAnAppOfApps() throws IOException {
    JsonNode hubia = YAML.readTree(APPLICATION.toFile());
    JsonNode federation =
        YAML.readTree(Path.of("../examples/argocd/federation-application.yaml").toFile());
    String wave = "/metadata/annotations/argocd.argoproj.io~1sync-wave";

    assertThat(Integer.parseInt(federation.at(wave).asText()))
        .isGreaterThan(Integer.parseInt(hubia.at(wave).asText()));
    assertThat(federation.at("/spec/destination/namespace").asText()).isEqualTo("federation");
    assertThat(Files.readString(APPLICATION)).contains("watchNamespaces: [federation]");
  }
}
