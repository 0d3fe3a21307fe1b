#!/usr/bin/env bash
# The ctest fixture `test_services` (tests/services/CMakeLists.txt).
#   fixture.sh up DIR     stops whatever an interrupted run left in DIR, then starts the
#                         services; DIR/env then holds their addresses
#   fixture.sh down DIR   stops them and removes DIR
set -euo pipefail
script="$(cd "$(dirname "$0")/../.." && pwd)/scripts/test-services.sh"
case "${1:-}" in
  up)
    bash "$script" down "$2"
    bash "$script" up "$2" >/dev/null
    echo "test services up: $(grep -c = "$2/env") addresses in $2/env"
    ;;
  down) bash "$script" down "$2" ;;
  *)
    echo "usage: $0 up|down DIR" >&2
    exit 2
    ;;
esac
