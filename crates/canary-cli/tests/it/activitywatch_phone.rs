//! A real-shaped ActivityWatch Android export (client `aw-android`, a `currentwindow` bucket
//! with `app`, `package` and `classname`, no AFK bucket) is not taken as work unless the person
//! says the phone's apps are work.

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
    assert!(text.contains("phone_is_work=true"), "{text}");
    // No app name reaches the store's skip reasons or the output.
    assert!(
        !text.contains("Instagram") && !text.contains("com.whatsapp"),
        "{text}"
    );
    let r = json_of(&home.canary().args(["report", "--json"]).output().unwrap());
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
    let r = json_of(&home.canary().args(["report", "--json"]).output().unwrap());
    assert!(
        r["worktime"]["total_hours"].as_f64().unwrap() > 50.0,
        "{}",
        r["worktime"]
    );
}
