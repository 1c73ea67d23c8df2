#!/usr/bin/env bash
# Starts a throwaway PostgreSQL 15 on 127.0.0.1:55432 (trust auth, data in /tmp)
# for the service's storage tests; does nothing if one already answers there.
set -euo pipefail
bin=/usr/lib/postgresql/15/bin
root=${LEADSCORE_PG_DIR:-/tmp/leadscore-pg}
if "$bin/pg_isready" -q -h 127.0.0.1 -p 55432 2>/dev/null; then exit 0; fi
mkdir -p "$root"
run() { if [ "$(id -u)" = 0 ]; then chown -R postgres "$root"; su postgres -c "$1"; else bash -c "$1"; fi; }
[ -d "$root/data" ] || run "$bin/initdb -D $root/data -A trust -U postgres >/dev/null"
run "$bin/pg_ctl -D $root/data -o '-p 55432 -k $root -c listen_addresses=127.0.0.1' -l $root/log -w start >/dev/null"
