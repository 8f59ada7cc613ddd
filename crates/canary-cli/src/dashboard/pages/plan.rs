//! Plan (`/plan`): the progress, the summary and the monthly review's status, this week's,
//! month's and year's actions (each with a form to mark it done or undo it), and the brief for
//! a conversation with the manager.

use canary::plan::ActionStatus;
use maud::{Markup, html};

use super::period_layout;
use crate::dashboard::app::Snapshot;
use crate::dashboard::layout::marked;

pub fn plan(s: &Snapshot, token: &str) -> Markup {
    let p = &s.plan;
    let due = canary::plan::review_period::due_words(&p.review);
    let br = &s.brief;
    let body = html! {
        p { (p.progress.0) " of " (p.progress.1) " actions done." }
        progress max=(p.progress.1.max(1)) value=(p.progress.0) {
            (p.progress.0) " of " (p.progress.1)
        }
        @if let Some(c) = &p.care {
            section id="care" {
                h2 { "First: two conversations" }
                p { "This comes first because " (c.reasons.join("; ")) ". None of this is a diagnosis." }
                @if let Some(m) = &c.crisis {
                    p { strong { (m) } }
                    p { (canary::plan::CRISIS_HELP) }
                }
                ul {
                    li { (marked(canary::plan::TALK_PROFESSIONAL)) }
                    li { (marked(canary::plan::TALK_MANAGER)) }
                }
            }
        }
        @for para in &p.summary {
            p { (para) }
        }
        h2 id="stage" { "Where you are: " (canary::plan::stage::title(&p.stage)) }
        p { (p.stage.looks_like) }
        ul { @for a in p.stage.advice { li { (marked(a)) } } }
        @if !due.is_empty() {
            p id="review-due" { "Monthly review: " (marked(&due)) }
        }
        @for (title, list) in [("This week", &p.week), ("This month", &p.month), ("This year", &p.year)] {
            h2 { (title) }
            ul class="actions" {
                @for a in list {
                    @let done = a.status == ActionStatus::Done;
                    @let (cls, mark, path, label) = if done {
                        ("done", "☑ done", "/plan/undo", "Undo")
                    } else {
                        ("open", "☐ open", "/plan/done", "Mark done")
                    };
                    li class=(cls) id=(format!("action-{}", a.id)) {
                        span class="state" { (mark) } " "
                        strong { (marked(a.title)) }
                        @if let Some(d) = &a.done_on { " (done " (d) ")" }
                        br;
                        span class="how" { (marked(a.how)) }
                        br;
                        em { (marked(&a.why)) }
                        form method="post" action=(path) {
                            input type="hidden" name="token" value=(token);
                            input type="hidden" name="id" value=(a.id);
                            button type="submit" { (label) }
                        }
                    }
                }
            }
        }
        h2 { "Talking with your manager" }
        h3 { "Your figures" }
        ul { @for f in &br.figures { li { (f) } } }
        h3 { "Why it matters" }
        ul { @for f in &br.framing { li { (f) } } }
        h3 { "What to propose" }
        ul { @for f in &br.proposals { li { (f) } } }
        h3 { "Follow-up draft" }
        pre { @for line in br.follow_up.lines() { (marked(line)) "\n" } }
    };
    period_layout(s, "Plan", "/plan", body)
}
