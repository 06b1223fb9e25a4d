package io.hubia.api.validation;

import static io.hubia.api.validation.Example.remove;
import static io.hubia.api.validation.Example.set;

import java.util.List;

/** The RetrievalIndex CRD, as generated, against valid and invalid indexes. */
class RetrievalIndexValidationTest extends CrdValidationContract {
  private static final String FULL = "retrievalindex/full.yaml";
  private static final String MINIMAL = "retrievalindex/minimal.yaml";
  private static final String FILES =
      "{name: fiches-nationales, type: Files,"
          + " files: {volumeKind: ConfigMap, volumeName: fiches-nationales}}";

  private static Example full(Example.Edit... edits) {
    return Example.of(FULL, edits);
  }

  @Override
  String plural() {
    return "retrievalindexes";
  }

  @Override
  List<String> validExamples() {
    return List.of(FULL, MINIMAL, "retrievalindex/in-process-query.yaml");
  }

  @Override
  List<CelCase> celCases() {
    return List.of(
        cel(
            "overlap as large as the chunk",
            full(set("/spec/chunking/overlapTokens", "256")),
            "spec.chunking",
            "chunking.overlapTokens must be smaller than chunking.maxTokens"),
        cel(
            "embedding endpoint without dimension",
            full(remove("/spec/embedding/dimension")),
            "spec.embedding",
            "an OpenAICompatible or Ollama embedding needs 'endpoint', 'model' and 'dimension'"
                + " (the model's vector size)"),
        cel(
            "Ollama embedding without endpoint",
            full(set("/spec/embedding", "{provider: Ollama, model: bge-m3, dimension: 1024}")),
            "spec.embedding",
            "an OpenAICompatible or Ollama embedding needs 'endpoint', 'model' and 'dimension'"
                + " (the model's vector size)"),
        cel(
            "InProcess embedding with an endpoint",
            full(set("/spec/embedding", "{provider: InProcess, endpoint: 'http://tei:8080/v1'}")),
            "spec.embedding",
            "the InProcess embedding model takes no 'endpoint' or 'apiKeySecretRef'"),
        cel(
            "InProcess embedding with an API key",
            full(remove("/spec/embedding/endpoint"), set("/spec/embedding/provider", "InProcess")),
            "spec.embedding",
            "the InProcess embedding model takes no 'endpoint' or 'apiKeySecretRef'"),
        cel(
            "label rule without a condition",
            full(set("/spec/labelMapping/rules/0", "{labels: [public]}")),
            "spec.labelMapping.rules[0]",
            "a label rule needs at least one condition: source, pathGlob, metadata or"
                + " aclPrincipal"),
        cel(
            "CMIS source with folder and query",
            full(set("/spec/sources/3/cmis/query", "SELECT * FROM cmis:document")),
            "spec.sources[3].cmis",
            "a CMIS source needs exactly one of 'folder' and 'query'"),
        cel(
            "CMIS source with neither folder nor query",
            full(remove("/spec/sources/3/cmis/folder")),
            "spec.sources[3].cmis",
            "a CMIS source needs exactly one of 'folder' and 'query'"),
        cel(
            "web source with nothing to fetch",
            full(set("/spec/sources/1/web", "{maxDepth: 1}")),
            "spec.sources[1].web",
            "a web source needs 'urls', 'sitemap' or both"),
        cel(
            "web source with an empty URL list",
            full(set("/spec/sources/1/web", "{urls: []}")),
            "spec.sources[1].web",
            "a web source needs 'urls', 'sitemap' or both"),
        cel(
            "Files source without files",
            full(remove("/spec/sources/0/files")),
            "spec.sources[0]",
            "set 'files' when type is Files, and only then"),
        cel(
            "Web source with files settings",
            full(set("/spec/sources/1/files", "{volumeKind: ConfigMap, volumeName: pages}")),
            "spec.sources[1]",
            "set 'files' when type is Files, and only then"),
        cel(
            "Web source without web",
            full(remove("/spec/sources/1/web")),
            "spec.sources[1]",
            "set 'web' when type is Web, and only then"),
        cel(
            "Hydra source without hydra",
            full(remove("/spec/sources/2/hydra")),
            "spec.sources[2]",
            "set 'hydra' when type is Hydra, and only then"),
        cel(
            "Cmis source without cmis",
            full(remove("/spec/sources/3/cmis")),
            "spec.sources[3]",
            "set 'cmis' when type is Cmis, and only then"),
        cel(
            "two sources named fiches-nationales",
            full(set("/spec/sources/-", FILES)),
            "spec",
            "source names must be unique in spec.sources: rename the duplicate"),
        cel(
            "label rule on an unknown source",
            full(set("/spec/labelMapping/rules/0/source", "fiches-regionales")),
            "spec",
            "labelMapping.rules[].source must be the name of one of spec.sources"));
  }

