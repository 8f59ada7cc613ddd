//! The article's Step 1 checklist items that data can show, measured from the report's
//! figures.
//!
//! Each item gets a status and one sentence of evidence with the figures behind it. Items
//! that need a source the person has not imported are `unknown`, and say which source would
//! tell. Thresholds are in [`super::thresholds`] and `docs/method.md` ("Checklist, measured").

use super::Measurements;
use super::thresholds::{
    CLEAR_AFTER_HOURS_SHARE, LONG_WEEKS_FOR_REGULAR, MAIL_DAYS_HABIT, MIN_COVERED_WEEKS,
    PERSONAL_TIME_PAGES, RECENT_WEEKS, SLEEP_NIGHTS_INTERFERING, SMALL_HOURS, VACATION_MIN_DAYS,
    YEAR_DAYS, YEAR_MIN_COVERED_DAYS,
};
use crate::metrics::constants::LONG_WEEK_HOURS;
use crate::model::{Basis, EventRef, Indicator, Status, Tier, WeekRow};
use crate::words;

/// The most recent `n` complete weeks (see [`WeekRow::complete`]), newest last.
pub fn recent_complete_weeks(weeks: &[WeekRow], n: usize) -> Vec<&WeekRow> {
    let complete: Vec<&WeekRow> = weeks.iter().filter(|w| w.complete).collect();
    complete[complete.len().saturating_sub(n)..].to_vec()
}

/// The recent complete weeks that have data: the weeks every measured item, the level and the
/// stage's "lately" read (see `docs/method.md`, "Checklist, measured").
pub fn recent_covered_weeks(weeks: &[WeekRow]) -> Vec<&WeekRow> {
    recent_complete_weeks(weeks, RECENT_WEEKS)
        .into_iter()
        .filter(|w| w.covered_days > 0)
        .collect()
}

/// The after-hours share pooled over weeks (after-hours hours / all hours), so that a quiet
/// week is not a week with share 0; 0 without hours.
pub fn pooled_after_hours_share(weeks: &[&WeekRow]) -> f64 {
    let hours: f64 = weeks.iter().map(|w| w.hours).sum();
    let after: f64 = weeks.iter().map(|w| w.hours * w.after_hours_share).sum();
    if hours > 0.0 { after / hours } else { 0.0 }
}

fn indicator(id: &str, tier: Tier, label: &str, status: Status, evidence: String) -> Indicator {
    Indicator {
        id: id.to_string(),
        tier,
        label: label.to_string(),
        status,
        basis: if status == Status::Unknown {
            Basis::None
        } else {
            Basis::Measured
        },
        evidence,
    }
}

