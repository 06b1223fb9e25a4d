-- Retention anchors: what a purge of a chain's oldest events leaves behind.
--
-- Written by io.hubia.runtime.audit.AuditRetention, in the transaction that deletes the events and
-- under the chain's advisory lock (the one AuditStore takes to append). A purge deletes a prefix of
-- the chain in id order, never a hole, and records here the last event it deleted: its id, event
-- id, time and hash. The first event left then has prev_hash = last_purged_hash, so verification
-- proves the rest of the chain intact from the latest anchor of the chain (AuditVerifier). When a
-- purge empties a chain, the next event appended links to that anchor's hash.
--
-- Anchors are append-only like events: the retention role may insert them, no role of the runtime
-- may change or delete them (db/audit-roles.sql).
CREATE TABLE audit_anchor (
    id                   bigserial    PRIMARY KEY,
    namespace            text         NOT NULL DEFAULT '',
    workflow             text         NOT NULL,
    last_purged_id       bigint       NOT NULL,
    last_purged_event_id uuid         NOT NULL,
    last_purged_at       timestamptz  NOT NULL,
    last_purged_hash     char(64)     NOT NULL,
    purged_count         bigint       NOT NULL CHECK (purged_count > 0),
    cutoff               timestamptz  NOT NULL,
    created_at           timestamptz  NOT NULL DEFAULT now(),
    created_by           text         NOT NULL DEFAULT current_user
);

COMMENT ON TABLE audit_anchor IS
    'Hubia audit retention: one row per purge of a chain; the first event left links to last_purged_hash';
COMMENT ON COLUMN audit_anchor.last_purged_hash IS 'hash of the last event purged: the prev_hash of the first event left';
COMMENT ON COLUMN audit_anchor.purged_count IS 'events deleted by this purge';
COMMENT ON COLUMN audit_anchor.cutoff IS 'events that occurred before this time were due for deletion';

-- the latest anchor of a chain
CREATE INDEX audit_anchor_chain ON audit_anchor (workflow, namespace, id);
