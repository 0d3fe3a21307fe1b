#!/usr/bin/env bash
# Installs every Debian package the project needs to build, run, test and benchmark.
# Idempotent: when every package is already installed it does nothing (no apt-get update).
# Nothing is downloaded from anywhere but Debian's archive.
set -euo pipefail

packages=(
  # build
  build-essential cmake ninja-build g++ clang pkg-config python3
  # libraries
  libboost-dev libssl-dev nlohmann-json3-dev libspdlog-dev libcli11-dev
  libsqlite3-dev libsodium-dev libcurl4-openssl-dev zlib1g-dev libplist-dev
  libarchive-dev libclamav-dev
  # tests and benchmarks
  libgtest-dev libgmock-dev libbenchmark-dev curl time
  # the server's benchmark: load generator and reference web server (run unprivileged)
  wrk nginx-light
  # real Android packages at test time
  aapt apksigner zipalign android-framework-res default-jdk-headless zip unzip libplist-utils
  # throwaway test services (scripts/test-services.sh): PostgreSQL, Ceph's radosgw as S3
  postgresql ceph-mon ceph-osd radosgw ceph-common
  # the PostgreSQL metadata store's client library (libpq)
  libpq-dev
  # real phones over adb (CONTRACT §8), and the phone emulator's tests
  adb
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

echo "setup: installing ${missing[*]}"
sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then sudo_cmd=(sudo); fi
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -q
"${sudo_cmd[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
