//! Tests of the demo data: determinism, keys, coverage of the sources, and the persona's drift
//! measured from its events with the product's own [`Classifier`] — the expectations are
//! computed here from the events, not taken from the generator's parameters.

use std::collections::{BTreeMap, BTreeSet};

use jiff::Timestamp;
use jiff::civil::{Date, date};

use super::*;
use crate::event::{Event, EventKind, SourceKind, Urgency};
use crate::time::{Band, Classifier};

const WEEK: i64 = 7 * 86_400;

/// The persona's story weeks: ISO weeks from Monday 2026-06-01, week 26 holding demo_now.
fn week_of(day: Date) -> i64 {
    date(2026, 6, 1).until(day).unwrap().get_days() as i64 / 7 + 1
}

/// Traces of the person's own activity: not others', not mail merely received, not absences.
fn own_activity(e: &Event) -> bool {
    e.actor.is_none() && e.kind != EventKind::MailReceived && !e.kind.is_absence()
}

/// Per-week figures measured from the events.
#[derive(Debug, Default, Clone)]
struct Week {
    hours: f64,
    active_days: BTreeSet<Date>,
    evening_events: u32,
    sleep_nights: BTreeSet<Date>,
    weekend_days: BTreeSet<Date>,
}

/// Estimated working time: own spans by their duration, point events with five minutes before
/// them, merged across gaps shorter than ten minutes, credited to the week the merged stretch
/// started in.
fn weeks(p: &Persona) -> BTreeMap<i64, Week> {
    let c = Classifier::new(&p.settings).unwrap();
    let mut out: BTreeMap<i64, Week> = BTreeMap::new();
    let mut intervals = Vec::new();
    for e in p.events.iter().filter(|e| own_activity(e)) {
        let placed = c.place(e.utc, e.offset);
        let w = out.entry(week_of(placed.workday)).or_default();
        w.active_days.insert(placed.workday);
        if placed.band == Band::OffHours && placed.local.hour() >= 18 {
            w.evening_events += 1;
        }
        if placed.band == Band::NonWorkingDay {
            w.weekend_days.insert(placed.local.date());
        }
        if let Some(night) = placed.night {
            out.entry(week_of(night))
                .or_default()
                .sleep_nights
                .insert(night);
        }
        let s = e.utc.as_second();
        intervals.push(match e.duration {
            Some(d) => (s, s + d),
            None => (s - 300, s),
        });
    }
    intervals.sort();
    let mut merged: Vec<(i64, i64)> = Vec::new();
    for (s, e) in intervals {
        match merged.last_mut() {
            Some(last) if s <= last.1 + 600 => last.1 = last.1.max(e),
            _ => merged.push((s, e)),
        }
    }
    for (s, e) in merged {
        let start = Timestamp::from_second(s).unwrap();
        let week = week_of(c.place(start, None).workday);
        out.entry(week).or_default().hours += (e - s) as f64 / 3600.0;
    }
    out
}

fn mean(
    weeks: &BTreeMap<i64, Week>,
    range: std::ops::RangeInclusive<i64>,
    f: impl Fn(&Week) -> f64,
) -> f64 {
    let n = range.clone().count() as f64;
    range.map(|w| weeks.get(&w).map_or(0.0, &f)).sum::<f64>() / n
}

fn days_of(from: Date, to: Date) -> impl Iterator<Item = Date> {
    from.series(jiff::Span::new().days(1))
        .take_while(move |d| *d <= to)
}

#[test]
fn demo_now_is_fixed() {
    assert_eq!(demo_now().to_string(), "2026-11-27T17:30:00Z");
}

#[test]
fn persona_is_deterministic() {
    let (a, b) = (persona(), persona());
    assert_eq!(a.name, b.name);
    assert_eq!(a.settings, b.settings);
    assert!(a.events == b.events, "two calls gave different events");
    let end = demo_now();
    assert!(heavy_user(1, 9, end) == heavy_user(1, 9, end));
    assert!(heavy_user(1, 9, end) != heavy_user(1, 10, end));
}

