//! Alerts in the application core: run the rules over the report of the default period,
//! keep each occurrence once, and say which waiting alerts may be delivered now. Delivery
//! itself (a desktop notification, a line in the terminal) is the front end's; it reports
//! back with [`Workspace::alert_delivered`].

use jiff::Timestamp;
use serde::Serialize;

use super::{AppError, PeriodSpec, Workspace};
use crate::alerts::{self, Alert, AlertInput, Gate, Rule, Wait};
use crate::store::{NewAlert, StoredAlert};

/// What one check found and what may be delivered.
#[derive(Debug, Clone, Serialize)]
pub struct AlertCheck {
    /// Alerts that hold now (stored before or not).
    pub holding: usize,
    /// Alerts stored by this check (muted ones included), oldest rule first.
    pub fired: Vec<StoredAlert>,
    /// Waiting alerts that may be delivered now, oldest first.
    pub deliver: Vec<StoredAlert>,
    /// Waiting alerts that may not, and why (`None` when none waits).
    pub waiting: Vec<StoredAlert>,
    pub wait: Option<Wait>,
}

/// The waiting alerts, split by whether they may be delivered now.
#[derive(Debug, Clone, Default)]
pub struct Deliverable {
    /// May be delivered now, oldest first.
    pub now: Vec<StoredAlert>,
    /// Must wait, and why.
    pub waiting: Vec<StoredAlert>,
    pub wait: Option<Wait>,
}

/// `canary alerts mute` was given a name that is no rule.
#[derive(Debug, thiserror::Error)]
#[error("no alert rule `{0}`; the rules are {rules}", rules = rule_names())]
pub struct UnknownRule(pub String);

fn rule_names() -> String {
    Rule::ALL.map(Rule::name).join(", ")
}

impl Workspace {
    /// The alerts that hold at `now`, from the report of the default period (nothing stored).
    pub fn alerts_holding(&self, now: Timestamp) -> Result<Vec<Alert>, AppError> {
        if self.held_sources()?.is_empty() && self.store.checkins()?.is_empty() {
            return Ok(Vec::new());
        }
        let report = self.report(&PeriodSpec::default(), now)?;
        let journal = self.store.journal()?;
        let answers = self.store.answer_sets()?;
        let checkins = self.store.checkins()?;
        Ok(alerts::evaluate(&AlertInput {
            report: &report,
            settings: &self.settings,
            journal: &journal,
            answers: &answers,
            checkins: &checkins,
            now,
        }))
    }

    /// Evaluate the rules now, keep the occurrences not kept yet (muted when their rule is),
    /// and say which waiting alerts may be delivered. What `canary alerts check` and
    /// `canary sync` run; the caller delivers `deliver` and calls
    /// [`Workspace::alert_delivered`] for each one that reached the person.
    pub fn check_alerts(&self, now: Timestamp) -> Result<AlertCheck, AppError> {
        let holding = self.alerts_holding(now)?;
        let muted = self.store.alert_mutes()?;
        let mut fired = Vec::new();
        for a in &holding {
            let new = NewAlert {
                id: &a.id,
                rule: a.rule.name(),
                title: &a.title,
                evidence: &a.evidence,
                muted: muted.iter().any(|m| m == a.rule.name()),
            };
            if self.store.alert_insert(&new, now)? {
                fired.extend(self.store.alert(&a.id)?);
            }
        }
        let d = self.deliverable_alerts(now)?;
        Ok(AlertCheck {
            holding: holding.len(),
            fired,
            deliver: d.now,
            waiting: d.waiting,
            wait: d.wait,
        })
    }

    /// Note that the digest of `week` was written, as an alert kept and delivered like the
    /// rules' (the same gate decides when it may reach the person), once per week. Returns
    /// whether it was new. The note names no path: the store keeps none.
    pub fn note_digest(&self, week: &str, now: Timestamp) -> Result<bool, AppError> {
        let id = format!("digest/{week}");
        let title = format!("Your week {week} in one page");
        let evidence = [format!(
            "`canary digest --week {week}` shows it; it is saved in the digests folder beside your data"
        )];
        Ok(self.store.alert_insert(
            &NewAlert {
                id: &id,
                rule: "digest",
                title: &title,
                evidence: &evidence,
                muted: false,
            },
            now,
        )?)
    }

    /// The waiting alerts split into those that may be delivered now and those that wait,
    /// with why (the sleep window, working hours, the daily limit).
    pub fn deliverable_alerts(&self, now: Timestamp) -> Result<Deliverable, AppError> {
        let mut pending = self.store.alerts_pending()?;
        if pending.is_empty() {
            return Ok(Deliverable::default());
        }
        let delivered = match alerts::delivery::local_day(&self.settings, now) {
            Some((since, until)) => self.store.alerts_delivered_between(since, until)?,
            None => 0,
        };
        match alerts::gate(&self.settings, now, delivered) {
            Gate::Now(n) => {
                let rest = pending.split_off((n as usize).min(pending.len()));
                let wait = (!rest.is_empty()).then_some(Wait::DailyLimit);
                Ok(Deliverable {
                    now: pending,
                    waiting: rest,
                    wait,
                })
            }
            Gate::Wait(w) => Ok(Deliverable {
                now: Vec::new(),
                waiting: pending,
                wait: Some(w),
            }),
        }
    }

    /// Record that an alert reached the person through `channel` (`desktop`, `terminal`).
    pub fn alert_delivered(&self, id: &str, now: Timestamp, channel: &str) -> Result<(), AppError> {
        Ok(self.store.alert_delivered(id, now, channel)?)
    }

