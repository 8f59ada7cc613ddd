//! `canary plan`, `canary support`, `canary evaluate` and `canary demo --plan`: the prevention
//! plan end to end on a kept demo store and on a fresh home.

use crate::common;

use common::{Demo, Home, json_of};

#[test]
fn plan_on_the_demo_store_has_every_section() {
    let demo = Demo::new();
    let plan = demo.text(&["plan"]);
    for section in [
        "# Your prevention plan",
        "### Communication",
        "### Workload",
        "### Technology",
        "**Sleep window 22:30–07:00** — crossed on",
        "### This week",
        "### This month",
        "### This year",
        "## Support network",
        "Neglected longest: **Sam (school friend)**",
        "## Recovery",
        "first months (0–3 months)",
        "## Career resilience",
        "3.5 months",
        "not a diagnosis",
    ] {
        assert!(plan.contains(section), "missing {section:?} in\n{plan}");
    }
    assert!(plan.contains("- [x] **Write down what is an emergency**"));
    assert!(plan.contains("## Actions — 2 of 11 done"), "{plan}");
}

#[test]
fn done_and_undo_round_trip() {
    let demo = Demo::new();
    let progress = |d: &Demo| {
        let p = json_of(&d.run(&["plan", "--json"]));
        (
            p["progress"][0].as_u64().unwrap(),
            p["progress"][1].as_u64().unwrap(),
        )
    };
    let (done, shown) = progress(&demo);
    demo.run(&[
        "plan",
        "done",
        "w-sleep-guard",
        "--note",
        "phone in the hall",
    ]);
    let p = json_of(&demo.run(&["plan", "--json"]));
    let week = p["week"].as_array().unwrap();
    let guard = week.iter().find(|a| a["id"] == "w-sleep-guard").unwrap();
    assert_eq!(guard["status"], "done");
    assert_eq!(progress(&demo), (done + 1, shown + 1));
    demo.run(&["plan", "undo", "w-sleep-guard"]);
    assert_eq!(progress(&demo), (done, shown));
    // Unknown ids are refused, naming the catalogue.
    let home = &demo.home;
    home.canary()
        .env("CANARY_DB", &demo.db)
        .args(["plan", "done", "w-nonsense"])
        .assert()
        .failure()
        .stderr(predicates::str::contains("no action `w-nonsense`"));
}

#[test]
fn the_first_plan_starts_it_and_set_validates() {
    let home = Home::new();
    home.init(&[]);
    // Nothing imported: no start (see tests/plan_start.rs); `plan set` still works.
    home.canary()
        .args(["plan"])
        .assert()
        .success()
        .stderr(predicates::str::contains("Nothing is imported yet"));
    home.canary()
        .args(["plan", "set", "plan_started", "2026-11-27"])
        .assert()
        .success();
    home.canary()
        .args(["plan", "set", "fund_months", "4"])
        .assert()
        .success();
    home.canary()
        .args(["plan", "set", "resume_updated", "May 1"])
        .assert()
        .failure()
        .stderr(predicates::str::contains("YYYY-MM-DD"));
    home.canary()
        .args(["plan", "set", "resume_updated", "2026-05-01"])
        .assert()
        .success();
    let p = json_of(&home.canary().args(["plan", "--json"]).output().unwrap());
    assert_eq!(p["career"]["runway_months"], 4.0);
    assert_eq!(p["career"]["runway_status"], "below");
    assert_eq!(p["career"]["resume_age_days"], 210);
    assert_eq!(p["recovery"]["started"], "2026-11-27");
}

#[test]
fn support_add_list_touch() {
    let home = Home::new();
    home.init(&[]);
    home.canary()
        .args(["support", "add", "Ana", "--kind", "mentor"])
        .assert()
        .success();
    home.canary()
        .args(["support", "add", "Bouldering", "--kind", "activity"])
        .assert()
        .success();
    home.canary()
        .args(["support", "touch", "ana", "--on", "2026-10-28"])
        .assert()
        .success();
    home.canary()
        .args(["support", "touch", "Nobody"])
        .assert()
        .failure();
    let list = json_of(
        &home
            .canary()
            .args(["support", "list", "--json"])
            .output()
            .unwrap(),
    );
    let list = list.as_array().unwrap();
    assert_eq!(list.len(), 2);
    assert_eq!(list[0]["name"], "Ana");
    assert_eq!(list[0]["kind"], "mentor");
    assert_eq!(list[0]["days_since_contact"], 30);
    assert_eq!(list[1]["name"], "Bouldering");
    assert!(list[1]["last_contact"].is_null());
    home.canary()
        .args(["support", "touch", "Bouldering"])
        .assert()
        .success();
    let list = json_of(
        &home
            .canary()
            .args(["support", "list", "--json"])
            .output()
            .unwrap(),
    );
    assert_eq!(list[1]["last_contact"], "2026-11-27T18:00:00Z");
}

