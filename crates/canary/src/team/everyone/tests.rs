//! Known answers on generated exports: a roster of two and a third responder it lacks.

use super::*;
use crate::team::fairness::OVERLOAD_THRESHOLD;

const ROSTER: &str = r#"
[defaults]
timezone = "Asia/Tokyo"

[[member]]
name = "Ana"
oncall_ids = ["PANA"]
timezone = "Europe/Berlin"

[[member]]
name = "Bo"
oncall_ids = ["PBO"]
"#;

/// A PagerDuty incident with one assignment at `at` to `assignee`.
fn incident(id: &str, at: &str, assignee: serde_json::Value) -> serde_json::Value {
    serde_json::json!({
        "id": id, "created_at": at, "status": "triggered",
        "assignments": [{ "at": at, "assignee": assignee }],
    })
}

/// PagerDuty: Ana 2 pages, Bo 2, Cy (PCY, not in the roster) 6, and one incident without
/// `created_at` (skipped). Opsgenie: 2 more alerts for Cy, known there as `og-cy` and by the
/// address that one PagerDuty reference also carries, so the two are one person: Cy 8 pages.
fn exports(dir: &Path) -> Vec<std::path::PathBuf> {
    let user = |id: &str, name: &str| serde_json::json!({"id": id, "summary": name});
    let mut incidents = vec![
        // 10:00 UTC on Tuesday and Wednesday: 11:00 in Berlin, 19:00 in Tokyo.
        incident("A1", "2026-03-10T10:00:00Z", user("PANA", "Ana Lima")),
        incident("A2", "2026-03-11T10:00:00Z", user("PANA", "Ana Lima")),
        incident("B1", "2026-03-10T12:00:00Z", user("PBO", "Bo Berg")),
        incident("B2", "2026-03-11T12:00:00Z", user("PBO", "Bo Berg")),
    ];
    // 15:00–20:00 UTC on Tuesday: 00:00–05:00 in Tokyo, inside the default sleep window.
    for h in 15..21 {
        let mut cy = user("PCY", "Cy Contractor");
        if h == 15 {
            cy["email"] = "cy@example.org".into();
        }
        incidents.push(incident(
            &format!("C{h}"),
            &format!("2026-03-10T{h}:00:00Z"),
            cy,
        ));
    }
    incidents.push(serde_json::json!({"id": "BAD", "assignments": []}));
    let pd = dir.join("incidents.json");
    std::fs::write(
        &pd,
        serde_json::json!({ "incidents": incidents }).to_string(),
    )
    .unwrap();
    // 16:00 and 17:00 UTC on Thursday: 01:00 and 02:00 in Tokyo.
    let og = dir.join("alerts.json");
    let alerts = serde_json::json!({"data": [
        {"id": "og1", "message": "disk", "createdAt": "2026-03-12T16:00:00.000Z",
         "owner": "cy@example.org"},
        {"id": "og2", "message": "cpu", "createdAt": "2026-03-12T17:00:00.000Z",
         "responders": [{"type": "user", "id": "og-cy", "username": "cy@example.org"},
                        {"type": "team", "id": "t1"}]},
    ]});
    std::fs::write(&og, alerts.to_string()).unwrap();
    vec![pd, og]
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9
}

const ALL: Options = Options {
    threshold: OVERLOAD_THRESHOLD,
    roster_only: false,
};

