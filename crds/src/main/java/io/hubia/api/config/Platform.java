package io.hubia.api.config;

/**
 * Where the shared services of a Hubia installation are, as every runtime sees them: the OpenSearch
 * cluster and the audit store, and the Secrets holding their credentials (keys {@code username} and
 * {@code password}, in each workflow's namespace), and the default model server. The operator takes
 * them from its settings; local mode from the embedded services it starts and {@value
 * ModelEndpoints#ENV}.
 *
 * @param opensearchUrl URL of the OpenSearch cluster
 * @param opensearchSecretName Secret with its credentials (and optionally, key {@code ca.crt}, the
 *     CA to trust for its TLS), or {@code null} for none
 * @param auditJdbcUrl JDBC URL of the PostgreSQL audit store
 * @param auditSecretName Secret with its credentials, or {@code null} for none
 * @param modelEndpoint base URL of the default model server, for OpenAICompatible and Ollama models
 *     that name no endpoint ({@link ModelEndpoints}), or {@code null} for none
 */
public record Platform(
    String opensearchUrl,
    String opensearchSecretName,
    String auditJdbcUrl,
    String auditSecretName,
    String modelEndpoint) {}
