#!/usr/bin/env bash
# Throwaway test services on loopback (CONTRACT §9): a PostgreSQL cluster and an S3 server
# (Ceph's radosgw on a one-node cluster whose OSD keeps its data in memory).
#
#   scripts/test-services.sh up DIR     start both under DIR (created); print shell assignments
#                                        APPVAULT_TEST_DATABASE=…  APPVAULT_TEST_BLOBS=…
#                                        AWS_ACCESS_KEY_ID=…  AWS_SECRET_ACCESS_KEY=…
#   scripts/test-services.sh down DIR   stop them and remove DIR
#
# Everything a service writes lives under DIR (PostgreSQL's cluster lives in a folder of its
# own under /tmp, named in DIR/pg.dir, because the server runs as the unprivileged `postgres`
# user, who may not be able to reach DIR). Ports are free loopback ports picked at start-up.
# `up` fails (exit 1, naming the service) if a service does not come up within its time
# limit (PostgreSQL 60 s, Ceph 90 s, three attempts); whatever it had started is then stopped.
# The packages come from scripts/setup.sh.
set -euo pipefail

readonly kBucket="appvault-test"
readonly kRegion="us-east-1"
readonly kAccessKey="appvaulttestaccess"

die() {
  echo "test-services: $*" >&2
  exit 1
}

# Like die, after printing the last lines of a log (the folder holding it is removed).
die_log() {
  local log=$1
  shift
  echo "test-services: $*; the end of $log:" >&2
  tail -n 25 "$log" >&2 2>/dev/null || true
  exit 1
}

# A TCP port on 127.0.0.1 that nothing listens on now.
free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

# Waits until `check` succeeds, polling every 0.1 s, for at most `seconds`.
wait_for() {
  local seconds=$1
  shift
  local deadline=$((SECONDS + seconds))
  until "$@" >/dev/null 2>&1; do
    [ "$SECONDS" -lt "$deadline" ] || return 1
    sleep 0.1
  done
}

# True while the process is alive and not a zombie.
alive() {
  local pid=$1
  [ -r "/proc/$pid/stat" ] || return 1
  local state
  state=$(awk '{print $3}' "/proc/$pid/stat" 2>/dev/null) || return 1
  [ "$state" != "Z" ] && [ -n "$state" ]
}

# Sends SIGKILL to each pid named in the given pid files and waits until each has exited.
kill_pidfiles() {
  local file pid
  for file in "$@"; do
    [ -f "$file" ] || continue
    pid=$(head -n1 "$file" | tr -dc '0-9')
    [ -n "$pid" ] || continue
    kill -KILL "$pid" 2>/dev/null || true
    wait_for 20 bash -c "! { [ -r /proc/$pid/stat ] && [ \"\$(awk '{print \$3}' /proc/$pid/stat)\" != Z ]; }" ||
      echo "test-services: pid $pid did not exit" >&2
  done
}

as_postgres() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

pg_bin() {
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1)
  [ -n "$dir" ] || die "PostgreSQL is not installed (run scripts/setup.sh)"
  echo "$dir"
}

postgres_up() {
  local dir=$1 bin port pgdir
  bin=$(pg_bin)
  port=$(free_port)
  pgdir=$(mktemp -d /tmp/appvault-pg.XXXXXX)
  echo "$pgdir" >"$dir/pg.dir"
  chmod 755 "$pgdir"
  [ "$(id -u)" -ne 0 ] || chown postgres: "$pgdir"
  as_postgres "$bin/initdb" -D "$pgdir/data" -U appvault --auth=trust -E UTF8 --no-sync \
    >"$dir/pg-initdb.log" 2>&1 || die_log "$dir/pg-initdb.log" "PostgreSQL: initdb failed"
  as_postgres "$bin/pg_ctl" -D "$pgdir/data" -l "$pgdir/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=$pgdir -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
    start >"$dir/pg-start.log" 2>&1 ||
    die_log "$pgdir/server.log" "PostgreSQL: did not start on 127.0.0.1:$port"
  as_postgres "$bin/createdb" -h 127.0.0.1 -p "$port" -U appvault appvault_test >>"$dir/pg-start.log" 2>&1 ||
    die_log "$dir/pg-start.log" "PostgreSQL: createdb failed"
  echo "APPVAULT_TEST_DATABASE=postgresql://appvault@127.0.0.1:$port/appvault_test" >>"$dir/env"
}

