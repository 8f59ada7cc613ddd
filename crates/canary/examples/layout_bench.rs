//! Can another table layout take a large import closer to `grep`? Inserts N distinct mail-like
//! event rows (keys are keyed 128-bit hashes of Message-IDs, as the store keeps them: random
//! order; times in file order with jitter; a hashed counterpart; an identity hash) into stores
//! on disk with the store's pragmas (WAL, `synchronous = NORMAL`, 64 MiB page cache, temp store
//! in memory), then imports the same N rows again (every one a duplicate):
//!
//! - `current`: the `events` table and indexes of `store/migrations.rs` (`UNIQUE (source, key)`,
//!   `events_utc`, the partial unique `events_identity`), `INSERT OR IGNORE` in 20,000-row
//!   transactions, as `StoreSink::flush` does;
//! - `current-sorted`: the same with each batch sorted by key;
//! - `log`: an append-only table without any index, 20,000-row transactions; after the import
//!   the three indexes built, and if a unique one finds repeats, the build rolled back, the
//!   repeats removed (the first row of each `(source, key)`, then of each identity) and the
//!   indexes built again. A second import must drop the indexes, append, de-duplicate and
//!   rebuild (the time of a failed build included);
//! - `digest`: keys and identities as 8-byte integers (the first 64 bits of the 128-bit hash),
//!   the key digest being the rowid itself (no separate unique index), `events_utc` and the
//!   partial unique identity index as now.
//!
//! `cargo run --release -p canary --example layout_bench -- N DIR [LAYOUT…]` (N rows; the
//! stores are written in DIR and deleted after). Prints one line per layout: import time, the
//! index/de-dupe part of it, re-import time, file size.

use std::path::Path;
use std::time::Instant;

use rusqlite::{Connection, params};

const BATCH: usize = 20_000;

/// The columns of an event row as the store writes them.
struct Row {
    key: String,
    kind: &'static str,
    utc: i64,
    offset: i32,
    counterpart: String,
    parent: Option<String>,
    automated: bool,
    identity: String,
}

fn hex128(h: &blake3::Hash) -> String {
    h.to_hex()[..32].to_string()
}

fn digest64(hex: &str) -> i64 {
    u64::from_str_radix(&hex[..16], 16).expect("hex") as i64
}

/// N rows shaped like an Enron mbox import: 2000–2002, in file order (a folder's messages are
/// roughly in time order) with a few hours of jitter, 80 % received.
fn rows(n: usize) -> Vec<Row> {
    let key = [7u8; 32];
    let mut rng = fastrand::Rng::with_seed(15);
    let start = 946_684_800i64; // 2000-01-01
    let span = 3 * 365 * 86_400i64;
    (0..n)
        .map(|i| {
            let mid = format!(
                "<{}.{}.JavaMail.evans@thyme>",
                rng.u32(..10_000_000),
                1_075_840_000_000u64 + i as u64
            );
            let k = hex128(&blake3::keyed_hash(&key, mid.as_bytes()));
            let utc = start + span * i as i64 / n as i64 + rng.i64(-3 * 3600..3 * 3600);
            let who = format!("person{}@enron.com", rng.u32(..5_000));
            let parent = rng.bool().then(|| {
                let p = format!("<{}.JavaMail.evans@thyme>", rng.u64(..));
                hex128(&blake3::keyed_hash(&key, p.as_bytes()))
            });
            Row {
                identity: hex128(&blake3::keyed_hash(
                    &key,
                    format!("{utc}|{who}|{i}").as_bytes(),
                )),
                key: k,
                kind: if rng.u8(..10) < 8 {
                    "mail_received"
                } else {
                    "mail_sent"
                },
                utc,
                offset: if rng.bool() { -25_200 } else { -28_800 },
                counterpart: hex128(&blake3::keyed_hash(&key, who.as_bytes())),
                parent,
                automated: rng.u8(..20) == 0,
            }
        })
        .collect()
}

/// The store's connection settings (`Store::setup`).
fn open(path: &Path) -> Connection {
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
    }
    let conn = Connection::open(path).expect("open");
    conn.pragma_update(None, "journal_mode", "WAL")
        .expect("wal");
    conn.pragma_update(None, "synchronous", "NORMAL")
        .expect("sync");
    conn.pragma_update(None, "cache_size", -65_536)
        .expect("cache");
    conn.pragma_update(None, "temp_store", "MEMORY")
        .expect("temp");
    conn
}

