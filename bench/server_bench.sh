#!/usr/bin/env bash
# Benchmark of the server (`appvaultd serve`) against Debian's nginx, both started by this
# script on loopback, measured with the same wrk / curl settings minutes apart, so the
# figures that matter are ratios:
#   1. restore plan for one app, authenticated, 64 connections: requests/s, p50, p99 — vs
#      nginx serving a static file of the plan's size
#   2. download of a 100 MB package: throughput — vs nginx (`sendfile on`) serving the file
#   3. the server's peak RSS during 1 and 2; its RSS growth while a 1 GB package is published
# Usage: bench/server_bench.sh BUILD_DIR [BIG_MB] [HUGE_MB]
# The APKs are generated once into BUILD_DIR/bench-cache. Everything started here is stopped
# on exit. Needs wrk, nginx, curl, python3 (scripts/setup.sh installs them).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
source "$here/lib.sh"
build=$(cd "${1:?usage: server_bench.sh BUILD_DIR [BIG_MB] [HUGE_MB]}" && pwd)
appvaultd="$build/src/cli/appvaultd"
big_mb=${2:-100}
huge_mb=${3:-1024}
duration=${BENCH_DURATION:-10s}
wrk_settings=(-t2 -c64 "-d$duration" --latency)
password="bench password"
cache="$build/bench-cache"
mkdir -p "$cache"
work=$(mktemp -d)
chmod 755 "$work" # nginx's workers run as nobody and read $work/www
pids=()

cleanup() {
  local pid
  for pid in "${pids[@]}"; do
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  rm -rf "$work"
}
trap cleanup EXIT

die() {
  echo "server_bench: $*" >&2
  exit 1
}

for tool in wrk nginx curl python3; do
  command -v "$tool" >/dev/null || die "$tool is missing: run scripts/setup.sh"
done

# json FIELD: the field of the JSON object on stdin.
json() { python3 -c 'import json, sys; print(json.load(sys.stdin)[sys.argv[1]])' "$1"; }

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# kb FIELD PID: a field of /proc/PID/status (VmRSS, VmHWM) in KiB.
kb() { awk -v f="$1:" '$1 == f {print $2}' "/proc/$2/status"; }

# serve NAME [serve flags…]: appvaultd serve on a free port with data in $work/NAME; sets
# server_pid and url.
serve() {
  local name=$1 data="$work/$1" line="" i
  shift
  "$appvaultd" serve --data "$data" --listen 127.0.0.1:0 "$@" >"$work/$name.out" \
    2>"$work/$name.log" &
  server_pid=$!
  pids+=("$server_pid")
  for ((i = 0; i < 100; i++)); do
    line=$(head -1 "$work/$name.out" 2>/dev/null || true)
    [[ $line == "listening on "* ]] && break
    sleep 0.1
  done
  [[ $line == "listening on "* ]] || die "appvaultd did not start: $(cat "$work/$name.log")"
  url=${line#listening on }
}

# stop_server: stops the server that serve started last.
stop_server() {
  kill "$server_pid"
  wait "$server_pid" 2>/dev/null || true
}

# start_server NAME: serve NAME, then makes the publisher "bench" and its token.
start_server() {
  local data="$work/$1"
  serve "$1"
  printf '%s\n' "$password" |
    "$appvaultd" user add bench --role publisher --password-stdin --data "$data" >/dev/null
  token=$(curl -sf -X POST "$url/v1/sessions" \
    -d "{\"username\":\"bench\",\"password\":\"$password\"}" | json token)
}

# api METHOD PATH [curl args…]: an authenticated call; fails on an HTTP error.
api() {
  local method=$1 path=$2
  shift 2
  curl -sf -X "$method" "$url$path" -H "Authorization: Bearer $token" "$@"
}

# start_nginx ROOT: nginx serving ROOT on a free port with a generated configuration in
# $work/nginx; sets nginx_url.
start_nginx() {
  local dir="$work/nginx" port i
  port=$(free_port)
  mkdir -p "$dir/logs" "$dir/tmp"
  cat >"$dir/nginx.conf" <<CONF
worker_processes $(nproc);
daemon off;
pid $dir/nginx.pid;
error_log $dir/logs/error.log;
events { worker_connections 1024; }
http {
  access_log $dir/logs/access.log;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 1000000;
  client_body_temp_path $dir/tmp/body;
  proxy_temp_path $dir/tmp/proxy;
  fastcgi_temp_path $dir/tmp/fastcgi;
  uwsgi_temp_path $dir/tmp/uwsgi;
  scgi_temp_path $dir/tmp/scgi;
  default_type application/octet-stream;
  server {
    listen 127.0.0.1:$port;
    root $1;
  }
}
CONF
  nginx -p "$dir" -c "$dir/nginx.conf" -e "$dir/logs/error.log" &
  pids+=($!)
  nginx_url="http://127.0.0.1:$port"
  for ((i = 0; i < 100; i++)); do
    curl -sf -o /dev/null "$nginx_url/plan.json" && return
    sleep 0.1
  done
  die "nginx did not start: $(cat "$dir/logs/error.log")"
}

# to_ms VALUE: wrk's "635.91us" / "1.20ms" / "1.02s" in milliseconds.
to_ms() {
  awk -v v="$1" 'BEGIN {
    if (v ~ /us$/) { sub(/us$/, "", v); printf "%.3f", v / 1000 }
    else if (v ~ /ms$/) { sub(/ms$/, "", v); printf "%.3f", v }
    else if (v ~ /s$/) { sub(/s$/, "", v); printf "%.3f", v * 1000 }
    else printf "%s", v }'
}

