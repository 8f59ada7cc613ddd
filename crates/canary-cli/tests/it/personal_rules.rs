//! Work versus personal through the real binary: a repository the `[personal] repos` rule
//! names, and a whole shell history declared personal with `-o personal=true`. Personal
//! events are listed with `events --personal`, shown apart in the report, never counted.

use crate::common;
use common::{Home, git};

#[test]
fn a_personal_repository_and_a_personal_history_are_kept_apart() {
    let home = Home::new();
    home.init(&["--email", "ana@example.org"]);
    let hobby = home.dir.path().join("src/hobby-game");
    let work = home.dir.path().join("src/api");
    for (repo, when) in [
        (&hobby, "2026-11-03T21:00:00+01:00"),
        (&work, "2026-11-03T10:00:00+01:00"),
    ] {
        std::fs::create_dir_all(repo).unwrap();
        git(repo, &["init", "-q", "-b", "main"], None, "ana@example.org");
        std::fs::write(repo.join("f"), "x").unwrap();
        git(repo, &["add", "f"], None, "ana@example.org");
        git(
            repo,
            &["commit", "-qm", "one"],
            Some(when),
            "ana@example.org",
        );
    }
    let rule = format!("{}/src/hobby-*", home.dir.path().display());
    let set = home
        .canary()
        .args(["config", "set", "personal.repos", &rule])
        .output()
        .unwrap();
    assert!(
        set.status.success(),
        "{}",
        String::from_utf8_lossy(&set.stderr)
    );
    for repo in [&hobby, &work] {
        home.canary()
            .args(["import", "git"])
            .arg(repo)
            .assert()
            .success();
    }

    // A zsh history from a personal laptop, declared personal as a whole.
    let history = home.dir.path().join("zsh_history");
    std::fs::write(
        &history,
        ": 1762203600:0;ls\n: 1762203700:0;git status\n: 1762203800:0;vim notes\n",
    )
    .unwrap();
    home.canary()
        .args(["import", "zsh", "-o", "personal=true"])
        .arg(&history)
        .assert()
        .success();

    let r = home.json(["report", "--json", "--all"]);
    assert_eq!(r["personal"]["events"], 4, "{}", r["personal"]);
    assert_eq!(
        r["personal"]["sources"],
        serde_json::json!(["git", "zsh"]),
        "{}",
        r["personal"]
    );
    let work_rows = home.json(["events", "--all", "--json"]);
    assert_eq!(work_rows.as_array().unwrap().len(), 1, "{work_rows}");
    assert_eq!(work_rows[0]["personal"], false);
    let personal_rows = home.json(["events", "--all", "--personal", "--json"]);
    assert_eq!(personal_rows.as_array().unwrap().len(), 4);
    // The evening commit and the history are not after-hours work: the only work is 10:00.
    assert_eq!(
        r["worktime"]["by_band"]["off_hours"], 0.0,
        "{}",
        r["worktime"]
    );
}
