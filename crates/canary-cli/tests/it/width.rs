//! The terminal's width: `canary demo`, `canary report` and the team demo at 80 and 120
//! columns (`COLUMNS`), no line wider than the terminal, and long periods summarised so that
//! sparklines fit.

use crate::common;

use common::Home;
use unicode_width::UnicodeWidthStr;

fn stdout_at(home: &Home, columns: &str, args: &[&str]) -> String {
    let out = home
        .canary()
        .env("COLUMNS", columns)
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// The lines wider than `columns`, by display width.
fn too_wide(text: &str, columns: usize) -> Vec<(usize, &str)> {
    text.lines()
        .map(|l| (l.width(), l))
        .filter(|(w, _)| *w > columns)
        .collect()
}

#[test]
fn demo_at_80_columns_has_no_line_wider_than_80() {
    let home = Home::new();
    let text = stdout_at(&home, "80", &["demo"]);
    assert_eq!(too_wide(&text, 80), Vec::<(usize, &str)>::new());
    // The narrow weekly table: two-line headers, the same columns.
    assert!(text.contains("│ week"), "{text}");
    assert!(text.contains("> max"), "{text}");
    insta::assert_snapshot!("demo_80", text);
}

#[test]
fn demo_at_120_columns_keeps_the_wide_table() {
    let home = Home::new();
    let text = stdout_at(&home, "120", &["demo"]);
    assert_eq!(too_wide(&text, 120), Vec::<(usize, &str)>::new());
    assert!(text.contains("days off worked"), "{text}");
    assert!(text.contains("over max"), "{text}");
    // Somewhere a line uses more than 80 columns: the width is used, not ignored.
    assert!(!too_wide(&text, 80).is_empty());
    insta::assert_snapshot!("demo_120", text);
}

#[test]
fn without_a_terminal_or_columns_the_report_is_80_wide() {
    let home = Home::new();
    let out = home.canary().arg("demo").output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(too_wide(&text, 80), Vec::<(usize, &str)>::new());
}

#[test]
fn a_thousand_weeks_are_summarised_to_fit() {
    let home = Home::new();
    let kept = home.dir.path().join("demo.db");
    home.canary()
        .args(["demo", "--keep"])
        .arg(&kept)
        .assert()
        .success();
    let config = kept.with_extension("toml");
    for columns in ["80", "120", "300"] {
        let out = home
            .canary()
            .env("COLUMNS", columns)
            .env("CANARY_DB", &kept)
            .env("CANARY_CONFIG", &config)
            .args(["report", "--weeks", "1000"])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let text = String::from_utf8(out.stdout).unwrap();
        let n: usize = columns.parse().unwrap();
        assert_eq!(too_wide(&text, n), Vec::<(usize, &str)>::new());
        let hours = text
            .lines()
            .find(|l| l.starts_with("  hours  "))
            .unwrap_or_else(|| panic!("{text}"));
        let marks = hours.chars().filter(|c| ('▁'..='█').contains(c)).count();
        assert!(
            marks <= n - 30,
            "{marks} marks at {columns} columns: {hours}"
        );
        // 1000 weeks are about 230 months: by month at 300 columns, by year at 80.
        let per = if n >= 260 {
            "month"
        } else if n >= 110 {
            "quarter"
        } else {
            "year"
        };
        assert!(
            text.contains(&format!("one mark a {per}, the weekly mean")),
            "{columns}: {text}"
        );
        // The table: 1000 weeks are too many rows; by month or quarter still over 53 rows
        // (230, 77), so by year: about 20 rows, whatever the width.
        let weeks = &text[text.find("\nWeeks").unwrap()..];
        let rows = weeks
            .lines()
            .take_while(|l| !l.starts_with("  hours  "))
            .filter(|l| l.starts_with("  │ ") && l.contains('/'))
            .count();
        assert!(
            (19..=21).contains(&rows),
            "{rows} rows at {columns}: {weeks}"
        );
        assert!(
            weeks.contains("1000 weeks, one row per year"),
            "{columns}: {weeks}"
        );
        // Years no source saw have no hours, not zero hours.
        assert!(weeks.contains("  –  "), "{columns}: {weeks}");
    }
}

/// The team demo's tables (on-call, single points of failure, rotation): the part before
/// the cost, which is Markdown, and the team server, which runs on the real date.
fn team_tables(columns: &str) -> String {
    let home = Home::new();
    let text = stdout_at(&home, columns, &["demo", "--team"]);
    let end = text.find("## Cost of burnout").expect("the cost section");
    text[..end].to_string()
}

#[test]
fn team_demo_tables_fit_80_and_120_columns() {
    let narrow = team_tables("80");
    assert_eq!(too_wide(&narrow, 80), Vec::<(usize, &str)>::new());
    insta::assert_snapshot!("team_80", narrow);
    let wide = team_tables("120");
    assert_eq!(too_wide(&wide, 120), Vec::<(usize, &str)>::new());
    assert!(wide.contains("Longest run"), "{wide}");
    insta::assert_snapshot!("team_120", wide);
}
