//! On-call fairness: every responder's interruptions measured against their *own* time zone,
//! working hours and sleep window, and how evenly the team shares them.
//!
//! Exports are read with the personal PagerDuty and Opsgenie importers, once per roster member
//! with that member's on-call ids and addresses as the identity, so parsing, de-duplication of
//! pages (60 s) and engaged time are exactly those of `canary import`. Responders the roster
//! does not list are found and measured by [`super::everyone`].

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use jiff::Timestamp;
use jiff::civil::{Date, Weekday};
use serde::Serialize;

use super::fairness::{self, Overload};
use super::roster::{Member, Roster};
use crate::event::{Event, EventKind};
use crate::privacy::IdentityHasher;
use crate::settings::Settings;
use crate::sources::{self, ImportContext, ImportError, Location, VecSink};
use crate::time::{Band, Classifier};

/// A record the importers skipped, and why.
pub type Skipped = (Location, String);

/// One responder's events from the exports.
#[derive(Debug, Clone)]
pub struct ResponderEvents {
    /// The roster member's name.
    pub responder: String,
    /// The on-call ids that matched.
    pub ids: Vec<String>,
    pub events: Vec<Event>,
}

/// Read on-call exports (PagerDuty or Opsgenie, file or folder, decided by content) for every
/// roster member. Returns each member's events and the records skipped (once, not per member).
pub fn read_exports(
    paths: &[impl AsRef<Path>],
    roster: &Roster,
) -> Result<(Vec<ResponderEvents>, Vec<Skipped>), ImportError> {
    let mut out: Vec<ResponderEvents> = roster
        .members
        .iter()
        .map(|m| ResponderEvents {
            responder: m.name.clone(),
            ids: m.oncall_ids.clone(),
            events: Vec::new(),
        })
        .collect();
    let mut skipped = Vec::new();
    for path in paths {
        let path = path.as_ref();
        for (i, m) in roster.members.iter().enumerate() {
            let mut sink = VecSink::default();
            read_one(path, m, &mut sink)?;
            out[i].events.append(&mut sink.events);
            if i == 0 {
                skipped.append(&mut sink.skipped);
            }
        }
    }
    Ok((out, skipped))
}

/// Read one export as `member`'s: PagerDuty first, Opsgenie when PagerDuty refuses it.
fn read_one(path: &Path, member: &Member, sink: &mut VecSink) -> Result<(), ImportError> {
    let mut identities = member.identities();
    if identities.oncall_ids.iter().all(|i| i.trim().is_empty()) {
        // Without an id the importers take every interruption as the person's: never for a team.
        identities.oncall_ids = vec![format!("\u{0}unmatched:{}", member.name)];
    }
    let ctx = ImportContext::new(identities, IdentityHasher::new([0; 32]));
    match sources::pagerduty::import(path, &ctx, sink) {
        Err(ImportError::Refused { .. }) => {
            *sink = VecSink::default();
            sources::opsgenie::import(path, &ctx, sink)
        }
        other => other,
    }
}

/// One responder's figures.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ResponderStats {
    pub responder: String,
    /// Listed in the roster; `false` for a responder found only in the exports, measured with
    /// the roster's `[defaults]`.
    pub in_roster: bool,
    /// For a responder not in the roster: the ids and addresses the exports know them by.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub found_as: Vec<String>,
    /// Interruptions (pages, one per 60 s per incident).
    pub interruptions: u32,
    /// Interruptions by band in the responder's own zone and windows, in [`Band::ALL`] order.
    pub by_band: [u32; 5],
    /// Interruptions inside the responder's own sleep window.
    pub sleep: u32,
    /// Interruptions outside business hours on working days.
    pub off_hours: u32,
    /// Interruptions on Saturday or Sunday (local).
    pub weekend: u32,
    /// Seconds from first acknowledgement to resolution, summed.
    pub engaged_secs: i64,
    /// Scheduled on-call hours, when schedules were given.
    pub oncall_hours: Option<f64>,
    /// Nights (named by the date the sleep window starts) with at least one interruption.
    pub interrupted_nights: u32,
    /// The longest run of consecutive interrupted nights.
    pub longest_night_run: u32,
}

/// The team's figures.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TeamOncall {
    pub responders: Vec<ResponderStats>,
    /// Grafana OnCall balance of interruption counts (1 = even).
    pub balance: f64,
    /// Gini coefficient of interruption counts (0 = even).
    pub gini: f64,
    pub mean_interruptions: f64,
    pub overloaded: Vec<OverloadedResponder>,
    /// Responders not in the roster who were paged but left out (`--roster-only`).
    pub unlisted_left_out: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OverloadedResponder {
    pub responder: String,
    pub interruptions: u32,
    pub times_mean: f64,
    pub above_mean: f64,
}

