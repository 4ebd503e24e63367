#!/usr/bin/env bash
# Test prerequisites of Fleet.Dataset: ffmpeg/ffprobe (video encoder, verify) and node + npm
# (DuckDB and hyparquet read back every Parquet file Fleet writes). Idempotent.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

missing=()
command -v ffmpeg >/dev/null 2>&1 || missing+=(ffmpeg)
command -v node >/dev/null 2>&1 || missing+=(nodejs)
command -v npm >/dev/null 2>&1 || missing+=(npm)
if [ ${#missing[@]} -gt 0 ]; then
  apt-get update
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}"
fi

cd "$here/tests/tools/dataset"
if [ ! -d node_modules/@duckdb/node-api ] || [ ! -d node_modules/hyparquet ]; then
  npm ci --no-audit --no-fund
fi
