#!/usr/bin/env bash
# Installs what the arm pipeline's tests need at run time: ffmpeg and ffprobe (camera backends, PNG check).
# Idempotent: does nothing when both are already on PATH.
set -euo pipefail
source "$(dirname "$0")/lib/packages.sh"
command -v ffmpeg >/dev/null && command -v ffprobe >/dev/null || need_debian ffmpeg
