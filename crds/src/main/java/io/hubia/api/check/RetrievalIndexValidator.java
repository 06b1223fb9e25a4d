package io.hubia.api.check;

import io.hubia.api.v1alpha1.spec.EmbeddingProvider;
import io.hubia.api.v1alpha1.spec.LabelRule;
import io.hubia.api.v1alpha1.spec.RetrievalIndexSpec;
import io.hubia.api.v1alpha1.spec.SourceSpec;
import io.hubia.api.v1alpha1.spec.SourceType;
import java.nio.file.FileSystems;
import java.util.List;
import java.util.Set;

/**
 * Semantic checks of a RetrievalIndex beyond its CRD rules: each source carries the settings of its
 * type, label rules name existing sources with valid globs, and chunks fit the embedding model's
 * window.
 */
public final class RetrievalIndexValidator {
  /** Word pieces the in-process all-MiniLM-L6-v2 reads; the rest of a text is not embedded. */
  public static final int IN_PROCESS_WINDOW = 128;

  /** Dimension of the in-process all-MiniLM-L6-v2 vectors. */
  public static final int IN_PROCESS_DIMENSION = 384;

  private RetrievalIndexValidator() {}

  /** Problems found, each saying what to fix; empty when the index can be built. */
  public static List<String> validate(RetrievalIndexSpec spec) {
    Problems problems = new Problems();
    if (spec == null) {
      return problems.add("spec is missing").list();
    }
    if (spec.getSources().isEmpty()) {
      problems.add("spec.sources needs at least one source");
    }
    Set<String> sources =
        problems.unique(
            "spec.sources", spec.getSources().stream().map(SourceSpec::getName).toList());
    for (SourceSpec source : spec.getSources()) {
      checkSource(problems, source);
    }
    if (spec.getLabelMapping() == null || spec.getLabelMapping().getDefaultLabels().isEmpty()) {
      problems.add(
          "spec.labelMapping.defaultLabels is required: choose the most restrictive label for"
              + " documents no rule matches");
    } else {
      for (int i = 0; i < spec.getLabelMapping().getRules().size(); i++) {
        LabelRule rule = spec.getLabelMapping().getRules().get(i);
        String path = "spec.labelMapping.rules[" + i + "]";
        if (rule.getSource() != null && !sources.contains(rule.getSource())) {
          problems.add(
              path + ".source '" + rule.getSource() + "' is not one of spec.sources " + sources);
        }
        if (rule.getPathGlob() != null) {
          try {
            FileSystems.getDefault().getPathMatcher("glob:" + rule.getPathGlob());
          } catch (IllegalArgumentException e) {
            problems.add(path + ".pathGlob is not a valid glob: " + e.getMessage());
          }
        }
      }
    }
    checkEmbedding(problems, spec);
    if (spec.getSync() != null) {
      problems.duration("spec.sync.timeout", spec.getSync().getTimeout());
    }
    return problems.list();
  }

  private static void checkSource(Problems problems, SourceSpec source) {
    String path = "spec.sources[" + source.getName() + "]";
    if (source.getType() == null) {
      problems.add(path + ".type is missing or unknown: use Files, Web, Hydra or Cmis");
      return;
    }
    Object settings =
        switch (source.getType()) {
          case Files -> source.getFiles();
          case Web -> source.getWeb();
          case Hydra -> source.getHydra();
          case Cmis -> source.getCmis();
        };
    if (settings == null) {
      problems.add(
          path
              + " is of type "
              + source.getType()
              + " and needs '"
              + field(source.getType())
              + "'");
    }
    long others =
        java.util.stream.Stream.of(
                source.getFiles(), source.getWeb(), source.getHydra(), source.getCmis())
            .filter(o -> o != null && o != settings)
            .count();
    if (others > 0) {
      problems.add(
          path + " sets settings of another type than " + source.getType() + ": remove them");
    }
  }

  private static String field(SourceType type) {
    return type.name().toLowerCase(java.util.Locale.ROOT);
  }

  private static void checkEmbedding(Problems problems, RetrievalIndexSpec spec) {
    var embedding = spec.getEmbedding();
    boolean inProcess = embedding == null || embedding.getProvider() == EmbeddingProvider.InProcess;
    if (embedding != null && embedding.getProvider() == null) {
      problems.add(
          "spec.embedding.provider is missing or unknown: use InProcess, OpenAICompatible or Ollama");
      return;
    }
    if (inProcess) {
      if (embedding != null
          && embedding.getDimension() != null
          && embedding.getDimension() != IN_PROCESS_DIMENSION) {
        problems.add(
            "spec.embedding.dimension must be 384 for the InProcess model (all-MiniLM-L6-v2)");
      }
      var chunking = spec.getChunking();
      if (chunking != null
          && chunking.getMaxTokens() != null
          && chunking.getMaxTokens() > IN_PROCESS_WINDOW) {
        problems.add(
            "spec.chunking.maxTokens is "
                + chunking.getMaxTokens()
                + " but the InProcess model embeds only the first 128 tokens of a chunk: set 128"
                + " or less, or use an embedding endpoint with a larger window");
      }
    } else if (embedding.getEndpoint() == null || embedding.getDimension() == null) {
      problems.add(
          "spec.embedding with provider "
              + embedding.getProvider()
              + " needs 'endpoint' and 'dimension'");
    }
  }
}
