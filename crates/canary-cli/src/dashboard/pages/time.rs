//! Time (`/time`): weekly hours against the maximum, when in the week the work happens, every
//! day of the period, and the latest nights with work in the sleep window (each a link to its
//! night's page).

use maud::{Markup, html};

use super::period_layout;
use crate::dashboard::app::Snapshot;
use crate::dashboard::charts::{calendar, heatmap, weeks_chart};
use crate::dashboard::layout::h1;

pub fn time(s: &Snapshot) -> Markup {
    let r = &s.report;
    let body = html! {
        p {
            "Mean " (h1(r.worktime.mean_weekly_hours)) " h a week; " (r.limits.weeks_over_max)
            " of " (r.weeks.len()) " weeks over your maximum of " (r.limits.max_weekly_hours)
            " h; " (r.worktime.days_off_worked) " days off worked."
        }
        h2 { "Weekly hours" }
        (weeks_chart(s))
        h2 { "When you work" }
        (heatmap(s))
        h2 { "Every day" }
        (calendar(s))
        p class="legend" {
            "Darker squares: more hours. ☾ activity in the sleep window · ✕ work on a day off."
        }
        h2 { "Nights with work in the sleep window" }
        p { (r.sleep.nights) " nights in the period; the latest:" }
        ul class="nights" {
            @for n in &r.sleep.recent {
                li {
                    a href=(s.link(&format!("/night/{}", n.night))) { "Night of " (n.night) }
                    ": " (n.events) " events"
                }
            }
        }
    };
    period_layout(s, "Time", "/time", body)
}
