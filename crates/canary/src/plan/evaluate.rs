//! A scorecard for a job offer or a team: culture signs worth finding and red flags worth
//! avoiding, answered yes, no or unknown.

use serde::Serialize;

/// One question.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Question {
    pub id: &'static str,
    pub text: &'static str,
    /// A red flag when answered yes; a good sign otherwise.
    pub red_flag: bool,
}

pub const QUESTIONS: &[Question] = &[
    Question {
        id: "balance_talk",
        text: "Do the people who work there speak well of their hours and time off?",
        red_flag: false,
    },
    Question {
        id: "long_tenure",
        text: "Are there people with five or more years there who seem well?",
        red_flag: false,
    },
    Question {
        id: "boundaries_respected",
        text: "When someone sets a limit, does leadership respect it?",
        red_flag: false,
    },
    Question {
        id: "after_hours_real",
        text: "Is after-hours contact, in practice, kept to real emergencies?",
        red_flag: false,
    },
    Question {
        id: "oncall_fair",
        text: "Is on-call shared fairly, with time off after a rough night?",
        red_flag: false,
    },
    Question {
        id: "work_hard_play_hard",
        text: "Does the pitch lean on \"work hard, play hard\"?",
        red_flag: true,
    },
    Question {
        id: "unlimited_pto",
        text: "Is time off \"unlimited\" with no minimum anyone takes?",
        red_flag: true,
    },
    Question {
        id: "no_quiet_space",
        text: "Is it an open office with nowhere quiet to focus?",
        red_flag: true,
    },
    Question {
        id: "overwork_praised",
        text: "Are long hours praised, or balance joked about?",
        red_flag: true,
    },
    Question {
        id: "senior_turnover",
        text: "Do people, especially senior ones, leave often?",
        red_flag: true,
    },
];

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Answer {
    Yes,
    No,
    Unknown,
}

impl Answer {
    pub fn parse(s: &str) -> Option<Answer> {
        match s.trim().to_ascii_lowercase().as_str() {
            "yes" | "y" | "true" => Some(Answer::Yes),
            "no" | "n" | "false" => Some(Answer::No),
            "unknown" | "?" | "u" | "dunno" => Some(Answer::Unknown),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Scorecard {
    /// Points: a good sign present or a red flag absent scores 1.
    pub score: u32,
    /// Questions answered yes or no.
    pub answered: u32,
    pub out_of: u32,
    pub red_flags: Vec<&'static str>,
    pub good_signs: Vec<&'static str>,
    /// Questions still to find out about.
    pub unknown: Vec<&'static str>,
    pub verdict: &'static str,
}

/// Score answers given by id; questions missing count as unknown.
pub fn score(answers: &[(String, Answer)]) -> Scorecard {
    let mut s = Scorecard {
        score: 0,
        answered: 0,
        out_of: QUESTIONS.len() as u32,
        red_flags: Vec::new(),
        good_signs: Vec::new(),
        unknown: Vec::new(),
        verdict: "",
    };
    for q in QUESTIONS {
        let a = answers
            .iter()
            .rev()
            .find(|(id, _)| id == q.id)
            .map_or(Answer::Unknown, |(_, a)| *a);
        match (a, q.red_flag) {
            (Answer::Unknown, _) => s.unknown.push(q.text),
            (Answer::Yes, true) => {
                s.answered += 1;
                s.red_flags.push(q.text);
            }
            (Answer::No, true) => {
                s.answered += 1;
                s.score += 1;
            }
            (Answer::Yes, false) => {
                s.answered += 1;
                s.score += 1;
                s.good_signs.push(q.text);
            }
            (Answer::No, false) => s.answered += 1,
        }
    }
    s.verdict = match (s.red_flags.len(), s.answered) {
        (_, 0..=4) => "too little known yet: ask the open questions before deciding",
        (0, _) if s.score * 10 >= s.answered * 8 => "looks healthy on what you know",
        (0 | 1, _) => "mixed: ask about the weak spots before you say yes",
        _ => "several red flags: think twice",
    };
    s
}
