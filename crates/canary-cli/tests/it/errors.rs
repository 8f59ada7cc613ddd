//! An error prints each of its causes once: the message of a wrapper says what failed, the
//! cause below it says why, and neither repeats the other.

use crate::common;

use common::Home;

fn stderr_of(cmd: &mut assert_cmd::Command) -> String {
    let out = cmd.output().unwrap();
    assert!(!out.status.success(), "the command should fail");
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn importing_a_missing_file_names_the_cause_once() {
    let home = Home::new();
    home.init(&[]);
    let missing = home.dir.path().join("not-a-history");
    let err = stderr_of(home.canary().args(["import", "zsh"]).arg(&missing));
    assert_eq!(err.matches("No such file or directory").count(), 1, "{err}");
    assert!(err.contains("cannot read"), "{err}");
    // A folder is refused with its reason, once.
    std::fs::create_dir(&missing).unwrap();
    let err = stderr_of(home.canary().args(["import", "zsh"]).arg(&missing));
    assert_eq!(err.matches("folder").count(), 1, "{err}");
}

#[test]
fn an_unreadable_settings_file_names_the_cause_once() {
    let home = Home::new();
    // The settings path is a directory: reading it fails.
    std::fs::create_dir(home.config()).unwrap();
    let err = stderr_of(home.canary().arg("report"));
    assert_eq!(err.matches("Is a directory").count(), 1, "{err}");
}

#[test]
fn a_broken_settings_file_names_the_cause_once() {
    let home = Home::new();
    std::fs::write(home.config(), "max_weekly_hour = 45\n").unwrap();
    let err = stderr_of(home.canary().arg("report"));
    assert_eq!(
        err.matches("unknown field `max_weekly_hour`").count(),
        1,
        "{err}"
    );
}

#[test]
fn a_store_that_cannot_be_created_names_the_cause_once() {
    let home = Home::new();
    home.init(&[]);
    // The store's folder would be below a file.
    let file = home.dir.path().join("file");
    std::fs::write(&file, "").unwrap();
    let err = stderr_of(
        home.canary()
            .env("CANARY_DB", file.join("canary.db"))
            .args([
                "checkin",
                "--stress",
                "3",
                "--sleep",
                "3",
                "--exercise",
                "no",
            ])
            .args(["--social", "no", "--hobby", "no"]),
    );
    assert_eq!(err.matches("File exists").count(), 1, "{err}");
}
