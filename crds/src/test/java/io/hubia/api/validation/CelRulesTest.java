package io.hubia.api.validation;

import static org.assertj.core.api.Assertions.assertThat;

import io.hubia.api.validation.CelRules.Violation;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link CelRules} itself, on a small CRD written for it: the Kubernetes semantics it mimics. */
class CelRulesTest {
  private static final String CRD =
      """
      apiVersion: apiextensions.k8s.io/v1
      kind: CustomResourceDefinition
      metadata: {name: widgets.example.io}
      spec:
        group: example.io
        names: {kind: Widget, plural: widgets}
        scope: Namespaced
        versions:
        - name: v1
          served: true
          storage: true
          schema:
            openAPIV3Schema:
              type: object
              properties:
                spec:
                  type: object
                  properties:
                    size: {type: integer, description: d}
                    ratio: {type: number, description: d}
                    mode: {type: string, default: Auto, description: d}
                    max-size: {type: integer, description: d}
                    port: {x-kubernetes-int-or-string: true, description: d}
                    extra: {type: object, x-kubernetes-preserve-unknown-fields: true, description: d}
                    items:
                      type: array
                      description: d
                      items:
                        type: object
                        properties:
                          name: {type: string, description: d}
                        x-kubernetes-validations:
                        - rule: "self.name != 'bad'"
                          message: "rename the bad item"
                  x-kubernetes-validations:
                  - rule: "self.size > 0"
                    message: "size must be positive"
                  - rule: "!has(self.ratio) || type(self.ratio) == double"
                    message: "ratio is not a double"
                  - rule: "type(self.size) == int"
                    message: "size is not an int"
                  - rule: "self.mode == 'Auto' || self.mode == 'Manual'"
                    message: "mode must be Auto or Manual"
                  - rule: "!has(self.max__dash__size) || self.max__dash__size < 10"
                    messageExpression: "'max-size ' + string(self.max__dash__size) + ' is 10 or more'"
                  - rule: "!has(self.port) || type(self.port) == int || self.port.startsWith('http')"
                    message: "port must be a number or a named http port"
                  - rule: "!has(self.extra) || !has(self.extra.owner) || self.extra.owner == 'federation'"
                    message: "extra.owner must be federation"
                  - rule: "self.size >= oldSelf.size"
                    message: "size may not shrink"
      """;

  private final CelRules rules = new CelRules(CrdSchema.of(CRD));

  private List<String> violations(String spec) {
    return rules
        .validate("apiVersion: example.io/v1\nkind: Widget\nmetadata: {name: w}\nspec: " + spec)
        .stream()
        .map(Violation::toString)
        .toList();
  }

  @Test
  void allRulesCompileAgainstTheTypesOfTheSchema() {
    assertThat(rules.compileErrors()).isEmpty();
    assertThat(rules.rules()).hasSize(9);
  }

  @Test
  void aValidObjectPasses() {
    assertThat(violations("{size: 3, ratio: 1, max-size: 4, port: 8080, items: [{name: ok}]}"))
        .isEmpty();
  }

  @Test
  void anUnguardedAccessToAnAbsentFieldIsAnError() {
    List<Violation> result = rules.validate("{apiVersion: example.io/v1, kind: Widget, spec: {}}");

    assertThat(result).hasSize(2).allMatch(Violation::isError);
    assertThat(result.get(0).toString())
        .startsWith("spec: ERROR in rule 'self.size > 0'")
        .contains("size");
  }

  @Test
  void aFalseRuleReportsItsMessageAndPath() {
    assertThat(violations("{size: 0}")).containsExactly("spec: size must be positive");
  }

  @Test
  void numbersAreDoublesEvenWhenWrittenAsIntegersAndIntegersAreInts() {
    assertThat(violations("{size: 2, ratio: 1}")).isEmpty();
  }

  @Test
  void rulesUnderItemsRunOncePerItem() {
    assertThat(violations("{size: 1, items: [{name: ok}, {name: bad}, {name: bad}]}"))
        .containsExactly(
            "spec.items[1]: rename the bad item", "spec.items[2]: rename the bad item");
  }

  @Test
  void defaultsAreAppliedAndNullsPrunedBeforeTheRulesRun() {
    assertThat(violations("{size: 1, mode: null}")).isEmpty();
    assertThat(violations("{size: 1, mode: Never}"))
        .containsExactly("spec: mode must be Auto or Manual");
  }

  @Test
  void propertyNamesAreEscapedAndMessageExpressionsEvaluated() {
    assertThat(violations("{size: 1, max-size: 12}"))
        .containsExactly("spec: max-size 12 is 10 or more");
  }

  @Test
  void intOrStringAndPreservedUnknownFieldsAreDynamic() {
    assertThat(violations("{size: 1, port: http-metrics, extra: {owner: federation, x: [1]}}"))
        .isEmpty();
    assertThat(violations("{size: 1, port: metrics, extra: {owner: antenne}}"))
        .containsExactly(
            "spec: port must be a number or a named http port",
            "spec: extra.owner must be federation");
  }

  @Test
  void aMisspeltFieldDoesNotCompileAndIsReported() {
    CelRules misspelt = new CelRules(CrdSchema.of(CRD.replace("self.size > 0", "self.sise > 0")));

    assertThat(misspelt.compileErrors().values()).singleElement().asString().contains("sise");
    assertThat(misspelt.validate("{apiVersion: example.io/v1, kind: Widget, spec: {size: 1}}"))
        .singleElement()
        .matches(Violation::isError);
  }

  @Test
  void kubernetesOnlyLibrariesAreNotAvailableAndSaySo() {
    CelRules quantity =
        new CelRules(CrdSchema.of(CRD.replace("self.size > 0", "isQuantity(self.mode)")));

    assertThat(quantity.compileErrors()).hasSize(1);
  }
}