/// The `events` table as migrations 1, 2 and 6 leave it (without the `import_runs` foreign
/// key: the run id is a plain integer here).
const EVENTS: &str = "CREATE TABLE events (
    id          INTEGER PRIMARY KEY,
    source      TEXT NOT NULL,
    key         TEXT NOT NULL,
    kind        TEXT NOT NULL,
    utc         INTEGER NOT NULL,
    utc_offset  INTEGER,
    duration    INTEGER,
    urgency     TEXT,
    actor       TEXT,
    counterpart TEXT,
    run_id      INTEGER,
    parent TEXT, context TEXT, priority INTEGER, automated INTEGER NOT NULL DEFAULT 0,
    personal INTEGER NOT NULL DEFAULT 0 CHECK (personal IN (0, 1)), identity TEXT
    %UNIQUE%
) STRICT";
const INDEXES: &str = "CREATE UNIQUE INDEX events_key ON events(source, key);
    CREATE INDEX events_utc ON events(utc);
    CREATE UNIQUE INDEX events_identity ON events(identity) WHERE identity IS NOT NULL;";
const INSERT: &str = "INSERT OR IGNORE INTO events
    (source, key, kind, utc, utc_offset, duration, urgency, actor, counterpart, run_id,
     parent, context, priority, automated, personal, identity)
    VALUES ('mbox', ?1, ?2, ?3, ?4, NULL, NULL, NULL, ?5, ?6, ?7, NULL, NULL, ?8, 0, ?9)";

/// Insert in 20,000-row transactions; the rows changed.
fn insert(conn: &mut Connection, rows: &[&Row], sql: &str, run: i64, digest: bool) -> usize {
    let mut changed = 0;
    for chunk in rows.chunks(BATCH) {
        let tx = conn.transaction().expect("tx");
        {
            let mut st = tx.prepare_cached(sql).expect("prepare");
            for r in chunk {
                changed += if digest {
                    st.execute(params![
                        digest64(&r.key),
                        r.kind,
                        r.utc,
                        r.offset,
                        r.counterpart,
                        run,
                        r.parent.as_deref().map(digest64),
                        r.automated,
                        digest64(&r.identity),
                    ])
                } else {
                    st.execute(params![
                        r.key,
                        r.kind,
                        r.utc,
                        r.offset,
                        r.counterpart,
                        run,
                        r.parent,
                        r.automated,
                        r.identity,
                    ])
                }
                .expect("insert");
            }
        }
        tx.commit().expect("commit");
    }
    changed
}

/// The log's index build and, when a unique index finds repeats, its de-duplication (the
/// first row of each `(source, key)`, then of each identity), in one transaction; the rows
/// kept and the seconds the de-duplication took (0 when there was none).
fn dedupe_and_index(conn: &mut Connection) -> (usize, f64) {
    let tx = conn.transaction().expect("tx");
    let mut dedupe = 0.0;
    tx.execute_batch("SAVEPOINT build").expect("savepoint");
    if tx.execute_batch(INDEXES).is_err() {
        tx.execute_batch("ROLLBACK TO build").expect("rollback");
        let t = Instant::now();
        tx.execute_batch(
            "DELETE FROM events WHERE id NOT IN (SELECT min(id) FROM events GROUP BY source, key);
             DELETE FROM events WHERE identity IS NOT NULL AND id NOT IN
                (SELECT min(id) FROM events WHERE identity IS NOT NULL GROUP BY identity);",
        )
        .expect("dedupe");
        dedupe = t.elapsed().as_secs_f64();
        tx.execute_batch(INDEXES).expect("indexes");
    }
    tx.execute_batch("RELEASE build").expect("release");
    let n: i64 = tx
        .query_row("SELECT count(*) FROM events", [], |r| r.get(0))
        .expect("count");
    tx.commit().expect("commit");
    (usize::try_from(n).expect("a count"), dedupe)
}

/// This process's CPU time (user + system) in seconds, from `/proc/self/stat` (Linux; 0 elsewhere).
fn cpu() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // The fields after the command name (in parentheses): utime and stime are the 12th and 13th.
    let rest = stat.rsplit_once(')').map_or("", |(_, r)| r);
    let f: Vec<f64> = rest
        .split_whitespace()
        .skip(11)
        .take(2)
        .filter_map(|x| x.parse().ok())
        .collect();
    f.iter().sum::<f64>() / 100.0
}

fn size(path: &Path) -> f64 {
    let main = std::fs::metadata(path).map_or(0, |m| m.len());
    let wal = std::fs::metadata(format!("{}-wal", path.display())).map_or(0, |m| m.len());
    (main + wal) as f64 / 1_048_576.0
}

