#!/usr/bin/env bash
# Installs what the arm pipeline's tests need at run time: ffmpeg and ffprobe (camera backends, PNG check).
# Idempotent: does nothing when both are already on PATH.
set -euo pipefail
if command -v ffmpeg >/dev/null 2>&1 && command -v ffprobe >/dev/null 2>&1; then
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
# Wait for another apt run (a parallel setup script) instead of failing on the dpkg lock.
# `update` does not honour the lock timeout for the lists lock, so retry while another apt holds it.
for attempt in $(seq 1 60); do
  if $SUDO apt-get -o DPkg::Lock::Timeout=600 update; then break; fi
  sleep 5
done
$SUDO apt-get -o DPkg::Lock::Timeout=600 install -y --no-install-recommends ffmpeg
