#!/usr/bin/env bash
# scripts/test.sh — `npm test`: builds what the tests need, then runs every suite
#   1. the Catch2 suite, native
#   2. the same suite under AddressSanitizer + UndefinedBehaviorSanitizer
#   3. the same suite compiled by Emscripten, SIMD build, under node
#   4. the same suite compiled by Emscripten, scalar build, under node
#   5. Vitest (tests/js): the wasm modules from JS, against the native CLI
#   6. TypeScript: the page, the loader and the tests type-check (tsc)
#   7. the page, built into dist/site (and the SCORM packages into dist/scorm), loads in headless Chromium under its
#      strict CSP without console errors (scripts/screenshot.mjs)
#   8. the Train panel end to end in headless Chromium, against dist/site
#      (tests/e2e/train.test.mjs: training, live plots' data, frames/s,
#      dying ReLU, divergence, keyboard walk; screenshots in test-results/)
#   9. the page shell, Explore, Compare, URL state, export and languages end
#      to end in headless Chromium: dist/site served from a sub-path by a
#      static server sending the strict CSP header (tests/e2e/page.test.mjs)
#  10. lessons and embeds end to end in headless Chromium (tests/e2e/embed.test.mjs:
#      a course page under the strict CSP from /course/ with two <activation-lab>
#      elements and an iframe; all seven lessons reproduce their claims; two
#      elements in different languages)
#  11. the routes end to end in headless Chromium (tests/e2e/routes.test.mjs:
#      the front door's lesson cards on the first screen, a lesson opened and
#      Back / Forward without touching a running Train run, one wasm download
#      for the default Compare, the first curve's time from navigation,
#      printed; held to a limit only with ACTLAB_MAX_FIRST_CURVE_MS)
#  12. charts a student can read and the page on a phone, in headless Chromium
#      (tests/e2e/readable.test.mjs: no clipped or overlapping axis label,
#      dead units as "k of n", saturation per activation family, f″ gaps at
#      kinks, the shading legend, the z-range message, round slider steps,
#      Train's first screen at 390×844, tap targets ≥ 24 px, the table's
#      scroll cue, "tap" hints on touch screens)
#  13. the network view end to end in headless Chromium (tests/e2e/network.test.mjs:
#      dead units marked exactly as deadMask, keyboard selection read out,
#      the unit in the link, digits: the confusion matrix, misclassified
#      thumbnails and per-class bars, frames/s with the view on screen)
#  14. a typed activation end to end in headless Chromium (tests/e2e/formula.test.mjs:
#      Explore's formula box, slider, KaTeX and link, a refused formula kept
#      out with its column, overflow as gaps; a custom layer in Train; a
#      formula in Compare)
#  14b. the user's own data in headless Chromium (tests/e2e/data.test.mjs:
#      points drawn by clicks and erased by a drag train and travel in the
#      link; a CSV uploaded with setInputFiles, its class names, another label
#      column; refused CSVs keep the data and the run; digits on demand)
#  15. <activation-lab> from another origin in headless Chromium
#      (tests/e2e/cross-origin.test.mjs: a course page on one port loads the
#      element from another under script-src/connect-src <lab>, worker-src blob:;
#      a lesson runs in blob: workers; the first load's gzipped size and the
#      time to interactive, printed and checked; Run to live chart, printed)
#  16. the lessons' goals, questions and teacher notes in headless Chromium
#      (tests/e2e/teaching.test.mjs: answers checked against the run in the
#      element and on the lesson route, first answers scored, language switch)
#  17. the anywidget module in headless Chromium (tests/e2e/anywidget.test.mjs:
#      a harness host with get/set/on/off/save_changes renders anywidget.js from
#      another origin, receives result, re-renders on trait changes, cleanup ends
#      the workers)
#  18. the SCORM 1.2 packages (tests/e2e/scorm.test.mjs: every zip and manifest
#      checked; every package on a fake LMS: LMSInitialize, incomplete,
#      completed with the score, LMSCommit and LMSFinish; opener; no LMS)
#  19. the static-site snippets of docs/embedding.md (tests/e2e/static-sites.test.mjs:
#      MkDocs, Quarto, Hugo, Jupyter Book pages built from the snippets' HTML,
#      loading the lab from another origin; the Docusaurus component's URL)
# Every suite runs even when an earlier one failed; a suite whose build failed
# counts as failed. The last line is "N passed, M failed" over the suites, and
# the exit status is non-zero when any failed.
set -uo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ACTLAB_ROOT"

