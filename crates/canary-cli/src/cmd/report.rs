//! `canary report`: the risk picture, weekly figures, heatmap and evidence, as text or JSON.

use std::process::ExitCode;

use anyhow::Result;
use canary::model::RiskLevel;

use crate::cli::ReportArgs;
use crate::context::Context;
use crate::render;

pub fn run(ctx: &Context, args: &ReportArgs) -> Result<ExitCode> {
    let ws = ctx.workspace()?;
    let _unreadable = crate::render::UnreadableWarning(&ws.store);
    let period = ws.period(&args.period.query(), ctx.now)?;
    let report = ws.report(&period, ctx.now)?;
    render::report::print(&report, args.json)?;
    if !args.json {
        if !ws.settings_declared {
            eprintln!(
                "hint: these figures use the default boundaries; declare yours with `canary init`"
            );
        }
        // Sources outside the period are listed at the top of the report itself.
        if report.coverage.sources.is_empty() && report.coverage.outside_period.is_empty() {
            eprintln!(
                "hint: nothing imported yet: e.g. `canary import zsh ~/.zsh_history` or `canary import git ~/src/repo`"
            );
        } else if report.risk.level == RiskLevel::Unknown {
            eprintln!(
                "hint: import more of your traces, e.g. `canary import zsh ~/.zsh_history` or `canary import git ~/src/repo`"
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}
