#!/usr/bin/env bash
# Test and benchmark prerequisites of Fleet.Policy (idempotent):
#  - Debian's PyTorch 1.13 + torchvision for the ACT and SmolVLA references (tests/reference, run with /usr/bin/python3),
#  - OpenBLAS so numpy/torch baselines are not on the slow reference BLAS,
#  - with --bench, ONNX Runtime's CPU engine from npm (bench/tools/policy, pinned by its package-lock.json; need_npm
#    skips its install script, which downloads GPU add-ons and fails offline: the CPU engine needs nothing more).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/packages.sh
need_debian python3-torch python3-torchvision libopenblas0-pthread python3-numpy
if [[ "${1:-}" == "--bench" ]]; then
  need_npm bench/tools/policy
fi
