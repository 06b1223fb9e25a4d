-- Token budgets (PolicySet limits.tokensPerDayPerSubject, tokensPerDayPerWorkflow): before a
-- model is called, the runtime sums tokens_in + tokens_out of the subject's and of the workflow's
-- events since the start of the day, at most once every few seconds per key and replica
-- (io.hubia.runtime.policy.limits.TokenBudgets, AuditStore.tokensSince). These indexes answer the
-- two sums from the index alone (INCLUDE).
--
-- Partial: only events that spent model tokens are indexed. Answers of the extractive answerer,
-- small talk, fallbacks before the model and refusals spend none, so they cost no index write and
-- take no room; the queries repeat the same predicate so that the planner can use them.
--
-- Built inside the migration's transaction, so a failed or interrupted build leaves nothing behind
-- and is simply retried. While they build, audit appends wait (the table is read once, in a
-- sequence): on a large audit trail, create both beforehand, during a quiet hour, with CREATE INDEX
-- CONCURRENTLY and these exact definitions; IF NOT EXISTS then keeps them. The pool's statement
-- timeout (hubia.audit.statement-timeout) would cut a long build: lifted for this transaction only.
SET LOCAL statement_timeout = 0;

CREATE INDEX IF NOT EXISTS audit_event_tokens_subject
    ON audit_event (workflow, namespace, subject, occurred_at)
    INCLUDE (tokens_in, tokens_out)
    WHERE tokens_in > 0 OR tokens_out > 0;

CREATE INDEX IF NOT EXISTS audit_event_tokens_workflow
    ON audit_event (workflow, namespace, occurred_at)
    INCLUDE (tokens_in, tokens_out)
    WHERE tokens_in > 0 OR tokens_out > 0;
