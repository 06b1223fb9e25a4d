package io.hubia.search.index;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.opensearch.generic.Body;
import org.opensearch.client.opensearch.generic.OpenSearchGenericClient;
import org.opensearch.client.opensearch.generic.Requests;
import org.opensearch.client.opensearch.generic.Response;

/**
 * Physical indexes behind a Hubia alias: create a generation, find the current one, switch the
 * alias atomically to a rebuilt one, delete everything (finalizer), and check that the embedding
 * model recorded in an index is the one a spec asks for.
 *
 * <p>Readers only ever use the alias. A rebuild writes {@code <alias>.v<n+1>} while the alias still
 * points to {@code v<n>}, then {@link #flipAlias} moves it in one request.
 */
public final class IndexLifecycle {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final OpenSearchGenericClient http;

  public IndexLifecycle(OpenSearchClient client) {
    this.http = client.generic();
  }

  /**
   * Creates the physical index {@code <alias>.v<generation>} with {@code mapping}, without the
   * alias.
   *
   * @return the name of the created index
   * @throws IllegalStateException if OpenSearch refuses (e.g. the index exists already)
   */
  public String createPhysical(String alias, long generation, IndexMapping mapping)
      throws IOException {
    String index = IndexNames.physical(alias, generation);
    call("PUT", "/" + index, mapping.toJson(), false);
    return index;
  }

  /** Every physical index of {@code alias} (open or closed), by generation. */
  public List<String> physicalIndexes(String alias) throws IOException {
    JsonNode rows =
        call(
            "GET",
            "/_cat/indices/" + enc(alias) + ".v*?format=json&h=index&expand_wildcards=all",
            null,
            true);
    List<String> indexes = new ArrayList<>();
    if (rows != null) {
      for (JsonNode row : rows) {
        String index = row.path("index").asText();
        if (IndexNames.isPhysicalOf(alias, index)) {
          indexes.add(index);
        }
      }
    }
    indexes.sort(
        Comparator.comparingLong(i -> IndexNames.generation(alias, i).orElse(Long.MAX_VALUE)));
    return indexes;
  }

  /** The indexes {@code alias} points to now; empty if the alias does not exist. */
  public Set<String> aliasTargets(String alias) throws IOException {
    JsonNode body = call("GET", "/_alias/" + enc(alias), null, true);
    Set<String> targets = new TreeSet<>();
    if (body != null) {
      body.fieldNames().forEachRemaining(targets::add);
    }
    return targets;
  }

  /**
   * The physical index {@code alias} points to, if any.
   *
   * @throws IllegalStateException if the alias points to more than one index (not made here)
   */
  public Optional<String> currentPhysical(String alias) throws IOException {
    Set<String> targets = aliasTargets(alias);
    if (targets.size() > 1) {
      throw new IllegalStateException("alias " + alias + " points to several indexes: " + targets);
    }
    return targets.stream().findFirst();
  }

  /** The generation the next rebuild of {@code alias} should use: one more than any existing. */
  public long nextGeneration(String alias) throws IOException {
    long max = 0;
    for (String index : physicalIndexes(alias)) {
      OptionalLong g = IndexNames.generation(alias, index);
      if (g.isPresent()) {
        max = Math.max(max, g.getAsLong());
      }
    }
    return max + 1;
  }

  /**
   * Points {@code alias} to {@code newPhysical} only, in one update-aliases request (readers see
   * the old index or the new one, never none or both), then deletes the indexes the alias pointed
   * to before.
   *
   * @return the indexes deleted
   */
  public Set<String> flipAlias(String alias, String newPhysical) throws IOException {
    if (!IndexNames.isPhysicalOf(alias, newPhysical)) {
      throw new IllegalArgumentException(
          newPhysical + " is not a physical index of alias " + alias);
    }
    Set<String> old = aliasTargets(alias);
    old.remove(newPhysical);
    ArrayNode actions = JSON.createArrayNode();
    if (!old.isEmpty()) {
      ObjectNode remove = actions.addObject().putObject("remove");
      remove.put("alias", alias);
      old.forEach(remove.putArray("indices")::add);
    }
    actions.addObject().putObject("add").put("index", newPhysical).put("alias", alias);
    ObjectNode body = JSON.createObjectNode();
    body.set("actions", actions);
    call("POST", "/_aliases", body.toString(), false);
    // Only now that no reader can reach them.
    for (String index : old) {
      if (IndexNames.isPhysicalOf(alias, index)) {
        call("DELETE", "/" + enc(index), null, true);
      }
    }
    old.removeIf(i -> !IndexNames.isPhysicalOf(alias, i));
    return old;
  }

