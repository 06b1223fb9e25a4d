package io.hubia.runtime.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hubia.runtime.api.EvaluationShadowResource;
import io.hubia.runtime.api.Problem;
import io.hubia.runtime.api.ProblemException;
import io.hubia.runtime.ingest.SourceDocument;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ShadowRegistryTest {
  private static final String NOT_FOUND = "https://hubia.io/problems/not-found";

  private static Problem problem(Runnable call) {
    try {
      call.run();
    } catch (ProblemException e) {
      return e.toProblem("/x");
    }
    throw new AssertionError("no problem thrown");
  }

  @Test
  void everythingIsNotFoundWhenShadowsAreDisabled() {
    ShadowRegistry disabled = ShadowRegistry.disabled();
    assertThat(disabled.enabled()).isFalse();
    // no header: no shadow, the question reads the live indexes
    assertThat(disabled.resolve("assistant", null)).isNull();
    Problem header = problem(() -> disabled.resolve("assistant", "abc"));
    assertThat(header.status()).isEqualTo(404);
    assertThat(header.type()).isEqualTo(NOT_FOUND);
    assertThat(problem(() -> disabled.delete("assistant", "abc")).status()).isEqualTo(404);
    // the resource answers 404 before it reads the body, authenticates or creates anything
    EvaluationShadowResource resource = new EvaluationShadowResource(null, disabled);
    Problem create = problem(() -> resource.create("assistant", "Bearer x", null, null));
    assertThat(create.status()).isEqualTo(404);
    assertThat(create.type()).isEqualTo(NOT_FOUND);
    assertThat(problem(() -> resource.delete("assistant", "abc", "Bearer x")).status())
        .isEqualTo(404);
  }

  @Test
  void shadowsExpireAreLimitedPerWorkflowAndBelongToTheirWorkflow() {
    MutableClock clock = new MutableClock();
    ShadowRegistry registry = new ShadowRegistry(true, Duration.ofHours(1), 3, clock);
    for (String id : List.of("a", "b", "c")) {
      registry.checkRoom("assistant");
      registry.add(
          new ShadowRegistry.Shadow(id, "assistant", Map.of(), registry.expiryOfNew(), null));
    }
    Problem full = problem(() -> registry.checkRoom("assistant"));
    assertThat(full.status()).isEqualTo(409);
    assertThat(full.type()).isEqualTo("https://hubia.io/problems/shadow-limit-reached");
    registry.checkRoom("autre"); // another workflow has room
    assertThat(registry.resolve("assistant", "a").id()).isEqualTo("a");
    assertThat(problem(() -> registry.resolve("autre", "a")).status()).isEqualTo(404);

    clock.now = clock.now.plus(Duration.ofMinutes(61));
    assertThat(problem(() -> registry.resolve("assistant", "a")).type()).isEqualTo(NOT_FOUND);
    registry.checkRoom("assistant"); // the expired ones were swept
  }

  @Test
  void onlyShadowIndexesAreEverDeleted() {
    assertThat(ShadowRegistry.isShadowIndex("hubia-shadow-0123-faq")).isTrue();
    assertThat(ShadowRegistry.isShadowIndex("hubia.ns.faq")).isFalse();
    assertThat(ShadowRegistry.isShadowIndex("hubia-shadow-")).isFalse();
    assertThat(ShadowRegistry.isShadowIndex("hubia-shadow-*")).isFalse();
    assertThatThrownBy(() -> ShadowRegistry.dropIndexes(null, List.of("hubia.ns.faq.v1")))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void plantedDocumentsAreCheckedFieldByField() {
    Set<String> readable = Set.of("public", "adherents");
    List<SourceDocument> ok =
        ShadowService.validate(
            List.of(new ShadowService.PlantedDocument("p-1.md", null, "Du texte.", null)),
            readable);
    assertThat(ok.get(0).labels()).containsExactly("adherents", "public");
    assertThat(ok.get(0).title()).isEqualTo("p-1.md");
    assertThat(ok.get(0).source()).isEqualTo("planted");

    assertThat(detail(List.of(new ShadowService.PlantedDocument("a b", "t", "x", null)), readable))
        .startsWith("documents[0].id");
    assertThat(
            detail(
                List.of(
                    new ShadowService.PlantedDocument("a", "t", "x", null),
                    new ShadowService.PlantedDocument("a", "t", "x", null)),
                readable))
        .startsWith("documents[1].id");
    assertThat(
            detail(
                List.of(new ShadowService.PlantedDocument("a", "t", "x".repeat(20_001), null)),
                readable))
        .startsWith("documents[0].text");
    assertThat(detail(List.of(new ShadowService.PlantedDocument("a", "t", " ", null)), readable))
        .startsWith("documents[0].text");
    assertThat(detail(List.of(new ShadowService.PlantedDocument("a", "t", "x", null)), Set.of()))
        .startsWith("documents[0].labels");
    assertThat(
            detail(
                List.of(new ShadowService.PlantedDocument("a", "t", "x", List.of("a b"))),
                readable))
        .startsWith("documents[0].labels");
    List<ShadowService.PlantedDocument> many = new ArrayList<>();
    for (int i = 0; i < 51; i++) {
      many.add(new ShadowService.PlantedDocument("d" + i, "t", "x", null));
    }
    assertThat(detail(many, readable)).startsWith("documents:");
    assertThat(detail(List.of(), readable)).startsWith("documents:");
  }

  @Test
  void copiedChunksAreEmbeddedWithTheirPrefixLine() {
    assertThat(
            ShadowService.embeddingText(
                Map.of(
                    "title", "Guide", "heading_path", "Congés > Durée", "text", "Cinq semaines.")))
        .isEqualTo("Guide > Congés > Durée\nCinq semaines.");
    assertThat(ShadowService.embeddingText(Map.of("title", "Guide", "text", "Cinq semaines.")))
        .isEqualTo("Guide\nCinq semaines.");
  }

  private static String detail(List<ShadowService.PlantedDocument> docs, Set<String> readable) {
    Problem p = problem(() -> ShadowService.validate(docs, readable));
    assertThat(p.status()).isEqualTo(400);
    return p.detail();
  }

  private static final class MutableClock extends Clock {
    Instant now = Instant.parse("2026-11-29T10:00:00Z");

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
