//! The rules. Each reads the figures the report already has (sleep-window nights with their
//! events, week and day rows, the rest summary, pages per week, the coverage of each source)
//! and the journal, never events of its own, so an alert and the report can never disagree.
//!
//! A rule that needs hours (the weekly maximum) stays silent when the week's hours come from
//! sparse sources alone (commits, sent mail: [`crate::model::WeekRow::hours_at_least`]),
//! because those show work but never its absence. Counts of nights, days and pages need no
//! hours: what a sparse source saw did happen.

use jiff::Timestamp;
use jiff::civil::{Date, Weekday};
use jiff::tz::TimeZone;

use super::{Alert, Rule};
use crate::Settings;
use crate::journal::{AnswerSet, Checkin, Instrument, Journal};
use crate::model::{Report, WeekRow};
use crate::plan::review::RETAKE_AFTER_DAYS;
use crate::plan::review_period::{self, DueStatus};

/// Nights looked back on by the sleep-window rule.
pub const SLEEP_LOOKBACK_NIGHTS: i64 = 7;
/// A source "had events daily" when it had them on at least this share of the days from its
/// first event in the period to its last (4 days in 7: a source used on working days only).
pub const DAILY_SHARE: f64 = 4.0 / 7.0;
/// ... over at least this many days, so that a week of use is not taken for a habit.
pub const DAILY_MIN_DAYS: i64 = 14;
/// The on-pace warning needs this many past working days of the week to project from.
pub const PACE_MIN_DAYS: u32 = 2;

/// What the rules read.
#[derive(Debug, Clone, Copy)]
pub struct AlertInput<'a> {
    /// The report over the default period, built for `now`.
    pub report: &'a Report,
    pub settings: &'a Settings,
    pub journal: &'a Journal,
    /// Every questionnaire answer set, any order.
    pub answers: &'a [AnswerSet],
    /// Every check-in, any order.
    pub checkins: &'a [Checkin],
    pub now: Timestamp,
}

/// Every alert that holds now, in [`Rule::ALL`] order. Empty when `[alerts] enabled = false`.
pub fn evaluate(input: &AlertInput<'_>) -> Vec<Alert> {
    let s = input.settings;
    if !s.alerts.enabled {
        return Vec::new();
    }
    let zone = s.zone().unwrap_or(TimeZone::UTC);
    let local = input.now.to_zoned(zone.clone());
    let today = local.date();
    let minute = local.hour() as u16 * 60 + local.minute() as u16;
    let mut out = Vec::new();
    out.extend(sleep_window(input.report, s, today, minute));
    out.extend(weekly_hours(input.report, s, today));
    out.extend(no_day_off(input.report, s, today));
    out.extend(no_weekend_off(input.report, s, today));
    out.extend(pages(input.report, today));
    out.extend(sources_quiet(input.report, s, today));
    if s.alerts.reminders {
        out.extend(checkin_due(input, &zone, today));
        out.extend(questionnaires_due(input, &zone, today));
        out.extend(review_due(input, &zone, today));
    }
    out
}

fn days(d: Date, n: i64) -> Date {
    d.checked_add(jiff::Span::new().days(n)).unwrap_or(d)
}

fn alert(
    rule: Rule,
    occurrence: impl std::fmt::Display,
    title: String,
    evidence: Vec<String>,
) -> Alert {
    Alert {
        id: format!("{}/{occurrence}", rule.name()),
        rule,
        title,
        evidence,
    }
}

/// The local time of an RFC 3339 string with offset, as `HH:MM`.
fn hhmm(local: &str) -> &str {
    local.get(11..16).unwrap_or(local)
}

