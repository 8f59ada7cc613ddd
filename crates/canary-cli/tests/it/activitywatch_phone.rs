//! A real-shaped ActivityWatch Android export (client `aw-android`, a `currentwindow` bucket
//! with `app`, `package` and `classname`, no AFK bucket) is not taken as work unless the person
//! says which of the phone's apps are work; the rest is personal time, shown apart.

use crate::common;

use common::{Home, json_of};

/// An aw-android export: `n` foreground-app events of 20 minutes, one every 90 minutes from
/// 2026-11-10 08:00 UTC, mostly social, chat and video apps.
fn android_export(n: usize) -> String {
    let apps = [
        ("Instagram", "com.instagram.android"),
        ("WhatsApp", "com.whatsapp"),
        ("YouTube", "com.google.android.youtube"),
        ("Slack", "com.Slack"),
    ];
    let start = jiff::Timestamp::from_second(1_794_211_200).unwrap(); // 2026-11-10T08:00Z
    let events: Vec<String> = (0..n)
        .map(|i| {
            let (app, package) = apps[i % apps.len()];
            let t = start
                .checked_add(jiff::SignedDuration::from_mins(90 * i as i64))
                .unwrap();
            format!(
                r#"{{"timestamp":"{t}","duration":1200.0,"data":{{"app":"{app}","package":"{package}","classname":"{package}.MainActivity"}}}}"#
            )
        })
        .collect();
    format!(
        r#"{{"buckets":{{"aw-watcher-android-test":{{"id":"aw-watcher-android-test","created":"2026-11-01T00:00:00Z","name":null,"type":"currentwindow","client":"aw-android","hostname":"Unknown","events":[{}]}}}}}}"#,
        events.join(",")
    )
}

#[test]
fn a_phones_app_time_is_left_out_unless_declared_work() {
    let home = Home::new();
    home.init(&[]);
    let file = home.dir.path().join("aw-buckets-export.json");
    std::fs::write(&file, android_export(170)).unwrap();

    let out = home
        .canary()
        .args(["import", "activitywatch", "--json"])
        .arg(&file)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let summary = json_of(&out);
    assert_eq!(summary["new"], 0, "{summary}");
    assert_eq!(summary["skipped"], 170, "{summary}");
    let text = summary.to_string();
    assert!(text.contains("personal.phone_work_apps"), "{text}");
    // No app name reaches the store's skip reasons or the output.
    assert!(
        !text.contains("Instagram") && !text.contains("com.whatsapp"),
        "{text}"
    );
    let r = home.json(["report", "--json"]);
    assert_eq!(r["worktime"]["total_hours"], 0.0);

    // Declared work: the same file counts.
    let out = home
        .canary()
        .args([
            "import",
            "activitywatch",
            "--json",
            "-o",
            "phone_is_work=true",
        ])
        .arg(&file)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(json_of(&out)["new"], 170);
    let r = home.json(["report", "--json"]);
    assert!(
        r["worktime"]["total_hours"].as_f64().unwrap() > 50.0,
        "{}",
        r["worktime"]
    );
}

#[test]
fn a_phones_listed_work_apps_are_work_and_the_rest_is_personal_time() {
    let home = Home::new();
    home.init(&[]);
    let file = home.dir.path().join("aw-buckets-export.json");
    std::fs::write(&file, android_export(170)).unwrap();
    home.canary()
        .args(["config", "set", "personal.phone_work_apps", "com.slack"])
        .assert()
        .success();
    let import = [
        "import".as_ref(),
        "activitywatch".as_ref(),
        "--json".as_ref(),
        file.as_os_str(),
    ];
    assert_eq!(home.json(import)["new"], 170);

    // Every fourth event is Slack (matched by package, case aside): 42 of 170, 20 min each,
    // 90 min apart, so no two merge.
    let r = home.json(["report", "--json"]);
    let work = r["worktime"]["total_hours"].as_f64().unwrap();
    assert!((work - 42.0 / 3.0).abs() < 0.01, "{}", r["worktime"]);
    assert_eq!(r["personal"]["events"], 128, "{}", r["personal"]);
    let personal = r["personal"]["hours"].as_f64().unwrap();
    assert!((personal - 128.0 / 3.0).abs() < 0.01, "{}", r["personal"]);
    assert_eq!(r["personal"]["sources"][0], "activitywatch");

    // The lists behind the two figures.
    let events = |extra: &[&str]| {
        let mut args = vec!["events", "--json", "--source", "activitywatch"];
        args.extend_from_slice(extra);
        home.json(&args).as_array().unwrap().clone()
    };
    let work_rows = events(&[]);
    assert_eq!(work_rows.len(), 42);
    assert!(work_rows.iter().all(|e| e["personal"] == false));
    let personal_rows = events(&["--personal"]);
    assert_eq!(personal_rows.len(), 128);
    assert!(personal_rows.iter().all(|e| e["personal"] == true));

    // The text report says it, apart from the working time.
    let text = String::from_utf8(home.canary().args(["report"]).output().unwrap().stdout).unwrap();
    assert!(
        text.contains("Personal time, not counted as work"),
        "{text}"
    );
}
