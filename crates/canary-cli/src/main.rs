//! `canary`: the command-line front of the Canary pipeline.
//!
//! Glue only: parse arguments, find the settings and the store, call the library, present the
//! result. Data goes to stdout, messages and progress to stderr; a closed pipe is not an error.

// Everything printed to stdout goes through `out!`/`outln!` (or a `Write` with `?`), so that a
// closed pipe comes back to `main` as an error and ends the command quietly, never as a panic.
#![warn(clippy::print_stdout)]

/// `print!` that returns a failed write to stdout (a closed pipe) as an error with `?`.
macro_rules! out {
    ($($arg:tt)*) => {
        ::std::io::Write::write_fmt(&mut ::std::io::stdout(), format_args!($($arg)*))?
    };
}

/// `println!` that returns a failed write to stdout (a closed pipe) as an error with `?`.
macro_rules! outln {
    () => {
        out!("\n")
    };
    ($($arg:tt)*) => {
        out!("{}\n", format_args!($($arg)*))
    };
}

mod cli;
mod cmd;
mod context;
mod dashboard;
mod digest_file;
#[cfg(test)]
mod layers;
mod notify;
mod output;
mod render;
mod style;

use std::io::Write;
use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = cli::Cli::parse();
    match cmd::run(cli) {
        Ok(code) => code,
        Err(err) => {
            if is_broken_pipe(&err) {
                return ExitCode::SUCCESS;
            }
            // Errors name paths and quote input: escaped, so no file can write to the terminal.
            let safe = |s: String| canary::privacy::display_safe_lines(&s).into_owned();
            let mut stderr = anstream::stderr().lock();
            let _ = writeln!(
                stderr,
                "{}error:{} {}",
                style::ERROR.render(),
                style::ERROR.render_reset(),
                safe(err.to_string())
            );
            // A cause the message above already ends with ("cannot write F: No space left on
            // device" over the I/O error itself) is not said twice.
            let mut said = err.to_string();
            for cause in err.chain().skip(1) {
                let text = cause.to_string();
                if !said.ends_with(&text) {
                    let _ = writeln!(stderr, "  caused by: {}", safe(text.clone()));
                }
                said = text;
            }
            if let Some(hint) = hint_of(&err) {
                let _ = writeln!(
                    stderr,
                    "{}hint:{} {}",
                    style::HINT.render(),
                    style::HINT.render_reset(),
                    safe(hint)
                );
            }
            ExitCode::from(2)
        }
    }
}

fn is_broken_pipe(err: &anyhow::Error) -> bool {
    let pipe = Some(std::io::ErrorKind::BrokenPipe);
    err.chain().any(|c| {
        c.downcast_ref::<std::io::Error>().map(std::io::Error::kind) == pipe
            // serde_json keeps the io error inside and does not expose it as a source.
            || c.downcast_ref::<serde_json::Error>().and_then(serde_json::Error::io_error_kind) == pipe
    })
}

/// A hint the library attached to an error, if any.
fn hint_of(err: &anyhow::Error) -> Option<String> {
    err.chain().find_map(|c| {
        if let Some(missing) = c.downcast_ref::<context::MissingStore>() {
            return Some(missing.hint().to_string());
        }
        match c.downcast_ref::<canary::sources::ImportError>() {
            Some(canary::sources::ImportError::Refused { hint: Some(h), .. }) => Some(h.clone()),
            _ => None,
        }
    })
}