# run_wrk NAME ARGS…: wrk with the common settings; prints "REQ_PER_S P50_MS P99_MS" and
# fails when a response was not 2xx/3xx or a socket error happened.
run_wrk() {
  local name=$1 out="$work/wrk-$1.txt"
  shift
  wrk "${wrk_settings[@]}" "$@" >"$out"
  if grep -q -e "Non-2xx" -e "Socket errors" "$out"; then
    cat "$out" >&2
    die "$name: wrk saw errors"
  fi
  printf '%s %s %s\n' "$(awk '/^Requests\/sec/ {print $2}' "$out")" \
    "$(to_ms "$(awk '$1 == "50%" {print $2}' "$out")")" \
    "$(to_ms "$(awk '$1 == "99%" {print $2}' "$out")")"
}

# download_mbs URL [curl args…]: median throughput of 5 sequential downloads (after one to
# warm up) in MB/s.
download_mbs() {
  local i
  curl -sf -o /dev/null "$@"
  for ((i = 0; i < 5; i++)); do
    curl -sf -o /dev/null -w '%{speed_download}\n' "$@"
  done | sort -n | awk '{a[NR] = $1} END {printf "%.0f\n", a[3] / 1e6}'
}

# The packages, generated once (apksigner on a 1 GB file takes a while).
[[ -f "$cache/key.p12" ]] || make_keystore "$cache/key.p12"
big="$cache/server-${big_mb}mb.apk"
huge="$cache/server-${huge_mb}mb.apk"
[[ -f "$big" ]] || make_signed_apk "$big" "$big_mb" 4 "$cache/key.p12" 24
[[ -f "$huge" ]] || make_signed_apk "$huge" "$huge_mb" 8 "$cache/key.p12" 24
big_size=$(stat -c %s "$big")

echo "# server benchmark ($(nproc) cores, $(date -u +%Y-%m-%d), wrk ${wrk_settings[*]})"

# The library, a device and a backup of the app, so that a restore plan has work to do.
start_server main
sha=$(api POST "/v1/catalog/packages?software=bench&category=tools" -T "$big" | json sha256)
device=$(api POST /v1/devices \
  -d '{"name":"bench","platform":"android","os_version":"30","abis":["arm64-v8a"]}' |
  json device_id)
api POST /v1/backups \
  -d "{\"device_id\":\"$device\",\"apps\":[{\"app\":\"org.appvault.bench\",\"version_code\":1}]}" \
  >/dev/null
plan_body="{\"device_id\":\"$device\",\"apps\":[\"org.appvault.bench\"]}"
api POST /v1/restore-plans -d "$plan_body" >"$work/plan.json"
grep -q '"outcome":"install"' "$work/plan.json" || die "unexpected plan: $(cat "$work/plan.json")"
plan_size=$(stat -c %s "$work/plan.json")
cat >"$work/plan.lua" <<LUA
wrk.method = "POST"
wrk.body = '$plan_body'
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer $token"
LUA

