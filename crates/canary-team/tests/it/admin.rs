//! The curious admin: whoever holds the admin token creates a group, mints a manager token,
//! makes five enrolment codes, spends four of them on members of their own with known figures
//! and hands the fifth to one real person. The released means then give away that person's
//! figures unless the release is noised (see `docs/design.md`, "Team server").
//!
//! Each attack is run on many independent groups: noise is random, so what is tested is how
//! often the attacker's answer is exact and how far off it is, with thresholds whose chance of
//! failing by bad luck is below one in a million (the bounds are in each test).

use crate::common;

use common::{Srv, lenient, start};
use serde_json::{Value, json};

/// The settled week every attack uses.
const WEEK: &str = "2025-W10";
/// How many independent groups each attack is tried on.
const TRIALS: usize = 60;

/// The real member's week: what the admin wants to learn.
fn victim() -> Value {
    json!({
        "week": WEEK, "hours": 61.5, "after_hours_share": 0.45, "sleep_nights": 4,
        "interruptions": 17, "risk": "high",
        "instruments": { "cbi_personal": 71.0, "cbi_work": 64.0, "who5": 28 }
    })
}

/// What the admin's own members share: known to the admin, the same for each.
fn sybil() -> Value {
    json!({
        "week": WEEK, "hours": 40.0, "after_hours_share": 0.1, "sleep_nights": 0,
        "interruptions": 2, "risk": "low",
        "instruments": { "cbi_personal": 30.0, "cbi_work": 30.0, "who5": 72 }
    })
}

/// The figures the admin works out for the real member: 5 × mean − the known four.
#[derive(Debug)]
struct Recovered {
    hours: f64,
    after_hours_share: f64,
    sleep_nights: f64,
    interruptions: f64,
    cbi_personal: f64,
    cbi_work: f64,
    who5: f64,
    /// Released risk counts minus the admin's four `low`: low, medium, high, unknown.
    risk: [i64; 4],
}

impl Recovered {
    /// Which figures came out exact (to the precision the member sent), in field order.
    fn exact(&self) -> [bool; 8] {
        [
            (self.hours - 61.5).abs() <= 0.25 + 1e-9,
            (self.after_hours_share - 0.45).abs() <= 0.025 + 1e-9,
            self.sleep_nights.round() == 4.0,
            self.interruptions.round() == 17.0,
            (self.cbi_personal - 71.0).abs() <= 0.25 + 1e-9,
            (self.cbi_work - 64.0).abs() <= 0.25 + 1e-9,
            self.who5.round() == 28.0,
            self.risk == [0, 0, 1, 0],
        ]
    }
}

fn recover(figures: &Value, sybils: usize) -> Recovered {
    let n = (sybils + 1) as f64;
    let s = sybil();
    let own = |key: &str, known: f64| {
        let mean = figures[key]
            .as_f64()
            .unwrap_or_else(|| panic!("{key} released: {figures}"));
        n * mean - sybils as f64 * known
    };
    let f = |v: &Value| v.as_f64().unwrap();
    let count = |level: &str| figures["risk"][level].as_i64().unwrap();
    Recovered {
        hours: own("hours_mean", f(&s["hours"])),
        after_hours_share: own("after_hours_share_mean", f(&s["after_hours_share"])),
        sleep_nights: own("sleep_nights_mean", f(&s["sleep_nights"])),
        interruptions: own("interruptions_mean", f(&s["interruptions"])),
        cbi_personal: own("cbi_personal_mean", f(&s["instruments"]["cbi_personal"])),
        cbi_work: own("cbi_work_mean", f(&s["instruments"]["cbi_work"])),
        who5: own("who5_mean", f(&s["instruments"]["who5"])),
        risk: [
            count("low") - sybils as i64,
            count("medium"),
            count("high"),
            count("unknown"),
        ],
    }
}

async fn post(srv: &Srv, path: &str, body: Value) -> Value {
    let r = srv.call("POST", path, Some(&srv.admin), Some(body)).await;
    assert_eq!(r.status, 201, "{path}: {:?}", r.json());
    r.json()
}

async fn enrol(srv: &Srv, code: &str) -> String {
    let r = srv.call("POST", "/v1/enrol", Some(code), None).await;
    assert_eq!(r.status, 201, "{:?}", r.json());
    r.json()["token"].as_str().unwrap().to_string()
}

/// The attack exactly as reported: one admin session does everything but the real member's
/// share. Returns the released figures of the week.
async fn curious_admin(srv: &Srv, group: &str) -> Value {
    post(srv, "/v1/admin/groups", json!({ "name": group })).await;
    let mgr = post(srv, "/v1/admin/managers", json!({})).await["token"]
        .as_str()
        .unwrap()
        .to_string();
    let mut codes = Vec::new();
    for _ in 0..5 {
        let v = post(srv, "/v1/admin/enrolments", json!({ "group": group })).await;
        codes.push(v["token"].as_str().unwrap().to_string());
    }
    for code in &codes[..4] {
        let me = enrol(srv, code).await;
        assert_eq!(srv.share(&me, json!([sybil()])).await.status, 200);
    }
    // The fifth code goes to a real person, who enrols and shares.
    let real = enrol(srv, &codes[4]).await;
    assert_eq!(srv.share(&real, json!([victim()])).await.status, 200);
    let v = srv
        .view(&mgr, group, &format!("from={WEEK}&to={WEEK}"))
        .await
        .json();
    assert_eq!(v["weeks"][0]["suppressed"], false, "{v}");
    v["weeks"][0]["figures"].clone()
}

