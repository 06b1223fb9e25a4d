package io.hubia.api.v1alpha1.spec;

/** Kinds of personal data the redactor recognises (check digits validated where they exist). */
public enum PersonalDataType {
  Email,
  Phone,
  Iban,
  Nir,
  Siren,
  Siret,
  PaymentCard
}
