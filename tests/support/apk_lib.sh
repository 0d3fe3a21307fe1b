# shellcheck shell=bash
# apk_lib.sh — building signed Android packages with Debian's aapt, zipalign, apksigner and
# keytool: the one place that writes an AndroidManifest.xml and runs that sequence. Sourced
# (bash), never run, by the fixture generators (tests/fixtures, tests/e2e, src/client/testdata),
# fuzz/make_seeds.sh and bench/lib.sh.
#
# Keys are PKCS#12 keystores with the alias "key" and the password $PASS ("appvault").
# A KEY argument is a keystore path when it contains a "/", otherwise the name of
# $KEYS/KEY.p12. The framework aapt links against is $FRAMEWORK_RES, or Debian's
# android-framework-res.

PASS=appvault

# framework_res — prints the path of framework-res.apk.
framework_res() {
  if [[ -n ${FRAMEWORK_RES:-} ]]; then
    echo "$FRAMEWORK_RES"
  else
    dpkg -L android-framework-res | grep '/framework-res.apk$' | head -1
  fi
}

# keystore KEY — prints the keystore file KEY names.
keystore() {
  if [[ $1 == */* ]]; then echo "$1"; else echo "$KEYS/$1.p12"; fi
}

# make_key KEY KEYTOOL_ARGS... — a keystore (keytool -genkeypair KEYTOOL_ARGS) and beside it,
# of the same name: .cert.der (its certificate), .key.pem (its private key) and .spki.der
# (its public key).
make_key() {
  local ks
  ks=$(keystore "$1") || return
  shift
  local base=${ks%.p12}
  keytool -genkeypair -keystore "$ks" -storetype PKCS12 -storepass "$PASS" \
    -keypass "$PASS" -alias key -validity 10000 "$@" >/dev/null 2>&1 || return
  # The certificate and key also as files (openssl: no second JVM start).
  openssl pkcs12 -in "$ks" -passin "pass:$PASS" -nokeys |
    openssl x509 -outform DER -out "$base.cert.der" || return
  openssl pkcs12 -in "$ks" -passin "pass:$PASS" -nocerts -nodes -out "$base.key.pem" || return
  openssl pkey -in "$base.key.pem" -pubout -outform DER -out "$base.spki.der"
}

# make_keystore OUT — an RSA 2048 keystore at OUT (make_key).
make_keystore() {
  make_key "$1" -keyalg RSA -keysize 2048 -dname "CN=Bench, O=appvault"
}

# write_manifest FILE APP VERSION_CODE VERSION_NAME MIN_SDK TARGET_SDK MAX_SDK LABEL [ATTRS
# [BODY [APP_ATTRS]]] — an AndroidManifest.xml source. MAX_SDK may be "-"; LABEL is the
# android:label value (a string or "@string/app_name"; "-" for none); ATTRS go on <manifest>
# as written (e.g. split="config.arm64_v8a" android:isFeatureSplit="true"), APP_ATTRS on
# <application> (android:debuggable="true"); BODY is the content of <application> (e.g.
# <activity android:name=".Main"/>).
write_manifest() {
  local file=$1 app=$2 code=$3 name=$4 min=$5 target=$6 max=$7 label=$8 extra=${9:-}
  local body=${10:-} app_attrs=${11:-}
  local max_attr="" application="/>"
  [[ $max == - ]] || max_attr="android:maxSdkVersion=\"$max\""
  local application_attrs=""
  [[ $label == - ]] || application_attrs="android:label=\"$label\" "
  [[ -z $app_attrs ]] || application_attrs+="$app_attrs "
  [[ -z $body ]] || application=">$body</application>"
  cat >"$file" <<EOM
<?xml version="1.0" encoding="utf-8"?>
<manifest xmlns:android="http://schemas.android.com/apk/res/android"
    package="$app" android:versionCode="$code" android:versionName="$name" $extra>
  <uses-sdk android:minSdkVersion="$min" android:targetSdkVersion="$target" $max_attr/>
  <application ${application_attrs}android:hasCode="false"$application
</manifest>
EOM
}

# make_apk OUT APP VERSION_CODE [OPTION VALUE]... — the package APP at VERSION_CODE in OUT: its
# manifest (write_manifest), aapt package (files named *.bin stored uncompressed), the files
# of --add, zipalign and, with --key, apksigner. Options:
#   --name NAME                        versionName (default 1.VERSION_CODE)
#   --min N, --target N, --max N|-     <uses-sdk> (defaults 21, 33, -)
#   --label TEXT                       android:label (default APP)
#   --attrs TEXT, --body XML,          write_manifest's ATTRS, BODY and APP_ATTRS
#   --app-attrs TEXT
#   --assets DIR, --res DIR            aapt -A DIR / -S DIR
#   --add DIR                          DIR's files added stored, by their path below DIR
#                                      (lib/ABI/x.so, big assets)
#   --key KEY, --schemes LIST          sign (see sign; LIST defaults to "default")
#   --sign-arg ARG                     one more argument of apksigner sign (repeatable)
# Without --key the package stays unsigned (but aligned). Fails when any tool fails.
make_apk() {
  local out=$1 app=$2 code=$3
  shift 3
  local name=1.$code min=21 target=33 max=- label=$app attrs="" body="" app_attrs=""
  local assets="" res="" add="" key="" schemes=default
  local sign_args=()
  while (($# >= 2)); do
    case $1 in
      --name) name=$2 ;;
      --min) min=$2 ;;
      --target) target=$2 ;;
      --max) max=$2 ;;
      --label) label=$2 ;;
      --attrs) attrs=$2 ;;
      --body) body=$2 ;;
      --app-attrs) app_attrs=$2 ;;
      --assets) assets=$2 ;;
      --res) res=$2 ;;
      --add) add=$2 ;;
      --key) key=$2 ;;
      --schemes) schemes=$2 ;;
      --sign-arg) sign_args+=("$2") ;;
      *) break ;;
    esac
    shift 2
  done
  if (($#)); then
    echo "make_apk: unknown or incomplete option: $*" >&2
    return 2
  fi
  local dir framework
  framework=$(framework_res) && dir=$(mktemp -d) || return
  local aapt_args=(-M "$dir/AndroidManifest.xml" -I "$framework")
  [[ -z $assets ]] || aapt_args+=(-A "$assets")
  [[ -z $res ]] || aapt_args+=(-S "$res")
  local status=0
  write_manifest "$dir/AndroidManifest.xml" "$app" "$code" "$name" "$min" "$target" "$max" \
    "$label" "$attrs" "$body" "$app_attrs" &&
    aapt package -f -0 bin "${aapt_args[@]}" -F "$dir/unaligned.apk" >/dev/null &&
    { [[ -z $add ]] || (cd "$add" && zip -q -0 -r -X "$dir/unaligned.apk" .); } &&
    if [[ -z $key ]]; then
      zipalign -p -f 4 "$dir/unaligned.apk" "$out"
    else
      zipalign -p -f 4 "$dir/unaligned.apk" "$dir/aligned.apk" &&
        sign "$key" "$dir/aligned.apk" "$out" "$schemes" "${sign_args[@]}"
    fi || status=$?
  rm -rf "$dir"
  return $status
}

# sign KEY IN OUT SCHEMES [EXTRA...] — apksigner with exactly the schemes listed (v1,v2,v3),
# or with those apksigner picks for the package when SCHEMES is "default"; never v4.
sign() {
  local ks in=$2 out=$3 schemes=$4
  ks=$(keystore "$1") || return
  shift 4
  local enabled=()
  if [[ $schemes != default ]]; then
    local scheme
    for scheme in v1 v2 v3; do
      if [[ $schemes == *$scheme* ]]; then
        enabled+=("--$scheme-signing-enabled" true)
      else
        enabled+=("--$scheme-signing-enabled" false)
      fi
    done
  fi
  apksigner sign --ks "$ks" --ks-pass "pass:$PASS" --ks-key-alias key "${enabled[@]}" \
    --v4-signing-enabled false "$@" --out "$out" "$in" || return
  rm -f "$out.idsig"
}

# sign_rotated OLD NEW IN OUT SCHEMES — signed by OLD (v1/v2) and by NEW (v3) with a
# proof-of-rotation from OLD to NEW (OUT.lineage while it is made); v1 only when SCHEMES
# lists it.
sign_rotated() {
  local old new in=$3 out=$4 schemes=$5
  old=$(keystore "$1") && new=$(keystore "$2") || return
  local v1=false status=0
  [[ $schemes != *v1* ]] || v1=true
  apksigner rotate --out "$out.lineage" \
    --old-signer --ks "$old" --ks-pass "pass:$PASS" \
    --new-signer --ks "$new" --ks-pass "pass:$PASS" &&
    apksigner sign --ks "$old" --ks-pass "pass:$PASS" \
      --next-signer --ks "$new" --ks-pass "pass:$PASS" \
      --lineage "$out.lineage" --v1-signing-enabled $v1 --v4-signing-enabled false \
      --out "$out" "$in" || status=$?
  rm -f "$out.lineage" "$out.idsig"
  return $status
}

# make_signed_apk OUT ASSET_MB ASSET_PIECES KEY MIN_SDK [APP] — a real signed APK (the schemes
# apksigner picks) of package APP (default org.appvault.bench) whose assets are ASSET_PIECES
# stored files of random bytes, ASSET_MB in all.
make_signed_apk() {
  local out=$1 mb=$2 pieces=$3 key=$4 min_sdk=$5 app=${6:-org.appvault.bench}
  local dir i status=0
  dir=$(mktemp -d) || return
  mkdir -p "$dir/assets"
  for ((i = 0; i < pieces; i++)); do
    head -c $((mb * 1024 * 1024 / pieces)) /dev/urandom >"$dir/assets/part$i.bin"
  done
  make_apk "$out" "$app" 1 --name 1.0 --min "$min_sdk" --target 30 --label bench \
    --add "$dir" --key "$key" || status=$?
  rm -rf "$dir"
  return $status
}

# run_bg CMD... / wait_all: run in parallel (at most JOBS at once: each is a JVM); run_bg and
# wait_all fail when a command they waited for failed (wait_all waits for all of them).
JOBS=${APK_JOBS:-${MAKE_APKS_JOBS:-4}}
PIDS=()
run_bg() {
  if ((${#PIDS[@]} >= JOBS)); then
    local first=${PIDS[0]}
    PIDS=("${PIDS[@]:1}")
    wait "$first" || return
  fi
  "$@" &
  PIDS+=($!)
}
wait_all() {
  local pid failed=0
  for pid in "${PIDS[@]}"; do wait "$pid" || failed=1; done
  PIDS=()
  return $failed
}
