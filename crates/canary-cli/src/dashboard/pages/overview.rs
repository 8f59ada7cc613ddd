//! The overview (`/`): a row of stat panels at a glance (level, stage, this week's hours
//! against the maximum, sleep-window nights this week, days since a full day off, WHO-5), each
//! with its trend and a link to the page that explains it; then the checklist, the reasons,
//! the questionnaires' latest scores and the warning signs over time, the recovery phase and
//! the latest check-in.

use canary::model::{Report, RiskLevel, Status};
use maud::{Markup, html};

use super::{checkin_line, period_layout};
use crate::dashboard::app::Snapshot;
use crate::dashboard::charts::{Row, count, pattern_defs, stacked_chart};
use crate::dashboard::layout::{h1, marked};

/// Which way a figure went: up, down or level, and whether that is a bad sign.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Way {
    Up,
    Down,
    Level,
}

impl Way {
    /// From an earlier to a recent figure, `tol` the change that counts as level.
    fn of(earlier: f64, recent: f64, tol: f64) -> Way {
        if recent > earlier + tol {
            Way::Up
        } else if recent < earlier - tol {
            Way::Down
        } else {
            Way::Level
        }
    }

    fn arrow(self) -> &'static str {
        match self {
            Way::Up => "↑",
            Way::Down => "↓",
            Way::Level => "→",
        }
    }
}

/// One stat panel: its label, value (with a smaller unit or qualifier), the trend (arrow and
/// words), a note (coverage), the link that explains it, and whether it is a warning.
struct Stat {
    id: &'static str,
    label: &'static str,
    value: String,
    unit: String,
    trend: Option<(Way, String)>,
    note: Option<String>,
    link: (String, &'static str),
    warn: bool,
}

fn panel(st: &Stat) -> Markup {
    html! {
        div class=(if st.warn { "stat warn" } else { "stat" }) id=(format!("stat-{}", st.id)) {
            span class="label" { (st.label) }
            span class="value" { (st.value) @if !st.unit.is_empty() { " " small { (st.unit) } } }
            @if let Some((way, words)) = &st.trend {
                span class="trend" { span aria-hidden="true" { (way.arrow()) } " " (words) }
            }
            @if let Some(n) = &st.note { span class="note" { (n) } }
            a href=(st.link.0) { (st.link.1) }
        }
    }
}

/// The stat panels, from the report.
fn stats(s: &Snapshot) -> Vec<Stat> {
    let r: &Report = &s.report;
    let rising = r.trend.rising.len();
    let rising_words = if rising == 0 {
        (Way::Level, "no figure rising".to_string())
    } else {
        (
            Way::Up,
            format!("{} rising", count(rising as u64, "figure", "figures")),
        )
    };
    let mut out = vec![
        Stat {
            id: "level",
            label: "Risk level",
            value: r.risk.level.as_str().to_string(),
            unit: String::new(),
            trend: Some(rising_words.clone()),
            note: (r.risk.level == RiskLevel::Unknown).then(|| "too little data".to_string()),
            link: ("#why-level".into(), "why this level"),
            warn: matches!(r.risk.level, RiskLevel::High | RiskLevel::Medium),
        },
        Stat {
            id: "stage",
            label: "Stage (an estimate)",
            value: r.risk.stage.name.clone(),
            unit: r
                .risk
                .stage
                .stage
                .map(|n| format!("stage {n} of 4"))
                .unwrap_or_default(),
            trend: Some(rising_words),
            note: None,
            link: ("#why-stage".into(), "why this stage"),
            warn: r.risk.stage.stage.is_some_and(|n| n >= 2),
        },
    ];
    let max = r.limits.max_weekly_hours;
    match r.weeks.last() {
        Some(wk) if wk.covered_days > 0 => {
            let prev = r.weeks.iter().rev().nth(1);
            out.push(Stat {
                id: "hours",
                label: if wk.complete {
                    "Hours this week"
                } else {
                    "Hours this week so far"
                },
                value: format!(
                    "{}{}",
                    if wk.hours_at_least { "≥ " } else { "" },
                    h1(wk.hours)
                ),
                unit: format!("of {max} h max"),
                trend: prev.map(|p| {
                    (
                        Way::of(p.hours, wk.hours, 0.5),
                        format!("{} h the week before", h1(p.hours)),
                    )
                }),
                note: wk.hours_at_least.then(|| {
                    "at least: only commits and mail seen, not measured hour by hour".to_string()
                }),
                link: (s.events_link(&[("week", &wk.week)]), "this week's events"),
                warn: wk.hours > max,
            });
            let nights_note = if wk.continuous_days == 0 {
                Some("at least: no shell, tracker or calendar data this week".to_string())
            } else {
                None
            };
            out.push(Stat {
                id: "nights",
                label: "Sleep-window nights this week",
                value: format!(
                    "{}{}",
                    if nights_note.is_some() { "≥ " } else { "" },
                    wk.sleep_nights
                ),
                unit: if wk.sleep_nights == 1 {
                    "night".into()
                } else {
                    "nights".into()
                },
                trend: prev.map(|p| {
                    (
                        Way::of(f64::from(p.sleep_nights), f64::from(wk.sleep_nights), 0.0),
                        format!(
                            "{} the week before",
                            count(p.sleep_nights, "night", "nights")
                        ),
                    )
                }),
                note: nights_note,
                link: (s.link("/time#nights"), "the nights"),
                warn: wk.sleep_nights >= 2,
            });
        }
        _ => {
            for (id, label) in [
                ("hours", "Hours this week"),
                ("nights", "Sleep-window nights this week"),
            ] {
                out.push(Stat {
                    id,
                    label,
                    value: "not measured".into(),
                    unit: String::new(),
                    trend: None,
                    note: Some("no source saw this week".into()),
                    link: (s.link("/sources"), "sources"),
                    warn: false,
                });
            }
        }
    }
    let rest = &r.rest;
    let sparse = r.worktime.at_least;
    out.push(Stat {
        id: "dayoff",
        label: "Days since a full day off",
        value: if r.coverage.covered_days == 0 {
            "not measured".into()
        } else {
            format!(
                "{}{}",
                if sparse { "≥ " } else { "" },
                rest.current_streak_days
            )
        },
        unit: if r.coverage.covered_days == 0 {
            String::new()
        } else if rest.current_streak_days == 1 {
            "day".into()
        } else {
            "days".into()
        },
        trend: (r.coverage.covered_days > 0).then(|| {
            if rest.current_streak_days > 0 && rest.current_streak_days >= rest.longest_streak_days
            {
                (Way::Up, "the longest run in the period".to_string())
            } else {
                (
                    Way::Level,
                    format!(
                        "longest run {}",
                        count(rest.longest_streak_days, "day", "days")
                    ),
                )
            }
        }),
        note: sparse.then(|| {
            "at least: a day without commits or mail may still have been worked".to_string()
        }),
        link: (s.link("/time#every-day"), "the calendar"),
        warn: rest.current_streak_days >= 12,
    });
    let who5: Vec<u8> = r.instruments.trend.iter().filter_map(|p| p.who5).collect();
    out.push(match &r.instruments.who5 {
        Some(w) => Stat {
            id: "who5",
            label: "WHO-5 well-being",
            value: w.score.to_string(),
            unit: "of 100".into(),
            trend: (who5.len() >= 2).then(|| {
                let prev = who5[who5.len() - 2];
                (
                    Way::of(f64::from(prev), f64::from(w.score), 0.0),
                    format!("{prev} the time before"),
                )
            }),
            note: Some(format!(
                "{}{}",
                w.taken_at.strftime("taken %Y-%m-%d"),
                if w.poor {
                    "; poor well-being (50 or below)"
                } else {
                    ""
                }
            )),
            link: ("/assess/who5".into(), "what it means"),
            warn: w.poor,
        },
        None => Stat {
            id: "who5",
            label: "WHO-5 well-being",
            value: "not taken".into(),
            unit: String::new(),
            trend: None,
            note: Some("five questions, one minute".into()),
            link: ("/checkin/who5".into(), "take it"),
            warn: false,
        },
    });
    out
}

/// Which list of the checklist, in words.
fn tier_words(t: canary::model::Tier) -> &'static str {
    match t {
        canary::model::Tier::High => "high risk",
        canary::model::Tier::Medium => "medium risk",
        canary::model::Tier::Low => "low risk",
    }
}

