package io.hubia.api.config;

import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.hubia.api.sync.IngestionJobContract;
import io.hubia.api.v1alpha1.AgentWorkflow;
import io.hubia.api.v1alpha1.PolicySet;
import io.hubia.api.v1alpha1.RetrievalIndex;
import io.hubia.api.v1alpha1.spec.AgentWorkflowSpec;
import io.hubia.api.v1alpha1.spec.IndexRef;
import io.hubia.api.v1alpha1.spec.ModelSpec;
import io.hubia.api.v1alpha1.spec.SecretKeyRef;
import io.hubia.api.v1alpha1.spec.ToolSpec;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Renders the runtime configuration of a workflow: its spec without the fields that only shape the
 * Deployment and with the platform's default model server filled in where a model names none
 * ({@link ModelEndpoints}), its resolved policy, where its indexes live, which environment
 * variables carry which Secret keys, and where the OpenSearch CA is mounted when the platform names
 * an OpenSearch Secret (its optional key {@code ca.crt}). A pure function of its inputs. The
 * operator and local mode both render through here.
 */
public final class RuntimeConfigRenderer {
  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
  public static final String OPENSEARCH_USERNAME_ENV = "HUBIA_OPENSEARCH_USERNAME";
  public static final String OPENSEARCH_PASSWORD_ENV = "HUBIA_OPENSEARCH_PASSWORD";
  public static final String AUDIT_USERNAME_ENV = "HUBIA_AUDIT_USERNAME";
  public static final String AUDIT_PASSWORD_ENV = "HUBIA_AUDIT_PASSWORD";

  private RuntimeConfigRenderer() {}

  /**
   * Renders the configuration; the hash ignores generations and replicas so that scaling rolls
   * nothing.
   */
  public static RenderedConfig render(
      AgentWorkflow workflow, PolicySet policy, List<RetrievalIndex> indexes, Platform settings) {
    RuntimeConfig config = new RuntimeConfig();
    config.getWorkflow().setName(workflow.getMetadata().getName());
    config.getWorkflow().setNamespace(workflow.getMetadata().getNamespace());
    config.getWorkflow().setSpec(runtimeView(workflow.getSpec(), settings));
    config.getPolicy().setName(policy.getMetadata().getName());
    config.getPolicy().setSpec(policy.getSpec());
    config.setIndexes(indexes(workflow.getSpec(), indexes));
    config.getOpensearch().setUrl(settings.opensearchUrl());
    config.getAudit().setJdbcUrl(settings.auditJdbcUrl());
    if (settings.opensearchSecretName() != null) {
      config.getOpensearch().setUsernameEnv(OPENSEARCH_USERNAME_ENV);
      config.getOpensearch().setPasswordEnv(OPENSEARCH_PASSWORD_ENV);
      // its optional key ca.crt, mounted where the sync Jobs have it too
      config.getOpensearch().setCaFile(IngestionJobContract.OPENSEARCH_CA_FILE);
    }
    if (settings.auditSecretName() != null) {
      config.getAudit().setUsernameEnv(AUDIT_USERNAME_ENV);
      config.getAudit().setPasswordEnv(AUDIT_PASSWORD_ENV);
    }
    config.setSecretEnv(secretEnv(workflow.getSpec()));
    List<Long> contentGenerations =
        config.getIndexes().stream().map(RuntimeConfig.Index::getContentGeneration).toList();
    config.getIndexes().forEach(i -> i.setContentGeneration(null));
    // The hash leaves out generations: scaling or a content sync must not roll the pods (the
    // runtime reloads the file, which still carries them for audit).
    String hash = sha256(SERIALIZATION.asYaml(config));

    for (int i = 0; i < contentGenerations.size(); i++) {
      config.getIndexes().get(i).setContentGeneration(contentGenerations.get(i));
    }
    config.getWorkflow().setGeneration(workflow.getMetadata().getGeneration());
    // also left out of the hash: the runtime reloads the file and re-divides its request limits
    config
        .getWorkflow()
        .setReplicas(
            workflow.getSpec().getReplicas() == null ? 1 : workflow.getSpec().getReplicas());
    config.getPolicy().setGeneration(policy.getMetadata().getGeneration());
    return new RenderedConfig(config, SERIALIZATION.asYaml(config), hash);
  }

