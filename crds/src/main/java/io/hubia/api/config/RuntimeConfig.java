package io.hubia.api.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.hubia.api.v1alpha1.spec.AgentWorkflowSpec;
import io.hubia.api.v1alpha1.spec.PolicySetSpec;
import java.util.ArrayList;
import java.util.List;
import lombok.Data;

/**
 * The runtime configuration the operator renders into the workflow's ConfigMap (key {@link
 * #FILE_NAME}) and local mode builds from resource YAML: the workflow, its resolved policy and
 * where its indexes live. It holds no secret values, only the names of the environment variables
 * that carry them.
 */
@Data
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class RuntimeConfig {
  /** Key of the rendered configuration in the ConfigMap, and file name in the pod. */
  public static final String FILE_NAME = "hubia-runtime.yaml";

  /** Version of this format; bumped on incompatible changes. */
  public static final int FORMAT_VERSION = 1;

  private int formatVersion = FORMAT_VERSION;
  private Workflow workflow = new Workflow();
  private Policy policy = new Policy();
  private List<Index> indexes = new ArrayList<>();
  private OpenSearch opensearch = new OpenSearch();
  private AuditStore audit = new AuditStore();
  private List<SecretEnv> secretEnv = new ArrayList<>();

  /** The AgentWorkflow being served. */
  @Data
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  public static class Workflow {
    private String name;
    private String namespace;
    private Long generation;

    /**
     * Runtime pods serving the workflow ({@code spec.replicas}, default 1), outside the hash like
     * the generations: each pod enforces its share of the per-minute request limits. In local mode,
     * where one process serves every workflow, it is 1.
     */
    private Integer replicas;

    private AgentWorkflowSpec spec;
  }

  /** The PolicySet governing the workflow, resolved at render time. */
  @Data
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  public static class Policy {
    private String name;
    private Long generation;
    private PolicySetSpec spec;
  }

  /** A RetrievalIndex the workflow reads: the alias to query and what it was built with. */
  @Data
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  public static class Index {
    private String name;
    private String alias;
    private Long contentGeneration;
    private String embeddingModel;
    private Integer topK;
    private Double weight;
  }

  /**
   * The OpenSearch cluster; credentials come from environment variables, the CA to trust for TLS
   * from a file.
   */
  @Data
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  public static class OpenSearch {
    private String url;
    private String usernameEnv;
    private String passwordEnv;

    /**
     * File of the PEM CA certificate(s) to trust for TLS, or {@code null}. A file that does not
     * exist (an optional Secret key that is absent) means the JVM's trust store, as no file does.
     */
    private String caFile;
  }

  /** The PostgreSQL audit store; credentials come from environment variables. */
  @Data
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  public static class AuditStore {
    private String jdbcUrl;
    private String usernameEnv;
    private String passwordEnv;
  }

  /** An environment variable of the pod filled from a Secret key. */
  @Data
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  public static class SecretEnv {
    private String env;
    private String secretName;
    private String key;
  }
}
