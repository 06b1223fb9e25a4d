package io.hubia.operator.index;

import static io.hubia.api.sync.IngestionJobContract.LABEL_INDEX;
import static io.hubia.api.sync.IngestionJobContract.LABEL_MODE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.hubia.api.v1alpha1.RetrievalIndex;
import io.hubia.api.v1alpha1.spec.LabelRule;
import io.hubia.api.v1alpha1.spec.Language;
import io.hubia.api.v1alpha1.spec.OpenSearchIndexSpec;
import io.hubia.api.v1alpha1.spec.SyncSpec;
import io.hubia.api.v1alpha1.status.Condition;
import io.hubia.operator.status.ConditionType;
import io.hubia.operator.status.Conditions;
import io.hubia.operator.testing.OperatorTestCluster;
import io.hubia.operator.testing.SharedOpenSearch;
import io.hubia.operator.testing.SyncJobRunner;
import io.hubia.operator.testing.TestResources;
import io.hubia.search.OpenSearchClients;
import io.hubia.search.index.IndexLifecycle;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.opensearch.client.opensearch.OpenSearchClient;

/**
 * A RetrievalIndex from creation to deletion, end to end: the operator against the mock API server
 * and the embedded OpenSearch node; its sync Jobs run by {@link SyncJobRunner} as the runtime's
 * packaged {@code ingest} command, which embeds with the in-process model and writes into
 * OpenSearch; the results come back through the termination message into status.
 */
