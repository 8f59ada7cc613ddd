//! The application core: what a front end does with an open store and the settings, in one
//! place. The CLI's commands, the local dashboard and the team client all call it, so "the
//! period", the events a report loads and whose events they are have one definition each.
//!
//! ```text
//! front ends (canary-cli: cmd/*, the dashboard, team share)
//!     │  Workspace { store, settings }            report(period, now), events(query, now),
//!     ▼                                           plan(now), review(periods, now), share_body …
//! app ──► store (loading: events near the period, the journal, identities)
//!     └─► report::build ─► metrics ─► assessment     plan::build, plan::review::build
//! ```
//!
//! The one impure layer of the library besides the store and the importers: it reads the
//! store. It never reads the clock ("now" is passed in) and never prints; presentation is the
//! front end's. Imports have their own entry in this module, beside the workspace.

pub mod alerts;
pub mod cursor;
pub mod events;
pub mod import;
pub mod share;
pub mod sync;

use std::collections::{BTreeMap, HashSet};

use jiff::civil::Date;
use jiff::tz::TimeZone;
use jiff::{SignedDuration, Timestamp};

use crate::assessment::summarise;
use crate::event::Event;
use crate::journal::{AnswerSet, BASELINE, Checkin, Instrument, Journal, PLAN_STARTED, SETTABLE};
use crate::model::{HeldSource, Report};
use crate::plan::conversation::Brief;
use crate::plan::review::{MonthlyReview, ReviewInput};
use crate::plan::review_period::{self, Due, Periods, Window};
use crate::plan::{self, Plan, PlanInput};
use crate::report::ReportInput;
use crate::settings::{Settings, SettingsError};
use crate::store::{EventFilter, Store, StoreError};

pub use crate::metrics::period::PeriodSpec;
pub use crate::metrics::period_query::{
    EARLIEST_DAY, End as PeriodEnd, PeriodBound, PeriodError, PeriodQuery,
};
pub use alerts::{
    AlertCheck, BadWeek, Digest, DigestError, UnknownRule, UnknownRuleOr, parse_week, week_label,
};
pub use events::{EventList, EventQuery, EventRow, ExcludedRow};
pub use share::{ShareMetrics, SharedScores, SharedWeek};

/// Something the application core could not do.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Settings(#[from] SettingsError),
    #[error(transparent)]
    Time(#[from] jiff::Error),
    #[error(transparent)]
    Period(#[from] PeriodError),
    #[error(
        "no action `{0}` in the plan's catalogue; the ids are shown in `canary plan` (e.g. w-mail-cutoff)"
    )]
    UnknownAction(String),
    #[error("unknown key `{key}`: use one of {allowed}")]
    UnknownProfileKey { key: String, allowed: String },
    #[error("{key} wants {wanted}, not `{value}`")]
    BadProfileValue {
        key: String,
        value: String,
        wanted: &'static str,
        #[source]
        source: Option<Box<dyn std::error::Error + Send + Sync>>,
    },
    #[error("nothing to record: give the agreement in words")]
    EmptyAgreement,
    #[error("no answers: nothing stored")]
    NoAnswers,
    #[error(
        "nothing to save: a check-in needs at least one answer (stress or sleep 1–5, or exercise, people or hobby yes/no); a note alone is not kept"
    )]
    EmptyCheckin,
}

/// An open store with the settings that go with it: what every front end works on.
#[derive(Debug)]
pub struct Workspace {
    pub store: Store,
    pub settings: Settings,
    /// Whether the settings were declared (a settings file exists) rather than the defaults.
    pub settings_declared: bool,
}

/// What [`Workspace::start_plan`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlanStart {
    /// Started today; `baseline`: whether the report had figures to keep as its baseline.
    Started { on: Date, baseline: bool },
    /// Started earlier without a baseline; the report has figures now and they were kept.
    BaselineKept { started: Date },
    /// Already started (with its baseline, or still waiting for figures).
    Running,
    /// Nothing imported: the plan has not started and nothing was kept.
    NoData,
}

/// A questionnaire kept in the journal: the set, its scores as stored, and the crisis message
/// when the answers point to one.
#[derive(Debug, Clone)]
pub struct Recorded {
    pub set: AnswerSet,
    pub scores: serde_json::Value,
    pub crisis: Option<String>,
}

