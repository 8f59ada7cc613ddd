//! The plan as `canary plan` and `canary demo --plan` print it: Markdown or JSON on stdout,
//! and the self-contained HTML page when asked.

use std::io::Write;
use std::path::Path;

use anyhow::Result;
use canary::plan::{self, Plan};

use crate::output;

/// Print the plan, and write the HTML page when asked.
/// With `--html -` the page goes to stdout instead of the Markdown.
pub fn show(plan: &Plan, json: bool, html: Option<&Path>) -> Result<()> {
    // The file first: a closed stdout must not keep it from being written.
    if let Some(path) = html {
        let to_stdout = output::is_stdout(path);
        output::at_most_one_stdout(&[("--json", json && to_stdout), ("--html -", to_stdout)])?;
        output::write_text(path, &plan::html::render(plan))?;
        if to_stdout {
            return Ok(());
        }
    }
    let mut out = anstream::stdout().lock();
    if json {
        crate::output::json(&mut out, plan)?;
    } else {
        writeln!(out, "{}", plan::markdown::render(plan))?;
    }
    Ok(())
}
