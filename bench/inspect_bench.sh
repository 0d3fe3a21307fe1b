#!/usr/bin/env bash
# Benchmark of the package gatekeeper (`appvaultd inspect`), against Android's own tools
# run in the same script on the same files, so the figures are ratios, not absolutes.
#   1. a 100 MB APK (v1+v2+v3): inspect throughput, and the ratio to `apksigner verify`
#   2. many small APKs: per-package time vs `apksigner verify` + `aapt dump badging`
#   3. a 2 GB APK: peak RSS of inspect (streamed, never whole in memory)
# Usage: bench/inspect_bench.sh BUILD_DIR [BIG_MB] [HUGE_MB]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
source "$here/lib.sh"
build=${1:?usage: inspect_bench.sh BUILD_DIR [BIG_MB] [HUGE_MB]}
appvaultd="$build/src/cli/appvaultd"
big_mb=${2:-100}
huge_mb=${3:-2048}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

make_keystore "$work/key.p12"
echo "# inspect benchmark ($(nproc) cores, $(date -u +%Y-%m-%d))"

# 1. Throughput on one big APK, twice: minSdk 24 (v2/v3 verified; devices and apksigner
#    ignore v1 then) and minSdk 21 (v1 verified too: every entry is read a second time).
#    The first inspect of each warms the page cache.
for min_sdk in 24 21; do
  make_signed_apk "$work/big.apk" "$big_mb" 4 "$work/key.p12" "$min_sdk"
  size=$(stat -c %s "$work/big.apk")
  "$appvaultd" inspect "$work/big.apk" >/dev/null
  inspect_ms=$(REPEAT=7 median_ms "$appvaultd" inspect "$work/big.apk")
  # The same in one process: the read pass alone, without appvaultd's start and exit.
  in_process_ms=$("$build/bench/inspect_many" 5 "$work/big.apk" | awk '{print $1}')
  apksigner_ms=$(REPEAT=3 median_ms apksigner verify "$work/big.apk")
  echo "big APK, minSdk $min_sdk: $((size / 1000000)) MB"
  echo "  appvaultd inspect: ${inspect_ms} ms = $(awk -v b="$size" -v t="$inspect_ms" 'BEGIN {printf "%.2f", b / t / 1e6}') GB/s"
  echo "  InspectPackage in one process: ${in_process_ms} ms = $(awk -v b="$size" -v t="$in_process_ms" 'BEGIN {printf "%.2f", b / t / 1e6}') GB/s"
  echo "  apksigner verify:  ${apksigner_ms} ms"
  echo "  speed-up vs apksigner: $(ratio "$apksigner_ms" "$inspect_ms")x"
done
rm -f "$work/big.apk"

# 2. Small packages: the fixture set (27 real APKs), inspected round-robin 200 times;
#    apksigner + aapt on each fixture once (a JVM start each: slow).
bash "$here/../tests/fixtures/make_apks.sh" "$work/small" >/dev/null
mapfile -t small < <(ls "$work"/small/*.apk)
start=$(now_ns)
for ((i = 0; i < 200; i++)); do
  "$appvaultd" inspect "${small[i % ${#small[@]}]}" >/dev/null 2>&1 || true
done
per_inspect_ms=$(awk -v ns=$(($(now_ns) - start)) 'BEGIN {printf "%.2f", ns / 200 / 1e6}')
in_process_ms=$("$build/bench/inspect_many" 200 "${small[@]}" | awk '{print $1}')
start=$(now_ns)
for apk in "${small[@]:0:10}"; do
  apksigner verify "$apk" >/dev/null 2>&1 || true
  aapt dump badging "$apk" >/dev/null 2>&1 || true
done
per_tools_ms=$(awk -v ns=$(($(now_ns) - start)) 'BEGIN {printf "%.2f", ns / 10 / 1e6}')
echo "small APKs (${#small[@]} distinct, 200 inspections):"
echo "  appvaultd inspect (a process each): ${per_inspect_ms} ms per package"
echo "  InspectPackage in one process (the publish path): ${in_process_ms} ms per package"
echo "  apksigner verify + aapt dump badging: ${per_tools_ms} ms per package"
echo "  speed-up, process each: $(ratio "$per_tools_ms" "$per_inspect_ms")x"
echo "  speed-up, in process:   $(ratio "$per_tools_ms" "$in_process_ms")x"

# 3. Peak memory on a huge APK.
if [ "$huge_mb" -gt 0 ]; then
  make_signed_apk "$work/huge.apk" "$huge_mb" 8 "$work/key.p12" 24
  huge_size=$(stat -c %s "$work/huge.apk")
  rss_kb=$(peak_rss_kb "$appvaultd" inspect "$work/huge.apk")
  huge_ms=$(REPEAT=1 median_ms "$appvaultd" inspect "$work/huge.apk")
  echo "huge APK: $((huge_size / 1000000)) MB"
  echo "  appvaultd inspect peak RSS: $((rss_kb / 1024)) MB, ${huge_ms} ms"
fi