# nginx serves a file of the plan's size and the same package file.
mkdir -p "$work/www"
head -c "$plan_size" /dev/urandom >"$work/www/plan.json"
ln "$big" "$work/www/package.apk" 2>/dev/null || cp "$big" "$work/www/package.apk"
chmod 644 "$work/www/"*
start_nginx "$work/www"

# 1. Restore plans. With BENCH_PERF_OUT=FILE, perf records appvaultd meanwhile (for
# BENCH_PERF_SECONDS, default 5, with the perf options BENCH_PERF_ARGS, default -g).
if [[ -n ${BENCH_PERF_OUT:-} ]]; then
  perf record ${BENCH_PERF_ARGS:--g} -o "$BENCH_PERF_OUT" -p "$server_pid" -- sleep ${BENCH_PERF_SECONDS:-5} >/dev/null 2>&1 &
fi
read -r app_rps app_p50 app_p99 < <(run_wrk appvault -s "$work/plan.lua" "$url/v1/restore-plans")
read -r nginx_rps nginx_p50 nginx_p99 < <(run_wrk nginx "$nginx_url/plan.json")
echo "restore plan for one app ($plan_size bytes of JSON), 64 connections, $duration:"
echo "  appvaultd: $app_rps req/s, p50 $app_p50 ms, p99 $app_p99 ms"
echo "  nginx static file of the same size: $nginx_rps req/s, p50 $nginx_p50 ms, p99 $nginx_p99 ms"
echo "  ratio: $(ratio "$app_rps" "$nginx_rps")x (goal >= 0.7x)"
echo "  (the server answers a plan asked again by the same session from its reply cache while"
echo "  nothing changed; see below for a plan computed each time)"

# 2. Downloads of the package.
app_mbs=$(download_mbs "$url/v1/blobs/$sha" -H "Authorization: Bearer $token")
nginx_mbs=$(download_mbs "$nginx_url/package.apk")
echo "download of the $((big_size / 1000000)) MB package, curl, median of 5 sequential:"
echo "  appvaultd: $app_mbs MB/s; nginx sendfile: $nginx_mbs MB/s"
echo "  ratio: $(ratio "$app_mbs" "$nginx_mbs")x (goal >= 0.9x)"

# 3. Memory.
peak_mb=$(($(kb VmHWM "$server_pid") / 1024))
echo "appvaultd peak RSS during 1 and 2: $peak_mb MB (goal < 150 MB)"
stop_server

# 1b. The same plans with the reply cache off: every one read from the database and decided
# (what the first plan of a restore costs). Same data folder: the session is still valid.
serve main --reply-cache-mb 0
read -r raw_rps raw_p50 raw_p99 < <(run_wrk computed -s "$work/plan.lua" "$url/v1/restore-plans")
echo "restore plan computed every time (serve --reply-cache-mb 0), 64 connections, $duration:"
echo "  appvaultd: $raw_rps req/s, p50 $raw_p50 ms, p99 $raw_p99 ms;" \
  "ratio to nginx above: $(ratio "$raw_rps" "$nginx_rps")x"
stop_server

# A fresh server, signed in to: the growth is its high-water mark after publishing the big
# package less its resident size before (an upper bound: argon2id's 19 MiB of the login
# may still be counted in the high-water mark, never below it).
start_server huge
before_kb=$(kb VmRSS "$server_pid")
start=$(now_ns)
api POST "/v1/catalog/packages?software=huge&category=tools" -T "$huge" >/dev/null
publish_ms=$((($(now_ns) - start) / 1000000))
after_kb=$(kb VmHWM "$server_pid")
huge_size=$(stat -c %s "$huge")
echo "publishing a $((huge_size / 1000000)) MB package: $publish_ms ms" \
  "($(awk -v b="$huge_size" -v t="$publish_ms" 'BEGIN {printf "%.0f", b / t / 1000}') MB/s," \
  "upload + inspection + store)"
echo "  RSS $((before_kb / 1024)) MB before, peak RSS $((after_kb / 1024)) MB after:" \
  "growth $(((after_kb - before_kb) / 1024)) MB (goal < 32 MB)"
