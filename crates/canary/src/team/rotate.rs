//! Rotation proposal: primary and secondary for each of the next weeks, evening out cumulative
//! burden (weighted past interruptions, not just scheduled weeks) under three constraints that
//! always hold: no one is assigned in a week they declared unavailable, no one is primary and
//! secondary at once, and after a primary week a person rests `rest_weeks` weeks.
//!
//! Greedy: each week the eligible person with the least cumulative burden is primary, the next
//! least secondary; a primary week adds `primary_load`, a secondary week `secondary_load`. The
//! round-robin plan on the same history is also built, and the proposal is whichever of the
//! two (when valid) leaves the better balance, so the proposal is never worse than round-robin.

use jiff::civil::Date;
use serde::Serialize;

use super::fairness::balance;
use super::roster::Member;

/// What the proposal assumes.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct RotateOptions {
    /// Monday of the first proposed week.
    pub start: Date,
    pub weeks: usize,
    /// Expected burden of a primary week (e.g. the history's mean weekly burden).
    pub primary_load: f64,
    /// Expected burden of a secondary week.
    pub secondary_load: f64,
    /// Weeks off after a primary week.
    pub rest_weeks: usize,
}

/// One proposed week; `None` when no eligible person was left.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Week {
    pub start: Date,
    pub primary: Option<usize>,
    pub secondary: Option<usize>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Proposal {
    pub weeks: Vec<Week>,
    pub burden_before: Vec<f64>,
    pub burden_after: Vec<f64>,
    pub balance_before: f64,
    pub balance_after: f64,
    /// Balance after the plain round-robin plan on the same history.
    pub balance_round_robin: f64,
    /// Which plan was kept: "greedy" or "round-robin".
    pub method: &'static str,
}

fn week_start(start: Date, w: usize) -> Date {
    start
        .checked_add(jiff::Span::new().days(7 * w as i64))
        .unwrap_or(start)
}

fn available(m: &Member, start: Date) -> bool {
    let end = start
        .checked_add(jiff::Span::new().days(6))
        .unwrap_or(start);
    !m.unavailable_between(start, end)
}

/// Whether a plan respects every constraint.
pub fn valid(members: &[Member], weeks: &[Week], opts: &RotateOptions) -> bool {
    weeks.iter().enumerate().all(|(w, week)| {
        let ok_person = |p: Option<usize>| {
            p.is_none_or(|i| {
                i < members.len()
                    && available(&members[i], week.start)
                    && (1..=opts.rest_weeks.min(w)).all(|back| weeks[w - back].primary != Some(i))
            })
        };
        ok_person(week.primary)
            && ok_person(week.secondary)
            && (week.primary.is_none() || week.primary != week.secondary)
    })
}

fn apply(history: &[f64], weeks: &[Week], opts: &RotateOptions) -> Vec<f64> {
    let mut b = history.to_vec();
    for w in weeks {
        if let Some(p) = w.primary {
            b[p] += opts.primary_load;
        }
        if let Some(s) = w.secondary {
            b[s] += opts.secondary_load;
        }
    }
    b
}

/// The greedy plan.
fn greedy(members: &[Member], history: &[f64], opts: &RotateOptions) -> Vec<Week> {
    let mut burden = history.to_vec();
    let mut weeks: Vec<Week> = Vec::new();
    for w in 0..opts.weeks {
        let start = week_start(opts.start, w);
        let mut eligible: Vec<usize> = (0..members.len())
            .filter(|&i| available(&members[i], start))
            .filter(|&i| (1..=opts.rest_weeks.min(w)).all(|b| weeks[w - b].primary != Some(i)))
            .collect();
        eligible.sort_by(|&a, &b| burden[a].total_cmp(&burden[b]).then(a.cmp(&b)));
        let primary = eligible.first().copied();
        let secondary = eligible.get(1).copied();
        if let Some(p) = primary {
            burden[p] += opts.primary_load;
        }
        if let Some(s) = secondary {
            burden[s] += opts.secondary_load;
        }
        weeks.push(Week {
            start,
            primary,
            secondary,
        });
    }
    weeks
}

/// Plain round-robin in roster order: week w primary w mod n, secondary w+1 mod n.
pub fn round_robin(n: usize, opts: &RotateOptions) -> Vec<Week> {
    (0..opts.weeks)
        .map(|w| Week {
            start: week_start(opts.start, w),
            primary: (n > 0).then(|| w % n),
            secondary: (n > 1).then(|| (w + 1) % n),
        })
        .collect()
}

/// Propose a rotation for `members` with past burden `history` (same order).
pub fn propose(members: &[Member], history: &[f64], opts: &RotateOptions) -> Proposal {
    assert_eq!(members.len(), history.len(), "one burden per member");
    let g = greedy(members, history, opts);
    let rr = round_robin(members.len(), opts);
    let bal = |weeks: &[Week]| balance(&apply(history, weeks, opts));
    let balance_round_robin = bal(&rr);
    let (weeks, method) = if valid(members, &rr, opts) && balance_round_robin > bal(&g) {
        (rr, "round-robin")
    } else {
        (g, "greedy")
    };
    let burden_after = apply(history, &weeks, opts);
    Proposal {
        balance_before: balance(history),
        balance_after: balance(&burden_after),
        balance_round_robin,
        burden_before: history.to_vec(),
        burden_after,
        weeks,
        method,
    }
}

