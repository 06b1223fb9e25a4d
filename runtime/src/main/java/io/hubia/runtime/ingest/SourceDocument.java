package io.hubia.runtime.ingest;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * One document read from a source, before labelling and chunking.
 *
 * <p>{@code text} is normalised ({@link TextNormalizer}) and keeps the document's structure as
 * Markdown: headings are ATX lines ({@code #} to {@code ######}), paragraphs are separated by a
 * blank line, list items start with {@code - }, preformatted text sits between {@code ```} fences.
 * Every connector writes that form, so the chunker reads one format.
 *
 * @param source name of the source in the RetrievalIndex ({@code spec.sources[].name})
 * @param id stable id inside the source; for files, the path relative to the folder with {@code /}
 * @param title display title, never blank
 * @param uri link shown in citations, or {@code null} when the source gives none
 * @param text normalised body with its structure
 * @param metadata other fields (front matter, HTML meta, PDF info), each with one or more values
 * @param labels labels written in the document itself (front matter); trusted or not by the {@code
 *     LabelMapper}
 * @param aclPrincipals principals granted read by the source's ACL (CMIS); empty for files
 * @param updated when the document last changed, or {@code null} when unknown
 * @param contentHash lowercase hex SHA-256 of {@code text}
 */
public record SourceDocument(
    String source,
    String id,
    String title,
    String uri,
    String text,
    Map<String, List<String>> metadata,
    List<String> labels,
    List<String> aclPrincipals,
    Instant updated,
    String contentHash) {

  private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

  public SourceDocument {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(contentHash, "contentHash");
    if (title == null || title.isBlank()) {
      throw new IllegalArgumentException("document " + id + " has no title");
    }
    if (!SHA256.matcher(contentHash).matches()) {
      throw new IllegalArgumentException("contentHash must be a lowercase hex SHA-256");
    }
    metadata = copyMetadata(metadata);
    labels = sortedDistinct(labels);
    aclPrincipals = sortedDistinct(aclPrincipals);
  }

  /** Builds a document from raw text: normalises it and computes its content hash. */
  public static SourceDocument of(
      String source,
      String id,
      String title,
      String uri,
      String rawText,
      Map<String, List<String>> metadata,
      List<String> labels,
      List<String> aclPrincipals,
      Instant updated) {
    String text = TextNormalizer.normalize(rawText);
    return new SourceDocument(
        source,
        id,
        title == null ? null : title.strip(),
        uri,
        text,
        metadata,
        labels,
        aclPrincipals,
        updated,
        TextNormalizer.sha256(text));
  }

  /** The values of a metadata field, empty when absent. */
  public List<String> metadataValues(String field) {
    return metadata.getOrDefault(field, List.of());
  }

  private static Map<String, List<String>> copyMetadata(Map<String, List<String>> metadata) {
    if (metadata == null || metadata.isEmpty()) {
      return Map.of();
    }
    Map<String, List<String>> copy = new LinkedHashMap<>();
    new TreeMap<>(metadata).forEach((k, v) -> copy.put(k, List.copyOf(v == null ? List.of() : v)));
    return java.util.Collections.unmodifiableMap(copy);
  }

  private static List<String> sortedDistinct(List<String> values) {
    if (values == null || values.isEmpty()) {
      return List.of();
    }
    return List.copyOf(new TreeSet<>(new ArrayList<>(values)));
  }
}
