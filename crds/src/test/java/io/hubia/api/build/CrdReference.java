package io.hubia.api.build;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionNames;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.api.model.apiextensions.v1.ValidationRule;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Renders docs/reference/crds.md, the CRD reference for the people who write the resources, from
 * the generated CRD YAML; then checks that the committed page matches it (or rewrites it with
 * {@code -Dhubia.crds.update=true}). Runs in the build right after {@link CrdGeneration}, so the
 * page cannot drift from the schema that {@code kubectl explain} shows.
 */
public final class CrdReference {
  static final String UPDATE = "./mvnw -pl crds install -Dhubia.crds.update=true";

  private CrdReference() {}

  /** Arguments: generated CRD folder, then the page; system property hubia.crds.update. */
  public static void main(String[] args) throws IOException {
    Path generated = Path.of(args[0]);
    Path page = Path.of(args[1]);
    String rendered = render(load(generated));
    if (Boolean.getBoolean("hubia.crds.update")) {
      Files.createDirectories(page.getParent());
      Files.writeString(page, rendered, StandardCharsets.UTF_8);
    } else if (!Files.exists(page)) {
      throw new IllegalStateException(
          page + " is missing.\nRun " + UPDATE + " and commit the result.");
    } else if (!Files.readString(page, StandardCharsets.UTF_8).equals(rendered)) {
      throw new IllegalStateException(
          page
              + " differs from what the CRDs render (the model changed, or the page was edited"
              + " by hand).\nRun "
              + UPDATE
              + " and commit the result.");
    }
  }

  /** The CRDs in the folder, in the order of {@link CrdGeneration#KINDS}. */
  static List<CustomResourceDefinition> load(Path folder) throws IOException {
    List<String> order = CrdGeneration.KINDS.stream().map(Class::getSimpleName).toList();
    List<CustomResourceDefinition> crds = new ArrayList<>();
    try (Stream<Path> files = Files.list(folder)) {
      for (Path file : files.filter(p -> p.toString().endsWith(".yml")).sorted().toList()) {
        crds.add(Serialization.unmarshal(Files.readString(file), CustomResourceDefinition.class));
      }
    }
    crds.sort(
        Comparator.comparingInt(
            (CustomResourceDefinition crd) -> {
              int index = order.indexOf(crd.getSpec().getNames().getKind());
              return index < 0 ? order.size() : index;
            }));
    return crds;
  }

  /** The whole page. */
  static String render(List<CustomResourceDefinition> crds) {
    Markdown md = new Markdown();
    md.line(
        "<!-- Generated from the CRD YAML by crds/src/test/java/io/hubia/api/build/"
            + "CrdReference.java: do not edit. After a model change, run "
            + UPDATE
            + ". -->");
    md.line("# CRD reference");
    md.blank();
    md.line(
        "Every field of Hubia's custom resources, as the API server validates it. The page is"
            + " generated from the CRDs that the Helm chart installs, and the build fails when it"
            + " is out of date. The same descriptions are in the cluster:"
            + " `kubectl explain agentworkflow.spec --recursive`.");
    md.blank();
    md.line("| Kind | API version | Short names | Scope |");
    md.line("|---|---|---|---|");
    for (CustomResourceDefinition crd : crds) {
      CustomResourceDefinitionNames names = crd.getSpec().getNames();
      for (CustomResourceDefinitionVersion version : crd.getSpec().getVersions()) {
        md.line(
            "| ["
                + names.getKind()
                + "](#"
                + kindAnchor(crd, version)
                + ") | `"
                + crd.getSpec().getGroup()
                + "/"
                + version.getName()
                + "` | "
                + codes(names.getShortNames())
                + " | "
                + crd.getSpec().getScope()
                + " |");
      }
    }
    md.blank();
    md.line("How to read the tables:");
    md.blank();
    md.line(
        "- **Type** follows `kubectl explain`: `[]object` is a list of objects, `map[string]string`"
            + " a map; an object type links to the object's own table. The lines under a type are"
            + " what the API server enforces: allowed values, pattern, range, length, number of"
            + " items.");
    md.line(
        "- **Required** fields must be set whenever the object that holds them is set; an"
            + " optional object can be left out entirely.");
    md.line(
        "- **Defaults** stated in a description (\"Defaults to ...\") are applied by Hubia and"
            + " are not written into the resource; a default in the type column is written by the"
            + " API server.");
    md.line(
        "- **Validation rules** are CEL rules (`x-kubernetes-validations`) that span fields: the"
            + " API server refuses a resource that breaks one at `kubectl apply`, with the message"
            + " listed. They are listed under each object and, with their CEL, at the end of each"
            + " kind.");
    md.line(
        "- **status** is written by the operator: read it, do not set it. Every status has"
            + " `observedGeneration` and `conditions`, `Ready` first, so `kubectl wait"
            + " --for=condition=Ready` and Argo CD health checks work the same on every kind.");
    for (CustomResourceDefinition crd : crds) {
      for (CustomResourceDefinitionVersion version : crd.getSpec().getVersions()) {
        new KindPage(crd, version, md).render();
      }
    }
    return md.toString();
  }

