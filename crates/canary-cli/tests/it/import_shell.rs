//! `canary import` on the real shell histories in ../shared/data/shell, counted independently.

use crate::common;

use common::{Home, json_of, shared_data};

/// Entries in a zsh extended history, counted without Canary's parser: lines that start with
/// `: <digits>:<digits>;` (a header starts an entry even after a line ending in a backslash,
/// as zsh itself reads it).
fn count_zsh_entries(bytes: &[u8]) -> u64 {
    bytes
        .split(|&b| b == b'\n')
        .filter(|l| is_zsh_header(l))
        .count() as u64
}

fn is_zsh_header(line: &[u8]) -> bool {
    let Some(rest) = line.strip_prefix(b": ") else {
        return false;
    };
    let digits = rest.iter().take_while(|b| b.is_ascii_digit()).count();
    if digits == 0 || rest.get(digits) != Some(&b':') {
        return false;
    }
    let rest = &rest[digits + 1..];
    let digits = rest.iter().take_while(|b| b.is_ascii_digit()).count();
    digits > 0 && rest.get(digits) == Some(&b';')
}

/// Entries in a fish history: `- cmd:` lines.
fn count_fish_entries(bytes: &[u8]) -> u64 {
    bytes
        .split(|&b| b == b'\n')
        .filter(|l| l.starts_with(b"- cmd:"))
        .count() as u64
}

fn import_json(home: &Home, kind: &str, path: &std::path::Path) -> serde_json::Value {
    import_json_with(home, kind, path, &[])
}

fn import_json_with(
    home: &Home,
    kind: &str,
    path: &std::path::Path,
    flags: &[&str],
) -> serde_json::Value {
    let out = home
        .canary()
        .args(["import", kind, "--json"])
        .args(flags)
        .arg(path)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "stderr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    json_of(&out)
}

#[test]
#[ignore = "needs ../shared/data"]
fn real_histories_import_exactly_their_entries_once() {
    let data = shared_data();
    let cases = [
        ("zsh", "zsh_history-extended-2019", 11_330),
        ("zsh", "zsh_history-extended-2017", 169),
        ("fish", "fish_history-2024", 800),
    ];
    for (kind, file, documented) in cases {
        let home = Home::new();
        home.init(&[]);
        let path = data.join("shell").join(file);
        let bytes = std::fs::read(&path).unwrap();
        let expected = if kind == "zsh" {
            count_zsh_entries(&bytes)
        } else {
            count_fish_entries(&bytes)
        };
        assert_eq!(
            expected, documented,
            "{file}: independent count vs data/README.md"
        );

        let first = import_json(&home, kind, &path);
        assert_eq!(first["new"], expected, "{file}: {first}");
        assert_eq!(first["duplicates"], 0);
        assert_eq!(first["skipped"], 0, "{file}: {first}");

        let unchanged = import_json(&home, kind, &path);
        assert_eq!(
            unchanged["paths"][0]["read"], "unchanged",
            "{file}: {unchanged}"
        );
        assert_eq!(unchanged["new"], 0);
        let again = import_json_with(&home, kind, &path, &["--again"]);
        assert_eq!(again["paths"][0]["read"], "whole");
        assert_eq!(again["new"], 0, "{file}: a second import adds nothing");
        assert_eq!(again["duplicates"], expected);

        let events = json_of(
            &home
                .canary()
                .args(["events", "--json", "--since", "1990-01-01"])
                .output()
                .unwrap(),
        );
        let excluded = json_of(
            &home
                .canary()
                .args(["events", "--json", "--excluded"])
                .output()
                .unwrap(),
        );
        let total = events.as_array().unwrap().len() + excluded.as_array().unwrap().len();
        assert_eq!(total as u64, expected, "{file}: every entry is listed once");
    }
}

#[test]
#[ignore = "needs ../shared/data"]
fn bash_history_without_timestamps_is_refused_clearly() {
    let data = shared_data();
    let home = Home::new();
    home.init(&[]);
    let out = home
        .canary()
        .args(["import", "bash"])
        .arg(data.join("shell/bash_history-no-timestamps"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("no timestamps"), "{stderr}");
    assert!(
        stderr.contains("hint:") && stderr.contains("HISTTIMEFORMAT"),
        "{stderr}"
    );
    let sources = json_of(&home.canary().args(["sources", "--json"]).output().unwrap());
    assert_eq!(
        sources["sources"],
        serde_json::json!([]),
        "nothing was stored"
    );
    assert_eq!(
        sources["runs"][0]["status"], "failed",
        "the refused run is recorded"
    );
}

#[test]
#[ignore = "needs ../shared/data"]
fn several_paths_import_what_they_can() {
    let data = shared_data();
    let home = Home::new();
    home.init(&[]);
    let out = home
        .canary()
        .args(["import", "zsh", "--json"])
        .arg(data.join("shell/zsh_history-extended-2017"))
        .arg(data.join("shell/no-such-file"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let j = json_of(&out);
    assert_eq!(j["new"], 169);
    assert_eq!(j["failed"], 1);
    assert!(
        j["paths"][1]["error"]
            .as_str()
            .unwrap()
            .contains("no-such-file")
    );
}
