package io.hubia.runtime.testing;

/** Runtime configuration files as the operator renders them. */
public final class SampleConfig {
  private SampleConfig() {}

  /** A complete, valid configuration (formatVersion 1). */
  public static String valid(
      String workflow, long generation, String policy, long policyGeneration) {
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
          url: https://opensearch.hubia.svc:9200
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
        .formatted(workflow, generation, policy, policy, policyGeneration);
  }
}