@EnableKubernetesMockClient(crud = true)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RetrievalIndexSyncIT {
  static final Duration SYNC = Duration.ofSeconds(120);
  static final String NAME = "fiches-pratiques";

  static KubernetesClient mockClient;
  static OperatorTestCluster cluster;
  static KubernetesClient client;
  static SyncJobRunner jobs;
  static OpenSearchClient opensearch;
  static IndexLifecycle lifecycle;
  static String ns;
  static String alias;
  @TempDir static Path folder;

  @BeforeAll
  static void start() throws Exception {
    cluster = new OperatorTestCluster(mockClient).startOperator();
    client = cluster.client();
    jobs = SyncJobRunner.start(client).volume("fiches-pratiques", folder);
    opensearch = OpenSearchClients.create(SharedOpenSearch.url());
    lifecycle = new IndexLifecycle(opensearch);
    ns = OperatorTestCluster.namespace();
    alias = "hubia." + ns + "." + NAME;
    write(
        "public/conges.md",
        "---\ntitle: Congés payés\n---\n# Congés payés\n\nChaque salarié acquiert deux jours et"
            + " demi de congés par mois de travail effectif.\n");
    write(
        "public/formation.md",
        "# Formation professionnelle\n\nLe compte personnel de formation est alimenté chaque"
            + " année.\n");
    write(
        "antennes/lyon/permanences.md",
        "# Permanences de l'antenne de Lyon\n\nLes permanences ont lieu le mardi de 14 h à 18"
            + " h.\n");
    write("juridique/statuts.pdf", "%PDF-1.4 ceci n'est pas un PDF lisible");
  }

  @AfterAll
  static void stop() throws Exception {
    jobs.close();
    cluster.close();
    opensearch._transport().close();
  }

  @Test
  @Order(1)
  void theFirstSyncFillsTheIndexAndReportsItInStatus() throws Exception {
    cluster.create(TestResources.index(ns));
    RetrievalIndex ready = awaitIndex(ns, i -> i.getStatus().getLastSyncJob() != null);

    assertThat(ready.getStatus().getLastSyncJob()).isEqualTo(NAME + "-g1");
    assertCondition(ready, ConditionType.Ready, "True", "Ready");
    assertCondition(ready, ConditionType.Synced, "True", "Synced");
    assertThat(ready.getStatus().getIndexName()).isEqualTo(alias + ".v1");
    assertThat(ready.getStatus().getDocuments()).isEqualTo(3L);
    assertThat(ready.getStatus().getChunks()).isGreaterThanOrEqualTo(3L);
    assertThat(ready.getStatus().getContentGeneration()).isEqualTo(1L);
    assertThat(ready.getStatus().getEmbeddingModel()).isEqualTo("all-MiniLM-L6-v2/384");
    assertThat(ready.getStatus().getLastSuccessfulSyncTime()).isNotNull();
    assertThat(ready.getStatus().getSkippedDocuments()).isEqualTo(1L);
    assertThat(ready.getStatus().getSkipped())
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.getDocumentId()).isEqualTo("juridique/statuts.pdf");
              assertThat(s.getReason()).startsWith("Corrupt");
            });
    assertThat(lifecycle.currentPhysical(alias)).hasValue(alias + ".v1");
    assertThat(opensearch.count(c -> c.index(alias)).count())
        .isEqualTo(ready.getStatus().getChunks());
    Job job = client.batch().v1().jobs().inNamespace(ns).withName(NAME + "-g1").get();
    assertThat(job.getMetadata().getLabels())
        .containsEntry(LABEL_INDEX, NAME)
        .containsEntry(LABEL_MODE, "Incremental");
    assertThat(cluster.events(ns, NAME))
        .extracting(e -> e.getReason())
        .contains("SyncStarted", "Synced");
    assertThat(
            client
                .network()
                .v1()
                .networkPolicies()
                .inNamespace(ns)
                .withName(NAME + "-ingest")
                .get()
                .getSpec()
                .getPolicyTypes())
        .containsExactly("Ingress", "Egress");
  }

  @Test
  @Order(2)
  void aSpecChangeRunsAnIncrementalSyncInPlace() throws Exception {
    write(
        "public/formation.md",
        "# Formation professionnelle\n\nLe compte personnel de formation est alimenté chaque"
            + " année, jusqu'à un plafond de 5 000 euros.\n");
    cluster.edit(
        RetrievalIndex.class,
        ns,
        NAME,
        i -> {
          LabelRule lyon = new LabelRule();
          lyon.setPathGlob("antennes/lyon/**");
          lyon.setLabels(List.of("antenne:lyon"));
          i.getSpec().getLabelMapping().getRules().add(lyon);
        });
    RetrievalIndex synced =
        awaitIndex(ns, i -> (NAME + "-g2").equals(i.getStatus().getLastSyncJob()));

    assertCondition(synced, ConditionType.Synced, "True", "Synced");
    assertThat(synced.getStatus().getIndexName()).isEqualTo(alias + ".v1");
    assertThat(synced.getStatus().getContentGeneration()).isEqualTo(2L);
    assertThat(synced.getStatus().getLastSyncGeneration()).isEqualTo(2L);
    assertThat(Conditions.find(synced.getStatus().getConditions(), ConditionType.Synced))
        .hasValueSatisfying(c -> assertThat(c.getMessage()).contains("2 embedded"));
    assertThat(lifecycle.currentPhysical(alias)).hasValue(alias + ".v1");
  }

  @Test
  @Order(3)
  void aLayoutChangeRebuildsBehindTheAliasAndFlipsItOnlyAfterTheJobSucceeded() throws Exception {
    jobs.hold();
    cluster.edit(
        RetrievalIndex.class,
        ns,
        NAME,
        i -> i.getSpec().getAnalysis().setLanguages(List.of(Language.FR, Language.EN)));
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> client.batch().v1().jobs().inNamespace(ns).withName(NAME + "-g3").get() != null);
    Job rebuild = client.batch().v1().jobs().inNamespace(ns).withName(NAME + "-g3").get();
    assertThat(rebuild.getMetadata().getLabels()).containsEntry(LABEL_MODE, "FullRebuild");
    // while the rebuild runs, readers keep the complete index
    assertThat(lifecycle.currentPhysical(alias)).hasValue(alias + ".v1");
    assertCondition(get(ns), ConditionType.Ready, "True", "Ready");

    jobs.release();
    RetrievalIndex rebuilt =
        awaitIndex(ns, i -> (NAME + "-g3").equals(i.getStatus().getLastSyncJob()));
    assertCondition(rebuilt, ConditionType.Synced, "True", "Synced");
    assertThat(rebuilt.getStatus().getIndexName()).isEqualTo(alias + ".v2");
    assertThat(lifecycle.currentPhysical(alias)).hasValue(alias + ".v2");
    assertThat(lifecycle.physicalIndexes(alias)).containsExactly(alias + ".v2");
    assertThat(lifecycle.recordedModel(alias).orElseThrow().layout()).contains(";fr,en;");
    assertThat(rebuilt.getStatus().getContentGeneration())
        .as("same documents, same content: evaluations need not re-run")
        .isEqualTo(2L);
    assertThat(cluster.events(ns, NAME)).extracting(e -> e.getReason()).contains("AliasFlipped");
  }

  @Test
  @Order(4)
  void aFailedSyncKeepsTheAliasAndTheContentAndSaysWhy() throws Exception {
    long chunks = opensearch.count(c -> c.index(alias)).count();
    SyncJobRunner broken = SyncJobRunner.start(client); // serves no volume: the folder is missing
    jobs.close();
    try {
      cluster.edit(RetrievalIndex.class, ns, NAME, i -> i.getSpec().setDescription("Fiches v4"));
      RetrievalIndex failed =
          awaitIndex(ns, i -> (NAME + "-g4").equals(i.getStatus().getLastSyncJob()));
      assertCondition(failed, ConditionType.Synced, "False", "SyncFailed");
      assertThat(Conditions.find(failed.getStatus().getConditions(), ConditionType.Synced))
          .hasValueSatisfying(c -> assertThat(c.getMessage()).contains("SourceUnavailable"));
      assertCondition(failed, ConditionType.Ready, "True", "Ready");
      assertThat(lifecycle.currentPhysical(alias)).hasValue(alias + ".v2");
      assertThat(opensearch.count(c -> c.index(alias)).count()).isEqualTo(chunks);
      assertThat(cluster.events(ns, NAME)).extracting(e -> e.getReason()).contains("SyncFailed");
    } finally {
      broken.close();
      jobs = SyncJobRunner.start(client).volume("fiches-pratiques", folder);
    }
  }

  @Test
  @Order(5)
  void schedulesBecomeCronJobsAndGoAwayWithThem() {
    cluster.edit(
        RetrievalIndex.class,
        ns,
        NAME,
        i -> {
          SyncSpec sync = new SyncSpec();
          sync.setSchedule("0 */6 * * *");
          sync.setFullRebuildSchedule("0 3 * * 0");
          sync.setSuspend(true);
          i.getSpec().setSync(sync);
        });
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              CronJob incremental = cronJob(NAME + "-sync");
              CronJob rebuild = cronJob(NAME + "-rebuild");
              assertThat(incremental).isNotNull();
              assertThat(rebuild).isNotNull();
              assertThat(incremental.getSpec().getSchedule()).isEqualTo("0 */6 * * *");
              assertThat(incremental.getSpec().getSuspend()).isTrue();
              assertThat(incremental.getSpec().getConcurrencyPolicy()).isEqualTo("Forbid");
              assertThat(rebuild.getSpec().getSchedule()).isEqualTo("0 3 * * 0");
              assertThat(rebuild.getSpec().getJobTemplate().getMetadata().getLabels())
                  .containsEntry(LABEL_MODE, "FullRebuild");
            });
    cluster.edit(
        RetrievalIndex.class, ns, NAME, i -> i.getSpec().getSync().setFullRebuildSchedule(null));
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> assertThat(cronJob(NAME + "-rebuild")).isNull());
    assertThat(cronJob(NAME + "-sync")).isNotNull();
  }

  @Test
  @Order(6)
  void anUnreachableClusterIsReportedAndRetriedUntilItAnswers() throws Exception {
    String other = OperatorTestCluster.namespace();
    client
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName("opensearch-branche")
                .withNamespace(other)
                .endMetadata()
                .addToStringData("url", "http://127.0.0.1:9")
                .build())
        .create();
    RetrievalIndex index = TestResources.index(other);
    OpenSearchIndexSpec os = new OpenSearchIndexSpec();
    os.setConnectionSecretName("opensearch-branche");
    os.setReplicas(0);
    index.getSpec().setOpensearch(os);
    cluster.create(index);
    RetrievalIndex down =
        cluster.awaitReady(RetrievalIndex.class, other, NAME, "False", "OpenSearchUnreachable");
    assertThat(down.getStatus().getConditions().get(0).getMessage())
        .contains("the alias is left as it is");
    assertThat(client.batch().v1().jobs().inNamespace(other).list().getItems())
        .as("no sync starts while OpenSearch is down")
        .isEmpty();
    assertThat(cluster.events(other, NAME))
        .extracting(e -> e.getReason())
        .contains("OpenSearchUnreachable");

    client
        .secrets()
        .inNamespace(other)
        .withName("opensearch-branche")
        .edit(
            s ->
                new SecretBuilder(s)
                    .addToStringData("url", SharedOpenSearch.url().toString())
                    .build());
    RetrievalIndex up = awaitIndex(other, i -> i.getStatus().getLastSyncJob() != null);
    assertCondition(up, ConditionType.Ready, "True", "Ready");
    assertThat(up.getStatus().getDocuments()).isEqualTo(3L);
  }

  @Test
  @Order(7)
  void deletingTheResourceDeletesItsIndexes() throws Exception {
    assertThat(lifecycle.physicalIndexes(alias)).isNotEmpty();
    client.resources(RetrievalIndex.class).inNamespace(ns).withName(NAME).delete();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                client.resources(RetrievalIndex.class).inNamespace(ns).withName(NAME).get()
                    == null);
    assertThat(lifecycle.physicalIndexes(alias)).isEmpty();
    assertThat(lifecycle.aliasTargets(alias)).isEmpty();
  }

  private static RetrievalIndex awaitIndex(String namespace, Predicate<RetrievalIndex> done) {
    await()
        .atMost(SYNC)
        .pollInterval(Duration.ofMillis(250))
        .until(
            () -> {
              RetrievalIndex index = get(namespace);
              return index != null && index.getStatus() != null && done.test(index);
            });
    return get(namespace);
  }

  private static RetrievalIndex get(String namespace) {
    return client.resources(RetrievalIndex.class).inNamespace(namespace).withName(NAME).get();
  }

  private static CronJob cronJob(String name) {
    return client.batch().v1().cronjobs().inNamespace(ns).withName(name).get();
  }

  private static void assertCondition(
      RetrievalIndex index, ConditionType type, String status, String reason) {
    Condition condition = Conditions.find(index.getStatus().getConditions(), type).orElseThrow();
    assertThat(condition.getStatus()).as(type + " " + condition.getMessage()).isEqualTo(status);
    assertThat(condition.getReason()).as(type + " " + condition.getMessage()).isEqualTo(reason);
  }

  private static void write(String path, String text) throws Exception {
    Path file = folder.resolve(path);
    Files.createDirectories(file.getParent());
    Files.writeString(file, text, StandardCharsets.UTF_8);
  }
}