#[test]
fn settings_declare_the_boundaries() {
    let s = persona().settings;
    assert_eq!(s.timezone, "Europe/Berlin");
    assert_eq!(s.hours.mon[0].to_string(), "08:00-17:00");
    assert!(s.hours.sat.is_empty());
    assert_eq!(s.sleep.start.to_string(), "22:30");
    assert_eq!(s.max_weekly_hours, 45.0);
    assert_eq!(s.role, "sysadmin");
    assert_eq!(s.identities.emails, ["alex@example.org"]);
    assert_eq!(s.vacations.len(), 1);
    assert_eq!(
        s.vacations[0]
            .end
            .since(s.vacations[0].start)
            .unwrap()
            .get_days(),
        8
    );
    // Settings survive the config file.
    assert_eq!(crate::Settings::from_toml(&s.to_toml()).unwrap(), s);
}

#[test]
fn keys_are_unique_per_source() {
    let check = |events: &[Event]| {
        let mut seen = BTreeSet::new();
        for e in events {
            assert!(!e.key.is_empty(), "{e:?}");
            assert!(
                seen.insert((e.source, e.key.as_str())),
                "duplicate key {e:?}"
            );
        }
    };
    check(&persona().events);
    check(&heavy_user(1, 3, demo_now()));
}

#[test]
fn keys_look_like_the_real_thing() {
    for e in &persona().events {
        let k = &e.key;
        let ok = match e.source {
            SourceKind::Git => k.len() == 40 && k.bytes().all(|b| b.is_ascii_hexdigit()),
            SourceKind::Zsh => k.split_once(':').is_some_and(|(s, n)| {
                s == e.utc.as_second().to_string() && n.parse::<u32>().is_ok()
            }),
            SourceKind::Mbox => k.starts_with('<') && k.ends_with('>') && k.contains('@'),
            SourceKind::Pagerduty => match e.kind {
                EventKind::Incident => k.len() == 14 && k.starts_with('Q'),
                _ => k.len() == 26 && k.starts_with('R'),
            },
            SourceKind::Slack => k.contains('/') && k.contains('.'),
            SourceKind::Ics => k.contains("@example.org"),
            SourceKind::Activitywatch => k.starts_with("aw-watcher-afk_"),
            _ => false,
        };
        assert!(ok, "unexpected key for {e:?}");
    }
}

#[test]
fn every_importer_source_and_kind_appears() {
    let p = persona();
    let sources: BTreeSet<SourceKind> = p.events.iter().map(|e| e.source).collect();
    for s in [
        SourceKind::Git,
        SourceKind::Zsh,
        SourceKind::Mbox,
        SourceKind::Ics,
        SourceKind::Pagerduty,
        SourceKind::Slack,
        SourceKind::Activitywatch,
    ] {
        assert!(sources.contains(&s), "no {s} events");
    }
    let kinds: BTreeSet<EventKind> = p.events.iter().map(|e| e.kind).collect();
    for k in EventKind::ALL {
        if !matches!(k, EventKind::Holiday | EventKind::Other) {
            assert!(kinds.contains(&k), "no {k} events");
        }
    }
    // Others' traces are there too, so "mine" filtering matters.
    let others = |k| {
        p.events
            .iter()
            .filter(|e| e.kind == k && e.actor.is_some())
            .count()
    };
    assert!(others(EventKind::Commit) >= 50 && others(EventKind::Page) >= 20);
    let n = p.events.len();
    assert!((5_000..=25_000).contains(&n), "{n} events");
}

