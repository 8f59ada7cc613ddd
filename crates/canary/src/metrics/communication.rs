//! Communication: mail sent outside hours ("before breakfast or after dinner") and how fast
//! mail received outside hours is answered.
//!
//! ```text
//! working day, hours 08:00-17:00, day boundary 04:00, evening from 19:00
//! 00:00 ── late (previous workday) ── 04:00 ── before work ── 08:00 ═ business ═ 17:00 ── 19:00 ── after dinner ── 24:00
//! ```
//!
//! A mail before the day boundary belongs to the previous workday's evening, so it counts as
//! after dinner. Received mail is load only when a human sent it (`automated` is false). A
//! reply is a sent mail whose `parent` (its `In-Reply-To`) is the received mail's Message-ID.
//! Not for: working time (see [`super::worktime`]).

use std::collections::HashMap;

use super::classify::{Item, Prepared};
use super::constants::EVENING_FROM_MINUTE;
use crate::event::EventKind;
use crate::model::Communication;
use crate::time::Band;

/// Where a sent mail falls in its day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MailTime {
    BeforeWork,
    AfterDinner,
    Other,
}

/// Classify a sent mail's local time by the person's hours.
pub fn mail_time(prep: &Prepared<'_>, item: &Item<'_>) -> MailTime {
    let local = item.placed.local;
    let minute = local.hour() as u16 * 60 + local.minute() as u16;
    let settings = prep.classifier.settings();
    if minute < settings.day_boundary.minutes() {
        return MailTime::AfterDinner;
    }
    let date = local.date();
    let first_start = settings
        .hours
        .on(date.weekday())
        .first()
        .map(|r| r.start.minutes());
    match first_start {
        Some(start) if prep.classifier.is_working_day(date) && minute < start => {
            MailTime::BeforeWork
        }
        _ if minute >= EVENING_FROM_MINUTE => MailTime::AfterDinner,
        _ => MailTime::Other,
    }
}

/// The communication summary, and for each day of the period whether mail was sent before
/// work or after dinner.
pub fn communication(prep: &Prepared<'_>) -> (Communication, Vec<bool>) {
    let mut c = Communication::default();
    let mut per_day = vec![false; prep.span.days()];
    // Message-ID → arrival of human mail received outside business hours.
    let mut after_hours_received: HashMap<&str, i64> = HashMap::new();
    let in_period = prep.items.iter().filter(|i| i.day.is_some());
    for item in in_period.clone() {
        let e = item.event;
        match e.kind {
            EventKind::MailReceived => {
                c.measured = true;
                if e.automated {
                    c.automated_received += 1;
                } else if item.placed.band != Band::Business {
                    c.received_after_hours += 1;
                    after_hours_received.insert(e.key.as_str(), item.start);
                }
            }
            EventKind::MailSent => {
                c.measured = true;
                c.mail_sent += 1;
                if item.placed.band != Band::Business {
                    c.sent_after_hours += 1;
                }
                match mail_time(prep, item) {
                    MailTime::BeforeWork => c.sent_before_work += 1,
                    MailTime::AfterDinner => c.sent_after_dinner += 1,
                    MailTime::Other => continue,
                }
                if let Some(d) = item.day {
                    per_day[d as usize] = true;
                }
            }
            _ => {}
        }
    }
    c.days_before_work_or_after_dinner = per_day.iter().filter(|&&b| b).count() as u32;

    // The first reply to each after-hours mail.
    let mut first_reply: HashMap<&str, i64> = HashMap::new();
    for item in in_period.filter(|i| i.event.kind == EventKind::MailSent) {
        let Some(parent) = item.event.parent.as_deref() else {
            continue;
        };
        if let Some(&arrived) = after_hours_received.get(parent)
            && item.start >= arrived
        {
            let latency = item.start - arrived;
            first_reply
                .entry(parent)
                .and_modify(|l| *l = (*l).min(latency))
                .or_insert(latency);
        }
    }
    let mut minutes: Vec<f64> = first_reply.values().map(|&s| s as f64 / 60.0).collect();
    minutes.sort_by(f64::total_cmp);
    c.replied_after_hours = minutes.len() as u32;
    c.replied_within_hour = minutes.iter().filter(|&&m| m <= 60.0).count() as u32;
    c.median_reply_minutes = median(&minutes);
    (c, per_day)
}

