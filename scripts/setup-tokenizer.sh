#!/usr/bin/env bash
# Test prerequisites of Fleet.Policy's tokenizer: node + npm, and tokenizers.js (npm @huggingface/tokenizers, pinned
# by tests/tools/tokenizer/package-lock.json), the independent tokenizer.json implementation the reference tests
# compare with. Without it those tests are skipped with the reason shown. Idempotent.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/packages.sh
command -v node >/dev/null || need_debian nodejs
need_npm tests/tools/tokenizer