/// Figures for one responder, classified by `settings` (their own).
pub fn responder_stats(name: &str, events: &[Event], settings: &Settings) -> ResponderStats {
    let classifier = Classifier::new(settings).unwrap_or_else(|_| {
        Classifier::new(&Settings {
            timezone: "UTC".into(),
            ..settings.clone()
        })
        .expect("UTC settings")
    });
    let mut s = ResponderStats {
        responder: name.to_string(),
        in_roster: true,
        found_as: Vec::new(),
        interruptions: 0,
        by_band: [0; 5],
        sleep: 0,
        off_hours: 0,
        weekend: 0,
        engaged_secs: 0,
        oncall_hours: None,
        interrupted_nights: 0,
        longest_night_run: 0,
    };
    let mut nights: BTreeSet<Date> = BTreeSet::new();
    let mut seen_keys = BTreeSet::new();
    for e in events {
        if !seen_keys.insert(e.key.as_str()) {
            continue;
        }
        match e.kind {
            EventKind::Page => {
                let p = classifier.place(e.utc, e.offset);
                s.interruptions += 1;
                s.by_band[p.band.index()] += 1;
                match p.band {
                    Band::Sleep => s.sleep += 1,
                    Band::OffHours => s.off_hours += 1,
                    _ => {}
                }
                if matches!(p.local.weekday(), Weekday::Saturday | Weekday::Sunday) {
                    s.weekend += 1;
                }
                if let Some(n) = p.night {
                    nights.insert(n);
                }
            }
            EventKind::Incident => s.engaged_secs += e.duration.unwrap_or(0).max(0),
            _ => {}
        }
    }
    s.interrupted_nights = nights.len() as u32;
    s.longest_night_run = longest_run(&nights);
    s
}

/// The longest run of consecutive dates.
pub fn longest_run(dates: &BTreeSet<Date>) -> u32 {
    let (mut best, mut run, mut prev): (u32, u32, Option<Date>) = (0, 0, None);
    for d in dates {
        run = match prev {
            Some(p) if p.tomorrow().ok() == Some(*d) => run + 1,
            _ => 1,
        };
        best = best.max(run);
        prev = Some(*d);
    }
    best
}

/// Team figures from each member's events (in roster order).
pub fn team_oncall(roster: &Roster, events: &[ResponderEvents], threshold: f64) -> TeamOncall {
    let responders: Vec<ResponderStats> = roster
        .members
        .iter()
        .map(|m| {
            let evs = events
                .iter()
                .find(|r| r.responder == m.name)
                .map(|r| r.events.as_slice())
                .unwrap_or(&[]);
            responder_stats(&m.name, evs, &m.settings())
        })
        .collect();
    summarise(responders, threshold)
}

/// Balance, Gini and overload from per-responder figures.
pub fn summarise(responders: Vec<ResponderStats>, threshold: f64) -> TeamOncall {
    let loads: Vec<f64> = responders.iter().map(|r| r.interruptions as f64).collect();
    let mean = if loads.is_empty() {
        0.0
    } else {
        loads.iter().sum::<f64>() / loads.len() as f64
    };
    let overloaded = fairness::overloaded(&loads, threshold)
        .into_iter()
        .map(
            |Overload {
                 index,
                 times_mean,
                 above_mean,
             }| OverloadedResponder {
                responder: responders[index].responder.clone(),
                interruptions: responders[index].interruptions,
                times_mean,
                above_mean,
            },
        )
        .collect();
    TeamOncall {
        balance: fairness::balance(&loads),
        gini: fairness::gini(&loads),
        mean_interruptions: mean,
        overloaded,
        responders,
        unlisted_left_out: 0,
    }
}

/// Burden weights for rotation: a business-hours page 1, an off-hours, weekend or vacation
/// page 2, a sleep-window page 3.
pub fn burden(stats: &ResponderStats) -> f64 {
    let b = stats.by_band;
    b[Band::Business.index()] as f64
        + 2.0
            * (b[Band::OffHours.index()]
                + b[Band::NonWorkingDay.index()]
                + b[Band::Vacation.index()]) as f64
        + 3.0 * b[Band::Sleep.index()] as f64
}

/// Scheduled on-call spans per user id, from PagerDuty `GET /oncalls` responses among `paths`
/// (files or folders; other files are ignored). `None` when no such response was found.
/// Entries without both `start` and `end` (permanent coverage) are left out.
pub fn read_schedules(paths: &[impl AsRef<Path>]) -> Option<BTreeMap<String, Vec<Span>>> {
    let mut found = false;
    let mut out: BTreeMap<String, Vec<Span>> = BTreeMap::new();
    for path in paths {
        let files = walkdir::WalkDir::new(path.as_ref())
            .sort_by_file_name()
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file());
        for f in files {
            // Parsed whole: files over the JSON limit are passed over like unreadable ones.
            let Ok(bytes) = crate::sources::bounded::read_whole(
                f.path(),
                crate::sources::bounded::JSON_MAX,
                "an on-call schedule",
                crate::sources::bounded::JSON_SPLIT_HINT,
            ) else {
                continue;
            };
            let Ok(doc) = serde_json::from_slice::<serde_json::Value>(&bytes) else {
                continue;
            };
            let Some(oncalls) = doc.get("oncalls").and_then(|o| o.as_array()) else {
                continue;
            };
            found = true;
            for o in oncalls {
                let at = |k: &str| o.get(k)?.as_str()?.parse::<Timestamp>().ok();
                let user = o
                    .get("user")
                    .and_then(|u| u.get("id"))
                    .and_then(|i| i.as_str());
                if let (Some(user), Some(start), Some(end)) = (user, at("start"), at("end"))
                    && end > start
                {
                    out.entry(user.to_string()).or_default().push((start, end));
                }
            }
        }
    }
    found.then_some(out)
}

