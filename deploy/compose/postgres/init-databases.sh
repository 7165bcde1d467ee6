#!/bin/bash
# First start of the PostgreSQL container only (empty data directory): one database and one owner
# for ExportCert, one for Keycloak. Passwords come from the container's environment (.env).
set -euo pipefail

psql -v ON_ERROR_STOP=1 --username postgres --dbname postgres \
  -v ec_db="$EXPORTCERT_DB_NAME" -v ec_user="$EXPORTCERT_DB_USER" -v ec_pw="$EXPORTCERT_DB_PASSWORD" \
  -v kc_pw="$KEYCLOAK_DB_PASSWORD" <<'SQL'
CREATE ROLE :"ec_user" LOGIN PASSWORD :'ec_pw';
CREATE DATABASE :"ec_db" OWNER :"ec_user";
CREATE ROLE keycloak LOGIN PASSWORD :'kc_pw';
CREATE DATABASE keycloak OWNER keycloak;
SQL
