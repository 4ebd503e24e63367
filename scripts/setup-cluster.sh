#!/usr/bin/env bash
# Test and run-time prerequisites of the cluster (Fleet.Cluster, Fleet.Messages/Wire): Debian's rabbitmq-server
# (the tests start a throwaway broker on loopback) and libturbojpeg0 (JPEG frames on the wire). Idempotent.
set -euo pipefail
missing=()
command -v rabbitmq-server >/dev/null 2>&1 || [ -x /usr/sbin/rabbitmq-server ] || missing+=(rabbitmq-server)
ldconfig -p 2>/dev/null | grep -q 'libturbojpeg\.so\.0' || missing+=(libturbojpeg0)
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
for attempt in $(seq 1 60); do
  if $SUDO apt-get -o DPkg::Lock::Timeout=600 update; then break; fi
  sleep 5
done
$SUDO apt-get -o DPkg::Lock::Timeout=600 install -y --no-install-recommends "${missing[@]}"
# Debian starts the packaged broker as a service on 5672; Fleet's tests run their own throwaway node instead.
if command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet rabbitmq-server 2>/dev/null; then
  $SUDO systemctl stop rabbitmq-server || true
fi