postgres_down() {
  local dir=$1 pgdir
  [ -f "$dir/pg.dir" ] || return 0
  pgdir=$(cat "$dir/pg.dir")
  if [ -f "$pgdir/data/postmaster.pid" ]; then
    as_postgres "$(pg_bin)/pg_ctl" -D "$pgdir/data" -m immediate -w -t 30 stop >/dev/null 2>&1 ||
      kill_pidfiles "$pgdir/data/postmaster.pid"
  fi
  rm -rf "$pgdir"
}

ceph_conf() {
  local dir=$1 fsid=$2 mon_port=$3 rgw_port=$4
  cat <<EOF
[global]
fsid = $fsid
mon host = [v1:127.0.0.1:$mon_port]
public addr = 127.0.0.1
cluster addr = 127.0.0.1
ms bind msgr2 = false
ms bind ipv6 = false
auth cluster required = none
auth service required = none
auth client required = none
keyring = $dir/ceph/keyring
run dir = $dir/ceph/run
admin socket = $dir/ceph/run/\$name.asok
pid file = $dir/ceph/run/\$name.pid
log file = $dir/ceph/log/\$name.log
mon data = $dir/ceph/mon/\$name
osd data = $dir/ceph/osd/\$name
osd objectstore = memstore
memstore device bytes = 2147483648
osd pool default size = 1
osd pool default min size = 1
osd pool default pg num = 8
osd pool default pgp num = 8
osd pool default pg autoscale mode = off
osd crush chooseleaf type = 0
mon allow pool size one = true
mon warn on pool no redundancy = false
mon max pg per osd = 1000
paxos propose interval = 0.01
paxos min wait = 0.01
mon lease = 1

[client.rgw.test]
rgw data = $dir/ceph/rgw
rgw frontends = beast endpoint=127.0.0.1:$rgw_port
EOF
}

# An S3 request signed with AWS Signature V4 by curl; the payload is sent unsigned.
s3_curl() {
  local secret=$1
  shift
  curl -sS -f --aws-sigv4 "aws:amz:$kRegion:s3" --user "$kAccessKey:$secret" \
    -H "x-amz-content-sha256: UNSIGNED-PAYLOAD" "$@"
}