/// Activity in the sleep window on N of the last 7 nights (the nights whose window started
/// most recently, tonight's included once it has begun). The occurrence is the latest such
/// night: a new night with activity while the count holds is new evidence.
fn sleep_window(r: &Report, s: &Settings, today: Date, minute: u16) -> Option<Alert> {
    let latest = if minute >= s.sleep.start.minutes() {
        today
    } else {
        days(today, -1)
    };
    let first = days(latest, 1 - SLEEP_LOOKBACK_NIGHTS);
    let nights: Vec<_> = r
        .sleep
        .recent
        .iter()
        .filter(|n| n.night >= first && n.night <= latest && n.events > 0)
        .collect();
    let need = s.alerts.sleep_nights.max(1) as usize;
    if nights.len() < need {
        return None;
    }
    let newest = nights[0];
    let mut dates: Vec<String> = nights.iter().map(|n| n.night.to_string()).collect();
    dates.reverse();
    let window = format!("{}–{}", s.sleep.start, s.sleep.end);
    let samples: Vec<String> = newest
        .samples
        .iter()
        .map(|e| format!("{} {} ({})", hhmm(&e.local), e.kind, e.source))
        .collect();
    let more = (newest.events as usize).saturating_sub(samples.len());
    let mut latest_line = format!(
        "The night of {}: {} event{} — {}",
        newest.night,
        newest.events,
        if newest.events == 1 { "" } else { "s" },
        samples.join(", ")
    );
    if more > 0 {
        latest_line.push_str(&format!(", and {more} more"));
    }
    Some(alert(
        Rule::SleepWindow,
        newest.night,
        format!(
            "Work in your sleep window ({window}) on {} of the last {SLEEP_LOOKBACK_NIGHTS} nights",
            nights.len()
        ),
        vec![
            format!(
                "Nights with activity in your sleep window: {} ({} or more of {SLEEP_LOOKBACK_NIGHTS} makes this alert).",
                dates.join(", "),
                need
            ),
            latest_line,
            format!(
                "See them all with `canary events --night {}`.",
                newest.night
            ),
        ],
    ))
}

/// The week row holding `today`, if the report has it.
fn this_week(r: &Report, today: Date) -> Option<&WeekRow> {
    r.weeks
        .iter()
        .find(|w| w.start <= today && today < days(w.start, 7))
}

/// This week's hours have passed the weekly maximum, or (from Wednesday, with at least
/// [`PACE_MIN_DAYS`] working days behind) are on pace to: the hours of the past days of the
/// week, plus their mean per working day for each working day left, today's included.
fn weekly_hours(r: &Report, s: &Settings, today: Date) -> Option<Alert> {
    let w = this_week(r, today)?;
    if w.hours_at_least || w.continuous_days == 0 {
        return None;
    }
    let max = s.max_weekly_hours;
    if w.hours > max {
        return Some(alert(
            Rule::WeeklyHours,
            &w.week,
            format!(
                "This week has passed your {max} h maximum: {:.1} h so far",
                w.hours
            ),
            vec![format!(
                "{}: {:.1} h worked up to now, against the {max} h you set yourself (`max_weekly_hours`).",
                w.week, w.hours
            )],
        ));
    }
    if !s.alerts.hours_pace
        || today.weekday().to_monday_one_offset() < Weekday::Wednesday.to_monday_one_offset()
    {
        return None;
    }
    let in_week = |d: Date| w.start <= d && d < days(w.start, 7);
    let working = |d: Date| s.is_working_day(d) && !s.is_vacation(d);
    let past: Vec<_> = r
        .days
        .iter()
        .filter(|d| in_week(d.date) && d.date < today)
        .collect();
    let past_hours: f64 = past.iter().map(|d| d.hours).sum();
    let past_workdays = past.iter().filter(|d| working(d.date)).count() as u32;
    if past_workdays < PACE_MIN_DAYS {
        return None;
    }
    let left = (0..7)
        .map(|i| days(w.start, i))
        .filter(|&d| d >= today && working(d))
        .count() as f64;
    let per_day = past_hours / f64::from(past_workdays);
    let projected = past_hours + per_day * left;
    if projected <= max {
        return None;
    }
    Some(alert(
        Rule::WeeklyHours,
        &w.week,
        format!("This week is on pace for about {projected:.0} h, past your {max} h maximum"),
        vec![
            format!(
                "{}: {:.1} h in {} working day{} before today, {:.1} h a day; {} working day{} left.",
                w.week,
                past_hours,
                past_workdays,
                if past_workdays == 1 { "" } else { "s" },
                per_day,
                left,
                if left == 1.0 { "" } else { "s" }
            ),
            format!(
                "At that pace the week ends near {projected:.0} h; you set {max} h (`max_weekly_hours`)."
            ),
        ],
    ))
}

