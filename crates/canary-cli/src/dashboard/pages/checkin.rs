//! Check-in (`/checkin`): the one-minute check-in as `canary checkin` takes it, the
//! questionnaires as `canary assess` gives them, and the latest check-ins. Every form carries
//! the form token.

use canary::assessment::instruments::Instrument;
use maud::{Markup, html};

use super::{checkin_line, period_layout};
use crate::dashboard::app::Snapshot;

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
            ", scored and stored the same way. Skip any item you would rather not answer."
        }
        @for instrument in [Instrument::Who5, Instrument::Cbi, Instrument::Checklist, Instrument::Signs] {
            (questionnaire(instrument, token))
        }
        h2 { "Earlier check-ins" }
        ul {
            @for c in s.checkins.iter().rev().take(10) {
                li { (checkin_line(c)) }
            }
        }
    };
    period_layout(s, "Check-in", "/checkin", body)
}

/// One questionnaire as a form: a fieldset with a legend and one radio group per item.
fn questionnaire(instrument: Instrument, token: &str) -> Markup {
    let id = instrument.id();
    html! {
        section class="questionnaire" id=(format!("q-{id}")) {
            h3 { (instrument.title()) }
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
