# scripts/lib.sh — shared settings for the build and test scripts (sourced, not run).
# One place for the build directories, the toolchain packages and the job count,
# so start.sh, build.sh, test.sh and .ci/run agree.

ACTLAB_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# Debian's emscripten finds its node helpers here.
export NODE_PATH=/usr/share/nodejs

ACTLAB_NATIVE_DIR="$ACTLAB_ROOT/build/native"
ACTLAB_ASAN_DIR="$ACTLAB_ROOT/build/native-asan"
# An engineer can point the wasm build elsewhere (ACTLAB_WASM_DIR=build/me-wasm).
ACTLAB_WASM_DIR="${ACTLAB_WASM_DIR:-$ACTLAB_ROOT/build/wasm}"
ACTLAB_SITE_DIR="$ACTLAB_ROOT/dist/site"
ACTLAB_SCORM_DIR="$ACTLAB_ROOT/dist/scorm"
# The machines this runs on have two cores, often shared.
ACTLAB_JOBS="${ACTLAB_JOBS:-2}"

# Debian packages the project needs beyond Node itself. g++ and make are on most
# machines already; they are listed so a minimal image works too.
ACTLAB_DEBIAN_PACKAGES=(emscripten catch2 nlohmann-json3-dev chromium cmake binaryen g++ make)

actlab_log() { printf '\033[1m[actlab]\033[0m %s\n' "$*" >&2; }

# Prints the Debian packages from ACTLAB_DEBIAN_PACKAGES that are not installed.
actlab_missing_packages() {
  local pkg
  for pkg in "${ACTLAB_DEBIAN_PACKAGES[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed'; then
      printf '%s\n' "$pkg"
    fi
  done
}

# Installs the missing Debian packages when root; otherwise prints the one
# command that would and returns 1.
actlab_ensure_toolchain() {
  if ! command -v dpkg-query >/dev/null 2>&1; then
    actlab_log "not a Debian/Ubuntu system: install emscripten 3.1, Catch2 v2, nlohmann-json, cmake, binaryen and chromium yourself"
    return 0
  fi
  local missing
  missing=$(actlab_missing_packages | tr '\n' ' ')
  missing="${missing% }"
  [ -z "$missing" ] && return 0
  if [ "$(id -u)" -ne 0 ]; then
    actlab_log "missing Debian packages: $missing"
    echo "sudo apt-get install -y $missing"
    return 1
  fi
  actlab_log "installing Debian packages: $missing"
  export DEBIAN_FRONTEND=noninteractive
  # The package lists of a fresh image are empty; refresh them only when the
  # install cannot find what it needs.
  # shellcheck disable=SC2086
  if ! apt-get install -y --no-install-recommends $missing; then
    apt-get update
    apt-get install -y --no-install-recommends $missing || return 1
  fi
}

# Installs node_modules when it is missing (npm ci when the lock file is there).
actlab_ensure_node_modules() {
  if [ ! -d "$ACTLAB_ROOT/node_modules" ]; then
    actlab_log "installing npm devDependencies"
    if [ -f "$ACTLAB_ROOT/package-lock.json" ]; then
      (cd "$ACTLAB_ROOT" && npm ci --no-audit --no-fund)
    else
      (cd "$ACTLAB_ROOT" && npm install --no-audit --no-fund)
    fi
  fi
}
