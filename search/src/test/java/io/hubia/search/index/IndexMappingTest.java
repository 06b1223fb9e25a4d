package io.hubia.search.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hubia.api.v1alpha1.spec.AnalysisSpec;
import io.hubia.api.v1alpha1.spec.Language;
import io.hubia.api.v1alpha1.spec.OpenSearchIndexSpec;
import io.hubia.api.v1alpha1.spec.RetrievalIndexSpec;
import io.hubia.search.ChunkFields;
import java.util.List;
import org.junit.jupiter.api.Test;

class IndexMappingTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static JsonNode json(IndexMapping mapping) throws Exception {
    return JSON.readTree(mapping.toJson());
  }

  @Test
  void defaultsAreOneShardOneReplicaKnnAndFrench() throws Exception {
    JsonNode body = json(IndexMapping.of(new RetrievalIndexSpec(), "all-MiniLM-L6-v2", 384));

    JsonNode index = body.path("settings").path("index");
    assertThat(index.path("number_of_shards").asInt()).isEqualTo(1);
    assertThat(index.path("number_of_replicas").asInt()).isEqualTo(1);
    assertThat(index.path("knn").asBoolean()).isTrue();

    JsonNode text = body.path("mappings").path("properties").path(ChunkFields.TEXT);
    assertThat(text.path("type").asText()).isEqualTo("text");
    assertThat(text.path("fields").path("fr").path("analyzer").asText()).isEqualTo("french");
    assertThat(text.path("fields").has("en")).isFalse();
    JsonNode title = body.path("mappings").path("properties").path(ChunkFields.TITLE);
    assertThat(title.path("fields").path("fr").path("analyzer").asText()).isEqualTo("french");
  }

  @Test
  void shardsAndReplicasComeFromTheSpecAndReplicasCanBeForced() throws Exception {
    RetrievalIndexSpec spec = new RetrievalIndexSpec();
    OpenSearchIndexSpec os = new OpenSearchIndexSpec();
    os.setShards(3);
    os.setReplicas(2);
    spec.setOpensearch(os);

    JsonNode fromSpec = json(IndexMapping.of(spec, "m", 8)).path("settings").path("index");
    JsonNode forced = json(IndexMapping.of(spec, "m", 8, 0)).path("settings").path("index");

    assertThat(fromSpec.path("number_of_shards").asInt()).isEqualTo(3);
    assertThat(fromSpec.path("number_of_replicas").asInt()).isEqualTo(2);
    assertThat(forced.path("number_of_shards").asInt()).isEqualTo(3);
    assertThat(forced.path("number_of_replicas").asInt()).isZero();
  }

  @Test
  void bothLanguagesGiveTwoSubFields() throws Exception {
    RetrievalIndexSpec spec = new RetrievalIndexSpec();
    AnalysisSpec analysis = new AnalysisSpec();
    analysis.setLanguages(List.of(Language.EN, Language.FR));
    spec.setAnalysis(analysis);

    JsonNode props = json(IndexMapping.of(spec, "m", 8)).path("mappings").path("properties");

    for (String field : List.of(ChunkFields.TEXT, ChunkFields.TITLE)) {
      JsonNode fields = props.path(field).path("fields");
      assertThat(fields.path("fr").path("analyzer").asText()).isEqualTo("french");
      assertThat(fields.path("en").path("analyzer").asText()).isEqualTo("english");
    }
    assertThat(IndexMapping.subField(ChunkFields.TEXT, Language.EN)).isEqualTo("text.en");
  }

  @Test
  void fieldsFollowTheChunkFieldContract() throws Exception {
    JsonNode props =
        json(IndexMapping.of(new RetrievalIndexSpec(), "m", 8)).path("mappings").path("properties");

    for (String keyword :
        List.of(
            ChunkFields.DOCUMENT_ID,
            ChunkFields.SOURCE,
            ChunkFields.LABELS,
            ChunkFields.FLAGS,
            ChunkFields.CONTENT_HASH,
            ChunkFields.CHUNK_ID)) {
      assertThat(props.path(keyword).path("type").asText()).as(keyword).isEqualTo("keyword");
    }
    assertThat(props.path(ChunkFields.URI).path("type").asText()).isEqualTo("keyword");
    assertThat(props.path(ChunkFields.URI).path("index").asBoolean(true)).isFalse();
    assertThat(props.path(ChunkFields.HEADING_PATH).path("type").asText()).isEqualTo("text");
    assertThat(props.path(ChunkFields.POSITION).path("type").asText()).isEqualTo("integer");
    assertThat(props.path(ChunkFields.UPDATED).path("type").asText()).isEqualTo("date");
    assertThat(props.size()).isEqualTo(13);
  }

  @Test
  void vectorIsLuceneHnswCosineAndKeptOutOfSource() throws Exception {
    JsonNode mappings =
        json(IndexMapping.of(new RetrievalIndexSpec(), "all-MiniLM-L6-v2", 384)).path("mappings");

    JsonNode vector = mappings.path("properties").path(ChunkFields.VECTOR);
    assertThat(vector.path("type").asText()).isEqualTo("knn_vector");
    assertThat(vector.path("dimension").asInt()).isEqualTo(384);
    JsonNode method = vector.path("method");
    assertThat(method.path("name").asText()).isEqualTo("hnsw");
    assertThat(method.path("engine").asText()).isEqualTo("lucene");
    assertThat(method.path("space_type").asText()).isEqualTo("cosinesimil");
    assertThat(method.path("parameters").path("m").asInt()).isEqualTo(16);
    assertThat(method.path("parameters").path("ef_construction").asInt()).isEqualTo(100);
    assertThat(mappings.path("_source").path("excludes").get(0).asText())
        .isEqualTo(ChunkFields.VECTOR);
  }

  @Test
  void metaRecordsModelDimensionAndVersion() throws Exception {
    JsonNode meta =
        json(IndexMapping.of(new RetrievalIndexSpec(), "all-MiniLM-L6-v2", 384))
            .path("mappings")
            .path("_meta")
            .path("hubia");

    assertThat(meta.path("embeddingModel").asText()).isEqualTo("all-MiniLM-L6-v2");
    assertThat(meta.path("dimension").asInt()).isEqualTo(384);
    assertThat(meta.path("mappingVersion").asInt()).isEqualTo(IndexMapping.MAPPING_VERSION);
  }

  @Test
  void isPureAndImmutable() {
    IndexMapping a = IndexMapping.of(null, "m", 8, 0);
    IndexMapping b = IndexMapping.of(null, "m", 8, 0);

    assertThat(a).isEqualTo(b);
    assertThat(a.toJson()).isEqualTo(b.toJson());
    assertThatThrownBy(() -> a.mappings().put("x", 1))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void refusesNonsense() {
    assertThatThrownBy(() -> IndexMapping.of(null, " ", 8))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> IndexMapping.of(null, "m", 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> IndexMapping.of(null, "m", 8, -1))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
