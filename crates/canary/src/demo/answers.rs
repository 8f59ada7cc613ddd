//! The demo persona's questionnaire answers, consistent with the drift in their data: in late
//! July, while work was still sustainable, moderate scores; a week before [`super::demo_now`],
//! deep in the heavy weeks, CBI personal burnout about 58 and work-related about 64 (both "high"
//! by the common convention), WHO-5 raw 11 (44 of 100, poor well-being but above the line for a
//! clear referral), a checklist with guilt, symptoms and stress in time off, and warning signs
//! of disrupted sleep and tension. Nothing in them points to crisis.

use jiff::Timestamp;

use crate::assessment::instruments::parse_answers;
use crate::journal::{AnswerSet, Instrument};

fn set(instrument: Instrument, at: &str, pairs: &[(&str, &str)]) -> AnswerSet {
    AnswerSet {
        instrument,
        taken_at: at.parse::<Timestamp>().expect("a valid demo instant"),
        answers: parse_answers(instrument, pairs.iter().copied())
            .expect("the demo answers are valid"),
    }
}

/// Every answer set of the persona, oldest first.
pub fn answers() -> Vec<AnswerSet> {
    let july = "2026-07-24T17:10:00Z";
    let nov = "2026-11-20T19:40:00Z";
    vec![
        set(
            Instrument::Cbi,
            july,
            &[
                ("1", "Sometimes"),
                ("2", "Seldom"),
                ("3", "Seldom"),
                ("4", "Never"),
                ("5", "Seldom"),
                ("6", "Seldom"),
                ("7", "To a low degree"),
                ("8", "To a very low degree"),
                ("9", "To a low degree"),
                ("10", "Sometimes"),
                ("11", "Seldom"),
                ("12", "Seldom"),
                ("13", "Often"),
                ("14", "To a low degree"),
                ("15", "To a low degree"),
                ("16", "To a low degree"),
                ("17", "Somewhat"),
                ("18", "Seldom"),
                ("19", "Never"),
            ],
        ),
        set(
            Instrument::Who5,
            july,
            &[("1", "4"), ("2", "3"), ("3", "4"), ("4", "3"), ("5", "3")],
        ),
        set(
            Instrument::Cbi,
            nov,
            &[
                ("1", "Often"),
                ("2", "Sometimes"),
                ("3", "Often"),
                ("4", "Sometimes"),
                ("5", "Often"),
                ("6", "Seldom"),
                ("7", "To a high degree"),
                ("8", "Somewhat"),
                ("9", "To a high degree"),
                ("10", "Often"),
                ("11", "Sometimes"),
                ("12", "Sometimes"),
                ("13", "Seldom"),
                ("14", "Somewhat"),
                ("15", "To a low degree"),
                ("16", "Somewhat"),
                ("17", "To a high degree"),
                ("18", "Seldom"),
                ("19", "Sometimes"),
            ],
        ),
        set(
            Instrument::Who5,
            nov,
            &[("1", "3"), ("2", "2"), ("3", "2"), ("4", "1"), ("5", "3")],
        ),
        set(
            Instrument::Checklist,
            nov,
            &[
                ("guilt_not_responding", "yes"),
                ("physical_symptoms", "yes"),
                ("lost_interest_hobbies", "no"),
                ("overwhelmed", "yes"),
                ("stress_time_off", "yes"),
                ("no_hobby_outside_tech", "no"),
                ("exercise_social", "no"),
                ("comfortable_saying_no", "no"),
                ("sleep_well", "no"),
                ("interests_outside_tech", "yes"),
            ],
        ),
        set(
            Instrument::Signs,
            july,
            &[
                ("sleep_disruption", "sometimes"),
                ("chronic_fatigue", "never"),
                ("frequent_illness", "never"),
                ("headaches_eye_strain", "sometimes"),
                ("digestive_problems", "never"),
                ("muscle_tension", "sometimes"),
                ("loss_of_enthusiasm", "never"),
                ("cynicism", "never"),
                ("anxiety_time_off", "sometimes"),
                ("irritability", "never"),
                ("imposter_syndrome", "never"),
                ("decision_fatigue", "never"),
                ("working_personal_time", "often"),
                ("isolation", "never"),
                ("neglecting_hobbies", "never"),
                ("cannot_switch_off", "sometimes"),
                ("stimulants", "never"),
                ("procrastination_personal", "never"),
            ],
        ),
        set(
            Instrument::Signs,
            nov,
            &[
                ("sleep_disruption", "often"),
                ("chronic_fatigue", "sometimes"),
                ("frequent_illness", "never"),
                ("headaches_eye_strain", "often"),
                ("digestive_problems", "never"),
                ("muscle_tension", "often"),
                ("loss_of_enthusiasm", "sometimes"),
                ("cynicism", "sometimes"),
                ("anxiety_time_off", "often"),
                ("irritability", "sometimes"),
                ("imposter_syndrome", "never"),
                ("decision_fatigue", "never"),
                ("working_personal_time", "often"),
                ("isolation", "never"),
                ("neglecting_hobbies", "sometimes"),
                ("cannot_switch_off", "often"),
                ("stimulants", "sometimes"),
                ("procrastination_personal", "never"),
            ],
        ),
    ]
}
