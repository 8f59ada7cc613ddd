//! The article's Step 1 risk checklist as yes/no questions, each mapped to a checklist
//! indicator id and tier. "Yes" always means the indicator holds.
//!
//! Ten questions ask what data cannot show (guilt, symptoms, hobbies, workload, stress in time
//! off, exercise and social life, saying no, sleep quality, interests outside technology). The
//! seven indicators data can show have a question too, asked only when the measurements cannot
//! tell (see [`MEASURABLE`]); the assessment merges both sources (`docs/method.md`, rule v2).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{Item, Scale};
use crate::model::Tier;

pub const INTRO: &str = "The risk checklist from the article, yes or no. Only what your data cannot show is asked; what it shows is filled in from your measurements.";

const fn item(id: &'static str, group: &'static str, text: &'static str) -> Item {
    Item {
        id,
        group,
        text,
        scale: Scale::YesNo,
    }
}

/// Every question, in the article's order within each tier: asked ones first.
pub const ITEMS: &[Item] = &[
    item(
        "guilt_not_responding",
        "high",
        "Do you feel guilty when you do not answer work messages right away?",
    ),
    item(
        "physical_symptoms",
        "high",
        "Are physical symptoms such as headaches or fatigue common for you?",
    ),
    item(
        "lost_interest_hobbies",
        "high",
        "Have you lost interest in hobbies or activities you used to enjoy?",
    ),
    item(
        "overwhelmed",
        "medium",
        "Do you sometimes feel overwhelmed by your workload?",
    ),
    item(
        "stress_time_off",
        "medium",
        "Do you stress about work during your time off?",
    ),
    item(
        "no_hobby_outside_tech",
        "medium",
        "Has it been months since you had a hobby outside technology?",
    ),
    item(
        "exercise_social",
        "low",
        "Do you exercise and do social activities regularly?",
    ),
    item(
        "comfortable_saying_no",
        "low",
        "Are you comfortable saying no to non-essential requests?",
    ),
    item("sleep_well", "low", "Do you sleep well most nights?"),
    item(
        "interests_outside_tech",
        "low",
        "Do you keep up interests outside technology?",
    ),
    item(
        "hours_over_50",
        "high",
        "Do you regularly work more than 50 hours a week?",
    ),
    item(
        "mail_outside_hours",
        "high",
        "Do you check work mail before breakfast or after dinner?",
    ),
    item(
        "work_in_sleep_window",
        "high",
        "Does work interfere with your sleep, meals or relationships?",
    ),
    item(
        "no_vacation_without_work",
        "high",
        "Has it been over a year since a vacation without any work?",
    ),
    item(
        "weekend_work",
        "medium",
        "Do you work weekends or days off on non-emergency issues, even occasionally?",
    ),
    item(
        "calls_in_personal_time",
        "medium",
        "Do you take work calls during personal time?",
    ),
    item(
        "clear_boundaries",
        "low",
        "Do you keep clear boundaries between work and personal time?",
    ),
];

/// Ids that measurements can show: asked only when the data cannot tell.
pub const MEASURABLE: &[&str] = &[
    "hours_over_50",
    "mail_outside_hours",
    "work_in_sleep_window",
    "no_vacation_without_work",
    "weekend_work",
    "calls_in_personal_time",
    "clear_boundaries",
];

/// The indicator label for an answered-only item (measured ones keep their measured label).
pub fn label(id: &str) -> &'static str {
    match id {
        "guilt_not_responding" => "Feel guilty when not responding to work messages immediately",
        "physical_symptoms" => "Physical symptoms like headaches or fatigue are common",
        "lost_interest_hobbies" => "Lost interest in hobbies or activities you used to enjoy",
        "overwhelmed" => "Sometimes feel overwhelmed by workload",
        "stress_time_off" => "Stress about work during time off",
        "no_hobby_outside_tech" => "No hobby outside technology in months",
        "exercise_social" => "Regular exercise and social activities",
        "comfortable_saying_no" => "Comfortable saying no to non-essential requests",
        "sleep_well" => "Sleep well most nights",
        "interests_outside_tech" => "Maintain interests outside technology",
        "hours_over_50" => "Working more than 50 hours a week regularly",
        "mail_outside_hours" => "Work mail before breakfast or after dinner",
        "work_in_sleep_window" => "Work interferes with sleep",
        "no_vacation_without_work" => "No vacation without work in over a year",
        "weekend_work" => "Working weekends or days off on non-emergency issues",
        "calls_in_personal_time" => "Taking work calls during personal time",
        "clear_boundaries" => "Clear boundaries between work and personal time",
        _ => "",
    }
}

/// The tier of an item.
pub fn tier(item: &Item) -> Tier {
    match item.group {
        "high" => Tier::High,
        "medium" => Tier::Medium,
        _ => Tier::Low,
    }
}

/// How many answered items hold, per tier.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ChecklistScore {
    pub answered: usize,
    pub high_holding: Vec<String>,
    pub medium_holding: Vec<String>,
    pub low_holding: Vec<String>,
}

pub fn score(answers: &BTreeMap<String, u8>) -> ChecklistScore {
    let mut s = ChecklistScore::default();
    for i in ITEMS {
        let Some(&v) = answers.get(i.id) else {
            continue;
        };
        s.answered += 1;
        if v == 1 {
            let list = match tier(i) {
                Tier::High => &mut s.high_holding,
                Tier::Medium => &mut s.medium_holding,
                Tier::Low => &mut s.low_holding,
            };
            list.push(i.id.to_string());
        }
    }
    s
}
