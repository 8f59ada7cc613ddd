//! The article's warning signs: six physical, six emotional, six behavioural, each answered
//! never / sometimes / often for the last two weeks. A count, not a score: the article gives
//! no scoring, so Canary shows how many signs are there often and sometimes, per kind.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{Item, Scale};

pub const INTRO: &str = "The warning signs from the article. Over the last two weeks, how often has each been true for you?";

const fn item(id: &'static str, group: &'static str, text: &'static str) -> Item {
    Item {
        id,
        group,
        text,
        scale: Scale::NeverSometimesOften,
    }
}

pub const ITEMS: &[Item] = &[
    item(
        "sleep_disruption",
        "physical",
        "Sleep disruption: trouble falling asleep over work, waking up thinking about work problems",
    ),
    item(
        "chronic_fatigue",
        "physical",
        "Chronic fatigue: exhausted even after enough rest",
    ),
    item(
        "frequent_illness",
        "physical",
        "Frequent illness: catching everything going round",
    ),
    item(
        "headaches_eye_strain",
        "physical",
        "Headaches and eye strain beyond the usual screen tiredness",
    ),
    item(
        "digestive_problems",
        "physical",
        "Digestive problems: stress-related stomach trouble, changes in appetite",
    ),
    item(
        "muscle_tension",
        "physical",
        "Muscle tension, particularly in neck, shoulders and back",
    ),
    item(
        "loss_of_enthusiasm",
        "emotional",
        "Loss of enthusiasm: work that used to excite you feels routine or annoying",
    ),
    item(
        "cynicism",
        "emotional",
        "Cynicism: more and more negative about your company, colleagues or the industry",
    ),
    item(
        "anxiety_time_off",
        "emotional",
        "Anxiety about time off: guilty or worried when not working",
    ),
    item(
        "irritability",
        "emotional",
        "Irritability: snapping at family or friends over work stress",
    ),
    item(
        "imposter_syndrome",
        "emotional",
        "Imposter syndrome: feeling incompetent despite evidence of your skills",
    ),
    item(
        "decision_fatigue",
        "emotional",
        "Decision fatigue: simple choices outside work are hard",
    ),
    item(
        "working_personal_time",
        "behavioural",
        "Working during personal time: email at dinner, work on weekends",
    ),
    item(
        "isolation",
        "behavioural",
        "Isolation: avoiding social activities to work, or from exhaustion",
    ),
    item(
        "neglecting_hobbies",
        "behavioural",
        "Neglecting hobbies you used to enjoy",
    ),
    item(
        "cannot_switch_off",
        "behavioural",
        "Unable to switch off work mode at home",
    ),
    item(
        "stimulants",
        "behavioural",
        "More coffee, energy drinks or alcohol than before",
    ),
    item(
        "procrastination_personal",
        "behavioural",
        "Energy for work but not for personal tasks",
    ),
];

/// Signs present, per kind: how many often and how many sometimes.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SignsScore {
    pub answered: usize,
    /// Per kind (`physical`, `emotional`, `behavioural`): [often, sometimes].
    pub physical: [usize; 2],
    pub emotional: [usize; 2],
    pub behavioural: [usize; 2],
    /// Ids answered "often".
    pub often: Vec<String>,
}

pub fn score(answers: &BTreeMap<String, u8>) -> SignsScore {
    let mut s = SignsScore::default();
    for i in ITEMS {
        let Some(&v) = answers.get(i.id) else {
            continue;
        };
        s.answered += 1;
        let kind = match i.group {
            "physical" => &mut s.physical,
            "emotional" => &mut s.emotional,
            _ => &mut s.behavioural,
        };
        match v {
            2 => {
                kind[0] += 1;
                s.often.push(i.id.to_string());
            }
            1 => kind[1] += 1,
            _ => {}
        }
    }
    s
}
