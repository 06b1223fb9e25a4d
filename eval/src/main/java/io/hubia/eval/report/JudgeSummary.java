package io.hubia.eval.report;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * The support judge of a run (citation precision, groundedness) and how far it can be trusted.
 *
 * @param judge the judge, e.g. {@code lexical} or {@code llm gpt-4o-mini at api.example}
 * @param checkItems how many human-labelled pairs it was checked against before the run, or {@code
 *     null} when it was not checked
 * @param checkAccuracy its share of pairs judged as labelled, or {@code null}
 * @param checkKappa its Cohen's kappa against the labels, or {@code null}
 * @param minKappa the kappa it had to reach to be used, or {@code null} when none applied
 * @param verdicts how many (sentence, passage) verdicts the run asked for
 * @param noVerdicts how many of those gave no usable verdict (counted as not supported)
 */
@JsonPropertyOrder({
  "judge",
  "checkItems",
  "checkAccuracy",
  "checkKappa",
  "minKappa",
  "verdicts",
  "noVerdicts"
})
public record JudgeSummary(
    String judge,
    Integer checkItems,
    Double checkAccuracy,
    Double checkKappa,
    Double minKappa,
    long verdicts,
    long noVerdicts) {}
