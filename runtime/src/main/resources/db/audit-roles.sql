-- Hubia audit store: production roles. Run once per database by a PostgreSQL administrator, AFTER
-- the schema exists (the first runtime start with hubia.audit.migrate=true and the owner's
-- credentials, or a migration job using the owner role), e.g.
--   psql -v ON_ERROR_STOP=1 -d hubia -f audit-roles.sql
-- then set the passwords out of band (never in this file):
--   ALTER ROLE hubia_audit_owner PASSWORD '...';  ALTER ROLE hubia_audit_writer PASSWORD '...';
--
-- hubia_audit_owner  owns the schema objects and runs the Flyway migrations (db/audit/V*.sql).
-- hubia_audit_writer is what runtimes connect as (HUBIA_AUDIT_USERNAME / HUBIA_AUDIT_PASSWORD,
--                    from the Secret named by the operator's HUBIA_AUDIT_SECRET), with
--                    hubia.audit.migrate=false: it may INSERT and SELECT audit events, never
--                    UPDATE, DELETE or TRUNCATE them, and it cannot change the schema. SELECT is
--                    needed to read the last hash of a chain; the runtime's readiness probe checks
--                    the INSERT privilege.
-- Retention (a later issue) will get its own role allowed to DELETE old events only.

DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'hubia_audit_owner') THEN
        CREATE ROLE hubia_audit_owner LOGIN;
    END IF;
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'hubia_audit_writer') THEN
        CREATE ROLE hubia_audit_writer LOGIN;
    END IF;
END
$$;

ALTER TABLE audit_event OWNER TO hubia_audit_owner;
ALTER TABLE audit_schema_history OWNER TO hubia_audit_owner;
ALTER SEQUENCE audit_event_id_seq OWNER TO hubia_audit_owner;

REVOKE ALL ON audit_event FROM PUBLIC;
REVOKE ALL ON audit_event_id_seq FROM PUBLIC;
REVOKE ALL ON audit_schema_history FROM PUBLIC;

REVOKE ALL ON audit_event FROM hubia_audit_writer;
GRANT SELECT, INSERT ON audit_event TO hubia_audit_writer;
-- bigserial: nextval() for the id column
GRANT USAGE ON SEQUENCE audit_event_id_seq TO hubia_audit_writer;
-- the runtime checks that the schema is at the version it expects (Flyway validate)
GRANT SELECT ON audit_schema_history TO hubia_audit_writer;
