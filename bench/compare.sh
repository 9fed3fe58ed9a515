#!/usr/bin/env bash
# Compares, in one run on this machine, the time to load the registry with
#   - the sqlite3 shell's .import of IANA's CSV into one table of text,
#   - sqlite-utils insert --csv of the same CSV,
#   - ianaports' import of the full XML (parsed, normalized, indexed),
# and prints each median of N runs and the ratios.
#
# Usage: bench/compare.sh [N]   (needs sqlite3 and sqlite-utils: apt-get install sqlite3 sqlite-utils)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-7}
shared=${IANAPORTS_SHARED:-../shared}
xml=$shared/iana/xml/2026-08-17.xml
csv=$shared/iana/csv/2025-04-07.csv
for tool in sqlite3 sqlite-utils go; do
  command -v "$tool" >/dev/null || { echo "compare.sh: $tool not found" >&2; exit 1; }
done
[ -f "$xml" ] && [ -f "$csv" ] || { echo "compare.sh: $shared/iana not found" >&2; exit 1; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
go build -o "$tmp/" ./cmd/import

# median_ms NAME COMMAND...: runs COMMAND $runs times on a fresh database
# file ($tmp/db) and prints the median wall time in milliseconds.
median_ms() {
  local times=() i start end
  for ((i = 0; i < runs; i++)); do
    rm -f "$tmp/db"
    start=$(date +%s%N)
    "$@" >/dev/null
    end=$(date +%s%N)
    times+=($(((end - start) / 1000)))
  done
  printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {printf "%.1f", a[int((NR+1)/2)]/1000}'
}

s=$(median_ms sqlite3 "$tmp/db" ".import --csv $csv registry")
u=$(median_ms sqlite-utils insert "$tmp/db" registry "$csv" --csv)
i=$(median_ms "$tmp/import" -quiet -db "$tmp/db" "$xml")
ic=$(median_ms "$tmp/import" -quiet -db "$tmp/db" "$csv")

awk -v s="$s" -v u="$u" -v i="$i" -v ic="$ic" -v n="$runs" 'BEGIN {
  printf "median of %d runs, fresh database each run\n", n
  printf "  sqlite3 .import (CSV, one text table)    %8.1f ms\n", s
  printf "  sqlite-utils insert --csv                %8.1f ms\n", u
  printf "  ianaports import, full XML 2026-08-17    %8.1f ms\n", i
  printf "  ianaports import, CSV 2025-04-07         %8.1f ms\n", ic
  printf "ratios: ianaports XML / sqlite3 = %.1fx; sqlite-utils / ianaports XML = %.1fx\n", i / s, u / i
}'
