#!/usr/bin/env bash
# scripts/test-services.sh as the tests use it: `up` starts PostgreSQL and the S3 server and
# prints their addresses; both answer (a query; an object written, read whole and by range,
# listed, and refused with a wrong key); `down` stops every process and removes the folder.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
script="$root/scripts/test-services.sh"
dir=$(mktemp -d /tmp/appvault-services-test.XXXXXX)/svc
fail() {
  echo "FAIL: $*" >&2
  bash "$script" down "$dir" || true
  exit 1
}

assignments=$(bash "$script" up "$dir") || fail "up exited non-zero"
eval "$assignments"
for name in APPVAULT_TEST_DATABASE APPVAULT_TEST_BLOBS AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY; do
  [ -n "${!name:-}" ] || fail "up printed no $name"
done
[[ "$APPVAULT_TEST_DATABASE" =~ ^postgresql://[a-z]+@127\.0\.0\.1:[0-9]+/[a-z_]+$ ]] ||
  fail "database URL not on loopback: $APPVAULT_TEST_DATABASE"
[[ "$APPVAULT_TEST_BLOBS" =~ ^s3://([a-z0-9-]+)\?endpoint=(http://127\.0\.0\.1:[0-9]+)\&region=([a-z0-9-]+)$ ]] ||
  fail "blob URL not on loopback: $APPVAULT_TEST_BLOBS"
bucket=${BASH_REMATCH[1]} endpoint=${BASH_REMATCH[2]} region=${BASH_REMATCH[3]}

answer=$(psql "$APPVAULT_TEST_DATABASE" -q -Atc 'CREATE TABLE t (v text); INSERT INTO t VALUES ($$ok$$); SELECT v FROM t') ||
  fail "PostgreSQL did not answer"
[ "$answer" = "ok" ] || fail "PostgreSQL answered '$answer'"

s3() {
  curl -sS -f --aws-sigv4 "aws:amz:$region:s3" --user "$AWS_ACCESS_KEY_ID:$1" \
    -H "x-amz-content-sha256: UNSIGNED-PAYLOAD" "${@:2}"
}
object="$dir/object"
head -c 100000 /dev/urandom >"$object"
s3 "$AWS_SECRET_ACCESS_KEY" -T "$object" "$endpoint/$bucket/probe" || fail "S3 PUT refused"
s3 "$AWS_SECRET_ACCESS_KEY" -o "$dir/back" "$endpoint/$bucket/probe" || fail "S3 GET refused"
cmp -s "$object" "$dir/back" || fail "S3 GET returned other bytes"
s3 "$AWS_SECRET_ACCESS_KEY" -H "Range: bytes=1000-1999" -o "$dir/part" "$endpoint/$bucket/probe" ||
  fail "S3 ranged GET refused"
cmp -s <(tail -c +1001 "$object" | head -c 1000) "$dir/part" || fail "S3 ranged GET returned other bytes"
s3 "$AWS_SECRET_ACCESS_KEY" "$endpoint/$bucket?list-type=2" | grep -q "<Key>probe</Key>" ||
  fail "S3 ListObjectsV2 does not list the object"
if s3 "wrong$AWS_SECRET_ACCESS_KEY" -o /dev/null "$endpoint/$bucket/probe" 2>/dev/null; then
  fail "S3 answered a request signed with a wrong key"
fi

pids=$(cat "$dir"/ceph/run/*.pid "$(cat "$dir/pg.dir")/data/postmaster.pid" 2>/dev/null | grep -E '^[0-9]+$' || true)
[ -n "$pids" ] || fail "no pid files under $dir"
bash "$script" down "$dir" || fail "down exited non-zero"
[ ! -e "$dir" ] || fail "down left $dir"
for pid in $pids; do
  if [ -r "/proc/$pid/stat" ] && [ "$(awk '{print $3}' "/proc/$pid/stat")" != "Z" ]; then
    fail "process $pid still runs after down"
  fi
done
rmdir "$(dirname "$dir")"
echo "test-services: up, PostgreSQL, S3 and down all work"
