-- Hubia audit trail: one row per request served by an agent runtime, append-only.
--
-- Written by io.hubia.runtime.audit.AuditStore. Each row is chained to the previous row of the
-- same workflow (same namespace and workflow name): prev_hash is that row's hash (NULL for the
-- first row of a chain) and hash is the hex SHA-256 of the row's canonical form including
-- prev_hash (AuditHashing, format hash_version). Rows of one chain are inserted under a
-- transaction-scoped advisory lock per chain, so id order is chain order.
--
-- JSON columns hold the canonical JSON the hash was computed over. claims holds only the token
-- claims kept for audit (already minimised by the caller); never a token, a password or a key.
CREATE TABLE audit_event (
    id                  bigserial    PRIMARY KEY,
    event_id            uuid         NOT NULL UNIQUE,
    occurred_at         timestamptz  NOT NULL,
    namespace           text         NOT NULL DEFAULT '',
    workflow            text         NOT NULL,
    workflow_generation bigint,
    policy              text,
    policy_generation   bigint,
    subject             text,
    claims              jsonb        NOT NULL DEFAULT '{}'::jsonb,
    question_text       text,
    question_hash       char(64),
    answer              text,
    fallback            boolean      NOT NULL DEFAULT false,
    fallback_reason     text,
    citations           jsonb        NOT NULL DEFAULT '[]'::jsonb,
    retrieved           jsonb        NOT NULL DEFAULT '[]'::jsonb,
    model               text,
    tokens_in           bigint,
    tokens_out          bigint,
    decisions           jsonb        NOT NULL DEFAULT '[]'::jsonb,
    latency_ms          bigint,
    trace_id            text,
    hash_version        smallint     NOT NULL DEFAULT 1,
    prev_hash           char(64),
    hash                char(64)     NOT NULL,
    CONSTRAINT audit_event_question_one_form CHECK (question_text IS NULL OR question_hash IS NULL)
);

COMMENT ON TABLE audit_event IS
    'Hubia audit trail: one event per request, hash-chained per (namespace, workflow); append-only';
COMMENT ON COLUMN audit_event.namespace IS 'Namespace of the AgentWorkflow; empty in local mode';
COMMENT ON COLUMN audit_event.prev_hash IS 'hash of the previous event of the same chain; NULL for the first';
COMMENT ON COLUMN audit_event.hash IS 'hex SHA-256 of the canonical form of this row, prev_hash included';

-- the chain of a workflow, in order (the last hash is read under the chain's advisory lock);
-- also serves queries by workflow alone
CREATE INDEX audit_event_workflow_id ON audit_event (workflow, namespace, id);
-- time-range queries, export and retention
CREATE INDEX audit_event_occurred_at ON audit_event (occurred_at);
