#!/usr/bin/env bash
# phone_emulator_test.sh EMULATOR_BINARY — Debian's real adb against the phone emulator:
# install, install-multiple, pm, refusals with Android's texts, push/pull, shell v2 exit
# statuses, quoting, permissions with and without root, run-as, tar, uninstall, and the
# phone surviving a restart. Real signed APKs are generated here (aapt, zipalign,
# apksigner, keytool). Hermetic: a private adb server port, temp folders, everything
# stopped on exit (even on failure).
set -uo pipefail
EMU=$1
WORK=$(mktemp -d)
export HOME=$WORK/home  # adb keeps its key in ~/.android
mkdir -p "$HOME"
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
export ANDROID_ADB_SERVER_PORT=$(free_port)
EMU_PID=
cleanup() {
  [[ -n $EMU_PID ]] && kill "$EMU_PID" 2>/dev/null && wait "$EMU_PID" 2>/dev/null
  timeout 10 adb kill-server >/dev/null 2>&1
  rm -rf "$WORK"
}
trap cleanup EXIT
FAILURES=0
fail() { echo "FAIL: $*" >&2; FAILURES=$((FAILURES + 1)); }
expect_eq() { [[ "$2" == "$3" ]] || fail "$1: expected [$3], got [$2]"; }
expect_has() { [[ "$2" == *"$3"* ]] || fail "$1: expected to contain [$3], got [$2]"; }
expect_not() { [[ "$2" != *"$3"* ]] || fail "$1: must not contain [$3], got [$2]"; }
a() { timeout 20 adb -s "$SERIAL" "$@"; }

# --- real APKs --------------------------------------------------------------------------
APKS=$WORK/apks
KEYS=$APKS
mkdir -p "$APKS"
# shellcheck source=../support/apk_lib.sh
source "$(dirname "$0")/../support/apk_lib.sh"
for k in one two; do
  run_bg make_key $k -keyalg EC -groupname secp256r1 -dname "CN=Phone test $k"
done
# phone_apk OUT PACKAGE VERSION MIN_SDK SPLIT ABI DEBUGGABLE SPLIT_REQUIRED [TARGET_SDK] —
# $APKS/OUT.unsigned.apk (SPLIT, ABI: "-" for none; TARGET_SDK 33 unless given)
phone_apk() {
  local out=$1 pkg=$2 vc=$3 min=$4 split=$5 abi=$6 debug=$7 required=$8 target=${9:-33} dir=$WORK/src/$1
  local attrs="" app_attrs="" native=()
  [[ $split == - ]] || attrs="split=\"$split\""
  [[ $required != yes ]] || attrs+=' android:isSplitRequired="true"'
  [[ $debug != yes ]] || app_attrs='android:debuggable="true"'
  if [[ $abi != - ]]; then
    mkdir -p "$dir/lib/lib/$abi"
    printf '\177ELF test library\n' >"$dir/lib/lib/$abi/libtest.so"
    native=(--add "$dir/lib")
  fi
  make_apk "$APKS/$out.unsigned.apk" "$pkg" "$vc" --min "$min" --target "$target" --label - \
    --attrs "$attrs" --app-attrs "$app_attrs" "${native[@]}"
}
phone_apk demo2 org.appvault.phone.demo 2 24 - - no no
phone_apk demo3 org.appvault.phone.demo 3 24 - - no no
phone_apk demo1 org.appvault.phone.demo 1 24 - - no no
phone_apk setbase org.appvault.phone.set 5 24 - - no yes
phone_apk setsplit org.appvault.phone.set 5 24 config.xxhdpi - no no
phone_apk debug org.appvault.phone.debug 7 24 - - yes no
phone_apk newer org.appvault.phone.newer 1 99 - - no no
phone_apk mips org.appvault.phone.mips 1 24 - mips no no
phone_apk unsigned org.appvault.phone.unsigned 1 24 - - no no
phone_apk old org.appvault.phone.old 1 21 - - no no 22
cp "$APKS/unsigned.unsigned.apk" "$APKS/unsigned.apk"
wait_all || { echo "making the keys failed" >&2; exit 1; }
for job in "one demo2" "two demo3" "one demo1" "one setbase" "one setsplit" "one debug" "one newer" "one mips" "one old"; do
  read -r key name <<<"$job"
  run_bg sign "$key" "$APKS/$name.unsigned.apk" "$APKS/$name.apk" default
done
wait_all || { echo "signing failed" >&2; exit 1; }

