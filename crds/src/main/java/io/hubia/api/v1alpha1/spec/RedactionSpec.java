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
      "Where redaction applies: Question (before the model sees it), Answer, Logs, Audit."
          + " Defaults to Logs and Audit.")
  private List<RedactionTarget> targets = new ArrayList<>();

  @Size(max = 50)
  @JsonPropertyDescription("Replacement text; {type} is the kind of data. Defaults to [{type}].")
  private String replacement;
}