  /** The environment variable that carries a Secret key in runtime pods. */
  public static String envName(SecretKeyRef ref) {
    String raw = ref.getName() + "_" + ref.getKey();
    String sanitized = raw.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
    return "HUBIA_SECRET_" + sanitized + "_" + sha256(raw).substring(0, 6).toUpperCase(Locale.ROOT);
  }

  private static AgentWorkflowSpec runtimeView(AgentWorkflowSpec spec, Platform settings) {
    AgentWorkflowSpec copy = SERIALIZATION.clone(spec);
    // The default model server goes into the rendered copy only: the spec stays as written.
    Stream.concat(Stream.ofNullable(copy.getModel()), copy.getFallbackModels().stream())
        .forEach(m -> m.setEndpoint(ModelEndpoints.endpoint(m, settings.modelEndpoint())));
    copy.setReplicas(null);
    copy.setImage(null);
    copy.setImagePullPolicy(null);
    copy.setResources(null);
    copy.setEgress(new ArrayList<>());
    copy.setEvaluation(null);
    return copy;
  }

  private static List<RuntimeConfig.Index> indexes(
      AgentWorkflowSpec spec, List<RetrievalIndex> resolved) {
    Map<String, RetrievalIndex> byName = new LinkedHashMap<>();
    resolved.forEach(i -> byName.put(i.getMetadata().getName(), i));
    List<RuntimeConfig.Index> indexes = new ArrayList<>();
    for (IndexRef ref : spec.getIndexes()) {
      RetrievalIndex index = byName.get(ref.getName());
      RuntimeConfig.Index entry = new RuntimeConfig.Index();
      entry.setName(ref.getName());
      entry.setTopK(ref.getTopK());
      entry.setWeight(ref.getWeight());
      if (index != null && index.getStatus() != null) {
        entry.setAlias(index.getStatus().getAlias());
        entry.setEmbeddingModel(index.getStatus().getEmbeddingModel());
        entry.setContentGeneration(index.getStatus().getContentGeneration());
      }
      indexes.add(entry);
    }
    return indexes;
  }

  /** Every Secret key the workflow refers to, in a stable order, once each. */
  public static List<SecretKeyRef> secretRefs(AgentWorkflowSpec spec) {
    Stream<ModelSpec> models =
        Stream.concat(Stream.ofNullable(spec.getModel()), spec.getFallbackModels().stream());
    Stream<SecretKeyRef> modelKeys = models.map(ModelSpec::getApiKeySecretRef);
    Stream<SecretKeyRef> toolKeys =
        spec.getTools().stream()
            .map(ToolSpec::getHttp)
            .filter(h -> h != null)
            .map(h -> h.getAuthSecretRef());
    Map<String, SecretKeyRef> unique = new LinkedHashMap<>();
    Stream.concat(modelKeys, toolKeys)
        .filter(r -> r != null)
        .forEach(r -> unique.putIfAbsent(r.getName() + "/" + r.getKey(), r));
    return List.copyOf(unique.values());
  }

  private static List<RuntimeConfig.SecretEnv> secretEnv(AgentWorkflowSpec spec) {
    List<RuntimeConfig.SecretEnv> env = new ArrayList<>();
    for (SecretKeyRef ref : secretRefs(spec)) {
      RuntimeConfig.SecretEnv entry = new RuntimeConfig.SecretEnv();
      entry.setEnv(envName(ref));
      entry.setSecretName(ref.getName());
      entry.setKey(ref.getKey());
      env.add(entry);
    }
    return env;
  }

  public static String sha256(String text) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JVM", e);
    }
  }
}
