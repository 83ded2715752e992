#!/bin/sh
# Creates Temporal's two PostgreSQL databases and brings their schemas to the server's version,
# with the admin-tools image's temporal-sql-tool (the setup Temporal recommends in place of the
# deprecated auto-setup image). Safe to run on every `up`: an existing database is kept and
# only upgraded. Reads SQL_PLUGIN, SQL_HOST, SQL_PORT, SQL_USER, SQL_PASSWORD.
set -eu
for db in temporal temporal_visibility; do
  case "$db" in
    temporal) schema=temporal ;;
    *) schema=visibility ;;
  esac
  if SQL_DATABASE="$db" temporal-sql-tool create-database; then
    echo "created database $db"
  else
    echo "database $db not created (it exists, or the next step says why)"
  fi
  SQL_DATABASE="$db" temporal-sql-tool setup-schema -v 0.0
  SQL_DATABASE="$db" temporal-sql-tool update-schema \
    --schema-dir "/etc/temporal/schema/postgresql/v12/$schema/versioned"
done
echo "Temporal schemas ready"