  private static String kindAnchor(
      CustomResourceDefinition crd, CustomResourceDefinitionVersion version) {
    String kind = crd.getSpec().getNames().getKind().toLowerCase();
    return crd.getSpec().getVersions().size() == 1 ? kind : kind + "-" + version.getName();
  }

  private static String codes(List<String> values) {
    return values == null || values.isEmpty()
        ? ""
        : values.stream().map(Markdown::code).collect(Collectors.joining(", "));
  }

  /**
   * One kind at one version: its names and columns, then a table per object, then its rules. An
   * object whose schema appears at several paths (a Secret reference, a model) gets one table that
   * names every path.
   */
  private static final class KindPage {
    private final CustomResourceDefinition crd;
    private final CustomResourceDefinitionVersion version;
    private final Markdown md;
    private final String anchor;
    private final Map<JSONSchemaProps, ObjectSection> sections = new LinkedHashMap<>();
    private final ObjectSection root;

    KindPage(CustomResourceDefinition crd, CustomResourceDefinitionVersion version, Markdown md) {
      this.crd = crd;
      this.version = version;
      this.md = md;
      this.anchor = kindAnchor(crd, version);
      JSONSchemaProps schema = version.getSchema().getOpenAPIV3Schema();
      this.root = new ObjectSection("", schema, anchor + "-root");
      if (schema.getProperties() != null) {
        schema.getProperties().forEach((name, property) -> collect(name, property));
      }
    }

    /** Walks the schema depth first, giving each distinct object schema one section. */
    private void collect(String path, JSONSchemaProps schema) {
      if (isObject(schema)) {
        JSONSchemaProps shape = schema.toBuilder().withDescription(null).build();
        ObjectSection section = sections.get(shape);
        if (section != null) {
          section.paths.add(path);
        } else {
          section = new ObjectSection(path, schema, anchor + "-" + slug(path));
          sections.put(shape, section);
        }
        schema.getProperties().forEach((name, property) -> collect(path + "." + name, property));
      } else if (schema.getItems() != null && schema.getItems().getSchema() != null) {
        collect(path + "[]", schema.getItems().getSchema());
      } else if (additional(schema) != null) {
        collect(path + ".*", additional(schema));
      }
    }

    void render() {
      CustomResourceDefinitionNames names = crd.getSpec().getNames();
      String group = crd.getSpec().getGroup();
      md.blank();
      md.anchor(anchor);
      md.line("## " + names.getKind());
      md.blank();
      description(version.getSchema().getOpenAPIV3Schema().getDescription());
      md.line("- **API version:** `" + group + "/" + version.getName() + "`" + versionState());
      md.line("- **Scope:** " + crd.getSpec().getScope());
      md.line(
          "- **Names:** "
              + Markdown.code(names.getPlural())
              + " (plural), "
              + Markdown.code(names.getSingular())
              + " (singular)"
              + (names.getShortNames() == null || names.getShortNames().isEmpty()
                  ? ""
                  : ", short names " + codes(names.getShortNames())));
      if (names.getCategories() != null && !names.getCategories().isEmpty()) {
        md.line(
            "- **Categories:** "
                + codes(names.getCategories())
                + ": `kubectl get "
                + names.getCategories().get(0)
                + "` lists this kind with the others of the category");
      }
      if (version.getSubresources() != null) {
        List<String> subresources = new ArrayList<>();
        if (version.getSubresources().getStatus() != null) {
          subresources.add("`status`");
        }
        if (version.getSubresources().getScale() != null) {
          subresources.add("`scale`");
        }
        if (!subresources.isEmpty()) {
          md.line("- **Subresources:** " + String.join(", ", subresources));
        }
      }
      md.line("- **CRD:** `" + crd.getMetadata().getName() + "`");
      columns();
      objects();
      rules();
    }

