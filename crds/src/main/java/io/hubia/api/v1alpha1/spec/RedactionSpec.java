package io.hubia.api.v1alpha1.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;
import java.util.ArrayList;
import java.util.List;
import lombok.Data;

/** Redaction of personal data. */
@Data
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RedactionSpec {
  @Size(max = 7)
  @JsonPropertyDescription(
      "Kinds of personal data redacted. Defaults to all: Email, Phone, Iban, Nir, Siren, Siret,"
          + " PaymentCard.")
  private List<PersonalDataType> types = new ArrayList<>();

  @Size(max = 4)
  @JsonPropertyDescription(
      "Where redaction applies: Question (as soon as it is read: before retrieval, the model, the"
          + " conversation history and the audit), Answer (text and citation snippets), Logs,"
          + " Audit. Defaults to Logs and Audit.")
  private List<RedactionTarget> targets = new ArrayList<>();

  @Size(max = 50)
  @JsonPropertyDescription(
      "Replacement text; {type} becomes EMAIL, PHONE, IBAN, NIR, SIREN, SIRET or CARD. Defaults"
          + " to [{type}].")
  private String replacement;
}
