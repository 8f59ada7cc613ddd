//! The team server's guarantees, as attacks against its API.

use crate::common;

use common::{Srv, assert_near, lenient, start, week};
use serde_json::{Value, json};

async fn group_with(srv: &Srv, name: &str, n: usize) -> Vec<String> {
    srv.group(name).await;
    let mut members = Vec::new();
    for _ in 0..n {
        members.push(srv.member(name).await);
    }
    members
}

fn weeks_of(v: &Value) -> &Vec<Value> {
    v["weeks"].as_array().unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_member_sees_only_their_own_data() {
    let srv = start(lenient()).await;
    let m = group_with(&srv, "ops", 2).await;
    assert_eq!(
        srv.share(&m[0], json!([week("2025-W10", 61.0)]))
            .await
            .status,
        200
    );
    let mine = srv
        .call("GET", "/v1/me/weeks", Some(&m[0]), None)
        .await
        .json();
    assert_eq!(weeks_of(&mine).len(), 1);
    assert_eq!(mine["weeks"][0]["hours"], 61.0);
    // The other member sees nothing of it, and cannot reach the group view or another member.
    let theirs = srv
        .call("GET", "/v1/me/weeks", Some(&m[1]), None)
        .await
        .json();
    assert!(weeks_of(&theirs).is_empty());
    assert_eq!(
        srv.view(&m[1], "ops", "from=2025-W10&to=2025-W10")
            .await
            .status,
        403
    );
    assert_eq!(
        srv.call("GET", "/v1/me/weeks?member=1", Some(&m[1]), None)
            .await
            .json(),
        theirs
    );
    assert_eq!(
        srv.call("GET", "/v1/members/1/weeks", Some(&m[1]), None)
            .await
            .status,
        404
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_group_of_four_is_never_shown() {
    let srv = start(lenient()).await;
    let m = group_with(&srv, "small", 4).await;
    for t in &m {
        srv.share(t, json!([week("2025-W10", 40.0), week("2025-W11", 70.0)]))
            .await;
    }
    let mgr = srv.manager().await;
    let v = srv
        .view(&mgr, "small", "from=2025-W01&to=2025-W52")
        .await
        .json();
    assert_eq!(weeks_of(&v).len(), 52);
    for w in weeks_of(&v) {
        assert_eq!(w["suppressed"], true);
        assert!(
            w.get("figures").is_none(),
            "no figures, not even a count: {w}"
        );
    }
    // Asking for a smaller k is not a parameter the API has.
    let r = srv
        .view(&mgr, "small", "from=2025-W10&to=2025-W10&k=1")
        .await;
    assert_eq!(r.status, 400);
    let r = srv
        .view(&mgr, "small", "from=2025-W10&to=2025-W10&min_group=1")
        .await;
    assert_eq!(r.status, 400);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_configured_k_below_five_is_raised_to_five() {
    let mut c = lenient();
    c.min_group = 2;
    let srv = start(c).await;
    let m = group_with(&srv, "pair", 4).await;
    for t in &m {
        srv.share(t, json!([week("2025-W10", 40.0)])).await;
    }
    let mgr = srv.manager().await;
    let v = srv
        .view(&mgr, "pair", "from=2025-W10&to=2025-W10")
        .await
        .json();
    assert_eq!(v["k"], 5);
    assert_eq!(v["weeks"][0]["suppressed"], true);
}

#[tokio::test(flavor = "multi_thread")]
#[allow(clippy::disallowed_methods)] // the server releases weeks by the real date
async fn a_week_only_four_reported_is_suppressed_and_so_is_a_metric_four_shared() {
    let srv = start(lenient()).await;
    let m = group_with(&srv, "dev", 6).await;
    for (i, t) in m.iter().enumerate() {
        let mut weeks = vec![week("2025-W10", 40.0 + i as f64)];
        if i < 4 {
            weeks.push(week("2025-W11", 50.0));
        }
        // Only four opted in to instruments in 2025-W12, all six share hours.
        let w12 = if i < 4 {
            week("2025-W12", 45.0)
        } else {
            json!({ "week": "2025-W12", "hours": 45.0 })
        };
        weeks.push(w12);
        assert_eq!(srv.share(t, Value::Array(weeks)).await.status, 200);
    }
    let mgr = srv.manager().await;
    let v = srv
        .view(&mgr, "dev", "from=2025-W10&to=2025-W12")
        .await
        .json();
    let w = weeks_of(&v);
    assert_eq!(w[0]["suppressed"], false);
    assert_eq!(w[0]["figures"]["reporting"], 6);
    // Means carry noise (scale b on the sum, so b / 6 on a mean of six): near, not equal.
    assert_near(&v, &w[0]["figures"], "hours_mean", 42.5, 6);
    assert_eq!(w[1]["suppressed"], true);
    assert!(w[1].get("figures").is_none());
    assert_near(&v, &w[2]["figures"], "hours_mean", 45.0, 6);
    assert!(w[2]["figures"].get("cbi_personal_mean").is_none());
    assert!(w[2]["figures"].get("who5_mean").is_none());
    assert!(w[2]["figures"].get("risk").is_none());
    // The current week has not settled: nothing, whatever the numbers.
    let today = jiff::Timestamp::now()
        .to_zoned(jiff::tz::TimeZone::UTC)
        .date()
        .iso_week_date();
    let now = format!("{:04}-W{:02}", today.year(), today.week());
    for t in &m {
        srv.share(t, json!([week(&now, 40.0)])).await;
    }
    let v = srv
        .view(&mgr, "dev", &format!("from={now}&to={now}"))
        .await
        .json();
    assert_eq!(v["weeks"][0]["suppressed"], true);
}

#[tokio::test(flavor = "multi_thread")]
async fn released_figures_are_frozen_so_later_changes_cannot_be_differenced() {
    let srv = start(lenient()).await;
    let m = group_with(&srv, "sre", 6).await;
    for t in &m[..5] {
        srv.share(t, json!([week("2025-W10", 40.0)])).await;
    }
    let mgr = srv.manager().await;
    let before = srv
        .view(&mgr, "sre", "from=2025-W10&to=2025-W10")
        .await
        .json();
    assert_eq!(before["weeks"][0]["figures"]["reporting"], 5);
    // A sixth member shares late; another deletes: the released figures do not move.
    srv.share(&m[5], json!([week("2025-W10", 90.0)])).await;
    srv.call("DELETE", "/v1/me/weeks/2025-W10", Some(&m[0]), None)
        .await;
    let after = srv
        .view(&mgr, "sre", "from=2025-W10&to=2025-W10")
        .await
        .json();
    assert_eq!(before, after);
}

#[tokio::test(flavor = "multi_thread")]
async fn overlapping_groups_and_narrowing_filters_are_refused() {
    let srv = start(lenient()).await;
    let m = group_with(&srv, "all", 5).await;
    for t in &m {
        srv.share(t, json!([week("2025-W10", 40.0)])).await;
    }
    let admin = srv.admin.clone();
    // A group cannot be built from members, another group, or a filter.
    for body in [
        json!({ "name": "sub", "members": [1, 2, 3, 4] }),
        json!({ "name": "sub", "parent": "all" }),
        json!({ "name": "sub", "include": ["all"], "exclude": [1] }),
        json!({ "name": "sub", "filter": { "risk": "high" } }),
    ] {
        let r = srv
            .call("POST", "/v1/admin/groups", Some(&admin), Some(body))
            .await;
        assert_eq!(r.status, 400, "{:?}", r.json());
    }
    // Names that look like combinations are just names, and name no existing group.
    assert_eq!(
        srv.call(
            "POST",
            "/v1/admin/groups",
            Some(&admin),
            Some(json!({ "name": "all,sub" }))
        )
        .await
        .status,
        400
    );
    assert_eq!(
        srv.call(
            "POST",
            "/v1/admin/groups",
            Some(&admin),
            Some(json!({ "name": "all" }))
        )
        .await
        .status,
        409
    );
    // A spent enrolment token cannot put a second identity into another group.
    srv.group("other").await;
    let r = srv
        .call(
            "POST",
            "/v1/admin/enrolments",
            Some(&admin),
            Some(json!({ "group": "other" })),
        )
        .await;
    let enrol = r.json()["token"].as_str().unwrap().to_string();
    assert_eq!(
        srv.call("POST", "/v1/enrol", Some(&enrol), None)
            .await
            .status,
        201
    );
    assert_eq!(
        srv.call("POST", "/v1/enrol", Some(&enrol), None)
            .await
            .status,
        401
    );
    assert_eq!(
        srv.call("POST", "/v1/enrol", Some(&m[0]), None)
            .await
            .status,
        403
    );
    // Narrowing filters on the manager view.
    let mgr = srv.manager().await;
    for q in [
        "from=2025-W10&to=2025-W10&member=1",
        "from=2025-W10&to=2025-W10&risk=high",
        "from=2025-W10&to=2025-W10&exclude=1",
        "from=2025-W10&to=2025-W10&metric=hours",
        "from=2025-W10&from=2025-W09&to=2025-W10",
        "from=2025-W10",
        "from=2025-W10&to=2025-W01",
        "from=2025-W10&to=2025-W10&",
    ] {
        let r = srv.view(&mgr, "all", q).await;
        if q.ends_with('&') {
            assert_eq!(r.status, 200, "{q}");
        } else {
            assert_eq!(r.status, 400, "{q}: {:?}", r.json());
        }
    }
    for path in [
        "/v1/groups/all,other/weeks",
        "/v1/groups/all%2Cother/weeks",
        "/v1/groups/all/members/weeks",
    ] {
        let r = srv
            .call(
                "GET",
                &format!("{path}?from=2025-W10&to=2025-W10"),
                Some(&mgr),
                None,
            )
            .await;
        assert_eq!(r.status, 404, "{path}");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn unauthenticated_expired_and_wrong_role_tokens_are_refused() {
    let srv = start(lenient()).await;
    let m = group_with(&srv, "ops", 1).await;
    let mgr = srv.manager().await;
    let admin = srv.admin.clone();
    // Unauthenticated and forged (the admin token with its last digit changed).
    let last = if admin.ends_with('0') { '1' } else { '0' };
    let forged = format!("{}{last}", &admin[..admin.len() - 1]);
    for t in [None, Some("nope"), Some("ct_1_00"), Some(&*forged)] {
        assert_eq!(
            srv.call("GET", "/v1/admin/audit", t, None).await.status,
            401,
            "{t:?}"
        );
        assert_eq!(srv.call("GET", "/v1/me/weeks", t, None).await.status, 401);
    }
    // Wrong role.
    assert_eq!(
        srv.call("GET", "/v1/admin/audit", Some(&m[0]), None)
            .await
            .status,
        403
    );
    assert_eq!(
        srv.call("GET", "/v1/admin/audit", Some(&mgr), None)
            .await
            .status,
        403
    );
    assert_eq!(
        srv.call("GET", "/v1/me/weeks", Some(&mgr), None)
            .await
            .status,
        403
    );
    assert_eq!(
        srv.call("GET", "/v1/me/weeks", Some(&admin), None)
            .await
            .status,
        403
    );
    assert_eq!(
        srv.call("GET", "/v1/groups", Some(&admin), None)
            .await
            .status,
        403
    );
    assert_eq!(
        srv.call("GET", "/v1/groups", Some(&m[0]), None)
            .await
            .status,
        403
    );
    assert_eq!(
        srv.call("POST", "/v1/admin/managers", Some(&mgr), Some(json!({})))
            .await
            .status,
        403
    );
    // Expired enrolment and manager tokens.
    let r = srv
        .call(
            "POST",
            "/v1/admin/enrolments",
            Some(&admin),
            Some(json!({ "group": "ops", "ttl_hours": 1 })),
        )
        .await;
    let enrol = r.json()["token"].as_str().unwrap().to_string();
    assert_eq!(
        srv.call("GET", "/v1/me/weeks", Some(&enrol), None)
            .await
            .status,
        403
    );
    let db = rusqlite::Connection::open(srv.dir.path().join("team.db")).unwrap();
    db.execute(
        "UPDATE tokens SET expires_at = 1 WHERE role IN ('enrol', 'manager')",
        [],
    )
    .unwrap();
    assert_eq!(
        srv.call("POST", "/v1/enrol", Some(&enrol), None)
            .await
            .status,
        401
    );
    assert_eq!(
        srv.call("GET", "/v1/groups", Some(&mgr), None).await.status,
        401
    );
    // Tokens are stored hashed: the admin token's secret is nowhere in the database files.
    let secret = admin.rsplit('_').next().unwrap();
    for f in ["team.db", "team.db-wal"] {
        let bytes = std::fs::read(srv.dir.path().join(f)).unwrap_or_default();
        assert!(
            !bytes.windows(secret.len()).any(|w| w == secret.as_bytes()),
            "{f}"
        );
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn oversized_and_malformed_payloads_are_refused_without_harm() {
    let srv = start(lenient()).await;
    let m = group_with(&srv, "ops", 1).await;
    assert_eq!(
        srv.share(&m[0], json!([week("2025-W10", 40.0)]))
            .await
            .status,
        200
    );
    let big = format!("{{\"weeks\":[],\"pad\":\"{}\"}}", "x".repeat(17 * 1024)).into_bytes();
    assert_eq!(
        srv.raw("PUT", "/v1/me/weeks", Some(&m[0]), Some(big))
            .await
            .status,
        413
    );
    for body in [
        "{".to_string(),
        "not json".into(),
        "{\"weeks\": 3}".into(),
        "{\"weeks\": [{\"week\": \"2025-W10\", \"events\": []}]}".into(),
        "{\"weeks\": [{\"week\": \"2025-W10\", \"hours\": -1}]}".into(),
        "{\"weeks\": [{\"week\": \"2025-W10\", \"hours\": 1e400}]}".into(),
        "{\"weeks\": [{\"week\": \"2025-W54\"}]}".into(),
        "{\"weeks\": [{\"week\": \"2025-W10\", \"risk\": \"dire\"}]}".into(),
        "{\"weeks\": [{\"week\": \"2025-W10\", \"after_hours_share\": 2}]}".into(),
        String::from_utf8_lossy(&[0xff, 0xfe, 0x00]).into_owned(),
    ] {
        let r = srv
            .raw(
                "PUT",
                "/v1/me/weeks",
                Some(&m[0]),
                Some(body.clone().into_bytes()),
            )
            .await;
        assert_eq!(r.status, 400, "{body}: {:?}", r.json());
    }
    let too_many: Vec<Value> = (1..=52)
        .chain(1..=20)
        .map(|w| week(&format!("2024-W{w:02}"), 1.0))
        .collect();
    assert_eq!(srv.share(&m[0], Value::Array(too_many)).await.status, 400);
    // Nothing was harmed: the earlier week is intact and the server still answers.
    let mine = srv
        .call("GET", "/v1/me/weeks", Some(&m[0]), None)
        .await
        .json();
    assert_eq!(mine["weeks"], json!([week("2025-W10", 40.0)]));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_member_deletes_a_week_or_everything_and_it_is_gone() {
    let srv = start(lenient()).await;
    let m = group_with(&srv, "ops", 5).await;
    for t in &m {
        srv.share(
            t,
            json!([
                week("2025-W10", 40.0),
                week("2025-W11", 41.0),
                week("2025-W12", 42.0)
            ]),
        )
        .await;
    }
    let me = &m[0];
    let r = srv
        .call("DELETE", "/v1/me/weeks/2025-W10", Some(me), None)
        .await;
    assert_eq!(r.json()["deleted"], 1);
    let mine = srv.call("GET", "/v1/me/weeks", Some(me), None).await.json();
    assert_eq!(weeks_of(&mine).len(), 2);
    assert_eq!(
        srv.call("DELETE", "/v1/me/weeks", Some(me), None)
            .await
            .json()["deleted"],
        2
    );
    let mine = srv.call("GET", "/v1/me/weeks", Some(me), None).await.json();
    assert!(weeks_of(&mine).is_empty());
    let db = rusqlite::Connection::open(srv.dir.path().join("team.db")).unwrap();
    let n: i64 = db
        .query_row("SELECT count(*) FROM weeks", [], |r| r.get(0))
        .unwrap();
    assert_eq!(n, 12, "only the other members' rows remain");
    // With them gone, the group is down to four for those weeks: suppressed.
    let mgr = srv.manager().await;
    let v = srv
        .view(&mgr, "ops", "from=2025-W10&to=2025-W12")
        .await
        .json();
    assert!(weeks_of(&v).iter().all(|w| w["suppressed"] == true));
}

#[tokio::test(flavor = "multi_thread")]
async fn the_audit_log_records_a_manager_read() {
    let srv = start(lenient()).await;
    srv.group("ops").await;
    let mgr = srv.manager().await;
    let mgr_id: i64 = mgr.split('_').nth(1).unwrap().parse().unwrap();
    assert_eq!(
        srv.view(&mgr, "ops", "from=2025-W10&to=2025-W11")
            .await
            .status,
        200
    );
    let log = srv
        .call("GET", "/v1/admin/audit", Some(&srv.admin), None)
        .await
        .json();
    let read = log["entries"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["route"] == "group_weeks")
        .expect("the read is logged");
    assert_eq!(read["token_id"], mgr_id);
    assert_eq!(read["role"], "manager");
    assert_eq!(read["group"], "ops");
    assert!(read["at"].as_i64().unwrap() > 1_700_000_000);
}

#[tokio::test(flavor = "multi_thread")]
async fn requests_are_rate_limited_per_token() {
    let srv = start(canary_team::Config {
        burst: 3.0,
        per_second: 0.01,
        ..Default::default()
    })
    .await;
    let codes: Vec<u16> = {
        let mut v = Vec::new();
        for _ in 0..5 {
            v.push(
                srv.call("GET", "/v1/admin/audit", Some(&srv.admin), None)
                    .await
                    .status,
            );
        }
        v
    };
    assert_eq!(codes, [200, 200, 200, 429, 429]);
    // Guessing tokens is limited too, per address.
    let mut last = 0;
    for _ in 0..5 {
        last = srv
            .call("GET", "/v1/me/weeks", Some("ct_9_x"), None)
            .await
            .status;
    }
    assert_eq!(last, 429);
}
