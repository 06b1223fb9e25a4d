package io.hubia.runtime.policy.injection;

/** The layers of the prompt-injection defence, as named in metrics and audit decisions. */
public enum InjectionLayer {
  /** The question itself reads as an attack. */
  QUESTION("question"),
  /** Chunks flagged at ingestion were given to the answerer (IncludeWithWarning). */
  FLAGGED_DOCUMENT("flagged_document"),
  /** The answer copied a long span of the system prompt. */
  OUTPUT_PROMPT_DISCLOSURE("output_prompt_disclosure"),
  /** The answer linked to, or embedded an image from, a host it may not point at. */
  OUTPUT_LINK("output_link");

  private final String tag;

  InjectionLayer(String tag) {
    this.tag = tag;
  }

  /** The {@code layer} tag of {@code hubia_injection_detections_total}. */
  public String tag() {
    return tag;
  }

  /** The {@code step} of the audit decision: {@code injection:<tag>}. */
  public String auditStep() {
    return "injection:" + tag;
  }
}
