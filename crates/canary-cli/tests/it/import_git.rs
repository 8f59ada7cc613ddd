//! `canary import git` end to end: a repository with known author times in several offsets,
//! classified into bands in a configured zone, across a DST change.

use crate::common;

use std::process::Command;

use common::{Home, git, json_of};

#[test]
fn commits_land_in_the_expected_bands_across_dst() {
    let home = Home::new();
    home.init(&["--email", "pat@example.org"]);
    let repo = home.dir.path().join("repo");
    std::fs::create_dir(&repo).unwrap();
    git(
        &repo,
        &["init", "-q", "-b", "main"],
        None,
        "pat@example.org",
    );
    // (author date with its own offset, expected local time in Berlin, band, night)
    let commits = [
        (
            "2026-03-27T10:00:00+01:00",
            "2026-03-27T10:00:00+01:00",
            "business",
            None,
        ),
        // Sunday 29 March 2026: Berlin springs forward at 02:00 → 03:00.
        (
            "2026-03-29T01:30:00+01:00",
            "2026-03-29T01:30:00+01:00",
            "sleep",
            Some("2026-03-28"),
        ),
        (
            "2026-03-29T03:30:00+02:00",
            "2026-03-29T03:30:00+02:00",
            "sleep",
            Some("2026-03-28"),
        ),
        // Written in New York (-04:00) at 14:00: 20:00 in Berlin, a Monday evening.
        (
            "2026-03-30T14:00:00-04:00",
            "2026-03-30T20:00:00+02:00",
            "off_hours",
            None,
        ),
        (
            "2026-04-04T15:00:00+02:00",
            "2026-04-04T15:00:00+02:00",
            "non_working_day",
            None,
        ),
        // From Sydney (+11:00) at 19:00 on Tuesday: 10:00 on Tuesday in Berlin.
        (
            "2026-03-31T19:00:00+11:00",
            "2026-03-31T10:00:00+02:00",
            "business",
            None,
        ),
    ];
    for (i, (date, ..)) in commits.iter().enumerate() {
        git(
            &repo,
            &["commit", "-q", "--allow-empty", "-m", &format!("c{i}")],
            Some(date),
            "pat@example.org",
        );
    }
    let out = home
        .canary()
        .args(["import", "git", "--json"])
        .arg(&repo)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(json_of(&out)["new"], commits.len());
    let again = json_of(
        &home
            .canary()
            .args(["import", "git", "--json"])
            .arg(&repo)
            .output()
            .unwrap(),
    );
    assert_eq!(again["new"], 0);

    let events = json_of(
        &home
            .canary()
            .args([
                "events",
                "--json",
                "--kind",
                "commit",
                "--since",
                "2026-03-01",
                "--until",
                "2026-04-30",
            ])
            .output()
            .unwrap(),
    );
    let mut got: Vec<(String, String, Option<String>, i64)> = events
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["local"].as_str().unwrap().to_string(),
                e["band"].as_str().unwrap().to_string(),
                e["night"].as_str().map(str::to_string),
                e["source_offset"].as_i64().unwrap(),
            )
        })
        .collect();
    got.sort();
    let mut want: Vec<(String, String, Option<String>, i64)> = commits
        .iter()
        .map(|(date, local, band, night)| {
            let own = date[19..].to_string();
            let sign = if own.starts_with('-') { -1 } else { 1 };
            let secs = sign
                * (own[1..3].parse::<i64>().unwrap() * 3600
                    + own[4..6].parse::<i64>().unwrap() * 60);
            (
                local.to_string(),
                band.to_string(),
                night.map(str::to_string),
                secs,
            )
        })
        .collect();
    want.sort();
    assert_eq!(got, want);
}

/// A change rebased or cherry-picked onto another branch is a new commit id with the same
/// author, author time and subject: it counts once.
#[test]
fn a_cherry_picked_or_rebased_change_counts_once() {
    let home = Home::new();
    home.init(&["--email", "pat@example.org"]);
    let repo = home.dir.path().join("repo");
    std::fs::create_dir(&repo).unwrap();
    let email = "pat@example.org";
    git(&repo, &["init", "-q", "-b", "main"], None, email);
    git(
        &repo,
        &["commit", "-q", "--allow-empty", "-m", "base"],
        Some("2026-03-02T10:00:00+01:00"),
        email,
    );
    git(&repo, &["checkout", "-q", "-b", "topic"], None, email);
    for (msg, when) in [
        ("fix the backup job", "2026-03-03T22:10:00+01:00"),
        ("rotate the logs", "2026-03-04T23:40:00+01:00"),
    ] {
        git(
            &repo,
            &["commit", "-q", "--allow-empty", "-m", msg],
            Some(when),
            email,
        );
    }
    // The same two changes applied onto main at a later committer time: new ids.
    git(&repo, &["checkout", "-q", "main"], None, email);
    git(
        &repo,
        &["commit", "-q", "--allow-empty", "-m", "other work"],
        Some("2026-03-05T09:00:00+01:00"),
        email,
    );
    git(
        &repo,
        &[
            "cherry-pick",
            "--allow-empty",
            "--keep-redundant-commits",
            "topic~1",
            "topic",
        ],
        Some("2026-03-06T09:00:00+01:00"),
        email,
    );
    let ids = Command::new("git")
        .current_dir(&repo)
        .args(["rev-list", "--all"])
        .output()
        .unwrap();
    assert_eq!(String::from_utf8_lossy(&ids.stdout).lines().count(), 6);

    let out = home
        .canary()
        .args(["import", "git", "--json"])
        .arg(&repo)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let summary = json_of(&out);
    // base, other work, and the two changes once each.
    assert_eq!(summary["new"], 4, "{summary}");
    assert_eq!(summary["duplicates"], 2, "{summary}");
    let again = json_of(
        &home
            .canary()
            .args(["import", "git", "--json"])
            .arg(&repo)
            .output()
            .unwrap(),
    );
    assert_eq!(again["new"], 0, "{again}");
}