impl Workspace {
    pub fn new(store: Store, settings: Settings, settings_declared: bool) -> Workspace {
        Workspace {
            store,
            settings,
            settings_declared,
        }
    }

    /// The person's time zone.
    pub fn zone(&self) -> Result<TimeZone, AppError> {
        Ok(self.settings.zone()?)
    }

    /// The local date of `now`.
    pub fn today(&self, now: Timestamp) -> Result<Date, AppError> {
        Ok(now.to_zoned(self.zone()?).date())
    }

    /// The store's hashes of the person's identities, to recognise their own events.
    pub fn my_actor_hashes(&self) -> Result<HashSet<String>, AppError> {
        let hasher = self.store.hasher()?;
        Ok(self
            .settings
            .identities
            .emails
            .iter()
            .map(|e| hasher.hash(e))
            .collect())
    }

    /// The dates a typed period names: `--weeks/--since/--until/--all` resolved once, against
    /// today in the person's zone and (for `--all`) the imported data's first and last day.
    pub fn period(&self, query: &PeriodQuery, now: Timestamp) -> Result<PeriodSpec, AppError> {
        let today = self.today(now)?;
        let data = if query.all { self.data_range()? } else { None };
        Ok(query.resolve(today, data)?)
    }

    /// What the store holds per source over all time, with local first and last days.
    pub fn held_sources(&self) -> Result<Vec<HeldSource>, AppError> {
        let zone = self.zone()?;
        let day = |t: Timestamp| t.to_zoned(zone.clone()).date();
        Ok(self
            .store
            .source_summaries()?
            .into_iter()
            .map(|s| HeldSource {
                first: day(s.first),
                last: day(s.last),
                source: s.source,
                events: s.events,
            })
            .collect())
    }

    /// The first and last local day of every imported event (plausible or not), if any.
    pub fn data_range(&self) -> Result<Option<(Date, Date)>, AppError> {
        let held = self.held_sources()?;
        let first = held.iter().map(|s| s.first).min();
        let last = held.iter().map(|s| s.last).max();
        Ok(first.zip(last))
    }

    /// The events a period needs: those near it, and every implausible one (to report them).
    pub fn load_events(&self, period: &PeriodSpec, now: Timestamp) -> Result<Vec<Event>, AppError> {
        // Load from a week before the period (days that start before the period's first
        // midnight in some zones, streaks) to two days after it; the builder trims to the
        // period. The period's dates come from the one resolution the report uses, so
        // `--until` alone loads the weeks before that day, not the weeks before today.
        let zone = self.zone()?;
        let span = period.resolve(now, &zone);
        let since = span
            .since
            .to_zoned(zone.clone())?
            .timestamp()
            .checked_sub(SignedDuration::from_hours(24 * 7))?;
        let until = span
            .until
            .to_zoned(zone)?
            .timestamp()
            .checked_add(SignedDuration::from_hours(48))?
            // Later events are in the future: they come with the implausible ones below.
            .min(now.checked_add(SignedDuration::from_secs(1))?);
        let mut events = self.store.events(&EventFilter {
            since: Some(since),
            until: Some(until),
            ..EventFilter::default()
        })?;
        events.extend(
            self.store
                .implausible_events(crate::time::earliest_plausible(), now)?,
        );
        Ok(events)
    }

    /// The report over a period: its events and the journal's answers from the store, built
    /// by [`crate::report::build`].
    pub fn report(&self, period: &PeriodSpec, now: Timestamp) -> Result<Report, AppError> {
        let my_actors = self.my_actor_hashes()?;
        let events = self.load_events(period, now)?;
        let answers = self.store.answer_sets()?;
        let held = self.held_sources()?;
        let report = crate::report::build(&ReportInput {
            events: &events,
            settings: &self.settings,
            now,
            my_actors: &my_actors,
            since: period.since,
            until: period.until,
            weeks: period.weeks,
            answers: &answers,
            held: &held,
        });
        let read = events.len();
        crate::free::drop_beside(events, read);
        Ok(report)
    }

    /// Score a filled-in questionnaire and keep it in the journal.
    pub fn record_answers(
        &self,
        instrument: Instrument,
        answers: BTreeMap<String, u8>,
        now: Timestamp,
    ) -> Result<Recorded, AppError> {
        if answers.is_empty() {
            return Err(AppError::NoAnswers);
        }
        let set = AnswerSet {
            instrument,
            taken_at: now,
            answers,
        };
        let scores = instrument.score(&set.answers);
        self.store.save_answers(&set, &scores)?;
        let (_, crisis) = summarise(&[&set]);
        Ok(Recorded {
            set,
            scores,
            crisis,
        })
    }

