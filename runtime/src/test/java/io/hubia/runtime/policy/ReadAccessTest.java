package io.hubia.runtime.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.utils.Serialization;
import io.hubia.api.v1alpha1.PolicySet;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReadAccessTest {
  static final ReadAccess FEDERATION = new ReadAccess(federation().getSpec());

  static PolicySet federation() {
    try (InputStream in = Files.newInputStream(Path.of("../examples/federation/policyset.yaml"))) {
      return Serialization.unmarshal(in, PolicySet.class);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void everySignedInCallerReadsPublicPagesOnly() {
    assertThat(FEDERATION.readableLabels(List.of(), Map.of())).containsExactly("public");
    assertThat(FEDERATION.subjectsOf(List.of("inconnu"), Map.of())).isEmpty();
  }

  @Test
  void branchStaffReadTheirOwnBranchAndNeverAnother() {
    Map<String, List<String>> lyon = Map.of("branch", List.of("lyon"));
    assertThat(FEDERATION.readableLabels(List.of("collaborateur"), lyon))
        .containsExactly("adherents", "antenne:lyon", "interne", "public");
    assertThat(FEDERATION.readableLabels(List.of("collaborateur"), lyon))
        .doesNotContain("antenne:lille");
  }

  @Test
  void aBranchRuleWithoutTheAttributeGivesNothingRatherThanAnEmptyLabel() {
    // collaborateur without the "antenne" claim is not the subject at all (attribute required)
    assertThat(FEDERATION.subjectsOf(List.of("collaborateur"), Map.of())).isEmpty();
    assertThat(FEDERATION.readableLabels(List.of("collaborateur"), Map.of()))
        .containsExactly("public");
    assertThat(ReadAccess.expand("antenne:${branch}", Map.of())).isEmpty();
    assertThat(ReadAccess.expand("antenne:${branch}", Map.of("branch", List.of(" ", ""))))
        .isEmpty();
  }

  @Test
  void severalValuesGiveSeveralLabelsAndRolesCombine() {
    Map<String, List<String>> two = Map.of("branch", List.of("lyon", "lille"));
    assertThat(FEDERATION.readableLabels(List.of("collaborateur", "juriste"), two))
        .containsExactly(
            "adherents", "antenne:lille", "antenne:lyon", "interne", "juridique-interne", "public");
    assertThat(FEDERATION.subjectsOf(List.of("adherent"), Map.of())).containsExactly("adherent");
  }
}
