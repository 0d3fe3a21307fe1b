#!/usr/bin/env bash
# api_make_packages.sh OUTDIR — the packages the API tests publish, built with Debian's aapt,
# zipalign and apksigner (keys made with keytool), plus an iOS package zipped by hand:
#   notes_v1.apk      org.example.notes 1, minSdk 21, carries assets/appvault/config/, key a
#   notes_v2.apk      org.example.notes 2, minSdk 21, key a
#   notes_v3.apk      org.example.notes 3, minSdk 30 (does not fit an API 28 device), key a
#   notes_v4_b.apk    org.example.notes 4, minSdk 21, key b (another signer)
#   notes_v5_rot.apk  org.example.notes 5, minSdk 21, key a rotated to key c: v1/v2 by a, v3 by
#                     c with a proof-of-rotation a → c (apksigner rotate + --lineage)
#   memo.apk jot.apk  org.example.memo 1 / org.example.jot 1, minSdk 21, key b
#   legacy.apk        org.example.legacy 1, minSdk 16, maxSdk 19 (fits no modern device)
#   infected.apk      org.example.infected 1, minSdk 21, key a, with the EICAR test file
#   clean.apk         org.example.infected 1 without it
#   notes_ios.ipa     bundle org.example.notes.ios 2.0, MinimumOSVersion 15.0 (unsigned)
#   eicar.ndb         a ClamAV signature for the EICAR test string
# The EICAR string is made here from a shifted copy, so the repository never holds it.
set -euo pipefail

if [[ $# -ne 1 ]]; then
  echo "usage: $0 OUTDIR" >&2
  exit 2
fi
OUT=$(mkdir -p "$1" && cd "$1" && pwd)
WORK="$OUT/.work"
KEYS="$WORK"  # apk_lib.sh's keys: a.p12 b.p12 c.p12
rm -rf "$WORK" "$OUT"/*.apk "$OUT"/*.ipa
mkdir -p "$WORK"
# shellcheck source=../support/apk_lib.sh
source "$(dirname "$0")/../support/apk_lib.sh"

run_bg make_key a -keyalg RSA -keysize 2048 -dname "CN=Publisher A, O=appvault"
run_bg make_key b -keyalg RSA -keysize 2048 -dname "CN=Publisher B, O=elsewhere"
run_bg make_key c -keyalg RSA -keysize 2048 -dname "CN=Publisher A rotated, O=appvault"

python3 - "$WORK/eicar.com" "$OUT/eicar.ndb" <<'PY'
import sys
shifted = r'Y6P"Q&ABQ\5]Q[Y65)Q_*8DD*8~%FJDBS.TUBOEBSE.BOUJWJSVT.UFTU.GJMF"%I,I+'
eicar = "".join(chr(ord(c) - 1) for c in shifted)
open(sys.argv[1], "w").write(eicar)
open(sys.argv[2], "w").write("Appvault.Test.EICAR:0:*:" + eicar.encode().hex() + "\n")
PY

# unsigned NAME APP CODE MIN MAX(-) CONFIG(yes|no) EICAR(yes|no) — $WORK/NAME.unsigned.apk
unsigned() {
  local name=$1 app=$2 code=$3 min=$4 max=$5 config=$6 eicar=$7
  local dir="$WORK/$name"
  mkdir -p "$dir/assets"
  echo "$name" >"$dir/assets/about.txt"
  if [[ $config == yes ]]; then
    mkdir -p "$dir/assets/appvault/config"
    echo "{\"app\":\"$app\",\"font\":\"default\"}" >"$dir/assets/appvault/config/settings.json"
  fi
  [[ $eicar == no ]] || cp "$WORK/eicar.com" "$dir/assets/eicar.com"
  make_apk "$WORK/$name.unsigned.apk" "$app" "$code" --name "$code.0" --min "$min" --max "$max" \
    --label "$name" --assets "$dir/assets"
}

unsigned notes_v1 org.example.notes 1 21 - yes no
unsigned notes_v2 org.example.notes 2 21 - no no
unsigned notes_v3 org.example.notes 3 30 - no no
unsigned notes_v4_b org.example.notes 4 21 - no no
unsigned notes_v5_rot org.example.notes 5 21 - no no
unsigned memo org.example.memo 1 21 - no no
unsigned jot org.example.jot 1 21 - no no
unsigned legacy org.example.legacy 1 16 19 no no
unsigned infected org.example.infected 1 21 - no yes
unsigned clean org.example.infected 1 21 - no no
wait_all  # the keys

# OUT/NAME.apk, with the schemes apksigner picks for the package.
for spec in notes_v1:a notes_v2:a notes_v3:a notes_v4_b:b memo:b jot:b legacy:a infected:a \
  clean:a; do
  name=${spec%%:*}
  run_bg sign "${spec##*:}" "$WORK/$name.unsigned.apk" "$OUT/$name.apk" default
done
# notes_v5_rot: key a rotated to key c, with the proof of rotation in the v3 signature.
run_bg sign_rotated a c "$WORK/notes_v5_rot.unsigned.apk" "$OUT/notes_v5_rot.apk" v1,v2,v3
wait_all

IPA="$WORK/ipa/Payload/Notes.app"
mkdir -p "$IPA/appvault/config"
cat >"$IPA/Info.plist" <<'PLIST'
<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<plist version="1.0">
<dict>
  <key>CFBundleIdentifier</key><string>org.example.notes.ios</string>
  <key>CFBundleShortVersionString</key><string>2.0</string>
  <key>CFBundleVersion</key><string>2.0</string>
  <key>MinimumOSVersion</key><string>15.0</string>
  <key>CFBundleExecutable</key><string>Notes</string>
</dict>
</plist>
PLIST
echo '{"font":"default"}' >"$IPA/appvault/config/settings.json"
(cd "$WORK/ipa" && zip -q -r -X "$OUT/notes_ios.ipa" Payload)
rm -rf "$WORK"
