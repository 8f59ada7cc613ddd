//! On-call interruptions: pages by band, emergency or not by the person's own rules, nights
//! interrupted, acknowledgements and engaged time.
//!
//! An *emergency* is what the person declared one (`[emergency]` in the settings: incident
//! urgencies such as `high`, priorities such as `P1`). Off-hours work on an emergency is the
//! job — and so is other work (commands, commits, mail) while an emergency incident is open;
//! a non-emergency page in personal time is the article's "work call during personal
//! time". Importers already de-duplicate notifications within 60 s. When the person declared
//! when they are on call (`[oncall]`), each page's workday is on call or not; pages while not
//! on call are counted apart. Not for: working time of incidents (see [`super::worktime`]).

use std::collections::{BTreeMap, BTreeSet};

use super::classify::Prepared;
use super::period::add_days;
use crate::event::{Event, EventKind};
use crate::model::{BandCounts, Interruptions, PagesDetail, ServicePages};
use crate::settings::EmergencyRules;
use crate::time::Band;

/// Whether an event meets the person's emergency rules.
pub fn is_emergency(e: &Event, rules: &EmergencyRules) -> bool {
    let urgent = e.urgency.is_some_and(|u| {
        rules
            .urgencies
            .iter()
            .any(|r| r.eq_ignore_ascii_case(u.as_str()))
    });
    let priority = e.priority.is_some_and(|p| {
        rules
            .priorities
            .iter()
            .any(|r| r.eq_ignore_ascii_case(&format!("P{p}")))
    });
    urgent || priority
}

/// Whether an event is on-call work.
fn is_on_call(kind: EventKind) -> bool {
    matches!(kind, EventKind::Page | EventKind::Ack | EventKind::Incident)
}

/// One day's on-call figures.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct DayInterruptions {
    pub pages: u32,
    /// Non-emergency pages outside business hours.
    pub personal_time: u32,
    /// Pages per band.
    pub by_band: BandCounts,
    /// Pages that meet the emergency rules.
    pub emergency: u32,
    /// Pages while not on call (on-call duty declared, and not on call that workday).
    pub off_rotation: u32,
    pub engaged_secs: i64,
    /// Whether the day had activity other than emergency on-call work.
    pub non_emergency_activity: bool,
}

/// The interruptions summary and per-day figures for the period.
pub fn interruptions(prep: &Prepared<'_>) -> (Interruptions, Vec<DayInterruptions>) {
    let settings = prep.classifier.settings();
    let rules = &settings.emergency;
    let oncall = &settings.oncall;
    let mut s = Interruptions {
        on_call_declared: oncall.declared(),
        ..Interruptions::default()
    };
    let mut per_day = vec![DayInterruptions::default(); prep.span.days()];
    let mut nights = BTreeSet::new();
    let mut engaged = 0i64;
    let firefighting = emergency_windows(prep, rules);
    for item in &prep.items {
        let Some(d) = item.day else { continue };
        let day = &mut per_day[d as usize];
        let e = item.event;
        let emergency = is_emergency(e, rules);
        // Commands, commits or mail while an emergency incident is open are that emergency's
        // work: a weekend of firefighting is not "non-emergency weekend work".
        let during_emergency = inside(&firefighting, item.start);
        if item.is_activity() && !(is_on_call(e.kind) && emergency) && !during_emergency {
            day.non_emergency_activity = true;
        }
        match e.kind {
            EventKind::Page => {
                s.measured = true;
                s.pages += 1;
                day.pages += 1;
                bump(&mut s.by_band, item.placed.band);
                bump(&mut day.by_band, item.placed.band);
                if emergency {
                    s.emergency += 1;
                    day.emergency += 1;
                } else {
                    s.non_emergency += 1;
                    if item.placed.band != Band::Business {
                        s.non_emergency_outside_hours += 1;
                        day.personal_time += 1;
                    }
                }
                if let Some(n) = item.placed.night {
                    nights.insert(n);
                }
                if s.on_call_declared {
                    if oncall.on_call(add_days(prep.span.since, i64::from(d))) {
                        s.pages_on_call += 1;
                    } else {
                        s.pages_off_rotation += 1;
                        day.off_rotation += 1;
                    }
                }
            }
            EventKind::Ack => {
                s.measured = true;
                s.acks += 1;
            }
            EventKind::Incident => {
                s.measured = true;
                let secs = item.end - item.start;
                engaged += secs;
                day.engaged_secs += secs;
            }
            _ => {}
        }
    }
    s.nights_interrupted = nights.len() as u32;
    s.engaged_hours = engaged as f64 / 3600.0;
    (s, per_day)
}

