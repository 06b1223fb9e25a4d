package io.hubia.runtime.ingest.labels;

import io.hubia.api.v1alpha1.spec.LabelMappingSpec;
import io.hubia.api.v1alpha1.spec.LabelRule;
import io.hubia.runtime.ingest.PathGlob;
import io.hubia.runtime.ingest.SourceDocument;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;

/**
 * Applies a RetrievalIndex's {@link LabelMappingSpec} to documents.
 *
 * <ul>
 *   <li>Every matching rule adds its labels. A rule matches when all the conditions it sets hold:
 *       {@code source} equals the document's source, {@code pathGlob} matches its id ({@link
 *       PathGlob}), {@code metadata} {@code field=value} equals one of the field's values, {@code
 *       aclPrincipal} is among the principals its ACL grants read to. A rule with no condition
 *       matches nothing.
 *   <li>The document's own labels are added unless {@code trustDocumentLabels} is false. Labels
 *       under the reserved {@code hubia:} prefix are never taken from a document: those are set by
 *       Hubia itself (e.g. {@code hubia:injection-suspected}).
 *   <li>With {@code mapAcls}, every principal a CMIS ACL grants read to gives {@code
 *       acl:<principal>}.
 *   <li>A document left with no label gets {@code defaultLabels}, so nothing is ever unlabelled.
 * </ul>
 *
 * <p>Immutable and thread-safe.
 */
public final class LabelMapper {
  /** Prefix of the labels Hubia sets itself; documents cannot claim them. */
  public static final String RESERVED_PREFIX = "hubia:";

  private final List<String> defaultLabels;
  private final List<CompiledRule> rules;
  private final boolean trustDocumentLabels;

  /**
   * @throws IllegalArgumentException when {@code defaultLabels} is empty or a glob is malformed
   */
  public LabelMapper(LabelMappingSpec spec) {
    Objects.requireNonNull(spec, "labelMapping");
    List<String> defaults =
        spec.getDefaultLabels() == null
            ? List.of()
            : spec.getDefaultLabels().stream()
                .filter(Objects::nonNull)
                .map(String::strip)
                .filter(l -> !l.isEmpty())
                .toList();
    if (defaults.isEmpty()) {
      throw new IllegalArgumentException(
          "labelMapping.defaultLabels is empty: documents without labels would be open to anyone");
    }
    this.defaultLabels = List.copyOf(new TreeSet<>(defaults));
    List<CompiledRule> compiled = new ArrayList<>();
    List<LabelRule> specRules = spec.getRules() == null ? List.of() : spec.getRules();
    for (int i = 0; i < specRules.size(); i++) {
      compiled.add(CompiledRule.of(i, specRules.get(i)));
    }
    this.rules = List.copyOf(compiled);
    this.trustDocumentLabels = !Boolean.FALSE.equals(spec.getTrustDocumentLabels());
  }

  /** Prefix of the labels made from ACL principals ({@code mapAcls} of a CMIS source). */
  public static final String ACL_PREFIX = "acl:";

  /** The labels of {@code document}. */
  public LabelAssignment assign(SourceDocument document) {
    return assign(document, false);
  }

  /**
   * The labels of {@code document}; with {@code aclLabels}, each principal its ACL grants read to
   * also gives a label {@code acl:<principal>} (a CMIS source's {@code mapAcls}).
   */
  public LabelAssignment assign(SourceDocument document, boolean aclLabels) {
    TreeSet<String> labels = new TreeSet<>();
    List<String> reasons = new ArrayList<>();
    if (aclLabels && !document.aclPrincipals().isEmpty()) {
      document.aclPrincipals().forEach(p -> labels.add(ACL_PREFIX + p));
      reasons.add("ACL principals " + document.aclPrincipals());
    }
    for (CompiledRule rule : rules) {
      if (rule.matches(document) && !rule.labels().isEmpty()) {
        labels.addAll(rule.labels());
        reasons.add(rule.describe());
      }
    }
    if (!document.labels().isEmpty()) {
      if (trustDocumentLabels) {
        List<String> own =
            document.labels().stream().filter(l -> !l.startsWith(RESERVED_PREFIX)).toList();
        if (!own.isEmpty()) {
          labels.addAll(own);
          reasons.add("document labels " + own);
        }
        if (own.size() < document.labels().size()) {
          reasons.add("reserved " + RESERVED_PREFIX + " labels of the document ignored");
        }
      } else {
        reasons.add("document labels ignored (trustDocumentLabels: false)");
      }
    }
    if (labels.isEmpty()) {
      reasons.add("no rule and no document label: defaultLabels");
      return new LabelAssignment(defaultLabels, true, reasons);
    }
    return new LabelAssignment(List.copyOf(labels), false, reasons);
  }

  /** A label rule with its glob compiled and its metadata condition split. */
  private record CompiledRule(
      int index,
      String source,
      PathGlob pathGlob,
      String metadataField,
      String metadataValue,
      String aclPrincipal,
      List<String> labels) {

    static CompiledRule of(int index, LabelRule rule) {
      String field = null;
      String value = null;
      if (rule.getMetadata() != null) {
        int eq = rule.getMetadata().indexOf('=');
        if (eq <= 0) {
          throw new IllegalArgumentException(
              "labelMapping.rules[" + index + "].metadata must be field=value");
        }
        field = rule.getMetadata().substring(0, eq).strip();
        value = rule.getMetadata().substring(eq + 1);
      }
      List<String> labels =
          rule.getLabels() == null
              ? List.of()
              : rule.getLabels().stream()
                  .filter(Objects::nonNull)
                  .map(String::strip)
                  .filter(l -> !l.isEmpty())
                  .toList();
      return new CompiledRule(
          index,
          rule.getSource(),
          rule.getPathGlob() == null ? null : PathGlob.compile(rule.getPathGlob()),
          field,
          value,
          rule.getAclPrincipal(),
          labels);
    }

    boolean matches(SourceDocument document) {
      if (source == null && pathGlob == null && metadataField == null && aclPrincipal == null) {
        return false;
      }
      return (source == null || source.equals(document.source()))
          && (pathGlob == null || pathGlob.matches(document.id()))
          && (metadataField == null
              || document.metadataValues(metadataField).contains(metadataValue))
          && (aclPrincipal == null || document.aclPrincipals().contains(aclPrincipal));
    }

    String describe() {
      List<String> conditions = new ArrayList<>();
      if (source != null) {
        conditions.add("source=" + source);
      }
      if (pathGlob != null) {
        conditions.add("pathGlob=" + pathGlob);
      }
      if (metadataField != null) {
        conditions.add("metadata " + metadataField + "=" + metadataValue);
      }
      if (aclPrincipal != null) {
        conditions.add("aclPrincipal=" + aclPrincipal);
      }
      return "rule " + index + " (" + String.join(", ", conditions) + ") " + labels;
    }
  }
}
