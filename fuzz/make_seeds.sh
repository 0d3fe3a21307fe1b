#!/usr/bin/env bash
# Writes seed corpora for the fuzzers into DIR/{zip,binary_xml,info_plist,res_table}.
# Needs python3, aapt, zipalign and android-framework-res, plistutil. Usage: fuzz/make_seeds.sh DIR
set -euo pipefail
# shellcheck source=../tests/support/apk_lib.sh
source "$(dirname "$0")/../tests/support/apk_lib.sh"
out=${1:?usage: make_seeds.sh DIR}
mkdir -p "$out/zip" "$out/binary_xml" "$out/info_plist" "$out/res_table"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

python3 - "$out/zip" <<'PY'
import io, sys, zipfile
out = sys.argv[1]
def write(name, build):
    buf = io.BytesIO()
    build(buf)
    open(f"{out}/{name}.zip", "wb").write(buf.getvalue())
def plain(buf, method=zipfile.ZIP_DEFLATED, comment=b""):
    with zipfile.ZipFile(buf, "w", method) as z:
        z.writestr("a.txt", b"hello " * 50)
        z.writestr("lib/arm64-v8a/libx.so", bytes(range(256)))
        z.comment = comment
write("stored", lambda b: plain(b, zipfile.ZIP_STORED))
write("deflated", plain)
write("comment", lambda b: plain(b, comment=b"c" * 300))
def zip64(buf):
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        with z.open("big", "w", force_zip64=True) as f:
            f.write(b"x" * 1000)
write("zip64", zip64)
class Pipe(io.RawIOBase):
    def __init__(self, target): self.target = target
    def writable(self): return True
    def write(self, b): return self.target.write(b)
def descriptor(buf):
    with zipfile.ZipFile(Pipe(buf), "w", zipfile.ZIP_DEFLATED) as z:
        with z.open("dd", "w") as f:
            f.write(b"streamed" * 100)
write("descriptor", descriptor)
PY

mkdir -p "$work/res/values" "$work/res/values-fr-rFR" "$work/res/values-xxhdpi"
printf '<resources><string name="app_name">Seed</string><string name="alias">@string/app_name</string></resources>\n' \
  > "$work/res/values/strings.xml"
printf '<resources><string name="app_name">Graine</string></resources>\n' \
  > "$work/res/values-fr-rFR/strings.xml"
printf '<resources><string name="app_name">Seed HD</string></resources>\n' \
  > "$work/res/values-xxhdpi/strings.xml"
make_apk "$work/seed.apk" com.example.seed 42 --name 1.0 --target 30 --max 33 --label Seed \
  --attrs 'android:versionCodeMajor="1"' --body '<activity android:name=".Main"/>' --res "$work/res"
(cd "$work" && unzip -q -o seed.apk AndroidManifest.xml resources.arsc)
cp "$work/resources.arsc" "$out/res_table/strings"
cp "$work/AndroidManifest.xml" "$out/binary_xml/manifest"
cp "$work/seed.apk" "$out/zip/seed.apk"

cat > "$out/info_plist/info.xml" <<'XML'
<?xml version="1.0" encoding="UTF-8"?>
<plist version="1.0"><dict>
  <key>CFBundleIdentifier</key><string>com.example.seed</string>
  <key>CFBundleVersion</key><string>1.2.3</string>
  <key>CFBundleShortVersionString</key><string>1.2</string>
  <key>MinimumOSVersion</key><string>15.0</string>
  <key>CFBundleDisplayName</key><string>Seed</string>
</dict></plist>
XML
plistutil -f bin -i "$out/info_plist/info.xml" -o "$out/info_plist/info.bin"
