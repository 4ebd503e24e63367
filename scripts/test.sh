#!/usr/bin/env bash
# Sets up (scripts/setup.sh) and runs the whole test suite in Release, then prints one summary line.
# Extra arguments go to `dotnet test` (e.g. --filter "FullyQualifiedName~Hocon").
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh

log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0
dotnet test Fleet.sln -c Release --no-build -nologo "$@" 2>&1 | tee "$log" || status=$?

# One line CI can read: add up the per-assembly "Passed!/Failed! - Failed: F, Passed: P, Skipped: S" lines.
awk -F'[:,]' '/(Passed|Failed)! +- +Failed:/ {f+=$2; p+=$4; s+=$6}
  END {printf "tests: %d passed, %d failed, %d skipped\n", p, f, s}' "$log"
exit $status
