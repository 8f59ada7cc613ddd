//! Coverage that knows what it measures: a thin, sparse source (a commit a day) gives hours "at
//! least", signs it cannot rule out "not measured", boundaries "not measured" rather than
//! "kept", and no "about N hours a week" in the manager brief; a continuous source beside it
//! measures them again. Days after the data ends are not rest.

use crate::common;

use common::{Home, git, json_of};

const EMAIL: &str = "pat@example.org";
use serde_json::Value;

/// A home with one commit at 10:00 (Berlin) every weekday from `first` for `days` days.
fn commit_a_day(first: jiff::civil::Date, days: i64) -> Home {
    let home = Home::new();
    home.init(&["--email", "pat@example.org"]);
    let repo = home.dir.path().join("repo");
    std::fs::create_dir(&repo).unwrap();
    git(&repo, &["init", "-q", "-b", "main"], None, EMAIL);
    for i in 0..days {
        let d = first.checked_add(jiff::Span::new().days(i)).unwrap();
        if d.weekday().to_monday_one_offset() > 5 {
            continue;
        }
        let when = format!("{d}T10:00:00+01:00");
        git(
            &repo,
            &["commit", "-q", "--allow-empty", "-m", "change"],
            Some(&when),
            EMAIL,
        );
    }
    home.canary()
        .args(["import", "git"])
        .arg(&repo)
        .assert()
        .success();
    home
}

fn indicator<'a>(r: &'a Value, id: &str) -> &'a Value {
    r["risk"]["indicators"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["id"] == id)
        .unwrap_or_else(|| panic!("no indicator {id}"))
}

#[test]
fn a_commit_a_day_is_a_lower_bound_not_a_verdict() {
    // 26 weeks of weekday commits up to "now" (2026-11-27).
    let home = commit_a_day("2026-05-29".parse().unwrap(), 182);
    let r = json_of(&home.canary().args(["report", "--json"]).output().unwrap());
    assert_eq!(r["worktime"]["at_least"], true);
    let covered: Vec<&Value> = r["weeks"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|w| w["covered_days"].as_u64().unwrap() > 0)
        .collect();
    assert!(covered.len() >= 20);
    assert!(covered.iter().all(|w| w["hours_at_least"] == true));
    // Signs that commits cannot rule out are not measured, never "does not hold"…
    for id in ["hours_over_50", "work_in_sleep_window", "weekend_work"] {
        let i = indicator(&r, id);
        assert_eq!(i["status"], "unknown", "{id}: {i}");
        assert!(
            i["evidence"].as_str().unwrap().starts_with("not measured"),
            "{i}"
        );
    }
    // … nor "clear boundaries" held on their absence.
    assert_ne!(indicator(&r, "clear_boundaries")["status"], "holds");
    // So no low level stands on them.
    assert_ne!(r["risk"]["level"], "low", "{}", r["risk"]);

    // The text report marks those hours as a lower bound.
    let text = String::from_utf8(home.canary().arg("report").output().unwrap().stdout).unwrap();
    assert!(text.contains("≥"), "{text}");
    assert!(text.contains("at least"), "{text}");

    // The plan says "not measured" for boundaries nothing could show crossed, never "kept".
    let plan = String::from_utf8(home.canary().arg("plan").output().unwrap().stdout).unwrap();
    assert!(!plan.contains("— kept"), "{plan}");
    assert!(plan.contains("not measured"), "{plan}");
    // The brief does not quote the lower bound as "about N h a week".
    let brief = json_of(
        &home
            .canary()
            .args(["plan", "conversation", "--json"])
            .output()
            .unwrap(),
    );
    let figures = brief["figures"].to_string();
    assert!(!figures.contains("I have worked about"), "{figures}");
}

#[test]
fn a_continuous_source_beside_the_commits_measures_again() {
    let home = commit_a_day("2026-05-29".parse().unwrap(), 182);
    // A shell history with an evening of work every weekday over the same weeks.
    let start = jiff::civil::date(2026, 5, 29)
        .to_zoned(jiff::tz::TimeZone::get("Europe/Berlin").unwrap())
        .unwrap()
        .timestamp()
        .as_second();
    let hist: String = (0..182)
        .flat_map(|d| {
            (0..4).map(move |k| format!(": {}:0;ls\n", start + d * 86_400 + 9 * 3600 + k * 600))
        })
        .collect();
    let path = home.dir.path().join("zsh_history");
    std::fs::write(&path, hist).unwrap();
    home.canary()
        .args(["import", "zsh"])
        .arg(&path)
        .assert()
        .success();
    let r = json_of(&home.canary().args(["report", "--json"]).output().unwrap());
    assert_eq!(r["worktime"]["at_least"], false);
    assert_eq!(indicator(&r, "hours_over_50")["status"], "does_not_hold");
    assert_eq!(
        indicator(&r, "work_in_sleep_window")["status"],
        "does_not_hold"
    );
}

#[test]
fn days_after_the_data_ends_are_not_rest() {
    // Eight weeks of commits that stop eleven weeks before "now".
    let home = commit_a_day("2026-07-06".parse().unwrap(), 56);
    let r = json_of(&home.canary().args(["report", "--json"]).output().unwrap());
    let last_weekend = r["rest"]["last_full_weekend_off"]
        .as_str()
        .unwrap_or("none");
    assert!(
        last_weekend <= "2026-08-30",
        "a weekend after the last commit (2026-08-28) is not evidence of rest: {last_weekend}"
    );
    // The weekly mean runs over the weeks the data covers, not the silent ones after it.
    let mean = r["worktime"]["mean_weekly_hours"].as_f64().unwrap();
    let total = r["worktime"]["total_hours"].as_f64().unwrap();
    assert!(mean > total / 10.0, "mean {mean} over {total} h in 8 weeks");
    if let Some(avg) = r["limits"]["avg_17_weeks"].as_f64() {
        panic!("a 17-week average from 8 weeks of data: {avg}");
    }
}

#[test]
fn over_a_year_needs_a_year() {
    // Six weeks with a declared vacation that had work in it.
    let home = commit_a_day("2026-10-12".parse().unwrap(), 46);
    home.canary()
        .args(["config", "set", "vacations", "2026-10-26..2026-11-01"])
        .assert()
        .success();
    let r = json_of(&home.canary().args(["report", "--json"]).output().unwrap());
    let i = indicator(&r, "no_vacation_without_work");
    assert_eq!(i["status"], "unknown", "{i}");
    assert!(
        i["evidence"]
            .as_str()
            .unwrap()
            .contains("needs a year of data"),
        "{i}"
    );
}