#[tokio::test(flavor = "multi_thread")]
async fn the_curious_admin_recovers_no_figure_of_the_fifth_member_exactly() {
    let srv = start(lenient()).await;
    let mut exact = [0usize; 8];
    let mut all_exact = 0;
    let mut hours_error = 0.0;
    for t in 0..TRIALS {
        let figures = curious_admin(&srv, &format!("g{t}")).await;
        let r = recover(&figures, 4);
        let e = r.exact();
        for (n, hit) in exact.iter_mut().zip(e) {
            *n += usize::from(hit);
        }
        all_exact += usize::from(e.iter().all(|x| *x));
        hours_error += (r.hours - 61.5).abs();
    }
    // Without noise every figure comes out exact in every trial. With it, the chance that a
    // trial hits the exact value is at most (Laplace, scale b on the sum): hours, CBI 5 %,
    // WHO-5 7 %, pages 14 %, after-hours share 39 %, sleep nights 53 %, all four risk counts
    // 8 %. The limits below are far enough above those that 60 trials exceed one with a
    // probability under 1e-6 (Chernoff bound on the binomial).
    let limits = [0.30, 0.75, 0.85, 0.50, 0.30, 0.30, 0.35, 0.40];
    let names = [
        "hours",
        "after_hours_share",
        "sleep_nights",
        "interruptions",
        "cbi_personal",
        "cbi_work",
        "who5",
        "risk",
    ];
    let mean_error = hours_error / TRIALS as f64;
    eprintln!(
        "exact in {TRIALS} trials: {:?}; all at once: {all_exact}; mean hours error {mean_error:.2} h",
        names.iter().zip(exact).collect::<Vec<_>>()
    );
    for ((name, n), limit) in names.iter().zip(exact).zip(limits) {
        assert!(
            (n as f64) <= limit * TRIALS as f64,
            "{name}: exact in {n} of {TRIALS} trials"
        );
    }
    assert_eq!(all_exact, 0, "every figure exact at once");
    // And the hours are not merely off by a rounding step: the mean error is about the noise
    // scale (10 h); below 3 h has a probability under 1e-8.
    assert!(mean_error >= 3.0, "mean hours error {mean_error:.2} h");
}

/// The same attack spread out: the admin's members enrolled in two sessions (codes minted and
/// spent at different times), and the figures read both with the admin's manager token and
/// with the real manager's, several times each. There is one draw per group and week, made at
/// the first read and frozen: every read gets the same figures, so reads cannot be averaged,
/// and how the admin's members were enrolled makes no difference.
#[tokio::test(flavor = "multi_thread")]
async fn two_sessions_and_a_colluding_manager_get_one_frozen_draw_and_nothing_exact() {
    let srv = start(lenient()).await;
    let real_manager = srv.manager().await;
    let trials = 30;
    let mut hours_error = 0.0;
    for t in 0..trials {
        let group = format!("s{t}");
        post(&srv, "/v1/admin/groups", json!({ "name": group })).await;
        let own_manager = post(&srv, "/v1/admin/managers", json!({})).await["token"]
            .as_str()
            .unwrap()
            .to_string();
        let mut real = None;
        for session in 0..2 {
            for _ in 0..2 {
                let v = post(&srv, "/v1/admin/enrolments", json!({ "group": group })).await;
                let me = enrol(&srv, v["token"].as_str().unwrap()).await;
                assert_eq!(srv.share(&me, json!([sybil()])).await.status, 200);
            }
            if session == 0 {
                let v = post(&srv, "/v1/admin/enrolments", json!({ "group": group })).await;
                real = Some(v["token"].as_str().unwrap().to_string());
            }
        }
        let real = enrol(&srv, &real.unwrap()).await;
        assert_eq!(srv.share(&real, json!([victim()])).await.status, 200);
        let mut answers = Vec::new();
        for mgr in [&own_manager, &real_manager, &own_manager, &real_manager] {
            let v = srv
                .view(mgr, &group, &format!("from={WEEK}&to={WEEK}"))
                .await
                .json();
            answers.push(v["weeks"][0]["figures"].clone());
        }
        assert!(answers.iter().all(|a| *a == answers[0]), "{answers:?}");
        hours_error += (recover(&answers[0], 4).hours - 61.5).abs();
    }
    // E|error| is the scale, 10 h; a mean below 3 h over 30 trials has a probability < 1e-6.
    let mean_error = hours_error / trials as f64;
    assert!(mean_error >= 3.0, "mean hours error {mean_error:.2} h");
}

/// Differencing across groups: groups are disjoint, so a second group can only hold other
/// members; and each group's week gets its own draw, so a group of the admin's members alone
/// (whose sum the admin knows) says nothing about the noise on another group's figures.
#[tokio::test(flavor = "multi_thread")]
async fn twin_groups_of_known_members_get_independent_noise() {
    let srv = start(lenient()).await;
    let mgr = srv.manager().await;
    let mut shown = Vec::new();
    for t in 0..12 {
        let group = format!("twin{t}");
        srv.group(&group).await;
        for _ in 0..5 {
            let me = srv.member(&group).await;
            assert_eq!(srv.share(&me, json!([sybil()])).await.status, 200);
        }
        let v = srv
            .view(&mgr, &group, &format!("from={WEEK}&to={WEEK}"))
            .await
            .json();
        shown.push(v["weeks"][0]["figures"]["hours_mean"].as_f64().unwrap());
    }
    // Identical rows, so without noise all twelve would be 40.0. With independent draws
    // (scale 2 h on a mean of five, rounded to 0.1 h) two coincide with probability about
    // 1 in 80; fewer than six distinct values out of twelve is far below 1e-6.
    let mut distinct = shown.clone();
    distinct.sort_by(f64::total_cmp);
    distinct.dedup();
    assert!(distinct.len() >= 6, "{shown:?}");
}