#[test]
fn sorted_and_within_the_26_weeks() {
    let p = persona();
    let now = demo_now();
    let start = now
        .checked_sub(jiff::SignedDuration::from_secs(26 * WEEK))
        .unwrap();
    assert!(p.events.windows(2).all(|w| w[0].utc <= w[1].utc));
    assert!(p.events.iter().all(|e| start <= e.utc && e.utc <= now));
    // It fills them: the first and the last week both have events.
    assert!(
        p.events[0].utc
            < start
                .checked_add(jiff::SignedDuration::from_secs(WEEK))
                .unwrap()
    );
    assert!(
        p.events.last().unwrap().utc
            > now
                .checked_sub(jiff::SignedDuration::from_hours(24))
                .unwrap()
    );
}

#[test]
fn the_drift_is_real() {
    let w = weeks(&persona());
    let (first, creeping, last) = (1..=8, 9..=17, 18..=25);
    let hours = |r| mean(&w, r, |w| w.hours);
    let creeping_hours = (hours(creeping.clone()) * 9.0 - w[&14].hours) / 8.0;
    assert!(
        (38.0..=46.0).contains(&hours(first.clone())),
        "{}",
        hours(first.clone())
    );
    assert!((45.0..=52.0).contains(&creeping_hours), "{creeping_hours}");
    assert!(
        (52.0..=60.0).contains(&hours(last.clone())),
        "{}",
        hours(last.clone())
    );

    let days = |r| mean(&w, r, |w| w.active_days.len() as f64);
    assert!(days(last.clone()) >= days(first.clone()) + 1.0);
    let evenings = |r| mean(&w, r, |w| f64::from(w.evening_events));
    assert!(evenings(last.clone()) >= 3.0 * evenings(first.clone()));
    let weekends = |r| mean(&w, r, |w| w.weekend_days.len() as f64);
    assert!(weekends(last.clone()) >= 1.0 && weekends(first.clone()) <= 0.75);

    let nights = |r: std::ops::RangeInclusive<i64>| {
        r.map(|k| w.get(&k).map_or(0, |w| w.sleep_nights.len()))
            .sum::<usize>()
    };
    let (early, late) = (nights(1..=8), nights(19..=26));
    assert!(early <= 2, "{early} sleep-window nights in weeks 1-8");
    assert!(
        late >= 8 && late >= 3 * early,
        "{late} sleep-window nights in weeks 19-26"
    );
}

#[test]
fn rests_get_short() {
    // Rest between the last own activity of a workday and the first of the next, by phase.
    let p = persona();
    let c = Classifier::new(&p.settings).unwrap();
    let mut span: BTreeMap<Date, (Timestamp, Timestamp)> = BTreeMap::new();
    for e in p.events.iter().filter(|e| own_activity(e)) {
        let d = c.place(e.utc, e.offset).workday;
        let s = span.entry(d).or_insert((e.utc, e.end()));
        s.1 = s.1.max(e.end());
    }
    let mut short = [0u32; 3];
    for (d, next) in span.iter().zip(span.iter().skip(1)) {
        if next.0.yesterday().unwrap() != *d.0 {
            continue;
        }
        let rest = next.1.0.as_second() - d.1.1.as_second();
        if rest < 11 * 3600 {
            short[match week_of(*d.0) {
                1..=8 => 0,
                9..=17 => 1,
                _ => 2,
            }] += 1;
        }
    }
    assert!(
        short[0] <= 5 && short[2] >= 4 * short[0].max(5) && short[2] > short[1],
        "{short:?}"
    );
}

#[test]
fn there_are_4_am_emails() {
    let p = persona();
    let c = Classifier::new(&p.settings).unwrap();
    let four_am: Vec<&Event> = p
        .events
        .iter()
        .filter(|e| e.kind == EventKind::MailSent && e.actor.is_none())
        .filter(|e| {
            let placed = c.place(e.utc, e.offset);
            let m = placed.local.hour() as i32 * 60 + placed.local.minute() as i32;
            placed.band == Band::Sleep && (210..270).contains(&m)
        })
        .collect();
    assert!(!four_am.is_empty());
    // Only once the drift has set in.
    assert!(
        four_am
            .iter()
            .all(|e| week_of(c.place(e.utc, None).workday) >= 9)
    );
}

