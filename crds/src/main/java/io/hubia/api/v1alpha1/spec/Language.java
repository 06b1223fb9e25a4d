package io.hubia.api.v1alpha1.spec;

import com.fasterxml.jackson.annotation.JsonProperty;

/** A language Hubia analyses text in and answers in (ISO 639-1 code). */
public enum Language {
  @JsonProperty("fr")
  FR,
  @JsonProperty("en")
  EN
}
