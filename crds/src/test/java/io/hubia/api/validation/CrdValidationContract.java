package io.hubia.api.validation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hubia.api.validation.CelRules.Rule;
import io.hubia.api.validation.CelRules.Violation;
import io.hubia.api.validation.CrdSchema.SchemaError;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What every kind's validation test checks, against the CRD the build generated: valid examples
 * pass the schema and every CEL rule; each invalid example breaks exactly the rule or schema
 * constraint it is written for; every rule of the CRD has such an example; every rule compiles;
 * every property is documented.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class CrdValidationContract {
  /** A resource that must break exactly one CEL rule, with this message, at this path. */
  record CelCase(String name, Example example, String path, String message) {
    @Override
    public String toString() {
      return name;
    }
  }

  /** A resource that must break exactly one schema constraint: this keyword at this path. */
  record SchemaCase(String name, Example example, String path, String keyword) {
    @Override
    public String toString() {
      return name;
    }
  }

  static CelCase cel(String name, Example example, String path, String message) {
    return new CelCase(name, example, path, message);
  }

  static SchemaCase schema(String name, Example example, String path, String keyword) {
    return new SchemaCase(name, example, path, keyword);
  }

  /**
   * Known gap, to be closed in the model: the generator writes no description for the top-level
   * {@code spec} and {@code status}, which come from {@code CustomResource}. Overriding {@code
   * getSpec()} and {@code getStatus()} in each kind with {@code @JsonPropertyDescription} makes it
   * write one (checked with crd-generator 7.5.2); then empty this set. Nothing else may be
   * undocumented.
   */
  protected final CrdSchema crd = CrdSchema.load(plural());

  protected final CelRules rules = new CelRules(crd);

  /** Plural of the kind, e.g. {@code agentworkflows}. */
  abstract String plural();

  /** Valid resources, as paths under {@code validation/}: a full one first, a minimal one. */
  abstract List<String> validExamples();

  abstract List<CelCase> celCases();

  abstract List<SchemaCase> schemaCases();

  @ParameterizedTest(name = "{0}")
  @MethodSource("validExamples")
  void validExamplePassesTheSchemaAndEveryRule(String resource) {
    JsonNode example = Example.of(resource).build();

    assertThat(crd.validate(example)).as("schema errors").isEmpty();
    assertThat(rules.validate(example)).as("CEL rule failures and errors").isEmpty();
  }

  /**
   * Kubernetes leaves absent fields absent: a rule that reads an optional field without {@code
   * has()} errors, and the API server then rejects the object. So every optional field of each
   * valid example is left out in turn (and every list emptied): whatever the schema still accepts
   * must not make any rule error.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("validExamples")
  void leavingOutAnyOptionalFieldMakesNoRuleError(String resource) {
    JsonNode example = Example.of(resource).build();
    List<String> variants = new ArrayList<>();
    List<String> errors = new ArrayList<>();
    for (String pointer : optionalFields(crd.openApiSchema(), example, "")) {
      for (boolean empty : new boolean[] {false, true}) {
        JsonNode variant = example.deepCopy();
        JsonNode parent = variant.at(JsonPointer.compile(pointer).head());
        String field = JsonPointer.compile(pointer).last().getMatchingProperty();
        if (empty && !parent.path(field).isArray()) {
          continue;
        }
        if (empty) {
          ((ObjectNode) parent).putArray(field);
        } else {
          ((ObjectNode) parent).remove(field);
        }
        if (!crd.validate(variant).isEmpty()) {
          continue;
        }
        String name = (empty ? "emptied " : "without ") + pointer;
        variants.add(name);
        rules.validate(variant).stream()
            .filter(Violation::isError)
            .forEach(v -> errors.add(name + " -> " + v));
      }
    }

    assertThat(variants).as("schema-valid variants tried").isNotEmpty();
    assertThat(errors).as("rules that error instead of passing or failing").isEmpty();
  }

  /** JSON pointers of the fields present in the value that the schema does not require. */
  private static List<String> optionalFields(JsonNode schema, JsonNode value, String pointer) {
    List<String> out = new ArrayList<>();
    if (value.isObject()) {
      Set<String> required = new java.util.HashSet<>();
      schema.path("required").forEach(r -> required.add(r.asText()));
      schema
          .path("properties")
          .fields()
          .forEachRemaining(
              p -> {
                if (value.has(p.getKey())) {
                  String at = pointer + "/" + p.getKey();
                  if (!required.contains(p.getKey())) {
                    out.add(at);
                  }
                  out.addAll(optionalFields(p.getValue(), value.get(p.getKey()), at));
                }
              });
    } else if (value.isArray()) {
      for (int i = 0; i < value.size(); i++) {
        out.addAll(optionalFields(schema.path("items"), value.get(i), pointer + "/" + i));
      }
    }
    return out;
  }

  @Test
  void theValidExamplesReachEveryRule() {
    Set<Rule> reached = new LinkedHashSet<>();
    for (String resource : validExamples()) {
      reached.addAll(rules.reached(Example.of(resource).build()));
    }

    assertThat(rules.rules())
        .as("rules never evaluated on a valid example (so never shown not to error on one)")
        .allSatisfy(rule -> assertThat(reached).contains(rule));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("celCases")
  void invalidExampleBreaksExactlyItsRule(CelCase c) {
    JsonNode example = c.example().build();

    assertThat(crd.validate(example))
        .as("the example must be schema-valid, so that only the rule rejects it")
        .isEmpty();
    assertThat(rules.validate(example))
        .extracting(Violation::toString)
        .containsExactly(c.path() + ": " + c.message());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("schemaCases")
  void invalidExampleBreaksExactlyItsSchemaConstraint(SchemaCase c) {
    List<SchemaError> errors = crd.validate(c.example().build());

    assertThat(errors)
        .extracting(SchemaError::path, SchemaError::keyword)
        .as("%s", errors)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(c.path(), c.keyword()));
  }

  @Test
  void everyRuleOfTheGeneratedCrdHasAnInvalidExample() {
    Set<String> broken = new TreeSet<>();
    for (CelCase c : celCases()) {
      for (Violation v : rules.validate(c.example().build())) {
        if (!v.isError()) {
          broken.add(v.rule().schemaPath() + ": " + v.rule().displayMessage());
        }
      }
    }
    List<String> all =
        rules.rules().stream().map(r -> r.schemaPath() + ": " + r.displayMessage()).toList();

    assertThat(all).as("rules of %s", crd.plural()).isNotEmpty();
    assertThat(broken)
        .as("rules that no invalid example breaks: add one to celCases()")
        .containsAll(all);
  }

  @Test
  void everyRuleCompilesAgainstTheSchemaTypes() {
    assertThat(rules.compileErrors()).isEmpty();
  }

  @Test
  void everyPropertyHasADescription() {
    List<String> undocumented = new ArrayList<>();
    undocumented(crd.openApiSchema(), "", undocumented);

    assertThat(undocumented)
        .as("properties without a description (kubectl explain shows them empty)")
        .isEmpty();
  }

  @Test
  void theRuleMessagesSayWhatToFix() {
    assertThat(rules.rules())
        .allSatisfy(
            r -> {
              assertThat(r.message()).as("message of %s", r.expression()).isNotBlank();
              assertThat(r.message()).as("message of %s", r.expression()).doesNotContain("self.");
            });
  }

  private static void undocumented(JsonNode schema, String path, List<String> out) {
    schema
        .path("properties")
        .fields()
        .forEachRemaining(
            p -> {
              String at = path.isEmpty() ? p.getKey() : path + "." + p.getKey();
              if (at.equals("metadata")) {
                return;
              }
              if (p.getValue().path("description").asText("").isBlank()) {
                out.add(at);
              }
              undocumented(p.getValue(), at, out);
            });
    if (schema.has("items")) {
      undocumented(schema.get("items"), path + "[*]", out);
    }
    if (schema.path("additionalProperties").isObject()) {
      undocumented(schema.get("additionalProperties"), path + "[*]", out);
    }
  }
}