# --- the emulator and the adb server ----------------------------------------------------
STATE=$WORK/state
start_emulator() {  # start_emulator FLAGS...: sets EMU_PID, SERIAL; connects adb
  "$EMU" --state "$STATE" --listen 127.0.0.1:0 "$@" >"$WORK/emu.out" 2>"$WORK/emu.err" &
  EMU_PID=$!
  local line=""
  for _ in $(seq 50); do
    line=$(head -1 "$WORK/emu.out" 2>/dev/null)
    [[ -n $line ]] && break
    sleep 0.1
  done
  [[ $line == "listening on 127.0.0.1:"* ]] || { echo "emulator did not start: [$line]" >&2; cat "$WORK/emu.err" >&2; exit 1; }
  SERIAL=${line#listening on }
  expect_has "adb connect" "$(timeout 20 adb connect "$SERIAL")" "connected to $SERIAL"
  timeout 20 adb -s "$SERIAL" wait-for-device || { echo "adb never saw the device" >&2; exit 1; }
}
stop_emulator() {
  timeout 10 adb disconnect "$SERIAL" >/dev/null
  kill -TERM "$EMU_PID"
  wait "$EMU_PID"
  expect_eq "emulator exit status on SIGTERM" "$?" "0"
  EMU_PID=
}
timeout 20 adb start-server >/dev/null 2>&1
"$EMU" --state "$WORK/refused" --listen 127.0.0.1:5555 2>/dev/null ; [[ $? == 1 ]] || fail "listening on adb's emulator port 5555"
start_emulator --sdk 34 --abis arm64-v8a,armeabi-v7a --density 420 --locales en-US,de-DE --model "Test Phone"

# --- reading the phone ------------------------------------------------------------------
expect_eq "getprop sdk" "$(a shell getprop ro.build.version.sdk)" "34"
expect_eq "getprop abilist" "$(a shell getprop ro.product.cpu.abilist)" "arm64-v8a,armeabi-v7a"
expect_eq "getprop model" "$(a shell getprop ro.product.model)" "Test Phone"
expect_eq "getprop locale" "$(a shell getprop persist.sys.locale)" "en-US"
expect_has "getprop all" "$(a shell getprop)" "[ro.build.version.sdk]: [34]"
expect_eq "wm density" "$(a shell wm density)" "Physical density: 420"
expect_has "adb devices -l" "$(timeout 10 adb devices -l)" "model:Test_Phone"

# --- installs ---------------------------------------------------------------------------
expect_has "adb install" "$(a install "$APKS/demo2.apk" 2>&1)" "Success"
expect_eq "pm list packages -3 --show-versioncode" "$(a shell pm list packages -3 --show-versioncode)" \
  "package:org.appvault.phone.demo versionCode:2"
expect_has "adb install-multiple" "$(a install-multiple "$APKS/setbase.apk" "$APKS/setsplit.apk" 2>&1)" "Success"
paths=$(a shell pm path org.appvault.phone.set)
expect_eq "pm path lines" "$(echo "$paths" | wc -l)" "2"
expect_has "pm path base" "$(echo "$paths" | head -1)" "package:/data/app/~~"
expect_has "pm path base name" "$(echo "$paths" | head -1)" "/org.appvault.phone.set-"
expect_has "pm path split" "$(echo "$paths" | tail -1)" "/split_config.xxhdpi.apk"
expect_has "pm list -f" "$(a shell pm list packages -f org.appvault.phone.set)" "/base.apk=org.appvault.phone.set"
uid_line=$(a shell pm list packages -U org.appvault.phone.demo)
[[ $uid_line =~ ^package:org.appvault.phone.demo\ uid:1[0-9]{4}$ ]] || fail "pm list packages -U: [$uid_line]"
expect_eq "cmd package list" "$(a shell cmd package list packages org.appvault.phone.demo)" "package:org.appvault.phone.demo"

# refusals, with Android 14's texts (adb prints "adb: failed to install FILE: Failure [...]")
out=$(a install "$APKS/demo3.apk" 2>&1); rc=$?
expect_eq "other signer: adb status" "$rc" "1"
expect_has "other signer" "$out" "Failure [INSTALL_FAILED_UPDATE_INCOMPATIBLE: Package org.appvault.phone.demo signatures do not match previously installed version; ignoring!]"
expect_has "downgrade" "$(a install "$APKS/demo1.apk" 2>&1)" \
  "Failure [INSTALL_FAILED_VERSION_DOWNGRADE: Downgrade detected: Update version code 1 is older than current 2]"
expect_has "base without its required split" "$(a install "$APKS/setbase.apk" 2>&1)" \
  "Failure [INSTALL_FAILED_MISSING_SPLIT: Missing split for org.appvault.phone.set]"
expect_has "older sdk" "$(a install "$APKS/newer.apk" 2>&1)" \
  "Requires newer sdk version #99 (current version is #34)]"
expect_has "older sdk code" "$(a install "$APKS/newer.apk" 2>&1)" "Failure [INSTALL_FAILED_OLDER_SDK: "
expect_has "no matching abis" "$(a install "$APKS/mips.apk" 2>&1)" \
  "Failure [INSTALL_FAILED_NO_MATCHING_ABIS: Failed to extract native libraries, res=-113]"
expect_has "unsigned" "$(a install "$APKS/unsigned.apk" 2>&1)" "Failure [INSTALL_PARSE_FAILED_NO_CERTIFICATES: "
expect_has "target sdk below 23 on Android 14" "$(a install "$APKS/old.apk" 2>&1)" \
  "Failure [INSTALL_FAILED_DEPRECATED_SDK_VERSION: App package must target at least SDK version 23, but found 22]"
expect_has "--bypass-low-target-sdk-block" "$(a install --bypass-low-target-sdk-block "$APKS/old.apk" 2>&1)" "Success"
out=$(a install-multiple "$APKS/debug.apk" "$APKS/setsplit.apk" 2>&1)
expect_has "a set of two packages" "$out" "Failure [INSTALL_FAILED_INVALID_APK: Inconsistent package org.appvault.phone.set in /data/app/vmdl"
expect_has "a set of two packages names the file" "$out" ".tmp/setsplit.apk; expected org.appvault.phone.debug]"
expect_eq "refusals left the phone as it was" "$(a shell pm list packages --show-versioncode org.appvault.phone.demo)" \
  "package:org.appvault.phone.demo versionCode:2"
expect_not "nothing of the refused installs" "$(a shell pm list packages)" "org.appvault.phone.newer"

# a session by hand: create, write from a pushed file, abandon
a push "$APKS/debug.apk" /data/local/tmp/debug.apk >/dev/null
created=$(a shell pm install-create -S "$(stat -c %s "$APKS/debug.apk")")
[[ $created =~ ^Success:\ created\ install\ session\ \[([0-9]+)\]$ ]] || fail "install-create: [$created]"
sid=${BASH_REMATCH[1]:-0}
expect_has "install-write from a file" "$(a shell pm install-write "$sid" base.apk /data/local/tmp/debug.apk)" "Success: streamed"
expect_eq "install-abandon" "$(a shell pm install-abandon "$sid")" "Success"
expect_not "abandoned session installs nothing" "$(a shell pm list packages)" "org.appvault.phone.debug"
expect_has "pm install PATH" "$(a shell pm install /data/local/tmp/debug.apk)" "Success"

# --- push / pull ------------------------------------------------------------------------
head -c 700000 /dev/urandom >"$WORK/blob.bin"
a push "$WORK/blob.bin" /sdcard/Download/blob.bin >/dev/null || fail "adb push"
a pull /sdcard/Download/blob.bin "$WORK/blob.back" >/dev/null || fail "adb pull"
cmp -s "$WORK/blob.bin" "$WORK/blob.back" || fail "push/pull round trip changed the bytes"
mkdir -p "$WORK/tree/sub" && echo one >"$WORK/tree/a" && echo two >"$WORK/tree/sub/b"
a push "$WORK/tree" /sdcard/ >/dev/null || fail "adb push of a folder"
a pull /sdcard/tree "$WORK/tree.back" >/dev/null || fail "adb pull of a folder (sync LIST)"
diff -r "$WORK/tree" "$WORK/tree.back" >/dev/null || fail "folder push/pull round trip differs"
expect_eq "a folder a push makes belongs to the pusher" "$(a shell stat -c %U /sdcard/tree/sub)" "shell"
base_path=$(a shell pm path org.appvault.phone.demo | sed 's/^package://')
a pull "$base_path" "$WORK/base.apk" >/dev/null || fail "pull of the installed base.apk"
cmp -s "$APKS/demo2.apk" "$WORK/base.apk" || fail "the phone's base.apk differs from the installed APK"

# --- shell: exit statuses, quoting, permissions without root ----------------------------
a shell false; expect_eq "adb shell false" "$?" "1"
a shell true; expect_eq "adb shell true" "$?" "0"
out=$(a shell no-such-command 2>&1); rc=$?
expect_eq "unknown command status" "$rc" "127"
expect_has "unknown command" "$out" "no-such-command: inaccessible or not found"
expect_eq "quoting" "$(a shell "echo 'a;b c' \"d  e\" f\\ g")" "a;b c d  e f g"
out=$(a shell "pm path 'x;echo INJECTED'"); rc=$?
expect_eq "quoted ; stays one word: status" "$rc" "1"
expect_not "quoted ; stays one word" "$out" "INJECTED"
out=$(a shell ls /data/data 2>&1); rc=$?
expect_eq "ls /data/data without root: status" "$rc" "1"
expect_has "ls /data/data without root" "$out" "Permission denied"
out=$(a shell su -c id 2>&1); rc=$?
expect_eq "su on an unrooted phone: status" "$rc" "127"
expect_has "su on an unrooted phone" "$out" "su: inaccessible or not found"
a pull /data/data/org.appvault.phone.demo "$WORK/nope" >/dev/null 2>&1 && fail "pull from /data/data without root worked"
a shell "ls /data/local/tmp/../../../.." >/dev/null 2>&1 && fail "'..' above / was accepted"
expect_has "run-as of a debuggable app" "$(a shell run-as org.appvault.phone.debug id)" "(u0_a"
expect_has "run-as cwd is the data folder" "$(a shell run-as org.appvault.phone.debug ls -a)" "code_cache"
out=$(a shell run-as org.appvault.phone.demo id 2>&1); rc=$?
expect_eq "run-as refused: status" "$rc" "1"
expect_has "run-as refused" "$out" "run-as: package not debuggable: org.appvault.phone.demo"

