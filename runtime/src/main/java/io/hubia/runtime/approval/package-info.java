/**
 * Human approval: requests held for an approver (tool calls the policy allows only with approval,
 * answers below the policy's confidence threshold), stored in the audit database, decided once by
 * an approver or by their deadline, then delivered to the caller. See docs/policy.md, "Human
 * approval".
 */
package io.hubia.runtime.approval;