    /// Keep a check-in in the journal; one with no answer at all is refused, so it never
    /// becomes the latest check-in.
    pub fn save_checkin(&self, checkin: &Checkin) -> Result<(), AppError> {
        if checkin.is_empty() {
            return Err(AppError::EmptyCheckin);
        }
        self.store.save_checkin(checkin)?;
        Ok(())
    }

    /// The plan for today over the default period's report.
    pub fn plan(&self, now: Timestamp) -> Result<Plan, AppError> {
        let report = self.report(&PeriodSpec::default(), now)?;
        self.plan_for(&report, now)
    }

    /// The plan for today from a report already built (the dashboard shows both).
    pub fn plan_for(&self, report: &Report, now: Timestamp) -> Result<Plan, AppError> {
        let journal = self.store.journal()?;
        let checkins = self.store.checkins()?;
        Ok(plan::build(&PlanInput {
            report,
            settings: &self.settings,
            journal: &journal,
            checkins: &checkins,
            today: self.today(now)?,
        }))
    }

    /// Start the plan if it has not started: today becomes its start date and the default
    /// period's recent figures its baseline. Nothing is started from an empty store, and a
    /// baseline without any figure is never kept: a plan started before there were figures
    /// keeps them on the first run that has them.
    pub fn start_plan(&self, now: Timestamp) -> Result<PlanStart, AppError> {
        let journal = self.store.journal()?;
        let started = journal.plan_started();
        let has_baseline = journal.baseline().is_some_and(|b| b.has_figures());
        if started.is_some() && has_baseline {
            return Ok(PlanStart::Running);
        }
        if self.held_sources()?.is_empty() {
            return Ok(match started {
                Some(_) => PlanStart::Running,
                None => PlanStart::NoData,
            });
        }
        let report = self.report(&PeriodSpec::default(), now)?;
        match started {
            Some(started) => Ok(if self.keep_baseline(&report)? {
                PlanStart::BaselineKept { started }
            } else {
                PlanStart::Running
            }),
            None => {
                let on = self.start_plan_with(&report, now)?;
                let baseline = self.store.journal()?.baseline().is_some();
                Ok(PlanStart::Started { on, baseline })
            }
        }
    }

    /// Start the plan today with the recent figures of `report` as its baseline (kept only
    /// when it has a figure).
    pub fn start_plan_with(&self, report: &Report, now: Timestamp) -> Result<Date, AppError> {
        let today = self.today(now)?;
        self.store.profile_set(PLAN_STARTED, &today.to_string())?;
        self.store.profile_remove(BASELINE)?;
        self.keep_baseline(report)?;
        Ok(today)
    }

    /// Keep the recent figures of `report` as the baseline when it has any; returns whether
    /// it was kept.
    fn keep_baseline(&self, report: &Report) -> Result<bool, AppError> {
        let baseline = plan::baseline(report);
        if !baseline.has_figures() {
            return Ok(false);
        }
        let json = serde_json::to_string(&baseline)
            .map_err(|e| StoreError::Corrupt(format!("baseline: {e}")))?;
        self.store.profile_set(BASELINE, &json)?;
        Ok(true)
    }

    /// A new start: the plan's start date and baseline are cleared (actions done,
    /// agreements and the support network stay). Returns the start date it had.
    pub fn restart_plan(&self) -> Result<Option<Date>, AppError> {
        let started = self.store.journal()?.plan_started();
        self.store.profile_remove(PLAN_STARTED)?;
        self.store.profile_remove(BASELINE)?;
        Ok(started)
    }

    /// The brief for a talk with the manager, over the default period's report.
    pub fn conversation(&self, now: Timestamp) -> Result<Brief, AppError> {
        let report = self.report(&PeriodSpec::default(), now)?;
        self.conversation_for(&report, now)
    }

    /// The brief from a report already built.
    pub fn conversation_for(&self, report: &Report, now: Timestamp) -> Result<Brief, AppError> {
        let journal = self.store.journal()?;
        Ok(plan::conversation::brief(
            report,
            &self.settings,
            &journal,
            self.today(now)?,
        ))
    }