    private String versionState() {
      List<String> state = new ArrayList<>();
      if (!Boolean.TRUE.equals(version.getServed())) {
        state.add("not served");
      }
      if (Boolean.TRUE.equals(version.getStorage())) {
        state.add("storage version");
      }
      if (Boolean.TRUE.equals(version.getDeprecated())) {
        state.add(
            "deprecated"
                + (version.getDeprecationWarning() == null
                    ? ""
                    : ": " + Markdown.text(version.getDeprecationWarning())));
      }
      return state.isEmpty() ? "" : " (" + String.join(", ", state) + ")";
    }

    private void columns() {
      List<CustomResourceColumnDefinition> columns = version.getAdditionalPrinterColumns();
      if (columns == null || columns.isEmpty()) {
        return;
      }
      String plural = crd.getSpec().getNames().getPlural();
      boolean described = columns.stream().anyMatch(c -> c.getDescription() != null);
      md.blank();
      md.line("### Columns of `kubectl get " + plural + "`");
      md.blank();
      md.line("| Column | Shown | Type | JSON path |" + (described ? " Description |" : ""));
      md.line("|---|---|---|---|" + (described ? "---|" : ""));
      for (CustomResourceColumnDefinition column : columns) {
        int priority = column.getPriority() == null ? 0 : column.getPriority();
        md.line(
            "| "
                + Markdown.text(column.getName())
                + " | "
                + (priority == 0 ? "always" : "with `-o wide`")
                + " | "
                + column.getType()
                + (column.getFormat() == null ? "" : " (" + column.getFormat() + ")")
                + " | "
                + Markdown.code(column.getJsonPath())
                + " |"
                + (described ? " " + Markdown.text(column.getDescription()) + " |" : ""));
      }
    }

    private void objects() {
      for (ObjectSection section : sections.values()) {
        JSONSchemaProps schema = section.schema;
        md.blank();
        md.anchor(section.anchor);
        md.line("### " + Markdown.code(section.path()));
        md.blank();
        if (section.paths.size() > 1) {
          md.line(
              "Used at "
                  + section.paths.stream().map(Markdown::code).collect(Collectors.joining(", "))
                  + ".");
          md.blank();
        } else if (schema.getDescription() != null) {
          description(schema.getDescription());
        }
        if (section.path().equals("status")) {
          md.line("Written by the operator.");
          md.blank();
        }
        List<String> required = schema.getRequired() == null ? List.of() : schema.getRequired();
        md.line("| Field | Type | Required | Description |");
        md.line("|---|---|---|---|");
        schema
            .getProperties()
            .forEach(
                (name, property) ->
                    md.line(
                        "| "
                            + Markdown.code(name)
                            + " | "
                            + type(property)
                            + " | "
                            + (required.contains(name) ? "yes" : "")
                            + " | "
                            + Markdown.text(property.getDescription())
                            + " |"));
        List<Rule> rules = rulesOf(section);
        if (!rules.isEmpty()) {
          md.blank();
          md.line("Validation rules:");
          md.blank();
          for (Rule rule : rules) {
            md.line(
                "- "
                    + (rule.field.isEmpty() ? "" : Markdown.code(rule.field) + ": ")
                    + Markdown.text(rule.message()));
          }
        }
      }
    }

    private void rules() {
      List<Rule> rules = new ArrayList<>(rulesOf(root));
      sections.values().forEach(section -> rules.addAll(rulesOf(section)));
      if (rules.isEmpty()) {
        return;
      }
      md.blank();
      md.anchor(anchor + "-validation-rules");
      md.line("### Validation rules of " + crd.getSpec().getNames().getKind());
      md.blank();
      md.line(
          "The API server evaluates each rule with `self` bound to the value at the path, and"
              + " refuses the resource with the message when the rule is false.");
      md.blank();
      md.line("| Path | Message | Rule |");
      md.line("|---|---|---|");
      for (Rule rule : rules) {
        String paths =
            rule.section.paths.stream()
                .map(path -> Markdown.code(join(path, rule.field)))
                .collect(Collectors.joining("<br>"));
        String link =
            rule.section == root ? paths : "[" + paths + "](#" + rule.section.anchor + ")";
        md.line(
            "| "
                + link
                + " | "
                + Markdown.text(rule.message())
                + " | "
                + Markdown.code(rule.validation.getRule())
                + " |");
      }
    }

    /** Rules on the object itself, then on its fields that have no table of their own. */
    private List<Rule> rulesOf(ObjectSection section) {
      List<Rule> rules = new ArrayList<>();
      validations(section.schema).forEach(v -> rules.add(new Rule(section, "", v)));
      if (section.schema.getProperties() != null) {
        section
            .schema
            .getProperties()
            .forEach((name, property) -> fieldRules(section, name, property, rules));
      }
      return rules;
    }

