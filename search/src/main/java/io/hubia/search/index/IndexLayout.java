package io.hubia.search.index;

import io.hubia.api.v1alpha1.spec.EmbeddingProvider;
import io.hubia.api.v1alpha1.spec.EmbeddingSpec;
import io.hubia.api.v1alpha1.spec.Language;
import io.hubia.api.v1alpha1.spec.OpenSearchIndexSpec;
import io.hubia.api.v1alpha1.spec.RetrievalIndexSpec;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What of a RetrievalIndex spec is fixed once a physical index is created: the embedding model and
 * dimension, the analysed languages, the shard count and Hubia's mapping version. Its {@link
 * #fingerprint()} is recorded in the mapping's {@code _meta}; when the spec's differs from the
 * recorded one, only a full rebuild into a new physical index can apply it. Replicas are not part
 * of it: they change in place.
 *
 * @param embeddingModel the model name recorded in the index
 * @param dimension its vector size
 * @param languages analysed languages
 * @param shards primary shards
 */
public record IndexLayout(
    String embeddingModel, int dimension, Set<Language> languages, int shards) {

  /** The in-process model's name, shared with the runtime's embedder. */
  public static final String IN_PROCESS_MODEL = "all-MiniLM-L6-v2";

  /** The in-process model's dimension. */
  public static final int IN_PROCESS_DIMENSION = 384;

  public IndexLayout {
    languages = Set.copyOf(languages);
  }

  /**
   * The layout {@code spec} asks for: the in-process model when {@code spec.embedding} is absent or
   * InProcess, else the endpoint's {@code model} and {@code dimension}.
   *
   * @throws IllegalArgumentException when an endpoint embedding lacks its model or dimension
   */
  public static IndexLayout of(RetrievalIndexSpec spec) {
    EmbeddingSpec embedding = spec.getEmbedding();
    String model = IN_PROCESS_MODEL;
    int dimension = IN_PROCESS_DIMENSION;
    if (embedding != null
        && embedding.getProvider() != null
        && embedding.getProvider() != EmbeddingProvider.InProcess) {
      if (embedding.getModel() == null || embedding.getDimension() == null) {
        throw new IllegalArgumentException(
            "an " + embedding.getProvider() + " embedding needs 'model' and 'dimension'");
      }
      model = embedding.getModel();
      dimension = embedding.getDimension();
    }
    OpenSearchIndexSpec os = spec.getOpensearch();
    int shards =
        os == null || os.getShards() == null ? IndexMapping.DEFAULT_SHARDS : os.getShards();
    return new IndexLayout(model, dimension, IndexMapping.languages(spec.getAnalysis()), shards);
  }

  /** A stable text form, e.g. {@code v1;all-MiniLM-L6-v2/384;fr,en;shards=1}. */
  public String fingerprint() {
    String codes =
        languages.stream()
            .sorted()
            .map(l -> l.name().toLowerCase(Locale.ROOT))
            .collect(Collectors.joining(","));
    return "v"
        + IndexMapping.MAPPING_VERSION
        + ";"
        + embeddingModel
        + "/"
        + dimension
        + ";"
        + codes
        + ";shards="
        + shards;
  }
}