/// The median of sorted values.
pub fn median(sorted: &[f64]) -> Option<f64> {
    let n = sorted.len();
    match n {
        0 => None,
        _ if n % 2 == 1 => Some(sorted[n / 2]),
        _ => Some((sorted[n / 2 - 1] + sorted[n / 2]) / 2.0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::classify::prepare;
    use crate::metrics::testutil::{ev, input, settings};

    fn sent(local: &str, key: &str, parent: Option<&str>) -> crate::event::Event {
        let mut e = ev(local, EventKind::MailSent);
        e.key = key.into();
        e.parent = parent.map(str::to_string);
        e
    }

    fn received(local: &str, key: &str, automated: bool) -> crate::event::Event {
        let mut e = ev(local, EventKind::MailReceived);
        e.key = key.into();
        e.automated = automated;
        e
    }

    #[test]
    fn sorts_sent_mail_by_time_of_day_and_times_replies() {
        // Settings: Berlin, hours 08:00-18:00 Mon-Fri, day boundary 04:00.
        // 2026-03-10 is a Tuesday, 2026-03-14 a Saturday.
        let events = vec![
            sent("2026-03-10T06:30", "<a>", None),       // before work
            sent("2026-03-10T12:00", "<b>", None),       // business
            sent("2026-03-10T18:30", "<c>", None),       // off-hours, not yet evening
            sent("2026-03-10T21:15", "<d>", None), // after dinner (sleep band at 22:00 not yet)
            sent("2026-03-11T02:10", "<e>", None), // Tuesday's late night: after dinner
            sent("2026-03-14T10:00", "<f>", None), // Saturday morning: neither
            received("2026-03-10T20:00", "<r1>", false), // after hours, answered at 20:30
            sent("2026-03-10T20:30", "<g>", Some("<r1>")),
            received("2026-03-10T23:00", "<r2>", false), // answered next morning 09:00
            sent("2026-03-11T09:00", "<h>", Some("<r2>")),
            received("2026-03-10T23:30", "<r3>", true), // automated: not load
            received("2026-03-10T10:00", "<r4>", false), // business hours
        ];
        let s = settings();
        let inp = input(&events, &s, "2026-03-20T12:00", "2026-03-09", "2026-03-15");
        let (c, per_day) = communication(&prepare(&inp));
        assert!(c.measured);
        assert_eq!(c.mail_sent, 8);
        assert_eq!(c.sent_before_work, 1);
        assert_eq!(c.sent_after_dinner, 3, "21:15, 02:10 and the 20:30 reply");
        assert_eq!(c.sent_after_hours, 6, "all but 12:00 and 09:00");
        assert_eq!(
            c.days_before_work_or_after_dinner, 1,
            "everything falls on Tuesday's workday"
        );
        assert_eq!(per_day.iter().filter(|&&b| b).count(), 1);
        assert_eq!((c.received_after_hours, c.automated_received), (2, 1));
        assert_eq!((c.replied_after_hours, c.replied_within_hour), (2, 1));
        assert_eq!(c.median_reply_minutes, Some((30.0 + 600.0) / 2.0));
    }

    #[test]
    fn no_mail_is_not_measured() {
        let events = vec![ev("2026-03-10T10:00", EventKind::Commit)];
        let s = settings();
        let (c, _) = communication(&prepare(&input(
            &events,
            &s,
            "2026-03-20T12:00",
            "2026-03-09",
            "2026-03-15",
        )));
        assert!(!c.measured);
        assert_eq!(c.median_reply_minutes, None);
    }

    #[test]
    fn median_of_even_and_odd() {
        assert_eq!(median(&[1.0, 2.0, 10.0]), Some(2.0));
        assert_eq!(median(&[1.0, 3.0]), Some(2.0));
        assert_eq!(median(&[]), None);
    }
}
