package io.hubia.search.index;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hubia.api.v1alpha1.spec.AnalysisSpec;
import io.hubia.api.v1alpha1.spec.Language;
import io.hubia.api.v1alpha1.spec.OpenSearchIndexSpec;
import io.hubia.api.v1alpha1.spec.RetrievalIndexSpec;
import io.hubia.search.ChunkFields;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Settings and mappings of a physical Hubia index, computed from a RetrievalIndex spec and its
 * embedding model: a pure function, the body of a create-index request.
 *
 * <p>Full-text fields ({@code title}, {@code text}) keep a language-neutral {@code standard}
 * analysis and get one sub-field per language of {@code spec.analysis.languages} (default [fr]):
 * {@code .fr} with OpenSearch's built-in {@code french} analyzer (elision, stop words, light
 * stemming), {@code .en} with {@code english}. The vector is a Lucene-engine HNSW {@code
 * knn_vector} (m 16, ef_construction 100, cosine), kept out of {@code _source}. {@code _meta.hubia}
 * records the embedding model, its dimension, {@link #MAPPING_VERSION} and the {@link
 * IndexLayout#fingerprint()}.
 *
 * @param settings the {@code settings} object of the request
 * @param mappings the {@code mappings} object of the request
 */
public record IndexMapping(Map<String, Object> settings, Map<String, Object> mappings) {

  /** Version of this mapping layout; a change that needs a rebuild increments it. */
  public static final int MAPPING_VERSION = 1;

  /** Key of Hubia's entry in the mapping's {@code _meta}. */
  public static final String META_KEY = "hubia";

  public static final int DEFAULT_SHARDS = 1;
  public static final int DEFAULT_REPLICAS = 1;
  public static final int HNSW_M = 16;
  public static final int HNSW_EF_CONSTRUCTION = 100;

  private static final ObjectMapper JSON = new ObjectMapper();

  public IndexMapping {
    settings = deepUnmodifiable(settings);
    mappings = deepUnmodifiable(mappings);
  }

  /**
   * The mapping for {@code spec}, with shards and replicas from {@code spec.opensearch} (defaults
   * {@value #DEFAULT_SHARDS} and {@value #DEFAULT_REPLICAS}).
   */
  public static IndexMapping of(RetrievalIndexSpec spec, String embeddingModel, int dimension) {
    OpenSearchIndexSpec os = spec == null ? null : spec.getOpensearch();
    int replicas = os == null || os.getReplicas() == null ? DEFAULT_REPLICAS : os.getReplicas();
    return of(spec, embeddingModel, dimension, replicas);
  }

  /**
   * The mapping for {@code spec} with an explicit replica count, e.g. 0 on a single node (the
   * embedded one, local mode), where any replica leaves the index yellow.
   */
  public static IndexMapping of(
      RetrievalIndexSpec spec, String embeddingModel, int dimension, int replicas) {
    if (embeddingModel == null || embeddingModel.isBlank()) {
      throw new IllegalArgumentException("the embedding model name must not be empty");
    }
    if (dimension < 1 || dimension > 16_000) {
      throw new IllegalArgumentException(
          "embedding dimension must be 1 to 16000, not " + dimension);
    }
    if (replicas < 0) {
      throw new IllegalArgumentException("replicas must be 0 or more, not " + replicas);
    }
    OpenSearchIndexSpec os = spec == null ? null : spec.getOpensearch();
    int shards = os == null || os.getShards() == null ? DEFAULT_SHARDS : os.getShards();

    Map<String, Object> index = new LinkedHashMap<>();
    index.put("number_of_shards", shards);
    index.put("number_of_replicas", replicas);
    index.put("knn", true);
    Map<String, Object> settings = Map.of("index", index);

    Set<Language> languages = languages(spec == null ? null : spec.getAnalysis());
    Map<String, Object> properties = new LinkedHashMap<>();
    properties.put(ChunkFields.CHUNK_ID, keyword());
    properties.put(ChunkFields.DOCUMENT_ID, keyword());
    properties.put(ChunkFields.SOURCE, keyword());
    properties.put(ChunkFields.TITLE, analysed(languages));
    properties.put(ChunkFields.TEXT, analysed(languages));
    properties.put(ChunkFields.HEADING_PATH, Map.of("type", "text"));
    properties.put(ChunkFields.URI, map("type", "keyword", "index", false));
    properties.put(ChunkFields.POSITION, Map.of("type", "integer"));
    properties.put(ChunkFields.LABELS, keyword());
    properties.put(ChunkFields.FLAGS, keyword());
    properties.put(ChunkFields.CONTENT_HASH, keyword());
    properties.put(ChunkFields.UPDATED, Map.of("type", "date"));
    properties.put(
        ChunkFields.VECTOR,
        map(
            "type",
            "knn_vector",
            "dimension",
            dimension,
            "method",
            map(
                "name",
                "hnsw",
                "engine",
                "lucene",
                "space_type",
                "cosinesimil",
                "parameters",
                map("m", HNSW_M, "ef_construction", HNSW_EF_CONSTRUCTION))));

    Map<String, Object> mappings = new LinkedHashMap<>();
    mappings.put("dynamic", "strict");
    mappings.put(
        "_meta",
        Map.of(
            META_KEY,
            map(
                "embeddingModel",
                embeddingModel,
                "dimension",
                dimension,
                "mappingVersion",
                MAPPING_VERSION,
                "layout",
                new IndexLayout(embeddingModel, dimension, languages, shards).fingerprint())));
    mappings.put("_source", Map.of("excludes", List.of(ChunkFields.VECTOR)));
    mappings.put("properties", properties);
    return new IndexMapping(settings, mappings);
  }

  /** The languages analysed: those of {@code analysis}, [fr] when none is given. */
  public static Set<Language> languages(AnalysisSpec analysis) {
    if (analysis == null || analysis.getLanguages() == null || analysis.getLanguages().isEmpty()) {
      return EnumSet.of(Language.FR);
    }
    return EnumSet.copyOf(analysis.getLanguages());
  }

  /** The sub-field of a full-text field for {@code language}, e.g. {@code text.fr}. */
  public static String subField(String field, Language language) {
    return field + "." + code(language);
  }

  /** The OpenSearch analyzer of {@code language}'s sub-fields. */
  public static String analyzer(Language language) {
    return switch (language) {
      case FR -> "french";
      case EN -> "english";
    };
  }

  /** The create-index request body: {@code {"settings": ..., "mappings": ...}}. */
  public Map<String, Object> body() {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("settings", settings);
    body.put("mappings", mappings);
    return Collections.unmodifiableMap(body);
  }

  /** {@link #body()} as JSON. */
  public String toJson() {
    try {
      return JSON.writeValueAsString(body());
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String code(Language language) {
    return switch (language) {
      case FR -> "fr";
      case EN -> "en";
    };
  }

  private static Map<String, Object> analysed(Set<Language> languages) {
    Map<String, Object> fields = new LinkedHashMap<>();
    for (Language language : languages) {
      fields.put(code(language), map("type", "text", "analyzer", analyzer(language)));
    }
    return map("type", "text", "analyzer", "standard", "fields", fields);
  }

  private static Map<String, Object> keyword() {
    return Map.of("type", "keyword");
  }

  private static Map<String, Object> map(Object... keysAndValues) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      map.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return map;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> deepUnmodifiable(Map<String, Object> map) {
    Map<String, Object> copy = new LinkedHashMap<>();
    map.forEach(
        (k, v) ->
            copy.put(
                k,
                v instanceof Map<?, ?> m
                    ? deepUnmodifiable((Map<String, Object>) m)
                    : v instanceof List<?> l ? List.copyOf(l) : v));
    return Collections.unmodifiableMap(copy);
  }
}
