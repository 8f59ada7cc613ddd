//! The action catalogue and how actions are chosen.
//!
//! Every action has a stable id, a horizon (this week, this month, this year) and a rule that
//! looks at the [`Facts`] and either passes, with the evidence in words, or does not. The plan
//! shows, per horizon, the actions already done plus the first [`OPEN_PER_HORIZON`] open ones
//! that pass, by weight (highest first, catalogue order on ties). Never the whole list.

use std::collections::BTreeSet;

use serde::Serialize;

use super::{PlanInput, career, h1, support};
use crate::journal::{Journal, SupportKind};
use crate::model::{RiskLevel, Status};

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
}

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
        }
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
        id: "w-sleep-guard",
        horizon: Week,
        title: "Guard your sleep window",
        how: "Charge the work phone outside the bedroom and let only true emergencies reach you at night.",
        rule: |f| f.holds("work_in_sleep_window").map(|e| (100, e)),
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
                        "{} pages reached you while you were not on call",
                        f.pages_off_rotation
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
            match (f.holds("weekend_work"), since) {
                (Some(e), Some(d)) => Some((75, format!("{e}; {d} days since a full weekend off"))),
                (Some(e), None) => Some((70, e)),
                (None, Some(d)) => Some((60, format!("{d} days since a full weekend off"))),
                (None, None) => None,
            }
        },
    },
    Entry {
        id: "w-reach-out",
        horizon: Week,
        title: "Get in touch with someone you have been neglecting",
        how: "A call or a message is enough; then run `canary support touch NAME`.",
        rule: |f| match &f.neglected {
            Some((name, days)) if *days >= 30 => {
                Some((65, format!("no contact with {name} for {days} days")))
            }
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
            let hours = f.recent_hours.filter(|h| *h > f.max_weekly_hours);
            let pages = (f.non_emergency_outside > 0).then_some(f.non_emergency_outside);
            match (hours, pages) {
                (Some(h), Some(p)) => Some((
                    100,
                    format!(
                        "{} h a week recently against your {} h limit; {p} non-emergency pages in personal time in the period",
                        h1(h),
                        f.max_weekly_hours
                    ),
                )),
                (Some(h), None) => Some((
                    90,
                    format!(
                        "{} h a week recently against your {} h limit",
                        h1(h),
                        f.max_weekly_hours
                    ),
                )),
                (None, Some(p)) => Some((
                    70,
                    format!("{p} non-emergency pages in personal time in the period"),
                )),
                (None, None) => None,
            }
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
                (88, format!("{} of your {} pages were not emergencies but reached you outside business hours", f.non_emergency_outside, f.pages))
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
                    format!("{} nights interrupted by pages", f.nights_interrupted),
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
                        "{} mails sent outside business hours in the period",
                        f.mail_after_hours
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
            Some(d) if d > 180 => Some((80, format!("résumé last updated {d} days ago"))),
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
            (f.role_is(&["sysadmin", "network"]) && f.pages > 0)
                .then(|| (75, format!("{} pages reached you in the period", f.pages)))
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
    done.extend(open.into_iter().take(OPEN_PER_HORIZON).map(|(_, _, a)| a));
    done
}
