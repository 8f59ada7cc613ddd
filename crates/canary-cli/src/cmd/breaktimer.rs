//! `canary break`: a Pomodoro-style timer in the terminal — work, rest, repeat, with a longer
//! rest at the end. A progress bar on stderr (terminals only), a bell at the end of each
//! phase, and Ctrl-C stops it cleanly with a word on what was done.

use std::io::Write;
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use anyhow::Result;
use indicatif::{ProgressBar, ProgressStyle};
use jiff::{SignedDuration, Timestamp};

use crate::cli::BreakArgs;
use crate::context::Context;

/// One phase of the schedule.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Phase {
    name: &'static str,
    cycle: u32,
    seconds: u64,
}

fn schedule(args: &BreakArgs) -> Vec<Phase> {
    let unit = if args.seconds { 1 } else { 60 };
    let mut out = Vec::new();
    for cycle in 1..=args.cycles.max(1) {
        out.push(Phase {
            name: "work",
            cycle,
            seconds: u64::from(args.work.max(1)) * unit,
        });
        let last = cycle == args.cycles.max(1);
        let rest = if last && args.long_rest > 0 {
            args.long_rest
        } else {
            args.rest
        };
        if rest > 0 {
            out.push(Phase {
                name: if last && args.long_rest > 0 {
                    "long rest"
                } else {
                    "rest"
                },
                cycle,
                seconds: u64::from(rest) * unit,
            });
        }
    }
    out
}

fn human(secs: u64) -> String {
    match (secs / 3600, (secs % 3600) / 60, secs % 60) {
        (0, 0, s) => format!("{s} s"),
        (0, m, 0) => format!("{m} min"),
        (0, m, s) => format!("{m} min {s} s"),
        (h, m, _) => format!("{h} h {m} min"),
    }
}

/// What to do in a rest, by phase; the help desk gets its own advice.
fn rest_hint(phase: &Phase) -> &'static str {
    if phase.name == "long rest" {
        "Step away properly: a walk, water, daylight. The queue will still be there."
    } else {
        "Stand up, look at something far away, breathe out slowly."
    }
}

pub fn run(ctx: &Context, args: &BreakArgs) -> Result<ExitCode> {
    let phases = schedule(args);
    let settings = ctx.settings().ok();
    let zone = settings
        .as_ref()
        .and_then(|s| s.zone().ok())
        .unwrap_or(jiff::tz::TimeZone::UTC);
    let helpdesk = settings.as_ref().is_some_and(|s| s.role == "helpdesk");
    let total: u64 = phases.iter().map(|p| p.seconds).sum();
    let mut err = std::io::stderr().lock();
    let unit = if args.seconds { "s" } else { "min" };
    writeln!(
        err,
        "{} cycles of {} {unit} work and {} {unit} rest{}: {} in all.",
        args.cycles.max(1),
        args.work.max(1),
        args.rest,
        if args.long_rest > 0 {
            format!(", then a {} {unit} rest", args.long_rest)
        } else {
            String::new()
        },
        human(total)
    )?;
    if helpdesk {
        writeln!(
            err,
            "Help desk: after a hard call or an angry ticket, take a short break before the next \
             one, even when the queue is full. Two minutes away from the headset helps."
        )?;
    }
    if args.dry_run {
        let mut out = std::io::stdout().lock();
        let mut t = ctx.now;
        for p in &phases {
            let end = t.saturating_add(SignedDuration::from_secs(p.seconds as i64))?;
            writeln!(
                out,
                "{:>2}. {}–{}  {}",
                p.cycle,
                clock(t, &zone, args.seconds),
                clock(end, &zone, args.seconds),
                p.name
            )?;
            t = end;
        }
        return Ok(ExitCode::SUCCESS);
    }
    drop(err);
    let stop = interrupt_flag();
    for (i, p) in phases.iter().enumerate() {
        if !run_phase(p, stop) {
            let done = phases[..i].iter().filter(|q| q.name == "work").count();
            eprintln!(
                "\nStopped. {done} of {} work cycles done — that still counts.",
                args.cycles.max(1)
            );
            return Ok(ExitCode::SUCCESS);
        }
        eprint!("\x07");
        match phases.get(i + 1) {
            Some(next) if next.name != "work" => {
                eprintln!("Cycle {} done. Rest now: {}", p.cycle, rest_hint(next));
            }
            Some(_) => eprintln!("Rest over. Back to work: one thing at a time."),
            None => eprintln!("All done. Well worked, well rested."),
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn clock(t: Timestamp, zone: &jiff::tz::TimeZone, seconds: bool) -> String {
    let z = t.to_zoned(zone.clone());
    z.strftime(if seconds { "%H:%M:%S" } else { "%H:%M" })
        .to_string()
}

/// Run one phase; `false` when interrupted.
fn run_phase(p: &Phase, stop: &AtomicBool) -> bool {
    let bar = if std::io::IsTerminal::is_terminal(&std::io::stderr()) {
        ProgressBar::new(p.seconds)
    } else {
        ProgressBar::hidden()
    };
    bar.set_style(
        ProgressStyle::with_template("{msg:>12} [{bar:30}] {elapsed} of {len}s")
            .expect("valid template")
            .progress_chars("=> "),
    );
    bar.set_message(format!("{} {}", p.name, p.cycle));
    let start = Instant::now();
    let length = Duration::from_secs(p.seconds);
    loop {
        if stop.load(Ordering::SeqCst) {
            bar.abandon();
            return false;
        }
        let elapsed = start.elapsed();
        bar.set_position(elapsed.as_secs().min(p.seconds));
        if elapsed >= length {
            bar.finish_and_clear();
            return true;
        }
        std::thread::sleep((length - elapsed).min(Duration::from_millis(100)));
    }
}

static STOP: AtomicBool = AtomicBool::new(false);

#[cfg(unix)]
extern "C" fn on_interrupt(_: libc::c_int) {
    STOP.store(true, Ordering::SeqCst);
}

/// Ctrl-C sets a flag the timer polls, so it can stop cleanly instead of dying mid-line.
#[allow(unsafe_code)] // installing a signal handler; see the SAFETY note
fn interrupt_flag() -> &'static AtomicBool {
    #[cfg(unix)]
    // SAFETY: the handler only stores to an atomic, which is async-signal-safe.
    unsafe {
        libc::signal(
            libc::SIGINT,
            on_interrupt as extern "C" fn(libc::c_int) as libc::sighandler_t,
        );
    }
    &STOP
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schedule_ends_with_the_long_rest() {
        let args = BreakArgs {
            work: 25,
            rest: 5,
            cycles: 2,
            long_rest: 15,
            seconds: false,
            dry_run: true,
        };
        let s = schedule(&args);
        let names: Vec<_> = s.iter().map(|p| (p.name, p.seconds)).collect();
        assert_eq!(
            names,
            [
                ("work", 1500),
                ("rest", 300),
                ("work", 1500),
                ("long rest", 900)
            ]
        );
        assert_eq!(human(6900), "1 h 55 min");
    }
}
