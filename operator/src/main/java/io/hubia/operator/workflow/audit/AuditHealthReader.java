package io.hubia.operator.workflow.audit;

import io.hubia.api.audit.AuditHealthReport;
import io.hubia.api.v1alpha1.AgentWorkflow;
import java.util.Objects;

/**
 * Reads the audit health a workflow's runtime reports ({@link AuditHealthReport#PATH}). An
 * interface because the mock API server of the tests runs no pods: tests point the HTTP
 * implementation at a runtime they start themselves.
 */
public interface AuditHealthReader {

  /** What one read gave. */
  sealed interface Reading {}

  /** The runtime answered with its report. */
  record Read(AuditHealthReport report) implements Reading {
    public Read {
      Objects.requireNonNull(report, "report");
    }
  }

  /** The runtime could not be asked, or did not answer with a report: why, for people. */
  record Unreachable(String message) implements Reading {
    public Unreachable {
      Objects.requireNonNull(message, "message");
    }
  }

  /** Asks the runtime of {@code workflow}; never throws. */
  Reading read(AgentWorkflow workflow);
}