fn hours_list(weeks: &[&WeekRow]) -> String {
    weeks
        .iter()
        .map(|w| format!("{:.1}", w.hours))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Every checklist item that data can show, in checklist order.
pub fn measured_indicators(m: &Measurements<'_>) -> Vec<Indicator> {
    let covered = recent_covered_weeks(m.weeks);
    let enough = covered.len() >= MIN_COVERED_WEEKS;
    // From sparse sources alone (commits, sent mail) a sign can be seen but never ruled out:
    // a quiet evening between two commits may have been work. See `absent_not_measured`.
    let sparse = !covered.is_empty() && covered.iter().all(|w| w.continuous_days == 0);
    let mut out = Vec::new();

    // High: more than 50 hours a week, regularly.
    let long = covered.iter().filter(|w| w.hours > LONG_WEEK_HOURS).count();
    let mean = if covered.is_empty() {
        0.0
    } else {
        covered.iter().map(|w| w.hours).sum::<f64>() / covered.len() as f64
    };
    out.push(absent_not_measured(
        sparse,
        Status::DoesNotHold,
        indicator(
            "hours_over_50",
            Tier::High,
            "Working more than 50 hours a week regularly",
            match (
                enough,
                long >= LONG_WEEKS_FOR_REGULAR.min(covered.len()) || mean > LONG_WEEK_HOURS,
            ) {
                (false, _) => Status::Unknown,
                (true, true) if long > 0 => Status::Holds,
                _ => Status::DoesNotHold,
            },
            if enough {
                format!(
                    "{long} of {} over {} (estimated hours: {}; mean {})",
                    last_weeks(covered.len()),
                    words::hours(LONG_WEEK_HOURS),
                    hours_list(&covered),
                    words::hours(mean)
                )
            } else {
                few_weeks()
            },
        ),
    ));

    // High: checking work mail before breakfast or after dinner (sending is what shows).
    let mail_days: u32 = covered.iter().map(|w| w.mail_outside_hours_days).sum();
    let c = m.communication;
    out.push(indicator(
        "mail_outside_hours",
        Tier::High,
        "Work mail before breakfast or after dinner",
        match (enough, c.measured) {
            (true, true) if mail_days >= MAIL_DAYS_HABIT => Status::Holds,
            (true, true) => Status::DoesNotHold,
            _ => Status::Unknown,
        },
        if !c.measured {
            match ["mbox", "maildir"]
                .iter()
                .find_map(|s| m.coverage.outside(s))
            {
                Some(h) => format!(
                    "no mail in the period; the imported mail runs from {} to {} (`canary report --since {} --until {}`)",
                    h.first, h.last, h.first, h.last
                ),
                None => "no mail in the period: import a mail folder (`canary import mbox|maildir`)"
                    .to_string(),
            }
        } else if enough {
            let mut s = format!(
                "mail sent before work or after dinner on {} in {}",
                words::count(mail_days, "day"),
                last_weeks(covered.len())
            );
            if let Some(m) = c.median_reply_minutes {
                s.push_str(&format!(
                    "; after-hours mail answered in a median {} ({} of {} within an hour)",
                    words::duration_minutes(m),
                    c.replied_within_hour,
                    c.received_after_hours
                ));
            }
            s
        } else {
            few_weeks()
        },
    ));

    // High: work interferes with sleep.
    let nights: u32 = covered.iter().map(|w| w.sleep_nights).sum();
    out.push(absent_not_measured(
        sparse,
        Status::DoesNotHold,
        indicator(
            "work_in_sleep_window",
            Tier::High,
            "Work interferes with sleep",
            match enough {
                false => Status::Unknown,
                true if nights >= SLEEP_NIGHTS_INTERFERING => Status::Holds,
                true => Status::DoesNotHold,
            },
            if enough {
                let mut s = format!(
                    "{} with activity in your sleep window in {}",
                    words::count(nights, "night"),
                    last_weeks(covered.len())
                );
                if let Some((night, e)) = deepest_night_event(m) {
                    s.push_str(&format!(
                        "; e.g. {} at {} in the night of {night}",
                        e.kind,
                        local_clock(&e.local)
                    ));
                }
                s
            } else {
                few_weeks()
            },
        ),
    ));

    // High: no vacation without work in over a year.
    out.push(vacation_indicator(m));

    // Medium: weekend work on non-emergency issues (the person's emergency rules decide).
    let off_days: u32 = covered
        .iter()
        .map(|w| w.days_off_worked_non_emergency)
        .sum();
    let emergency_only: u32 = covered.iter().map(|w| w.days_off_worked).sum::<u32>() - off_days;
    out.push(absent_not_measured(
        sparse,
        Status::DoesNotHold,
        indicator(
            "weekend_work",
            Tier::Medium,
            "Working weekends or days off on non-emergency issues",
            match enough {
                false => Status::Unknown,
                true if off_days > 0 => Status::Holds,
                true => Status::DoesNotHold,
            },
            if enough {
                let mut s = format!(
                    "activity other than emergency on-call work on {} off in {}",
                    words::count(off_days, "day"),
                    last_weeks(covered.len())
                );
                if emergency_only > 0 {
                    s.push_str(&format!(
                        "; {} more {} off had only emergency work, which is the job",
                        emergency_only,
                        words::noun_for(emergency_only, "day")
                    ));
                }
                s
            } else {
                few_weeks()
            },
        ),
    ));

    // Medium: taking work calls in personal time.
    let personal: u32 = covered.iter().map(|w| w.pages_personal_time).sum();
    let i = m.interruptions;
    out.push(indicator(
        "calls_in_personal_time",
        Tier::Medium,
        "Taking work calls during personal time",
        match (enough, i.measured) {
            (true, true) if personal >= PERSONAL_TIME_PAGES => Status::Holds,
            (true, true) => Status::DoesNotHold,
            _ => Status::Unknown,
        },
        if !i.measured {
            "no on-call data in the period: import PagerDuty or Opsgenie exports".to_string()
        } else if enough {
            format!(
                "{} outside business hours in {}; {} interrupted in the period",
                words::count(personal, "non-emergency page"),
                last_weeks(covered.len()),
                words::count(i.nights_interrupted, "night")
            )
        } else {
            few_weeks()
        },
    ));

    // Low: clear boundaries between work and personal time.
    let share = pooled_after_hours_share(&covered);
    let over_max = covered.iter().filter(|w| w.over_max).count();
    let clear = share < CLEAR_AFTER_HOURS_SHARE && nights == 0 && over_max == 0;
    out.push(absent_not_measured(
        sparse,
        Status::Holds,
        indicator(
            "clear_boundaries",
            Tier::Low,
            "Clear boundaries between work and personal time",
            match enough {
                false => Status::Unknown,
                true if clear => Status::Holds,
                true => Status::DoesNotHold,
            },
            if enough {
                format!(
                    "{} of working time outside business hours, {}, {} over your {} maximum in {}",
                    words::percent(share),
                    words::count(nights, "sleep-window night"),
                    words::count(over_max, "week"),
                    words::hours(m.limits.max_weekly_hours),
                    last_weeks(covered.len())
                )
            } else {
                few_weeks()
            },
        ),
    ));
    out
}

/// The most recent event in the small hours (01:00–05:59), the clearest sign of work cutting
/// into sleep; else the first event of the latest night.
fn deepest_night_event<'m>(m: &Measurements<'m>) -> Option<(jiff::civil::Date, &'m EventRef)> {
    let small_hours = |e: &&EventRef| {
        e.local
            .get(11..13)
            .and_then(|h| h.parse::<u8>().ok())
            .is_some_and(|h| SMALL_HOURS.contains(&h))
    };
    m.sleep
        .recent
        .iter()
        .find_map(|n| n.samples.iter().find(small_hours).map(|e| (n.night, e)))
        .or_else(|| {
            let n = m.sleep.recent.first()?;
            n.samples.first().map(|e| (n.night, e))
        })
}