# --- uninstall --------------------------------------------------------------------------
expect_has "adb uninstall" "$(a uninstall org.appvault.phone.set)" "Success"
expect_not "uninstalled" "$(a shell pm list packages)" "org.appvault.phone.set"
expect_eq "uninstall twice" "$(a shell pm uninstall org.appvault.phone.set)" "Failure [not installed for 0]"

# --- restart as the same phone, now rooted and with another profile --------------------
stop_emulator
start_emulator --root --sdk 33 --density 480 --storage-bytes 4096
expect_eq "packages survive a restart" "$(a shell pm list packages -3 --show-versioncode)" \
  "package:org.appvault.phone.debug versionCode:7
package:org.appvault.phone.demo versionCode:2
package:org.appvault.phone.old versionCode:1"
expect_eq "profile flags given replace the stored ones" "$(a shell getprop ro.build.version.sdk)" "33"
expect_eq "stored profile fields stay" "$(a shell getprop ro.product.model)" "Test Phone"
expect_eq "wm density after restart" "$(a shell wm density)" "Physical density: 480"
expect_has "su -c id" "$(a shell su -c id)" "uid=0(root)"
uid=$(a shell pm list packages -U org.appvault.phone.demo | sed 's/.* uid://')
expect_eq "data folder owner" "$(a shell su -c "'stat -c %u /data/user/0/org.appvault.phone.demo'")" "$uid"
printf 'font=large\n' >"$WORK/prefs.xml"
a push "$WORK/prefs.xml" /data/data/org.appvault.phone.demo/shared_prefs/prefs.xml >/dev/null || fail "root push to /data/data"
a exec-out tar -cf - -C /data/user/0 org.appvault.phone.demo >"$WORK/data.tar" || fail "tar create"
expect_has "tar holds the pushed file" "$(tar -tf "$WORK/data.tar")" "org.appvault.phone.demo/shared_prefs/prefs.xml"
a shell rm -rf /data/user/0/org.appvault.phone.demo/shared_prefs
a push "$WORK/data.tar" /data/local/tmp/data.tar >/dev/null
a shell su -c "'tar -xf /data/local/tmp/data.tar -C /data/user/0'" || fail "tar extract"
expect_eq "tar restores the file" "$(a shell cat /data/user/0/org.appvault.phone.demo/shared_prefs/prefs.xml)" "font=large"
a shell rm -rf /data/user/0/org.appvault.phone.demo/shared_prefs
a shell su -c "'tar -xf - -C /data/user/0'" <"$WORK/data.tar" || fail "tar extract from shell v2 stdin"
expect_eq "tar from stdin restores the file" "$(a shell cat /data/user/0/org.appvault.phone.demo/shared_prefs/prefs.xml)" "font=large"
a shell chown -R "$uid:$uid" /data/user/0/org.appvault.phone.demo/shared_prefs
a shell restorecon -R /data/user/0/org.appvault.phone.demo
ctx=$(a shell stat -c %C /data/user/0/org.appvault.phone.demo/shared_prefs/prefs.xml)
[[ $ctx == u:object_r:app_data_file:s0:c*,c*,c512,c768 ]] || fail "restorecon context: [$ctx]"
expect_eq "chown" "$(a shell stat -c %u:%g /data/user/0/org.appvault.phone.demo/shared_prefs/prefs.xml)" "$uid:$uid"
a shell am force-stop org.appvault.phone.demo || fail "am force-stop"
expect_has "am force-stop is logged" "$(cat "$STATE/events.log")" "force-stop org.appvault.phone.demo"
expect_has "storage limit" "$(a install-multiple "$APKS/setbase.apk" "$APKS/setsplit.apk" 2>&1)" \
  "Failure [INSTALL_FAILED_INSUFFICIENT_STORAGE: Failed to free "
stop_emulator

if ((FAILURES > 0)); then
  echo "$FAILURES check(s) failed" >&2
  exit 1
fi
echo "phone emulator: all checks passed"