  /**
   * Deletes the physical indexes of {@code alias} that the alias does not point to, except those in
   * {@code keep}: leftovers of rebuilds that failed or were never flipped.
   *
   * @return the indexes deleted
   */
  public Set<String> deleteUnused(String alias, Set<String> keep) throws IOException {
    Set<String> targets = aliasTargets(alias);
    Set<String> deleted = new TreeSet<>();
    for (String index : physicalIndexes(alias)) {
      if (!targets.contains(index) && !keep.contains(index)) {
        call("DELETE", "/" + enc(index), null, true);
        deleted.add(index);
      }
    }
    return deleted;
  }

  /** Sets the replica count of a physical index in place, if it differs. */
  public boolean ensureReplicas(String index, int replicas) throws IOException {
    JsonNode body =
        call("GET", "/" + enc(index) + "/_settings/index.number_of_replicas", null, true);
    if (body == null) {
      return false;
    }
    String current =
        body.path(index).path("settings").path("index").path("number_of_replicas").asText();
    if (current.equals(String.valueOf(replicas))) {
      return false;
    }
    call(
        "PUT",
        "/" + enc(index) + "/_settings",
        "{\"index\":{\"number_of_replicas\":" + replicas + "}}",
        false);
    return true;
  }

  /**
   * Deletes the alias and every physical index of it, for the finalizer of a RetrievalIndex. An
   * index the alias points to that is not one of its physical indexes is left alone, without the
   * alias.
   *
   * @return the indexes deleted
   */
  public Set<String> deleteAll(String alias) throws IOException {
    Set<String> foreign = aliasTargets(alias);
    foreign.removeIf(i -> IndexNames.isPhysicalOf(alias, i));
    if (!foreign.isEmpty()) {
      ObjectNode body = JSON.createObjectNode();
      ObjectNode remove = body.putArray("actions").addObject().putObject("remove");
      remove.put("alias", alias);
      foreign.forEach(remove.putArray("indices")::add);
      call("POST", "/_aliases", body.toString(), true);
    }
    Set<String> deleted = new TreeSet<>();
    for (String index : physicalIndexes(alias)) {
      call("DELETE", "/" + enc(index), null, true);
      deleted.add(index);
    }
    return deleted;
  }

  /**
   * The embedding recorded in the mapping {@code _meta} of the index {@code aliasOrIndex} (an alias
   * or a physical index); empty if it does not exist or records nothing.
   */
  public Optional<RecordedEmbedding> recordedModel(String aliasOrIndex) throws IOException {
    JsonNode body = call("GET", "/" + enc(aliasOrIndex) + "/_mapping", null, true);
    if (body == null) {
      return Optional.empty();
    }
    Iterator<Map.Entry<String, JsonNode>> indexes = body.fields();
    while (indexes.hasNext()) {
      Map.Entry<String, JsonNode> entry = indexes.next();
      JsonNode meta = entry.getValue().path("mappings").path("_meta").path(IndexMapping.META_KEY);
      if (meta.hasNonNull("embeddingModel") && meta.hasNonNull("dimension")) {
        return Optional.of(
            new RecordedEmbedding(
                entry.getKey(),
                meta.get("embeddingModel").asText(),
                meta.get("dimension").asInt(),
                meta.path("mappingVersion").asInt(0),
                meta.hasNonNull("layout") ? meta.get("layout").asText() : null));
      }
    }
    return Optional.empty();
  }

  /**
   * Refuses to write vectors of {@code model}/{@code dimension} into the index behind {@code alias}
   * if it was built with another model or dimension. An alias that does not exist yet is compatible
   * with anything.
   *
   * @throws EmbeddingMismatchException naming both models: a full rebuild is needed
   */
  public void checkCompatible(String alias, String model, int dimension) throws IOException {
    Optional<RecordedEmbedding> recorded = recordedModel(alias);
    if (recorded.isPresent() && !recorded.get().matches(model, dimension)) {
      throw new EmbeddingMismatchException(
          recorded.get().index(), recorded.get(), model, dimension);
    }
  }