actlab_ensure_toolchain || exit 1
actlab_ensure_node_modules || exit 1

declare -A build_ok=()
build_times=()
for part in native native-asan wasm site; do
  started=$SECONDS
  if bash scripts/build.sh "$part"; then build_ok[$part]=1; else build_ok[$part]=0; fi
  build_times+=("$part $((SECONDS - started))s")
done

passed=0
failed=0
summary=()

# run_suite NAME BUILD_PART COMMAND...
run_suite() {
  local name="$1" part="$2"
  shift 2
  actlab_log "suite: $name"
  local status started=$SECONDS
  if [ -n "$part" ] && [ "${build_ok[$part]}" != 1 ]; then
    status="FAILED (build of $part failed)"
  elif "$@"; then
    status="passed"
  else
    status="FAILED (exit $?)"
  fi
  if [ "$status" = passed ]; then passed=$((passed + 1)); else failed=$((failed + 1)); fi
  summary+=("$(printf '  %-36s %-34s %4ss' "$name" "$status" "$((SECONDS - started))")")
}

export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0:halt_on_error=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"

run_suite "Catch2 native" native "$ACTLAB_NATIVE_DIR/actlab_tests"
run_suite "Catch2 native, ASan + UBSan" native-asan "$ACTLAB_ASAN_DIR/actlab_tests"
run_suite "Catch2 wasm SIMD (node)" wasm node "$ACTLAB_WASM_DIR/actlab_tests_simd.js"
run_suite "Catch2 wasm scalar (node)" wasm node "$ACTLAB_WASM_DIR/actlab_tests_scalar.js"
# Vitest needs both builds; it reports missing files itself.
run_suite "Vitest (tests/js)" "" npx vitest run
run_suite "TypeScript (tsc)" "" npx tsc -p .
run_suite "Page in headless Chromium" site node scripts/screenshot.mjs --built test-results/page.png
run_suite "Train panel e2e (Chromium)" site node --test tests/e2e/train.test.mjs
run_suite "Page e2e (Chromium, sub-path, CSP)" site node --test tests/e2e/page.test.mjs
run_suite "Lessons + embeds e2e (Chromium)" site node --test tests/e2e/embed.test.mjs
run_suite "Routes e2e (Chromium)" site node --test tests/e2e/routes.test.mjs
run_suite "Readable charts + phone e2e (Chromium)" site node --test tests/e2e/readable.test.mjs
run_suite "Network view e2e (Chromium)" site node --test tests/e2e/network.test.mjs
run_suite "Typed formula e2e (Chromium)" site node --test tests/e2e/formula.test.mjs
run_suite "Own data e2e (Chromium)" site node --test tests/e2e/data.test.mjs
run_suite "Cross-origin element e2e (Chromium)" site node --test tests/e2e/cross-origin.test.mjs
run_suite "Lesson questions e2e (Chromium)" site node --test tests/e2e/teaching.test.mjs
run_suite "anywidget e2e (Chromium)" site node --test tests/e2e/anywidget.test.mjs
run_suite "SCORM packages e2e (Chromium)" site node --test tests/e2e/scorm.test.mjs
run_suite "Static-site snippets e2e (Chromium)" site node --test tests/e2e/static-sites.test.mjs

echo
echo "Builds: $(IFS=,; echo "${build_times[*]}" | sed 's/,/, /g')"
echo "Test suites:"
printf '%s\n' "${summary[@]}"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
