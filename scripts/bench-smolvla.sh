#!/usr/bin/env bash
# Full-size SmolVLA (random smolvla_base-sized weights), Fleet next to the PyTorch reference, same machine, same
# threads, same checkpoint: 1 and 2 cameras of 480x640, batch 1 (and Fleet at batch 4 and 8).
# Usage: scripts/bench-smolvla.sh [THREADS=2] [REPEAT=3]   (figures to stdout; copy them into bench/RESULTS.md)
# Needs scripts/setup-policy.sh (python3-torch); writes ~0.9 GB per checkpoint under $FLEET_BENCH_DIR.
set -euo pipefail
cd "$(dirname "$0")/.."
THREADS="${1:-2}"; REPEAT="${2:-3}"
WORK="${FLEET_BENCH_DIR:-/tmp/fleet-smolvla-bench}"
PY=/usr/bin/python3
scripts/setup-policy.sh
mkdir -p "$WORK"
export OMP_NUM_THREADS="$THREADS" OPENBLAS_NUM_THREADS="$THREADS"
dotnet build -c Release src/Fleet.Node -v q -nologo >/dev/null
FLEET=src/Fleet.Node/bin/Release/net10.0/fleet
for cams in 1 2; do
  ckpt="$WORK/full${cams}"
  [[ -f "$ckpt/model.safetensors" ]] || $PY tests/reference/smolvla/make_checkpoint.py --out "$ckpt" --size full --seed 5 \
      --cameras "$cams" --image-height 480 --image-width 640
  echo "== SmolVLA full size, ${cams} camera(s) 480x640, ${THREADS} threads"
  echo -n "pytorch: "; $PY bench/tools/smolvla/torch_bench.py --checkpoint "$ckpt" --batch 1 --threads "$THREADS" --repeat "$REPEAT"
  echo    "fleet:"; $FLEET policy bench --path "$ckpt" --batch 1,4 --threads "$THREADS" --iterations "$REPEAT"
done
