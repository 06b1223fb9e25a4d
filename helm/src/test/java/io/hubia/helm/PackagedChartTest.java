package io.hubia.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.Helm;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The chart as users receive it: a .tgz with the generated CRDs, the schema and the docs. */
class PackagedChartTest {
  private static final List<String> CRDS =
      List.of(
          "agentworkflows.hubia.io-v1.yml",
          "policysets.hubia.io-v1.yml",
          "retrievalindexes.hubia.io-v1.yml");

  @TempDir static Path destination;
  static Path archive;
  static Map<String, String> files;

  @BeforeAll
  static void packageTheChart() throws IOException {
    new Helm(Chart.DIR).packageIt().withDestination(destination).call();
    archive = destination.resolve("hubia-0.1.0.tgz");
    files = read(archive);
  }

  /** Path inside the archive to text content. */
  private static Map<String, String> read(Path tgz) throws IOException {
    Map<String, String> files = new HashMap<>();
    try (InputStream in = new GZIPInputStream(Files.newInputStream(tgz))) {
      byte[] header = new byte[512];
      while (in.readNBytes(header, 0, 512) == 512 && header[0] != 0) {
        String name = new String(header, 0, 100, StandardCharsets.UTF_8).trim().replace("\0", "");
        String prefix = new String(header, 345, 155, StandardCharsets.UTF_8).replace("\0", "");
        long size =
            Long.parseLong(
                new String(header, 124, 12, StandardCharsets.UTF_8).replace("\0", "").trim(), 8);
        byte[] content = in.readNBytes((int) size);
        in.skipNBytes((512 - size % 512) % 512);
        if (header[156] == '0' || header[156] == 0) {
          files.put(
              prefix.isEmpty() ? name : prefix + "/" + name,
              new String(content, StandardCharsets.UTF_8));
        }
      }
    }
    return files;
  }

  @Test
  void theArchiveHoldsTheGeneratedCrdsUnchanged() throws IOException {
    for (String crd : CRDS) {
      String generated;
      try (InputStream in = getClass().getResourceAsStream("/META-INF/fabric8/" + crd)) {
        assertThat(in).as("generated CRD " + crd + " on the classpath (hubia-crds)").isNotNull();
        generated = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
      assertThat(files).containsKey("hubia/crds/" + crd);
      assertThat(files.get("hubia/crds/" + crd)).as(crd).isEqualTo(generated);
    }
    assertThat(files.keySet().stream().filter(f -> f.startsWith("hubia/crds/")))
        .hasSize(CRDS.size());
  }

  @Test
  void theArchiveHoldsTheSchemaTheArgoCdHealthChecksAndNoTestFiles() {
    assertThat(files)
        .containsKeys(
            "hubia/Chart.yaml",
            "hubia/values.yaml",
            "hubia/values.schema.json",
            "hubia/templates/deployment.yaml",
            "hubia/argocd/health/hubia.io_AgentWorkflow.lua",
            "hubia/argocd/health/hubia.io_RetrievalIndex.lua",
            "hubia/argocd/health/hubia.io_PolicySet.lua");
    assertThat(files.keySet()).allMatch(f -> f.startsWith("hubia/"));
  }

  @Test
  void thePackagedChartRendersLikeTheFolder() {
    String manifests =
        Helm.template(archive.toString())
            .withName(Chart.RELEASE)
            .withNamespace(Chart.NAMESPACE)
            .withKubeVersion(Chart.KUBE_VERSION)
            .call();

    assertThat(manifests).isEqualTo(Chart.render(Map.of()).manifests());
    assertThat(Chart.parse(manifests))
        .anySatisfy(o -> assertThat(o).isInstanceOf(Deployment.class));
  }
}
