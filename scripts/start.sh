#!/usr/bin/env bash
# scripts/start.sh — `npm start`: installs what is missing, builds, serves the page.
# As root it installs the missing Debian packages; otherwise it prints the one
# apt-get line needed and stops. Then it installs node_modules when absent,
# builds the native CLI and the two wasm modules, and serves web/ with Vite.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ACTLAB_ROOT"

actlab_ensure_toolchain
actlab_ensure_node_modules
bash scripts/build.sh page

port="${PORT:-5173}"
actlab_log "serving the page at http://localhost:$port/ (Ctrl-C stops)"
exec npx vite --port "$port" --strictPort
