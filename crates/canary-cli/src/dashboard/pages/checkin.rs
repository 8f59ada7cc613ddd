//! Check-in (`/checkin`): the one-minute check-in as `canary checkin` takes it, a short list
//! of the questionnaires (each on its own page, `/checkin/ID`, as `canary assess` gives it),
//! and the earlier check-ins and scores. Every form carries the form token.

use canary::assessment::instruments::Instrument;
use maud::{Markup, html};

use super::{checkin_line, period_layout};
use crate::dashboard::app::Snapshot;
use crate::dashboard::charts::count;

/// The check-in's two scales: field, legend and the words of 1 to 5.
const SCALES: [(&str, &str, [&str; 5]); 2] = [
    (
        "stress",
        "Stress today",
        [
            "1 calm",
            "2 a little",
            "3 some",
            "4 a lot",
            "5 very stressed",
        ],
    ),
    (
        "sleep",
        "Sleep last night",
        ["1 poor", "2 restless", "3 so-so", "4 good", "5 great"],
    ),
];

/// The check-in's yes/no questions: field and legend.
const YES_NO: [(&str, &str); 3] = [
    ("exercise", "Did you move or exercise today?"),
    ("social", "Time with people outside work?"),
    ("hobby", "Something for a hobby?"),
];

pub fn checkin(s: &Snapshot, token: &str) -> Markup {
    let body = html! {
        p {
            "One minute: the same check-in as " code { "canary checkin" } ", stored the same way."
        }
        form method="post" action="/checkin" {
            input type="hidden" name="token" value=(token);
            @for (name, legend, words) in SCALES {
                fieldset {
                    legend { (legend) }
                    @for (k, w) in words.iter().enumerate() {
                        label {
                            input type="radio" name=(name) value=(k + 1) id=(format!("{name}-{}", k + 1));
                            " " (w)
                        }
                    }
                }
            }
            @for (name, legend) in YES_NO {
                fieldset {
                    legend { (legend) }
                    @for answer in ["yes", "no"] {
                        label {
                            input type="radio" name=(name) value=(answer) id=(format!("{name}-{answer}"));
                            " " (answer)
                        }
                    }
                }
            }
            p {
                label for="note" { "A short note (stays on this machine)" }
                br;
                input type="text" name="note" id="note" maxlength="500";
            }
            p { button type="submit" id="save-checkin" { "Save check-in" } }
        }
        h2 { "Questionnaires" }
        p {
            "The same questionnaires as " code { "canary assess" }
            ", scored and stored the same way, each on its own page:"
        }
        nav class="toc" aria-label="Questionnaires" {
            ul {
                @for instrument in INSTRUMENTS {
                    li {
                        a href=(format!("/checkin/{}", instrument.id())) { (instrument.title()) }
                        " (" (count(instrument.items().len() as u64, "question", "questions")) ")"
                    }
                }
            }
        }
        h2 id="earlier" { "Earlier check-ins" }
        @if s.checkins.is_empty() {
            p id="no-checkins" { "None yet: the check-ins you save appear here, newest first." }
        } @else {
            ul id="checkins" {
                @for c in s.checkins.iter().rev().take(10) {
                    li { (checkin_line(c)) }
                }
            }
            @if s.checkins.len() > 10 {
                p { "The latest 10 of " (s.checkins.len()) "." }
            }
        }
        h2 { "Earlier scores" }
        @if s.report.instruments.trend.is_empty() {
            p id="no-scores" { "No questionnaire answered yet: your scores appear here." }
        } @else {
            ul id="scores" {
                @for p in s.report.instruments.trend.iter().rev().take(10) {
                    li {
                        (p.taken_at.strftime("%Y-%m-%d").to_string()) ": "
                        @match p.who5 {
                            Some(w) => { "WHO-5 " (w) "/100" },
                            None => {
                                "CBI personal " (pct(p.personal)) ", work " (pct(p.work))
                                ", client " (pct(p.client))
                            },
                        }
                    }
                }
            }
        }
    };
    period_layout(s, "Check-in", "/checkin", body)
}

/// A CBI score out of 100, or a dash.
fn pct(v: Option<f64>) -> String {
    v.map_or("—".into(), |v| format!("{v:.0}/100"))
}

/// The questionnaires, in the order the contents list shows them.
pub const INSTRUMENTS: [Instrument; 4] = [
    Instrument::Who5,
    Instrument::Cbi,
    Instrument::Checklist,
    Instrument::Signs,
];

/// A questionnaire on its own page (`/checkin/ID`).
pub fn questionnaire_page(s: &Snapshot, instrument: Instrument, token: &str) -> Markup {
    let body = html! {
        p {
            "The same questionnaire as " code { "canary assess " (instrument.id()) }
            ", scored and stored the same way. Skip any item you would rather not answer."
        }
        (questionnaire(instrument, token))
        p {
            "Other questionnaires: "
            @for (i, other) in INSTRUMENTS.iter().filter(|o| **o != instrument).enumerate() {
                @if i > 0 { " · " }
                a href=(format!("/checkin/{}", other.id())) { (other.title()) }
            }
            " · " a href="/checkin" { "back to the check-in" }
        }
    };
    period_layout(s, instrument.title(), "/checkin", body)
}

/// One questionnaire as a form: a fieldset with a legend and one radio group per item.
fn questionnaire(instrument: Instrument, token: &str) -> Markup {
    let id = instrument.id();
    html! {
        section class="questionnaire" id=(format!("q-{id}")) {
            p { (instrument.intro()) }
            form method="post" action=(format!("/assess/{id}")) {
                input type="hidden" name="token" value=(token);
                @for (n, item) in instrument.items().iter().enumerate() {
                    fieldset {
                        legend { (n + 1) ". " (item.text) }
                        @for (word, value) in item.scale.options() {
                            label {
                                input type="radio" name=(item.id) value=(value) id=(format!("{id}-{}-{value}", item.id));
                                " " (word)
                            }
                        }
                    }
                }
                p { button type="submit" id=(format!("save-{id}")) { "Score and save" } }
            }
        }
    }
}
