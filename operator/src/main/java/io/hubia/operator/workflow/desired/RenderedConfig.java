package io.hubia.operator.workflow.desired;

import io.hubia.api.config.RuntimeConfig;

/**
 * The runtime configuration of a workflow, its YAML text and the hash that rolls pods when it
 * changes.
 */
public record RenderedConfig(RuntimeConfig config, String yaml, String hash) {}
