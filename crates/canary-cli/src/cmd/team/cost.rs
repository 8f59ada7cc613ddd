//! `canary team cost`: the business case in Markdown (and HTML).

use std::path::Path;
use std::process::ExitCode;

use anyhow::{Context as _, Result, anyhow};
use canary::team::cost::{CostInputs, compute, html, markdown};

use crate::cli::team::CostArgs;
use crate::context::Context;
use crate::output;

/// The manager's inputs from a TOML file, or none (every figure an assumption).
pub fn read_inputs(path: Option<&Path>) -> Result<CostInputs> {
    Ok(match path {
        Some(p) => {
            let text = std::fs::read_to_string(p)
                .with_context(|| format!("cannot read {}", p.display()))?;
            toml::from_str(&text).map_err(|e| anyhow!("{}: {e}", p.display()))?
        }
        None => CostInputs::default(),
    })
}

pub fn run(_ctx: &Context, args: &CostArgs) -> Result<ExitCode> {
    let inputs = read_inputs(args.inputs.as_deref())?;
    let report = compute(&inputs).map_err(|e| anyhow!("bad inputs: {e}"))?;
    if let Some(p) = &args.html {
        let to_stdout = output::is_stdout(p);
        output::at_most_one_stdout(&[("--json", args.json && to_stdout), ("--html -", to_stdout)])?;
        output::write_text(p, &html(&report))?;
        if to_stdout {
            return Ok(ExitCode::SUCCESS);
        }
    }
    if args.json {
        outln!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        out!(
            "{}",
            canary::privacy::display_safe_lines(&markdown(&report))
        );
    }
    Ok(ExitCode::SUCCESS)
}
