/**
 * The PolicySet's {@code limits}: requests per minute per caller and per workflow ({@link
 * io.hubia.runtime.policy.limits.RequestLimiter}, token buckets in memory, each replica its share),
 * and model tokens per day per caller and per workflow ({@link
 * io.hubia.runtime.policy.limits.TokenBudgets}, read from the audit trail, the record every replica
 * shares). {@link io.hubia.runtime.policy.limits.LimitGate} applies both to a request: 429 with
 * {@code Retry-After}, one metric, and an audit event for the first refusal of a caller per limit
 * and minute. See docs/policy.md.
 */
package io.hubia.runtime.policy.limits;