fn level_badge(level: RiskLevel) -> Markup {
    html! {
        span class=(format!("badge level-{}", level.as_str())) { "Risk: " (level.as_str()) }
    }
}

pub fn overview(s: &Snapshot) -> Markup {
    let r = &s.report;
    let earlier = r
        .risk
        .stage
        .reasons
        .iter()
        .filter(|x| x.is_earlier())
        .count();
    let body = html! {
        @if let Some(c) = &r.crisis {
            p class="crisis" role="alert" { (marked(c)) }
        }
        section class="stats" aria-label="At a glance" {
            @for st in stats(s) { (panel(&st)) }
        }
        // The pending alerts (issue 13) go here, between the panels and the narrative.
        p class="period" {
            (r.period.since) " to " (r.period.until) " (" (r.period.days) " days, "
            (r.coverage.covered_days) " of them covered)."
        }
        (super::pending_alerts::section(&s.alerts))
        section class="risk" {
            (level_badge(r.risk.level)) " "
            span class="badge" { "Stage: " (r.risk.stage.name) }
            h2 id="why-level" { "Why this level" }
            ul {
                @for reason in &r.risk.reasons { li { (marked(reason)) } }
            }
            h2 id="why-stage" { "Why this stage" }
            p { "An estimate from the article's stages, not a diagnosis." }
            ul {
                @for reason in r.risk.stage.reasons.iter().filter(|x| !x.is_earlier()) {
                    li { (marked(&reason.text)) }
                }
                @if earlier > 0 {
                    li { "and " (earlier) " signs of earlier stages" }
                }
            }
        }
        h2 id="checklist" { "The checklist" }
        p class="legend" {
            span class="sign-present" { "⚠ sign present" } " · "
            span class="sign-absent" { "not present" } " · "
            span class="sign-unknown" { "not measured" }
        }
        div class="scroll" {
            table id="indicators" {
                thead {
                    tr {
                        th scope="col" { "Sign" }
                        th scope="col" { "List" }
                        th scope="col" { "Here?" }
                        th scope="col" { "Evidence" }
                    }
                }
                tbody {
                    @for i in &r.risk.indicators {
                        @let (class, word) = match i.status {
                            Status::Holds => ("sign-present", "⚠ sign present"),
                            Status::DoesNotHold => ("sign-absent", "not present"),
                            Status::Unknown => ("sign-unknown", "not measured"),
                        };
                        tr class=(format!("ind-{}", class)) {
                            td { (marked(&i.label)) }
                            td { (tier_words(i.tier)) }
                            td class=(class) { (word) }
                            td { (marked(&i.evidence)) }
                        }
                    }
                }
            }
        }
        h2 { "Questionnaires" }
        (questionnaires(s))
        (signs_chart(s))
        h2 { "Recovery" }
        @match (s.plan.recovery.phase, s.plan.recovery.started) {
            (Some(p), Some(start)) => p {
                "Plan started " (start) ", " (s.plan.recovery.weeks_in.unwrap_or(0)) " weeks in: "
                strong { (p.label()) } "."
            },
            _ => p { "No plan started yet: see " a href=(s.link("/plan")) { "Plan" } "." },
        }
        h2 { "Latest check-in" }
        @match s.checkins.last() {
            Some(c) => p id="latest-checkin" {
                (checkin_line(c)) " · " a href="/checkin" { "check in again" }
            },
            None => p id="latest-checkin" {
                "You have not checked in yet. " a href="/checkin" { "Check in now" }
                ": five quick questions about today, one minute."
            },
        }
    };
    period_layout(s, "Overview", "/", body)
}

