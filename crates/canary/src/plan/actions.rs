//! The action catalogue and how actions are chosen.
//!
//! Every action has a stable id, a horizon (this week, this month, this year) and a rule that
//! looks at the [`Facts`] and either passes, with the evidence in words, or does not. The plan
//! shows, per horizon, the actions already done plus the first [`OPEN_PER_HORIZON`] open ones
//! that pass, by weight (highest first, catalogue order on ties). Never the whole list.

use std::collections::BTreeSet;

use serde::Serialize;

use super::{PlanInput, career, support};
use crate::assessment::instruments::who5;
use crate::journal::{Checkin, Journal, SupportKind};
use crate::model::{RiskLevel, Status};
use crate::words;

/// Open actions shown per horizon.
pub const OPEN_PER_HORIZON: usize = 3;

/// The monthly review action: done for a month when a review was saved in it (besides being
/// checked off with `canary plan done`, which keeps it done).
pub const MONTHLY_REVIEW: &str = "m-monthly-review";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Horizon {
    Week,
    Month,
    Year,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ActionStatus {
    Open,
    Done,
}

/// One chosen action.
#[derive(Debug, Clone, Serialize)]
pub struct Action {
    pub id: &'static str,
    pub horizon: Horizon,
    pub title: &'static str,
    pub how: &'static str,
    /// Why it was chosen: the figures behind it.
    pub why: String,
    pub status: ActionStatus,
    /// When it was marked done (`YYYY-MM-DD`).
    pub done_on: Option<String>,
}

/// What the rules look at, drawn from the report, the settings and the journal.
#[derive(Debug, Clone, Default)]
pub struct Facts {
    /// Ids of the checklist indicators that hold, with their evidence.
    pub holding: Vec<(String, String)>,
    pub role: String,
    pub risk: Option<RiskLevel>,
    pub recent_hours: Option<f64>,
    pub max_weekly_hours: f64,
    pub pages: u32,
    /// Pages while not on call (0 unless on-call duty is declared).
    pub pages_off_rotation: u32,
    pub non_emergency_outside: u32,
    pub nights_interrupted: u32,
    pub days_since_weekend_off: Option<u32>,
    pub vacations_with_work: u32,
    pub vacations: u32,
    pub mail_after_hours: u32,
    pub support_kinds: BTreeSet<SupportKind>,
    /// The support entry neglected longest and for how many days.
    pub neglected: Option<(String, i64)>,
    pub runway_months: Option<f64>,
    pub resume_age_days: Option<i64>,
    /// The local date of a monthly review saved in today's month, if any.
    pub reviewed_this_month: Option<jiff::civil::Date>,
    /// The report's stage estimate: 1–4, or `None` (sustainable or unknown), and its name.
    pub stage: Option<u8>,
    pub stage_name: String,
    /// The latest scored CBI scales (0–100).
    pub cbi_personal: Option<f64>,
    pub cbi_work: Option<f64>,
    /// The latest complete WHO-5 (0–100) and whether it is poor (at or below
    /// [`who5::POOR`], i.e. a raw score under 13).
    pub who5: Option<u8>,
    pub who5_poor: bool,
    /// The report's crisis message, when the latest answers point to one.
    pub crisis: Option<String>,
    /// The latest check-in that rated stress or sleep (1–5), up to today, and its local date.
    pub checkin: Option<CheckinFacts>,
    /// Whether the report has enough data for a verdict: the day-by-day figures below are
    /// quoted only then.
    pub enough_data: bool,
    /// Working days in the period without a 30-minute break at lunchtime.
    pub days_without_lunch: u32,
    /// Rests between workdays shorter than 11 hours, and the shortest, in hours.
    pub short_rests: u32,
    pub shortest_rest_hours: Option<f64>,
    /// Longest run of days with activity and the run up to today.
    pub longest_streak_days: u32,
    pub current_streak_days: u32,
}

/// The latest check-in's stress and sleep.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CheckinFacts {
    pub on: jiff::civil::Date,
    pub stress: Option<u8>,
    pub sleep: Option<u8>,
}

