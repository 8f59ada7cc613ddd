//! The audit log, read after each kind of act: enrolments, shares (who and which weeks, never
//! the figures), deletions, and refused requests (status, rule and reason, never the token).

use crate::common;

use common::{Srv, lenient, start, week};
use serde_json::{Value, json};

async fn log(srv: &Srv) -> Vec<Value> {
    let r = srv
        .call("GET", "/v1/admin/audit", Some(&srv.admin), None)
        .await;
    assert_eq!(r.status, 200);
    r.json()["entries"].as_array().unwrap().clone()
}

/// The last entry for `route`.
async fn last(srv: &Srv, route: &str) -> Value {
    log(srv)
        .await
        .into_iter()
        .rev()
        .find(|e| e["route"] == route)
        .unwrap_or_else(|| panic!("no {route} entry"))
}

fn id_of(token: &str) -> i64 {
    token.split('_').nth(1).unwrap().parse().unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn enrolments_shares_and_deletions_are_logged_without_figures() {
    let srv = start(lenient()).await;
    srv.group("ops").await;
    let r = srv
        .call(
            "POST",
            "/v1/admin/enrolments",
            Some(&srv.admin),
            Some(json!({ "group": "ops" })),
        )
        .await;
    let code = r.json()["token"].as_str().unwrap().to_string();
    let e = last(&srv, "create_enrolment").await;
    assert_eq!(e["group"], "ops");
    assert_eq!(e["role"], "admin");
    assert_eq!(e["outcome"], "ok");

    // Enrolment: the code's id, the group and the new member.
    let r = srv.call("POST", "/v1/enrol", Some(&code), None).await;
    let member = r.json()["token"].as_str().unwrap().to_string();
    let e = last(&srv, "enrol").await;
    assert_eq!(e["outcome"], "ok");
    assert_eq!(e["role"], "enrol");
    assert_eq!(e["token_id"], id_of(&code));
    assert_eq!(e["group"], "ops");
    let member_id = e["member"].as_i64().expect("the new member's id");

    // Share: who and which weeks.
    let weeks = json!([week("2025-W11", 61.5), week("2025-W10", 61.5)]);
    assert_eq!(srv.share(&member, weeks).await.status, 200);
    let e = last(&srv, "share").await;
    assert_eq!(e["outcome"], "ok");
    assert_eq!(e["role"], "member");
    assert_eq!(e["token_id"], id_of(&member));
    assert_eq!(e["member"], member_id);
    assert_eq!(e["group"], "ops");
    assert_eq!(e["weeks"], json!(["2025-W10", "2025-W11"]));

    // Deletions: the week, then everything left.
    srv.call("DELETE", "/v1/me/weeks/2025-W10", Some(&member), None)
        .await;
    let e = last(&srv, "delete_week").await;
    assert_eq!(e["member"], member_id);
    assert_eq!(e["weeks"], json!(["2025-W10"]));
    srv.call("DELETE", "/v1/me/weeks", Some(&member), None)
        .await;
    let e = last(&srv, "delete_weeks").await;
    assert_eq!(e["member"], member_id);
    assert_eq!(e["weeks"], json!(["2025-W11"]));

    // No figure is in the log: not the hours, not a figure's name.
    let text = serde_json::to_string(&log(&srv).await).unwrap();
    for figure in ["61.5", "hours", "sleep", "cbi", "who5", "medium"] {
        assert!(!text.contains(figure), "{figure} in the audit log: {text}");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn refused_requests_are_logged_with_the_rule_and_reason_and_never_the_token() {
    let srv = start(lenient()).await;
    srv.group("ops").await;
    let member = srv.member("ops").await;
    let mgr = srv.manager().await;
    let admin = srv.admin.clone();
    let last_char = if admin.ends_with('0') { '1' } else { '0' };
    let forged = format!("{}{last_char}", &admin[..admin.len() - 1]);

    // (request, status, rule, reason contains, whose token id is logged)
    type Case<'a> = (
        &'a str,
        &'a str,
        Option<&'a str>,
        Option<Value>,
        u16,
        &'a str,
        &'a str,
    );
    let cases: Vec<Case<'_>> = vec![
        ("GET", "/v1/me/weeks", None, None, 401, "token", "no token"),
        (
            "GET",
            "/v1/admin/audit",
            Some(&forged),
            None,
            401,
            "token",
            "wrong secret",
        ),
        (
            "GET",
            "/v1/me/weeks",
            Some("ct_99999_00"),
            None,
            401,
            "token",
            "malformed",
        ),
        (
            "GET",
            "/v1/groups",
            Some(&member),
            None,
            403,
            "role",
            "manager",
        ),
        (
            "PUT",
            "/v1/me/weeks",
            Some(&member),
            Some(json!({ "weeks": [{ "week": "2025-W10", "events": [] }] })),
            400,
            "strict-json",
            "unknown field",
        ),
        (
            "PUT",
            "/v1/me/weeks",
            Some(&member),
            Some(json!({ "weeks": [{ "week": "2025-W10", "hours": 900 }] })),
            400,
            "validation",
            "hours",
        ),
        (
            "GET",
            "/v1/groups/ops/weeks?from=2025-W10&to=2025-W10&k=1",
            Some(&mgr),
            None,
            400,
            "strict-query",
            "only from",
        ),
        (
            "GET",
            "/v1/groups/nope/weeks?from=2025-W10&to=2025-W10",
            Some(&mgr),
            None,
            404,
            "unknown-group",
            "unknown group",
        ),
        (
            "POST",
            "/v1/admin/groups",
            Some(&admin),
            Some(json!({ "name": "ops" })),
            409,
            "group-exists",
            "exists",
        ),
        (
            "GET",
            "/v1/members/1/weeks",
            Some(&mgr),
            None,
            404,
            "no-such-route",
            "no such",
        ),
        (
            "POST",
            "/v1/groups",
            Some(&mgr),
            None,
            405,
            "method",
            "method",
        ),
    ];
    for (method, path, token, body, status, rule, reason) in &cases {
        let r = srv.call(method, path, *token, body.clone()).await;
        assert_eq!(r.status, *status, "{method} {path}: {:?}", r.json());
        let entries = log(&srv).await;
        let e = entries
            .iter()
            .rev()
            .find(|e| e["outcome"] == "refused")
            .expect("a refused entry");
        assert_eq!(e["status"], *status, "{method} {path}: {e}");
        assert_eq!(e["rule"], *rule, "{method} {path}: {e}");
        let why = e["reason"].as_str().unwrap();
        assert!(why.contains(reason), "{method} {path}: {why}");
        // The token id of a valid token is logged; an invalid one leaves none.
        match token {
            Some(t) if *status != 401 => assert_eq!(e["token_id"], id_of(t), "{e}"),
            _ => assert!(e["token_id"].is_null(), "{e}"),
        }
    }

    // An oversized body.
    let big = format!("{{\"weeks\":[],\"pad\":\"{}\"}}", "x".repeat(17 * 1024)).into_bytes();
    let r = srv
        .raw("PUT", "/v1/me/weeks", Some(&member), Some(big))
        .await;
    assert_eq!(r.status, 413);
    let e = last(&srv, "share").await;
    assert_eq!(
        (e["status"].as_u64(), e["rule"].as_str()),
        (Some(413), Some("body-limit"))
    );

    // No token, secret or forged secret is anywhere in the log or the database files.
    let text = serde_json::to_string(&log(&srv).await).unwrap();
    let db: Vec<u8> = ["team.db", "team.db-wal"]
        .iter()
        .flat_map(|f| std::fs::read(srv.dir.path().join(f)).unwrap_or_default())
        .collect();
    for t in [&admin, &forged, &member, &mgr] {
        let secret = t.rsplit('_').next().unwrap();
        assert!(!text.contains(secret), "a secret in the audit log");
        assert!(
            !db.windows(secret.len()).any(|w| w == secret.as_bytes()),
            "a secret in the database"
        );
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn repeated_refusals_and_rate_limiting_take_one_entry_each() {
    let srv = start(canary_team::Config {
        burst: 5.0,
        per_second: 0.01,
        ..Default::default()
    })
    .await;
    // Five requests in the address's bucket: five 401s, then 429s.
    for _ in 0..5 {
        assert_eq!(
            srv.call("GET", "/v1/me/weeks", Some("ct_1_nope"), None)
                .await
                .status,
            401
        );
    }
    for _ in 0..6 {
        assert_eq!(
            srv.call("GET", "/v1/me/weeks", Some("ct_1_nope"), None)
                .await
                .status,
            429
        );
    }
    let entries = log(&srv).await;
    let refused: Vec<&Value> = entries
        .iter()
        .filter(|e| e["outcome"] == "refused")
        .collect();
    assert_eq!(refused.len(), 2, "{refused:?}");
    assert_eq!(refused[0]["rule"], "token");
    assert_eq!(
        refused[0]["count"], 5,
        "the same refusal, counted on one entry"
    );
    assert_eq!(refused[1]["rule"], "rate-limit");
    assert_eq!(refused[1]["status"], 429);
    assert_eq!(refused[1]["count"], 1, "one entry for a run of 429s");
}
