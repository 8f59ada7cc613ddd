//! Dashboard benchmark: a store of about a million events (five years of a heavy user), the
//! server started on it, and every page requested 100 times; prints median and p95 per page.
//!
//! cargo build --release -p canary-cli && \
//!   cargo run --release -p canary-cli --example dash_bench [-- PATH/TO/canary]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn get(port: u16, path: &str) -> u16 {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut out = Vec::new();
    s.read_to_end(&mut out).unwrap();
    String::from_utf8_lossy(&out[9..12]).parse().unwrap()
}

fn main() {
    let bin = std::env::args().nth(1).unwrap_or_else(|| {
        let profile = if cfg!(debug_assertions) {
            "debug"
        } else {
            "release"
        };
        format!(
            "{}/../../target/{profile}/canary",
            env!("CARGO_MANIFEST_DIR")
        )
    });
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("heavy.db");
    let now: jiff::Timestamp = "2026-11-27T18:00:00Z".parse().unwrap();
    let t = Instant::now();
    let events = canary::demo::heavy_user(5, 1, now);
    let n = events.len();
    let mut store = canary::store::Store::open(&db).unwrap();
    store
        .insert_events(canary::SourceKind::Zsh, "heavy user", events, now)
        .unwrap();
    drop(store);
    eprintln!("store: {n} events in {:.1?}", t.elapsed());

    let t = Instant::now();
    let mut child = Command::new(&bin)
        .args(["--db"])
        .arg(&db)
        .args(["--config"])
        .arg(dir.path().join("none.toml"))
        .args(["--now", "2026-11-27T18:00:00Z", "serve", "--port", "0"])
        .stdout(Stdio::piped())
        .spawn()
        .expect("start canary serve");
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let port: u16 = line
        .trim()
        .trim_end_matches('/')
        .rsplit(':')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    eprintln!(
        "server ready (report built and cached) in {:.1?}",
        t.elapsed()
    );

    println!("| page | median ms | p95 ms |\n|---|---|---|");
    for path in [
        "/",
        "/time",
        "/oncall",
        "/checkin",
        "/plan",
        "/sources",
        "/style.css",
    ] {
        assert_eq!(get(port, path), 200, "{path}");
        let mut times: Vec<Duration> = (0..100)
            .map(|_| {
                let t = Instant::now();
                get(port, path);
                t.elapsed()
            })
            .collect();
        times.sort();
        let ms = |d: Duration| d.as_secs_f64() * 1000.0;
        println!("| `{path}` | {:.2} | {:.2} |", ms(times[49]), ms(times[94]));
    }
    let _ = child.kill();
    let _ = child.wait();
}
