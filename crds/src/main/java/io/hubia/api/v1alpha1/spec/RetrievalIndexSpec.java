package io.hubia.api.v1alpha1.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.ArrayList;
import java.util.List;
import lombok.Data;

/** The desired state of a retrieval index. */
@Data
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "self.sources.all(s, self.sources.filter(o, o.name == s.name).size() == 1)",
    message = "source names must be unique in spec.sources: rename the duplicate")
@ValidationRule(
    value =
        "!has(self.labelMapping.rules) || self.labelMapping.rules.all(r, !has(r.source) ||"
            + " self.sources.exists(s, s.name == r.source))",
    message = "labelMapping.rules[].source must be the name of one of spec.sources")
public class RetrievalIndexSpec {
  @Size(max = 2000)
  @JsonPropertyDescription("What this index holds, in a sentence or two.")
  private String description;

  @Required
  @Size(min = 1, max = 20)
  @JsonPropertyDescription("Document sources, 1 to 20.")
  private List<SourceSpec> sources = new ArrayList<>();

  @JsonPropertyDescription("How documents are cut into chunks.")
  private ChunkingSpec chunking;

  @JsonPropertyDescription("Embedding model. Defaults to InProcess (all-MiniLM-L6-v2, 384).")
  private EmbeddingSpec embedding;

  @JsonPropertyDescription("Full-text analysis languages.")
  private AnalysisSpec analysis;

  @Required
  @JsonPropertyDescription("How source permissions become document labels. Required.")
  private LabelMappingSpec labelMapping;

  @JsonPropertyDescription("Sync schedule.")
  private SyncSpec sync;

  @JsonPropertyDescription("OpenSearch connection and index settings.")
  private OpenSearchIndexSpec opensearch;
}
