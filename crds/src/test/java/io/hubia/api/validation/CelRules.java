package io.hubia.api.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.common.collect.ImmutableCollection;
import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSet;
import dev.cel.bundle.Cel;
import dev.cel.bundle.CelFactory;
import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelOptions;
import dev.cel.common.CelValidationResult;
import dev.cel.common.types.CelType;
import dev.cel.common.types.CelTypeProvider;
import dev.cel.common.types.ListType;
import dev.cel.common.types.MapType;
import dev.cel.common.types.NullableType;
import dev.cel.common.types.SimpleType;
import dev.cel.common.types.StructType;
import dev.cel.common.values.NullValue;
import dev.cel.extensions.CelExtensions;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Evaluates the CEL rules ({@code x-kubernetes-validations}) of a generated CRD with Google's
 * CEL-Java, the way the API server evaluates them on create:
 *
 * <ul>
 *   <li>each rule runs at its schema node with {@code self} bound to the value there, once per item
 *       of a list (and per value of a map) above it, and only where the value is present;
 *   <li>{@code self} is typed from the schema, as the API server declares it: objects are structs
 *       whose fields are the declared properties (a misspelt field does not compile), {@code
 *       integer} is {@code int} (int64), {@code number} is {@code double} even when the YAML says
 *       {@code 1}, arrays are lists, {@code additionalProperties} objects are maps; property names
 *       are escaped as Kubernetes does ({@code __dash__}, {@code __dot__}, reserved words);
 *   <li>an absent field is an absent key, so {@code has()} tells it apart and an unguarded access
 *       is an evaluation error: the error is reported as a {@link Violation} (the API server would
 *       reject the object), never swallowed;
 *   <li>the environment is CEL's standard library and macros, the {@code strings}, {@code sets} and
 *       {@code optional} extensions, cross-type numeric comparisons, homogeneous literals and
 *       partial-match {@code matches()}, as in Kubernetes. Kubernetes' own libraries (quantity,
 *       url, ip, cidr, format, its {@code lists} and {@code regex} functions) are not here: a rule
 *       using them fails to compile and is reported, rather than passing unchecked;
 *   <li>transition rules (those reading {@code oldSelf}) are compiled but, as on create, not run.
 * </ul>
 *
 * <p>Not modelled: the API server's cost estimate of each rule, and string formats ({@code
 * date-time}, {@code duration}, {@code byte}), which fail loudly if they appear.
 */
public final class CelRules {
  /** Field names that Kubernetes escapes as {@code __name__} because they are CEL keywords. */
  private static final Set<String> RESERVED =
      Set.of(
          "true",
          "false",
          "null",
          "in",
          "as",
          "break",
          "const",
          "continue",
          "else",
          "for",
          "function",
          "if",
          "import",
          "let",
          "loop",
          "package",
          "namespace",
          "return",
          "var",
          "void",
          "while");

  private static final java.util.regex.Pattern ACCESSIBLE =
      java.util.regex.Pattern.compile("^[a-zA-Z_.\\-/][a-zA-Z0-9_.\\-/]*$");
  private static final java.util.regex.Pattern OLD_SELF =
      java.util.regex.Pattern.compile("\\boldSelf\\b");

  /** One rule of the CRD, where it stands in the schema (e.g. {@code spec.tools[*]}). */
  public record Rule(
      String schemaPath,
      String expression,
      String message,
      String messageExpression,
      String fieldPath,
      String reason) {
    /** A transition rule compares with the stored object: it does not run on create. */
    public boolean isTransition() {
      return OLD_SELF.matcher(expression).find();
    }

    /** The message the API server shows when the rule fails and has no message expression. */
    public String displayMessage() {
      return message != null && !message.isBlank() ? message : "failed rule: " + expression;
    }
  }

  /**
   * A rule that failed at {@code path} (e.g. {@code spec.tools[1]}): with its message, or with the
   * evaluation or compilation {@code error} that stopped it, which the API server would also
   * reject.
   */
  public record Violation(String path, Rule rule, String message, String error) {
    public boolean isError() {
      return error != null;
    }

