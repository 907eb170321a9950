#!/usr/bin/env bash
# Makes sure a PostgreSQL server is reachable on 127.0.0.1:5432 and prints a DATABASE_URL
# on stdout (everything else goes to stderr). Starts an installed but stopped cluster;
# installs Debian's postgresql when it is absent (needs root and the Debian mirrors).
set -euo pipefail
log() { echo "[ensure-postgres] $*" >&2; }

HOST=127.0.0.1
PORT=${PGPORT:-5432}

can_connect() { psql "$1" -Atqc 'SELECT 1' >/dev/null 2>&1; }

if ! command -v pg_ctlcluster >/dev/null 2>&1 && ! command -v pg_isready >/dev/null 2>&1; then
  log "PostgreSQL is not installed: installing Debian's postgresql"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq postgresql >&2
fi

if ! pg_isready -h "$HOST" -p "$PORT" -q 2>/dev/null; then
  version=$(ls /etc/postgresql 2>/dev/null | sort -V | tail -n 1)
  if [ -z "$version" ]; then
    log "no PostgreSQL cluster under /etc/postgresql"; exit 1
  fi
  log "starting PostgreSQL $version"
  pg_ctlcluster --skip-systemctl-redirect "$version" main start >&2 2>/dev/null || pg_ctlcluster "$version" main start >&2
  for _ in $(seq 1 30); do
    pg_isready -h "$HOST" -p "$PORT" -q && break
    sleep 1
  done
  pg_isready -h "$HOST" -p "$PORT" -q || { log "PostgreSQL did not come up on $HOST:$PORT"; exit 1; }
fi

# This project's machines trust local connections to database "test" as "postgres".
for url in "${DATABASE_URL:-}" "postgres://postgres@$HOST:$PORT/test" "postgres://eastlake:eastlake@$HOST:$PORT/eastlake"; do
  if [ -n "$url" ] && can_connect "$url"; then
    echo "$url"
    exit 0
  fi
done

# A fresh Debian install: peer auth on the socket, passwords on TCP. Create a role of our
# own (superuser: the ledger tamper tests disable a trigger, as an attacker with DB access would).
log "creating role and database 'eastlake'"
su postgres -c "psql -v ON_ERROR_STOP=1 -qc \"DO \\\$\\\$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'eastlake') THEN CREATE ROLE eastlake LOGIN SUPERUSER PASSWORD 'eastlake'; END IF; END \\\$\\\$;\"" >&2
su postgres -c "psql -Atqc \"SELECT 1 FROM pg_database WHERE datname = 'eastlake'\" | grep -q 1 || createdb -O eastlake eastlake" >&2
url="postgres://eastlake:eastlake@$HOST:$PORT/eastlake"
can_connect "$url" || { log "cannot connect to $url"; exit 1; }
echo "$url"
