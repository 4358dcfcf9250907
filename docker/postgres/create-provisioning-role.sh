#!/bin/sh
# Run once by the postgres image on an empty data directory: the role both services connect as.
# CREATEDB and CREATEROLE, never superuser (docs/servers.md, "The services' role").
set -e
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
     -v name="$PROVISIONING_DB_USERNAME" -v password="$PROVISIONING_DB_PASSWORD" <<'SQL'
create role :"name" login createdb createrole nosuperuser password :'password';
SQL