/// N days in a row with activity. The occurrence is the run's first day, so one run fires
/// once however long it grows.
fn no_day_off(r: &Report, s: &Settings, today: Date) -> Option<Alert> {
    let n = r.rest.current_streak_days;
    if n < s.alerts.streak_days {
        return None;
    }
    let worked_today = r.days.iter().any(|d| d.date == today && d.first.is_some());
    let end = if worked_today { today } else { days(today, -1) };
    let start = days(end, 1 - i64::from(n));
    Some(alert(
        Rule::NoDayOff,
        start,
        format!("{n} days in a row with work and no day off"),
        vec![
            format!(
                "Every day from {start} to {end} has activity; the last day without any was {}.",
                days(start, -1)
            ),
            format!(
                "The alert comes at {} days in a row (`alerts.streak_days`).",
                s.alerts.streak_days
            ),
        ],
    ))
}

/// No full weekend off in N weeks. The occurrence is the last weekend off (or the first day
/// the sources saw, when none was), so a new weekend off ends it.
fn no_weekend_off(r: &Report, s: &Settings, today: Date) -> Option<Alert> {
    let limit = i64::from(s.alerts.weekend_weeks) * 7;
    let (since, occurrence, line) = match r.rest.last_full_weekend_off {
        Some(sunday) => (
            sunday,
            sunday.to_string(),
            format!("Your last weekend without any activity ended on {sunday}."),
        ),
        None => {
            let first = r.coverage.sources.iter().filter_map(|c| c.first).min()?;
            (
                first,
                format!("none-since-{first}"),
                format!("No weekend without activity since the sources begin ({first})."),
            )
        }
    };
    let gone = (today - since).get_days() as i64;
    if gone < limit {
        return None;
    }
    Some(alert(
        Rule::NoWeekendOff,
        occurrence,
        format!("No full weekend off in {} weeks", gone / 7),
        vec![
            line,
            format!(
                "That is {gone} days; the alert comes after {} weeks (`alerts.weekend_weeks`).",
                s.alerts.weekend_weeks
            ),
        ],
    ))
}

/// Pages on days off the rotation, and non-emergency pages in personal time, in this week
/// and the one before (so a page late on Sunday is not lost by Monday). One alert per rule
/// and week.
fn pages(r: &Report, today: Date) -> Vec<Alert> {
    let mut out = Vec::new();
    let recent = r
        .weeks
        .iter()
        .filter(|w| w.start <= today && today < days(w.start, 14));
    for w in recent {
        if r.interruptions.on_call_declared && w.pages_off_rotation > 0 {
            let n = w.pages_off_rotation;
            out.push(alert(
                Rule::PageOffCall,
                &w.week,
                format!("Paged while not on call: {n} page{} in {}", plural(n), w.week),
                vec![format!(
                    "{}: {} page{} reached you on days outside your declared on-call duty (`oncall`); {} page{} in the week in all.",
                    w.week,
                    n,
                    plural(n),
                    w.pages,
                    plural(w.pages)
                )],
            ));
        }
        if w.pages_personal_time > 0 {
            let n = w.pages_personal_time;
            out.push(alert(
                Rule::PagePersonalTime,
                &w.week,
                format!("{n} non-emergency page{} in your personal time in {}", plural(n), w.week),
                vec![format!(
                    "{}: {} page{} outside business hours that met none of your emergency rules (`emergency.urgencies`, `emergency.priorities`); of the week's {} pages, {} came in the sleep window, {} off-hours and {} on days off.",
                    w.week,
                    n,
                    plural(n),
                    w.pages,
                    w.pages_by_band.sleep,
                    w.pages_by_band.off_hours,
                    w.pages_by_band.non_working_day + w.pages_by_band.vacation
                )],
            ));
        }
    }
    out
}

