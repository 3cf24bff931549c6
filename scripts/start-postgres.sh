#!/usr/bin/env bash
# Start a throwaway PostgreSQL server (with PostGIS) for the tests and print its URL.
#   eval "$(bash scripts/start-postgres.sh)"   # sets GEONEWS_TEST_POSTGRES_URL
# Installs Debian's postgresql and postgresql-N-postgis-3 when they are missing (needs root and
# the network to the Debian mirror). The cluster lives in a temporary folder and listens on 127.0.0.1.
set -euo pipefail
# a free port unless one is asked for: another server (a developer's, a second run) may hold 54329
PORT="${GEONEWS_PG_PORT:-$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}"
bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
if [[ -z "$bindir" || ! -x "$bindir/postgres" ]]; then
  echo "installing postgresql from Debian…" >&2
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
  bindir=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
fi
# PostGIS for the spatial store (Debian's postgresql-N-postgis-3 for this server's major N)
major=$(basename "$(dirname "$bindir")")
if [[ ! -f "/usr/share/postgresql/$major/extension/postgis.control" ]]; then
  echo "installing postgresql-$major-postgis-3 from Debian…" >&2
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "postgresql-$major-postgis-3" >&2
fi
run_as=()
if [[ $(id -u) -eq 0 ]]; then
  id postgres >/dev/null 2>&1 || useradd --system --home /var/lib/postgresql postgres >&2
  run_as=(runuser -u postgres --)
fi
dir=$(mktemp -d /tmp/geonews-pg.XXXXXX)
chmod 755 "$dir"
[[ $(id -u) -eq 0 ]] && chown postgres "$dir"
"${run_as[@]}" "$bindir/initdb" -D "$dir/data" -U geonews --auth=trust -E UTF8 >/dev/null
"${run_as[@]}" "$bindir/pg_ctl" -D "$dir/data" -l "$dir/log" -w \
  -o "-p $PORT -k $dir -c listen_addresses=127.0.0.1 -c fsync=off" start >&2
"${run_as[@]}" "$bindir/createdb" -h 127.0.0.1 -p "$PORT" -U geonews geonews_test
echo "export GEONEWS_TEST_POSTGRES_URL=postgresql+psycopg://geonews@127.0.0.1:$PORT/geonews_test"
echo "export GEONEWS_PG_DIR=$dir"
