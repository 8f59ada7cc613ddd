//! Unmeasured is not zero: a figure sent as `null` (a week with no data, or a metric nothing
//! measured that week) is stored as NULL, comes back as `null`, and never counts toward a mean
//! or toward k; a figure not sent at all stays absent.

use crate::common;

use common::{assert_near, lenient, start, week};
use serde_json::{Value, json};

const WEEK: &str = "2025-W10";

fn unmeasured() -> Value {
    json!({ "week": WEEK, "hours": null, "sleep_nights": null, "interruptions": null })
}

#[tokio::test(flavor = "multi_thread")]
async fn a_week_of_nulls_is_stored_as_nulls_and_is_not_a_report() {
    let srv = start(lenient()).await;
    srv.group("ops").await;
    let mut members = Vec::new();
    for _ in 0..5 {
        members.push(srv.member("ops").await);
    }
    for m in &members[..4] {
        assert_eq!(srv.share(m, json!([week(WEEK, 40.0)])).await.status, 200);
    }
    // The fifth had no data that week: nulls, not zeros.
    assert_eq!(
        srv.share(&members[4], json!([unmeasured()])).await.status,
        200
    );
    let mine = srv
        .call("GET", "/v1/me/weeks", Some(&members[4]), None)
        .await
        .json();
    assert_eq!(
        mine["weeks"],
        json!([unmeasured()]),
        "null kept, absent kept absent"
    );
    let db = rusqlite::Connection::open(srv.dir.path().join("team.db")).unwrap();
    let nulls: i64 = db
        .query_row(
            "SELECT count(*) FROM weeks WHERE hours IS NULL AND sleep_nights IS NULL
             AND interruptions IS NULL AND after_hours_share IS NULL",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(nulls, 1);
    // Four reports: the week is hidden (a week of nulls would have made it five).
    let mgr = srv.manager().await;
    let v = srv
        .view(&mgr, "ops", &format!("from={WEEK}&to={WEEK}"))
        .await
        .json();
    assert_eq!(v["weeks"][0]["suppressed"], true, "{v}");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_null_figure_does_not_count_toward_that_figures_mean_or_k() {
    let srv = start(lenient()).await;
    srv.group("dev").await;
    for i in 0..6 {
        let m = srv.member("dev").await;
        // Everyone measured sleep; hours were measured by four only.
        let hours = if i < 4 { json!(50.0) } else { Value::Null };
        let w = json!({ "week": WEEK, "hours": hours, "sleep_nights": 2 });
        assert_eq!(srv.share(&m, json!([w])).await.status, 200);
    }
    let mgr = srv.manager().await;
    let v = srv
        .view(&mgr, "dev", &format!("from={WEEK}&to={WEEK}"))
        .await
        .json();
    let f = &v["weeks"][0]["figures"];
    assert_eq!(f["reporting"], 6);
    assert!(f.get("hours_mean").is_none(), "four measured hours: {f}");
    assert_near(&v, f, "sleep_nights_mean", 2.0, 6);

    // A fifth measured value makes hours shown, as the mean of the five (nulls are not 0 h).
    srv.group("dev2").await;
    for i in 0..6 {
        let m = srv.member("dev2").await;
        let hours = if i < 5 { json!(50.0) } else { Value::Null };
        let w = json!({ "week": WEEK, "hours": hours, "sleep_nights": 2 });
        assert_eq!(srv.share(&m, json!([w])).await.status, 200);
    }
    let v = srv
        .view(&mgr, "dev2", &format!("from={WEEK}&to={WEEK}"))
        .await
        .json();
    assert_near(&v, &v["weeks"][0]["figures"], "hours_mean", 50.0, 5);
}

#[tokio::test(flavor = "multi_thread")]
async fn null_instruments_and_null_scales_are_accepted_and_kept() {
    let srv = start(lenient()).await;
    srv.group("ops").await;
    let m = srv.member("ops").await;
    let sent = json!([
        { "week": "2025-W09", "instruments": null, "risk": null },
        { "week": "2025-W10", "instruments": { "cbi_personal": 40.0, "cbi_work": null, "who5": null } },
    ]);
    assert_eq!(srv.share(&m, sent.clone()).await.status, 200);
    let mine = srv.call("GET", "/v1/me/weeks", Some(&m), None).await.json();
    assert_eq!(mine["weeks"], sent);
    // A wrong type is still refused; null is the only stand-in for a value.
    let r = srv
        .share(&m, json!([{ "week": WEEK, "hours": "none" }]))
        .await;
    assert_eq!(r.status, 400);
}
