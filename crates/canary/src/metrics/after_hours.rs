//! After-hours: the share of working time outside business hours, and days off worked.
//!
//! ```text
//! Tue   08:00 ── business ── 18:00 ─ off-hours ─ 22:00 ─ sleep ─
//! Sat   ───────── non-working day ────────────── 22:00 ─ sleep ─
//! share = (off-hours + sleep + non-working day + vacation) / all hours
//! ```
//!
//! As in PagerDuty's off-hours figures, every hour outside business hours counts, weekend
//! and vacation time included. Not for: the bands themselves ([`crate::time`]).

use crate::model::DayRow;
use crate::time::Band;

/// The after-hours share of per-band seconds (in [`Band::ALL`] order); 0 when there is no
/// working time at all.
pub fn share(secs: &[i64; 5]) -> f64 {
    let total: i64 = secs.iter().sum();
    if total <= 0 {
        return 0.0;
    }
    (total - secs[Band::Business.index()]) as f64 / total as f64
}

/// Whether a day is a day off (a non-working day or a vacation day) with any activity.
pub fn is_day_off_worked(day: &DayRow) -> bool {
    (!day.working_day || day.vacation) && day.first.is_some()
}

/// Days off with any activity.
pub fn days_off_worked(days: &[DayRow]) -> u32 {
    days.iter().filter(|d| is_day_off_worked(d)).count() as u32
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::event::{Event, EventKind};
    use crate::metrics::classify::prepare;
    use crate::metrics::constants::SESSION_GAP_SECS;
    use crate::metrics::days::{activity, rows};
    use crate::metrics::testutil::{ev, input, settings};
    use crate::metrics::worktime::{intervals, measure, merge, total_secs};

    #[test]
    fn share_of_band_seconds() {
        assert_eq!(share(&[0; 5]), 0.0);
        assert_eq!(share(&[3600, 0, 0, 0, 0]), 0.0);
        assert_eq!(share(&[3600, 1800, 600, 600, 600]), 0.5);
    }

    #[test]
    fn weekends_holidays_and_vacations_worked() {
        let mut s = settings();
        s.set("vacations", "2026-03-11..2026-03-11").unwrap();
        s.set("holidays", "2026-03-12").unwrap();
        let events: Vec<Event> = [
            "2026-03-10T10:00", // Tue, working day
            "2026-03-11T10:00", // Wed, vacation
            "2026-03-12T10:00", // Thu, holiday
            "2026-03-14T10:00", // Sat
            "2026-03-16T02:00", // Mon 02:00 counts toward Sunday
        ]
        .iter()
        .map(|t| ev(t, EventKind::MailSent))
        .collect();
        let p = prepare(&input(
            &events,
            &s,
            "2026-03-16T12:00",
            "2026-03-09",
            "2026-03-16",
        ));
        let m = measure(
            &p.classifier,
            &merge(intervals(&p.items, p.span.now), SESSION_GAP_SECS),
            &p.span,
        );
        let days = rows(&p, &activity(&p.items, p.span.days()), &m);
        assert_eq!(days_off_worked(&days), 4);
        // 5 mails × 5 min; only Tuesday's is business time.
        let secs = total_secs(&m.day_secs);
        assert_eq!(secs, [300, 0, 300, 600, 300]);
        assert_eq!(share(&secs), 0.8);
    }
}
