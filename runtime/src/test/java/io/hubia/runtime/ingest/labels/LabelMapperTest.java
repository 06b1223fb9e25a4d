package io.hubia.runtime.ingest.labels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hubia.api.v1alpha1.spec.LabelMappingSpec;
import io.hubia.api.v1alpha1.spec.LabelRule;
import io.hubia.runtime.ingest.SourceDocument;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class LabelMapperTest {

  private static LabelRule rule(
      String source, String pathGlob, String metadata, String aclPrincipal, String... labels) {
    LabelRule rule = new LabelRule();
    rule.setSource(source);
    rule.setPathGlob(pathGlob);
    rule.setMetadata(metadata);
    rule.setAclPrincipal(aclPrincipal);
    rule.setLabels(Arrays.asList(labels));
    return rule;
  }

  private static LabelMappingSpec mapping(Boolean trust, LabelRule... rules) {
    LabelMappingSpec spec = new LabelMappingSpec();
    spec.setDefaultLabels(List.of("restricted"));
    spec.setRules(Arrays.asList(rules));
    spec.setTrustDocumentLabels(trust);
    return spec;
  }

  private static SourceDocument doc(
      String source,
      String id,
      Map<String, List<String>> metadata,
      List<String> labels,
      List<String> acl) {
    return SourceDocument.of(source, id, "Titre", null, "Texte.", metadata, labels, acl, null);
  }

  /** The rules of a RetrievalIndex for the federation's documents. */
  private static final LabelRule[] FEDERATION_RULES = {
    rule("intranet", null, null, null, "salaries"),
    rule(null, "antennes/lyon/**", null, null, "branch:lyon"),
    rule(null, null, "confidentialite=interne", null, "interne"),
    rule(null, null, null, "GROUP_juristes", "juridique"),
    rule("ged", "contrats/**", null, null, "rh", "juridique"),
    rule(null, null, "tags=paie", null, "paie"),
  };

  static Stream<Arguments> matrix() {
    Map<String, List<String>> none = Map.of();
    return Stream.of(
        Arguments.of(
            "source rule",
            doc("intranet", "a.md", none, List.of(), List.of()),
            List.of("salaries"),
            false),
        Arguments.of(
            "path glob",
            doc("site", "antennes/lyon/cr/2024.txt", none, List.of(), List.of()),
            List.of("branch:lyon"),
            false),
        Arguments.of(
            "path glob, other branch",
            doc("site", "antennes/lille/cr.txt", none, List.of(), List.of()),
            List.of("restricted"),
            true),
        Arguments.of(
            "metadata field=value",
            doc(
                "site",
                "x.md",
                Map.of("confidentialite", List.of("interne")),
                List.of(),
                List.of()),
            List.of("interne"),
            false),
        Arguments.of(
            "metadata, other value",
            doc("site", "x.md", Map.of("confidentialite", List.of("public")), List.of(), List.of()),
            List.of("restricted"),
            true),
        Arguments.of(
            "metadata, one of several values",
            doc("site", "x.md", Map.of("tags", List.of("contrat", "paie")), List.of(), List.of()),
            List.of("paie"),
            false),
        Arguments.of(
            "acl principal",
            doc("ged", "notes/avis.pdf", none, List.of(), List.of("GROUP_juristes", "u123")),
            List.of("juridique"),
            false),
        Arguments.of(
            "all conditions of a rule must hold",
            doc("site", "contrats/cdi.pdf", none, List.of(), List.of()),
            List.of("restricted"),
            true),
        Arguments.of(
            "both conditions hold",
            doc("ged", "contrats/cdi.pdf", none, List.of(), List.of()),
            List.of("juridique", "rh"),
            false),
        Arguments.of(
            "every matching rule adds its labels",
            doc(
                "intranet",
                "antennes/lyon/paie.md",
                Map.of("tags", List.of("paie")),
                List.of(),
                List.of()),
            List.of("branch:lyon", "paie", "salaries"),
            false),
        Arguments.of(
            "document labels added to rules",
            doc("intranet", "a.md", none, List.of("rh"), List.of()),
            List.of("rh", "salaries"),
            false),
        Arguments.of(
            "document labels alone",
            doc("site", "a.md", none, List.of("public"), List.of()),
            List.of("public"),
            false),
        Arguments.of(
            "no rule, no label: the default",
            doc("site", "a.md", none, List.of(), List.of()),
            List.of("restricted"),
            true),
        Arguments.of(
            "reserved labels of a document are not taken",
            doc("site", "a.md", none, List.of("hubia:verified"), List.of()),
            List.of("restricted"),
            true));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("matrix")
  void appliesTheMapping(
      String name, SourceDocument doc, List<String> expected, boolean defaulted) {
    LabelAssignment assignment = new LabelMapper(mapping(null, FEDERATION_RULES)).assign(doc);

    assertThat(assignment.labels()).containsExactlyElementsOf(expected);
    assertThat(assignment.defaulted()).isEqualTo(defaulted);
    assertThat(assignment.reasons()).isNotEmpty();
  }

  @Test
  void untrustedDocumentLabelsAreIgnored() {
    SourceDocument mine = doc("site", "a.md", Map.of(), List.of("public"), List.of());
    SourceDocument lyon = doc("site", "antennes/lyon/a.md", Map.of(), List.of("public"), List.of());
    LabelMapper untrusting = new LabelMapper(mapping(false, FEDERATION_RULES));

    assertThat(untrusting.assign(mine).labels()).containsExactly("restricted");
    assertThat(untrusting.assign(mine).reasons())
        .anyMatch(r -> r.contains("trustDocumentLabels: false"));
    assertThat(untrusting.assign(lyon).labels()).containsExactly("branch:lyon");
    assertThat(new LabelMapper(mapping(true, FEDERATION_RULES)).assign(mine).labels())
        .containsExactly("public");
  }

  @Test
  void reasonsNameTheRulesThatMatched() {
    SourceDocument doc = doc("ged", "contrats/cdi.pdf", Map.of(), List.of(), List.of());

    assertThat(new LabelMapper(mapping(null, FEDERATION_RULES)).assign(doc).reasons())
        .containsExactly("rule 4 (source=ged, pathGlob=contrats/**) [rh, juridique]");
  }

  @Test
  void aRuleWithoutConditionMatchesNothing() {
    LabelMapper mapper = new LabelMapper(mapping(null, rule(null, null, null, null, "public")));

    assertThat(mapper.assign(doc("site", "a.md", Map.of(), List.of(), List.of())).labels())
        .containsExactly("restricted");
  }

  @Test
  void defaultLabelsAreRequired() {
    LabelMappingSpec spec = mapping(null);
    spec.setDefaultLabels(List.of(" "));

    assertThatThrownBy(() -> new LabelMapper(spec))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("defaultLabels");
  }

  @Test
  void mappedAclsGiveOneLabelPerPrincipalAndReplaceTheDefault() {
    LabelMapper mapper = new LabelMapper(mapping(null, FEDERATION_RULES));
    SourceDocument contract =
        doc("ged", "notes/avis.md", Map.of(), List.of(), List.of("GROUP_juristes", "lyon-branch"));

    assertThat(mapper.assign(contract, true).labels())
        .containsExactly("acl:GROUP_juristes", "acl:lyon-branch", "juridique");
    assertThat(mapper.assign(contract, false).labels()).containsExactly("juridique");
    SourceDocument unfiled = doc("ged", "x.md", Map.of(), List.of(), List.of());
    assertThat(mapper.assign(unfiled, true).labels()).containsExactly("restricted");
    assertThat(mapper.assign(unfiled, true).defaulted()).isTrue();
  }
}
