#!/usr/bin/env bash
# Benchmark of `appvault restore` (issue 5): a phone with APPS apps (signed APKs of MB MiB
# each, stored random assets: incompressible) backed up to a local appvaultd, then restored
# onto a fresh device. References, run in the same script on the same files:
#   (a) the transfer floor: `curl --parallel --parallel-max 4` fetching the same package
#       blobs (goal: restore <= 1.3x its time);
#   (b) the one-by-one way: per app, in turn, a search request (curl), a download (curl) and
#       `appvault device sideload` (goal: restore >= 2x faster);
# and `restore --all` again on the restored device must transfer 0 package bytes.
# The packages are generated once into BUILD_DIR/bench-cache/restore-APPSxMB (apksigner).
# Usage: bench/restore_bench.sh BUILD_DIR [APPS] [MB] [REPEAT]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
source "$here/lib.sh"
build=$(cd "${1:?usage: restore_bench.sh BUILD_DIR [APPS] [MB] [REPEAT]}" && pwd)
apps=${2:-100}
mb=${3:-5}
repeat=${4:-3}
appvaultd="$build/src/cli/appvaultd"
appvault="$build/src/client/cli/appvault"
cache="$build/bench-cache/restore-${apps}x${mb}"
work=$(mktemp -d)
server_pid=""
cleanup() {
  [[ -n $server_pid ]] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
password="bench password"

# The packages, once: app$i.apk, org.appvault.restore.app$i, two signings at a time.
if [[ ! -f $cache/done ]]; then
  echo "generating $apps signed APKs of $mb MiB into $cache (once)..." >&2
  rm -rf "$cache"
  mkdir -p "$cache"
  make_keystore "$cache/key.p12"
  for ((i = 1; i <= apps; i++)); do
    make_signed_apk "$cache/app$i.apk" "$mb" 1 "$cache/key.p12" 24 "org.appvault.restore.app$i" \
      >/dev/null &
    if ((i % 2 == 0)); then wait; fi
  done
  wait
  touch "$cache/done"
fi
total_bytes=$(cat "$cache"/app*.apk | wc -c)

# A local server, a publisher and a user.
"$appvaultd" serve --listen 127.0.0.1:0 --data "$work/data" >"$work/server.out" \
  2>"$work/server.log" &
server_pid=$!
for ((i = 0; i < 100; i++)); do
  grep -q '^listening on' "$work/server.out" 2>/dev/null && break
  sleep 0.1
done
server=$(sed -n 's/^listening on //p' "$work/server.out")
for user in pub:publisher ann:user; do
  printf '%s\n' "$password" |
    "$appvaultd" user add "${user%%:*}" --role "${user##*:}" --password-stdin --data "$work/data" \
      >/dev/null
done
token() {
  curl -sf -X POST "$server/v1/sessions" -d "{\"username\":\"$1\",\"password\":\"$password\"}" |
    sed 's/.*"token":"\([0-9a-f]*\)".*/\1/'
}
pub_token=$(token pub)
ann_token=$(token ann)
for ((i = 1; i <= apps; i++)); do
  curl -sf -X POST "$server/v1/catalog/packages?software=app$i&category=bench" \
    -H "Authorization: Bearer $pub_token" --data-binary "@$cache/app$i.apk" >/dev/null
done

av() { "$appvault" --server "$server" --device "$work/$1" "${@:2}"; }
new_device() {
  rm -rf "${work:?}/$1"
  av "$1" device init --platform android --os-version 30 --abi arm64-v8a >/dev/null
  printf '%s\n' "$password" | av "$1" login ann --password-stdin >/dev/null
}
served() { curl -sf "$server/metrics" | sed -n 's/^appvault_blob_bytes_served_total //p'; }
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {printf "%.0f\n", a[int((NR+1)/2)]}'; }

# Phone A: every app installed, then backed up (packages only: the references fetch packages).
new_device phone
for ((i = 1; i <= apps; i++)); do av phone device sideload "$cache/app$i.apk" >/dev/null; done
av phone backup --all --without-config >/dev/null

echo "# restore benchmark ($(nproc) cores, $(date -u +%Y-%m-%d)): $apps apps, $((total_bytes / 1000000)) MB"

# The curl list of (a), and one untimed fetch of every blob: the server checks a blob's
# SHA-256 the first time it serves it (then caches the verdict), so without this the first
# timed run — always a restore — would pay for that and curl never would.
: >"$work/curl.list"
for ((i = 1; i <= apps; i++)); do
  sha=$(sha256sum "$cache/app$i.apk" | cut -d' ' -f1)
  printf 'url = "%s/v1/blobs/%s"\noutput = "%s/curl/app%s.apk"\n' "$server" "$sha" "$work" "$i" \
    >>"$work/curl.list"
done
mkdir -p "$work/curl"
curl -sf --no-progress-meter --parallel --parallel-max 4 -H "Authorization: Bearer $ann_token" -K "$work/curl.list"

# Timed runs: restore --all onto a fresh device and (a) curl --parallel fetching the same blobs
# (the list made above) take turns, REPEAT times each, so that the machine's drift touches both
# alike. Each restore goes to a device folder of its own, removed only when the script ends:
# ext4 without a journal (this machine's) does not reuse an inode freed in the last minute,
# and scans past every such inode for each new file — deleting the previous run's device
# (some 800 inodes) just before a restore, which creates 7 files and folders per app, cost it
# up to 0.7 s of system time (docs/performance.md). curl's folder is emptied before each of
# its runs, as before (100 inodes): its writes go through the page cache, and pages freed by
# the previous run are cheaper to fill on this virtual machine than memory never touched.
restore_ms=()
curl_ms=()
for ((r = 0; r < repeat; r++)); do
  new_device "tablet-$r"
  sync  # earlier runs' dirty pages are not this run's cost
  start=$(now_ns)
  av "tablet-$r" restore --all >"$work/restore.out"
  restore_ms+=($((($(now_ns) - start) / 1000000)))
  grep -q "^restored $apps of $apps apps" "$work/restore.out" || {
    tail -3 "$work/restore.out" >&2
    exit 1
  }

  rm -rf "$work/curl"
  mkdir -p "$work/curl"
  sync
  start=$(now_ns)
  curl -sf --no-progress-meter --parallel --parallel-max 4 -H "Authorization: Bearer $ann_token" \
    -K "$work/curl.list"
  curl_ms+=($((($(now_ns) - start) / 1000000)))
  cmp -s "$work/curl/app1.apk" "$cache/app1.apk"
done
tablet="tablet-$((repeat - 1))"

# (b) one by one: search, download, sideload, app after app.
one_ms=()
for ((r = 0; r < repeat; r++)); do
  new_device "one-$r"
  sync
  start=$(now_ns)
  for ((i = 1; i <= apps; i++)); do
    sha=$(curl -sf "$server/v1/catalog/software/app$i" -H "Authorization: Bearer $ann_token" |
      sed 's/.*"sha256":"\([0-9a-f]*\)".*/\1/')
    curl -sf -o "$work/one.apk" "$server/v1/blobs/$sha" -H "Authorization: Bearer $ann_token"
    av "one-$r" device sideload "$work/one.apk" >/dev/null
  done
  one_ms+=($((($(now_ns) - start) / 1000000)))
done

# restore --all again on the restored device: nothing to fetch.
before=$(served)
av "$tablet" restore --all --json >"$work/again.json"
again_served=$(($(served) - before))
again_reported=$(grep -o '"bytes_downloaded":[0-9]*' "$work/again.json" | cut -d: -f2 |
  awk '{s += $1} END {print s + 0}')
already=$(grep -o '"outcome":"already_installed"' "$work/again.json" | wc -l)

r=$(median "${restore_ms[@]}")
c=$(median "${curl_ms[@]}")
o=$(median "${one_ms[@]}")
echo "appvault restore --all:        ${r} ms ($(awk -v b="$total_bytes" -v t="$r" 'BEGIN {printf "%.0f", b / t / 1000}') MB/s)  runs: ${restore_ms[*]}"
echo "(a) curl --parallel-max 4:     ${c} ms  runs: ${curl_ms[*]}"
echo "(b) one by one:                ${o} ms  runs: ${one_ms[*]}"
echo "restore / curl:                $(ratio "$r" "$c")x (goal <= 1.3x)"
echo "one-by-one / restore:          $(ratio "$o" "$r")x faster (goal >= 2x)"
echo "restore --all again:           $already of $apps already_installed, $again_reported bytes reported, $again_served blob bytes served (goal 0)"
