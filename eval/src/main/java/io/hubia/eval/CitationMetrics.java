package io.hubia.eval;

import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * Scores the citations of an answer, split into sentences, each with the documents it cites and
 * which of them support it: citation precision, citation recall and groundedness.
 *
 * <p>Support is an input, not something this class decides: it comes from a human judgement or from
 * a deterministic check recorded with the run, so the metrics stay pure functions. A metric whose
 * denominator is zero is not applicable and scores {@link OptionalDouble#empty()}, as in {@link
 * RetrievalMetrics}: an answer with no citation has no citation precision (its groundedness, not
 * its precision, says it cites nothing), and a fallback that states no fact has no groundedness.
 */
public final class CitationMetrics {
  private CitationMetrics() {}

  /**
   * One sentence of an answer, with its citations.
   *
   * @param text the sentence, for reports
   * @param statesFact whether the sentence asserts something a source must back; connecting
   *     sentences ("Voici ce que disent les statuts :") and fallbacks ("Je ne sais pas.") do not
   * @param citedDocumentIds the documents the sentence cites; a document cited twice counts once
   * @param supportingDocumentIds those of the cited documents that, on their own, support the
   *     sentence; each must be cited
   */
  public record CitedSentence(
      String text,
      boolean statesFact,
      List<String> citedDocumentIds,
      Set<String> supportingDocumentIds) {

    /** Drops repeated citations and checks that only cited documents are said to support. */
    public CitedSentence {
      text = text == null ? "" : text;
      citedDocumentIds = List.copyOf(new LinkedHashSet<>(citedDocumentIds));
      supportingDocumentIds = Set.copyOf(supportingDocumentIds);
      for (String id : supportingDocumentIds) {
        if (!citedDocumentIds.contains(id)) {
          throw new IllegalArgumentException(
              "document '" + id + "' supports '" + text + "' but is not cited by it");
        }
      }
    }

    /** A sentence that cites {@code citedDocumentIds}, all of which support it. */
    public static CitedSentence supportedBy(String text, List<String> citedDocumentIds) {
      return new CitedSentence(text, true, citedDocumentIds, Set.copyOf(citedDocumentIds));
    }

    /**
     * Whether at least one of the sentence's citations supports it. Support that needs two sources
     * read together is not modelled: judge such a sentence supported by each of them.
     */
    public boolean supported() {
      return !supportingDocumentIds.isEmpty();
    }
  }

  /**
   * Citation precision: the share of citations that support the sentence they are attached to,
   * {@code Σ_s |supporting(s)| / Σ_s |cited(s)|} over the sentences {@code s}, each citation of
   * each sentence counted once (a document cited by two sentences counts twice, judged for each).
   * Empty when the answer cites nothing.
   */
  public static OptionalDouble citationPrecision(List<CitedSentence> sentences) {
    int cited = 0;
    int supporting = 0;
    for (CitedSentence sentence : sentences) {
      cited += sentence.citedDocumentIds().size();
      supporting += sentence.supportingDocumentIds().size();
    }
    return cited == 0 ? OptionalDouble.empty() : OptionalDouble.of((double) supporting / cited);
  }

  /**
   * Citation recall: the share of the expected source documents that the answer cites somewhere,
   * {@code |expected ∩ ⋃_s cited(s)| / |expected|}. Empty when no source is expected (a fallback
   * case, for instance).
   */
  public static OptionalDouble citationRecall(
      List<CitedSentence> sentences, Collection<String> expectedSources) {
    Set<String> cited = new HashSet<>();
    sentences.forEach(sentence -> cited.addAll(sentence.citedDocumentIds()));
    return citationRecall(cited, expectedSources);
  }

  /**
   * Citation recall from the set of documents an answer cites: {@code |expected ∩ cited| /
   * |expected|}, empty when {@code expectedSources} is empty.
   */
  public static OptionalDouble citationRecall(
      Collection<String> citedDocumentIds, Collection<String> expectedSources) {
    Set<String> expected = Set.copyOf(expectedSources);
    if (expected.isEmpty()) {
      return OptionalDouble.empty();
    }
    Set<String> cited = Set.copyOf(citedDocumentIds);
    long found = expected.stream().filter(cited::contains).count();
    return OptionalDouble.of((double) found / expected.size());
  }

  /**
   * Groundedness: the share of fact-stating sentences that their own citations support, {@code |{s
   * : statesFact(s) ∧ supported(s)}| / |{s : statesFact(s)}|}. A fact-stating sentence with no
   * citation is unsupported. Sentences that state no fact are left out of both counts. Empty when
   * no sentence states a fact.
   */
  public static OptionalDouble groundedness(List<CitedSentence> sentences) {
    int facts = 0;
    int grounded = 0;
    for (CitedSentence sentence : sentences) {
      if (sentence.statesFact()) {
        facts++;
        if (sentence.supported()) {
          grounded++;
        }
      }
    }
    return facts == 0 ? OptionalDouble.empty() : OptionalDouble.of((double) grounded / facts);
  }
}
