//! `canary team share`: send this person's last complete weeks, per metric they opt in to,
//! to a team server. `--dry-run` prints exactly the JSON that would be sent; `--show` and
//! `--delete` let the member see and remove what the server holds from them.
//!
//! A chosen metric is sent for every week, as `null` when nothing measured it (a week no
//! source covers, after-hours share without hours, pages without a paging source): unmeasured
//! is not zero, and the server counts it toward nothing. Metrics not chosen are not sent.
//!
//! The server options (`--server`, `--token`, `--ca-cert`) are the shared
//! [`ServerArgs`](super::remote::ServerArgs): `https://` to any host, `http://` to loopback only.

use std::process::ExitCode;

use anyhow::{Result, bail};
use canary::report::WeekRow;
use canary_team::{Figure, InstrumentShare, ShareBody, WeekShare};
use clap::{Args, ValueEnum};
use jiff::ToSpan;

use super::remote::ServerArgs;
use crate::cli::PeriodArgs;
use crate::cmd::report::compute;
use crate::context::Context;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Metric {
    Hours,
    #[value(name = "after_hours")]
    AfterHours,
    Sleep,
    Interruptions,
    Risk,
    Instruments,
}

#[derive(Debug, Args)]
pub struct ShareArgs {
    /// The server, your member token and the CA to trust (not needed with --dry-run).
    #[command(flatten)]
    pub remote: ServerArgs,
    /// Print exactly what would be sent, and send nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// What to share, comma-separated; nothing is shared that is not named here.
    #[arg(long, value_delimiter = ',', required_unless_present_any = ["show", "delete"])]
    pub metrics: Vec<Metric>,
    /// Print everything the server holds from you (JSON), and share nothing.
    #[arg(long, conflicts_with_all = ["dry_run", "delete"])]
    pub show: bool,
    /// Delete what you shared from the server: one ISO week (YYYY-Www) or `all`.
    #[arg(long, value_name = "WEEK|all", conflicts_with = "dry_run")]
    pub delete: Option<String>,
    /// How many of the last complete weeks to share.
    #[arg(long, value_name = "N", default_value_t = 4)]
    pub weeks: u32,
}

fn round(x: f64, places: i32) -> f64 {
    let f = 10f64.powi(places);
    (x * f).round() / f
}

/// Whether anything measured the week: a week no source covered on any day has no figures,
/// not zeros. The one place that decides it.
fn measured(w: &WeekRow) -> bool {
    w.covered_days > 0
}

/// A chosen metric's figure: its value when `known`, else unmeasured (`null`).
fn figure<T>(chosen: bool, known: bool, value: impl FnOnce() -> T) -> Figure<T> {
    Figure::chosen(chosen, known.then(value))
}

/// The body `share` sends: the last `args.weeks` complete ISO weeks, only the chosen metrics.
pub fn body(ctx: &Context, args: &ShareArgs) -> Result<ShareBody> {
    let settings = ctx.settings()?;
    let store = ctx.store()?;
    let period = PeriodArgs {
        weeks: Some(args.weeks + 1),
        since: None,
        until: None,
    };
    let report = compute(&store, &settings, ctx.now, &period)?;
    let today = ctx.now.to_zoned(settings.zone()?).date();
    let complete: Vec<_> = report
        .weeks
        .iter()
        .filter(|w| w.start.checked_add(7.days()).is_ok_and(|end| end <= today))
        .collect();
    let skip = complete.len().saturating_sub(args.weeks as usize);
    let chosen = &complete[skip..];
    let on = |m: Metric| args.metrics.contains(&m);
    let mut weeks = Vec::new();
    for (i, w) in chosen.iter().enumerate() {
        let latest = i + 1 == chosen.len();
        let known = measured(w);
        let instruments = InstrumentShare {
            cbi_personal: report.instruments.cbi.as_ref().and_then(|c| c.personal),
            cbi_work: report.instruments.cbi.as_ref().and_then(|c| c.work),
            who5: report.instruments.who5.as_ref().map(|s| s.score),
        };
        weeks.push(WeekShare {
            week: w.week.clone(),
            hours: figure(on(Metric::Hours), known, || round(w.hours, 1)),
            after_hours_share: figure(on(Metric::AfterHours), known && w.hours > 0.0, || {
                round(w.after_hours_share, 2)
            }),
            sleep_nights: figure(on(Metric::Sleep), known, || w.sleep_nights),
            interruptions: figure(
                on(Metric::Interruptions),
                known && report.interruptions.measured,
                || w.pages,
            ),
            // The level and the questionnaires describe the whole period: sent with the latest
            // week only.
            risk: figure(on(Metric::Risk) && latest, true, || {
                report.risk.level.as_str().to_string()
            }),
            instruments: figure(on(Metric::Instruments) && latest, instruments.any(), || {
                instruments
            }),
        });
    }
    Ok(ShareBody { weeks })
}

pub fn run(ctx: &Context, args: &ShareArgs) -> Result<ExitCode> {
    if args.show {
        println!(
            "{}",
            serde_json::to_string_pretty(&args.remote.call("GET", "/v1/me/weeks", None)?)?
        );
        return Ok(ExitCode::SUCCESS);
    }
    if let Some(week) = &args.delete {
        let path = if week == "all" {
            "/v1/me/weeks".to_string()
        } else if canary_team::model::parse_week(week).is_some() {
            format!("/v1/me/weeks/{week}")
        } else {
            bail!("--delete takes an ISO week (YYYY-Www) or `all`, not {week:?}");
        };
        let v = args.remote.call("DELETE", &path, None)?;
        println!("deleted {} week(s) from the server", v["deleted"]);
        return Ok(ExitCode::SUCCESS);
    }
    let body = body(ctx, args)?;
    let json = serde_json::to_string_pretty(&body)?;
    if args.dry_run {
        println!("{json}");
        eprintln!("dry run: nothing was sent");
        return Ok(ExitCode::SUCCESS);
    }
    if body.weeks.is_empty() {
        bail!("no complete week to share yet");
    }
    args.remote
        .call("PUT", "/v1/me/weeks", Some(&serde_json::to_value(&body)?))?;
    println!(
        "shared {} week(s) with {}: {}",
        body.weeks.len(),
        args.remote.conn.url()?,
        args.metrics
            .iter()
            .filter_map(|m| m.to_possible_value().map(|v| v.get_name().to_string()))
            .collect::<Vec<_>>()
            .join(", ")
    );
    Ok(ExitCode::SUCCESS)
}