/// The latest score of each questionnaire, or where to take it.
fn questionnaires(s: &Snapshot) -> Markup {
    let ins = &s.report.instruments;
    let score = |v: Option<f64>| v.map_or("—".into(), |v| format!("{v:.0}/100"));
    html! {
        ul {
            @match &ins.cbi {
                Some(c) => li {
                    "Copenhagen Burnout Inventory (" (c.taken_at.strftime("%Y-%m-%d")) "): personal "
                    (score(c.personal)) ", work " (score(c.work)) ", client " (score(c.client))
                },
                None => li {
                    "CBI: not taken yet (" a href="/checkin/cbi" { "the form" } " or "
                    code { "canary assess cbi" } ")."
                },
            }
            @match &ins.who5 {
                Some(w) => li id="who5-score" {
                    "WHO-5 Well-Being (" (w.taken_at.strftime("%Y-%m-%d")) "): " (w.score) "/100"
                    @if w.poor { " — poor well-being" }
                },
                None => li id="who5-score" {
                    "WHO-5: not taken yet (" a href="/checkin/who5" { "the form" } " or "
                    code { "canary assess who5" } ")."
                },
            }
            @match ins.signs.last() {
                Some(p) => li id="signs-latest" {
                    "Warning signs (" (p.taken_at.strftime("%Y-%m-%d")) "): " (p.often) " often, "
                    (p.sometimes) " sometimes"
                },
                None => li id="signs-latest" {
                    "Warning signs: not checked yet (" a href="/checkin/signs" { "the form" }
                    " or " code { "canary assess signs" } ")."
                },
            }
            li { (ins.trend.len()) " scores taken so far." }
        }
    }
}

/// The warning signs over time: one stacked bar per check of the signs (nothing before the
/// first check).
fn signs_chart(s: &Snapshot) -> Markup {
    let signs = &s.report.instruments.signs;
    if signs.is_empty() {
        return html! {};
    }
    let rows: Vec<Row> = signs
        .iter()
        .map(|p| {
            let date = p.taken_at.strftime("%Y-%m-%d").to_string();
            (
                format!(
                    "{date}: {} signs often, {} sometimes (of {} answered) — physical {}/{}, emotional {}/{}, behavioural {}/{} often/sometimes",
                    p.often,
                    p.sometimes,
                    p.answered,
                    p.physical[0],
                    p.physical[1],
                    p.emotional[0],
                    p.emotional[1],
                    p.behavioural[0],
                    p.behavioural[1]
                ),
                Some(date),
                vec![p.often as u32, p.sometimes as u32],
            )
        })
        .collect();
    html! {
        h2 { "Warning signs over time" }
        (pattern_defs())
        (stacked_chart(
            "signs",
            "The article's warning signs at each check, stacked: often, then sometimes",
            "The figures, check by check",
            &[
                ("Often", "ibar", "solid"),
                ("Sometimes", "ibar pat-hatch", "url(#pat-hatch)"),
            ],
            &rows,
        ))
    }
}
