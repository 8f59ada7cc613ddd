//! The brief for a conversation with the manager: the person's own figures, framed as
//! productivity and retention, proposals chosen from those figures, and a written follow-up
//! that includes what was agreed.

use jiff::civil::Date;
use serde::Serialize;

use super::role_name;
use crate::Settings;
use crate::journal::Journal;
use crate::model::Report;
use crate::words;

#[derive(Debug, Clone, Serialize)]
pub struct Brief {
    pub today: Date,
    /// The figures, one line each.
    pub figures: Vec<String>,
    /// Why it matters to the business, from those figures.
    pub framing: Vec<String>,
    /// Solutions to offer, chosen from the figures.
    pub proposals: Vec<String>,
    /// Agreements recorded so far, `YYYY-MM-DD: text`.
    pub agreements: Vec<String>,
    /// A follow-up message to send after the talk.
    pub follow_up: String,
}

pub fn brief(report: &Report, settings: &Settings, journal: &Journal, today: Date) -> Brief {
    let mut figures = Vec::new();
    let mut proposals = Vec::new();
    let l = &report.limits;
    // Hours from sparse sources alone are a lower bound: never quoted as "about".
    let recent_at_least = crate::plan::boundaries::recent_weeks(report)
        .iter()
        .any(|w| w.hours_at_least);
    if let Some(h) = report.trend.recent_hours.filter(|_| !recent_at_least) {
        figures.push(format!(
            "I have worked about {} a week over the last four weeks; my limit is {}.",
            words::hours(h),
            words::hours(settings.max_weekly_hours)
        ));
    }
    if l.weeks_over_50 > 0 {
        figures.push(format!(
            "{} of the last {} {} over 50 hours.",
            l.weeks_over_50,
            words::count(report.weeks.len(), "week"),
            if l.weeks_over_50 == 1 { "was" } else { "were" }
        ));
    }
    let i = &report.interruptions;
    if i.measured && i.pages > 0 {
        figures.push(format!(
            "{} in the period; {} interrupted, and {}.",
            words::count(i.pages, "page"),
            words::count_as(i.nights_interrupted, "night was", "nights were"),
            words::count_as(
                i.non_emergency_outside_hours,
                "page outside business hours was not an emergency",
                "pages outside business hours were not emergencies"
            )
        ));
        if i.non_emergency_outside_hours > 0 {
            proposals.push("Route non-emergency alerts to business hours and agree in writing what may page at night.".to_string());
        }
        if i.nights_interrupted >= 4 {
            proposals.push("Share the on-call nights more evenly, with a late start after a night that was interrupted.".to_string());
        }
    }
    if report.worktime.days_off_worked > 0 {
        figures.push(format!(
            "I worked on {} in the period.",
            words::count_as(
                report.worktime.days_off_worked,
                "weekend day or holiday",
                "weekend days or holidays"
            )
        ));
    }
    let with_work: Vec<_> = report
        .vacations
        .periods
        .iter()
        .filter(|v| v.days_worked > 0)
        .collect();
    if !with_work.is_empty() {
        let v = with_work.last().unwrap();
        figures.push(format!(
            "{} of my {} had work in {}; the last one ({}..{}) on {} of {}.",
            with_work.len(),
            words::count(report.vacations.periods.len(), "vacation"),
            if report.vacations.periods.len() == 1 {
                "it"
            } else {
                "them"
            },
            v.start,
            v.end,
            v.days_worked,
            words::count(v.days, "day")
        ));
        proposals.push(
            "Name a backup for my systems before each vacation so I can be fully offline."
                .to_string(),
        );
    }
    let c = &report.communication;
    if c.measured && c.days_before_work_or_after_dinner > 0 {
        figures.push(format!(
            "I sent mail before work or late in the evening on {}.",
            words::count(c.days_before_work_or_after_dinner, "day")
        ));
        proposals.push("Agree response times: non-urgent mail after hours is answered the next working morning.".to_string());
    }
    if report
        .trend
        .recent_hours
        .is_some_and(|h| h > settings.max_weekly_hours)
    {
        proposals.push(
            "Go through my current projects together and decide what to drop, delay or hand over."
                .to_string(),
        );
    }
    if proposals.is_empty() {
        proposals.push(
            "Keep the current arrangement and review it together in three months.".to_string(),
        );
    }
    let framing = vec![
        "Tired people make more mistakes and fix incidents more slowly: protecting rest protects uptime.".to_string(),
        format!(
            "Replacing an experienced {} costs far more than adjusting the workload; I want to stay and do this job well for years.",
            role_name(&settings.role)
        ),
        "I am bringing proposals, not only problems.".to_string(),
    ];
    let agreements: Vec<String> = journal
        .agreements
        .iter()
        .map(|a| format!("{}: {}", a.agreed_at.strftime("%Y-%m-%d"), a.text))
        .collect();
    let manager = journal
        .profile
        .get("manager")
        .map_or("[manager]", String::as_str);
    let mut follow_up = format!(
        "Subject: Follow-up on our conversation about workload\n\nHi {manager},\n\nThank you for making time to talk about my workload. To make sure we understood each other the same way, this is what we agreed:\n\n"
    );
    if agreements.is_empty() {
        follow_up.push_str("- [record each agreement with `canary plan agree \"TEXT\"`]\n");
    } else {
        for a in &journal.agreements {
            follow_up.push_str(&format!("- {}\n", a.text));
        }
    }
    follow_up.push_str("\nI suggest we look at how it is going again in a month. Please tell me if I got anything wrong.\n\nBest regards\n");
    Brief {
        today,
        figures,
        framing,
        proposals,
        agreements,
        follow_up,
    }
}

/// The brief as Markdown.
pub fn markdown(b: &Brief) -> String {
    let mut out = format!("# Conversation brief — {}\n\n", b.today);
    out.push_str("Your own figures, for a calm talk with your manager about workload.\n\n## What the figures show\n\n");
    for f in &b.figures {
        out.push_str(&format!("- {f}\n"));
    }
    out.push_str("\n## Why it matters to the team\n\n");
    for f in &b.framing {
        out.push_str(&format!("- {f}\n"));
    }
    out.push_str("\n## What to propose\n\n");
    for p in &b.proposals {
        out.push_str(&format!("- {p}\n"));
    }
    out.push_str("\n## Agreed so far\n\n");
    if b.agreements.is_empty() {
        out.push_str("Nothing recorded yet. After the talk: `canary plan agree \"TEXT\"`.\n");
    } else {
        for a in &b.agreements {
            out.push_str(&format!("- {a}\n"));
        }
    }
    out.push_str("\n## Follow-up to send in writing\n\n```text\n");
    out.push_str(&b.follow_up);
    out.push_str("```\n");
    out
}
