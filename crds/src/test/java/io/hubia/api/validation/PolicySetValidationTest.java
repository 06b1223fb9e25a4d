package io.hubia.api.validation;

import static io.hubia.api.validation.Example.remove;
import static io.hubia.api.validation.Example.set;

import java.util.List;

/** The PolicySet CRD, as generated, against valid and invalid policies. */
class PolicySetValidationTest extends CrdValidationContract {
  private static final String FULL = "policyset/full.yaml";
  private static final String MINIMAL = "policyset/minimal.yaml";

  private static Example full(Example.Edit... edits) {
    return Example.of(FULL, edits);
  }

  @Override
  String plural() {
    return "policysets";
  }

  @Override
  List<String> validExamples() {
    return List.of(FULL, MINIMAL);
  }

  @Override
  List<CelCase> celCases() {
    return List.of(
        cel(
            "two French fallback messages",
            full(set("/spec/citations/fallbackMessages/1/language", "fr")),
            "spec.citations",
            "one fallback message per language in citations.fallbackMessages: remove the"
                + " duplicate"),
        cel(
            "two sensitivities for the label public",
            full(set("/spec/models/sensitivityLabels/-", "{label: public, sensitivity: Internal}")),
            "spec.models",
            "each label may have one sensitivity only in models.sensitivityLabels: remove the"
                + " duplicate"),
        cel(
            "two model rules for Public",
            full(set("/spec/models/rules/1/sensitivity", "Public")),
            "spec.models",
            "each sensitivity may have one rule only in models.rules: merge the duplicates"),
        cel(
            "subject with an empty role list and no attribute",
            full(set("/spec/subjects/0/roles", "[]")),
            "spec.subjects[0]",
            "a subject needs at least one role or attribute condition to match callers on"),
        cel(
            "subject with neither roles nor attributes",
            full(remove("/spec/subjects/3/roles")),
            "spec.subjects[3]",
            "a subject needs at least one role or attribute condition to match callers on"),
        cel(
            "two subjects named adherents",
            full(set("/spec/subjects/-", "{name: adherents, roles: [membre]}")),
            "spec",
            "subject names must be unique in spec.subjects: rename the duplicate"),
        cel(
            "read rule for an undeclared subject",
            full(set("/spec/readRules/1/subjects/0", "benevoles")),
            "spec",
            "readRules[].subjects must name subjects of spec.subjects, or '*'"),
        cel(
            "read rule for a subject when no subject is declared",
            Example.of(MINIMAL, set("/spec/readRules/0/subjects/0", "adherents")),
            "spec",
            "readRules[].subjects must name subjects of spec.subjects, or '*'"),
        cel(
            "tool rule for an undeclared subject",
            full(set("/spec/toolRules/1/subjects/-", "tresoriers")),
            "spec",
            "toolRules[].subjects must name subjects of spec.subjects, or '*'"),
        cel(
            "approver that is no subject",
            full(set("/spec/approvals/approvers/0", "presidence")),
            "spec",
            "approvals.approvers must name subjects of spec.subjects"),
        cel(
            "attribute condition on an undeclared attribute",
            full(set("/spec/subjects/1/attributes/0/attribute", "region")),
            "spec",
            "subjects[].attributes[].attribute must be declared in spec.identity.attributes"),
        cel(
            "attribute condition without identity settings",
            full(remove("/spec/identity")),
            "spec",
            "subjects[].attributes[].attribute must be declared in spec.identity.attributes"));
  }

  @Override
  List<SchemaCase> schemaCases() {
    return List.of(
        schema(
            "read rule without labels (required)",
            full(remove("/spec/readRules/0/labels")),
            "spec.readRules[0]",
            "required"),
        schema(
            "read rule with an empty subject list (minItems)",
            full(set("/spec/readRules/0/subjects", "[]")),
            "spec.readRules[0].subjects",
            "minItems"),
        schema(
            "subject name with an underscore (pattern)",
            full(
                set("/spec/subjects/0/name", "adherents_actifs"),
                set("/spec/readRules/0/subjects/0", "'*'")),
            "spec.subjects[0].name",
            "pattern"),
        schema(
            "attribute name starting with a capital (pattern)",
            full(
                set("/spec/identity/attributes/0/name", "Branch"),
                set("/spec/subjects/1/attributes/0/attribute", "federation")),
            "spec.identity.attributes[0].name",
            "pattern"),
        schema(
            "label with a space (pattern)",
            full(set("/spec/models/sensitivityLabels/0/label", "données publiques")),
            "spec.models.sensitivityLabels[0].label",
            "pattern"),
        schema(
            "unknown sensitivity (enum)",
            full(set("/spec/models/rules/0/sensitivity", "TopSecret")),
            "spec.models.rules[0].sensitivity",
            "enum"),
        schema(
            "unknown kind of personal data (enum in a list)",
            full(set("/spec/redaction/types/-", "Passport")),
            "spec.redaction.types[4]",
            "enum"),
        schema(
            "German fallback message (enum)",
            full(set("/spec/citations/fallbackMessages/1/language", "de")),
            "spec.citations.fallbackMessages[1].language",
            "enum"),
        schema(
            "three fallback messages (maxItems)",
            full(set("/spec/citations/fallbackMessages/-", "{language: en, text: Sorry.}")),
            "spec.citations.fallbackMessages",
            "maxItems"),
        schema(
            "five redaction targets (maxItems)",
            full(set("/spec/redaction/targets", "[Question, Answer, Logs, Audit, Logs]")),
            "spec.redaction.targets",
            "maxItems"),
        schema(
            "injection threshold above 1 (maximum)",
            full(set("/spec/injection/threshold", "1.5")),
            "spec.injection.threshold",
            "maximum"),
        schema(
            "negative support score (minimum)",
            full(set("/spec/citations/minSupportScore", "-0.1")),
            "spec.citations.minSupportScore",
            "minimum"),
        schema(
            "no requests per minute (minimum)",
            full(set("/spec/limits/requestsPerMinutePerSubject", "0")),
            "spec.limits.requestsPerMinutePerSubject",
            "minimum"),
        schema(
            "audit kept eleven years (maximum)",
            full(set("/spec/audit/retentionDays", "4015")),
            "spec.audit.retentionDays",
            "maximum"),
        schema(
            "replacement text of 51 characters (maxLength)",
            full(set("/spec/redaction/replacement", "x".repeat(51))),
            "spec.redaction.replacement",
            "maxLength"),
        schema(
            "empty fallback text (minLength)",
            full(set("/spec/citations/fallbackMessages/0/text", "''")),
            "spec.citations.fallbackMessages[0].text",
            "minLength"),
        schema(
            "approval timeout in days (duration pattern)",
            full(set("/spec/approvals/timeout", "2d")),
            "spec.approvals.timeout",
            "pattern"),
        schema(
            "failClosed as yes/no text (type)",
            full(set("/spec/audit/failClosed", "'non'")),
            "spec.audit.failClosed",
            "type"));
  }
}