    @Override
    public String toString() {
      return isError()
          ? path + ": ERROR in rule '" + rule.expression() + "': " + error
          : path + ": " + message;
    }
  }

  private final CrdSchema crd;
  private final String typePrefix;
  private final Map<String, CelType> types = new LinkedHashMap<>();
  private final List<Rule> rules = new ArrayList<>();
  private final Map<Rule, CelRuntime.Program> programs = new LinkedHashMap<>();
  private final Map<Rule, CelRuntime.Program> messagePrograms = new LinkedHashMap<>();
  private final Map<Rule, String> compileErrors = new LinkedHashMap<>();

  public CelRules(CrdSchema crd) {
    this.crd = crd;
    this.typePrefix = "io.hubia." + crd.kind();
    CelTypeProvider provider =
        new CelTypeProvider() {
          @Override
          public ImmutableCollection<CelType> types() {
            return ImmutableList.copyOf(types.values());
          }

          @Override
          public Optional<CelType> findType(String name) {
            return Optional.ofNullable(types.get(name));
          }
        };
    collect(crd.openApiSchema(), "", typePrefix, true, provider);
  }

  /** Every rule of the CRD, in schema order. */
  public List<Rule> rules() {
    return Collections.unmodifiableList(rules);
  }

  /** Rules that did not compile, with the compiler's message. */
  public Map<Rule, String> compileErrors() {
    return Collections.unmodifiableMap(compileErrors);
  }

  /**
   * Evaluates every rule on a custom resource (prepared as the API server would: nulls pruned,
   * defaults applied) and returns the failures, errors included, in schema order; empty when the
   * resource passes.
   */
  public List<Violation> validate(JsonNode resource) {
    List<Violation> out = new ArrayList<>();
    compileErrors.forEach(
        (rule, error) -> out.add(new Violation(rule.schemaPath(), rule, null, error)));
    walk(crd.openApiSchema(), crd.prepare(resource), "", "", true, out, new LinkedHashSet<>());
    return out;
  }

  /**
   * The rules that ran to a true or false result on this resource: the rules whose node it holds,
   * once per rule however many list items carry it.
   */
  public Set<Rule> reached(JsonNode resource) {
    Set<Rule> reached = new LinkedHashSet<>();
    walk(crd.openApiSchema(), crd.prepare(resource), "", "", true, new ArrayList<>(), reached);
    return reached;
  }

  /** Same, from YAML. */
  public List<Violation> validate(String yaml) {
    return validate(CrdSchema.readYaml(yaml));
  }

  // --- compilation -------------------------------------------------------------------------

  private void collect(
      JsonNode schema, String schemaPath, String typeName, boolean root, CelTypeProvider provider) {
    JsonNode validations = schema.path("x-kubernetes-validations");
    if (!validations.isMissingNode() && validations.size() > 0) {
      CelType selfType = declType(schema, typeName, root);
      Cel cel = environment(provider, selfType);
      for (JsonNode v : validations) {
        Rule rule =
            new Rule(
                root ? "<root>" : schemaPath,
                v.path("rule").asText(),
                text(v, "message"),
                text(v, "messageExpression"),
                text(v, "fieldPath"),
                text(v, "reason"));
        rules.add(rule);
        compile(cel, rule.expression(), SimpleType.BOOL)
            .ifPresentOrElse(
                p -> programs.put(rule, p),
                () -> compileErrors.put(rule, compileError(cel, rule.expression())));
        if (rule.messageExpression() != null) {
          compile(cel, rule.messageExpression(), SimpleType.STRING)
              .ifPresentOrElse(
                  p -> messagePrograms.put(rule, p),
                  () ->
                      compileErrors.put(
                          rule,
                          "messageExpression: " + compileError(cel, rule.messageExpression())));
        }
      }
    }
    schema
        .path("properties")
        .fields()
        .forEachRemaining(
            p ->
                collect(
                    p.getValue(),
                    join(schemaPath, p.getKey()),
                    typeName + "." + p.getKey(),
                    false,
                    provider));
    if (schema.has("items")) {
      collect(schema.get("items"), schemaPath + "[*]", typeName + ".items", false, provider);
    }
    if (schema.path("additionalProperties").isObject()) {
      collect(
          schema.get("additionalProperties"),
          schemaPath + "[*]",
          typeName + ".additionalProperties",
          false,
          provider);
    }
  }

