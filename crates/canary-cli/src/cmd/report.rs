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
    let report = ws.report(&args.period.spec(), ctx.now)?;
    render::report::print(&report, args.json)?;
    if !args.json {
        if !ws.settings_declared {
            eprintln!(
                "hint: these figures use the default boundaries; declare yours with `canary init`"
            );
        }
        let held = ws.store.source_summaries()?;
        let first = held.iter().map(|s| s.first).min();
        let last = held.iter().map(|s| s.last).max();
        if let (0, Some(first), Some(last)) = (report.coverage.covered_days, first, last) {
            let (a, b) = (first.strftime("%Y-%m-%d"), last.strftime("%Y-%m-%d"));
            eprintln!(
                "hint: nothing in this period; your imported data runs from {a} to {b}: try `canary report --since {a} --until {b}`"
            );
        } else if report.risk.level == RiskLevel::Unknown {
            eprintln!(
                "hint: import more of your traces, e.g. `canary import zsh ~/.zsh_history` or `canary import git ~/src/repo`"
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}
