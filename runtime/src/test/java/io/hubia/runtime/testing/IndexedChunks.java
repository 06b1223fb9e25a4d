package io.hubia.runtime.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hubia.search.ChunkFields;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Every chunk of every index of an OpenSearch node, read once over its REST API: what the tests
 * check the runtime's replies and audit events against (which labels a document carries, which
 * chunks ingestion flagged), independently of the runtime's own search code.
 *
 * @param chunks the chunks, in no particular order
 */
public record IndexedChunks(List<Chunk> chunks) {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One indexed chunk. */
  public record Chunk(
      String chunkId,
      String documentId,
      String title,
      String text,
      Set<String> labels,
      Set<String> flags) {
    /** Whether ingestion flagged it as possible prompt injection. */
    public boolean flaggedAsInjection() {
      return flags.contains(ChunkFields.FLAG_INJECTION_SUSPECTED);
    }
  }

  /** Reads every chunk of the node at {@code node} (at most 10,000). */
  public static IndexedChunks read(URI node) {
    String query =
        "{\"size\":10000,\"query\":{\"match_all\":{}},\"_source\":[\""
            + String.join(
                "\",\"",
                ChunkFields.CHUNK_ID,
                ChunkFields.DOCUMENT_ID,
                ChunkFields.TITLE,
                ChunkFields.TEXT,
                ChunkFields.LABELS,
                ChunkFields.FLAGS)
            + "\"]}";
    try {
      HttpResponse<String> response =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(node.resolve("/_search"))
                      .header("Content-Type", "application/json")
                      .POST(HttpRequest.BodyPublishers.ofString(query, StandardCharsets.UTF_8))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new IllegalStateException("search failed: " + response.body());
      }
      List<Chunk> chunks = new ArrayList<>();
      for (JsonNode hit : JSON.readTree(response.body()).path("hits").path("hits")) {
        JsonNode s = hit.path("_source");
        if (!s.has(ChunkFields.CHUNK_ID)) {
          continue;
        }
        chunks.add(
            new Chunk(
                s.path(ChunkFields.CHUNK_ID).asText(),
                s.path(ChunkFields.DOCUMENT_ID).asText(),
                s.path(ChunkFields.TITLE).asText(),
                s.path(ChunkFields.TEXT).asText(),
                strings(s.path(ChunkFields.LABELS)),
                strings(s.path(ChunkFields.FLAGS))));
      }
      return new IndexedChunks(List.copyOf(chunks));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static Set<String> strings(JsonNode array) {
    Set<String> values = new TreeSet<>();
    array.forEach(v -> values.add(v.asText()));
    return values;
  }

  /** The labels of each document, by document id (the union over its chunks). */
  public Map<String, Set<String>> labelsByDocument() {
    Map<String, Set<String>> labels = new HashMap<>();
    for (Chunk c : chunks) {
      labels.computeIfAbsent(c.documentId(), k -> new TreeSet<>()).addAll(c.labels());
    }
    return labels;
  }

  /** The chunks of the documents whose id starts with {@code prefix}. */
  public List<Chunk> of(String prefix) {
    return chunks.stream().filter(c -> c.documentId().startsWith(prefix)).toList();
  }
}
