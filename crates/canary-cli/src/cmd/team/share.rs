//! `canary team share`: send this person's last complete weeks, per metric they opt in to,
//! to a team server. `--dry-run` prints exactly the JSON that would be sent; `--show` and
//! `--delete` let the member see and remove what the server holds from them.
//!
//! A chosen metric is sent for every week, as `null` when nothing measured it (a week no
//! source covers, after-hours share without hours, pages without a paging source): unmeasured
//! is not zero, and the server counts it toward nothing. Metrics not chosen are not sent.
//!
//! The server options (`--server`, `--token`, `--ca-cert`) are the shared
//! [`ServerArgs`](crate::cli::team::ServerArgs): `https://` to any host, `http://` to loopback
//! only.

use std::process::ExitCode;

use anyhow::{Result, bail};
use canary::app::ShareMetrics;
use canary_team::{Figure, InstrumentShare, ShareBody, WeekShare};
use clap::ValueEnum;

use crate::cli::team::{Metric, ShareArgs};
use crate::context::Context;

/// The body `share` sends: the application core's last `args.weeks` complete ISO weeks with
/// only the chosen metrics, put on the wire as the team server's types.
pub fn body(ctx: &Context, args: &ShareArgs) -> Result<ShareBody> {
    let on = |m: Metric| args.metrics.contains(&m);
    let metrics = ShareMetrics {
        hours: on(Metric::Hours),
        after_hours: on(Metric::AfterHours),
        sleep: on(Metric::Sleep),
        interruptions: on(Metric::Interruptions),
        risk: on(Metric::Risk),
        instruments: on(Metric::Instruments),
    };
    let weeks = ctx.workspace()?.share_body(args.weeks, &metrics, ctx.now)?;
    Ok(ShareBody {
        weeks: weeks
            .into_iter()
            .map(|w| WeekShare {
                hours: Figure::chosen(metrics.hours, w.hours),
                after_hours_share: Figure::chosen(metrics.after_hours, w.after_hours_share),
                sleep_nights: Figure::chosen(metrics.sleep, w.sleep_nights),
                interruptions: Figure::chosen(metrics.interruptions, w.interruptions),
                // The level and the questionnaires describe the whole period: sent with the
                // latest week only.
                risk: Figure::chosen(metrics.risk && w.latest, w.risk),
                instruments: Figure::chosen(
                    metrics.instruments && w.latest,
                    w.instruments.map(|s| InstrumentShare {
                        cbi_personal: s.cbi_personal,
                        cbi_work: s.cbi_work,
                        who5: s.who5,
                    }),
                ),
                week: w.week,
            })
            .collect(),
    })
}

pub fn run(ctx: &Context, args: &ShareArgs) -> Result<ExitCode> {
    if args.show {
        outln!(
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
        outln!("deleted {} week(s) from the server", v["deleted"]);
        return Ok(ExitCode::SUCCESS);
    }
    let body = body(ctx, args)?;
    let json = serde_json::to_string_pretty(&body)?;
    if args.dry_run {
        outln!("{json}");
        eprintln!("dry run: nothing was sent");
        return Ok(ExitCode::SUCCESS);
    }
    if body.weeks.is_empty() {
        bail!("no complete week to share yet");
    }
    args.remote
        .call("PUT", "/v1/me/weeks", Some(&serde_json::to_value(&body)?))?;
    outln!(
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
