#!/usr/bin/env bash
# Peak memory of every file importer on adversarial inputs of about SIZE_MB (default 1024) MB:
# one giant line (histories, CSV, mbox), a giant JSON string (PagerDuty, Opsgenie, Slack,
# ActivityWatch), a million-event .ics, the same calendars and JSON files just under the
# limits, and /dev/zero given as a history. Each input is generated in OUT (default
# /tmp/canary-bounds, never the repository), imported once with `/usr/bin/time -v` into a fresh
# store, and deleted. Prints one Markdown row per input: peak RSS, time, exit code and the
# first line Canary printed about it.
#
# Usage: scripts/bench-bounds.sh [CANARY]   (default: target/release/canary, built first)
#   env: SIZE_MB, OUT, ONLY (a regex of input names to run), VMEM_GB (address-space cap, 8)
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
SIZE_MB=${SIZE_MB:-1024}
OUT=${OUT:-/tmp/canary-bounds}
ONLY=${ONLY:-.}
if [ $# -ge 1 ]; then
    CANARY=$1
else
    (cd "$ROOT" && cargo build --release -q -p canary-cli)
    CANARY=$ROOT/target/release/canary
fi
mkdir -p "$OUT"
: >"$OUT/config.toml"
SIZE=$((SIZE_MB << 20))

# N bytes of `a`, no newline.
filler() { head -c "$1" /dev/zero | tr '\0' a; }

# measure NAME FORMAT INPUT [OPTIONS...]: one table row.
measure() {
    local name=$1 format=$2 input=$3
    shift 3
    rm -f "$OUT"/run.db*
    local status=0
    # Address space capped at VMEM_GB (default 8) GiB, so that an unbounded reader (the
    # build before the limits, on /dev/zero) fails alone instead of taking the machine's memory.
    (ulimit -v $((${VMEM_GB:-8} << 20)) &&
        /usr/bin/time -v -o "$OUT/time.txt" timeout 600 "$CANARY" --db "$OUT/run.db" \
            --config "$OUT/config.toml" import "$format" "$input" "$@") >"$OUT/out.txt" 2>&1 || status=$?
    local rss secs said
    rss=$(awk '/Maximum resident set size/ { printf "%.0f", $6 / 1024 }' "$OUT/time.txt")
    secs=$(awk -F': ' '/Elapsed \(wall clock\)/ { print $2 }' "$OUT/time.txt")
    # The line that says what happened: a refusal, a skip, or the summary.
    said=$(grep -m1 -E 'refused|error|too large|longer than|regular file|shrank|memory|imported|new' \
        "$OUT/out.txt" | cut -c1-140 | tr '|' '/' || true)
    [ -n "$said" ] || said=$(head -c 140 "$OUT/out.txt" | head -1 | tr '|' '/')
    local bytes=""
    [ -f "$input" ] && bytes=$(($(stat -c %s "$input") >> 20))
    echo "| $name | ${bytes:-–} MiB | $rss MiB | $secs | $status | ${said:-–} |"
}

# want NAME: whether ONLY selects this input.
want() { [[ $1 =~ $ONLY ]]; }

echo "| input | size | peak RSS | time | exit | what Canary said |"
echo "|---|---|---|---|---|---|"

if want zsh-line; then
    { printf ': 1700000000:0;'; filler "$SIZE"; printf '\n: 1700000001:0;ls\n'; } >"$OUT/zsh_history"
    measure "zsh: one ${SIZE_MB} MiB line" zsh "$OUT/zsh_history"
    rm -f "$OUT/zsh_history"
fi
if want bash-line; then
    { printf '#1700000000\n'; filler "$SIZE"; printf '\n#1700000001\nls\n'; } >"$OUT/bash_history"
    measure "bash: one ${SIZE_MB} MiB line" bash "$OUT/bash_history"
    rm -f "$OUT/bash_history"
fi
if want fish-line; then
    { printf -- '- cmd: '; filler "$SIZE"; printf '\n  when: 1700000000\n- cmd: ls\n  when: 1700000001\n'; } >"$OUT/fish_history"
    measure "fish: one ${SIZE_MB} MiB line" fish "$OUT/fish_history"
    rm -f "$OUT/fish_history"
fi
if want csv-line; then
    { printf 'timestamp,note\n2026-01-01T10:00:00Z,x\n'; filler "$SIZE"; printf '\n2026-01-01T11:00:00Z,y\n'; } >"$OUT/big.csv"
    measure "csv: one ${SIZE_MB} MiB line" csv "$OUT/big.csv" -o timestamp=timestamp -o kind=other
    rm -f "$OUT/big.csv"
fi
if want mbox-line; then
    { printf 'From - Mon Apr 18 14:24:49 2022\nMessage-ID: <1@x>\nDate: Mon, 14 May 2001 17:15:00 -0700\n\n'
      filler "$SIZE"; printf '\n'; } >"$OUT/big.mbox"
    measure "mbox: one ${SIZE_MB} MiB line" mbox "$OUT/big.mbox"
    rm -f "$OUT/big.mbox"
fi
if want dev-zero; then
    measure "zsh: /dev/zero as the history" zsh /dev/zero
fi
if want pagerduty-json; then
    { printf '{"incidents":[{"id":"'; filler "$SIZE"; printf '"}]}'; } >"$OUT/pd.json"
    measure "pagerduty: a ${SIZE_MB} MiB JSON string" pagerduty "$OUT/pd.json"
    rm -f "$OUT/pd.json"
fi
if want opsgenie-json; then
    { printf '{"data":[{"id":"'; filler "$SIZE"; printf '"}]}'; } >"$OUT/og.json"
    measure "opsgenie: a ${SIZE_MB} MiB JSON string" opsgenie "$OUT/og.json"
    rm -f "$OUT/og.json"
fi
if want activitywatch-json; then
    { printf '{"buckets":{"b":{"id":"'; filler "$SIZE"; printf '","type":"currentwindow","events":[]}}}'; } >"$OUT/aw.json"
    measure "activitywatch: a ${SIZE_MB} MiB JSON string" activitywatch "$OUT/aw.json"
    rm -f "$OUT/aw.json"
fi
if want slack-json; then
    rm -rf "$OUT/slack" && mkdir -p "$OUT/slack/general"
    printf '[{"id":"C1","name":"general"}]' >"$OUT/slack/channels.json"
    { printf '[{"type":"message","user":"U1","ts":"1700000000.000100","text":"'; filler "$SIZE"; printf '"}]'; } \
        >"$OUT/slack/general/2023-11-14.json"
    measure "slack: a ${SIZE_MB} MiB day file" slack "$OUT/slack" -o all_users=true
    rm -rf "$OUT/slack"
fi
# A calendar of N one-hour events on successive days, each with its own UID.
calendar() {
    python3 - "$1" <<'PY'
import sys
n = int(sys.argv[1])
out = sys.stdout
out.write("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//bench//EN\r\n")
for i in range(n):
    y, r = divmod(i, 365)
    day = f"{2000 + y % 30:04d}{1 + (r // 28) % 12:02d}{1 + r % 28:02d}"
    out.write(f"BEGIN:VEVENT\r\nUID:e{i}@bench\r\nDTSTAMP:20240101T000000Z\r\n"
              f"DTSTART:{day}T090000Z\r\nDTEND:{day}T100000Z\r\nSUMMARY:Meeting {i}\r\nEND:VEVENT\r\n")
out.write("END:VCALENDAR\r\n")
PY
}
if want ics-million; then
    calendar 1000000 >"$OUT/million.ics"
    measure "ics: a million events" ics "$OUT/million.ics" -o since=2000-01-01 -o until=2030-12-31
    rm -f "$OUT/million.ics"
fi
if want ics-limit; then
    # Just under the 64 MiB limit: the most memory an accepted calendar can take.
    calendar 450000 >"$OUT/limit.ics"
    measure "ics: 450,000 events (under the limit)" ics "$OUT/limit.ics" -o since=2000-01-01 -o until=2030-12-31
    rm -f "$OUT/limit.ics"
fi
if want pagerduty-limit; then
    # Just under the 64 MiB JSON limit, as many small incidents.
    python3 - "$OUT/pd-limit.json" <<'PY'
import sys
with open(sys.argv[1], "w") as out:
    out.write('{"incidents":[')
    i = 0
    size = 0
    while size < 63 << 20:
        s = ('{"id":"P%07d","created_at":"2024-01-%02dT10:00:00Z","urgency":"high",'
             '"service":{"summary":"api"},"title":"Incident %d"}' % (i, 1 + i % 28, i))
        if i:
            out.write(",")
        out.write(s)
        size += len(s) + 1
        i += 1
    out.write("]}")
PY
    measure "pagerduty: 63 MiB of small incidents (under the limit)" pagerduty "$OUT/pd-limit.json"
    rm -f "$OUT/pd-limit.json"
fi
rm -f "$OUT"/run.db* "$OUT/out.txt" "$OUT/time.txt"