#[test]
fn the_vacation_was_not_quite_one() {
    let p = persona();
    let c = Classifier::new(&p.settings).unwrap();
    let v = p.settings.vacations[0];
    let inside: Vec<&Event> = p
        .events
        .iter()
        .filter(|e| own_activity(e))
        .filter(|e| {
            let d = c.place(e.utc, e.offset).local.date();
            v.start <= d && d <= v.end
        })
        .collect();
    let has = |k| inside.iter().any(|e| e.kind == k);
    assert!(has(EventKind::MailSent) && has(EventKind::Page) && has(EventKind::Command));
    assert!(
        inside.len() < 150,
        "{} events: that was no vacation",
        inside.len()
    );
    assert!(days_of(v.start, v.end).all(|d| c.is_vacation(d)));
}

#[test]
fn commit_offsets_follow_summer_time() {
    // Berlin leaves summer time on 2026-10-25 at 01:00 UTC.
    let change: Timestamp = "2026-10-25T01:00:00Z".parse().unwrap();
    let mut seen = BTreeSet::new();
    for e in persona()
        .events
        .iter()
        .filter(|e| e.kind == EventKind::Commit)
    {
        let offset = e.offset.expect("commits carry their offset");
        if e.actor.is_none() {
            assert_eq!(offset, if e.utc < change { 7200 } else { 3600 }, "{e:?}");
            seen.insert(offset);
        } else {
            assert!([0, 3600, 7200].contains(&offset));
        }
    }
    assert_eq!(seen.len(), 2);
}

#[test]
fn mail_is_hashed_urgent_at_times_and_answered() {
    let p = persona();
    let hasher = crate::privacy::IdentityHasher::new(DEMO_HASH_KEY);
    let manager = hasher.hash("jordan.weiss@example.org");
    let mails: Vec<&Event> = p
        .events
        .iter()
        .filter(|e| e.source == SourceKind::Mbox)
        .collect();
    assert!(mails.iter().all(|e| e.offset.is_some()
        && (e.automated || e.counterpart.as_ref().is_some_and(|c| c.len() == 32))));
    // Machine-sent notifications arrive too, and replies point at the mail they answer.
    assert!(
        mails
            .iter()
            .any(|e| e.automated && e.kind == EventKind::MailReceived)
    );
    let received: BTreeSet<&str> = mails
        .iter()
        .filter(|e| e.kind == EventKind::MailReceived)
        .map(|e| e.key.as_str())
        .collect();
    let replies = mails
        .iter()
        .filter_map(|e| e.parent.as_deref())
        .collect::<Vec<_>>();
    assert!(replies.len() > 100, "{}", replies.len());
    assert!(replies.iter().all(|p| received.contains(p)));
    assert!(
        mails
            .iter()
            .any(|e| e.kind == EventKind::MailSent && e.counterpart.as_deref() == Some(&*manager))
    );
    assert!(
        mails
            .iter()
            .filter(|e| e.urgency == Some(Urgency::High))
            .count()
            >= 10
    );
    // Mail received outside office hours gets a reply later, to the same person.
    let c = Classifier::new(&p.settings).unwrap();
    let answered = mails
        .iter()
        .filter(|r| {
            r.kind == EventKind::MailReceived && c.place(r.utc, None).band != Band::Business
        })
        .filter(|r| {
            mails.iter().any(|s| {
                s.kind == EventKind::MailSent
                    && s.counterpart == r.counterpart
                    && s.utc > r.utc
                    && s.utc.as_second() - r.utc.as_second() < 3 * 86_400
            })
        })
        .count();
    assert!(answered >= 100, "{answered}");
}

