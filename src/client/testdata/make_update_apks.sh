#!/usr/bin/env bash
# make_update_apks.sh OUTDIR KEYSDIR — the packages the client tests need beside the shared
# fixtures (tests/fixtures/make_apks.sh): later versions of the fixture v2_rsa.apk
# (org.appvault.v2rsa, version 3, minSdk 24, arm64-v8a, signed by the key "rsa"):
#   v2rsa_v4_rsa.apk    version 4, signed by the same key: an update
#   v2rsa_v4_rsa2.apk   version 4, signed by the key "rsa2": another signer
# KEYSDIR is the fixtures' keys/ folder (PKCS#12 keystores, password "appvault"). Exits
# nonzero when any step (signing included) fails.
set -euo pipefail
[[ $# -eq 2 ]] || { echo "usage: $0 OUTDIR KEYSDIR" >&2; exit 2; }
OUT=$(mkdir -p "$1" && cd "$1" && pwd)
KEYS=$2
# shellcheck source=../../../tests/support/apk_lib.sh
source "$(dirname "$0")/../../../tests/support/apk_lib.sh"
WORK="$OUT/.work"
rm -rf "$WORK"
mkdir -p "$WORK/assets" "$WORK/native/lib/arm64-v8a"
echo "version 4" >"$WORK/assets/about.txt"
printf '\177ELF dummy library for arm64-v8a\n' >"$WORK/native/lib/arm64-v8a/libappvault.so"
make_apk "$WORK/aligned.apk" org.appvault.v2rsa 4 --min 24 --label v2rsa \
  --assets "$WORK/assets" --add "$WORK/native"
for key in rsa rsa2; do
  run_bg sign "$key" "$WORK/aligned.apk" "$OUT/v2rsa_v4_$key.apk" default
done
wait_all
rm -rf "$WORK"
