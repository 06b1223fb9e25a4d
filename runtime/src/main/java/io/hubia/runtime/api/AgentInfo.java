package io.hubia.runtime.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.hubia.runtime.config.ConfigSnapshot;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The workflow a runtime serves, as loaded from its configuration.
 *
 * @param name the AgentWorkflow's name
 * @param namespace its namespace (absent in local mode)
 * @param generation the AgentWorkflow generation the configuration was rendered from
 * @param policy the PolicySet that governs it
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(name = "AgentInfo", description = "The workflow served by this runtime")
public record AgentInfo(String name, String namespace, Long generation, PolicyInfo policy) {

  /**
   * @param name the PolicySet's name
   * @param generation the PolicySet generation the configuration was rendered from
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @Schema(name = "PolicyInfo", description = "The PolicySet governing the workflow")
  public record PolicyInfo(String name, Long generation) {}

  static AgentInfo of(ConfigSnapshot s) {
    return new AgentInfo(
        s.workflowName(),
        s.workflowNamespace(),
        s.workflowGeneration(),
        new PolicyInfo(s.policyName(), s.policyGeneration()));
  }
}
