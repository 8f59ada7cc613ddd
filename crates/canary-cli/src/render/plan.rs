//! The plan as `canary plan` and `canary demo --plan` print it: Markdown or JSON on stdout,
//! and the self-contained HTML page when asked.

use std::io::Write;
use std::path::Path;

use anyhow::{Context as _, Result};
use canary::plan::{self, Plan};

/// Print the plan, and write the HTML page when asked.
pub fn show(plan: &Plan, json: bool, html: Option<&Path>) -> Result<()> {
    // The file first: a closed stdout must not keep it from being written.
    if let Some(path) = html {
        std::fs::write(path, plan::html::render(plan))
            .with_context(|| format!("cannot write {}", path.display()))?;
        eprintln!("Wrote {}", path.display());
    }
    let mut out = anstream::stdout().lock();
    if json {
        serde_json::to_writer_pretty(&mut out, plan)?;
        writeln!(out)?;
    } else {
        writeln!(out, "{}", plan::markdown::render(plan))?;
    }
    Ok(())
}