    /// Every kept alert, oldest first; listing them marks the new ones seen when `mark_seen`.
    pub fn alerts_list(&self, mark_seen: bool) -> Result<Vec<StoredAlert>, AppError> {
        let list = self.store.alerts(None, None)?;
        if mark_seen {
            self.store.alerts_mark_seen()?;
        }
        Ok(list)
    }

    /// Alerts fired in `[since, until)`.
    pub fn alerts_between(
        &self,
        since: Timestamp,
        until: Timestamp,
    ) -> Result<Vec<StoredAlert>, AppError> {
        Ok(self.store.alerts(Some(since), Some(until))?)
    }

    /// Mute a rule by name; returns how many waiting alerts it muted.
    pub fn mute_rule(&self, name: &str, now: Timestamp) -> Result<usize, UnknownRuleOr> {
        let rule = Rule::from_name(name).ok_or_else(|| UnknownRule(name.to_string()))?;
        Ok(self
            .store
            .alert_mute(rule.name(), now)
            .map_err(AppError::from)?)
    }

    /// Unmute a rule by name; returns whether it was muted.
    pub fn unmute_rule(&self, name: &str) -> Result<bool, UnknownRuleOr> {
        let rule = Rule::from_name(name).ok_or_else(|| UnknownRule(name.to_string()))?;
        Ok(self
            .store
            .alert_unmute(rule.name())
            .map_err(AppError::from)?)
    }

    /// The muted rules.
    pub fn muted_rules(&self) -> Result<Vec<String>, AppError> {
        Ok(self.store.alert_mutes()?)
    }
}

/// A rule name that is none, or what the store said.
#[derive(Debug, thiserror::Error)]
pub enum UnknownRuleOr {
    #[error(transparent)]
    Unknown(#[from] UnknownRule),
    #[error(transparent)]
    App(#[from] AppError),
}

/// `--week` was not an ISO week.
#[derive(Debug, thiserror::Error)]
#[error("`{0}` is not an ISO week: write it as YYYY-Www, e.g. 2026-W49")]
pub struct BadWeek(pub String);

/// A week's digest, as Markdown and HTML.
#[derive(Debug, Clone)]
pub struct Digest {
    /// `YYYY-Www`.
    pub week: String,
    pub markdown: String,
    pub html: String,
}

/// The Monday of an ISO week written `YYYY-Www`.
pub fn parse_week(text: &str) -> Result<jiff::civil::Date, BadWeek> {
    let bad = || BadWeek(text.to_string());
    let (y, w) = text.trim().split_once("-W").ok_or_else(bad)?;
    let year: i16 = y.parse().map_err(|_| bad())?;
    let week: i8 = w.parse().map_err(|_| bad())?;
    jiff::civil::ISOWeekDate::new(year, week, jiff::civil::Weekday::Monday)
        .map(jiff::civil::ISOWeekDate::date)
        .map_err(|_| bad())
}

/// The `YYYY-Www` of a date.
pub fn week_label(date: jiff::civil::Date) -> String {
    let iso = date.iso_week_date();
    format!("{:04}-W{:02}", iso.year(), iso.week())
}

impl Workspace {
    /// The digest of an ISO week (`None`: the last complete week): a report over the week, its
    /// alerts and today's plan.
    /// The Monday of the last complete ISO week before "now" (local dates): the digest's
    /// default week.
    fn last_complete_monday(&self, now: Timestamp) -> Result<jiff::civil::Date, AppError> {
        let today = self.today(now)?;
        let this = today.checked_sub(
            jiff::Span::new().days(i64::from(today.weekday().to_monday_zero_offset())),
        )?;
        Ok(this.checked_sub(jiff::Span::new().days(7))?)
    }

    /// The label (`YYYY-Www`) of the digest's default week, without building the digest:
    /// what a sync checks before writing one.
    pub fn last_complete_week(&self, now: Timestamp) -> Result<String, AppError> {
        Ok(week_label(self.last_complete_monday(now)?))
    }

    pub fn digest(&self, week: Option<&str>, now: Timestamp) -> Result<Digest, DigestError> {
        let monday = match week {
            Some(w) => parse_week(w)?,
            None => self.last_complete_monday(now)?,
        };
        let sunday = monday
            .checked_add(jiff::Span::new().days(6))
            .map_err(AppError::from)?;
        let report = self.report(&PeriodSpec::between(monday, sunday), now)?;
        let plan = self.plan(now)?;
        let zone = self.zone()?;
        let start = monday.to_zoned(zone.clone()).map_err(AppError::from)?;
        let end = sunday
            .tomorrow()
            .and_then(|d| d.to_zoned(zone.clone()))
            .map_err(AppError::from)?;
        let alerts: Vec<alerts::digest::WeekAlert> = self
            .alerts_between(start.timestamp(), end.timestamp())?
            .into_iter()
            .map(|a| alerts::digest::WeekAlert {
                on: a.fired_at.to_zoned(zone.clone()).date(),
                rule: a.rule,
                title: a.title,
            })
            .collect();
        let label = week_label(monday);
        let input = alerts::digest::DigestInput {
            week: &label,
            monday,
            report: &report,
            plan: &plan,
            settings: &self.settings,
            alerts: &alerts,
        };
        Ok(Digest {
            markdown: alerts::digest::markdown(&input),
            html: alerts::digest::html(&input),
            week: label,
        })
    }
}

/// A digest could not be made.
#[derive(Debug, thiserror::Error)]
pub enum DigestError {
    #[error(transparent)]
    Week(#[from] BadWeek),
    #[error(transparent)]
    App(#[from] AppError),
}
