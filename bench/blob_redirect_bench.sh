#!/usr/bin/env bash
# Benchmark of downloads with blobs on S3 (issue 18): COUNT private blobs of MB MiB uploaded
# through appvaultd `--blobs s3://… --blob-redirect` (Ceph's radosgw from
# scripts/test-services.sh), then fetched, 4 at a time, in turns, REPEAT times each:
#   (a) the object store's own GET of the same objects (their presigned URLs, fetched
#       straight from radosgw by curl) — the reference;
#   (b) through appvaultd's redirect: GET /v1/blobs/SHA with the session token (the server
#       checks who asks and answers 302), followed to the Location (goal: (a)/(b) >= 0.9,
#       i.e. the redirect costs at most a tenth);
#   (c) without the redirect, a second appvaultd on the same bucket passing the bytes on
#       from its verified local copies (for information).
# Usage: bench/blob_redirect_bench.sh BUILD_DIR [COUNT] [MB] [REPEAT]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
source "$here/lib.sh"
build=$(cd "${1:?usage: blob_redirect_bench.sh BUILD_DIR [COUNT] [MB] [REPEAT]}" && pwd)
count=${2:-40}
mb=${3:-4}
repeat=${4:-5}
appvaultd="$build/src/cli/appvaultd"
work=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null; done
  bash "$here/../scripts/test-services.sh" down "$work/svc" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
password="bench password"

eval "$(bash "$here/../scripts/test-services.sh" up "$work/svc")"
export AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY
query=${APPVAULT_TEST_BLOBS#*\?}
blobs="${APPVAULT_TEST_BLOBS%%\?*}/bench-$$?$query"

# serve NAME ARGS…: an appvaultd on the bucket; its URL in $server_url.
serve() {
  local name=$1
  shift
  "$appvaultd" serve --listen 127.0.0.1:0 --data "$work/$name" --database "sqlite:$work/meta.db" \
    --blobs "$blobs" --max-blob-bytes $((mb << 21)) --user-quota-bytes $((count * mb << 21)) "$@" \
    >"$work/$name.out" 2>"$work/$name.log" &
  pids+=($!)
  for ((i = 0; i < 100; i++)); do
    grep -q '^listening on' "$work/$name.out" 2>/dev/null && break
    sleep 0.1
  done
  server_url=$(sed -n 's/^listening on //p' "$work/$name.out")
  [[ -n $server_url ]] || { cat "$work/$name.log" >&2; exit 1; }
}
mkdir -p "$work/redirect"
printf '%s\n' "$password" |
  "$appvaultd" user add ann --password-stdin --data "$work/redirect" --database "sqlite:$work/meta.db" >/dev/null
serve redirect --blob-redirect
redirect=$server_url
serve plain
plain=$server_url
token=$(curl -sf -X POST "$redirect/v1/sessions" -d "{\"username\":\"ann\",\"password\":\"$password\"}" |
  sed 's/.*"token":"\([0-9a-f]*\)".*/\1/')

# The blobs, uploaded through the redirecting server.
: >"$work/shas"
for ((i = 1; i <= count; i++)); do
  head -c $((mb << 20)) /dev/urandom >"$work/blob"
  curl -sf -X POST "$redirect/v1/blobs" -H "Authorization: Bearer $token" --data-binary "@$work/blob" |
    sed 's/.*"sha256":"\([0-9a-f]*\)".*/\1/' >>"$work/shas"
  echo >>"$work/shas"  # the reply ends without a newline
done
total=$((count * mb << 20))

# (a)'s URLs: the presigned ones the server hands out (valid 5 minutes: fetched again per run).
presigned() {
  while read -r sha; do
    curl -sf -o /dev/null -w '%{redirect_url}\n' "$redirect/v1/blobs/$sha" -H "Authorization: Bearer $token"
  done <"$work/shas"
}
# Each side is one curl --parallel --parallel-max 4 over a list of URLs; (b)'s follows the
# server's 302 (-L: curl sends the session token only to the server, never to another port).
list_of() { sed 's|.*|url = "&"\noutput = "/dev/null"|'; }
fetch() { curl -sf --no-progress-meter --parallel --parallel-max 4 "$@"; }
direct_run() { fetch -K "$work/urls.list" "$@"; }
redirect_run() { fetch -L -H "Authorization: Bearer $token" -K "$work/redirect.list" "$@"; }
plain_run() { fetch -H "Authorization: Bearer $token" -K "$work/plain.list" "$@"; }
sed "s|^|$redirect/v1/blobs/|" "$work/shas" | list_of >"$work/redirect.list"
sed "s|^|$plain/v1/blobs/|" "$work/shas" | list_of >"$work/plain.list"
presigned | list_of >"$work/urls.list"
direct_run
plain_run  # the plain server's verified copies are made once, outside the timed runs

a_ms=() b_ms=() c_ms=()
for ((r = 0; r < repeat; r++)); do
  presigned | list_of >"$work/urls.list"
  start=$(now_ns); direct_run; a_ms+=($((($(now_ns) - start) / 1000000)))
  start=$(now_ns); redirect_run; b_ms+=($((($(now_ns) - start) / 1000000)))
  start=$(now_ns); plain_run; c_ms+=($((($(now_ns) - start) / 1000000)))
done
# Every side really fetched every byte.
for side in direct_run redirect_run plain_run; do
  got=$("$side" -w '%{size_download}\n' | awk '{s += $1} END {print s + 0}')
  [[ $got -eq $total ]] || { echo "$side fetched $got bytes, not $total" >&2; exit 1; }
done
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {printf "%.0f\n", a[int((NR+1)/2)]}'; }
a=$(median "${a_ms[@]}") b=$(median "${b_ms[@]}") c=$(median "${c_ms[@]}")
echo "# blob redirect benchmark ($(nproc) cores, $(date -u +%Y-%m-%d)): $count blobs of $mb MiB, 4 at a time"
echo "(a) radosgw's own GET:          ${a} ms ($(awk -v b="$total" -v t="$a" 'BEGIN {printf "%.0f", b / t / 1000}') MB/s)  runs: ${a_ms[*]}"
echo "(b) through --blob-redirect:    ${b} ms  runs: ${b_ms[*]}"
echo "(c) appvaultd passing bytes on: ${c} ms  runs: ${c_ms[*]}"
echo "(a)/(b):                        $(ratio "$a" "$b")x (goal >= 0.9x)"
echo "(a)/(c):                        $(ratio "$a" "$c")x"
