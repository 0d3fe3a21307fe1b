#!/usr/bin/env bash
# apk_lib_test.sh — apk_lib.sh builds the package it is asked for and fails loudly: a signed
# APK with the manifest, files and signature requested; an unknown option, a failed signing
# and a failed background job are errors; make_update_apks.sh exits nonzero without keys.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=apk_lib.sh
source "$HERE/apk_lib.sh"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
KEYS="$WORK/keys"
mkdir -p "$KEYS" "$WORK/assets" "$WORK/add/lib/x86_64"
failures=0
check() {  # check DESCRIPTION CMD... — CMD must succeed
  if "${@:2}"; then echo "ok: $1"; else echo "FAIL: $1" >&2; failures=$((failures + 1)); fi
}
fails() {  # fails DESCRIPTION CMD... — CMD must fail
  if "${@:2}" >/dev/null 2>&1; then
    echo "FAIL: $1" >&2
    failures=$((failures + 1))
  else
    echo "ok: $1"
  fi
}

make_key k -keyalg EC -groupname secp256r1 -dname "CN=apk_lib test"
check "make_key writes the keystore and its certificate" test -s "$KEYS/k.p12" -a -s "$KEYS/k.cert.der"
echo hello >"$WORK/assets/a.txt"
printf 'lib' >"$WORK/add/lib/x86_64/libx.so"
make_apk "$WORK/app.apk" org.example.lib 7 --name 7.1 --min 24 --target 30 --max 33 \
  --label Lib --assets "$WORK/assets" --add "$WORK/add" --key k --schemes v2
badging=$(aapt dump badging "$WORK/app.apk")
check "package, version code and name" grep -q "name='org.example.lib' versionCode='7' versionName='7.1'" <<<"$badging"
check "minSdk" grep -q "sdkVersion:'24'" <<<"$badging"
check "maxSdk" grep -q "maxSdkVersion:'33'" <<<"$badging"
manifest=$(aapt dump xmltree "$WORK/app.apk" AndroidManifest.xml)
check "label" grep -q 'android:label(0x01010001)="Lib"' <<<"$manifest"
files=$(unzip -Z1 "$WORK/app.apk")
check "assets and added files" grep -qx "assets/a.txt" <<<"$files"
check "added files by their path" grep -qx "lib/x86_64/libx.so" <<<"$files"
verdict=$(apksigner verify -v "$WORK/app.apk")
check "signed with v2" grep -q "v2 scheme (APK Signature Scheme v2): true" <<<"$verdict"
check "and only v2" grep -q "v3 scheme (APK Signature Scheme v3): false" <<<"$verdict"
check "aligned" zipalign -c -p 4 "$WORK/app.apk"

fails "an unknown option" make_apk "$WORK/x.apk" org.example.x 1 --colour red
fails "a missing keystore" make_apk "$WORK/x.apk" org.example.x 1 --key missing
check "a failed build leaves no package" test ! -e "$WORK/x.apk"
run_bg true
run_bg false
fails "wait_all when a job failed" wait_all
mkdir -p "$WORK/nokeys"
fails "make_update_apks.sh without keys" \
  bash "$HERE/../../src/client/testdata/make_update_apks.sh" "$WORK/update" "$WORK/nokeys"
((failures == 0)) || { echo "$failures failures" >&2; exit 1; }
