//! Unit tests: which actions are chosen from which facts, recovery phase boundaries, runway,
//! the scorecard and HTML escaping.

use std::collections::BTreeMap;

use jiff::Timestamp;
use jiff::civil::date;

use super::actions::{ActionStatus, Facts, OPEN_PER_HORIZON, choose};
use super::career::{runway, runway_status};
use super::evaluate::{Answer, score};
use super::recovery::Phase;
use crate::journal::{Done, Journal, SupportKind};
use crate::model::RiskLevel;

fn facts(holding: &[&str], role: &str) -> Facts {
    Facts {
        holding: holding
            .iter()
            .map(|i| (i.to_string(), format!("evidence for {i}")))
            .collect(),
        role: role.to_string(),
        max_weekly_hours: 45.0,
        support_kinds: SupportKind::ALL.into_iter().collect(),
        runway_months: Some(8.0),
        resume_age_days: Some(30),
        ..Facts::default()
    }
}

fn ids(f: &Facts, j: &Journal) -> [Vec<&'static str>; 3] {
    choose(f, j).map(|h| h.iter().map(|a| a.id).collect())
}

#[test]
fn a_night_worker_on_call_gets_sleep_mail_and_alert_actions() {
    let mut f = facts(
        &[
            "work_in_sleep_window",
            "mail_outside_hours",
            "hours_over_50",
            "calls_in_personal_time",
        ],
        "sysadmin",
    );
    f.recent_hours = Some(57.6);
    f.pages = 130;
    f.non_emergency_outside = 40;
    f.nights_interrupted = 24;
    f.risk = Some(RiskLevel::High);
    let [week, month, year] = ids(&f, &Journal::default());
    assert_eq!(week, ["w-sleep-guard", "w-mail-cutoff", "w-stop-time"]);
    assert_eq!(
        month,
        ["m-manager-talk", "m-alert-hygiene", "m-oncall-fairness"]
    );
    assert_eq!(
        year,
        ["y-redundancy", "y-weigh-options", "y-portable-skills"]
    );
}

#[test]
fn pages_while_not_on_call_bring_the_rotation_action() {
    let mut f = facts(&[], "sysadmin");
    f.vacations = 1;
    f.pages_off_rotation = 1;
    let [week, _, _] = ids(&f, &Journal::default());
    assert!(!week.contains(&"w-route-to-rotation"), "one is not enough");
    f.pages_off_rotation = 4;
    let plan_week = &choose(&f, &Journal::default())[0];
    let a = plan_week
        .iter()
        .find(|a| a.id == "w-route-to-rotation")
        .expect("chosen with four pages off rotation");
    assert_eq!(a.why, "4 pages reached you while you were not on call");
}

#[test]
fn role_shapes_the_choice() {
    let [week, month, _] = ids(&facts(&[], "helpdesk"), &Journal::default());
    assert_eq!(week[0], "w-breaks-between-tickets");
    assert_eq!(month[0], "m-helpdesk-scripts");
    let [_, month, year] = ids(&facts(&[], "manager"), &Journal::default());
    assert_eq!(month[0], "m-cross-training");
    assert_eq!(year[0], "y-sustainable-team");
    let mut f = facts(&["work_in_sleep_window"], "network");
    f.non_emergency_outside = 0;
    let [_, month, _] = ids(&f, &Journal::default());
    assert_eq!(month[0], "m-change-windows");
}

#[test]
fn a_calm_person_gets_only_the_everyday_habits() {
    let mut f = facts(&[], "sysadmin");
    f.vacations = 1;
    let [week, month, year] = ids(&f, &Journal::default());
    assert_eq!(week, ["w-honest-check"]);
    assert_eq!(month, ["m-monthly-review"]);
    assert_eq!(year, ["y-portable-skills", "y-mentor-others"]);
}

#[test]
fn support_fund_and_resume_gaps_bring_their_actions() {
    let mut f = facts(&[], "sysadmin");
    f.support_kinds.clear();
    f.runway_months = Some(2.0);
    f.resume_age_days = None;
    let [week, month, year] = ids(&f, &Journal::default());
    assert!(week.contains(&"w-offline-activity") && week.contains(&"w-reach-out"));
    assert!(month.contains(&"m-mentor"));
    assert_eq!(year[..2], ["y-emergency-fund", "y-life-outside-tech"]);
    f.neglected = Some(("Sam".into(), 71));
    f.support_kinds.insert(SupportKind::Friend);
    let week = &choose(&f, &Journal::default())[0];
    let reach = week.iter().find(|a| a.id == "w-reach-out").unwrap();
    assert!(reach.why.contains("Sam") && reach.why.contains("71"));
}

