#!/usr/bin/env bash
# Benchmark the iCalendar importer: expand the real 677-event Google calendar (many modified
# occurrences, Europe/Paris) over two years with the release binary, into a fresh store each
# run, and print the number of occurrences imported.
#
# Usage: scripts/bench-ics.sh [FILE] [SINCE] [UNTIL]
#   FILE  default ../shared/data/calendar/recurring-ical-events/issue_173_only_modifications_error.ics
#   SINCE default 2023-01-01, UNTIL default 2024-12-31 (inclusive)
# Uses hyperfine when installed (10 runs, 2 warm-ups), else 5 runs of `time`.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
file="${1:-$root/../shared/data/calendar/recurring-ical-events/issue_173_only_modifications_error.ics}"
since="${2:-2023-01-01}"
until="${3:-2024-12-31}"
[ -f "$file" ] || { echo "no such file: $file" >&2; exit 1; }

cargo build --release -p canary-cli --manifest-path "$root/Cargo.toml" >&2
bin="$root/target/release/canary"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
: >"$work/config.toml"

run() {
    rm -f "$work/bench.db" "$work/bench.db-wal" "$work/bench.db-shm"
    "$bin" --db "$work/bench.db" --config "$work/config.toml" import ics "$file" \
        -o "since=$since" -o "until=$until" --json
}

echo "file:   $file ($(wc -c <"$file") bytes, $(grep -c '^BEGIN:VEVENT' "$file") VEVENTs)"
echo "window: $since .. $until"
summary="$(run)"
echo "imported: $(echo "$summary" | grep -m1 '"new"' | tr -dc 0-9) occurrences," \
    "$(echo "$summary" | grep -m1 '"skipped"' | tr -dc 0-9) skipped"
# The same run again adds nothing: re-import is idempotent.
echo "re-import new: $("$bin" --db "$work/bench.db" --config "$work/config.toml" import ics "$file" \
    -o "since=$since" -o "until=$until" --json | grep -m1 '"new"' | tr -dc 0-9)"

if command -v hyperfine >/dev/null; then
    hyperfine --warmup 2 --runs 10 --export-markdown "$work/bench.md" \
        --prepare "rm -f '$work/bench.db' '$work/bench.db-wal' '$work/bench.db-shm'" \
        "'$bin' --db '$work/bench.db' --config '$work/config.toml' import ics '$file' -o since=$since -o until=$until --json"
else
    for i in 1 2 3 4 5; do
        echo "run $i:"
        time run >/dev/null
    done
fi