    /// Mark a plan action done (the first date is kept when it was done before).
    pub fn mark_done(&self, id: &str, now: Timestamp, note: Option<&str>) -> Result<(), AppError> {
        check_action(id)?;
        Ok(self.store.plan_done(id, now, note)?)
    }

    /// Mark a plan action not done; returns whether it was done.
    pub fn mark_undone(&self, id: &str) -> Result<bool, AppError> {
        check_action(id)?;
        Ok(self.store.plan_undo(id)?)
    }

    /// Record something agreed with the manager (trimmed; empty is refused).
    pub fn agree(&self, text: &str, now: Timestamp) -> Result<(), AppError> {
        let text = text.trim();
        if text.is_empty() {
            return Err(AppError::EmptyAgreement);
        }
        Ok(self.store.agreement_add(text, now)?)
    }

    /// Set a profile value `canary plan set` accepts (see [`SETTABLE`]), checked for its kind;
    /// returns the value as kept (trimmed).
    pub fn set_profile(&self, key: &str, value: &str) -> Result<String, AppError> {
        if !SETTABLE.iter().any(|(k, _)| *k == key) {
            let keys: Vec<&str> = SETTABLE.iter().map(|(k, _)| *k).collect();
            return Err(AppError::UnknownProfileKey {
                key: key.to_string(),
                allowed: keys.join(", "),
            });
        }
        let value = value.trim();
        let bad = |wanted, source: Option<Box<dyn std::error::Error + Send + Sync>>| {
            AppError::BadProfileValue {
                key: key.to_string(),
                value: value.to_string(),
                wanted,
                source,
            }
        };
        match key {
            "resume_updated" | "plan_started" => {
                value
                    .parse::<Date>()
                    .map_err(|e| bad("a date YYYY-MM-DD", Some(Box::new(e))))?;
            }
            "fund_months" | "savings" | "monthly_expenses" => {
                let n: f64 = value
                    .parse()
                    .map_err(|e| bad("a number", Some(Box::new(e))))?;
                if !n.is_finite() || n < 0.0 {
                    return Err(bad("a number of zero or more", None));
                }
            }
            _ => {}
        }
        self.store.profile_set(key, value)?;
        Ok(value.to_string())
    }

    /// The journal, whole.
    pub fn journal(&self) -> Result<Journal, AppError> {
        Ok(self.store.journal()?)
    }

    /// The period under review and the one before, from the saved reviews (`since`: the
    /// first day asked for instead).
    pub fn review_periods(&self, today: Date, since: Option<Date>) -> Result<Periods, AppError> {
        let journal = self.store.journal()?;
        Ok(review_period::periods(
            &journal,
            &self.zone()?,
            today,
            since,
        ))
    }

    /// The monthly review: one report per period (built as `canary report` builds them), the
    /// plan, the journal and the check-ins.
    pub fn review(&self, periods: &Periods, now: Timestamp) -> Result<MonthlyReview, AppError> {
        let over = |w: &Window| PeriodSpec::between(w.since, w.until);
        let current = self.report(&over(&periods.current), now)?;
        let previous = self.report(&over(&periods.previous), now)?;
        let plan = self.plan(now)?;
        let journal = self.store.journal()?;
        let checkins = self.store.checkins()?;
        Ok(plan::review::build(&ReviewInput {
            periods,
            current: &current,
            previous: &previous,
            plan: &plan,
            settings: &self.settings,
            journal: &journal,
            checkins: &checkins,
            today: self.today(now)?,
        }))
    }

    /// Save that the review of `periods.current` was done now; returns when the next is due.
    pub fn save_review(
        &self,
        periods: &Periods,
        now: Timestamp,
        note: Option<&str>,
    ) -> Result<Due, AppError> {
        let note = note.map(str::trim).filter(|n| !n.is_empty());
        let p = periods.current;
        self.store.review_add(now, p.since, p.until, note)?;
        Ok(review_period::due(
            &self.store.journal()?,
            &self.zone()?,
            self.today(now)?,
        ))
    }
}

/// Refuse an id that is not in the plan's catalogue.
fn check_action(id: &str) -> Result<(), AppError> {
    if plan::action_ids().any(|a| a == id) {
        Ok(())
    } else {
        Err(AppError::UnknownAction(id.to_string()))
    }
}

#[cfg(test)]
mod tests;
