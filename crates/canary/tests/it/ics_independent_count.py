#!/usr/bin/env python3
"""Independent count of the meetings in an .ics file, for `ics_real_data.rs`.

Written without calcard or Canary: a line unfolder, python-dateutil's RRULE expansion and
zoneinfo. It follows the rules of Canary's importer (see crates/canary/src/sources/ics/), not
its code: an occurrence is a meeting when it is timed, not CANCELLED, not TRANSP:TRANSPARENT
(a modified occurrence takes what it does not say from its master, found by UID), not longer
than 24 hours, and starts inside the window. Modified occurrences replace the slot their
RECURRENCE-ID names; EXDATE removes slots; DTSTART is always an occurrence.

Usage: ics_independent_count.py FILE SINCE UNTIL   (dates, UNTIL inclusive, UTC)
Prints: meetings, distinct keys (UID/slot).
Only what the test files use is supported (TZID zones known to zoneinfo, no RDATE).
"""

import sys
from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from dateutil.rrule import rrulestr

UTC = timezone.utc


def unfold(text):
    lines = []
    for raw in text.splitlines():
        if raw[:1] in (" ", "\t") and lines:
            lines[-1] += raw[1:]
        else:
            lines.append(raw)
    return lines


def parse_value(params, value):
    """A DATE (date) or DATE-TIME (aware datetime) from a property's params and value."""
    value = value.strip()
    if params.get("VALUE") == "DATE" or len(value) == 8:
        return date(int(value[:4]), int(value[4:6]), int(value[6:8]))
    dt = datetime.strptime(value[:15], "%Y%m%dT%H%M%S")
    if value.endswith("Z"):
        return dt.replace(tzinfo=UTC)
    return dt.replace(tzinfo=ZoneInfo(params.get("TZID", "UTC")))


def events(lines):
    current = None
    depth = 0
    for line in lines:
        if line == "BEGIN:VEVENT":
            current, depth = {}, 1
            continue
        if current is None:
            continue
        if line.startswith("BEGIN:"):
            depth += 1
        elif line.startswith("END:"):
            depth -= 1
            if depth == 0:
                yield current
                current = None
            continue
        if depth != 1 or ":" not in line:
            continue
        head, value = line.split(":", 1)
        name, *params = head.split(";")
        params = dict(p.split("=", 1) for p in params if "=" in p)
        current.setdefault(name, []).append((params, value))


def first(ev, name):
    return ev.get(name, [None])[0]


def instant(v):
    if isinstance(v, datetime):
        return v.astimezone(UTC)
    return datetime(v.year, v.month, v.day, tzinfo=UTC)


def main():
    path, since, until = sys.argv[1:4]
    lo = datetime.fromisoformat(since).replace(tzinfo=UTC)
    hi = datetime.fromisoformat(until).replace(tzinfo=UTC) + timedelta(days=1)
    evs = list(events(unfold(open(path, encoding="utf-8").read())))
    masters, overrides = {}, {}
    for ev in evs:
        uid = first(ev, "UID")[1]
        if "RECURRENCE-ID" in ev:
            p, v = first(ev, "RECURRENCE-ID")
            overrides.setdefault(uid, {})[instant(parse_value(p, v))] = ev
        else:
            masters.setdefault(uid, []).append(ev)

    def props(ev, master):
        def get(name):
            own = first(ev, name)
            if own is None and master is not None:
                own = first(master, name)
            return own[1] if own else None

        return get("STATUS"), get("TRANSP")

    def span(ev, start):
        p, v = first(ev, "DTSTART")
        s = parse_value(p, v)
        e = first(ev, "DTEND")
        if e is None:
            return timedelta(0) if isinstance(s, datetime) else timedelta(days=1)
        e = parse_value(*e)
        return instant(e) - instant(s)

    out = []  # (key, start, length, status, transp, timed)
    for uid, ms in masters.items():
        ovs = overrides.get(uid, {})
        for m in ms:
            p, v = first(m, "DTSTART")
            start = parse_value(p, v)
            length = span(m, start)
            if not isinstance(start, datetime):
                continue  # all-day: never a meeting
            slots = {instant(start): start}
            for _, rule in m.get("RRULE", []):
                for occ in rrulestr(rule, dtstart=start):
                    if instant(occ) >= hi + timedelta(days=2):
                        break
                    slots[instant(occ)] = occ
            for p, vals in m.get("EXDATE", []):
                for v in vals.split(","):
                    slots.pop(instant(parse_value(p, v)), None)
            for key, occ in slots.items():
                if key in ovs:
                    continue
                status, transp = props(m, None)
                out.append((f"{uid}/{key}", instant(occ), length, status, transp, isinstance(occ, datetime)))
        master = ms[0] if ms else None
        for rid, ov in ovs.items():
            p, v = first(ov, "DTSTART")
            start = parse_value(p, v)
            if first(ov, "DTEND") is None and master is not None:
                length = span(master, start)
            else:
                length = span(ov, start)
            status, transp = props(ov, master)
            out.append((f"{uid}/{rid}", instant(start), length, status, transp, isinstance(start, datetime)))
    for uid, ovs in overrides.items():
        if uid in masters:
            continue
        for rid, ov in ovs.items():
            p, v = first(ov, "DTSTART")
            start = parse_value(p, v)
            status, transp = props(ov, None)
            out.append((f"{uid}/{rid}", instant(start), span(ov, start), status, transp, isinstance(start, datetime)))
    meetings = [
        o for o in out
        if o[5] and o[3] != "CANCELLED" and o[4] != "TRANSPARENT"
        and o[2] <= timedelta(hours=24) and lo <= o[1] < hi
    ]
    print(len(meetings), len({o[0] for o in meetings}))


main()
