#!/usr/bin/env bash
# Test prerequisites of the episode journal (src/Fleet.Dataset/Journal): the PostgreSQL 15 server binaries
# (initdb, pg_ctl), used by the tests and benchmarks to start a throwaway cluster on loopback.
# Idempotent: installs only what is missing. SQLite needs nothing (it ships inside SQLitePCLRaw.bundle_e_sqlite3).
set -euo pipefail

if ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  echo "setup-journal: PostgreSQL server binaries present: $(ls -d /usr/lib/postgresql/*/bin | tr '\n' ' ')"
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
  echo "setup-journal: PostgreSQL server binaries missing; run this script as root (apt-get install postgresql)." >&2
  exit 1
fi

export DEBIAN_FRONTEND=noninteractive
apt-get update
apt-get install -y --no-install-recommends postgresql
# The package's default cluster is not needed: the tests start their own on a free port.
if command -v pg_ctlcluster >/dev/null 2>&1; then
  for version in $(ls /usr/lib/postgresql); do
    pg_ctlcluster "$version" main stop >/dev/null 2>&1 || true
  done
fi
ls /usr/lib/postgresql/*/bin/initdb
