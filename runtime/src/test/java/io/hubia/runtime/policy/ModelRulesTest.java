package io.hubia.runtime.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.hubia.api.v1alpha1.spec.ModelHosting;
import io.hubia.api.v1alpha1.spec.ModelRule;
import io.hubia.api.v1alpha1.spec.ModelRulesSpec;
import io.hubia.api.v1alpha1.spec.ModelViolationAction;
import io.hubia.api.v1alpha1.spec.Sensitivity;
import io.hubia.api.v1alpha1.spec.SensitivityLabel;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ModelRulesTest {

  static SensitivityLabel label(String label, Sensitivity sensitivity) {
    SensitivityLabel l = new SensitivityLabel();
    l.setLabel(label);
    l.setSensitivity(sensitivity);
    return l;
  }

  static ModelRule rule(Sensitivity sensitivity, ModelHosting... hostings) {
    ModelRule r = new ModelRule();
    r.setSensitivity(sensitivity);
    r.setAllowedHosting(List.of(hostings));
    return r;
  }

  static ModelRulesSpec spec() {
    ModelRulesSpec spec = new ModelRulesSpec();
    spec.setSensitivityLabels(
        List.of(
            label("public", Sensitivity.Public),
            label("rh", Sensitivity.Confidential),
            label("board", Sensitivity.Secret)));
    return spec;
  }

  @Test
  void theMostSensitiveLabelOfAChunkDecides() {
    ModelRules rules = ModelRules.compile(spec());

    assertThat(rules.sensitivityOfLabels(List.of("public"))).isEqualTo(Sensitivity.Public);
    assertThat(rules.sensitivityOfLabels(List.of("public", "rh")))
        .isEqualTo(Sensitivity.Confidential);
    assertThat(rules.sensitivityOfLabels(List.of("rh", "board", "public")))
        .isEqualTo(Sensitivity.Secret);
  }

  @Test
  void unlistedLabelsAndUnlabelledContentAreInternal() {
    ModelRules rules = ModelRules.compile(spec());

    assertThat(rules.sensitivityOfLabels(List.of("wiki"))).isEqualTo(Sensitivity.Internal);
    assertThat(rules.sensitivityOfLabels(List.of())).isEqualTo(Sensitivity.Internal);
    // an unknown label never lowers a chunk below Internal, even next to a public one
    assertThat(rules.sensitivityOfLabels(List.of("public", "wiki")))
        .isEqualTo(Sensitivity.Internal);
  }

  @Test
  void theMostSensitiveChunkOfTheContextDecides() {
    ModelRules rules = ModelRules.compile(spec());

    assertThat(rules.sensitivityOfContext(List.of(List.of("public"), List.of("public"))))
        .isEqualTo(Sensitivity.Public);
    assertThat(rules.sensitivityOfContext(List.of(List.of("public"), List.of("rh"))))
        .isEqualTo(Sensitivity.Confidential);
    assertThat(rules.sensitivityOfContext(List.of())).isEqualTo(Sensitivity.Public);
  }

  @Test
  void withoutRulesConfidentialAndSecretGoToSelfHostedModelsOnly() {
    ModelRules rules = ModelRules.compile(null);

    assertThat(rules.allowedHostings(Sensitivity.Public))
        .containsExactlyInAnyOrder(ModelHosting.SelfHosted, ModelHosting.External);
    assertThat(rules.allowedHostings(Sensitivity.Internal))
        .containsExactlyInAnyOrder(ModelHosting.SelfHosted, ModelHosting.External);
    assertThat(rules.allowedHostings(Sensitivity.Confidential))
        .containsExactly(ModelHosting.SelfHosted);
    assertThat(rules.allowedHostings(Sensitivity.Secret)).containsExactly(ModelHosting.SelfHosted);
    assertThat(rules.onViolation()).isEqualTo(ModelViolationAction.Fallback);
    // without sensitivity labels everything is Internal: no workflow changes by default
    assertThat(rules.mayReceive(ModelHosting.External, List.of("rh"))).isTrue();
  }

  @Test
  void aRuleReplacesTheDefaultOfItsSensitivityOnly() {
    ModelRulesSpec spec = spec();
    spec.setRules(
        List.of(
            rule(Sensitivity.Internal, ModelHosting.SelfHosted),
            rule(Sensitivity.Secret /* no hosting: extractive answers only */)));
    spec.setOnViolation(ModelViolationAction.Reject);
    ModelRules rules = ModelRules.compile(spec);

    assertThat(rules.allowedHostings(Sensitivity.Internal))
        .isEqualTo(Set.of(ModelHosting.SelfHosted));
    assertThat(rules.allowedHostings(Sensitivity.Secret)).isEmpty();
    assertThat(rules.allowedHostings(Sensitivity.Confidential))
        .isEqualTo(Set.of(ModelHosting.SelfHosted));
    assertThat(rules.allowedHostings(Sensitivity.Public)).hasSize(2);
    assertThat(rules.allows(ModelHosting.SelfHosted, Sensitivity.Secret)).isFalse();
    assertThat(rules.onViolation()).isEqualTo(ModelViolationAction.Reject);
  }

  @Test
  void aModelWithoutHostingIsExternal() {
    ModelRules rules = ModelRules.compile(spec());

    assertThat(rules.allows(null, Sensitivity.Confidential)).isFalse();
    assertThat(rules.allows(null, Sensitivity.Internal)).isTrue();
    assertThat(rules.mayReceive(ModelHosting.External, List.of("rh"))).isFalse();
    assertThat(rules.mayReceive(ModelHosting.SelfHosted, List.of("rh"))).isTrue();
  }
}
