#!/usr/bin/env bash
# Sets up everything Fleet's tests and demo need on a fresh Debian 12 machine that has the .NET SDK, then builds
# in Release. Idempotent: installs only what is missing.
#
# Debian packages are installed in one step (one `apt-get update`); each area's scripts/setup-<area>.sh then finds
# them present and does its own remaining work (npm packages, stopping services the tests start themselves).
# The area scripts also work on their own, for someone working on one area.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/packages.sh

debian_packages=(
  ffmpeg                       # cameras (V4L2, video files), video encoding, ffprobe checks
  postgresql                   # the lab journal; tests start a throwaway cluster on loopback
  rabbitmq-server              # the cluster broker; tests start a throwaway node on loopback
  libturbojpeg0                # JPEG frames on the wire
  python3-torch python3-torchvision python3-numpy libopenblas0-pthread   # numerical references for the policies
  chromium chromium-driver     # the dashboard test (headless Chromium driven over WebDriver)
)
need_debian "${debian_packages[@]}"
# Node.js reads our Parquet back (DuckDB, hyparquet). A machine may already have a Node.js from elsewhere (whose
# package bundles npm and conflicts with Debian's npm), so install Debian's only when the commands are missing.
command -v node >/dev/null || need_debian nodejs
command -v npm >/dev/null || need_debian npm

for area in scripts/setup-*.sh; do
  bash "$area"
done

dotnet build Fleet.sln -c Release -nologo -clp:ErrorsOnly -v:q
