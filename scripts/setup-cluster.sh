#!/usr/bin/env bash
# Test and run-time prerequisites of the cluster (Fleet.Cluster, Fleet.Messages/Wire): Debian's rabbitmq-server
# (the tests start a throwaway broker on loopback) and libturbojpeg0 (JPEG frames on the wire). Idempotent.
set -euo pipefail
source "$(dirname "$0")/lib/packages.sh"
need_debian rabbitmq-server libturbojpeg0
# Debian starts the packaged broker as a service on 5672; Fleet's tests run their own throwaway node instead.
if command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet rabbitmq-server 2>/dev/null; then
  systemctl stop rabbitmq-server || true
fi
