# Shared helpers of the benchmark scripts (sourced, not run). The packages they measure come
# from tests/support/apk_lib.sh (make_keystore, make_signed_apk).

# shellcheck source=../tests/support/apk_lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/../tests/support/apk_lib.sh"

# now_ns: monotonic-enough wall clock in nanoseconds.
now_ns() { date +%s%N; }

# median_ms CMD...: runs CMD $REPEAT times (default 5), prints the median wall time in ms.
median_ms() {
  local times=() i start end
  for ((i = 0; i < ${REPEAT:-5}; i++)); do
    start=$(now_ns)
    "$@" >/dev/null 2>&1 || true
    end=$(now_ns)
    times+=($(((end - start) / 1000)))
  done
  printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {printf "%.1f\n", a[int((NR+1)/2)]/1000}'
}

# peak_rss_kb CMD...: the command's peak resident set size in KiB.
peak_rss_kb() {
  /usr/bin/time -f '%M' "$@" 2>&1 >/dev/null | tail -1
}

# ratio A B: A/B with two decimals.
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f\n", a / b}'; }
