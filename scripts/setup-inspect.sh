#!/usr/bin/env bash
# Installs what the inspection (dashboard) tests need at run time: Debian's chromium and chromedriver, which the
# browser test drives over the W3C WebDriver protocol. Idempotent: installs only what is missing.
set -euo pipefail
source "$(dirname "$0")/lib/packages.sh"
need_debian chromium chromium-driver
