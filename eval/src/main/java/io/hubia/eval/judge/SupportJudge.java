package io.hubia.eval.judge;

/**
 * Says whether a cited passage supports a sentence of an answer: the judgement behind citation
 * precision and groundedness ({@link io.hubia.eval.CitationMetrics}).
 *
 * <p>The default is {@link LexicalSupportJudge}, deterministic and local. {@link LlmSupportJudge}
 * asks a model instead; {@link JudgeCheck} measures either against human labels.
 */
public interface SupportJudge {

  /** What a judge said about one (sentence, passage) pair. */
  enum Verdict {
    /** The passage supports the sentence. */
    SUPPORTED,
    /** The passage does not support the sentence. */
    NOT_SUPPORTED,
    /**
     * The judge gave no usable verdict (a model's reply that is not the JSON asked for, an error
     * status, a timeout). It counts as not supported, and reports count it.
     */
    NO_VERDICT;

    /** Whether this verdict counts as support. */
    public boolean supported() {
      return this == SUPPORTED;
    }
  }

  /**
   * Judges {@code sentence} against {@code passage}.
   *
   * @param sentence one sentence of an answer, citation markers removed
   * @param passage the passage a citation of the sentence points to (the citation's snippet)
   */
  Verdict judge(String sentence, String passage);

  /** A short description for reports, e.g. {@code lexical} or {@code llm gpt-4o-mini}. */
  default String describe() {
    return getClass().getSimpleName();
  }
}
