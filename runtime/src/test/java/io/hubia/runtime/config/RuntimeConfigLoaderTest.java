package io.hubia.runtime.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hubia.api.v1alpha1.spec.Language;
import io.hubia.api.v1alpha1.spec.ModelProvider;
import io.hubia.runtime.testing.SampleConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RuntimeConfigLoaderTest {
  private final RuntimeConfigLoader loader = new RuntimeConfigLoader();

  private ConfigSnapshot parse(String yaml) throws InvalidConfigException {
    return loader.parse(yaml.getBytes(StandardCharsets.UTF_8), "hubia-runtime.yaml");
  }

  @Test
  void loadsAValidFileWithItsSpecs(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("hubia-runtime.yaml");
    String yaml = SampleConfig.valid("assistant-juridique", 7, "membres", 4);
    Files.writeString(file, yaml);

    ConfigSnapshot s = loader.load(file);

    assertThat(s.workflowName()).isEqualTo("assistant-juridique");
    assertThat(s.workflowNamespace()).isEqualTo("hubia-demo");
    assertThat(s.workflowGeneration()).isEqualTo(7L);
    assertThat(s.policyName()).isEqualTo("membres");
    assertThat(s.policyGeneration()).isEqualTo(4L);
    assertThat(s.sha256())
        .hasSize(64)
        .isEqualTo(RuntimeConfigLoader.sha256(yaml.getBytes(StandardCharsets.UTF_8)));
    var spec = s.config().getWorkflow().getSpec();
    assertThat(spec.getModel().getProvider()).isEqualTo(ModelProvider.OpenAICompatible);
    assertThat(spec.getPolicyRef().getName()).isEqualTo("membres");
    assertThat(spec.getIndexes())
        .singleElement()
        .satisfies(i -> assertThat(i.getTopK()).isEqualTo(8));
    var policy = s.config().getPolicy().getSpec();
    assertThat(policy.getCitations().getFallbackMessages())
        .singleElement()
        .satisfies(m -> assertThat(m.getLanguage()).isEqualTo(Language.FR));
    assertThat(s.config().getIndexes())
        .singleElement()
        .satisfies(i -> assertThat(i.getAlias()).isEqualTo("hubia-demo-fiches-droit-social"));
    assertThat(s.config().getSecretEnv()).hasSize(1);
    assertThat(s.describe())
        .contains("hubia-demo/assistant-juridique generation 7", "policy membres generation 4");
  }

  @Test
  void ignoresFieldsAddedByANewerOperator() throws Exception {
    ConfigSnapshot s =
        parse(SampleConfig.valid("a", 1, "p", 1) + "futureField:\n  enabled: true\n");
    assertThat(s.workflowName()).isEqualTo("a");
  }

  @Test
  void rejectsAnUnsupportedFormatVersionBeforeReadingAnythingElse() {
    String v2 =
        SampleConfig.valid("a", 1, "p", 1)
            .replace("formatVersion: 1", "formatVersion: 2")
            .replace(
                "indexes:\n  - name: fiches", "indexes: {renamed: true}\nx:\n  - name: fiches");
    assertThatThrownBy(() -> parse(v2))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessage(
            "unsupported formatVersion 2 in hubia-runtime.yaml: this runtime reads formatVersion 1"
                + " only; run a runtime image that matches the operator");
  }

  @Test
  void rejectsAMissingOrNonIntegerFormatVersion() {
    String valid = SampleConfig.valid("a", 1, "p", 1);
    assertThatThrownBy(() -> parse(valid.replace("formatVersion: 1\n", "")))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("has no formatVersion");
    assertThatThrownBy(() -> parse(valid.replace("formatVersion: 1", "formatVersion: one")))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("formatVersion 'one', which is not an integer");
    assertThatThrownBy(() -> parse(valid.replace("formatVersion: 1", "formatVersion: 1.5")))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("not an integer");
  }

  @Test
  void rejectsBrokenYamlWithALocationButWithoutEchoingContent() {
    String broken = "formatVersion: 1\nworkflow:\n  name: [unclosed\n  secretish: s3cr3t-value\n";
    assertThatThrownBy(() -> parse(broken))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageStartingWith("hubia-runtime.yaml is not valid YAML")
        .hasMessageContaining("(line 4, column 12)")
        .message()
        .doesNotContain("s3cr3t-value");
  }

  @Test
  void rejectsContentThatDoesNotMatchTheModel() {
    String wrongType =
        SampleConfig.valid("a", 1, "p", 1)
            .replace("generation: 1\n  spec:", "generation: soon\n  spec:");
    assertThatThrownBy(() -> parse(wrongType))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageStartingWith("hubia-runtime.yaml does not match formatVersion 1: ")
        .hasMessageEndingWith("(at workflow.generation)");
    String badEnum = SampleConfig.valid("a", 1, "p", 1).replace("OpenAICompatible", "OpenAI");
    assertThatThrownBy(() -> parse(badEnum))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("does not match formatVersion 1")
        .hasMessageEndingWith("(at workflow.spec.model.provider)");
  }

  @Test
  void rejectsEmptyOrNonMappingOrIncompleteContent() {
    assertThatThrownBy(() -> parse("")).hasMessage("hubia-runtime.yaml is empty");
    assertThatThrownBy(() -> parse("# nothing\n")).hasMessage("hubia-runtime.yaml is empty");
    assertThatThrownBy(() -> parse("- a\n- b\n")).hasMessageContaining("must be a YAML mapping");
    assertThatThrownBy(() -> parse("formatVersion: 1\npolicy:\n  name: p\n"))
        .hasMessage("hubia-runtime.yaml has no workflow.name");
    assertThatThrownBy(() -> parse("formatVersion: 1\nworkflow:\n  name: a\n"))
        .hasMessage("hubia-runtime.yaml has no policy.name");
  }

  @Test
  void reportsAMissingFile(@TempDir Path dir) {
    assertThatThrownBy(() -> loader.load(dir.resolve("absent.yaml")))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageEndingWith("absent.yaml does not exist");
  }
}
