//! `canary events --day`, `--weekday`/`--hour` and `--activity`: the filters behind the
//! dashboard's drill-down list as many events as the report's figure they explain.

use crate::common;

use common::{Demo, json_of};

const NOW: &str = "2026-11-27T17:30:00Z";

#[test]
fn the_drill_down_filters_count_what_the_report_counts() {
    let demo = Demo::new();
    let report = json_of(&demo.run(&["--now", NOW, "report", "--json"]));
    let listed = |args: &[&str]| -> usize {
        let mut all = vec!["--now", NOW, "events", "--json"];
        all.extend_from_slice(args);
        json_of(&demo.run(&all)).as_array().unwrap().len()
    };
    let day = report["days"]
        .as_array()
        .unwrap()
        .iter()
        .rev()
        .find(|d| d["events"].as_u64().unwrap() > 0)
        .unwrap();
    assert_eq!(
        listed(&["--day", day["date"].as_str().unwrap()]) as u64,
        day["events"].as_u64().unwrap()
    );
    // The busiest late-evening cell of the heatmap: the person's own activity starting in
    // that hour of that weekday.
    const DAYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
    let (wd, hour, cell) = (0..7)
        .flat_map(|d| (20..24).map(move |h| (d, h)))
        .map(|(d, h)| (d, h, report["heatmap"]["counts"][d][h].as_u64().unwrap()))
        .max_by_key(|c| c.2)
        .unwrap();
    assert!(cell > 0, "the persona works in the evening");
    assert_eq!(
        listed(&[
            "--weekday",
            DAYS[wd],
            "--hour",
            &hour.to_string(),
            "--activity"
        ]) as u64,
        cell
    );
    // A night's figure is its activity; without --activity received mail is listed too.
    let night = &report["sleep"]["recent"][0];
    let n = night["night"].as_str().unwrap();
    let mine = listed(&["--night", n, "--activity"]);
    assert_eq!(mine as u64, night["events"].as_u64().unwrap());
    assert!(listed(&["--night", n]) >= mine);
    // A bad hour or weekday is refused with the reason.
    let out = demo
        .home
        .canary()
        .env("CANARY_DB", &demo.db)
        .env("CANARY_CONFIG", &demo.config)
        .args(["events", "--hour", "24"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("0 to 23"));
}
