#!/usr/bin/env bash
# Runs every fuzzer for a bounded time on its seed corpus; exits non-zero on any finding.
# Usage: fuzz/run.sh BUILD_DIR SECONDS_PER_FUZZER
# Seeds: fuzz/make_seeds.sh, plus real APKs from tests/fixtures/make_apks.sh for the
# signing-block fuzzer. Corpora grow in BUILD_DIR/corpus; crashes land in BUILD_DIR/findings.
set -euo pipefail
build=${1:?usage: run.sh BUILD_DIR SECONDS}
seconds=${2:?usage: run.sh BUILD_DIR SECONDS}
here=$(cd "$(dirname "$0")" && pwd)
corpus="$build/corpus"
findings="$build/findings"
mkdir -p "$corpus/signing_block" "$corpus/res_table" "$findings"

if [ ! -f "$corpus/.seeded" ]; then
  bash "$here/make_seeds.sh" "$corpus"
  apks=$(mktemp -d)
  bash "$here/../tests/fixtures/make_apks.sh" "$apks" >/dev/null
  find "$apks" -name '*.apk' -size -2M -exec cp {} "$corpus/signing_block/" \;
  rm -rf "$apks"
  touch "$corpus/.seeded"
fi

status=0
for target in zip binary_xml info_plist signing_block res_table; do
  echo "fuzz: ${target}_fuzzer for ${seconds}s"
  if ! "$build/fuzz/${target}_fuzzer" -max_total_time="$seconds" -rss_limit_mb=2048 \
      -print_final_stats=1 -artifact_prefix="$findings/${target}-" "$corpus/$target" \
      >"$build/fuzz-${target}.log" 2>&1; then
    echo "fuzz: ${target}_fuzzer found a problem; see $build/fuzz-${target}.log and $findings"
    tail -30 "$build/fuzz-${target}.log"
    status=1
  else
    grep -E 'stat::(number_of_executed_units|average_exec_per_sec)' "$build/fuzz-${target}.log" || true
  fi
done
exit $status
