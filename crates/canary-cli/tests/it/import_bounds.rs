//! `canary import` on inputs without bounds: `/dev/zero` or a FIFO given as a history ends at
//! once with a message (it aborted on a 4 GB allocation, or waited for a writer), and a
//! history with a line over the limit is imported around it, the line reported.

use crate::common;

use std::time::Duration;

use common::{Home, json_of};

#[test]
fn special_files_as_histories_are_refused_with_a_message() {
    let home = Home::new();
    home.init(&[]);
    let fifo = home.dir.path().join("fifo");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success());
    for (path, what) in [
        (std::path::PathBuf::from("/dev/zero"), "a character device"),
        (fifo, "a pipe (FIFO)"),
    ] {
        for kind in ["zsh", "bash", "fish", "csv"] {
            let mut cmd = home.canary();
            cmd.args(["import", kind]).arg(&path);
            if kind == "csv" {
                cmd.args(["-o", "timestamp=at", "-o", "kind=other"]);
            }
            let out = cmd.timeout(Duration::from_secs(60)).output().unwrap();
            let stderr = String::from_utf8_lossy(&out.stderr);
            // An error exit, not a signal (an abort is 134, a kill 137: no code at all here).
            assert!(
                matches!(out.status.code(), Some(c) if c != 0 && c < 128),
                "{kind} {what}: {:?} {stderr}",
                out.status
            );
            assert!(
                stderr.contains(&format!("not a regular file: this is {what}")),
                "{kind} {what}: {stderr}"
            );
        }
    }
}

#[test]
fn a_history_line_over_the_limit_is_skipped_and_the_rest_imported() {
    let home = Home::new();
    home.init(&[]);
    let path = home.dir.path().join("zsh_history");
    let mut history = b": 1790000000:0;ls\n: 1790000001:0;".to_vec();
    history.extend(std::iter::repeat_n(b'x', 3 << 20));
    history.extend(b"\n: 1790000002:0;make\n");
    std::fs::write(&path, history).unwrap();
    let out = home
        .canary()
        .args(["import", "zsh", "--json"])
        .arg(&path)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json = json_of(&out);
    assert_eq!(json["new"], 2, "{json}");
    assert_eq!(json["skipped"], 1, "{json}");
    let first = json["paths"][0]["first_skipped"][0].as_str().unwrap();
    assert!(
        first.ends_with(":2: line longer than 1048576 bytes"),
        "{first}"
    );
}