/// CSV: `week_start,primary,secondary`.
pub fn to_csv(members: &[Member], p: &Proposal) -> String {
    let name = |i: Option<usize>| i.map(|i| members[i].name.clone()).unwrap_or_default();
    let mut s = String::from("week_start,primary,secondary\n");
    for w in &p.weeks {
        s.push_str(&format!(
            "{},{},{}\n",
            w.start,
            csv_field(&name(w.primary)),
            csv_field(&name(w.secondary))
        ));
    }
    s
}

fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// iCalendar: one all-week event per assignment (RFC 5545, `DTEND` exclusive).
pub fn to_ics(members: &[Member], p: &Proposal) -> String {
    let mut s = String::from(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//canary//team rotate//EN\r\nCALSCALE:GREGORIAN\r\n",
    );
    for w in &p.weeks {
        let end = week_start(w.start, 1);
        for (role, who) in [("primary", w.primary), ("secondary", w.secondary)] {
            let Some(i) = who else { continue };
            let d = |d: Date| d.strftime("%Y%m%d").to_string();
            s.push_str(&format!(
                "BEGIN:VEVENT\r\nUID:canary-rotate-{}-{role}@canary\r\nDTSTAMP:{}T000000Z\r\n\
                 DTSTART;VALUE=DATE:{}\r\nDTEND;VALUE=DATE:{}\r\nSUMMARY:On call ({role}): {}\r\n\
                 END:VEVENT\r\n",
                d(w.start),
                d(w.start),
                d(w.start),
                d(end),
                ics_text(&members[i].name)
            ));
        }
    }
    s.push_str("END:VCALENDAR\r\n");
    s
}

fn ics_text(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace(';', "\\;")
        .replace(',', "\\,")
        .replace('\n', "\\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::settings::Vacation;
    use proptest::prelude::*;

    fn team(n: usize) -> Vec<Member> {
        (0..n)
            .map(|i| Member::new(&format!("m{i}"), &format!("P{i}"), "UTC"))
            .collect()
    }

    fn opts(weeks: usize) -> RotateOptions {
        RotateOptions {
            start: "2026-11-30".parse().unwrap(),
            weeks,
            primary_load: 10.0,
            secondary_load: 3.0,
            rest_weeks: 1,
        }
    }

    #[test]
    fn the_least_burdened_go_first_and_the_unavailable_never() {
        let mut m = team(4);
        m[0].unavailable.push(Vacation {
            start: "2026-11-28".parse().unwrap(),
            end: "2026-12-02".parse().unwrap(),
        });
        let p = propose(&m, &[0.0, 5.0, 30.0, 1.0], &opts(2));
        // Week 1: m0 away; m3 (1) primary, m1 (5) secondary.
        assert_eq!(
            (p.weeks[0].primary, p.weeks[0].secondary),
            (Some(3), Some(1))
        );
        // Week 2: m3 rests; m0 (0) primary, m1 (8) secondary.
        assert_eq!(
            (p.weeks[1].primary, p.weeks[1].secondary),
            (Some(0), Some(1))
        );
        assert!(p.balance_after > p.balance_before);
        let csv = to_csv(&m, &p);
        assert!(csv.starts_with("week_start,primary,secondary\n2026-11-30,m3,m1\n"));
        let ics = to_ics(&m, &p);
        assert_eq!(ics.matches("BEGIN:VEVENT").count(), 4);
        assert!(ics.contains("DTSTART;VALUE=DATE:20261207\r\nDTEND;VALUE=DATE:20261214"));
    }

    proptest! {
        #[test]
        fn constraints_always_hold(
            history in prop::collection::vec(0.0f64..100.0, 2..9),
            away in prop::collection::vec((0usize..9, 0i64..60, 0i64..14), 0..6),
            weeks in 1usize..16,
        ) {
            let mut m = team(history.len());
            let o = opts(weeks);
            for (who, from, len) in away {
                let i = who % m.len();
                let s = o.start.checked_add(jiff::Span::new().days(from)).unwrap();
                let e = s.checked_add(jiff::Span::new().days(len)).unwrap();
                m[i].unavailable.push(Vacation { start: s, end: e });
            }
            let p = propose(&m, &history, &o);
            prop_assert!(valid(&m, &p.weeks, &o));
            prop_assert_eq!(p.weeks.len(), weeks);
        }

        #[test]
        fn never_worse_than_round_robin(
            history in prop::collection::vec(0.0f64..100.0, 3..9),
            weeks in 1usize..16,
        ) {
            let m = team(history.len());
            let p = propose(&m, &history, &opts(weeks));
            prop_assert!(p.balance_after + 1e-12 >= p.balance_round_robin);
        }
    }
}
