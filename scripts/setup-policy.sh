#!/usr/bin/env bash
# Test and benchmark prerequisites of Fleet.Policy (idempotent):
#  - Debian's PyTorch 1.13 + torchvision for the ACT reference (tests/reference, run with /usr/bin/python3),
#  - OpenBLAS so numpy/torch baselines are not on the slow reference BLAS,
#  - with --bench, ONNX Runtime's CPU engine from npm (bench/tools/policy, pinned by its package-lock.json).
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(python3-torch python3-torchvision libopenblas0-pthread python3-numpy)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}"
fi

if [[ "${1:-}" == "--bench" && ! -d bench/tools/policy/node_modules/onnxruntime-node ]]; then
  # The package's install script downloads GPU add-ons and fails offline; the CPU engine needs nothing more.
  (cd bench/tools/policy && npm ci --ignore-scripts --no-audit --no-fund)
fi
