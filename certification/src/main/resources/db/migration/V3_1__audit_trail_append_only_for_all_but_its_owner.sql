-- The audit trail is append-only for everyone but the role that owns it (the migration role):
-- whatever privileges a deployment grants on all tables, no other role may update, delete or
-- truncate audit entries. Only the owner can switch the append-only trigger off.
DO $$
DECLARE
    owner_name TEXT := (SELECT tableowner FROM pg_tables WHERE schemaname = current_schema() AND tablename = 'audit_entry');
    r RECORD;
BEGIN
    EXECUTE 'REVOKE UPDATE, DELETE, TRUNCATE ON audit_entry FROM PUBLIC';
    FOR r IN SELECT DISTINCT grantee FROM information_schema.role_table_grants
              WHERE table_schema = current_schema() AND table_name = 'audit_entry'
                AND privilege_type IN ('UPDATE', 'DELETE', 'TRUNCATE')
                AND grantee NOT IN (owner_name, 'PUBLIC') LOOP
        EXECUTE format('REVOKE UPDATE, DELETE, TRUNCATE ON audit_entry FROM %I', r.grantee);
    END LOOP;
END $$;