#[test]
fn done_actions_stay_shown_and_open_ones_fill_up() {
    let f = facts(
        &[
            "work_in_sleep_window",
            "mail_outside_hours",
            "hours_over_50",
        ],
        "sysadmin",
    );
    let journal = Journal {
        done: vec![Done {
            action_id: "w-sleep-guard".into(),
            done_at: Timestamp::from_second(1_790_000_000).unwrap(),
            note: None,
        }],
        ..Journal::default()
    };
    let week = &choose(&f, &journal)[0];
    assert_eq!(week[0].id, "w-sleep-guard");
    assert_eq!(week[0].status, ActionStatus::Done);
    assert!(week[0].done_on.is_some());
    let open: Vec<_> = week
        .iter()
        .filter(|a| a.status == ActionStatus::Open)
        .collect();
    assert_eq!(open.len(), OPEN_PER_HORIZON);
    assert_eq!(open[2].id, "w-honest-check");
}

#[test]
fn recovery_phase_boundaries() {
    let start = date(2026, 1, 15);
    assert_eq!(Phase::on(start, start), Phase::Immediate);
    assert_eq!(Phase::on(start, date(2026, 4, 14)), Phase::Immediate);
    assert_eq!(Phase::on(start, date(2026, 4, 15)), Phase::Adjustment);
    assert_eq!(Phase::on(start, date(2027, 1, 14)), Phase::Adjustment);
    assert_eq!(Phase::on(start, date(2027, 1, 15)), Phase::Integration);
    assert_eq!(Phase::on(start, date(2028, 1, 14)), Phase::Integration);
    assert_eq!(Phase::on(start, date(2028, 1, 15)), Phase::Sustained);
    // A start in the future (a typo) is still the first phase.
    assert_eq!(Phase::on(start, date(2025, 12, 1)), Phase::Immediate);
}

#[test]
fn runway_from_months_or_savings() {
    let p = |pairs: &[(&str, &str)]| -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    };
    assert_eq!(runway(&p(&[("fund_months", "4")])), Some(4.0));
    assert_eq!(
        runway(&p(&[("savings", "18000"), ("monthly_expenses", "2000")])),
        Some(9.0)
    );
    // Months given win over the division.
    assert_eq!(
        runway(&p(&[
            ("fund_months", "2"),
            ("savings", "18000"),
            ("monthly_expenses", "2000")
        ])),
        Some(2.0)
    );
    assert_eq!(
        runway(&p(&[("savings", "100"), ("monthly_expenses", "0")])),
        None
    );
    assert_eq!(runway(&p(&[("fund_months", "lots")])), None);
    assert_eq!(runway_status(Some(5.9)), "below");
    assert_eq!(runway_status(Some(6.0)), "within");
    assert_eq!(runway_status(Some(12.0)), "within");
    assert_eq!(runway_status(Some(12.5)), "above");
    assert_eq!(runway_status(None), "unknown");
}

#[test]
fn scorecard_counts_signs_and_flags() {
    let a = |pairs: &[(&str, Answer)]| -> Vec<(String, Answer)> {
        pairs.iter().map(|(k, v)| (k.to_string(), *v)).collect()
    };
    let s = score(&a(&[
        ("balance_talk", Answer::Yes),
        ("long_tenure", Answer::Yes),
        ("boundaries_respected", Answer::Yes),
        ("after_hours_real", Answer::No),
        ("oncall_fair", Answer::Yes),
        ("work_hard_play_hard", Answer::Yes),
        ("unlimited_pto", Answer::Yes),
        ("no_quiet_space", Answer::No),
        ("overwork_praised", Answer::Unknown),
    ]));
    assert_eq!((s.score, s.answered, s.out_of), (5, 8, 10));
    assert_eq!(s.red_flags.len(), 2);
    assert_eq!(s.unknown.len(), 2);
    assert_eq!(s.verdict, "several red flags: think twice");
}

#[test]
fn html_escapes_and_keeps_inline_marks() {
    use super::markdown::Block;
    let page = super::html::render_blocks(
        "<t>",
        &[Block::Para(
            "**Tom & <Jerry>** run `rm -rf <x>` *now*".into(),
        )],
    );
    assert!(page.contains("<title>&lt;t&gt;</title>"));
    assert!(page.contains(
        "<p><strong>Tom &amp; &lt;Jerry&gt;</strong> run <code>rm -rf &lt;x&gt;</code> <em>now</em></p>"
    ));
    assert!(!page.contains("<Jerry>") && !page.contains("http"));
}
