package io.hubia.api.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hubia.api.validation.CrdSchema.SchemaError;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link CrdSchema} itself, on a small CRD written for it: how x-kubernetes-* is treated. */
class CrdSchemaTest {
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
                  required: [name]
                  properties:
                    name: {type: string, pattern: "^[a-z]+$"}
                    note: {type: string, nullable: true}
                    port: {x-kubernetes-int-or-string: true}
                    extra: {type: object, x-kubernetes-preserve-unknown-fields: true}
                    tags:
                      type: array
                      x-kubernetes-list-type: set
                      items: {type: string}
                    ports:
                      type: array
                      x-kubernetes-list-type: map
                      x-kubernetes-list-map-keys: [port]
                      items:
                        type: object
                        properties:
                          port: {type: integer}
                          name: {type: string}
      """;

  private final CrdSchema schema = CrdSchema.of(CRD);

  private List<String> errors(String spec) {
    return schema
        .validate("apiVersion: example.io/v1\nkind: Widget\nmetadata: {name: w}\nspec: " + spec)
        .stream()
        .map(e -> e.path() + " " + e.keyword())
        .toList();
  }

  @Test
  void aValidObjectPasses() {
    assertThat(errors("{name: abc, note: null, port: 80, tags: [a, b], ports: [{port: 1}]}"))
        .isEmpty();
  }

  @Test
  void patternsAreRe2WhereDollarIsTheEndOfTheText() {
    assertThat(errors("{name: \"abc\\n\"}")).containsExactly("spec.name pattern");
  }

  @Test
  void unknownFieldsAreRejectedExceptWherePreserved() {
    assertThat(errors("{name: abc, colour: red, extra: {anything: [1, {b: c}]}}"))
        .containsExactly("spec additionalProperties");
  }

  @Test
  void intOrStringTakesAnIntegerOrAString() {
    assertThat(errors("{name: abc, port: http}")).isEmpty();
    assertThat(errors("{name: abc, port: true}")).containsExactly("spec.port type");
  }

  @Test
  void nullIsKeptWhereNullableAndPrunedElsewhere() {
    assertThat(errors("{name: abc, note: null}")).isEmpty();
    assertThat(errors("{name: null}")).containsExactly("spec required");
  }

  @Test
  void setsAndMapListsRejectDuplicates() {
    assertThat(errors("{name: abc, tags: [a, a]}")).containsExactly("spec.tags uniqueItems");
    assertThat(errors("{name: abc, ports: [{port: 1, name: a}, {port: 1, name: b}]}"))
        .containsExactly("spec.ports[1] x-kubernetes-list-type");
  }

  @Test
  void apiVersionAndKindMustBeThoseOfTheCrd() {
    List<SchemaError> errors =
        schema.validate("apiVersion: example.io/v2\nkind: Gadget\nmetadata: {}\nspec: {name: a}");

    assertThat(errors).extracting(SchemaError::path).containsExactly("apiVersion", "kind");
  }

  @Test
  void anUnknownKubernetesExtensionFailsLoudly() {
    assertThatThrownBy(
            () -> CrdSchema.of(CRD.replace("x-kubernetes-list-type: set", "x-kubernetes-foo: x")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("x-kubernetes-foo");
  }

  @Test
  void theGeneratedCrdsAreOnTheClasspath() {
    for (String plural : List.of("agentworkflows", "retrievalindexes", "policysets")) {
      CrdSchema crd = CrdSchema.load(plural);

      assertThat(crd.apiVersion()).isEqualTo("hubia.io/v1alpha1");
      assertThat(crd.openApiSchema().at("/properties/spec/type").asText()).isEqualTo("object");
    }
  }
}
