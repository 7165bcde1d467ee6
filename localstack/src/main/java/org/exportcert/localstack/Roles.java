package org.exportcert.localstack;

import static org.exportcert.localstack.PostgresCredentials.APPLICATION;
import static org.exportcert.localstack.PostgresCredentials.OWNER;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Least privilege in the embedded database, set up by the superuser: the owner role owns the
 * schema (migrations run as it), the application role only reads and writes rows, and never
 * changes or deletes audit entries. Idempotent: also converts a cluster of an earlier version,
 * where the superuser owned everything and the application connected as it.
 */
final class Roles {

  private Roles() {}

  static void provision(Connection c, PostgresCredentials credentials) throws SQLException {
    c.setAutoCommit(false);
    try (Statement s = c.createStatement()) {
      for (String role : new String[] {OWNER, APPLICATION}) {
        s.execute("DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '" + role + "') THEN"
            + " CREATE ROLE " + role + "; END IF; END $$");
        s.execute("ALTER ROLE " + role
            + " LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS");
      }
      password(c, PostgresCredentials.SUPERUSER, credentials.superuserPassword());
      password(c, OWNER, credentials.ownerPassword());
      password(c, APPLICATION, credentials.applicationPassword());

      // nobody else creates objects or temporary tables; the two roles connect
      s.execute("REVOKE CREATE ON SCHEMA public FROM PUBLIC");
      s.execute("REVOKE CREATE, TEMPORARY ON DATABASE " + LocalPostgres.DATABASE + " FROM PUBLIC");
      s.execute("GRANT CONNECT ON DATABASE " + LocalPostgres.DATABASE + " TO " + OWNER + ", " + APPLICATION);
      s.execute("GRANT USAGE, CREATE ON SCHEMA public TO " + OWNER);
      s.execute("GRANT USAGE ON SCHEMA public TO " + APPLICATION);

      // what an earlier version created as the superuser moves to the owner: tables (their
      // indexes, triggers and column sequences move along), then other sequences, then functions
      s.execute("""
          DO $$ DECLARE r record; BEGIN
            FOR r IN SELECT c.oid::regclass AS name, c.relkind FROM pg_class c
                       JOIN pg_namespace n ON n.oid = c.relnamespace
                      WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v', 'm')
                        AND pg_get_userbyid(c.relowner) <> '%1$s' LOOP
              EXECUTE format('ALTER %%s %%s OWNER TO %1$s',
                CASE r.relkind WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW' ELSE 'TABLE' END, r.name);
            END LOOP;
            FOR r IN SELECT c.oid::regclass AS name FROM pg_class c
                       JOIN pg_namespace n ON n.oid = c.relnamespace
                      WHERE n.nspname = 'public' AND c.relkind = 'S'
                        AND pg_get_userbyid(c.relowner) <> '%1$s' LOOP
              EXECUTE format('ALTER SEQUENCE %%s OWNER TO %1$s', r.name);
            END LOOP;
            FOR r IN SELECT p.oid::regprocedure AS sig FROM pg_proc p
                       JOIN pg_namespace n ON n.oid = p.pronamespace
                      WHERE n.nspname = 'public' AND pg_get_userbyid(p.proowner) <> '%1$s' LOOP
              EXECUTE format('ALTER ROUTINE %%s OWNER TO %1$s', r.sig);
            END LOOP;
          END $$""".formatted(OWNER));

      // rows of every table, now and created later by the owner (migrations)
      s.execute("ALTER DEFAULT PRIVILEGES FOR ROLE " + OWNER + " IN SCHEMA public"
          + " GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO " + APPLICATION);
      s.execute("ALTER DEFAULT PRIVILEGES FOR ROLE " + OWNER + " IN SCHEMA public"
          + " GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO " + APPLICATION);
      s.execute("GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO " + APPLICATION);
      s.execute("GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO " + APPLICATION);
      // the audit trail is append-only for the application (a migration says so for new tables)
      s.execute("DO $$ BEGIN IF to_regclass('public.audit_entry') IS NOT NULL THEN"
          + " REVOKE UPDATE, DELETE, TRUNCATE ON audit_entry FROM " + APPLICATION + "; END IF; END $$");
    }
    c.commit();
  }

  private static void password(Connection c, String role, String password) throws SQLException {
    // generated hex, quoted regardless; ALTER ROLE takes no bind parameters
    try (Statement s = c.createStatement()) {
      s.execute("ALTER ROLE " + role + " PASSWORD '" + password.replace("'", "''") + "'");
    }
  }
}
