//! Vacations: the stretches of time off in the period and the work done inside them.
//!
//! ```text
//! declared:  settings `vacations`, or out-of-office days from a calendar
//! detected:  Mon Tue Wed Thu (no activity on 3+ working days in a row)
//!            amid weeks where ≥ 70 % of working days have activity → a detected vacation
//! ```
//!
//! Detection needs dense data around the gap: with sparse sources (a few commits a week) a
//! quiet stretch says nothing, so nothing is detected. Not for: the vacation band itself
//! (see [`crate::time`]).

use super::classify::Prepared;
use super::constants::{DETECT_CONTEXT_DAYS, DETECT_MIN_DENSITY, DETECT_MIN_WORKING_DAYS};
use super::days::DayActivity;
use crate::model::{VacationPeriod, Vacations};

/// Declared and detected vacations in the period, oldest first.
pub fn vacations(
    prep: &Prepared<'_>,
    activity: &[DayActivity],
    day_secs: &[[i64; 5]],
) -> Vacations {
    let dates = prep.span.dates();
    let c = &prep.classifier;
    let mut periods = Vec::new();
    let hours = |i: usize| day_secs[i].iter().sum::<i64>() as f64 / 3600.0;

    // Declared: runs of consecutive vacation days.
    let mut i = 0;
    while i < dates.len() {
        if !c.is_vacation(dates[i]) {
            i += 1;
            continue;
        }
        let start = i;
        while i < dates.len() && c.is_vacation(dates[i]) {
            i += 1;
        }
        periods.push(period(dates, start, i - 1, "declared", activity, &hours));
    }

    // Detected: runs of working days without activity (days off in between do not break
    // the run), not already declared.
    let working: Vec<usize> = (0..dates.len())
        .filter(|&i| c.is_working_day(dates[i]) && !c.is_vacation(dates[i]))
        .collect();
    let mut k = 0;
    while k < working.len() {
        if activity[working[k]].worked() {
            k += 1;
            continue;
        }
        let first = k;
        while k < working.len() && !activity[working[k]].worked() {
            k += 1;
        }
        let run = &working[first..k];
        if run.len() >= DETECT_MIN_WORKING_DAYS && dense_around(&working, first, k, activity) {
            periods.push(period(
                dates,
                run[0],
                run[run.len() - 1],
                "detected",
                activity,
                &hours,
            ));
        }
    }
    periods.sort_by_key(|p| p.start);
    Vacations { periods }
}

/// Whether the working days just before and after `working[first..end]` are mostly active,
/// and there are some on both sides.
fn dense_around(working: &[usize], first: usize, end: usize, activity: &[DayActivity]) -> bool {
    let gap_start = working[first];
    let gap_end = working[end - 1];
    let before: Vec<usize> = working[..first]
        .iter()
        .copied()
        .filter(|&i| gap_start - i <= DETECT_CONTEXT_DAYS)
        .collect();
    let after: Vec<usize> = working[end..]
        .iter()
        .copied()
        .filter(|&i| i - gap_end <= DETECT_CONTEXT_DAYS)
        .collect();
    let density = |days: &[usize]| {
        days.iter().filter(|&&i| activity[i].worked()).count() as f64 / days.len().max(1) as f64
    };
    !before.is_empty()
        && !after.is_empty()
        && density(&before) >= DETECT_MIN_DENSITY
        && density(&after) >= DETECT_MIN_DENSITY
}

fn period(
    dates: &[jiff::civil::Date],
    from: usize,
    to: usize,
    origin: &str,
    activity: &[DayActivity],
    hours: &dyn Fn(usize) -> f64,
) -> VacationPeriod {
    VacationPeriod {
        start: dates[from],
        end: dates[to],
        days: (to - from + 1) as u32,
        origin: origin.to_string(),
        days_worked: (from..=to).filter(|&i| activity[i].worked()).count() as u32,
        hours_worked: (from..=to).map(hours).sum(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::event::EventKind;
    use crate::metrics::classify::ClassifyInput;
    use crate::metrics::classify::prepare;
    use crate::metrics::constants::SESSION_GAP_SECS;
    use crate::metrics::days::activity;
    use crate::metrics::period::PeriodSpec;
    use crate::metrics::testutil::{date, ev, settings};
    use crate::metrics::worktime::{intervals, measure, merge};

    /// A command at 10:00 on every working day (Monday to Friday) of March 2026 except `skip`.
    fn march(skip: &[&str]) -> Vec<crate::event::Event> {
        (2..=31)
            .map(|d| format!("2026-03-{d:02}"))
            .filter(|d| date(d).weekday().to_monday_zero_offset() < 5)
            .filter(|d| !skip.contains(&d.as_str()))
            .map(|d| ev(&format!("{d}T10:00"), EventKind::Command))
            .collect()
    }

    fn run(events: &[crate::event::Event], s: &crate::settings::Settings) -> Vacations {
        let inp = ClassifyInput {
            events,
            settings: s,
            now: crate::metrics::testutil::ts("2026-04-05T12:00"),
            my_actors: crate::metrics::testutil::nobody(),
            period: PeriodSpec::between(date("2026-03-02"), date("2026-03-31")),
        };
        let prep = prepare(&inp);
        let act = activity(&prep.items, prep.span.days());
        let merged = merge(intervals(&prep.items, inp.now), SESSION_GAP_SECS);
        let measured = measure(&prep.classifier, &merged, &prep.span);
        vacations(&prep, &act, &measured.day_secs)
    }

    #[test]
    fn a_quiet_stretch_amid_busy_weeks_is_detected() {
        // Thu 12 to Tue 17 March: four working days without activity, a weekend between.
        let events = march(&["2026-03-12", "2026-03-13", "2026-03-16", "2026-03-17"]);
        let v = run(&events, &settings());
        assert_eq!(v.periods.len(), 1);
        let p = &v.periods[0];
        assert_eq!(
            (p.start, p.end, p.origin.as_str()),
            (date("2026-03-12"), date("2026-03-17"), "detected")
        );
        assert_eq!((p.days, p.days_worked), (6, 0));
    }

    #[test]
    fn two_quiet_days_or_sparse_data_are_not_a_vacation() {
        let v = run(&march(&["2026-03-12", "2026-03-13"]), &settings());
        assert!(v.periods.is_empty());
        // One command a week: a quiet stretch means nothing.
        let sparse: Vec<_> = ["2026-03-02", "2026-03-09", "2026-03-23", "2026-03-30"]
            .iter()
            .map(|d| ev(&format!("{d}T10:00"), EventKind::Command))
            .collect();
        assert!(run(&sparse, &settings()).periods.is_empty());
    }

    #[test]
    fn declared_vacation_with_work_in_it() {
        let mut s = settings();
        s.set("vacations", "2026-03-16..2026-03-20").unwrap();
        let v = run(&march(&["2026-03-16", "2026-03-17", "2026-03-19"]), &s);
        assert_eq!(v.periods.len(), 1);
        let p = &v.periods[0];
        assert_eq!(
            (p.origin.as_str(), p.days, p.days_worked),
            ("declared", 5, 2)
        );
        assert!(p.hours_worked > 0.0);
    }
}
