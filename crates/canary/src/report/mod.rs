//! Assembling the report: run every metric over the events of a period, assess the
//! measurements, and put the figures, the risk and the evidence into one [`Report`], once.
//!
//! The top of the pure pipeline: it uses [`crate::metrics`] (the figures),
//! [`crate::assessment`] (the risk) and [`crate::model`] (the value). Events, settings and
//! "now" come in; a value comes out. Loading what it needs from the store is
//! [`crate::app`]'s job.

use std::collections::HashSet;

use jiff::Timestamp;
use jiff::civil::Date;

use crate::assessment::{self, Measurements};
use crate::event::Event;
use crate::journal::AnswerSet;
use crate::metrics::classify::ClassifyInput;
use crate::metrics::period::PeriodSpec;
use crate::metrics::{
    after_hours, classify, communication, constants, coverage, days, heatmap, interruptions,
    meetings, personal, rest, sleep_window, trend, vacations, weekly, worktime,
};
use crate::model::{HeldSource, Period, Report};
use crate::settings::Settings;

/// The JSON schema version of [`Report`].
pub const SCHEMA: u32 = 1;

/// What a report is computed from.
#[derive(Debug, Clone)]
pub struct ReportInput<'a> {
    /// All events that may matter, in any order (the builder filters by period and plausibility).
    pub events: &'a [Event],
    pub settings: &'a Settings,
    /// The instant the report is for; events after it are "in the future".
    pub now: Timestamp,
    /// Hashes of the person's identities (see [`crate::privacy`]): an event whose `actor` is
    /// one of these is theirs, as is every event with no actor.
    pub my_actors: &'a HashSet<String>,
    /// First and last local date of the period (inclusive). Defaults: the last `weeks` ISO
    /// weeks up to "now" (see [`PeriodSpec`]).
    pub since: Option<Date>,
    pub until: Option<Date>,
    /// Number of weeks when `since` is not given (default
    /// [`DEFAULT_WEEKS`](constants::DEFAULT_WEEKS)).
    pub weeks: Option<u32>,
    /// The person's questionnaire answers from the journal, any order; those taken after
    /// "now" are ignored. Empty when there are none.
    pub answers: &'a [AnswerSet],
    /// What the store holds per source over all time, so that a source outside the period is
    /// named rather than silently absent; empty when unknown.
    pub held: &'a [HeldSource],
}

impl<'a> ReportInput<'a> {
    /// The period asked for.
    pub fn period(&self) -> PeriodSpec {
        PeriodSpec {
            weeks: self.weeks,
            since: self.since,
            until: self.until,
        }
    }

    /// What the metrics' preparation reads.
    pub fn classify_input(&self) -> ClassifyInput<'a> {
        ClassifyInput {
            events: self.events,
            settings: self.settings,
            now: self.now,
            my_actors: self.my_actors,
            period: self.period(),
        }
    }
}

/// Build the report: every metric over the period, then the assessment of those figures.
///
/// Pure: the same input gives the same report. Never panics on odd input: no events, an
/// unknown zone (UTC is used and named), reversed dates, events far in the past or future.
pub fn build(input: &ReportInput<'_>) -> Report {
    let prep = classify::prepare(&input.classify_input());
    let span = &prep.span;
    // The figures that need only the prepared events are made on a second thread while this
    // one makes the work sessions (on one thread if none can be started): the same figures,
    // sooner over a long period.
    let beside = || {
        (
            sleep_window::nights(&prep),
            communication::communication(&prep),
            interruptions::interruptions(&prep),
            coverage::coverage(&prep.items, span, input.held),
        )
    };
    let (merged, measured, activity, beside) = std::thread::scope(|scope| {
        let thread = std::thread::Builder::new().spawn_scoped(scope, beside);
        let merged = worktime::merge(
            worktime::intervals(&prep.items, input.now),
            constants::SESSION_GAP_SECS,
        );
        let measured = worktime::measure(&prep.classifier, &merged, span);
        let activity = days::activity(&prep.items, span.days());
        let beside = match thread {
            Ok(thread) => thread
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
            Err(_) => beside(),
        };
        (merged, measured, activity, beside)
    });
    let (nights, (communication, mail_days), (interruptions, on_call_days), coverage) = beside;
    let day_rows = days::rows(&prep, &activity, &measured);
    let max = input.settings.max_weekly_hours;
    let (meetings, meeting_secs) = meetings::meetings(&prep, &merged);
    let vacations = vacations::vacations(&prep, &activity, &measured.day_secs);
    let mut weeks = weekly::weeks(
        span,
        &day_rows,
        &activity,
        &measured.day_secs,
        &nights.per_day,
        max,
    );
    weekly::add_daily(span, &mut weeks, &mail_days, |w, &d| {
        w.mail_outside_hours_days += u32::from(d);
    });
    weekly::add_daily(span, &mut weeks, &meeting_secs, |w, &s| {
        w.meeting_hours += s as f64 / 3600.0;
    });
    weekly::add_daily(span, &mut weeks, &on_call_days, |w, d| {
        w.pages += d.pages;
        w.pages_personal_time += d.personal_time;
        w.pages_by_band.add(&d.by_band);
        w.pages_emergency += d.emergency;
        w.pages_off_rotation += d.off_rotation;
        w.engaged_hours += d.engaged_secs as f64 / 3600.0;
    });
    let days_off: Vec<bool> = day_rows
        .iter()
        .zip(&on_call_days)
        .map(|(row, oc)| after_hours::is_day_off_worked(row) && oc.non_emergency_activity)
        .collect();
    weekly::add_daily(span, &mut weeks, &days_off, |w, &d| {
        w.days_off_worked_non_emergency += u32::from(d);
    });
    let answers: Vec<&AnswerSet> = input
        .answers
        .iter()
        .filter(|a| a.taken_at <= input.now)
        .collect();
    let (instruments, crisis) = assessment::summarise(&answers);
    let period = Period {
        since: span.since,
        until: span.until,
        days: span.days() as u32,
    };
    let limits = weekly::limits(span, &weeks, max);
    let trend = trend::trend(span, &weeks);
    let sleep = nights.summary;
    let risk = assessment::assess(
        &Measurements {
            period: &period,
            weeks: &weeks,
            limits: &limits,
            trend: &trend,
            coverage: &coverage,
            sleep: &sleep,
            communication: &communication,
            interruptions: &interruptions,
            vacations: &vacations,
        },
        &answers,
    );
    Report {
        schema: SCHEMA,
        generated_at: input.now,
        timezone: prep.timezone.clone(),
        period,
        risk,
        worktime: worktime::summary(
            &measured,
            &activity,
            after_hours::days_off_worked(&day_rows),
        ),
        personal: personal::personal(&prep, input.now),
        rest: rest::rest(&activity, span),
        sleep,
        limits,
        trend,
        coverage,
        heatmap: heatmap::heatmap(&prep.items, &measured.cell_secs),
        excluded: prep.excluded.clone(),
        communication,
        meetings,
        interruptions,
        vacations,
        instruments,
        crisis,
        weeks,
        days: day_rows,
    }
}

#[cfg(test)]
mod tests;