  @Override
  List<SchemaCase> schemaCases() {
    return List.of(
        schema("no sources (required)", full(remove("/spec/sources")), "spec", "required"),
        schema(
            "empty source list (minItems)",
            full(set("/spec/sources", "[]"), remove("/spec/labelMapping/rules")),
            "spec.sources",
            "minItems"),
        schema(
            "no default labels (required)",
            full(remove("/spec/labelMapping/defaultLabels")),
            "spec.labelMapping",
            "required"),
        schema(
            "source name with capitals (pattern)",
            full(set("/spec/sources/3/name", "GED-Conseil"), remove("/spec/labelMapping/rules/4")),
            "spec.sources[3].name",
            "pattern"),
        schema(
            "unknown source type (enum)",
            full(set("/spec/sources/0/type", "S3")),
            "spec.sources[0].type",
            "enum"),
        schema(
            "unknown analysis language (enum in a list)",
            full(set("/spec/analysis/languages/1", "de")),
            "spec.analysis.languages[1]",
            "enum"),
        schema(
            "three analysis languages (maxItems)",
            full(set("/spec/analysis/languages/-", "fr")),
            "spec.analysis.languages",
            "maxItems"),
        schema(
            "chunks of 8 tokens (minimum)",
            full(set("/spec/chunking/maxTokens", "8"), set("/spec/chunking/overlapTokens", "4")),
            "spec.chunking.maxTokens",
            "minimum"),
        schema(
            "65 shards (maximum)",
            full(set("/spec/opensearch/shards", "65")),
            "spec.opensearch.shards",
            "maximum"),
        schema(
            "web page limit of 5 GB (maximum)",
            full(set("/spec/sources/1/web/maxBytes", "5368709120")),
            "spec.sources[1].web.maxBytes",
            "maximum"),
        schema(
            "sitemap that is not a URL (pattern)",
            full(set("/spec/sources/1/web/sitemap", "sitemap.xml")),
            "spec.sources[1].web.sitemap",
            "pattern"),
        schema(
            "metadata condition without '=' (pattern)",
            full(set("/spec/labelMapping/rules/3/metadata", "antenne:marseille")),
            "spec.labelMapping.rules[3].metadata",
            "pattern"),
        schema(
            "sync schedule with four fields (cron pattern)",
            full(set("/spec/sync/schedule", "0 */6 * *")),
            "spec.sync.schedule",
            "pattern"),
        schema(
            "label longer than 128 characters (maxLength in a list)",
            full(set("/spec/labelMapping/defaultLabels/0", "r".repeat(129))),
            "spec.labelMapping.defaultLabels[0]",
            "maxLength"),
        schema(
            "Hydra mapping without body (required)",
            full(remove("/spec/sources/2/hydra/fields/body")),
            "spec.sources[2].hydra.fields",
            "required"),
        schema(
            "CMIS source without credentials (required)",
            full(remove("/spec/sources/3/cmis/passwordSecretRef")),
            "spec.sources[3].cmis",
            "required"),
        schema(
            "suspend as a string (type)",
            full(set("/spec/sync/suspend", "'oui'")),
            "spec.sync.suspend",
            "type"));
  }
}