  private static Cel environment(CelTypeProvider provider, CelType selfType) {
    CelOptions options =
        CelOptions.current()
            .enableHeterogeneousNumericComparisons(true)
            .enableHomogeneousLiterals(true)
            .enableRegexPartialMatch(true)
            .enableOptionalSyntax(true)
            .build();
    return CelFactory.standardCelBuilder()
        .setOptions(options)
        .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
        .setTypeProvider(provider)
        .addCompilerLibraries(
            CelExtensions.strings(), CelExtensions.sets(options), CelExtensions.optional())
        .addRuntimeLibraries(
            CelExtensions.strings(), CelExtensions.sets(options), CelExtensions.optional())
        .addVar("self", selfType)
        .addVar("oldSelf", selfType)
        .build();
  }

  private static Optional<CelRuntime.Program> compile(Cel cel, String expression, CelType result) {
    CelValidationResult compiled = cel.compile(expression);
    if (compiled.hasError()) {
      return Optional.empty();
    }
    try {
      CelAbstractSyntaxTree ast = compiled.getAst();
      if (!ast.getResultType().equals(result) && !ast.getResultType().equals(SimpleType.DYN)) {
        return Optional.empty();
      }
      return Optional.of(cel.createProgram(ast));
    } catch (Exception e) {
      return Optional.empty();
    }
  }

  private static String compileError(Cel cel, String expression) {
    CelValidationResult compiled = cel.compile(expression);
    if (compiled.hasError()) {
      return compiled.getErrorString();
    }
    try {
      return "result type is " + compiled.getAst().getResultType().name() + ", not bool/string";
    } catch (Exception e) {
      return e.toString();
    }
  }

  /** The CEL type Kubernetes declares for a schema node. */
  private CelType declType(JsonNode schema, String typeName, boolean root) {
    CelType type = baseType(schema, typeName, root);
    return schema.path("nullable").asBoolean(false) ? NullableType.create(type) : type;
  }

  private CelType baseType(JsonNode schema, String typeName, boolean root) {
    if (schema.path("x-kubernetes-int-or-string").asBoolean(false)) {
      return SimpleType.DYN;
    }
    switch (schema.path("type").asText("")) {
      case "string":
        String format = schema.path("format").asText("");
        if (Set.of("byte", "date", "date-time", "duration").contains(format)) {
          throw new UnsupportedOperationException(
              typeName
                  + ": format "
                  + format
                  + " is a CEL bytes/timestamp/duration: teach CelRules");
        }
        return SimpleType.STRING;
      case "integer":
        return SimpleType.INT;
      case "number":
        return SimpleType.DOUBLE;
      case "boolean":
        return SimpleType.BOOL;
      case "array":
        return schema.has("items")
            ? ListType.create(declType(schema.get("items"), typeName + ".items", false))
            : ListType.create(SimpleType.DYN);
      case "object":
        if (schema.has("properties") || root) {
          return structType(schema, typeName, root);
        }
        if (schema.path("additionalProperties").isObject()) {
          return MapType.create(
              SimpleType.STRING,
              declType(
                  schema.get("additionalProperties"), typeName + ".additionalProperties", false));
        }
        return SimpleType.DYN;
      default:
        return SimpleType.DYN;
    }
  }

