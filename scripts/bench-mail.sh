#!/usr/bin/env bash
# Benchmark the mail importers end to end (release build).
#
# mbox: a file of at least SIZE_MB (default 800) MB made by concatenating the real Enron mbox
# files in ../shared/data/mail/enron-mbox again and again (in BENCH_DIR, never in the repo),
# then timed with hyperfine:
#   - `canary import mbox BIG` into a fresh store (7,112 distinct messages, the rest repeats),
#   - the same import into a store that already holds them (every message a duplicate),
#   - `grep -c '^Date:' BIG` (the floor: one pass over the bytes),
#   - Python's `mailbox` reading Date, From and Message-ID of every message (headers only).
# Then the same size again with every Message-ID made distinct (`<rN.` prefixed per copy), so
# that new rows, not repeats, dominate: the store's insert path.
# Peak RSS of each comes from `/usr/bin/time -v`. Every command's output goes through a pipe:
# GNU grep writing to /dev/null stops at the first match and would time nothing. Maildir: messages per second over the real
# Enron Maildir (5,921 messages).
#
# Usage: scripts/bench-mail.sh   (env: SIZE_MB, BENCH_DIR, CANARY_DATA, RUNS, PY_RUNS, KEEP=1 to
# keep the big file for the next run; it is deleted otherwise)
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
DATA=${CANARY_DATA:-$ROOT/../shared/data}
SIZE_MB=${SIZE_MB:-800}
free_mb() { df -Pm "$1" 2>/dev/null | awk 'NR == 2 { print $4 }'; }
if [ -z "${BENCH_DIR:-}" ]; then
    # /tmp, unless the disk is too full for the big file (shared machines): then tmpfs.
    BENCH_DIR=/tmp/canary-bench-mail
    if [ "$(free_mb /tmp)" -lt $((SIZE_MB + 1024)) ] && [ -d /dev/shm ] &&
        [ "$(free_mb /dev/shm)" -gt $((SIZE_MB + 1024)) ]; then
        echo "/tmp has under $((SIZE_MB + 1024)) MB free: using /dev/shm" >&2
        BENCH_DIR=/dev/shm/canary-bench-mail
    fi