/// The pages of the period by service and by hour of the clock, and the time from an
/// incident's first page to the person's first acknowledgement of it (pages and acks name
/// their incident in `parent`; a page without one is its own incident, never acknowledged).
pub fn pages_detail(prep: &Prepared<'_>) -> PagesDetail {
    let rules = &prep.classifier.settings().emergency;
    let mut d = PagesDetail::default();
    let mut services: BTreeMap<&str, ServicePages> = BTreeMap::new();
    // Incident → (first page, first ack), Unix seconds.
    let mut incidents: BTreeMap<&str, (Option<i64>, Option<i64>)> = BTreeMap::new();
    let mut loose = 0u32;
    for item in prep.items.iter().filter(|i| i.day.is_some()) {
        let e = item.event;
        match e.kind {
            EventKind::Page => {
                d.by_hour[item.placed.local.hour() as usize] += 1;
                let name = e.context.as_deref().unwrap_or("(no service)");
                let s = services.entry(name).or_insert_with(|| ServicePages {
                    service: name.to_string(),
                    ..ServicePages::default()
                });
                s.pages += 1;
                if is_emergency(e, rules) {
                    s.emergency += 1;
                } else {
                    s.non_emergency += 1;
                    if item.placed.band != Band::Business {
                        s.personal_time += 1;
                    }
                }
                match e.parent.as_deref() {
                    Some(p) => {
                        let first = &mut incidents.entry(p).or_default().0;
                        *first = Some(first.map_or(item.start, |f| f.min(item.start)));
                    }
                    None => loose += 1,
                }
            }
            EventKind::Ack => {
                if let Some(p) = e.parent.as_deref() {
                    let ack = &mut incidents.entry(p).or_default().1;
                    *ack = Some(ack.map_or(item.start, |a| a.min(item.start)));
                }
            }
            _ => {}
        }
    }
    let mut minutes: Vec<f64> = Vec::new();
    for (page, ack) in incidents.values() {
        match (page, ack) {
            (Some(p), Some(a)) if a >= p => minutes.push((a - p) as f64 / 60.0),
            (Some(_), _) => d.unacked += 1,
            _ => {}
        }
    }
    d.unacked += loose;
    d.acked = minutes.len() as u32;
    minutes.sort_by(f64::total_cmp);
    d.ack_median_minutes = nearest_rank(&minutes, 50);
    d.ack_p90_minutes = nearest_rank(&minutes, 90);
    let mut by_service: Vec<ServicePages> = services.into_values().collect();
    by_service.sort_by(|a, b| {
        (b.non_emergency, b.pages)
            .cmp(&(a.non_emergency, a.pages))
            .then_with(|| a.service.cmp(&b.service))
    });
    d.by_service = by_service;
    d
}

/// The `pct`th percentile of sorted values by nearest rank; `None` for no values.
pub fn nearest_rank(sorted: &[f64], pct: usize) -> Option<f64> {
    if sorted.is_empty() {
        return None;
    }
    let rank = (pct * sorted.len()).div_ceil(100).max(1);
    sorted.get(rank - 1).copied()
}

/// The windows (start, end; Unix seconds, merged, sorted) of the incidents that meet the
/// person's emergency rules: from the incident's start to its end (resolution).
pub fn emergency_windows(prep: &Prepared<'_>, rules: &EmergencyRules) -> Vec<(i64, i64)> {
    let mut w: Vec<(i64, i64)> = prep
        .items
        .iter()
        .filter(|i| i.event.kind == EventKind::Incident && i.end > i.start)
        .filter(|i| is_emergency(i.event, rules))
        .map(|i| (i.start, i.end))
        .collect();
    w.sort_unstable();
    let mut merged: Vec<(i64, i64)> = Vec::with_capacity(w.len());
    for (a, b) in w {
        match merged.last_mut() {
            Some(last) if a <= last.1 => last.1 = last.1.max(b),
            _ => merged.push((a, b)),
        }
    }
    merged
}

/// Whether `t` lies inside one of the sorted, disjoint `windows` (start inclusive, end
/// exclusive).
fn inside(windows: &[(i64, i64)], t: i64) -> bool {
    let i = windows.partition_point(|&(a, _)| a <= t);
    i > 0 && t < windows[i - 1].1
}