#[test]
fn evaluate_from_flags_and_file() {
    let home = Home::new();
    let card = json_of(
        &home
            .canary()
            .args([
                "evaluate",
                "--json",
                "--answer",
                "unlimited_pto=yes",
                "--answer",
                "senior_turnover=yes",
                "--answer",
                "balance_talk=no",
            ])
            .output()
            .unwrap(),
    );
    assert_eq!(card["red_flags"].as_array().unwrap().len(), 2);
    assert_eq!(card["score"], 0);
    assert_eq!(card["answered"], 3);
    let file = home.dir.path().join("answers.txt");
    std::fs::write(
        &file,
        "# offer from Example Corp\nbalance_talk=yes\nlong_tenure=yes\nboundaries_respected=yes\nafter_hours_real=yes\noncall_fair=yes\nwork_hard_play_hard=no\nunlimited_pto=no\nno_quiet_space=no\noverwork_praised=no\nsenior_turnover=no\n",
    )
    .unwrap();
    let out = home
        .canary()
        .arg("evaluate")
        .arg("--answers")
        .arg(&file)
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.starts_with("Score 10 of 10 answered"), "{text}");
    assert!(text.contains("looks healthy"));
    home.canary()
        .args(["evaluate", "--answer", "free_snacks=yes"])
        .assert()
        .failure()
        .stderr(predicates::str::contains("unknown question `free_snacks`"));
}

#[test]
fn conversation_brief_has_the_figures_and_agreements() {
    let demo = Demo::new();
    let brief = demo.text(&["plan", "conversation"]);
    // The mean of the last four complete weeks, from the report.
    let report = json_of(&demo.run(&["report", "--json"]));
    let complete: Vec<f64> = report["weeks"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|w| w["complete"] == true)
        .map(|w| w["hours"].as_f64().unwrap())
        .collect();
    let last4 = &complete[complete.len() - 4..];
    let mean = format!("{:.1} h a week", last4.iter().sum::<f64>() / 4.0);
    for needle in [
        mean.as_str(),
        "130 pages",
        "24 nights were interrupted",
        "2026-08-29..2026-09-06",
        "Replacing an experienced system administrator",
        "Hi Dana,",
        "canary plan agree",
    ] {
        assert!(brief.contains(needle), "missing {needle:?} in\n{brief}");
    }
    demo.run(&["plan", "agree", "P3 alerts wait until 08:00"]);
    let brief = json_of(&demo.run(&["plan", "conversation", "--json"]));
    assert!(
        brief["follow_up"]
            .as_str()
            .unwrap()
            .contains("- P3 alerts wait until 08:00")
    );
    assert_eq!(brief["agreements"].as_array().unwrap().len(), 1);
}

#[test]
fn html_is_written_self_contained_and_escaped() {
    let demo = Demo::new();
    demo.run(&["support", "add", "Tom & <Jerry>", "--kind", "friend"]);
    demo.run(&["support", "touch", "Tom & <Jerry>", "--on", "2026-01-01"]);
    let page = demo.home.dir.path().join("plan.html");
    demo.run(&["plan", "--html", page.to_str().unwrap()]);
    let html = std::fs::read_to_string(&page).unwrap();
    assert!(html.starts_with("<!doctype html>"));
    assert!(html.contains("Tom &amp; &lt;Jerry&gt;"));
    assert!(!html.contains("<Jerry>"));
    assert!(!html.contains("<script") && !html.contains("src=") && !html.contains("href="));
    assert!(html.contains("<h2>Support network</h2>"));
}

#[test]
fn demo_plan_reads_like_advice() {
    let home = Home::new();
    let out = home.canary().args(["demo", "--plan"]).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    insta::assert_snapshot!("demo_plan", text);
}