  private CelType structType(JsonNode schema, String typeName, boolean root) {
    CelType known = types.get(typeName);
    if (known != null) {
      return known;
    }
    Map<String, CelType> fields = new LinkedHashMap<>();
    schema
        .path("properties")
        .fields()
        .forEachRemaining(
            p ->
                escape(p.getKey())
                    .ifPresent(
                        name ->
                            fields.put(
                                name, declType(p.getValue(), typeName + "." + p.getKey(), false))));
    if (root || schema.path("x-kubernetes-embedded-resource").asBoolean(false)) {
      fields.putIfAbsent("apiVersion", SimpleType.STRING);
      fields.putIfAbsent("kind", SimpleType.STRING);
      fields.putIfAbsent("metadata", metadataType(typeName + ".metadata"));
    }
    StructType struct =
        StructType.create(
            typeName,
            ImmutableSet.copyOf(fields.keySet()),
            f -> Optional.ofNullable(fields.get(f)));
    types.put(typeName, struct);
    return struct;
  }

  /** Rules see only metadata.name and metadata.generateName, as in Kubernetes. */
  private CelType metadataType(String typeName) {
    StructType struct =
        StructType.create(
            typeName,
            ImmutableSet.of("name", "generateName"),
            f ->
                Set.of("name", "generateName").contains(f)
                    ? Optional.of(SimpleType.STRING)
                    : Optional.empty());
    types.put(typeName, struct);
    return struct;
  }

  /** The CEL name of a property, or empty if Kubernetes makes it inaccessible to rules. */
  static Optional<String> escape(String property) {
    if (RESERVED.contains(property)) {
      return Optional.of("__" + property + "__");
    }
    if (!ACCESSIBLE.matcher(property).matches()) {
      return Optional.empty();
    }
    return Optional.of(
        property
            .replace("__", "__underscores__")
            .replace(".", "__dot__")
            .replace("-", "__dash__")
            .replace("/", "__slash__"));
  }

  // --- evaluation --------------------------------------------------------------------------

  private void walk(
      JsonNode schema,
      JsonNode value,
      String path,
      String schemaPath,
      boolean root,
      List<Violation> out,
      Set<Rule> reached) {
    if (value == null || value.isMissingNode() || value.isNull()) {
      return;
    }
    JsonNode validations = schema.path("x-kubernetes-validations");
    if (validations.size() > 0) {
      Object self = toCel(schema, value, root);
      for (Rule rule : rules) {
        if (!rule.schemaPath().equals(root ? "<root>" : schemaPath)) {
          continue;
        }
        CelRuntime.Program program = programs.get(rule);
        if (program == null || rule.isTransition()) {
          continue;
        }
        String at = root ? "<root>" : path;
        if (rule.fieldPath() != null) {
          at = at + rule.fieldPath();
        }
        try {
          Object result = program.eval(Map.of("self", self));
          if (result instanceof Boolean) {
            reached.add(rule);
          }
          if (Boolean.FALSE.equals(result)) {
            out.add(new Violation(at, rule, message(rule, self), null));
          } else if (!Boolean.TRUE.equals(result)) {
            out.add(new Violation(at, rule, null, "the rule returned " + result + ", not a bool"));
          }
        } catch (CelEvaluationException e) {
          out.add(new Violation(at, rule, null, e.getMessage()));
        }
      }
    }
    if (value.isObject()) {
      JsonNode properties = schema.path("properties");
      value
          .fields()
          .forEachRemaining(
              f -> {
                if (properties.has(f.getKey())) {
                  walk(
                      properties.get(f.getKey()),
                      f.getValue(),
                      join(path, f.getKey()),
                      join(schemaPath, f.getKey()),
                      false,
                      out,
                      reached);
                } else if (schema.path("additionalProperties").isObject()) {
                  walk(
                      schema.get("additionalProperties"),
                      f.getValue(),
                      path + "[" + f.getKey() + "]",
                      schemaPath + "[*]",
                      false,
                      out,
                      reached);
                }
              });
    } else if (value.isArray() && schema.has("items")) {
      for (int i = 0; i < value.size(); i++) {
        walk(
            schema.get("items"),
            value.get(i),
            path + "[" + i + "]",
            schemaPath + "[*]",
            false,
            out,
            reached);
      }
    }
  }