/// `HH:MM` from a local RFC 3339 string.
fn local_clock(rfc3339: &str) -> &str {
    rfc3339.get(11..16).unwrap_or(rfc3339)
}

fn vacation_indicator(m: &Measurements<'_>) -> Indicator {
    let label = "No vacation without work in over a year";
    let id = "no_vacation_without_work";
    let real: Vec<_> = m
        .vacations
        .periods
        .iter()
        .filter(|p| p.days >= VACATION_MIN_DAYS)
        .collect();
    if let Some(free) = real.iter().rev().find(|p| p.days_worked == 0) {
        return indicator(
            id,
            Tier::High,
            label,
            Status::DoesNotHold,
            format!(
                "the {} vacation {}..{} had no work in it",
                free.origin, free.start, free.end
            ),
        );
    }
    // "Over a year" needs a year of data: the period must span one and be well covered.
    let a_year = m.period.days >= YEAR_DAYS && m.coverage.covered_days >= YEAR_MIN_COVERED_DAYS;
    if let Some(last) = real.last() {
        let worked = format!(
            "every vacation in the period had work in it; the latest, {}..{}, on {} of {} ({})",
            last.start,
            last.end,
            last.days_worked,
            words::count(last.days, "day"),
            words::hours(last.hours_worked)
        );
        return if a_year {
            indicator(id, Tier::High, label, Status::Holds, worked)
        } else {
            indicator(
                id,
                Tier::High,
                label,
                Status::Unknown,
                format!(
                    "{worked}; saying \"over a year\" needs a year of data ({YEAR_DAYS} days with {YEAR_MIN_COVERED_DAYS} covered; this period: {} days, {} covered): try `canary report --weeks 53`",
                    m.period.days, m.coverage.covered_days
                ),
            )
        };
    }
    if a_year {
        return indicator(
            id,
            Tier::High,
            label,
            Status::Holds,
            "no vacation at all in the last 12 months".into(),
        );
    }
    indicator(
        id,
        Tier::High,
        label,
        Status::Unknown,
        "no vacation in the period measured: declare vacations (`canary config set vacations …`) or import a calendar".into(),
    )
}

/// An indicator whose `absent` status would claim that a sign is absent ("does not hold", or
/// for `clear_boundaries` "holds") becomes `unknown` when the weeks were seen by sparse
/// sources alone: commits and sent mail show work when it leaves a mark, never its absence.
/// A sign they do show stands, its counts marked "at least".
fn absent_not_measured(sparse: bool, absent: Status, mut i: Indicator) -> Indicator {
    if !sparse || i.status == Status::Unknown {
        return i;
    }
    if i.status == absent {
        i.status = Status::Unknown;
        i.basis = Basis::None;
        i.evidence = format!(
            "not measured: only commits and sent mail cover these weeks, which show work when it leaves a mark but not its absence (import a shell history, ActivityWatch or a calendar); they show {}",
            i.evidence
        );
    } else if absent == Status::DoesNotHold {
        // A count of marks seen (hours, nights, days) is a lower bound; a share is not.
        i.evidence = format!("at least: {}", i.evidence);
    }
    i
}

/// The evidence of every measured item when the recent weeks hold too little data.
/// "the last 4 complete weeks", "the last complete week".
fn last_weeks(n: usize) -> String {
    if n == 1 {
        "the last complete week".to_string()
    } else {
        format!("the last {n} complete weeks")
    }
}

fn few_weeks() -> String {
    format!("fewer than {MIN_COVERED_WEEKS} of the last {RECENT_WEEKS} complete weeks have data")
}
