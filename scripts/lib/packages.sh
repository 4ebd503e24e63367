# Helpers for the idempotent set-up scripts: install Debian packages only when missing, run `apt-get update`
# at most once per set-up. Sourced, not executed.

_fleet_apt_updated=""

# need_debian PKG... : installs the packages that are not installed yet.
need_debian() {
  local missing=()
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  ((${#missing[@]})) || return 0
  if [[ $(id -u) -ne 0 ]]; then
    echo "set-up: these Debian packages are missing: ${missing[*]}; run this script as root or install them with apt-get." >&2
    return 1
  fi
  if [[ -z $_fleet_apt_updated ]]; then
    echo "set-up: apt-get update" >&2
    DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 update -qq
    _fleet_apt_updated=1
  fi
  echo "set-up: apt-get install ${missing[*]}" >&2
  DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# need_npm DIR : installs the locked npm packages of DIR (package.json + package-lock.json) when node_modules is stale.
need_npm() {
  local dir=$1
  command -v npm >/dev/null || need_debian npm
  if [[ ! -d $dir/node_modules || $dir/package-lock.json -nt $dir/node_modules ]]; then
    echo "set-up: npm ci in $dir" >&2
    (cd "$dir" && npm ci --no-audit --no-fund --ignore-scripts --loglevel=error)
    touch "$dir/node_modules"
  fi
}
