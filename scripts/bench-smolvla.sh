#!/usr/bin/env bash
# SmolVLA at full size (smolvla_base's sizes, random weights), 480x640 cameras, batch 1: the PyTorch reference,
# ONNX Runtime and Fleet side by side on the same machine, threads, weights and shapes.
#   PyTorch 1.13 + OpenBLAS (bench/tools/smolvla/torch_bench.py: vision per camera, prefill, prefix, 10-step denoise, total)
#   ONNX Runtime 1.30 CPU  (bench/tools/smolvla/ort_smolvla.js over graphs from export_onnx.py, checked against the reference)
#   Fleet                  (fleet policy bench --path DIR --batch 1 --threads T)
# Each line is preceded by the load average (the machine may be shared) and followed by the process's CPU/wall seconds.
# Usage: scripts/bench-smolvla.sh [THREADS=2] [REPEAT=2] [CAMERAS="1 2"] [--check]
#   --check also runs the reference once per camera count with --dump and prints max |ORT - PyTorch| (slow: minutes).
# SKIP_FLEET=1 leaves Fleet out (no Release build); FLEET_BIN=PATH uses that fleet binary instead of building one.
# Checkpoints (~0.9 GB each) and ONNX files (~1.6 GB per camera count) go to $FLEET_BENCH_DIR
# (default /tmp/fleet-smolvla-bench).
set -euo pipefail
cd "$(dirname "$0")/.."
THREADS="${1:-2}"; REPEAT="${2:-2}"; CAMERAS="${3:-1 2}"; CHECK="${4:-}"
WORK="${FLEET_BENCH_DIR:-/tmp/fleet-smolvla-bench}"
PY=/usr/bin/python3
REF=tests/reference/smolvla
TOOLS=bench/tools/smolvla
scripts/setup-policy.sh --bench
mkdir -p "$WORK"
export OMP_NUM_THREADS="$THREADS" OPENBLAS_NUM_THREADS="$THREADS"
# On a shared, loaded machine spinning worker threads burn whole timeslices waiting for a descheduled peer
# (PyTorch's denoise loop measured 10x slower with OpenMP's default ACTIVE policy at load ~30). Both baselines
# therefore sleep between ops by default; set OMP_WAIT_POLICY=ACTIVE ORT_SPIN=1 to measure the defaults.
export OMP_WAIT_POLICY="${OMP_WAIT_POLICY:-PASSIVE}" ORT_SPIN="${ORT_SPIN:-0}"
TIME=(/usr/bin/time -f "  process: cpu %U s user + %S s sys, wall %e s, max rss %M kB")

load() { echo "  load average: $(cut -d' ' -f1-3 /proc/loadavg)"; }

FLEET="${FLEET_BIN:-}"
if [[ -n "$FLEET" ]]; then
  echo "(using FLEET_BIN=$FLEET)"
elif [[ -n "${SKIP_FLEET:-}" ]]; then
  echo "(SKIP_FLEET set: Fleet figures skipped)"
elif dotnet build -c Release src/Fleet.Node -v q -nologo >/dev/null 2>&1; then
  FLEET=src/Fleet.Node/bin/Release/net10.0/fleet
else
  echo "(Fleet.Node did not build; Fleet figures skipped)"
fi

for cams in $CAMERAS; do
  ckpt="$WORK/full${cams}"
  models="$WORK/onnx${cams}"
  [[ -f "$ckpt/model.safetensors" ]] || $PY $REF/make_checkpoint.py --out "$ckpt" --size full --seed 7 --cameras "$cams"
  [[ -f "$models/denoise.onnx" ]] || $PY $TOOLS/export_onnx.py --checkpoint "$ckpt" --out-dir "$models" >"$WORK/export${cams}.log" 2>&1
  echo "== SmolVLA full size, ${cams} camera(s) 480x640, batch 1, ${THREADS} threads, $(date -u +%FT%TZ)," \
       "OMP_WAIT_POLICY=$OMP_WAIT_POLICY ORT_SPIN=$ORT_SPIN"
  if [[ "$CHECK" == "--check" ]]; then
    $PY $REF/make_inputs.py --checkpoint "$ckpt" --batch 1 --seed 11 --observation "$WORK/obs${cams}.safetensors" \
      --noise "$WORK/noise${cams}.safetensors" --lang-lengths 48
    $PY $REF/smolvla_reference.py --checkpoint "$ckpt" --observation "$WORK/obs${cams}.safetensors" \
      --noise "$WORK/noise${cams}.safetensors" --out "$WORK/dump${cams}.safetensors" --dump --threads "$THREADS"
    echo -n "ort check:   "; node $TOOLS/ort_smolvla.js "$models" "$THREADS" 0 "$WORK/dump${cams}.safetensors" "$WORK/noise${cams}.safetensors" | head -1
  fi
  load; echo -n "onnxruntime: "; "${TIME[@]}" node $TOOLS/ort_smolvla.js "$models" "$THREADS" "$REPEAT"
  # PyTorch is the slow baseline: no warm-up run and no separate "prefix" phase, so the whole run stays within minutes.
  load; echo -n "pytorch:     "; "${TIME[@]}" $PY $TOOLS/torch_bench.py --checkpoint "$ckpt" --threads "$THREADS" \
      --repeat "$REPEAT" --warmup 0 --phases vision,prefill,denoise,total
  if [[ -n "$FLEET" ]]; then
    load; echo "fleet:"; "${TIME[@]}" $FLEET policy bench --path "$ckpt" --batch 1 --threads "$THREADS" --iterations "$REPEAT" \
      || echo "  (fleet policy bench failed; see its message above)"
  fi
done
