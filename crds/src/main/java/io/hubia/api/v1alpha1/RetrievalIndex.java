package io.hubia.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;
import io.hubia.api.v1alpha1.spec.RetrievalIndexSpec;
import io.hubia.api.v1alpha1.status.RetrievalIndexStatus;

/** Where knowledge comes from and how it is indexed into OpenSearch. */
@Group(HubiaApi.GROUP)
@Version(HubiaApi.VERSION)
@Plural("retrievalindexes")
@ShortNames({"ri", "rindex"})
@Categories(HubiaApi.CATEGORY)
@AdditionalPrinterColumn(
    name = "Ready",
    jsonPath = ".status.conditions[?(@.type==\"Ready\")].status",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Reason",
    jsonPath = ".status.conditions[?(@.type==\"Ready\")].reason",
    type = AdditionalPrinterColumn.Type.STRING,
    priority = 1)
@AdditionalPrinterColumn(
    name = "Documents",
    jsonPath = ".status.documents",
    type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(
    name = "Chunks",
    jsonPath = ".status.chunks",
    type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(
    name = "Skipped",
    jsonPath = ".status.skippedDocuments",
    type = AdditionalPrinterColumn.Type.INTEGER,
    priority = 1)
@AdditionalPrinterColumn(
    name = "Last Sync",
    jsonPath = ".status.lastSuccessfulSyncTime",
    type = AdditionalPrinterColumn.Type.DATE)
@AdditionalPrinterColumn(
    name = "Index",
    jsonPath = ".status.indexName",
    type = AdditionalPrinterColumn.Type.STRING,
    priority = 1)
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
public class RetrievalIndex extends CustomResource<RetrievalIndexSpec, RetrievalIndexStatus>
    implements Namespaced {
  @Override
  @JsonPropertyDescription(
      "The desired index: sources, chunking, embedding, analysis, label mapping and sync schedule.")
  public RetrievalIndexSpec getSpec() {
    return super.getSpec();
  }

  @Override
  @JsonPropertyDescription(
      "What the operator and the ingestion job observed: conditions (Ready first), counts, last sync, index name.")
  public RetrievalIndexStatus getStatus() {
    return super.getStatus();
  }
}
