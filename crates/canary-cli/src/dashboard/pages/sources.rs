//! Sources (`/sources`): how much of the period has data, each imported source with its days
//! covered, and every import run with the records it skipped and why.

use maud::{Markup, html};

use super::period_layout;
use crate::dashboard::app::Snapshot;

/// Skipped records listed per import run; the rest are counted in the run's row.
const SKIPS_SHOWN: usize = 50;

fn when(t: Option<jiff::Timestamp>) -> String {
    t.map_or_else(
        || "never".to_string(),
        |t| t.strftime("%Y-%m-%d %H:%M").to_string(),
    )
}

pub fn sources(s: &Snapshot) -> Markup {
    let r = &s.report;
    let period = r.coverage.period_days;
    let body = html! {
        p {
            (r.coverage.covered_days) " of " (period) " days in the period have data (confidence "
            (format!("{:.0}", r.coverage.confidence * 100.0)) "%)."
        }
        h2 { "Imported" }
        div class="scroll" { table class="nowrap" {
            thead {
                tr {
                    th scope="col" { "Source" }
                    th scope="col" { "Events" }
                    th scope="col" { "First" }
                    th scope="col" { "Last" }
                    th scope="col" { "Days covered in the period" }
                }
            }
            tbody {
                @for src in &s.sources {
                    @let days = r.coverage.sources.iter().find(|c| c.source == src.source).map_or(0, |c| c.days);
                    tr {
                        td { (src.source) }
                        td { (src.events) }
                        td { (src.first.strftime("%Y-%m-%d")) }
                        td { (src.last.strftime("%Y-%m-%d")) }
                        td { meter min="0" max=(period) value=(days) {} " " (days) " of " (period) }
                    }
                }
            }
        } }
        @if !s.freshness.is_empty() {
            h2 { "Freshness" }
            p { "What " code { "canary sync" } " reads again (" code { "canary schedule install" } " runs it every hour)." }
            div class="scroll" { table class="nowrap" {
                thead {
                    tr {
                        th scope="col" { "Source" }
                        th scope="col" { "Path" }
                        th scope="col" { "Last sync" }
                        th scope="col" { "Newest event" }
                        th scope="col" { "Warning" }
                    }
                }
                tbody {
                    @for f in &s.freshness {
                        tr {
                            td { (f.source) }
                            td { (f.path) }
                            td { (when(f.synced_at)) }
                            td { (when(f.newest_event)) }
                            td { (f.warning().unwrap_or_default()) }
                        }
                    }
                }
            } }
        }
        h2 { "Import runs" }
        div class="scroll" { table class="nowrap" {
            thead {
                tr {
                    th scope="col" { "#" }
                    th scope="col" { "Started" }
                    th scope="col" { "Source" }
                    th scope="col" { "Path" }
                    th scope="col" { "New" }
                    th scope="col" { "Already there" }
                    th scope="col" { "Skipped" }
                    th scope="col" { "Status" }
                }
            }
            tbody {
                @for (run, skips) in &s.runs {
                    tr {
                        td { (run.id) }
                        td { (run.started_at.strftime("%Y-%m-%d %H:%M")) }
                        td { (run.source) }
                        td { (run.path.clone().unwrap_or_else(|| format!("path {}…", &run.path_id[..run.path_id.len().min(12)]))) }
                        td { (run.new) }
                        td { (run.duplicates) }
                        td { (run.skipped) }
                        td { (format!("{:?}", run.status)) }
                    }
                    @if !skips.is_empty() {
                        tr {
                            td {}
                            td colspan="7" {
                                details {
                                    summary { "Skipped records" }
                                    ul {
                                        @for sk in skips.iter().take(SKIPS_SHOWN) {
                                            li { (sk.location) ": " (sk.reason) }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        } }
    };
    period_layout(s, "Sources", "/sources", body)
}
