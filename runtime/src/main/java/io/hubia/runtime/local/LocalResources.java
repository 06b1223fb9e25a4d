package io.hubia.runtime.local;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.hubia.api.check.PolicySetValidator;
import io.hubia.api.check.RetrievalIndexValidator;
import io.hubia.api.check.WorkflowSpecValidator;
import io.hubia.api.v1alpha1.AgentWorkflow;
import io.hubia.api.v1alpha1.PolicySet;
import io.hubia.api.v1alpha1.RetrievalIndex;
import io.hubia.api.v1alpha1.spec.IndexRef;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The Hubia resources of a folder, as local mode applies them: every {@code *.yaml} / {@code *.yml}
 * file at its top level (several documents per file allowed), validated with the operator's own
 * validators, with their references checked. Resources without a namespace get {@value #NAMESPACE};
 * other kinds are ignored with a warning.
 *
 * @param folder the folder read
 * @param indexes RetrievalIndexes by name
 * @param policies PolicySets by name
 * @param workflows AgentWorkflows by name
 * @param warnings what was ignored, one sentence each
 */
public record LocalResources(
    Path folder,
    Map<String, RetrievalIndex> indexes,
    Map<String, PolicySet> policies,
    Map<String, AgentWorkflow> workflows,
    List<String> warnings) {

  /** Namespace of resources that name none. */
  public static final String NAMESPACE = "local";

  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
  private static final Map<String, Class<? extends HasMetadata>> KINDS =
      Map.of(
          "hubia.io/v1alpha1/RetrievalIndex", RetrievalIndex.class,
          "hubia.io/v1alpha1/PolicySet", PolicySet.class,
          "hubia.io/v1alpha1/AgentWorkflow", AgentWorkflow.class);

  /**
   * Reads and checks the folder.
   *
   * @throws InvalidResourcesException listing every problem found, each with its file and what to
   *     fix
   */
  public static LocalResources read(Path folder) throws InvalidResourcesException {
    List<String> problems = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    Map<String, RetrievalIndex> indexes = new LinkedHashMap<>();
    Map<String, PolicySet> policies = new LinkedHashMap<>();
    Map<String, AgentWorkflow> workflows = new LinkedHashMap<>();
    if (!Files.isDirectory(folder)) {
      throw new InvalidResourcesException(List.of(folder + " is not a folder"));
    }
    List<Path> files;
    try (Stream<Path> listing = Files.list(folder)) {
      files =
          listing
              .filter(Files::isRegularFile)
              .filter(p -> p.getFileName().toString().matches("(?i)[^.].*\\.ya?ml"))
              .sorted()
              .toList();
    } catch (IOException e) {
      throw new InvalidResourcesException(List.of("cannot list " + folder + ": " + e.getMessage()));
    }
    for (Path file : files) {
      List<HasMetadata> resources;
      try {
        resources = load(file);
      } catch (IOException | RuntimeException e) {
        problems.add(file.getFileName() + ": not valid Kubernetes YAML: " + rootMessage(e));
        continue;
      }
      for (HasMetadata resource : resources) {
        String where = file.getFileName() + ": " + resource.getKind() + " " + name(resource);
        if (resource.getMetadata() == null || resource.getMetadata().getName() == null) {
          problems.add(file.getFileName() + ": a " + resource.getKind() + " has no metadata.name");
          continue;
        }
        if (resource.getMetadata().getNamespace() == null) {
          resource.getMetadata().setNamespace(NAMESPACE);
        }
        resource.getMetadata().setGeneration(1L);
        if (resource instanceof RetrievalIndex index) {
          check(
              where,
              index.getSpec() == null
                  ? List.of("no spec")
                  : RetrievalIndexValidator.validate(index.getSpec()),
              problems);
          put(indexes, index, where, problems);
        } else if (resource instanceof PolicySet policy) {
          check(
              where,
              policy.getSpec() == null
                  ? List.of("no spec")
                  : PolicySetValidator.validate(policy.getSpec()),
              problems);
          put(policies, policy, where, problems);
        } else if (resource instanceof AgentWorkflow workflow) {
          check(
              where,
              workflow.getSpec() == null
                  ? List.of("no spec")
                  : WorkflowSpecValidator.validate(workflow.getSpec()),
              problems);
          put(workflows, workflow, where, problems);
        } else {
          warnings.add(
              where
                  + " ignored: local mode applies RetrievalIndex, PolicySet and AgentWorkflow only");
        }
      }
    }
    for (AgentWorkflow workflow : workflows.values()) {
      if (workflow.getSpec() == null) {
        continue;
      }
      String where = "AgentWorkflow " + workflow.getMetadata().getName();
      String policy =
          workflow.getSpec().getPolicyRef() == null
              ? null
              : workflow.getSpec().getPolicyRef().getName();
      if (policy == null || !policies.containsKey(policy)) {
        problems.add(
            where + ": spec.policyRef names PolicySet '" + policy + "', which is not in " + folder);
      }
      for (IndexRef ref : workflow.getSpec().getIndexes()) {
        if (!indexes.containsKey(ref.getName())) {
          problems.add(
              where
                  + ": spec.indexes names RetrievalIndex '"
                  + ref.getName()
                  + "', which is not in "
                  + folder);
        }
      }
    }
    if (workflows.isEmpty() && problems.isEmpty()) {
      problems.add("no AgentWorkflow in " + folder + ": there would be nothing to serve");
    }
    if (!problems.isEmpty()) {
      throw new InvalidResourcesException(problems);
    }
    return new LocalResources(folder, indexes, policies, workflows, warnings);
  }

  private static List<HasMetadata> load(Path file) throws IOException {
    List<HasMetadata> resources = new ArrayList<>();
    String text = Files.readString(file);
    for (String document : text.split("(?m)^---\\s*$")) {
      if (document.lines().allMatch(l -> l.isBlank() || l.stripLeading().startsWith("#"))) {
        continue;
      }
      GenericKubernetesResource generic =
          SERIALIZATION.unmarshal(document, GenericKubernetesResource.class);
      if (generic == null || generic.getKind() == null) {
        throw new IllegalArgumentException("a document has no kind");
      }
      Class<? extends HasMetadata> type =
          KINDS.get(generic.getApiVersion() + "/" + generic.getKind());
      resources.add(type == null ? generic : SERIALIZATION.unmarshal(document, type));
    }
    return resources;
  }

  private static <T extends HasMetadata> void put(
      Map<String, T> byName, T resource, String where, List<String> problems) {
    if (byName.putIfAbsent(resource.getMetadata().getName(), resource) != null) {
      problems.add(where + ": defined twice; names must be unique per kind");
    }
  }

  private static void check(String where, List<String> found, List<String> problems) {
    found.forEach(p -> problems.add(where + ": " + p));
  }

  private static String name(HasMetadata resource) {
    return resource.getMetadata() == null ? "?" : resource.getMetadata().getName();
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
  }

  /** The folder of a Files source: {@code <folder>/<volumeName>/<path>}. */
  public Path volume(String volumeName) {
    return folder.resolve(volumeName);
  }

  /** The folder holds resources that cannot be applied. */
  public static final class InvalidResourcesException extends Exception {
    private final List<String> problems;

    public InvalidResourcesException(List<String> problems) {
      super(String.join("\n", problems));
      this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
      return problems;
    }
  }
}
