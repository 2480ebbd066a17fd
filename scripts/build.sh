#!/usr/bin/env bash
# scripts/build.sh — builds one part of the project.
#   native       build/native: the CLI actlab, the Catch2 suite, the native benchmark
#   native-asan  build/native-asan: the Catch2 suite under ASan + UBSan
#   wasm         build/wasm: actlab-{simd,scalar}.mjs/.wasm and their Catch2 suites (.js, run with node)
#   site         dist/site: the page, built by Vite from web/ (needs wasm first), and
#                dist/scorm/<lesson>.zip: a SCORM 1.2 package per lesson (scripts/build-scorm.mjs)
#   page         only what the page needs: the CLI and the two wasm modules (npm start)
#   lib          the npm package's files in dist/lib: the two wasm modules, the
#                bundled API and its .d.ts (scripts/build-lib.mjs; npm pack runs it)
# Several parts may be given: `scripts/build.sh native wasm`.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ACTLAB_ROOT"

build_native() {
  cmake -S . -B "$ACTLAB_NATIVE_DIR" -DCMAKE_BUILD_TYPE=Release -DACTLAB_SANITIZE=OFF >/dev/null
  cmake --build "$ACTLAB_NATIVE_DIR" -j "$ACTLAB_JOBS"
}

build_native_asan() {
  # Debug keeps the sanitizer reports readable; -O1 keeps the suite quick.
  cmake -S . -B "$ACTLAB_ASAN_DIR" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g" -DACTLAB_SANITIZE=ON >/dev/null
  cmake --build "$ACTLAB_ASAN_DIR" -j "$ACTLAB_JOBS" --target actlab_tests
}

build_wasm() {
  emcmake cmake -S . -B "$ACTLAB_WASM_DIR" -DCMAKE_BUILD_TYPE=Release >/dev/null
  cmake --build "$ACTLAB_WASM_DIR" -j "$ACTLAB_JOBS"
}

# Only the CLI and the wasm modules, without the test suites: what `npm start` needs.
build_page() {
  cmake -S . -B "$ACTLAB_NATIVE_DIR" -DCMAKE_BUILD_TYPE=Release -DACTLAB_SANITIZE=OFF >/dev/null
  cmake --build "$ACTLAB_NATIVE_DIR" -j "$ACTLAB_JOBS" --target actlab
  emcmake cmake -S . -B "$ACTLAB_WASM_DIR" -DCMAKE_BUILD_TYPE=Release >/dev/null
  cmake --build "$ACTLAB_WASM_DIR" -j "$ACTLAB_JOBS" --target actlab_module_simd actlab_module_scalar
}

# Progress goes to stderr: npm runs this as prepack, and `npm pack --json`
# prints its JSON on stdout.
build_lib() {
  {
    emcmake cmake -S . -B "$ACTLAB_WASM_DIR" -DCMAKE_BUILD_TYPE=Release >/dev/null
    cmake --build "$ACTLAB_WASM_DIR" -j "$ACTLAB_JOBS" --target actlab_module_simd actlab_module_scalar
    ACTLAB_WASM_DIR="$ACTLAB_WASM_DIR" node scripts/build-lib.mjs
  } >&2
}

build_site() {
  npx vite build --outDir "$ACTLAB_SITE_DIR" --emptyOutDir
  node scripts/build-scorm.mjs --out "$ACTLAB_SCORM_DIR"
}

[ $# -gt 0 ] || { echo "usage: scripts/build.sh native|native-asan|wasm|site|page|lib..." >&2; exit 2; }
for part in "$@"; do
  actlab_log "building $part"
  case "$part" in
    native) build_native ;;
    native-asan) build_native_asan ;;
    wasm) build_wasm ;;
    site) build_site ;;
    page) build_page ;;
    lib) build_lib ;;
    *) echo "unknown part: $part" >&2; exit 2 ;;
  esac
done
