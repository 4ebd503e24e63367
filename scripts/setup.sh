#!/usr/bin/env bash
# Sets up everything Fleet's tests and demo need on a fresh Debian 12 machine that has the .NET SDK:
# Debian and npm packages (each area's scripts/setup-<area>.sh), then a Release build. Idempotent.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/packages.sh

for area in scripts/setup-*.sh; do
  [[ -e $area ]] || continue
  bash "$area"
done

dotnet build Fleet.sln -c Release -nologo -clp:ErrorsOnly -v:q
