#!/usr/bin/env bash
# Runs Fleet's ACT and GEMM against the baselines side by side, same machine, same threads, same weights and inputs:
#   ONNX Runtime 1.30 CPU (npm onnxruntime-node, model exported from tests/reference with torch.onnx.export),
#   PyTorch 1.13 + OpenBLAS (tests/reference/act_reference.py bench), numpy/OpenBLAS sgemm (tests/reference/gemm_numpy.py).
# Usage: scripts/bench-policy.sh [THREADS=2] [REPEAT=5] [--bdn]   (figures go to stdout; copy them into bench/RESULTS.md)
set -euo pipefail
cd "$(dirname "$0")/.."
THREADS="${1:-2}"; REPEAT="${2:-5}"; BDN="${3:-}"
WORK="${FLEET_BENCH_DIR:-/tmp/fleet-policy-bench}"
PY=/usr/bin/python3
scripts/setup-policy.sh --bench
mkdir -p "$WORK"
export OMP_NUM_THREADS="$THREADS" OPENBLAS_NUM_THREADS="$THREADS"

dotnet build -c Release src/Fleet.Node -v q -nologo >/dev/null
FLEET=src/Fleet.Node/bin/Release/net10.0/fleet

for cams in 1 2; do
  case="$WORK/act${cams}"
  [[ -f "$case/checkpoint/model.safetensors" ]] || $PY tests/reference/act_reference.py make-case --out "$case" --size full \
      --height 480 --width 640 --cameras "$cams" --batch 1 --seed 3
  for batch in 1 8; do
    [[ -f "$case/act_b${batch}.onnx" ]] || $PY tests/reference/act_reference.py export-onnx --path "$case/checkpoint" --batch "$batch" --out "$case/act_b${batch}.onnx" 2>"$WORK/export.log"
    echo "== ACT ${cams} camera(s) 480x640, batch ${batch}, ${THREADS} threads"
    echo -n "onnxruntime: "; node bench/tools/policy/ort_bench.js "$case/act_b${batch}.onnx" "$batch" 6 "$cams" 480 640 "$THREADS" "$REPEAT"
    # PyTorch is the slow baseline: batch 8 gets fewer repeats so the whole run stays within minutes.
    echo -n "pytorch:     "; $PY tests/reference/act_reference.py bench --path "$case/checkpoint" --batch "$batch" --threads "$THREADS" --repeat $((batch > 1 ? 2 : REPEAT))
    echo    "fleet:"; $FLEET policy bench --path "$case/checkpoint" --batch "$batch" --threads "$THREADS" --iterations "$REPEAT"
  done
done

for cams in 1 2; do
  echo "== Fleet batch curve, ${cams} camera(s): CPU ms per prediction / batch = per observation"
  $FLEET policy bench --path "$WORK/act${cams}/checkpoint" --batch 1,2,4,8 --threads "$THREADS" --iterations "$REPEAT"
done

echo "== sgemm GFLOP/s, numpy/OpenBLAS, ${THREADS} threads"
$PY tests/reference/gemm_numpy.py "$THREADS"
if [[ "$BDN" == "--bdn" ]]; then
  echo "== sgemm, Fleet (BenchmarkDotNet)"
  FLEET_ACT_1CAM="$WORK/act1/checkpoint" FLEET_ACT_2CAM="$WORK/act2/checkpoint" \
    dotnet run -c Release --project bench/Fleet.Benchmarks -- --filter '*Policy.GemmBenchmarks*' '*Policy.ActBenchmarks*' \
      --warmupCount 1 --iterationCount 3 --invocationCount 1 --unrollFactor 1
fi
