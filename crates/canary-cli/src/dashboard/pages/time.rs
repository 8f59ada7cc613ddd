//! Time (`/time`): weekly hours against the maximum, when in the week the work happens, every
//! day of the period, and the latest nights with work in the sleep window. Every bar, cell,
//! day and night links to the events behind it.

use maud::{Markup, html};

use super::period_layout;
use crate::dashboard::app::Snapshot;
use crate::dashboard::charts::{calendar, count, heatmap, weeks_chart};
use crate::dashboard::layout::h1;

pub fn time(s: &Snapshot) -> Markup {
    let r = &s.report;
    let body = html! {
        p {
            "Mean " @if r.worktime.at_least { "at least " } (h1(r.worktime.mean_weekly_hours)) " h a week; "
            (r.limits.weeks_over_max) " of " (count(r.weeks.len() as u64, "week", "weeks"))
            " over your maximum of " (r.limits.max_weekly_hours) " h; "
            (count(r.worktime.days_off_worked, "day off", "days off")) " worked."
        }
        @if r.personal.events > 0 {
            p class="personal" {
                "Personal time, not counted as work (your " code { "[personal]" } " rules): "
                (h1(r.personal.hours)) " h on " (count(u64::from(r.personal.days), "day", "days"))
                ", from " (r.personal.sources.join(", ")) "; "
                code { "canary events --personal" } " lists it."
            }
        }
        h2 id="weeks" { "Weekly hours" }
        (weeks_chart(s))
        h2 id="when" { "When you work" }
        (heatmap(s))
        h2 id="every-day" { "Every day" }
        (calendar(s))
        h2 id="nights" { "Nights with work in the sleep window" }
        p {
            (count(r.sleep.nights, "night", "nights")) " in the period"
            @if !r.sleep.recent.is_empty() { "; the latest:" } @else { "." }
        }
        ul class="nights" {
            @for n in &r.sleep.recent {
                li {
                    a href=(s.link(&format!("/night/{}", n.night))) data-count=(n.events) {
                        "Night of " (n.night.strftime("%a %Y-%m-%d").to_string())
                    }
                    ": " (count(n.events, "event", "events"))
                }
            }
        }
    };
    period_layout(s, "Time", "/time", body)
}