/// A scheduled on-call span.
pub type Span = (Timestamp, Timestamp);

/// Hours covered by `spans`, overlaps counted once (a person on two escalation levels at once
/// is on call once).
pub fn covered_hours(spans: &[Span]) -> f64 {
    let mut v = spans.to_vec();
    v.sort();
    let mut total = 0i64;
    let mut cur: Option<Span> = None;
    for (s, e) in v {
        cur = match cur {
            Some((cs, ce)) if s <= ce => Some((cs, ce.max(e))),
            Some((cs, ce)) => {
                total += ce.as_second() - cs.as_second();
                Some((s, e))
            }
            None => Some((s, e)),
        };
    }
    if let Some((cs, ce)) = cur {
        total += ce.as_second() - cs.as_second();
    }
    total as f64 / 3600.0
}

/// Fill each responder's on-call hours from schedules (by their on-call ids).
pub fn apply_schedules(
    team: &mut TeamOncall,
    roster: &Roster,
    schedules: &BTreeMap<String, Vec<Span>>,
) {
    for (r, m) in team.responders.iter_mut().zip(&roster.members) {
        r.oncall_hours = Some(scheduled_hours(m, schedules));
    }
}

/// A member's scheduled on-call hours, by their on-call ids.
pub fn scheduled_hours(m: &Member, schedules: &BTreeMap<String, Vec<Span>>) -> f64 {
    let spans: Vec<Span> = m
        .oncall_ids
        .iter()
        .filter_map(|id| schedules.get(id.trim()))
        .flatten()
        .copied()
        .collect();
    covered_hours(&spans)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::event::SourceKind;

    fn page(at: &str) -> Event {
        let ts: Timestamp = at.parse().unwrap();
        Event::mine(
            ts,
            EventKind::Page,
            SourceKind::Pagerduty,
            format!("i/page/{at}"),
        )
    }

    #[test]
    fn bands_are_each_responders_own() {
        // 23:30 UTC on Tuesday 2026-03-10: 00:30 in Berlin (sleep), 18:30 in New York (off-hours).
        let evs = [page("2026-03-10T23:30:00Z")];
        let berlin = Member::new("A", "PA", "Europe/Berlin").settings();
        let ny = Member::new("B", "PB", "America/New_York").settings();
        let a = responder_stats("A", &evs, &berlin);
        let b = responder_stats("B", &evs, &ny);
        assert_eq!((a.sleep, a.off_hours), (1, 0));
        assert_eq!((b.sleep, b.off_hours), (0, 1));
    }

    #[test]
    fn night_runs_and_weekends_by_hand() {
        let s = Member::new("A", "PA", "UTC").settings();
        let evs = [
            page("2026-03-06T23:00:00Z"), // Fri night
            page("2026-03-07T03:00:00Z"), // same night (Sat early), weekend
            page("2026-03-07T23:30:00Z"), // Sat night, weekend
            page("2026-03-08T23:30:00Z"), // Sun night, weekend
            page("2026-03-11T02:00:00Z"), // Tue night
            page("2026-03-11T12:00:00Z"), // business
        ];
        let r = responder_stats("A", &evs, &s);
        assert_eq!(r.interruptions, 6);
        assert_eq!(r.sleep, 5);
        assert_eq!(r.weekend, 3);
        assert_eq!(r.interrupted_nights, 4);
        assert_eq!(r.longest_night_run, 3);
        assert_eq!(burden(&r), 1.0 + 15.0);
    }

    #[test]
    fn overlapping_schedule_spans_count_once() {
        let t = |s: &str| s.parse::<Timestamp>().unwrap();
        let spans = [
            (t("2026-03-02T00:00:00Z"), t("2026-03-03T00:00:00Z")),
            (t("2026-03-02T12:00:00Z"), t("2026-03-03T06:00:00Z")),
            (t("2026-03-05T00:00:00Z"), t("2026-03-05T01:30:00Z")),
        ];
        assert_eq!(covered_hours(&spans), 30.0 + 1.5);
        assert_eq!(covered_hours(&[]), 0.0);
    }
}