/// A stage from which the conversations come first (the trapped expert and the breaking
/// point).
pub const CARE_FROM_STAGE: u8 = 3;
/// Weight of the actions that come before everything else; open actions at or above it are
/// shown before the ones already done.
pub const FIRST_WEIGHT: u32 = 150;
/// A check-in stress rating from which stress counts as high (1 calm … 5 very stressed).
pub const HIGH_STRESS: u8 = 4;
/// A check-in sleep rating at or below which sleep counts as poor (1 poor … 5 great).
pub const POOR_SLEEP: u8 = 2;
/// Short rests (under 11 h) in the period from which the eleven-hours action is chosen.
pub const SHORT_RESTS_ACTION: u32 = 2;
/// Days without a lunch break in the period from which the lunch action is chosen.
pub const NO_LUNCH_ACTION: u32 = 4;
/// Days in a row with work, up to today, from which the day-off action is chosen.
pub const STREAK_ACTION: u32 = 12;

impl Facts {
    pub fn from_input(input: &PlanInput<'_>) -> Facts {
        let r = input.report;
        let zone = input.settings.zone().unwrap_or(jiff::tz::TimeZone::UTC);
        let sp = support::picture(&input.journal.support, input.today, &zone);
        let c = career::career(&input.journal.profile, input.today);
        Facts {
            holding: r
                .risk
                .indicators
                .iter()
                .filter(|i| i.status == Status::Holds)
                .map(|i| (i.id.clone(), i.evidence.clone()))
                .collect(),
            role: input.settings.role.clone(),
            risk: Some(r.risk.level),
            recent_hours: r.trend.recent_hours,
            max_weekly_hours: input.settings.max_weekly_hours,
            pages: r.interruptions.pages,
            pages_off_rotation: r.interruptions.pages_off_rotation,
            non_emergency_outside: r.interruptions.non_emergency_outside_hours,
            nights_interrupted: r.interruptions.nights_interrupted,
            days_since_weekend_off: r.rest.days_since_full_weekend_off,
            vacations_with_work: r
                .vacations
                .periods
                .iter()
                .filter(|v| v.days_worked > 0)
                .count() as u32,
            vacations: r.vacations.periods.len() as u32,
            mail_after_hours: r.communication.sent_after_hours,
            support_kinds: input.journal.support.iter().map(|s| s.kind).collect(),
            neglected: sp.neglected.map(|n| (n.name, n.days)),
            runway_months: c.runway_months,
            resume_age_days: c.resume_age_days,
            reviewed_this_month: input.journal.reviewed_in_month(input.today, &zone),
            stage: r.risk.stage.stage,
            stage_name: r.risk.stage.name.clone(),
            cbi_personal: r.instruments.cbi.as_ref().and_then(|c| c.personal),
            cbi_work: r.instruments.cbi.as_ref().and_then(|c| c.work),
            who5: r.instruments.who5.as_ref().map(|w| w.score),
            who5_poor: r
                .instruments
                .who5
                .as_ref()
                .is_some_and(|w| w.score <= who5::POOR),
            crisis: r.crisis.clone(),
            checkin: latest_checkin(input.checkins, input.today, &zone),
            enough_data: r.coverage.enough_for_verdict,
            days_without_lunch: r.meetings.days_without_lunch_break,
            short_rests: r.rest.short_rests,
            shortest_rest_hours: r.rest.shortest_rest_hours,
            longest_streak_days: r.rest.longest_streak_days,
            current_streak_days: r.rest.current_streak_days,
        }
    }

    /// Whether talking to a professional and to the manager come first: stage 3–4, a poor
    /// WHO-5 or answers that point to crisis.
    pub fn care_first(&self) -> bool {
        self.stage.is_some_and(|s| s >= CARE_FROM_STAGE) || self.who5_poor || self.crisis.is_some()
    }

