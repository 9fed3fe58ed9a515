#!/usr/bin/env bash
# Measures, in one run on this machine, what the history issue asks:
#   - the single full XML import against the sqlite3 shell's .import of
#     IANA's CSV (median of N each, fresh database each run),
#   - the import of the 379 snapshots of history.tar.zst: time and peak
#     memory (GNU time),
#   - the size of that database against a database of one snapshot,
#   - the cost of one more snapshot into the full database against an
#     empty one (median of N; the snapshot is removed again between runs).
#
# Usage: bench/history.sh [N]   (needs sqlite3 and GNU time: apt-get install sqlite3 time)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-7}
shared=${IANAPORTS_SHARED:-../shared}
xml=$shared/iana/xml/2026-08-17.xml
csv=$shared/iana/csv/2025-04-07.csv
archive=$shared/iana/history.tar.zst
for f in "$xml" "$csv" "$archive"; do [ -f "$f" ] || { echo "history.sh: $f not found" >&2; exit 1; }; done
command -v sqlite3 >/dev/null && [ -x /usr/bin/time ] || { echo "history.sh: needs sqlite3 and /usr/bin/time" >&2; exit 1; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
go build -o "$tmp/" ./cmd/import

ms() { echo $((($(date +%s%N) - $1) / 1000000)); }
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

# median_ms SETUP COMMAND...: runs SETUP then times COMMAND, $runs times.
median_ms() {
  local setup=$1 i start
  shift
  for ((i = 0; i < runs; i++)); do
    eval "$setup"
    start=$(date +%s%N)
    "$@" >/dev/null
    ms "$start"
  done | median
}

s=$(median_ms 'rm -f $tmp/db' sqlite3 "$tmp/db" ".import --csv $csv registry")
one=$(median_ms 'rm -f $tmp/db' "$tmp/import" -quiet -db "$tmp/db" "$xml")
one_size=$(stat -c %s "$tmp/db")

start=$(date +%s%N)
/usr/bin/time -f '%M' -o "$tmp/rss" "$tmp/import" -quiet -db "$tmp/history.db" "$archive"
hist=$(ms "$start")
rss=$(($(cat "$tmp/rss") / 1024))
hist_size=$(stat -c %s "$tmp/history.db")

# One more snapshot: the newest, taken out and put back.
"$tmp/import" -quiet -db "$tmp/history.db" -remove 2026-08-17
more=$(median_ms '"$tmp/import" -quiet -db "$tmp/history.db" -remove 2026-08-17 2>/dev/null || true' "$tmp/import" -quiet -db "$tmp/history.db" "$xml")

awk -v s="$s" -v one="$one" -v os="$one_size" -v h="$hist" -v rss="$rss" -v hs="$hist_size" -v more="$more" -v n="$runs" 'BEGIN {
  printf "single import, median of %d, fresh database each run:\n", n
  printf "  sqlite3 .import of the CSV 2025-04-07     %6d ms\n", s
  printf "  ianaports import of the XML 2026-08-17    %6d ms   (%.1fx sqlite3)\n", one, one / s
  printf "history.tar.zst, 379 snapshots:             %6d ms, peak memory %d MiB\n", h, rss
  printf "database: 379 snapshots %.2f MB, one snapshot %.2f MB (%.2fx)\n", hs / 1e6, os / 1e6, hs / os
  printf "one more snapshot (2026-08-17): into the full database %d ms, into an empty one %d ms (%.2fx)\n", more, one, more / one
}'
