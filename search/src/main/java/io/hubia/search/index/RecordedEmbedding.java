package io.hubia.search.index;

/**
 * What an index records in its mapping's {@code _meta.hubia}: the embedding model and dimension its
 * vectors were made with, and the version of Hubia's mapping.
 *
 * @param index the physical index the record was read from
 * @param layout the {@link IndexLayout#fingerprint()} it was created with, or {@code null} for an
 *     index created before layouts were recorded
 */
public record RecordedEmbedding(
    String index, String model, int dimension, int mappingVersion, String layout) {

  /** True if vectors of {@code otherModel}/{@code otherDimension} can go into this index. */
  public boolean matches(String otherModel, int otherDimension) {
    return model.equals(otherModel) && dimension == otherDimension;
  }
}
