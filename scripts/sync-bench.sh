#!/usr/bin/env bash
# `canary sync` timings for docs/performance.md: a no-op sync and a sync after one small change
# (one commit, one shell line, one mail), beside a plain `stat` of the same files.
#
#   scripts/sync-bench.sh demo   # sources at the demo persona's scale, generated here
#   scripts/sync-bench.sh real   # ../shared/data: zsh 2019, Enron Maildir and mbox, calendars,
#                                # the ActivityWatch export
#
# Needs a release build (cargo build --release -p canary-cli), git, python3 and hyperfine.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=$(realpath "${BIN:-target/release/canary}")
DATA=$(realpath ../shared/data 2>/dev/null || true)
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
export CANARY_CONFIG=$W/config.toml CANARY_DB=$W/canary.db NO_COLOR=1
"$BIN" init --yes --timezone Europe/Berlin --email me@example.org >/dev/null 2>&1

mode=${1:-demo}
if [ "$mode" = demo ]; then
    # The demo persona's scale: 26 weeks of a busy engineer (`canary demo`): about 1,200
    # commits, 18,000 shell commands and 3,000 mails.
    python3 - "$W" <<'PY'
import os, sys, time
w = sys.argv[1]
t0 = 1_780_000_000
with open(f"{w}/zsh_history", "w") as f:
    for i in range(18_000):
        f.write(f": {t0 + i * 800}:0;make test\n")
for i in range(3_000):
    d = f"{w}/Maildir/{'Sent' if i % 3 == 0 else 'INBOX'}/cur"
    os.makedirs(d, exist_ok=True)
    day = time.strftime("%a, %d %b %Y %H:%M:%S +0000", time.gmtime(t0 + i * 5_000))
    with open(f"{d}/{i}.host:2,S", "w") as f:
        f.write(f"From: a{i % 40}@example.org\nTo: me@example.org\nMessage-ID: <{i}@example.org>\nDate: {day}\nSubject: s\n\nbody\n")
with open(f"{w}/fast-import", "w") as f:
    for i in range(1_200):
        f.write(f"commit refs/heads/main\ncommitter Me <me@example.org> {t0 + i * 12_000} +0100\ndata 8\nchange {i%10}\n")
        f.write(f"M 644 inline f{i % 50}\ndata 4\n{i:04d}\n")
PY
    git init -q -b main "$W/repo"
    git -C "$W/repo" fast-import --quiet < "$W/fast-import"
    "$BIN" import git "$W/repo" >/dev/null
    "$BIN" import zsh "$W/zsh_history" >/dev/null
    "$BIN" import maildir "$W/Maildir" >/dev/null
    STAT=("$W/zsh_history" "$W/Maildir" "$W/repo/.git/refs")
else
    cp "$DATA/shell/zsh_history-extended-2019" "$W/zsh_history"
    cp -r "$DATA/mail/enron-maildir" "$W/Maildir"
    cat "$DATA"/mail/enron-mbox/* > "$W/mail.mbox"
    chmod -R u+w "$W"
    git init -q -b main "$W/repo"
    for i in 1 2 3; do git -C "$W/repo" -c user.name=Me -c user.email=me@example.org commit -q --allow-empty -m "c$i"; done
    "$BIN" import zsh "$W/zsh_history" >/dev/null
    "$BIN" import maildir "$W/Maildir" >/dev/null
    "$BIN" import mbox "$W/mail.mbox" >/dev/null
    "$BIN" import git "$W/repo" >/dev/null
    "$BIN" import ics "$DATA"/calendar/holidays/*.ics >/dev/null
    "$BIN" import activitywatch "$DATA/tracker/activitywatch-desktop-export.json" >/dev/null
    STAT=("$W/zsh_history" "$W/Maildir" "$W/mail.mbox" "$W/repo/.git/refs" "$DATA/calendar/holidays" "$DATA/tracker/activitywatch-desktop-export.json")
fi
"$BIN" sync >/dev/null
echo "== sources"
"$BIN" sync
echo "== files: $(find "${STAT[@]}" | wc -l)"

# A small change before each timed run (hyperfine --prepare): one commit, one shell line, one
# mail.
hyperfine -N --warmup 2 --runs 10 \
    -n "stat of the same files" "find ${STAT[*]} -exec stat --format=%s {} +" \
    -n "no-op sync" "$BIN sync --quiet"
hyperfine --warmup 1 --runs 10 \
    --prepare "bash -c 'cd $W && git -C repo -c user.name=Me -c user.email=me@example.org commit -q --allow-empty -m b\$RANDOM && echo \": \$((1790000000 + RANDOM)):0;ls\" >> zsh_history && mkdir -p Maildir/bench/cur && printf \"From: me@example.org\nMessage-ID: <\$RANDOM\$RANDOM@b>\nDate: Tue, 10 Nov 2026 10:00:00 +0000\n\nb\n\" > Maildir/bench/cur/\$RANDOM\$RANDOM.h:2,S'" \
    -n "sync after one commit, one shell line, one mail" "$BIN sync --quiet"
echo "== one more change, then sync: 1 new commit, 1 new line, 1 new mail"
bash -c "cd $W && git -C repo -c user.name=Me -c user.email=me@example.org commit -q --allow-empty -m last && echo ': 1799999999:0;ls' >> zsh_history && printf 'From: me@example.org\nMessage-ID: <last@b>\nSubject: the last one\nDate: Tue, 10 Nov 2026 10:00:00 +0000\n\nb\n' > Maildir/bench/cur/last.h:2,S"
"$BIN" sync