fi
OUT=$BENCH_DIR
RUNS=${RUNS:-5}
PY_RUNS=${PY_RUNS:-2}
MBOXES=("$DATA"/mail/enron-mbox/*)
MAILDIR=$DATA/mail/enron-maildir

command -v hyperfine >/dev/null || { echo "needs hyperfine (apt-get install -y hyperfine)" >&2; exit 1; }
mkdir -p "$OUT"

BIG=$OUT/enron-x.mbox
if [ ! -f "$BIG" ] || [ "$(stat -c %s "$BIG")" -lt $((SIZE_MB << 20)) ]; then
    echo "building $BIG (>= $SIZE_MB MB)…" >&2
    : >"$BIG.part"
    while [ "$(stat -c %s "$BIG.part")" -lt $((SIZE_MB << 20)) ]; do
        cat "${MBOXES[@]}" >>"$BIG.part"
    done
    mv "$BIG.part" "$BIG"
fi
BYTES=$(stat -c %s "$BIG")
MESSAGES=$(grep -c '^From ' "$BIG")

(cd "$ROOT" && cargo build --release -q -p canary-cli)
CANARY=$ROOT/target/release/canary
CONFIG=$OUT/absent.toml # no config: default settings, no identities


# A store that already holds every message, for the all-duplicates case.
rm -f "$OUT"/again.db*
"$CANARY" --db "$OUT/again.db" --config "$CONFIG" import mbox "$BIG" >/dev/null

cat "$BIG" >/dev/null # warm the page cache: every tool reads from memory
echo "mbox: $BIG, $((BYTES >> 20)) MiB, $MESSAGES messages" | tee "$OUT/summary.txt"
hyperfine --output=pipe --warmup 1 --runs "$RUNS" --export-markdown "$OUT/mbox.md" --export-json "$OUT/mbox.json" \
    --prepare "rm -f $OUT/fresh.db $OUT/fresh.db-wal $OUT/fresh.db-shm" \
    -n "canary import mbox (fresh store)" "$CANARY --db $OUT/fresh.db --config $CONFIG import mbox $BIG" \
    -n "canary import mbox (all duplicates)" "$CANARY --db $OUT/again.db --config $CONFIG import mbox $BIG" \
    -n "grep -c '^Date:'" "grep -c '^Date:' $BIG"
hyperfine --output=pipe --runs "$PY_RUNS" --export-markdown "$OUT/python.md" --export-json "$OUT/python.json" \
    -n "python mailbox (headers only)" "python3 $ROOT/scripts/mbox-headers.py $BIG"

rss() { # peak RSS in MiB of a command (stdout through a pipe, as in hyperfine below)
    /usr/bin/time -v -o "$OUT/time.txt" "$@" | cat >/dev/null
    awk '/Maximum resident set size/ { printf "%.0f", $6 / 1024 }' "$OUT/time.txt"
}
rm -f "$OUT"/fresh.db*
{
    echo "peak RSS canary (fresh): $(rss "$CANARY" --db "$OUT/fresh.db" --config "$CONFIG" import mbox "$BIG") MiB"
    echo "peak RSS canary (duplicates): $(rss "$CANARY" --db "$OUT/again.db" --config "$CONFIG" import mbox "$BIG") MiB"
    echo "peak RSS grep: $(rss grep -c '^Date:' "$BIG") MiB"
    echo "peak RSS python: $(rss python3 "$ROOT/scripts/mbox-headers.py" "$BIG") MiB"
} | tee -a "$OUT/summary.txt"

# Maildir: messages per second over the real Enron Maildir (files cached).
MAILDIR_MESSAGES=$(find "$MAILDIR" -type f -not -path '*/tmp/*' | wc -l)
find "$MAILDIR" -type f -exec cat {} + >/dev/null
hyperfine --output=pipe --warmup 1 --runs "$RUNS" --export-json "$OUT/maildir.json" \
    --prepare "rm -f $OUT/md.db $OUT/md.db-wal $OUT/md.db-shm" \
    -n "canary import maildir (fresh store)" "$CANARY --db $OUT/md.db --config $CONFIG import maildir $MAILDIR"
python3 - "$OUT/mbox.json" "$OUT/python.json" "$OUT/maildir.json" "$BYTES" "$MESSAGES" "$MAILDIR_MESSAGES" <<'PY' | tee -a "$OUT/summary.txt"
import json, sys
mbox, py, md = (json.load(open(p))["results"] for p in sys.argv[1:4])
size, messages, md_messages = map(int, sys.argv[4:7])
t = {r["command"]: r["mean"] for r in mbox + py + md}
fresh, dup = t["canary import mbox (fresh store)"], t["canary import mbox (all duplicates)"]
grep, python = t["grep -c '^Date:'"], t["python mailbox (headers only)"]
maildir = t["canary import maildir (fresh store)"]
print(f"canary fresh {fresh:.3f} s ({size / fresh / 2**20:.0f} MiB/s, {messages / fresh:,.0f} messages/s)")
print(f"canary duplicates {dup:.3f} s; grep {grep:.3f} s; python {python:.1f} s")
print(f"canary vs grep: {grep / fresh:.2f}x; vs python: {python / fresh:.0f}x")
print(f"maildir: {md_messages} messages in {maildir:.3f} s = {md_messages / maildir:,.0f} messages/s")
PY

# New rows dominating: every copy's Message-IDs made distinct.
[ "${KEEP:-0}" = 1 ] || rm -f "$BIG"
UNIQ=$OUT/enron-distinct.mbox
COPIES=$(((SIZE_MB << 20) / $(cat "${MBOXES[@]}" | wc -c) + 1))
for r in $(seq 1 "$COPIES"); do sed "s/^Message-ID: </Message-ID: <r$r./" "${MBOXES[@]}"; done >"$UNIQ"
hyperfine --output=pipe --runs 3 --export-json "$OUT/distinct.json" \
    --prepare "rm -f $OUT/distinct.db $OUT/distinct.db-wal $OUT/distinct.db-shm" \
    -n "canary import mbox (distinct messages, fresh store)" \
    "$CANARY --db $OUT/distinct.db --config $CONFIG import mbox $UNIQ"
"$CANARY" --db "$OUT/distinct.db" --config "$CONFIG" import mbox "$UNIQ" | tee -a "$OUT/summary.txt"
echo "peak RSS canary (distinct): $(rss "$CANARY" --db "$OUT/distinct2.db" --config "$CONFIG" import mbox "$UNIQ") MiB" |
    tee -a "$OUT/summary.txt"
[ "${KEEP:-0}" = 1 ] || rm -f "$BIG" "$UNIQ" "$OUT"/*.db "$OUT"/*.db-wal "$OUT"/*.db-shm
