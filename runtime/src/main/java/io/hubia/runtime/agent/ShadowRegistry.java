package io.hubia.runtime.agent;

import io.hubia.runtime.api.ProblemException;
import io.hubia.runtime.api.ProblemTypes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;
import org.opensearch.client.opensearch.OpenSearchClient;

/**
 * The live evaluation shadows of this runtime, in memory: which shadow index stands for which index
 * of which workflow, until when. An expired shadow is deleted the next time any shadow is looked up
 * or created (lazy sweep); a restart forgets the shadows (their indexes are then left to the next
 * cleanup by prefix, {@value #PREFIX}).
 */
@Singleton
public class ShadowRegistry {
  private static final Logger LOG = Logger.getLogger(ShadowRegistry.class);

  /** Every shadow index name starts with this; no live index or alias of Hubia does. */
  public static final String PREFIX = "hubia-shadow-";

  /** The request header naming the shadow a question reads. */
  public static final String HEADER = "Hubia-Shadow";

  /**
   * One shadow.
   *
   * @param indexes the shadow index of each index of the workflow, by RetrievalIndex name
   */
  public record Shadow(
      String id,
      String workflow,
      Map<String, String> indexes,
      Instant expiresAt,
      OpenSearchClient client) {}

  private final boolean enabled;
  private final Duration ttl;
  private final int maxPerWorkflow;
  private final Clock clock;
  private final Map<String, Shadow> shadows = new LinkedHashMap<>();

  @Inject
  public ShadowRegistry(ShadowSettings settings) {
    this(
        settings.shadowsEnabled(),
        settings.shadowTtl(),
        settings.maxShadowsPerWorkflow(),
        Clock.systemUTC());
  }

  ShadowRegistry(boolean enabled, Duration ttl, int maxPerWorkflow, Clock clock) {
    this.enabled = enabled;
    this.ttl = ttl;
    this.maxPerWorkflow = maxPerWorkflow;
    this.clock = clock;
  }

  /** A registry with shadows disabled (tools and benchmarks that build the services by hand). */
  public static ShadowRegistry disabled() {
    return new ShadowRegistry(false, Duration.ofHours(1), 0, Clock.systemUTC());
  }

  public boolean enabled() {
    return enabled;
  }

  /** 404 unless shadows are enabled: the endpoints do not exist on a serving runtime. */
  public void requireEnabled() {
    if (!enabled) {
      throw notFound("This runtime has no evaluation shadows (hubia.evaluation.shadows-enabled).");
    }
  }

  Instant expiryOfNew() {
    return clock.instant().plus(ttl);
  }

  /**
   * The shadow {@code id} of {@code workflow} for a question with the {@code Hubia-Shadow} header;
   * {@code null} when no header was sent.
   *
   * @throws ProblemException 404 when shadows are disabled, or the shadow is unknown, expired or of
   *     another workflow
   */
  public Shadow resolve(String workflow, String id) {
    if (id == null || id.isBlank()) {
      return null;
    }
    requireEnabled();
    sweep();
    synchronized (this) {
      Shadow shadow = shadows.get(id.strip());
      if (shadow == null || !shadow.workflow().equals(workflow)) {
        throw notFound("No evaluation shadow " + id.strip() + " for workflow " + workflow + ".");
      }
      return shadow;
    }
  }

  /** Reserves a place for a new shadow of {@code workflow}: 409 when it has the most already. */
  synchronized void checkRoom(String workflow) {
    long live = shadows.values().stream().filter(s -> s.workflow().equals(workflow)).count();
    if (live >= maxPerWorkflow) {
      throw new ProblemException(
          ProblemTypes.SHADOW_LIMIT_REACHED,
          "Too many evaluation shadows",
          409,
          "Workflow "
              + workflow
              + " has "
              + live
              + " live evaluation shadows, the most allowed; delete one first.");
    }
  }

  synchronized void add(Shadow shadow) {
    shadows.put(shadow.id(), shadow);
  }

  /** Removes and deletes the shadow {@code id} of {@code workflow}; 404 when there is none. */
  public void delete(String workflow, String id) {
    requireEnabled();
    Shadow shadow;
    synchronized (this) {
      shadow = shadows.get(id);
      if (shadow == null || !shadow.workflow().equals(workflow)) {
        throw notFound("No evaluation shadow " + id + " for workflow " + workflow + ".");
      }
      shadows.remove(id);
    }
    dropIndexes(shadow.client(), shadow.indexes().values());
    LOG.infof("Evaluation shadow %s of workflow %s deleted", shadow.id(), shadow.workflow());
  }

  /** Deletes the expired shadows. */
  public void sweep() {
    List<Shadow> expired = new ArrayList<>();
    synchronized (this) {
      Instant now = clock.instant();
      shadows
          .values()
          .removeIf(
              s -> {
                boolean over = !now.isBefore(s.expiresAt());
                if (over) {
                  expired.add(s);
                }
                return over;
              });
    }
    for (Shadow s : expired) {
      dropIndexes(s.client(), s.indexes().values());
      LOG.infof("Evaluation shadow %s of workflow %s expired and deleted", s.id(), s.workflow());
    }
  }

  /** Deletes shadow indexes, never any other: a name without {@value #PREFIX} is refused. */
  static void dropIndexes(OpenSearchClient client, Iterable<String> indexes) {
    for (String index : indexes) {
      if (!isShadowIndex(index)) {
        throw new IllegalStateException("refusing to delete " + index + ": not a shadow index");
      }
      try {
        client.indices().delete(d -> d.index(index).ignoreUnavailable(true));
      } catch (IOException | RuntimeException e) {
        LOG.warnf("Shadow index %s not deleted: %s", index, e.getMessage());
      }
    }
  }

  static boolean isShadowIndex(String index) {
    return index != null
        && index.startsWith(PREFIX)
        && index.length() > PREFIX.length()
        && !index.contains("*")
        && !index.contains(",");
  }

  static ProblemException notFound(String detail) {
    return new ProblemException(ProblemTypes.NOT_FOUND, "Not found", 404, detail);
  }
}