#[test]
fn an_unlisted_responder_is_found_measured_with_the_defaults_and_counted() {
    let dir = tempfile::tempdir().unwrap();
    let paths = exports(dir.path());
    let roster = Roster::parse(ROSTER, "roster.toml").unwrap();
    let m = measure(&paths, &roster, ALL).unwrap();
    let t = &m.team;
    let rows: Vec<(&str, u32, bool)> = t
        .responders
        .iter()
        .map(|r| (r.responder.as_str(), r.interruptions, r.in_roster))
        .collect();
    assert_eq!(
        rows,
        [
            ("Ana", 2, true),
            ("Bo", 2, true),
            ("Cy Contractor", 8, false)
        ]
    );
    let cy = &t.responders[2];
    // Measured in the roster's default zone, Asia/Tokyo: every page in the sleep window.
    assert_eq!(cy.sleep, 8);
    let mut found_as = cy.found_as.clone();
    found_as.sort();
    assert_eq!(found_as, ["PCY", "cy@example.org", "og-cy"]);
    assert_eq!(t.responders[0].by_band[0], 2, "Ana is measured in Berlin");
    // Loads [2, 2, 8], mean 4. Balance: pairs 2/2 = 1, 2/8 = .25, 2/8 = .25 → 1.5 / 3 = 0.5.
    // Gini: Σ|xi − xj| over ordered pairs = 2·(0 + 6 + 6) = 24; 2·n²·mean = 2·9·4 = 72 → 1/3.
    // Overload: 8 > 1.5·4 = 6; 8 / 4 = 2× the mean, 4 above it.
    assert!(close(t.mean_interruptions, 4.0));
    assert!(close(t.balance, 0.5));
    assert!(close(t.gini, 1.0 / 3.0));
    assert_eq!(t.overloaded.len(), 1);
    assert_eq!(t.overloaded[0].responder, "Cy Contractor");
    assert!(close(t.overloaded[0].times_mean, 2.0));
    assert!(close(t.overloaded[0].above_mean, 4.0));
    assert_eq!(t.unlisted_left_out, 0);
    assert_eq!(m.unlisted.len(), 1);
    assert_eq!(m.unlisted[0].member.timezone, "Asia/Tokyo");
    // The incident without `created_at` is skipped, once.
    assert_eq!(m.skipped.len(), 1, "{:?}", m.skipped);
    assert!(m.skipped[0].1.contains("created_at"));
}

#[test]
fn roster_only_restores_the_rosters_figures_and_counts_who_was_left_out() {
    let dir = tempfile::tempdir().unwrap();
    let paths = exports(dir.path());
    let roster = Roster::parse(ROSTER, "roster.toml").unwrap();
    let opts = Options {
        roster_only: true,
        ..ALL
    };
    let t = measure(&paths, &roster, opts).unwrap().team;
    // Loads [2, 2]: even — the figures the roster alone gives.
    let loads: Vec<u32> = t.responders.iter().map(|r| r.interruptions).collect();
    assert_eq!(loads, [2, 2]);
    assert!(close(t.balance, 1.0) && close(t.gini, 0.0) && close(t.mean_interruptions, 2.0));
    assert!(t.overloaded.is_empty());
    assert_eq!(t.unlisted_left_out, 1);
}

#[test]
fn without_a_roster_everyone_is_measured_with_the_defaults() {
    let dir = tempfile::tempdir().unwrap();
    let paths = exports(dir.path());
    let t = measure(&paths, &Roster::default(), ALL).unwrap().team;
    let rows: Vec<(&str, u32)> = t
        .responders
        .iter()
        .map(|r| (r.responder.as_str(), r.interruptions))
        .collect();
    assert_eq!(
        rows,
        [("Ana Lima", 2), ("Bo Berg", 2), ("Cy Contractor", 8)]
    );
    assert!(t.responders.iter().all(|r| !r.in_roster));
    // UTC and the standard hours (08:00–18:00): Ana's 10:00 pages are business hours, Cy's
    // 15:00–17:59 UTC ones too, his 18:00–20:00 ones off-hours (his Thursday 16:00 and
    // 17:00 Opsgenie alerts are business hours).
    assert_eq!(t.responders[0].by_band[0], 2);
    assert_eq!(t.responders[2].sleep, 0);
    assert_eq!(t.responders[2].off_hours, 3);
    assert!(close(t.balance, 0.5) && close(t.gini, 1.0 / 3.0));
}

#[test]
fn a_roster_member_known_by_another_id_is_named_as_a_likely_namesake() {
    let dir = tempfile::tempdir().unwrap();
    let paths = exports(dir.path());
    let roster = Roster::parse(
        "[[member]]\nname = \"Ana Lima\"\noncall_ids = [\"POLD\"]\n",
        "roster.toml",
    )
    .unwrap();
    let m = measure(&paths, &roster, ALL).unwrap();
    let names: Vec<&str> = m
        .team
        .responders
        .iter()
        .map(|r| r.responder.as_str())
        .collect();
    assert_eq!(
        names,
        ["Ana Lima", "Ana Lima (PANA)", "Bo Berg", "Cy Contractor"]
    );
    assert_eq!(m.unlisted[0].namesake.as_deref(), Some("Ana Lima"));
    assert_eq!(m.team.responders[0].interruptions, 0);
}
