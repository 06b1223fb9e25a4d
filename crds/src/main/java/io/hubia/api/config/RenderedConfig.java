package io.hubia.api.config;

/**
 * The runtime configuration of a workflow, its YAML text and the hash that rolls pods when it
 * changes.
 */
public record RenderedConfig(RuntimeConfig config, String yaml, String hash) {}
