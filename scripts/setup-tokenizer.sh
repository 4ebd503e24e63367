#!/usr/bin/env bash
# Test prerequisites of Fleet.Policy's tokenizer: node + npm, and tokenizers.js (npm @huggingface/tokenizers, pinned
# by tests/tools/tokenizer/package-lock.json), the independent tokenizer.json implementation the reference tests
# compare with. Without it those tests are skipped with the reason shown. Idempotent.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

missing=()
command -v node >/dev/null 2>&1 || missing+=(nodejs)
command -v npm >/dev/null 2>&1 || missing+=(npm)
if [ ${#missing[@]} -gt 0 ]; then
  apt-get update
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}"
fi

cd "$here/tests/tools/tokenizer"
if [ ! -d node_modules/@huggingface/tokenizers ]; then
  npm ci --no-audit --no-fund
fi
