#!/usr/bin/env bash
# make_update_apks.sh OUTDIR KEYSDIR — the packages the client tests need beside the shared
# fixtures (tests/fixtures/make_apks.sh): later versions of the fixture v2_rsa.apk
# (org.appvault.v2rsa, version 3, minSdk 24, arm64-v8a, signed by the key "rsa"):
#   v2rsa_v4_rsa.apk    version 4, signed by the same key: an update
#   v2rsa_v4_rsa2.apk   version 4, signed by the key "rsa2": another signer
# KEYSDIR is the fixtures' keys/ folder (PKCS#12 keystores, password "appvault").
set -euo pipefail
[[ $# -eq 2 ]] || { echo "usage: $0 OUTDIR KEYSDIR" >&2; exit 2; }
OUT=$(mkdir -p "$1" && cd "$1" && pwd)
KEYS=$2
FRAMEWORK=${FRAMEWORK_RES:-$(dpkg -L android-framework-res | grep '/framework-res.apk$' | head -1)}
WORK="$OUT/.work"
rm -rf "$WORK"
mkdir -p "$WORK/assets" "$WORK/native/lib/arm64-v8a"
cat >"$WORK/AndroidManifest.xml" <<XML
<?xml version="1.0" encoding="utf-8"?>
<manifest xmlns:android="http://schemas.android.com/apk/res/android"
    package="org.appvault.v2rsa" android:versionCode="4" android:versionName="1.4">
  <uses-sdk android:minSdkVersion="24" android:targetSdkVersion="33"/>
  <application android:label="v2rsa" android:hasCode="false"/>
</manifest>
XML
echo "version 4" >"$WORK/assets/about.txt"
printf '\177ELF dummy library for arm64-v8a\n' >"$WORK/native/lib/arm64-v8a/libappvault.so"
aapt package -f -0 bin -M "$WORK/AndroidManifest.xml" -I "$FRAMEWORK" -A "$WORK/assets" \
  -F "$WORK/unaligned.apk" >/dev/null
(cd "$WORK/native" && zip -q -0 -r -X "$WORK/unaligned.apk" lib)
zipalign -p -f 4 "$WORK/unaligned.apk" "$WORK/aligned.apk"
for key in rsa rsa2; do
  apksigner sign --ks "$KEYS/$key.p12" --ks-pass pass:appvault --ks-key-alias key \
    --v4-signing-enabled false --out "$OUT/v2rsa_v4_$key.apk" "$WORK/aligned.apk" &
done
wait
rm -rf "$WORK"
