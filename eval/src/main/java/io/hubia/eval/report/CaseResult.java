package io.hubia.eval.report;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one golden case got from the runtime and why it passed or failed.
 *
 * @param id the case id from the golden set
 * @param suite the suite the case belongs to (e.g. {@code answers}, {@code security})
 * @param tags the case's tags, for slicing
 * @param question the question asked
 * @param callerSubject the {@code sub} of the caller the question was asked as
 * @param answer the answer text, or {@code null} when the runtime gave none
 * @param fallback whether the runtime fell back instead of answering
 * @param fallbackReason the reason the runtime gave for falling back, or {@code null}
 * @param citations the citations the answer carried, in order
 * @param expectedSources the documents the golden case expects
 * @param passed whether the case passed
 * @param failureReasons why the case failed, one sentence each; empty when it passed
 * @param metrics per-case metric values by name, e.g. {@code token_f1}
 * @param sentences the sentences of the answer, with what they cite and whether that supports them
 *     (of the last attempt that got a reply)
 * @param flaky whether repeats of the case disagreed (some passed, some failed)
 * @param attempts how many times the case was asked; 0 only when it was not run ({@link #NOT_RUN})
 */
@JsonPropertyOrder({
  "id",
  "suite",
  "tags",
  "question",
  "callerSubject",
  "answer",
  "fallback",
  "fallbackReason",
  "citations",
  "expectedSources",
  "passed",
  "failureReasons",
  "metrics",
  "sentences",
  "flaky",
  "attempts"
})
public record CaseResult(
    String id,
    String suite,
    List<String> tags,
    String question,
    String callerSubject,
    String answer,
    boolean fallback,
    String fallbackReason,
    List<Citation> citations,
    List<String> expectedSources,
    boolean passed,
    List<String> failureReasons,
    Map<String, Double> metrics,
    List<Sentence> sentences,
    boolean flaky,
    int attempts) {

  /** A result without sentences. */
  public CaseResult(
      String id,
      String suite,
      List<String> tags,
      String question,
      String callerSubject,
      String answer,
      boolean fallback,
      String fallbackReason,
      List<Citation> citations,
      List<String> expectedSources,
      boolean passed,
      List<String> failureReasons,
      Map<String, Double> metrics,
      boolean flaky,
      int attempts) {
    this(
        id,
        suite,
        tags,
        question,
        callerSubject,
        answer,
        fallback,
        fallbackReason,
        citations,
        expectedSources,
        passed,
        failureReasons,
        metrics,
        List.of(),
        flaky,
        attempts);
  }

  /** Checks the id and makes lists and map immutable; absent ones become empty. */
  public CaseResult {
    if (id == null || id.isBlank()) {
      throw new IllegalArgumentException("a case result needs the case id");
    }
    suite = suite == null || suite.isBlank() ? "default" : suite.strip();
    tags = tags == null ? List.of() : List.copyOf(tags);
    citations = citations == null ? List.of() : List.copyOf(citations);
    expectedSources = expectedSources == null ? List.of() : List.copyOf(expectedSources);
    failureReasons = failureReasons == null ? List.of() : List.copyOf(failureReasons);
    metrics =
        metrics == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
    sentences = sentences == null ? List.of() : List.copyOf(sentences);
    if (passed && !failureReasons.isEmpty()) {
      throw new IllegalArgumentException("case '" + id + "' passed but has failure reasons");
    }
    if (!passed && !failureReasons.isEmpty() && failureReasons.get(0).startsWith(NOT_RUN + ":")) {
      attempts = 0;
    } else if (attempts < 1) {
      attempts = 1;
    }
  }

  /**
   * Starts the failure reason of a case that was not asked at all (e.g. a shadow case on a runtime
   * without shadows): {@code "not run: …"}; such a case has no attempt.
   */
  public static final String NOT_RUN = "not run";

  /** Whether the case was not asked at all; it then counts in no metric. */
  @JsonIgnore
  public boolean notRun() {
    return attempts == 0;
  }

  /**
   * One citation of an answer.
   *
   * @param documentId the cited document
   * @param title its title, or {@code null}
   * @param snippet the passage cited, or {@code null}
   */
  @JsonPropertyOrder({"documentId", "title", "snippet"})
  public record Citation(String documentId, String title, String snippet) {}

  /**
   * One sentence of an answer, as the support judge saw it.
   *
   * @param text the sentence, citation markers removed
   * @param statesFact whether it states a fact (only those count in groundedness)
   * @param citedDocuments the documents it cites, each once
   * @param supportingDocuments those of them whose cited passage supports it
   */
  @JsonPropertyOrder({"text", "statesFact", "citedDocuments", "supportingDocuments"})
  public record Sentence(
      String text,
      boolean statesFact,
      List<String> citedDocuments,
      List<String> supportingDocuments) {

    /** Makes the lists immutable; absent ones become empty. */
    public Sentence {
      citedDocuments = citedDocuments == null ? List.of() : List.copyOf(citedDocuments);
      supportingDocuments =
          supportingDocuments == null ? List.of() : List.copyOf(supportingDocuments);
    }

    /** Whether a citation of the sentence supports it. */
    public boolean supported() {
      return !supportingDocuments.isEmpty();
    }
  }
}
