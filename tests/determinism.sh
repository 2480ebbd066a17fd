#!/usr/bin/env bash
# tests/determinism.sh — issue #3's determinism check: the same configs, run by
# the native Catch2 suite and by both wasm suites (SIMD and scalar) under Node,
# must print byte-identical metric streams.
#
# The configs and the printing are the hidden Catch2 case "[.dump]"
# (tests/cpp/test_determinism.cpp); its lines start with "DUMP ". Nothing is
# compared against stored values: the three builds are compared with each
# other.
#
# Usage: tests/determinism.sh [NATIVE_BUILD_DIR [WASM_BUILD_DIR]]
#   defaults: build/native and build/wasm (what scripts/build.sh makes).
# Exit status: 0 when identical, 1 when they differ or a run failed.
set -uo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
native_dir="${1:-$root/build/native}"
wasm_dir="${2:-$root/build/wasm}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# dump NAME COMMAND...: runs the dump case, keeps the DUMP lines in $work/NAME.
dump() {
  local name="$1"
  shift
  if ! "$@" "[.dump]" --use-colour no >"$work/$name.out" 2>"$work/$name.err"; then
    echo "determinism: the $name run failed:" >&2
    tail -n 20 "$work/$name.out" "$work/$name.err" >&2
    return 1
  fi
  grep -o 'DUMP .*' "$work/$name.out" >"$work/$name"
  if [ ! -s "$work/$name" ]; then
    echo "determinism: the $name run printed no DUMP lines" >&2
    return 1
  fi
}

status=0
dump native "$native_dir/actlab_tests" || status=1
dump wasm-simd node "$wasm_dir/actlab_tests_simd.js" || status=1
dump wasm-scalar node "$wasm_dir/actlab_tests_scalar.js" || status=1
[ "$status" -eq 0 ] || exit 1

for other in wasm-simd wasm-scalar; do
  if cmp -s "$work/native" "$work/$other"; then
    echo "determinism: native and $other are identical ($(wc -l <"$work/native") lines)"
  else
    echo "determinism: native and $other DIFFER; first differing lines:" >&2
    diff "$work/native" "$work/$other" | head -n 6 | cut -c1-400 >&2
    status=1
  fi
done
exit "$status"
