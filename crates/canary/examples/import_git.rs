//! Benchmark of the git importer: `cargo run --release --example import_git -p canary -- PATH`.
//!
//! Imports every commit of the repository at PATH into a sink that only counts, and prints the
//! number of commits, skips and the elapsed wall-clock seconds. Compare with
//! `git -C PATH log --all --format='%at %ae' | wc -l` (see `scripts/make-git-repo.py`).

use std::path::PathBuf;
use std::time::Instant;

use canary::Event;
use canary::privacy::IdentityHasher;
use canary::settings::Identities;
use canary::sources::{ImportContext, Location, Sink, SinkError, git};

/// Counts what it is given; keeps nothing.
#[derive(Default)]
struct Count {
    commits: u64,
    mine: u64,
    skipped: u64,
}

impl Sink for Count {
    fn event(&mut self, event: Event) -> Result<(), SinkError> {
        self.commits += 1;
        self.mine += u64::from(event.actor.is_none());
        Ok(())
    }

    fn skip(&mut self, at: Location, reason: String) {
        if self.skipped < 5 {
            eprintln!("skipped {at}: {reason}");
        }
        self.skipped += 1;
    }
}

fn main() {
    let Some(path) = std::env::args_os().nth(1).map(PathBuf::from) else {
        eprintln!("usage: import_git PATH [MY_EMAIL]");
        std::process::exit(2);
    };
    let identities = Identities {
        emails: std::env::args().nth(2).into_iter().collect(),
        ..Identities::default()
    };
    let ctx = ImportContext::new(identities, IdentityHasher::new([7; 32]));
    let mut sink = Count::default();
    let start = Instant::now();
    if let Err(e) = git::import(&path, &ctx, &mut sink) {
        eprintln!("error: {e}");
        std::process::exit(1);
    }
    let secs = start.elapsed().as_secs_f64();
    println!(
        "commits {} (mine {}), skipped {}, {secs:.3} s",
        sink.commits, sink.mine, sink.skipped
    );
}
