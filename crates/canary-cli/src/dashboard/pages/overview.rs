//! The overview (`/`): the period, the risk level and stage with their reasons, the indicators,
//! the questionnaires' latest scores and the warning signs over time, the recovery phase and
//! the latest check-in.

use canary::model::{RiskLevel, Status};
use maud::{Markup, html};

use super::{checkin_line, period_layout};
use crate::dashboard::app::Snapshot;
use crate::dashboard::charts::{Row, pattern_defs, stacked_chart};

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
        p class="period" {
            (r.period.since) " to " (r.period.until) " (" (r.period.days) " days, "
            (r.coverage.covered_days) " of them covered)."
        }
        (super::pending_alerts::section(&s.alerts))
        section class="risk" {
            (level_badge(r.risk.level)) " "
            span class="badge" { "Stage: " (r.risk.stage.name) }
            @if let Some(c) = &r.crisis {
                p class="crisis" role="alert" { (c) }
            }
            h2 { "Why this level" }
            ul {
                @for reason in &r.risk.reasons { li { (reason) } }
            }
            h2 { "Why this stage" }
            p { "An estimate from the article's stages, not a diagnosis." }
            ul {
                @for reason in r.risk.stage.reasons.iter().filter(|x| !x.is_earlier()) {
                    li { (reason.text) }
                }
                @if earlier > 0 {
                    li { "and " (earlier) " signs of earlier stages" }
                }
            }
        }
        h2 { "Indicators" }
        table {
            thead {
                tr {
                    th scope="col" { "Indicator" }
                    th scope="col" { "Tier" }
                    th scope="col" { "Status" }
                    th scope="col" { "Evidence" }
                }
            }
            tbody {
                @for i in &r.risk.indicators {
                    @let (class, word) = match i.status {
                        Status::Holds => ("holds", "✔ holds"),
                        Status::DoesNotHold => ("no", "✘ does not hold"),
                        Status::Unknown => ("unknown", "? unknown"),
                    };
                    tr class=(format!("ind-{class}")) {
                        td { (i.label) }
                        td { (format!("{:?}", i.tier)) }
                        td { (word) }
                        td { (i.evidence) }
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
            Some(c) => p id="latest-checkin" { (checkin_line(c)) },
            None => p id="latest-checkin" { "None yet: " a href=(s.link("/checkin")) { "check in" } "." },
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
                    "CBI: not taken yet (" a href="/checkin#q-cbi" { "the form" } " or "
                    code { "canary assess cbi" } ")."
                },
            }
            @match &ins.who5 {
                Some(w) => li id="who5-score" {
                    "WHO-5 Well-Being (" (w.taken_at.strftime("%Y-%m-%d")) "): " (w.score) "/100"
                    @if w.poor { " — poor well-being" }
                },
                None => li id="who5-score" {
                    "WHO-5: not taken yet (" a href="/checkin#q-who5" { "the form" } " or "
                    code { "canary assess who5" } ")."
                },
            }
            @match ins.signs.last() {
                Some(p) => li id="signs-latest" {
                    "Warning signs (" (p.taken_at.strftime("%Y-%m-%d")) "): " (p.often) " often, "
                    (p.sometimes) " sometimes"
                },
                None => li id="signs-latest" {
                    "Warning signs: not checked yet (" a href="/checkin#q-signs" { "the form" }
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