    /// Why the conversations come first, one reason each (empty when they do not).
    pub fn care_reasons(&self) -> Vec<String> {
        let mut out = Vec::new();
        if self.crisis.is_some() {
            out.push("your latest answers point to a very hard time".to_string());
        }
        if self.who5_poor
            && let Some(w) = self.who5
        {
            out.push(format!(
                "your latest WHO-5 well-being score is {w} of 100 ({} or below is poor well-being)",
                who5::POOR
            ));
        }
        if let Some(s) = self.stage.filter(|s| *s >= CARE_FROM_STAGE) {
            out.push(format!(
                "the signs in your data and answers match stage {s} of 4, the {}",
                self.stage_name
            ));
        }
        out
    }

    /// The day-by-day figures are quoted only with enough data for a verdict.
    fn measured<T>(&self, x: T) -> Option<T> {
        self.enough_data.then_some(x)
    }

    fn holds(&self, id: &str) -> Option<String> {
        self.holding
            .iter()
            .find(|(i, _)| i == id)
            .map(|(_, e)| e.clone())
    }

    fn role_is(&self, roles: &[&str]) -> bool {
        roles.contains(&self.role.as_str())
    }

    fn lacks(&self, kind: SupportKind) -> bool {
        !self.support_kinds.contains(&kind)
    }
}

/// The latest check-in up to `today` that rated stress or sleep.
fn latest_checkin(
    checkins: &[Checkin],
    today: jiff::civil::Date,
    zone: &jiff::tz::TimeZone,
) -> Option<CheckinFacts> {
    checkins
        .iter()
        .filter(|c| c.stress.is_some() || c.sleep.is_some())
        .filter_map(|c| {
            let on = c.taken_at?.to_zoned(zone.clone()).date();
            (on <= today).then_some((c.taken_at, on, c))
        })
        .max_by_key(|(t, _, _)| *t)
        .map(|(_, on, c)| CheckinFacts {
            on,
            stress: c.stress,
            sleep: c.sleep,
        })
}

/// The workload figures worth a talk with the manager: recent weekly hours over the maximum,
/// non-emergency pages in personal time.
fn workload(f: &Facts) -> Option<(u32, String)> {
    let hours = f.recent_hours.filter(|h| *h > f.max_weekly_hours);
    let pages = (f.non_emergency_outside > 0).then_some(f.non_emergency_outside);
    match (hours, pages) {
        (Some(h), Some(p)) => Some((
            100,
            format!(
                "{} a week recently against your {} limit; {} in personal time in the period",
                words::hours(h),
                words::hours(f.max_weekly_hours),
                words::count(p, "non-emergency page")
            ),
        )),
        (Some(h), None) => Some((
            90,
            format!(
                "{} a week recently against your {} limit",
                words::hours(h),
                words::hours(f.max_weekly_hours)
            ),
        )),
        (None, Some(p)) => Some((
            70,
            format!(
                "{} in personal time in the period",
                words::count(p, "non-emergency page")
            ),
        )),
        (None, None) => None,
    }
}

/// A catalogue entry: the rule returns the weight and the evidence when it passes.
pub struct Entry {
    pub id: &'static str,
    pub horizon: Horizon,
    pub title: &'static str,
    pub how: &'static str,
    pub rule: fn(&Facts) -> Option<(u32, String)>,
}

use Horizon::{Month, Week, Year};

