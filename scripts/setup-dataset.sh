#!/usr/bin/env bash
# Test prerequisites of Fleet.Dataset: ffmpeg/ffprobe (video encoder, verify) and node + npm
# (DuckDB and hyparquet read back every Parquet file Fleet writes). Idempotent.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/packages.sh
command -v ffmpeg >/dev/null || need_debian ffmpeg
command -v node >/dev/null || need_debian nodejs
need_npm tests/tools/dataset