  /** True if {@code name} is an index or an alias. */
  public boolean exists(String name) throws IOException {
    return call("HEAD", "/" + enc(name), null, true) != null;
  }

  /**
   * Creates the index {@code target} with the mappings and the analysis, similarity, k-NN and shard
   * settings of the one index behind {@code source} (an alias or an index), {@code replicas}
   * replicas, and no alias. {@code source} is only read.
   *
   * @throws IllegalStateException if {@code target} exists already (as an index or an alias), or
   *     {@code source} is not exactly one index
   */
  public void createLike(String source, String target, int replicas) throws IOException {
    if (exists(target)) {
      throw new IllegalStateException(target + " exists already");
    }
    JsonNode mappings = call("GET", "/" + enc(source) + "/_mapping", null, false);
    JsonNode settings =
        call("GET", "/" + enc(source) + "/_settings?flat_settings=true", null, false);
    if (mappings == null || mappings.size() != 1) {
      throw new IllegalStateException(source + " is not exactly one index");
    }
    String physical = mappings.fieldNames().next();
    ObjectNode copied = JSON.createObjectNode();
    settings
        .path(physical)
        .path("settings")
        .fields()
        .forEachRemaining(
            e -> {
              String key = e.getKey();
              if (key.startsWith("index.analysis.")
                  || key.startsWith("index.similarity.")
                  || key.startsWith("index.knn")
                  || key.equals("index.number_of_shards")
                  || key.equals("index.max_result_window")) {
                copied.set(key, e.getValue());
              }
            });
    copied.put("index.number_of_replicas", replicas);
    ObjectNode body = JSON.createObjectNode();
    body.set("settings", copied);
    body.set("mappings", mappings.path(physical).path("mappings"));
    call("PUT", "/" + enc(target), body.toString(), false);
  }

  /**
   * Copies every document of {@code source} into {@code target} ({@code _reindex}, waiting for it,
   * then refreshing {@code target}). Fields kept out of {@code _source} (the vector) are not
   * copied. {@code source} is only read.
   *
   * @return the documents copied
   */
  public long copyDocuments(String source, String target) throws IOException {
    ObjectNode body = JSON.createObjectNode();
    body.putObject("source").put("index", source);
    body.putObject("dest").put("index", target);
    JsonNode reply =
        call("POST", "/_reindex?refresh=true&wait_for_completion=true", body.toString(), false);
    if (reply.path("failures").size() > 0) {
      throw new IllegalStateException(
          "copying " + source + " into " + target + " failed: " + reply.path("failures").get(0));
    }
    return reply.path("created").asLong() + reply.path("updated").asLong();
  }

  /**
   * One request; a 404 gives null when {@code missingOk}, any other error status an
   * IllegalStateException with OpenSearch's reason.
   */
  private JsonNode call(String method, String endpoint, String json, boolean missingOk)
      throws IOException {
    var builder = Requests.builder().method(method).endpoint(endpoint);
    if (json != null) {
      builder.json(json);
    }
    try (Response response = http.execute(builder.build())) {
      int status = response.getStatus();
      String text = "";
      Optional<Body> body = response.getBody();
      if (body.isPresent()) {
        try (InputStream in = body.get().body()) {
          text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
      }
      if (status == 404 && missingOk) {
        return null;
      }
      if (status >= 300) {
        throw new IllegalStateException(
            method + " " + endpoint + " failed with HTTP " + status + ": " + reason(text));
      }
      return text.isBlank() ? JSON.nullNode() : JSON.readTree(text);
    }
  }

  private static String reason(String text) {
    try {
      JsonNode error = JSON.readTree(text).path("error");
      if (error.hasNonNull("reason")) {
        return error.path("type").asText() + ": " + error.get("reason").asText();
      }
    } catch (IOException e) {
      // Not JSON: return it as is.
    }
    return text.length() > 500 ? text.substring(0, 500) + "..." : text;
  }

  private static String enc(String name) {
    return URLEncoder.encode(name, StandardCharsets.UTF_8).replace("%2A", "*");
  }
}
