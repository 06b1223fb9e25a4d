package io.hubia.runtime.testing;

/** Runtime configuration files as the operator renders them. */
public final class SampleConfig {
  /** The OpenSearch URL of the configuration, unless {@link #OPENSEARCH_URL_PROPERTY} is set. */
  public static final String OPENSEARCH_URL = "https://opensearch.hubia.svc:9200";

  /**
   * System property naming another OpenSearch URL for {@link #valid(String, long, String, long)}:
   * set by a test resource that starts a cluster (or a stand-in) for the application under test,
   * which runs in the same JVM as the test but in another class loader.
   */
  public static final String OPENSEARCH_URL_PROPERTY = "hubia.test.opensearch-url";

  /** The alias of the configuration's one index. */
  public static final String ALIAS = "hubia-demo-fiches-droit-social";

  private SampleConfig() {}

  /**
   * A complete, valid configuration (formatVersion 1), naming the OpenSearch cluster of {@link
   * #OPENSEARCH_URL_PROPERTY}, else {@link #OPENSEARCH_URL}.
   */
  public static String valid(
      String workflow, long generation, String policy, long policyGeneration) {
    return valid(
        workflow,
        generation,
        policy,
        policyGeneration,
        System.getProperty(OPENSEARCH_URL_PROPERTY, OPENSEARCH_URL));
  }

  /**
   * A complete, valid configuration (formatVersion 1) naming the cluster at {@code opensearchUrl}.
   */
  public static String valid(
      String workflow,
      long generation,
      String policy,
      long policyGeneration,
      String opensearchUrl) {
    return """
        formatVersion: 1
        workflow:
          name: %s
          namespace: hubia-demo
          generation: %d
          spec:
            description: Answers members' questions on labour law, with citations.
            model:
              provider: OpenAICompatible
              name: mistral-small
              endpoint: http://vllm.models.svc:8000/v1
              hosting: SelfHosted
              temperature: 0.1
            policyRef:
              name: %s
            indexes:
              - name: fiches-droit-social
                topK: 8
            replicas: 2
        policy:
          name: %s
          generation: %d
          spec:
            description: Members read public and branch documents.
            identity:
              rolesClaim: roles
            subjects:
              - name: member
                roles: [member]
            readRules:
              - subjects: [member]
                labels: [public]
            citations:
              minSupportScore: 0.5
              fallbackMessages:
                - language: fr
                  text: Je n'ai pas trouvé de source suffisante pour répondre.
        indexes:
          - name: fiches-droit-social
            alias: hubia-demo-fiches-droit-social
            contentGeneration: 3
            embeddingModel: all-minilm-l6-v2
            topK: 8
        opensearch:
          url: %s
          usernameEnv: HUBIA_OPENSEARCH_USERNAME
          passwordEnv: HUBIA_OPENSEARCH_PASSWORD
        audit:
          jdbcUrl: jdbc:postgresql://audit.hubia.svc:5432/hubia
          usernameEnv: HUBIA_AUDIT_USERNAME
          passwordEnv: HUBIA_AUDIT_PASSWORD
        secretEnv:
          - env: HUBIA_OPENSEARCH_PASSWORD
            secretName: opensearch-credentials
            key: password
        """
        .formatted(workflow, generation, policy, policy, policyGeneration, opensearchUrl);
  }

  /**
   * {@code config} (one of {@link #valid}) with {@code yaml} added to its PolicySet's spec, e.g.
   * {@code "limits:\n requestsPerMinutePerSubject: 3"}.
   */
  public static String withPolicy(String config, String yaml) {
    String anchor = "    description: Members read public and branch documents.\n";
    int at = config.indexOf(anchor);
    if (at < 0) {
      throw new IllegalArgumentException("not a configuration of SampleConfig.valid");
    }
    String indented = yaml.strip().indent(4);
    int end = at + anchor.length();
    return config.substring(0, end) + indented + config.substring(end);
  }
}