#[test]
fn on_call_pages_are_acknowledged_and_worked() {
    let p = persona();
    let c = Classifier::new(&p.settings).unwrap();
    let pd: Vec<&Event> = p
        .events
        .iter()
        .filter(|e| e.source == SourceKind::Pagerduty)
        .collect();
    for ack in pd.iter().filter(|e| e.kind == EventKind::Ack) {
        let incident = pd
            .iter()
            .find(|e| e.kind == EventKind::Incident && e.utc == ack.utc && e.actor == ack.actor)
            .expect("every ack starts an incident");
        assert!(incident.duration.is_some_and(|d| d >= 60));
        let page = pd
            .iter()
            .rfind(|e| e.kind == EventKind::Page && e.utc <= ack.utc && e.actor == ack.actor)
            .expect("every ack follows a page");
        assert!(ack.utc.as_second() - page.utc.as_second() <= 20 * 60);
    }
    let urgencies: BTreeSet<_> = pd.iter().filter_map(|e| e.urgency).collect();
    assert!(urgencies.contains(&Urgency::High) && urgencies.contains(&Urgency::Low));
    let night_pages = |weeks: std::ops::RangeInclusive<i64>| {
        pd.iter()
            .filter(|e| e.kind == EventKind::Ack && e.actor.is_none())
            .filter(|e| {
                let placed = c.place(e.utc, None);
                placed.band == Band::Sleep && weeks.contains(&week_of(placed.night.unwrap()))
            })
            .count()
    };
    assert!(night_pages(1..=8) <= 1);
    assert!(night_pages(18..=25) >= 2 * 8, "{}", night_pages(18..=25));
}

#[test]
fn calendar_has_meetings_and_one_day_out() {
    let p = persona();
    let c = Classifier::new(&p.settings).unwrap();
    let meetings: Vec<&Event> = p
        .events
        .iter()
        .filter(|e| e.kind == EventKind::Meeting)
        .collect();
    let usual = meetings
        .iter()
        .filter(|e| (1800..=3600).contains(&e.duration.unwrap()))
        .count();
    assert!(usual * 10 >= meetings.len() * 9);
    let outside = meetings
        .iter()
        .filter(|e| c.place(e.utc, None).band != Band::Business)
        .count();
    assert!(outside >= 5 && outside * 5 < meetings.len(), "{outside}");
    let oof: Vec<&Event> = p
        .events
        .iter()
        .filter(|e| e.kind == EventKind::OutOfOffice)
        .collect();
    assert_eq!(oof.len(), 1);
    let placed = c.place(oof[0].utc, None);
    assert_eq!(placed.local.to_string(), "2026-07-03T00:00:00");
    assert_eq!(oof[0].duration, Some(86_400));
    // Nothing of the person's own on that day.
    assert!(
        !p.events
            .iter()
            .any(|e| own_activity(e) && c.place(e.utc, None).local.date() == date(2026, 7, 3))
    );
}

#[test]
fn tracked_spans_do_not_overlap() {
    let p = persona();
    let spans: Vec<&Event> = p
        .events
        .iter()
        .filter(|e| e.kind == EventKind::ActiveSpan)
        .collect();
    assert!(spans.iter().all(|e| e.duration.is_some_and(|d| d > 0)));
    assert!(
        spans.windows(2).all(|w| w[0].end() <= w[1].utc),
        "overlapping ActivityWatch spans"
    );
}

#[test]
fn heavy_user_has_a_million_events_in_five_years() {
    let end = demo_now();
    let events = heavy_user(5, 1, end);
    let n = events.len();
    assert!((900_000..=1_100_000).contains(&n), "{n}");
    assert!(events.windows(2).all(|w| w[0].utc <= w[1].utc));
    let start = end.as_second() - 5 * 365 * 86_400 - 2 * 86_400;
    assert!(
        events
            .iter()
            .all(|e| start <= e.utc.as_second() && e.utc <= end)
    );
    let commands = events
        .iter()
        .filter(|e| e.kind == EventKind::Command)
        .count();
    assert!(commands * 2 > n);
}
