#!/usr/bin/env bash
# SmolVLA before/after on a shared machine: ONNX Runtime, a baseline Fleet build and the current Fleet build run
# interleaved round by round (same checkpoints, threads and shapes as scripts/bench-smolvla.sh, which must have run
# once to create them), so load from other processes hits all three alike. Compare CPU ms per chunk and min as well
# as medians.
# Usage: scripts/bench-smolvla-ab.sh BASE_FLEET_BIN [ROUNDS=2] [CAMERAS="2 1"] [THREADS=2] [BATCHES=1]
#   BASE_FLEET_BIN: a fleet binary built from the baseline commit, e.g.
#     git archive <commit> | tar -x -C /tmp/fleet-base && (cd /tmp/fleet-base && dotnet build -c Release src/Fleet.Node)
#     then /tmp/fleet-base/src/Fleet.Node/bin/Release/net10.0/fleet (the build needs ../shared beside it only for tests).
# Each fleet line: batch, vision ms (part of prefix), prefix ms, denoise ms, total ms (median of 3), min ms, ms/obs, CPU ms per chunk.
set -euo pipefail
cd "$(dirname "$0")/.."
BASE="${1:?usage: $0 BASE_FLEET_BIN [ROUNDS] [CAMERAS] [THREADS] [BATCHES]}"
ROUNDS="${2:-2}"; CAMERAS="${3:-2 1}"; THREADS="${4:-2}"; BATCHES="${5:-1}"
WORK="${FLEET_BENCH_DIR:-/tmp/fleet-smolvla-bench}"
export OMP_NUM_THREADS="$THREADS" OPENBLAS_NUM_THREADS="$THREADS"
export OMP_WAIT_POLICY="${OMP_WAIT_POLICY:-PASSIVE}" ORT_SPIN="${ORT_SPIN:-0}"
scripts/setup-policy.sh --bench
dotnet build -c Release src/Fleet.Node -v q -nologo >/dev/null
NEW=src/Fleet.Node/bin/Release/net10.0/fleet
TIME=(/usr/bin/time -f "  process: cpu %U s user + %S s sys, wall %e s")
for round in $(seq 1 "$ROUNDS"); do
  for cams in $CAMERAS; do
    ckpt="$WORK/full${cams}"
    [[ -f "$ckpt/model.safetensors" ]] || { echo "$ckpt missing: run scripts/bench-smolvla.sh once first" >&2; exit 1; }
    echo "== round $round, ${cams} camera(s), ${THREADS} threads, $(date -u +%T), load $(cut -d' ' -f1-3 /proc/loadavg)"
    if [[ -f "$WORK/onnx${cams}/denoise.onnx" ]]; then
      echo -n "onnxruntime: "; "${TIME[@]}" node bench/tools/smolvla/ort_smolvla.js "$WORK/onnx${cams}" "$THREADS" 3
    fi
    for which in base new; do
      bin="$BASE"; [[ "$which" == new ]] && bin="$NEW"
      echo "fleet $which:"
      "${TIME[@]}" "$bin" policy bench --path "$ckpt" --batch "$BATCHES" --threads "$THREADS" --iterations 3 | grep -v '^smolvla:'
    done
  done
done
