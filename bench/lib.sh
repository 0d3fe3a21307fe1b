# Shared helpers of the benchmark scripts (sourced, not run).

# now_ns: monotonic-enough wall clock in nanoseconds.
now_ns() { date +%s%N; }

# median_ms CMD...: runs CMD $REPEAT times (default 5), prints the median wall time in ms.
median_ms() {
  local times=() i start end
  for ((i = 0; i < ${REPEAT:-5}; i++)); do
    start=$(now_ns)
    "$@" >/dev/null 2>&1 || true
    end=$(now_ns)
    times+=($(((end - start) / 1000)))
  done
  printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {printf "%.1f\n", a[int((NR+1)/2)]/1000}'
}

# peak_rss_kb CMD...: the command's peak resident set size in KiB.
peak_rss_kb() {
  /usr/bin/time -f '%M' "$@" 2>&1 >/dev/null | tail -1
}

# ratio A B: A/B with two decimals.
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f\n", a / b}'; }

# make_signed_apk OUT ASSET_MB ASSET_PIECES KEYSTORE MIN_SDK [APP]: a real v1+v2+v3-signed APK
# of package APP (default org.appvault.bench) whose assets are ASSET_PIECES stored files of
# random bytes, ASSET_MB in all.
make_signed_apk() {
  local out=$1 mb=$2 pieces=$3 ks=$4 min_sdk=$5 app=${6:-org.appvault.bench}
  local dir
  dir=$(mktemp -d)
  local framework
  framework=$(dpkg -L android-framework-res | grep '/framework-res.apk$' | head -1)
  cat >"$dir/AndroidManifest.xml" <<XML
<?xml version="1.0" encoding="utf-8"?>
<manifest xmlns:android="http://schemas.android.com/apk/res/android"
    package="$app" android:versionCode="1" android:versionName="1.0">
  <uses-sdk android:minSdkVersion="$min_sdk" android:targetSdkVersion="30"/>
  <application android:label="bench" android:hasCode="false"/>
</manifest>
XML
  aapt package -f -M "$dir/AndroidManifest.xml" -I "$framework" -F "$dir/base.apk" >/dev/null
  mkdir -p "$dir/assets"
  local i
  for ((i = 0; i < pieces; i++)); do
    head -c $((mb * 1024 * 1024 / pieces)) /dev/urandom >"$dir/assets/part$i.bin"
  done
  (cd "$dir" && zip -q -0 -r base.apk assets)
  zipalign -p -f 4 "$dir/base.apk" "$dir/aligned.apk"
  apksigner sign --ks "$ks" --ks-pass pass:appvault --ks-key-alias key \
    --v4-signing-enabled false --out "$out" "$dir/aligned.apk"
  rm -rf "$dir"
}

# make_keystore OUT: an RSA 2048 PKCS#12 keystore, alias "key", password "appvault".
make_keystore() {
  keytool -genkeypair -keystore "$1" -storetype PKCS12 -storepass appvault -keypass appvault \
    -alias key -keyalg RSA -keysize 2048 -validity 10000 -dname "CN=Bench, O=appvault" \
    >/dev/null 2>&1
}