    private void fieldRules(
        ObjectSection section, String field, JSONSchemaProps schema, List<Rule> rules) {
      if (isObject(schema)) {
        return;
      }
      validations(schema).forEach(v -> rules.add(new Rule(section, field, v)));
      if (schema.getItems() != null && schema.getItems().getSchema() != null) {
        fieldRules(section, field + "[]", schema.getItems().getSchema(), rules);
      } else if (additional(schema) != null) {
        fieldRules(section, field + ".*", additional(schema), rules);
      }
    }

    /** The type column: the kubectl explain type, linked when it has a table, and constraints. */
    private String type(JSONSchemaProps schema) {
      List<String> lines = new ArrayList<>();
      lines.add(typeName(schema));
      constraints(schema, "", lines);
      JSONSchemaProps element = element(schema);
      if (element != null && !isObject(element)) {
        constraints(element, "each: ", lines);
      }
      return String.join("<br>", lines);
    }

    private String typeName(JSONSchemaProps schema) {
      if (isObject(schema)) {
        return "[object](#" + section(schema).anchor + ")";
      }
      if (Boolean.TRUE.equals(schema.getXKubernetesIntOrString())) {
        return "int or string";
      }
      if (schema.getItems() != null && schema.getItems().getSchema() != null) {
        return "\\[\\]" + typeName(schema.getItems().getSchema());
      }
      if (additional(schema) != null) {
        return "map\\[string\\]" + typeName(additional(schema));
      }
      if (schema.getType() == null
          || Boolean.TRUE.equals(schema.getXKubernetesPreserveUnknownFields())) {
        return (schema.getType() == null ? "any" : schema.getType()) + " (free-form)";
      }
      return schema.getType() + (schema.getFormat() == null ? "" : " (" + schema.getFormat() + ")");
    }

    private ObjectSection section(JSONSchemaProps schema) {
      return Objects.requireNonNull(
          sections.get(schema.toBuilder().withDescription(null).build()), "no section");
    }

    private static void constraints(JSONSchemaProps schema, String prefix, List<String> lines) {
      List<String> found = new ArrayList<>();
      if (schema.getEnum() != null && !schema.getEnum().isEmpty()) {
        found.add(
            "one of "
                + schema.getEnum().stream()
                    .map(JsonNode::asText)
                    .map(Markdown::code)
                    .collect(Collectors.joining(", ")));
      }
      if (schema.getPattern() != null) {
        found.add("pattern " + Markdown.code(schema.getPattern()));
      }
      String range =
          range(
              schema.getMinimum(),
              Boolean.TRUE.equals(schema.getExclusiveMinimum()),
              schema.getMaximum(),
              Boolean.TRUE.equals(schema.getExclusiveMaximum()));
      if (range != null) {
        found.add(range);
      }
      String length = count(schema.getMinLength(), schema.getMaxLength(), "character");
      if (length != null) {
        found.add(length);
      }
      String items = count(schema.getMinItems(), schema.getMaxItems(), "item");
      if (items != null) {
        found.add(items);
      }
      String properties = count(schema.getMinProperties(), schema.getMaxProperties(), "entry");
      if (properties != null) {
        found.add(properties);
      }
      if (Boolean.TRUE.equals(schema.getUniqueItems())
          || "set".equals(schema.getXKubernetesListType())) {
        found.add("no duplicates");
      }
      if (schema.getXKubernetesListMapKeys() != null
          && !schema.getXKubernetesListMapKeys().isEmpty()) {
        found.add("unique by " + codes(schema.getXKubernetesListMapKeys()));
      }
      if (schema.getMultipleOf() != null) {
        found.add("multiple of " + number(schema.getMultipleOf()));
      }
      if (schema.getDefault() != null) {
        found.add("default " + Markdown.code(schema.getDefault().toString()));
      }
      if (Boolean.TRUE.equals(schema.getNullable())) {
        found.add("may be null");
      }
      found.forEach(f -> lines.add(prefix + f));
    }

    private static String range(
        Double min, boolean minExclusive, Double max, boolean maxExclusive) {
      if (min != null && max != null && !minExclusive && !maxExclusive) {
        return number(min) + " to " + number(max);
      }
      List<String> bounds = new ArrayList<>();
      if (min != null) {
        bounds.add((minExclusive ? "> " : "≥ ") + number(min));
      }
      if (max != null) {
        bounds.add((maxExclusive ? "< " : "≤ ") + number(max));
      }
      return bounds.isEmpty() ? null : String.join(", ", bounds);
    }

