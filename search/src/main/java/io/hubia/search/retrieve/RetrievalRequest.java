package io.hubia.search.retrieve;

import io.hubia.api.v1alpha1.spec.Language;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One retrieval: where, what, for whom.
 *
 * @param aliases index aliases (or indices) to search; at least one
 * @param queryText the question; may be blank when only a vector is given
 * @param queryVector the question's embedding, or {@code null} when no embedding is available (the
 *     retriever then runs BM25 only)
 * @param readableLabels permission labels the caller may read; a chunk is returned only if one of
 *     its labels is in this set. EMPTY means the caller reads nothing: nothing is returned and no
 *     query is sent
 * @param excludedFlags chunks carrying any of these flags are never returned (e.g. {@code
 *     injection-suspected} when the policy says Exclude)
 * @param topK how many chunks to return at most; &gt; 0
 * @param language picks the analysed sub-fields ({@code text.fr}...)
 * @param fusion how BM25 and k-NN are combined
 */
public record RetrievalRequest(
    List<String> aliases,
    String queryText,
    float[] queryVector,
    Set<String> readableLabels,
    Set<String> excludedFlags,
    int topK,
    Language language,
    FusionSettings fusion) {

  public RetrievalRequest {
    if (aliases == null || aliases.isEmpty()) {
      throw new IllegalArgumentException("at least one alias is required");
    }
    aliases = List.copyOf(aliases);
    queryText = queryText == null ? "" : queryText;
    queryVector = queryVector == null ? null : queryVector.clone();
    readableLabels = Set.copyOf(Objects.requireNonNull(readableLabels, "readableLabels"));
    excludedFlags = excludedFlags == null ? Set.of() : Set.copyOf(excludedFlags);
    if (topK <= 0) {
      throw new IllegalArgumentException("topK must be > 0, was " + topK);
    }
    language = language == null ? Language.FR : language;
    fusion = fusion == null ? FusionSettings.defaults() : fusion;
  }

  /** A request on one alias with the default language (fr), no excluded flag, default fusion. */
  public static RetrievalRequest of(
      String alias, String queryText, float[] queryVector, Set<String> readableLabels, int topK) {
    return new RetrievalRequest(
        List.of(alias), queryText, queryVector, readableLabels, Set.of(), topK, null, null);
  }

  public RetrievalRequest withFusion(FusionSettings fusion) {
    return new RetrievalRequest(
        aliases, queryText, queryVector, readableLabels, excludedFlags, topK, language, fusion);
  }

  public RetrievalRequest withExcludedFlags(Set<String> excludedFlags) {
    return new RetrievalRequest(
        aliases, queryText, queryVector, readableLabels, excludedFlags, topK, language, fusion);
  }

  public RetrievalRequest withTopK(int topK) {
    return new RetrievalRequest(
        aliases, queryText, queryVector, readableLabels, excludedFlags, topK, language, fusion);
  }

  /** A copy of the vector, or null. */
  @Override
  public float[] queryVector() {
    return queryVector == null ? null : queryVector.clone();
  }

  boolean hasVector() {
    return queryVector != null && queryVector.length > 0;
  }

  boolean hasText() {
    return !queryText.isBlank();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RetrievalRequest r
        && aliases.equals(r.aliases)
        && queryText.equals(r.queryText)
        && Arrays.equals(queryVector, r.queryVector)
        && readableLabels.equals(r.readableLabels)
        && excludedFlags.equals(r.excludedFlags)
        && topK == r.topK
        && language == r.language
        && fusion.equals(r.fusion);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        aliases,
        queryText,
        Arrays.hashCode(queryVector),
        readableLabels,
        excludedFlags,
        topK,
        language,
        fusion);
  }

  /** Without the vector's values, which say nothing to a reader of a log. */
  @Override
  public String toString() {
    return "RetrievalRequest[aliases="
        + aliases
        + ", queryText="
        + queryText
        + ", queryVector="
        + (queryVector == null ? "none" : queryVector.length + " dims")
        + ", readableLabels="
        + readableLabels
        + ", excludedFlags="
        + excludedFlags
        + ", topK="
        + topK
        + ", language="
        + language
        + ", fusion="
        + fusion
        + "]";
  }
}
