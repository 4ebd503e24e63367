#!/usr/bin/env bash
# Fleet ACT before/after, interleaved round by round on the same machine (so both see the same load):
#   scripts/bench-act-ab.sh BASE_REF [THREADS=2] [ROUNDS=3] [ITERATIONS=5] [CAMERAS="1 2"] [BATCH=1]
# BASE_REF (a commit, e.g. main) is built from `git archive` under /tmp/fleet-act-ab/<sha>; the working tree is "after".
# Checkpoints come from scripts/bench-policy.sh's cache (/tmp/fleet-policy-bench/act{1,2}); run that once first.
# Prints `fleet policy bench` lines (median, min, CPU ms per prediction) labelled before/after for every round.
set -euo pipefail
cd "$(dirname "$0")/.."
BASE="${1:?usage: scripts/bench-act-ab.sh BASE_REF [THREADS] [ROUNDS] [ITERATIONS] [CAMERAS] [BATCH]}"
THREADS="${2:-2}"; ROUNDS="${3:-3}"; ITER="${4:-5}"; CAMS="${5:-1 2}"; BATCH="${6:-1}"
WORK="${FLEET_BENCH_DIR:-/tmp/fleet-policy-bench}"
SHA=$(git rev-parse --short "$BASE")
BASEDIR="/tmp/fleet-act-ab/$SHA"
if [[ ! -x "$BASEDIR/src/Fleet.Node/bin/Release/net10.0/fleet" ]]; then
  rm -rf "$BASEDIR"; mkdir -p "$BASEDIR"
  git archive "$SHA" | tar -x -C "$BASEDIR"
  ln -sfn "$(realpath ../shared)" "$BASEDIR/../shared" 2>/dev/null || true
  dotnet build -c Release "$BASEDIR/src/Fleet.Node" -v q -nologo >/dev/null
fi
dotnet build -c Release src/Fleet.Node -v q -nologo >/dev/null
BEFORE="$BASEDIR/src/Fleet.Node/bin/Release/net10.0/fleet"
AFTER=src/Fleet.Node/bin/Release/net10.0/fleet
for cams in $CAMS; do
  ckpt="$WORK/act${cams}/checkpoint"
  [[ -f "$ckpt/model.safetensors" ]] || { echo "missing $ckpt: run scripts/bench-policy.sh first" >&2; exit 1; }
  for round in $(seq 1 "$ROUNDS"); do
    for which in before after; do
      bin=$BEFORE; [[ $which == after ]] && bin=$AFTER
      line=$("$bin" policy bench --path "$ckpt" --batch "$BATCH" --threads "$THREADS" --iterations "$ITER" | tail -n 1)
      echo "cams=$cams threads=$THREADS round=$round $which ($( [[ $which == before ]] && echo "$SHA" || echo worktree )): $line   [load $(cut -d' ' -f1 /proc/loadavg)]"
    done
  done
done