  private String message(Rule rule, Object self) {
    CelRuntime.Program program = messagePrograms.get(rule);
    if (program != null) {
      try {
        Object text = program.eval(Map.of("self", self));
        if (text instanceof String s && !s.isBlank()) {
          return s;
        }
      } catch (CelEvaluationException e) {
        // As in Kubernetes: a failing message expression falls back to the static message.
      }
    }
    return rule.displayMessage();
  }

  /** The value CEL sees for a node, typed by the schema as in {@link #declType}. */
  private static Object toCel(JsonNode schema, JsonNode value, boolean root) {
    if (value.isNull()) {
      return NullValue.NULL_VALUE;
    }
    if (schema.path("x-kubernetes-int-or-string").asBoolean(false)) {
      return value.isIntegralNumber() ? (Object) value.longValue() : value.asText();
    }
    switch (schema.path("type").asText("")) {
      case "string":
        return value.asText();
      case "integer":
        if (!value.canConvertToExactIntegral() || !value.canConvertToLong()) {
          throw new IllegalArgumentException(value + " is not an int64");
        }
        return value.longValue();
      case "number":
        return value.doubleValue();
      case "boolean":
        return value.booleanValue();
      case "array":
        {
          List<Object> list = new ArrayList<>();
          for (JsonNode item : value) {
            list.add(toCel(schema.path("items"), item, false));
          }
          return ImmutableList.copyOf(list);
        }
      case "object":
        if (schema.has("properties") || root) {
          Map<String, Object> struct = new LinkedHashMap<>();
          JsonNode properties = schema.path("properties");
          value
              .fields()
              .forEachRemaining(
                  f -> {
                    if (properties.has(f.getKey())) {
                      escape(f.getKey())
                          .ifPresent(
                              name ->
                                  struct.put(
                                      name,
                                      toCel(properties.get(f.getKey()), f.getValue(), false)));
                    }
                  });
          if (root || schema.path("x-kubernetes-embedded-resource").asBoolean(false)) {
            for (String f : List.of("apiVersion", "kind")) {
              if (value.has(f)) {
                struct.put(f, value.get(f).asText());
              }
            }
            if (value.has("metadata")) {
              Map<String, Object> metadata = new LinkedHashMap<>();
              for (String f : List.of("name", "generateName")) {
                if (value.get("metadata").has(f)) {
                  metadata.put(f, value.get("metadata").get(f).asText());
                }
              }
              struct.put("metadata", metadata);
            }
          }
          return struct;
        }
        if (schema.path("additionalProperties").isObject()) {
          Map<String, Object> map = new LinkedHashMap<>();
          value
              .fields()
              .forEachRemaining(
                  f ->
                      map.put(
                          f.getKey(),
                          toCel(schema.get("additionalProperties"), f.getValue(), false)));
          return map;
        }
        return untyped(value);
      default:
        return untyped(value);
    }
  }

  /** Values under x-kubernetes-preserve-unknown-fields without a declared type. */
  private static Object untyped(JsonNode value) {
    if (value.isNull()) {
      return NullValue.NULL_VALUE;
    }
    if (value.isIntegralNumber()) {
      return value.longValue();
    }
    if (value.isNumber()) {
      return value.doubleValue();
    }
    if (value.isBoolean()) {
      return value.booleanValue();
    }
    if (value.isArray()) {
      List<Object> list = new ArrayList<>();
      value.forEach(item -> list.add(untyped(item)));
      return ImmutableList.copyOf(list);
    }
    if (value.isObject()) {
      Map<String, Object> map = new LinkedHashMap<>();
      value.fields().forEachRemaining(f -> map.put(f.getKey(), untyped(f.getValue())));
      return map;
    }
    return value.asText();
  }

  private static String join(String path, String field) {
    return path.isEmpty() ? field : path + "." + field;
  }

  private static String text(JsonNode node, String field) {
    return node.hasNonNull(field) ? node.get(field).asText() : null;
  }
}
