#!/usr/bin/env bash
# make_big_apk.sh OUTDIR APP — OUTDIR/big.apk: a 40 MiB signed APK of package APP (version 1,
# minSdk 24) whose assets are two stored files of random bytes (apk_lib.sh's make_signed_apk),
# for the interrupted-download tests.
set -euo pipefail
[[ $# -eq 2 ]] || { echo "usage: $0 OUTDIR APP" >&2; exit 2; }
# shellcheck source=../support/apk_lib.sh
source "$(dirname "$0")/../support/apk_lib.sh"
mkdir -p "$1"
make_keystore "$1/key.p12"
make_signed_apk "$1/big.apk" 40 2 "$1/key.p12" 24 "$2"
rm -f "$1"/key.*
