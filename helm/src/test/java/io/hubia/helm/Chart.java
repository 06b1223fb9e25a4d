package io.hubia.helm;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesList;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The chart under test: renders it with helm-java (Helm's own template engine, schema check
 * included) and reads the manifests into fabric8's typed Kubernetes model.
 */
final class Chart {
  static final Path DIR = Path.of("hubia");
  static final Path VALUE_SETS = Path.of("src/test/resources/values");
  static final String RELEASE = "hubia";
  static final String NAMESPACE = "hubia-system";

  /** The Kubernetes version the chart is rendered for (helm-java's default is 1.20). */
  static final String KUBE_VERSION = "1.31.0";

  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  private Chart() {}

  /** The rendered objects with the default values plus {@code overrides}. */
  static Rendered render(Map<String, Object> overrides) {
    return render(command -> set(command, overrides));
  }

  /** The rendered objects with a value set of src/test/resources/values. */
  static Rendered renderValueSet(String file) {
    Path values = VALUE_SETS.resolve(file);
    if (!Files.isRegularFile(values)) {
      throw new IllegalArgumentException("no value set " + values.toAbsolutePath());
    }
    return render(command -> command.withValuesFile(values));
  }

  static Rendered render(UnaryOperator<TemplateCommand> configure) {
    TemplateCommand command =
        new Helm(DIR)
            .template()
            .withName(RELEASE)
            .withNamespace(NAMESPACE)
            .withKubeVersion(KUBE_VERSION)
            .skipCrds();
    String manifests = configure.apply(command).call();
    return new Rendered(manifests, parse(manifests));
  }

  /** The message Helm fails with for these values (a schema or template failure). */
  static String failure(Map<String, Object> overrides) {
    try {
      render(overrides);
    } catch (IllegalStateException e) {
      return e.getMessage();
    }
    throw new AssertionError("the chart rendered with " + overrides + " although it should fail");
  }

  static TemplateCommand set(TemplateCommand command, Map<String, Object> overrides) {
    overrides.forEach(command::set);
    return command;
  }

  /** Each YAML document of the output as a typed object (unknown kinds stay generic). */
  static List<HasMetadata> parse(String manifests) {
    List<HasMetadata> objects = new ArrayList<>();
    for (String document : manifests.split("(?m)^---\\s*$")) {
      if (document.lines().allMatch(line -> line.isBlank() || line.startsWith("#"))) {
        continue;
      }
      Object parsed = SERIALIZATION.unmarshal(document);
      if (parsed instanceof KubernetesList list) {
        objects.addAll(list.getItems());
      } else {
        objects.add((HasMetadata) parsed);
      }
    }
    return objects;
  }

  /** What one rendering produced. */
  record Rendered(String manifests, List<HasMetadata> objects) {
    <T extends HasMetadata> List<T> all(Class<T> kind) {
      return objects.stream().filter(kind::isInstance).map(kind::cast).toList();
    }

    <T extends HasMetadata> Optional<T> find(Class<T> kind, String name) {
      return all(kind).stream().filter(o -> o.getMetadata().getName().equals(name)).findFirst();
    }

    <T extends HasMetadata> T one(Class<T> kind, String name) {
      return find(kind, name)
          .orElseThrow(
              () -> new AssertionError("no " + kind.getSimpleName() + " " + name + " rendered"));
    }
  }
}
