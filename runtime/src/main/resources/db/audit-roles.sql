-- Hubia audit store: production roles. Run once per database by a PostgreSQL administrator, AFTER
-- the schema exists (the first runtime start with hubia.audit.migrate=true and the owner's
-- credentials, or a migration job using the owner role), and again after each schema migration
-- that adds a table (it is idempotent), e.g.
--   psql -v ON_ERROR_STOP=1 -d hubia -f audit-roles.sql
-- then set the passwords out of band (never in this file):
--   ALTER ROLE hubia_audit_owner PASSWORD '...';  ALTER ROLE hubia_audit_writer PASSWORD '...';
--   ALTER ROLE hubia_audit_retention PASSWORD '...';  ALTER ROLE hubia_audit_auditor PASSWORD '...';
--
-- hubia_audit_owner     owns the schema objects and runs the Flyway migrations (db/audit/V*.sql).
-- hubia_audit_writer    is what runtimes connect as (HUBIA_AUDIT_USERNAME / HUBIA_AUDIT_PASSWORD,
--                       from the Secret named by the operator's HUBIA_AUDIT_SECRET), with
--                       hubia.audit.migrate=false (the operator's HUBIA_AUDIT_MIGRATE=false,
--                       passed to every runtime pod): it may INSERT and SELECT audit events, never
--                       UPDATE, DELETE or TRUNCATE them, and it cannot change the schema. SELECT is
--                       needed to read the last hash of a chain (and, on anchors, the hash a chain
--                       emptied by a purge continues from) and to verify chains; the runtime's
--                       readiness probe checks the INSERT privilege.
-- hubia_audit_retention runs `hubia audit purge` (a CronJob, with its own Secret): it may SELECT and
--                       DELETE audit events and SELECT and INSERT retention anchors, nothing else:
--                       it cannot write an event, nor change or delete an anchor. Every purge
--                       deletes the oldest events of one chain and records its anchor in the same
--                       transaction (io.hubia.runtime.audit.AuditRetention).
-- hubia_audit_auditor   runs `hubia audit verify` and `hubia audit export`: SELECT only.
--
-- No role but the owner may UPDATE events or anchors: they are append-only for all of them.
-- Approval requests (approval_request, V4) are the one table the writer may UPDATE: a request is
-- decided, then given its result, after it is inserted. The writer may not DELETE them; the
-- retention role deletes those decided before the policy's retention cutoff.

DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'hubia_audit_owner') THEN
        CREATE ROLE hubia_audit_owner LOGIN;
    END IF;
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'hubia_audit_writer') THEN
        CREATE ROLE hubia_audit_writer LOGIN;
    END IF;
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'hubia_audit_retention') THEN
        CREATE ROLE hubia_audit_retention LOGIN;
    END IF;
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'hubia_audit_auditor') THEN
        CREATE ROLE hubia_audit_auditor LOGIN;
    END IF;
END
$$;

ALTER TABLE audit_event OWNER TO hubia_audit_owner;
ALTER TABLE audit_schema_history OWNER TO hubia_audit_owner;
ALTER SEQUENCE audit_event_id_seq OWNER TO hubia_audit_owner;
ALTER TABLE audit_anchor OWNER TO hubia_audit_owner;
ALTER SEQUENCE audit_anchor_id_seq OWNER TO hubia_audit_owner;
ALTER TABLE approval_request OWNER TO hubia_audit_owner;

REVOKE ALL ON audit_event FROM PUBLIC;
REVOKE ALL ON audit_event_id_seq FROM PUBLIC;
REVOKE ALL ON audit_schema_history FROM PUBLIC;
REVOKE ALL ON audit_anchor FROM PUBLIC;
REVOKE ALL ON audit_anchor_id_seq FROM PUBLIC;
REVOKE ALL ON approval_request FROM PUBLIC;

REVOKE ALL ON audit_event FROM hubia_audit_writer;
GRANT SELECT, INSERT ON audit_event TO hubia_audit_writer;
-- bigserial: nextval() for the id column
GRANT USAGE ON SEQUENCE audit_event_id_seq TO hubia_audit_writer;
-- the runtime checks that the schema is at the version it expects (Flyway validate)
GRANT SELECT ON audit_schema_history TO hubia_audit_writer;
REVOKE ALL ON audit_anchor FROM hubia_audit_writer;
-- a chain emptied by a purge continues from its latest anchor's hash
GRANT SELECT ON audit_anchor TO hubia_audit_writer;
-- human approval: requests are inserted, decided and given their result; never deleted
REVOKE ALL ON approval_request FROM hubia_audit_writer;
GRANT SELECT, INSERT, UPDATE ON approval_request TO hubia_audit_writer;

REVOKE ALL ON audit_event FROM hubia_audit_retention;
REVOKE ALL ON audit_anchor FROM hubia_audit_retention;
GRANT SELECT, DELETE ON audit_event TO hubia_audit_retention;
GRANT SELECT, INSERT ON audit_anchor TO hubia_audit_retention;
GRANT USAGE ON SEQUENCE audit_anchor_id_seq TO hubia_audit_retention;
GRANT SELECT ON audit_schema_history TO hubia_audit_retention;
REVOKE ALL ON approval_request FROM hubia_audit_retention;
GRANT SELECT, DELETE ON approval_request TO hubia_audit_retention;

REVOKE ALL ON audit_event FROM hubia_audit_auditor;
REVOKE ALL ON audit_anchor FROM hubia_audit_auditor;
REVOKE ALL ON approval_request FROM hubia_audit_auditor;
GRANT SELECT ON audit_event, audit_anchor, audit_schema_history, approval_request
    TO hubia_audit_auditor;
