#!/usr/bin/env bash
# Sets up (scripts/setup.sh) and runs the main job: `fleet demo`, a simulated fleet with a local policy pool.
# Extra arguments go to `fleet demo` (e.g. --duration 30).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec dotnet src/Fleet.Node/bin/Release/net10.0/fleet.dll demo "$@"
