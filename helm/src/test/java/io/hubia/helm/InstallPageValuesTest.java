package io.hubia.helm;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The values files the install page gives render the chart as the page says. */
class InstallPageValuesTest {
  private static final Path INSTALL = Path.of("../docs/operations/install.md");

  /** The YAML block of the page whose first line is {@code # <name>}. */
  static String block(String name) throws IOException {
    Matcher m =
        Pattern.compile("```yaml\\n(# " + Pattern.quote(name) + "[^\\n]*\\n.*?)```", Pattern.DOTALL)
            .matcher(Files.readString(INSTALL));
    assertThat(m.find()).as("a ```yaml block starting with # " + name + " in install.md").isTrue();
    return m.group(1);
  }

  @Test
  void theClusterWideValuesRenderAClusterWideOperator(@TempDir Path dir) throws IOException {
    Path values =
        Files.writeString(dir.resolve("values-cluster.yaml"), block("values-cluster.yaml"));

    Chart.Rendered rendered = Chart.render(command -> command.withValuesFile(values));

    assertThat(rendered.objects().stream().flatMap(o -> KubernetesObjects.problems(o).stream()))
        .isEmpty();
    assertThat(rendered.all(ClusterRoleBinding.class)).hasSize(2);
    assertThat(rendered.all(RoleBinding.class))
        .extracting(b -> b.getMetadata().getName())
        .containsExactly("hubia-operator-leader-election");
  }

  @Test
  void theNamespacedValuesBindTheRulesInTheExampleNamespace(@TempDir Path dir) throws IOException {
    String namespaced = block("values-namespaced.yaml");
    assertThat(namespaced).contains("as above, except");
    Path cluster =
        Files.writeString(dir.resolve("values-cluster.yaml"), block("values-cluster.yaml"));
    Path overrides = Files.writeString(dir.resolve("values-namespaced.yaml"), namespaced);

    Chart.Rendered rendered =
        Chart.render(command -> command.withValuesFile(cluster).withValuesFile(overrides));

    assertThat(rendered.all(ClusterRoleBinding.class))
        .extracting(b -> b.getMetadata().getName())
        .containsExactly("hubia-operator-crd-check");
    assertThat(rendered.all(RoleBinding.class))
        .extracting(b -> b.getMetadata().getNamespace() + "/" + b.getMetadata().getName())
        .contains("federation/hubia-operator");
  }
}