/// The catalogue, in the product's words.
pub const CATALOGUE: &[Entry] = &[
    // This week.
    Entry {
        id: "w-see-professional",
        horizon: Week,
        title: "Talk to a professional this week",
        how: "Book a time with your doctor, occupational health, a therapist or your employee assistance programme. Say what you notice (sleep, mood, energy) and for how long; you do not need to know what it is.",
        rule: |f| {
            f.care_first()
                .then(|| (FIRST_WEIGHT + 20, f.care_reasons().join("; ")))
        },
    },
    Entry {
        id: "w-tell-manager",
        horizon: Week,
        title: "Tell your manager the load has to change",
        how: "Ask for a short talk this week. Health details can stay private: say the current load is not sustainable for you and ask for one concrete relief (work handed over, on-call covered, a deadline moved). `canary plan conversation` has your figures.",
        rule: |f| {
            f.care_first().then(|| {
                let why = match workload(f) {
                    Some((_, w)) => w,
                    None => "how you are matters more than any deadline".to_string(),
                };
                (FIRST_WEIGHT + 10, why)
            })
        },
    },
    Entry {
        id: "w-sleep-guard",
        horizon: Week,
        title: "Guard your sleep window",
        how: "Charge the work phone outside the bedroom and let only true emergencies reach you at night.",
        rule: |f| {
            let slept = f
                .checkin
                .and_then(|c| Some((c.on, c.sleep.filter(|s| *s <= POOR_SLEEP)?)))
                .map(|(on, s)| format!("your check-in of {on} rated your sleep {s} of 5"));
            match (f.holds("work_in_sleep_window"), slept) {
                (Some(e), Some(c)) => Some((100, format!("{e}; {c}"))),
                (Some(e), None) => Some((100, e)),
                (None, Some(c)) => Some((70, c)),
                (None, None) => None,
            }
        },
    },
    Entry {
        id: "w-eleven-hours",
        horizon: Week,
        title: "Leave eleven hours between one workday and the next",
        how: "After a late finish or a night page, start later the next morning, and tell your team that this is how it works now.",
        rule: |f| {
            let n = f.measured(f.short_rests)?;
            (n >= SHORT_RESTS_ACTION).then(|| {
                let shortest = f
                    .shortest_rest_hours
                    .map(|h| format!(" (the shortest {})", words::duration_hours(h)))
                    .unwrap_or_default();
                (
                    78,
                    format!(
                        "{} between workdays shorter than 11 hours in the period{shortest}",
                        words::count(n, "rest")
                    ),
                )
            })
        },
    },
    Entry {
        id: "w-mail-cutoff",
        horizon: Week,
        title: "Pick a time after which work mail waits",
        how: "Choose one evening cut-off, turn off mail notifications after it, and tell your team when you answer.",
        rule: |f| f.holds("mail_outside_hours").map(|e| (90, e)),
    },
    Entry {
        id: "w-stop-time",
        horizon: Week,
        title: "Decide when each workday ends, before it starts",
        how: "Write tomorrow's stop time in your calendar and leave at it three days this week.",
        rule: |f| f.holds("hours_over_50").map(|e| (85, e)),
    },
    Entry {
        id: "w-define-emergency",
        horizon: Week,
        title: "Write down what is an emergency",
        how: "One short list of what may wake you (and what waits for the morning); share it with whoever pages you.",
        rule: |f| f.holds("calls_in_personal_time").map(|e| (80, e)),
    },
    Entry {
        id: "w-route-to-rotation",
        horizon: Week,
        title: "Let the rotation take the pages when you are not on call",
        how: "Ask that alerts go to whoever is on call, not to you by name, and write down the one thing only you know so they can act on it.",
        rule: |f| {
            (f.pages_off_rotation >= crate::assessment::thresholds::OFF_ROTATION_PAGES).then(|| {
                (
                    82,
                    format!(
                        "{} reached you while you were not on call",
                        words::count(f.pages_off_rotation, "page")
                    ),
                )
            })
        },
    },
    Entry {
        id: "w-day-off",
        horizon: Week,
        title: "Take one whole day with no work at all",
        how: "Pick the day now, log out of everything work, and plan something you enjoy for it.",
        rule: |f| {
            let since = f.days_since_weekend_off.filter(|d| *d > 21);
            let streak = f
                .measured(f.current_streak_days)
                .filter(|n| *n >= STREAK_ACTION)
                .map(|n| {
                    format!(
                        "; {} in a row with work up to today",
                        words::count(n, "day")
                    )
                });
            let (weight, why) = match (f.holds("weekend_work"), since) {
                (Some(e), Some(d)) => (
                    75,
                    format!("{e}; {} since a full weekend off", words::count(d, "day")),
                ),
                (Some(e), None) => (70, e),
                (None, Some(d)) => (
                    60,
                    format!("{} since a full weekend off", words::count(d, "day")),
                ),
                (None, None) => {
                    let s = streak?;
                    return Some((60, s.trim_start_matches("; ").to_string()));
                }
            };
            Some((weight, why + streak.as_deref().unwrap_or_default()))
        },
    },
    Entry {
        id: "w-lunch-break",
        horizon: Week,
        title: "Take a lunch break away from the screen",
        how: "Thirty minutes between 11:30 and 14:00, away from the desk, on three days this week; put it in the calendar so meetings go around it.",
        rule: |f| {
            let n = f.measured(f.days_without_lunch)?;
            (n >= NO_LUNCH_ACTION).then(|| {
                (
                    55,
                    format!(
                        "{} in the period without a 30-minute break at lunchtime",
                        words::count(n, "working day")
                    ),
                )
            })
        },
    },
    Entry {
        id: "w-reach-out",
        horizon: Week,
        title: "Get in touch with someone you have been neglecting",
        how: "A call or a message is enough; then run `canary support touch NAME`.",
        rule: |f| match &f.neglected {
            Some((name, days)) if *days >= 30 => Some((
                65,
                format!("no contact with {name} for {}", words::count(*days, "day")),
            )),
            None if f.support_kinds.is_empty() => {
                Some((40, "no one is in your support network yet".to_string()))
            }
            _ => None,
        },
    },
    Entry {
        id: "w-breaks-between-tickets",
        horizon: Week,
        title: "Take a short break after every hard call",
        how: "Five minutes away from the queue after a difficult user, before the next ticket.",
        rule: |f| {
            f.role_is(&["helpdesk"])
                .then(|| (68, "your role is help desk".to_string()))
        },
    },
    Entry {
        id: "w-offline-activity",
        horizon: Week,
        title: "Book time for something away from screens",
        how: "Put one hobby or sport in your calendar this week as if it were a meeting.",
        rule: |f| {
            (f.lacks(SupportKind::Hobby) || f.lacks(SupportKind::Activity)).then(|| {
                (
                    50,
                    "no hobby or physical activity in your support network".to_string(),
                )
            })
        },
    },
    Entry {
        id: "w-honest-check",
        horizon: Week,
        title: "Check in honestly with yourself",
        how: "Ten quiet minutes: how are you sleeping, how is your mood, what drains you? Write it down.",
        rule: |_| Some((10, "a weekly habit for everyone".to_string())),
    },
    // This month.
    Entry {
        id: "m-manager-talk",
        horizon: Month,
        title: "Talk with your manager about workload",
        how: "Bring your own figures and two proposals: `canary plan conversation` drafts the brief and the follow-up.",
        rule: |f| {
            if f.care_first() {
                // `w-tell-manager` asks for the same talk this week.
                return None;
            }
            workload(f)
        },
    },
    Entry {
        id: "m-real-vacation",
        horizon: Month,
        title: "Book a vacation you will really be away for",
        how: "Dates in the calendar, a named backup, on-call handed over, out-of-office on, work apps off the phone.",
        rule: |f| {
            if let Some(e) = f.holds("no_vacation_without_work") {
                Some((95, e))
            } else if f.vacations_with_work > 0 {
                // Too short a period to say "over a year", but vacations seen had work in them.
                Some((
                    90,
                    format!(
                        "{} of {} vacations in the period had work in them",
                        f.vacations_with_work, f.vacations
                    ),
                ))
            } else if f.vacations == 0 {
                Some((60, "no vacation in the period measured".to_string()))
            } else {
                None
            }
        },
    },
    Entry {
        id: "m-alert-hygiene",
        horizon: Month,
        title: "Clean up the alerts that page you",
        how: "Go through last month's non-emergency pages: fix the cause, lower the urgency, or route them to office hours.",
        rule: |f| {
            (f.role_is(&["sysadmin", "network"]) && f.non_emergency_outside > 0).then(|| {
                (
                    88,
                    format!(
                        "{} of your {} {} not emergencies but reached you outside business hours",
                        f.non_emergency_outside,
                        words::count(f.pages, "page"),
                        if f.non_emergency_outside == 1 {
                            "was"
                        } else {
                            "were"
                        }
                    ),
                )
            })
        },
    },
    Entry {
        id: "m-oncall-fairness",
        horizon: Month,
        title: "Ask for a fair on-call rotation",
        how: "Count who carries the nights in your team and propose a rotation with time off after a rough night.",
        rule: |f| {
            (f.role_is(&["sysadmin", "network"]) && f.nights_interrupted >= 4).then(|| {
                (
                    80,
                    format!(
                        "{} interrupted by pages",
                        words::count(f.nights_interrupted, "night")
                    ),
                )
            })
        },
    },
    Entry {
        id: "m-change-windows",
        horizon: Month,
        title: "Agree maintenance windows that respect sleep",
        how: "Propose change windows early in the evening, or time off the next morning after a late one.",
        rule: |f| {
            (f.role_is(&["network"]) && f.holds("work_in_sleep_window").is_some()).then(|| {
                (
                    85,
                    "your role is network and work reaches your sleep window".to_string(),
                )
            })
        },
    },
    Entry {
        id: "m-helpdesk-scripts",
        horizon: Month,
        title: "Write scripts for the most common tickets",
        how: "Five short procedures for the questions you answer most: fewer decisions, calmer days.",
        rule: |f| {
            f.role_is(&["helpdesk"])
                .then(|| (75, "your role is help desk".to_string()))
        },
    },
    Entry {
        id: "m-cross-training",
        horizon: Month,
        title: "Find the single points of failure in your team",
        how: "List what only one person can do, and start cross-training on the first item.",
        rule: |f| {
            f.role_is(&["manager"])
                .then(|| (85, "your role is IT manager".to_string()))
        },
    },
    Entry {
        id: "m-separate-devices",
        horizon: Month,
        title: "Separate work from personal devices",
        how: "Work mail and chat off the personal phone, or in a work profile that switches off with your hours.",
        rule: |f| {
            (f.holds("mail_outside_hours").is_some() && f.mail_after_hours > 0).then(|| {
                (
                    65,
                    format!(
                        "{} sent outside business hours in the period",
                        words::count(f.mail_after_hours, "mail")
                    ),
                )
            })
        },
    },
    Entry {
        id: "m-mentor",
        horizon: Month,
        title: "Find a mentor who keeps healthy hours",
        how: "Someone a few years ahead who is good at their job and still has evenings. Ask for one coffee.",
        rule: |f| {
            f.lacks(SupportKind::Mentor)
                .then(|| (55, "no mentor in your support network".to_string()))
        },
    },
    Entry {
        id: "m-role-review",
        horizon: Month,
        title: "Ask whether this role is good for you in the long run",
        how: "Write down what would have to change for you to stay five more years, and whether it can.",
        rule: |f| {
            (f.risk == Some(RiskLevel::High)).then(|| (50, "your risk level is high".to_string()))
        },
    },
    Entry {
        id: "m-monthly-review",
        horizon: Month,
        title: "Review your boundaries once a month",
        how: "Run `canary review`, change one boundary or action, and save it with `canary review --done`; a saved review checks this off for its month.",
        rule: |_| Some((10, "a monthly habit for everyone".to_string())),
    },
    // This year.
    Entry {
        id: "y-emergency-fund",
        horizon: Year,
        title: "Build an emergency fund of six months or more",
        how: "A standing transfer on payday into a separate account until it covers six months of costs.",
        rule: |f| match f.runway_months {
            Some(m) if m < 6.0 => Some((90, format!("your savings cover about {m:.1} months"))),
            Some(_) => None,
            None => Some((
                60,
                "runway unknown: `canary plan set fund_months N`".to_string(),
            )),
        },
    },
    Entry {
        id: "y-resume",
        horizon: Year,
        title: "Keep your résumé current",
        how: "Add what you did this quarter while you remember it; set `canary plan set resume_updated DATE`.",
        rule: |f| match f.resume_age_days {
            Some(d) if d > 180 => Some((
                80,
                format!("résumé last updated {} ago", words::count(d, "day")),
            )),
            Some(_) => None,
            None => Some((55, "no résumé date recorded".to_string())),
        },
    },
    Entry {
        id: "y-redundancy",
        horizon: Year,
        title: "Make yourself replaceable on purpose",
        how: "Document the systems only you know, automate the routine fixes, and pair someone up on each.",
        rule: |f| {
            (f.role_is(&["sysadmin", "network"]) && f.pages > 0).then(|| {
                (
                    75,
                    format!(
                        "{} reached you in the period",
                        words::count(f.pages, "page")
                    ),
                )
            })
        },
    },
    Entry {
        id: "y-sustainable-team",
        horizon: Year,
        title: "Lead at a pace the team can keep",
        how: "Model the hours you ask for, push back upward on timelines, reward steady work over heroics.",
        rule: |f| {
            f.role_is(&["manager"])
                .then(|| (80, "your role is IT manager".to_string()))
        },
    },
    Entry {
        id: "y-life-outside-tech",
        horizon: Year,
        title: "Grow a life outside technology",
        how: "A friend, a club, a sport: people and interests that have nothing to do with work.",
        rule: |f| {
            (f.lacks(SupportKind::Friend) || f.lacks(SupportKind::Hobby)).then(|| {
                (
                    70,
                    "no friend outside tech or no hobby in your support network".to_string(),
                )
            })
        },
    },
    Entry {
        id: "y-weigh-options",
        horizon: Year,
        title: "Know your options if nothing changes",
        how: "If the conversation with your manager changes nothing in three months, look at other teams with `canary evaluate`.",
        rule: |f| {
            (f.risk == Some(RiskLevel::High) && f.holds("hours_over_50").is_some())
                .then(|| (65, "high risk with long weeks".to_string()))
        },
    },
    Entry {
        id: "y-portable-skills",
        horizon: Year,
        title: "Learn something that travels with you",
        how: "One skill that is not tied to your employer's stack, chosen because it interests you.",
        rule: |_| Some((30, "career flexibility for everyone".to_string())),
    },
    Entry {
        id: "y-mentor-others",
        horizon: Year,
        title: "Help someone else avoid burnout",
        how: "Share what you learned with a junior colleague; it keeps your own boundaries honest.",
        rule: |_| Some((20, "what recovery grows into".to_string())),
    },
];