fn bump(c: &mut BandCounts, band: Band) {
    match band {
        Band::Business => c.business += 1,
        Band::OffHours => c.off_hours += 1,
        Band::Sleep => c.sleep += 1,
        Band::NonWorkingDay => c.non_working_day += 1,
        Band::Vacation => c.vacation += 1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::event::Urgency;
    use crate::metrics::classify::prepare;
    use crate::metrics::testutil::{ev, input, settings, span};

    fn page(local: &str, urgency: Urgency) -> Event {
        let mut e = ev(local, EventKind::Page);
        e.urgency = Some(urgency);
        e
    }

    /// A page of `service` for incident `id`.
    fn paged(local: &str, urgency: Urgency, service: &str, id: &str) -> Event {
        let mut e = page(local, urgency);
        e.context = Some(service.to_string());
        e.parent = Some(id.to_string());
        e.key = format!("{id}/{local}");
        e
    }

    fn acked(local: &str, id: &str) -> Event {
        let mut e = ev(local, EventKind::Ack);
        e.parent = Some(id.to_string());
        e
    }

    #[test]
    fn pages_by_service_and_hour_and_time_to_acknowledge() {
        let events = vec![
            paged("2026-03-10T10:00", Urgency::Low, "billing", "a"),
            paged("2026-03-10T10:02", Urgency::Low, "billing", "a"), // same incident
            acked("2026-03-10T10:06", "a"),                          // 6 min
            paged("2026-03-11T03:00", Urgency::High, "db", "b"),
            acked("2026-03-11T03:20", "b"), // 20 min
            paged("2026-03-11T20:00", Urgency::Low, "billing", "c"),
            acked("2026-03-11T20:02", "c"), // 2 min
            paged("2026-03-12T21:00", Urgency::Low, "search", "d"), // never acknowledged
            page("2026-03-12T22:00", Urgency::Low), // no incident, no service
        ];
        let s = settings();
        let inp = input(&events, &s, "2026-03-20T12:00", "2026-03-09", "2026-03-15");
        let d = pages_detail(&prepare(&inp));
        let names: Vec<(&str, u32, u32, u32)> = d
            .by_service
            .iter()
            .map(|s| {
                (
                    s.service.as_str(),
                    s.pages,
                    s.non_emergency,
                    s.personal_time,
                )
            })
            .collect();
        assert_eq!(
            names,
            [
                ("billing", 3, 3, 1),
                ("(no service)", 1, 1, 1),
                ("search", 1, 1, 1),
                ("db", 1, 0, 0),
            ],
            "the noisiest non-emergency first"
        );
        assert_eq!(d.by_hour[10], 2);
        assert_eq!(d.by_hour[3], 1);
        assert_eq!(d.by_hour.iter().sum::<u32>(), 6);
        assert_eq!((d.acked, d.unacked), (3, 2));
        assert_eq!(d.ack_median_minutes, Some(6.0));
        assert_eq!(d.ack_p90_minutes, Some(20.0));
    }

    #[test]
    fn nearest_rank_percentiles() {
        let v: Vec<f64> = (1..=10).map(f64::from).collect();
        assert_eq!(nearest_rank(&v, 50), Some(5.0));
        assert_eq!(nearest_rank(&v, 90), Some(9.0));
        assert_eq!(nearest_rank(&[4.0], 90), Some(4.0));
        assert_eq!(nearest_rank(&[], 50), None);
    }

    #[test]
    fn pages_by_band_and_emergency() {
        // Defaults: urgency high and P1/P2 are emergencies. 2026-03-14 is a Saturday.
        let mut p1 = page("2026-03-12T20:00", Urgency::Low);
        p1.priority = Some(1);
        let events = vec![
            page("2026-03-10T10:00", Urgency::Low), // business, not emergency
            page("2026-03-11T03:00", Urgency::High), // sleep (night of the 10th), emergency
            page("2026-03-11T20:00", Urgency::Low), // off-hours, personal time
            p1,                                     // off-hours but P1: emergency
            page("2026-03-14T11:00", Urgency::Low), // Saturday, personal time
            ev("2026-03-11T03:05", EventKind::Ack),
            span("2026-03-11T03:05", EventKind::Incident, 45 * 60),
        ];
        let s = settings();
        let inp = input(&events, &s, "2026-03-20T12:00", "2026-03-09", "2026-03-15");
        let (i, per_day) = interruptions(&prepare(&inp));
        assert!(i.measured);
        assert_eq!((i.pages, i.emergency, i.non_emergency), (5, 2, 3));
        assert_eq!(i.non_emergency_outside_hours, 2);
        assert_eq!(
            (
                i.by_band.business,
                i.by_band.sleep,
                i.by_band.off_hours,
                i.by_band.non_working_day
            ),
            (1, 1, 2, 1)
        );
        assert_eq!(i.nights_interrupted, 1);
        assert_eq!(i.acks, 1);
        assert!((i.engaged_hours - 0.75).abs() < 1e-9);
        // Tuesday's workday holds the 03:00 page, ack and incident: emergency work only.
        assert_eq!(
            per_day[1].pages, 2,
            "10:00 and 03:00 (+1 day) both count toward Tuesday"
        );
        assert!(
            per_day[1].non_emergency_activity,
            "the 10:00 page was not an emergency"
        );
        assert_eq!(per_day[5].personal_time, 1);
        // Per day, by band and emergency: they add up to the totals.
        assert_eq!(
            per_day[1].by_band,
            BandCounts {
                business: 1,
                sleep: 1,
                ..Default::default()
            }
        );
        assert_eq!(per_day[1].emergency, 1);
        let mut bands = BandCounts::default();
        for d in &per_day {
            bands.add(&d.by_band);
        }
        assert_eq!(bands, i.by_band);
        assert_eq!(bands.total(), i.pages);
        assert_eq!(
            per_day.iter().map(|d| d.emergency).sum::<u32>(),
            i.emergency
        );
    }

    #[test]
    fn pages_while_not_on_call_are_counted_apart() {
        // On call one week in two from Monday 2026-03-09 (so not the week of the 16th).
        let mut s = settings();
        s.set("oncall.rotation", "2026-03-09/2/7").unwrap();
        let events = vec![
            page("2026-03-10T10:00", Urgency::Low),  // on call
            page("2026-03-16T03:00", Urgency::Low),  // workday Sunday 15th: still on call
            page("2026-03-16T10:00", Urgency::Low),  // Monday 16th: not on call
            page("2026-03-18T22:30", Urgency::High), // not on call
        ];
        let inp = input(&events, &s, "2026-03-22T12:00", "2026-03-09", "2026-03-22");
        let (i, per_day) = interruptions(&prepare(&inp));
        assert!(i.on_call_declared);
        assert_eq!((i.pages_on_call, i.pages_off_rotation), (2, 2));
        assert_eq!(per_day[7].off_rotation, 1, "Monday the 16th");
        assert_eq!(per_day[9].off_rotation, 1, "Wednesday the 18th");
        assert_eq!(per_day.iter().map(|d| d.off_rotation).sum::<u32>(), 2);

        // Without a declaration nothing is split.
        let plain = settings();
        let inp = input(
            &events,
            &plain,
            "2026-03-22T12:00",
            "2026-03-09",
            "2026-03-22",
        );
        let (i, _) = interruptions(&prepare(&inp));
        assert!(!i.on_call_declared);
        assert_eq!((i.pages_on_call, i.pages_off_rotation), (0, 0));
    }

    #[test]
    fn emergency_rules_are_the_persons() {
        let mut rules = EmergencyRules::default();
        let e = page("2026-03-10T10:00", Urgency::High);
        assert!(is_emergency(&e, &rules));
        rules.urgencies.clear();
        assert!(!is_emergency(&e, &rules));
        let mut p = page("2026-03-10T10:00", Urgency::Low);
        p.priority = Some(2);
        assert!(is_emergency(&p, &rules), "P2 is in the default priorities");
    }

    #[test]
    fn work_inside_an_emergency_incident_is_emergency_work() {
        // Saturday 2026-03-14: a high-urgency incident open 10:00–14:00, commands inside it.
        let mut incident = span("2026-03-14T10:00", EventKind::Incident, 4 * 3600);
        incident.urgency = Some(Urgency::High);
        let inside = vec![
            incident.clone(),
            ev("2026-03-14T11:00", EventKind::Command),
            ev("2026-03-14T13:59", EventKind::Commit),
        ];
        let s = settings();
        let day = |events: &[Event]| {
            let inp = input(events, &s, "2026-03-20T12:00", "2026-03-09", "2026-03-15");
            interruptions(&prepare(&inp)).1[5].non_emergency_activity
        };
        assert!(!day(&inside), "firefighting is the emergency's work");
        // A command after the incident closed is other work on a day off.
        let mut after = inside.clone();
        after.push(ev("2026-03-14T14:30", EventKind::Command));
        assert!(day(&after));
        // A low-urgency incident is not an emergency: the same commands are weekend work.
        let mut low = inside;
        low[0].urgency = Some(Urgency::Low);
        assert!(day(&low));
    }
}
