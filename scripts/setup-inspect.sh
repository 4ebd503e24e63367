#!/usr/bin/env bash
# Installs what the inspection (dashboard) tests need at run time: Debian's chromium and chromedriver, which the
# browser test drives over the W3C WebDriver protocol. Idempotent: does nothing when both are already installed.
set -euo pipefail
if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; then
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
# Wait for another apt run (a parallel setup script) instead of failing on the dpkg lock.
for attempt in $(seq 1 60); do
  if $SUDO apt-get -o DPkg::Lock::Timeout=600 update; then break; fi
  sleep 5
done
$SUDO apt-get -o DPkg::Lock::Timeout=600 install -y --no-install-recommends chromium chromium-driver
