#!/usr/bin/env bash
# Test prerequisites of the episode journal (src/Fleet.Dataset/Journal): the PostgreSQL 15 server binaries
# (initdb, pg_ctl), used by the tests and benchmarks to start a throwaway cluster on loopback.
# Idempotent: installs only what is missing. SQLite needs nothing (it ships inside SQLitePCLRaw.bundle_e_sqlite3).
set -euo pipefail
source "$(dirname "$0")/lib/packages.sh"
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need_debian postgresql
# The package's default cluster is not needed: the tests start their own on a free port.
if command -v pg_ctlcluster >/dev/null 2>&1; then
  for version in $(ls /usr/lib/postgresql); do
    pg_ctlcluster "$version" main stop >/dev/null 2>&1 || true
  done
fi