/// Choose the actions for each horizon.
pub fn choose(facts: &Facts, journal: &Journal) -> [Vec<Action>; 3] {
    [Week, Month, Year].map(|h| choose_horizon(facts, journal, h))
}

fn choose_horizon(facts: &Facts, journal: &Journal, horizon: Horizon) -> Vec<Action> {
    let mut done = Vec::new();
    let mut open = Vec::new();
    for (order, e) in CATALOGUE.iter().enumerate() {
        if e.horizon != horizon {
            continue;
        }
        let passed = (e.rule)(facts);
        let action = |why: String, status, done_on| Action {
            id: e.id,
            horizon,
            title: e.title,
            how: e.how,
            why,
            status,
            done_on,
        };
        let reviewed = (e.id == MONTHLY_REVIEW)
            .then_some(facts.reviewed_this_month)
            .flatten();
        if let Some(d) = journal.is_done(e.id) {
            let why = passed.map(|(_, w)| w).unwrap_or_default();
            let on = d.done_at.strftime("%Y-%m-%d").to_string();
            done.push(action(why, ActionStatus::Done, Some(on)));
        } else if let Some(on) = reviewed {
            let why = passed.map(|(_, w)| w).unwrap_or_default();
            done.push(action(why, ActionStatus::Done, Some(on.to_string())));
        } else if let Some((weight, why)) = passed {
            open.push((weight, order, action(why, ActionStatus::Open, None)));
        }
    }
    open.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    open.truncate(OPEN_PER_HORIZON);
    // What comes first (talking to a professional and to the manager) is shown before the
    // actions already done; the rest after them.
    let first = open
        .iter()
        .take_while(|(w, _, _)| *w >= FIRST_WEIGHT)
        .count();
    let rest = open.split_off(first);
    let mut out: Vec<Action> = open.into_iter().map(|(_, _, a)| a).collect();
    out.extend(done);
    out.extend(rest.into_iter().map(|(_, _, a)| a));
    out
}
