package io.hubia.api.validation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every Hubia resource under the repository's {@code examples/} folder, against the CRDs the build
 * generated: the schema and every CEL rule must accept it, as {@code kubectl apply} would. Within a
 * folder, each AgentWorkflow's PolicySet and RetrievalIndexes must be defined too, so that a folder
 * can be applied (or run locally) on its own.
 *
 * <p>The folder is {@code ../examples} from the module directory (Maven runs tests there), or the
 * system property {@code hubia.examples.dir}.
 */
class ExamplesValidationTest {
  private static final String GROUP = "hubia.io/";
  private static final Map<String, String> PLURALS =
      Map.of(
          "AgentWorkflow", "agentworkflows",
          "RetrievalIndex", "retrievalindexes",
          "PolicySet", "policysets");
  private static final Map<String, CrdSchema> SCHEMAS = new java.util.HashMap<>();
  private static final Map<String, CelRules> RULES = new java.util.HashMap<>();

  /** One YAML document of an example file. */
  record Document(Path file, int index, JsonNode resource) {
    String kind() {
      return resource.path("kind").asText();
    }

    String name() {
      return resource.path("metadata").path("name").asText();
    }

    boolean isHubia() {
      return resource.path("apiVersion").asText().startsWith(GROUP);
    }

    @Override
    public String toString() {
      return examplesDir().relativize(file) + "#" + index + " " + kind() + "/" + name();
    }
  }

  static Path examplesDir() {
    String configured = System.getProperty("hubia.examples.dir");
    Path dir =
        configured != null
            ? Path.of(configured)
            : Path.of(System.getProperty("user.dir")).resolve("../examples");
    return dir.toAbsolutePath().normalize();
  }

  static List<Path> yamlFiles() {
    try (Stream<Path> files = Files.walk(examplesDir())) {
      return files
          .filter(Files::isRegularFile)
          .filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<Document> documents() {
    List<Document> documents = new ArrayList<>();
    for (Path file : yamlFiles()) {
      try (MappingIterator<JsonNode> it =
          CrdSchema.YAML.readerFor(JsonNode.class).readValues(file.toFile())) {
        int index = 0;
        while (it.hasNext()) {
          JsonNode node = it.next();
          if (node != null && !node.isNull() && !node.isMissingNode()) {
            documents.add(new Document(file, index, node));
          }
          index++;
        }
      } catch (IOException e) {
        throw new UncheckedIOException(file.toString(), e);
      }
    }
    return documents;
  }

  static List<Document> hubiaResources() {
    return documents().stream().filter(Document::isHubia).toList();
  }

  private static CrdSchema schema(String plural) {
    return SCHEMAS.computeIfAbsent(plural, CrdSchema::load);
  }

  private static CelRules rules(String plural) {
    return RULES.computeIfAbsent(plural, p -> new CelRules(schema(p)));
  }

  @Test
  void theExamplesFolderHoldsHubiaResources() {
    assertThat(examplesDir()).as("examples folder").isDirectory();
    assertThat(hubiaResources()).as("Hubia resources under %s", examplesDir()).isNotEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("hubiaResources")
  void exampleIsAcceptedByTheSchemaAndEveryRule(Document document) {
    String plural = PLURALS.get(document.kind());
    assertThat(plural).as("kind of %s", document).isNotNull();

    assertThat(schema(plural).validate(document.resource())).as("schema errors").isEmpty();
    assertThat(rules(plural).validate(document.resource()))
        .as("CEL rule failures and errors")
        .isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("workflows")
  void workflowReferencesAreDefinedInItsFolder(Document workflow) {
    List<Document> folder =
        hubiaResources().stream()
            .filter(d -> d.file().getParent().equals(workflow.file().getParent()))
            .toList();
    JsonNode spec = workflow.resource().path("spec");

    assertThat(folder)
        .as("PolicySet named by spec.policyRef")
        .anyMatch(d -> is(d, "PolicySet", spec.path("policyRef").path("name").asText()));
    for (JsonNode index : spec.path("indexes")) {
      assertThat(folder)
          .as("RetrievalIndex named in spec.indexes")
          .anyMatch(d -> is(d, "RetrievalIndex", index.path("name").asText()));
    }
  }

  static List<Document> workflows() {
    return hubiaResources().stream().filter(d -> d.kind().equals("AgentWorkflow")).toList();
  }

  private static boolean is(Document document, String kind, String name) {
    return document.kind().equals(kind) && document.name().equals(name);
  }
}