fn plural(n: u32) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// A source that had events daily and has had none for N working days (vacations and
/// holidays do not count): its file may have moved, as a shell history does when `HISTFILE`
/// changes. The occurrence is the source and its last day.
fn sources_quiet(r: &Report, s: &Settings, today: Date) -> Vec<Alert> {
    let mut out = Vec::new();
    for c in &r.coverage.sources {
        let (Some(first), Some(last)) = (c.first, c.last) else {
            continue;
        };
        let span = (last - first.max(r.period.since)).get_days() as i64 + 1;
        if span < DAILY_MIN_DAYS || (f64::from(c.days) / span as f64) < DAILY_SHARE {
            continue;
        }
        let quiet = (1..)
            .map(|i| days(last, i))
            .take_while(|&d| d <= today)
            .filter(|&d| s.is_working_day(d) && !s.is_vacation(d))
            .count() as u32;
        if quiet < s.alerts.quiet_days {
            continue;
        }
        out.push(alert(
            Rule::SourceQuiet,
            format!("{}/{last}", c.source),
            format!("{} has had no new events since {last}", c.source),
            vec![
                format!(
                    "{} had events on {} of the {span} days from {} to {last}, and none in the {quiet} working days since.",
                    c.source,
                    c.days,
                    first.max(r.period.since)
                ),
                "If its file moved (a new HISTFILE, another mail folder), import the new path; if you stopped using it, `canary sources forget` it.".to_string(),
            ],
        ));
    }
    out
}

/// The next check-in, [`AlertSettings::checkin_days`](crate::settings::AlertSettings) after
/// the last one. Never before a first check-in unless the plan has started.
fn checkin_due(input: &AlertInput<'_>, zone: &TimeZone, today: Date) -> Option<Alert> {
    let last = input
        .checkins
        .iter()
        .filter_map(|c| c.taken_at)
        .filter(|t| *t <= input.now)
        .max()
        .map(|t| t.to_zoned(zone.clone()).date());
    let every = i64::from(input.settings.alerts.checkin_days);
    match last {
        Some(last) => {
            let due = days(last, every);
            (today >= due).then(|| {
                alert(
                    Rule::CheckinDue,
                    due,
                    "A check-in is due: one minute with `canary checkin`".to_string(),
                    vec![format!(
                        "Your last check-in was on {last}; the next was due on {due} (every {every} days, `alerts.checkin_days`)."
                    )],
                )
            })
        }
        None => input.journal.plan_started().map(|started| {
            alert(
                Rule::CheckinDue,
                "first",
                "Your first check-in: one minute with `canary checkin`".to_string(),
                vec![format!(
                    "Your plan started on {started} and there is no check-in yet; stress and sleep ratings make the plan and the monthly review read you, not only your traces."
                )],
            )
        }),
    }
}

/// A questionnaire last taken more than [`RETAKE_AFTER_DAYS`] ago (the monthly review's rule).
/// Never taken: the plan suggests it; no alert.
fn questionnaires_due(input: &AlertInput<'_>, zone: &TimeZone, today: Date) -> Vec<Alert> {
    let mut out = Vec::new();
    for inst in [Instrument::Cbi, Instrument::Who5] {
        let Some(last) = input
            .answers
            .iter()
            .filter(|a| a.instrument == inst && a.taken_at <= input.now)
            .map(|a| a.taken_at.to_zoned(zone.clone()).date())
            .max()
        else {
            continue;
        };
        let due = days(last, RETAKE_AFTER_DAYS + 1);
        if today < due {
            continue;
        }
        let name = match inst {
            Instrument::Cbi => "the burnout questionnaire (CBI)",
            _ => "the WHO-5 well-being questionnaire",
        };
        out.push(alert(
            Rule::QuestionnaireDue,
            format!("{}/{due}", inst.id()),
            format!("Time to take {name} again: `canary assess {}`", inst.id()),
            vec![format!(
                "Last taken on {last}, {} days ago; it is due again after {RETAKE_AFTER_DAYS} days, so each month has its own score.",
                (today - last).get_days()
            )],
        ));
    }
    out
}

/// The monthly review, when the plan says it is due or overdue.
fn review_due(input: &AlertInput<'_>, zone: &TimeZone, today: Date) -> Option<Alert> {
    let due = review_period::due(input.journal, zone, today);
    let next = due.next?;
    matches!(due.status, DueStatus::Due | DueStatus::Overdue).then(|| {
        alert(
            Rule::ReviewDue,
            next,
            "Your monthly review is due: `canary review`".to_string(),
            vec![review_period::due_words(&due).replace("**", "")],
        )
    })
}
