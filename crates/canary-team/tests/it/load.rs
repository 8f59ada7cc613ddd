//! A bounded load test on loopback: many members sharing at once, over plain HTTP and over
//! HTTPS (each member with a client of its own, so a TLS handshake each). Ignored by default;
//! run with `cargo test --release -p canary-team --test it -- load:: --ignored --nocapture
//! --test-threads 1`.

use crate::common;

use std::time::{Duration, Instant};

use common::{Srv, lenient, start, start_tls, week};
use serde_json::{Value, json};

const MEMBERS: usize = 50;
const REQUESTS_PER_MEMBER: usize = 40;

#[tokio::test(flavor = "multi_thread")]
#[ignore = "load test; run on purpose"]
async fn fifty_members_sharing_at_once() {
    load(start(lenient()).await, "http").await;
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "load test; run on purpose"]
async fn fifty_members_sharing_at_once_over_https() {
    load(start_tls(lenient()).await, "https").await;
}

async fn load(srv: Srv, scheme: &str) {
    srv.group("load").await;
    let mut tokens = Vec::new();
    for _ in 0..MEMBERS {
        tokens.push(srv.member("load").await);
    }
    let started = Instant::now();
    let handles: Vec<_> = tokens
        .into_iter()
        .map(|t| {
            let client = srv.new_client();
            std::thread::spawn(move || {
                let mut lat = Vec::with_capacity(REQUESTS_PER_MEMBER);
                for i in 0..REQUESTS_PER_MEMBER {
                    let weeks: Vec<Value> = (1..=4)
                        .map(|w| week(&format!("2025-W{:02}", (i % 12) * 4 + w), 40.0 + w as f64))
                        .collect();
                    let body = json!({ "weeks": weeks }).to_string();
                    let t0 = Instant::now();
                    let r = client
                        .request("PUT", "/v1/me/weeks", Some(&t), Some(body.as_bytes()))
                        .unwrap();
                    lat.push(t0.elapsed());
                    assert_eq!(r.status, 200);
                }
                lat
            })
        })
        .collect();
    let mut lat: Vec<Duration> = handles
        .into_iter()
        .flat_map(|h| h.join().unwrap())
        .collect();
    let wall = started.elapsed();
    lat.sort();
    let n = lat.len();
    let p = |q: f64| lat[((n as f64 * q).ceil() as usize).min(n) - 1];
    println!(
        "{scheme}: {MEMBERS} members x {REQUESTS_PER_MEMBER} shares of 4 weeks: {n} requests in {:.2}s = {:.0} req/s; p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms",
        wall.as_secs_f64(),
        n as f64 / wall.as_secs_f64(),
        p(0.50).as_secs_f64() * 1e3,
        p(0.99).as_secs_f64() * 1e3,
        lat[n - 1].as_secs_f64() * 1e3,
    );
    // A manager read over the loaded store stays quick.
    let mgr = srv.manager().await;
    let t0 = Instant::now();
    let v = srv.view(&mgr, "load", "from=2025-W01&to=2025-W52").await;
    assert_eq!(v.status, 200);
    println!(
        "manager read of 52 weeks: {:.2} ms",
        t0.elapsed().as_secs_f64() * 1e3
    );
    assert!(
        p(0.99) < Duration::from_secs(2),
        "p99 under 2 s on loopback"
    );
}