ceph_up() {
  local dir=$1 fsid mon_port rgw_port uuid secret
  command -v ceph-mon >/dev/null || die "Ceph is not installed (run scripts/setup.sh)"
  fsid=$(cat /proc/sys/kernel/random/uuid)
  uuid=$(cat /proc/sys/kernel/random/uuid)
  secret=$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')
  mon_port=$(free_port)
  rgw_port=$(free_port)
  mkdir -p "$dir/ceph"/{run,log,mon,osd,rgw}
  ceph_conf "$dir" "$fsid" "$mon_port" "$rgw_port" >"$dir/ceph/ceph.conf"
  local conf=(-c "$dir/ceph/ceph.conf")
  local log="$dir/ceph/log/setup.log"
  {
    ceph-authtool "${conf[@]}" --create-keyring "$dir/ceph/keyring" --gen-key -n mon. --cap mon 'allow *' &&
      monmaptool --create --fsid "$fsid" --addv a "[v1:127.0.0.1:$mon_port]" "$dir/ceph/monmap" &&
      ceph-mon "${conf[@]}" --mkfs -i a --monmap "$dir/ceph/monmap" --keyring "$dir/ceph/keyring" &&
      ceph-mon "${conf[@]}" -i a
  } >>"$log" 2>&1 || die_log "$log" "Ceph: the monitor did not start"
  wait_for 60 ceph "${conf[@]}" --connect-timeout 2 mon stat || die_log "$log" "Ceph: the monitor does not answer"
  {
    # The OSD registers itself with the monitor as osd.0. A monitor that has just started
    # now and then refuses that first registration ("wrong fsid"); it takes the same OSD
    # a second later.
    mkdir -p "$dir/ceph/osd/osd.0" &&
      ceph-osd "${conf[@]}" -i 0 --mkfs --osd-uuid "$uuid" &&
      { ceph-osd "${conf[@]}" -i 0 || { sleep 1 && ceph-osd "${conf[@]}" -i 0; } ||
        { sleep 2 && ceph-osd "${conf[@]}" -i 0; }; }
  } >>"$log" 2>&1 || die_log "$log" "Ceph: the OSD did not start"
  wait_for 90 bash -c "ceph -c '$dir/ceph/ceph.conf' osd stat | grep -q '1 up'" ||
    die_log "$log" "Ceph: the OSD did not come up"
  radosgw "${conf[@]}" -n client.rgw.test >>"$log" 2>&1 || die_log "$log" "Ceph: radosgw did not start"
  wait_for 90 curl -sS -o /dev/null "http://127.0.0.1:$rgw_port/" ||
    die_log "$dir/ceph/log/client.rgw.test.log" "Ceph: radosgw does not answer on 127.0.0.1:$rgw_port"
  radosgw-admin "${conf[@]}" user create --uid appvault-test --display-name "appvault tests" \
    --access-key "$kAccessKey" --secret-key "$secret" >>"$log" 2>&1 ||
    die_log "$log" "Ceph: radosgw-admin user create failed"
  wait_for 30 s3_curl "$secret" -X PUT "http://127.0.0.1:$rgw_port/$kBucket" ||
    die_log "$log" "Ceph: could not create bucket $kBucket"
  {
    echo "APPVAULT_TEST_BLOBS=s3://$kBucket?endpoint=http://127.0.0.1:$rgw_port&region=$kRegion"
    echo "AWS_ACCESS_KEY_ID=$kAccessKey"
    echo "AWS_SECRET_ACCESS_KEY=$secret"
  } >>"$dir/env"
}

ceph_down() {
  local dir=$1
  [ -d "$dir/ceph/run" ] || return 0
  kill_pidfiles "$dir"/ceph/run/*.pid
}

up() {
  local dir=$1
  mkdir -p "$dir"
  dir=$(cd "$dir" && pwd)
  [ ! -e "$dir/env" ] || die "$dir already holds running services (run: $0 down $dir)"
  (postgres_up "$dir") || {
    down "$dir"
    exit 1
  }
  # Should a cluster still not come up, a fresh one on fresh ports is tried.
  local attempt
  for attempt in 1 2 3; do
    if (ceph_up "$dir"); then break; fi
    ceph_down "$dir"
    rm -rf "$dir/ceph"
    sed -i '/^APPVAULT_TEST_BLOBS=\|^AWS_/d' "$dir/env"
    if [ "$attempt" -eq 3 ]; then
      down "$dir"
      exit 1
    fi
    echo "test-services: Ceph attempt $attempt failed; starting a fresh cluster" >&2
  done
  # Quoted for the shell: the blob URL holds '&' and '?'.
  sed -E "s/^([A-Z_]+)=(.*)$/\1='\2'/" "$dir/env"
}

down() {
  local dir=$1
  [ -d "$dir" ] || return 0
  dir=$(cd "$dir" && pwd)
  ceph_down "$dir"
  postgres_down "$dir"
  rm -rf "$dir"
}

case "${1:-}" in
  up)
    [ $# -eq 2 ] || die "usage: $0 up DIR"
    up "$2"
    ;;
  down)
    [ $# -eq 2 ] || die "usage: $0 down DIR"
    down "$2"
    ;;
  *) die "usage: $0 up|down DIR" ;;
esac
