#!/usr/bin/env bash
# `make bench`: every benchmark, in one run. Usage: bench/run_all.sh BUILD_DIR
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=${1:?usage: run_all.sh BUILD_DIR}
bash "$here/inspect_bench.sh" "$build" "${BENCH_BIG_MB:-100}" "${BENCH_HUGE_MB:-2048}"
bash "$here/server_bench.sh" "$build"
bash "$here/restore_bench.sh" "$build" "${BENCH_RESTORE_APPS:-100}" "${BENCH_RESTORE_MB:-5}"
"$build/bench/snapshot_store_bench" "${BENCH_SNAPSHOTS:-1000}" "${BENCH_SNAPSHOT_APPS:-200}"
bash "$here/blob_redirect_bench.sh" "$build" "${BENCH_REDIRECT_BLOBS:-40}" "${BENCH_REDIRECT_MB:-4}"