    private static String count(Long min, Long max, String unit) {
      if (min != null && max != null) {
        return min.equals(max)
            ? "exactly " + plural(max, unit)
            : min + " to " + max + " " + plural(2, unit).substring(2);
      }
      if (min != null) {
        return "at least " + plural(min, unit);
      }
      return max == null ? null : "at most " + plural(max, unit);
    }

    private static String plural(long n, String unit) {
      String units = unit.endsWith("y") ? unit.substring(0, unit.length() - 1) + "ies" : unit + "s";
      return n + " " + (n == 1 ? unit : units);
    }

    private static String number(Double value) {
      return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }

    private void description(String text) {
      if (text != null && !text.isBlank()) {
        md.line(Markdown.text(text));
        md.blank();
      }
    }

    private static String join(String path, String field) {
      if (field.isEmpty()) {
        return path.isEmpty() ? "(the resource)" : path;
      }
      return path.isEmpty() ? field : path + "." + field;
    }

    private static String slug(String path) {
      return path.replace("[]", "").replace(".*", "-values").replace('.', '-').toLowerCase();
    }
  }

  private static boolean isObject(JSONSchemaProps schema) {
    return schema.getProperties() != null && !schema.getProperties().isEmpty();
  }

  private static List<ValidationRule> validations(JSONSchemaProps schema) {
    return schema.getXKubernetesValidations() == null
        ? List.of()
        : schema.getXKubernetesValidations();
  }

  private static JSONSchemaProps element(JSONSchemaProps schema) {
    if (schema.getItems() != null && schema.getItems().getSchema() != null) {
      return schema.getItems().getSchema();
    }
    return additional(schema);
  }

  private static JSONSchemaProps additional(JSONSchemaProps schema) {
    return schema.getAdditionalProperties() == null
        ? null
        : schema.getAdditionalProperties().getSchema();
  }

  /** An object schema with its table; {@code paths} holds every place it appears. */
  private static final class ObjectSection {
    final List<String> paths = new ArrayList<>();
    final JSONSchemaProps schema;
    final String anchor;

    ObjectSection(String path, JSONSchemaProps schema, String anchor) {
      this.paths.add(path);
      this.schema = schema;
      this.anchor = anchor;
    }

    String path() {
      return paths.get(0);
    }
  }

  /** A CEL rule, on its object or on one of the object's fields that has no table. */
  private record Rule(ObjectSection section, String field, ValidationRule validation) {
    String message() {
      if (validation.getMessage() != null) {
        return validation.getMessage();
      }
      if (validation.getMessageExpression() != null) {
        return "(computed) " + validation.getMessageExpression();
      }
      return "failed rule: " + validation.getRule();
    }
  }

  /** Builds the page with Unix line ends, and escapes text for GitHub-flavoured Markdown. */
  private static final class Markdown {
    private final StringBuilder out = new StringBuilder();
    private boolean blank = true;

    void line(String line) {
      out.append(line).append('\n');
      blank = false;
    }

    void blank() {
      if (!blank) {
        out.append('\n');
        blank = true;
      }
    }

    void anchor(String id) {
      line("<a id=\"" + id + "\"></a>");
      blank = true;
    }

    /** Prose in a table cell: no line breaks, and nothing Markdown or HTML would interpret. */
    static String text(String text) {
      if (text == null) {
        return "";
      }
      String flat = text.strip().replaceAll("\\s*\\n\\s*", " ");
      StringBuilder escaped = new StringBuilder();
      for (int i = 0; i < flat.length(); i++) {
        char c = flat.charAt(i);
        boolean intraword =
            c == '_'
                && i > 0
                && i < flat.length() - 1
                && Character.isLetterOrDigit(flat.charAt(i - 1))
                && Character.isLetterOrDigit(flat.charAt(i + 1));
        if ("\\`*|<>".indexOf(c) >= 0 || (c == '_' && !intraword)) {
          escaped.append('\\');
        }
        escaped.append(c);
      }
      return escaped.toString();
    }

    /** A code span that survives any content, pipes included (GitHub tables need them escaped). */
    static String code(String text) {
      String flat = text.replace('\n', ' ');
      String fence = "`";
      while (flat.contains(fence)) {
        fence += "`";
      }
      String pad = flat.startsWith("`") || flat.endsWith("`") ? " " : "";
      return fence + pad + flat.replace("|", "\\|") + pad + fence;
    }

    @Override
    public String toString() {
      return out.toString();
    }
  }
}