fn run(layout: &str, rows: &[Row], dir: &Path) {
    let path = dir.join(format!("layout-{layout}.db"));
    let mut conn = open(&path);
    let in_file_order: Vec<&Row> = rows.iter().collect();
    let (t, c) = (Instant::now(), cpu());
    let (mut index, mut reindex) = (String::new(), String::new());
    let (stored, again, reimport_s, reimport_cpu, import_cpu);
    match layout {
        "current" | "current-sorted" => {
            conn.execute_batch(&EVENTS.replace("%UNIQUE%", ", UNIQUE (source, key)"))
                .expect("schema");
            conn.execute_batch(
                "CREATE INDEX events_utc ON events(utc);
                 CREATE UNIQUE INDEX events_identity ON events(identity) WHERE identity IS NOT NULL;",
            )
            .expect("indexes");
            let mut order = in_file_order.clone();
            if layout == "current-sorted" {
                order
                    .chunks_mut(BATCH)
                    .for_each(|c| c.sort_unstable_by(|a, b| a.key.cmp(&b.key)));
            }
            stored = insert(&mut conn, &order, INSERT, 1, false);
            import_cpu = cpu() - c;
            let (t2, c2) = (Instant::now(), cpu());
            again = insert(&mut conn, &order, INSERT, 2, false);
            reimport_s = t2.elapsed().as_secs_f64();
            reimport_cpu = cpu() - c2;
        }
        "log" => {
            conn.execute_batch(&EVENTS.replace("%UNIQUE%", ""))
                .expect("schema");
            insert(&mut conn, &in_file_order, INSERT, 1, false);
            let ti = Instant::now();
            let dedupe;
            (stored, dedupe) = dedupe_and_index(&mut conn);
            import_cpu = cpu() - c;
            index = format!(
                "; de-dupe {dedupe:.2} s + indexes {:.2} s",
                ti.elapsed().as_secs_f64() - dedupe
            );
            // A second import: the indexes dropped, the rows appended, de-duplicated, rebuilt.
            let (t2, c2) = (Instant::now(), cpu());
            conn.execute_batch(
                "DROP INDEX events_key; DROP INDEX events_utc; DROP INDEX events_identity;",
            )
            .expect("drop");
            insert(&mut conn, &in_file_order, INSERT, 2, false);
            let ti = Instant::now();
            let (kept, dedupe) = dedupe_and_index(&mut conn);
            again = kept - stored;
            reindex = format!(
                "; de-dupe {dedupe:.2} s + indexes {:.2} s",
                ti.elapsed().as_secs_f64() - dedupe
            );
            reimport_s = t2.elapsed().as_secs_f64();
            reimport_cpu = cpu() - c2;
        }
        "digest" => {
            conn.execute_batch(
                "CREATE TABLE events (
                    id INTEGER PRIMARY KEY, -- the first 64 bits of the key's hash
                    source TEXT NOT NULL, kind TEXT NOT NULL, utc INTEGER NOT NULL,
                    utc_offset INTEGER, duration INTEGER, urgency TEXT, actor TEXT,
                    counterpart TEXT, run_id INTEGER, parent INTEGER, context TEXT,
                    priority INTEGER, automated INTEGER NOT NULL DEFAULT 0,
                    personal INTEGER NOT NULL DEFAULT 0, identity INTEGER
                 ) STRICT;
                 CREATE INDEX events_utc ON events(utc);
                 CREATE UNIQUE INDEX events_identity ON events(identity) WHERE identity IS NOT NULL;",
            )
            .expect("schema");
            let sql = "INSERT OR IGNORE INTO events
                (id, source, kind, utc, utc_offset, counterpart, run_id, parent, automated,
                 identity) VALUES (?1, 'mbox', ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)";
            stored = insert(&mut conn, &in_file_order, sql, 1, true);
            import_cpu = cpu() - c;
            let (t2, c2) = (Instant::now(), cpu());
            again = insert(&mut conn, &in_file_order, sql, 2, true);
            reimport_s = t2.elapsed().as_secs_f64();
            reimport_cpu = cpu() - c2;
        }
        other => {
            eprintln!("unknown layout {other} (current, current-sorted, log, digest)");
            std::process::exit(2);
        }
    }
    let total = t.elapsed().as_secs_f64() - reimport_s;
    conn.pragma_update(None, "wal_checkpoint", "TRUNCATE").ok();
    println!(
        "| {layout} | {stored} | {total:.2} s (CPU {import_cpu:.2} s{index}) | \
         {reimport_s:.2} s (CPU {reimport_cpu:.2} s{reindex}) | {again} | {:.0} MiB |",
        size(&path),
    );
    drop(conn);
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(n), Some(dir)) = (args.first(), args.get(1)) else {
        eprintln!("usage: layout_bench N DIR [current|current-sorted|log|digest …]");
        std::process::exit(2);
    };
    let n: usize = n.parse().expect("N is a number");
    let dir = Path::new(dir);
    std::fs::create_dir_all(dir).expect("DIR");
    let layouts: Vec<&str> = if args.len() > 2 {
        args[2..].iter().map(String::as_str).collect()
    } else {
        vec!["current", "current-sorted", "log", "digest"]
    };
    let t = Instant::now();
    let rows = rows(n);
    eprintln!("{n} rows generated in {:.1?}", t.elapsed());
    println!(
        "| layout ({n} rows) | stored | import | re-import (all duplicates) | new on re-import | file |"
    );
    println!("|---|---|---|---|---|---|");
    for layout in layouts {
        run(layout, &rows, dir);
    }
}
