//! `canary team oncall`: per-responder interruptions and the team's balance.

use std::process::ExitCode;

use anyhow::Result;
use canary::team::Roster;
use canary::team::everyone::{Measured, Options, measure};
use canary::team::oncall::TeamOncall;
use comfy_table::{Cell, CellAlignment, Table, presets};

use super::load_roster;
use crate::cli::team::OncallArgs;
use crate::context::Context;

pub fn run(_ctx: &Context, args: &OncallArgs) -> Result<ExitCode> {
    let roster = match &args.roster {
        Some(p) => load_roster(p)?,
        None => Roster::default(),
    };
    let opts = Options {
        threshold: args.threshold,
        roster_only: args.roster_only,
    };
    let m = measure(&args.exports, &roster, opts)?;
    for line in notes(&m, &roster, args.roster.is_some()) {
        eprintln!("{}", canary::privacy::display_safe(&line));
    }
    if args.json {
        outln!("{}", serde_json::to_string_pretty(&m.team)?);
        return Ok(ExitCode::SUCCESS);
    }
    // Responder and service names come from the exports: escaped before the terminal.
    out!("{}", canary::privacy::display_safe_lines(&render(&m.team)));
    let zone = roster.defaults().timezone;
    if m.team.responders.iter().any(|r| !r.in_roster) {
        outln!(
            "* not in the roster: measured in {zone} with default hours; add them with their own \
             zone and sleep window"
        );
    }
    if !m.skipped.is_empty() {
        eprintln!("{} records skipped in the exports", m.skipped.len());
    }
    Ok(ExitCode::SUCCESS)
}

/// What to say on stderr about responders outside the roster.
pub fn notes(m: &Measured, roster: &Roster, has_roster: bool) -> Vec<String> {
    let mut out = Vec::new();
    let zone = roster.defaults().timezone;
    if !has_roster {
        out.push(format!(
            "No roster: every responder in the exports is measured in {zone} with default hours \
             and sleep window (give --roster for each person's own)."
        ));
    } else if m.team.unlisted_left_out > 0 {
        out.push(format!(
            "--roster-only: {} paged responder(s) not in the roster left out of the figures: {}",
            m.team.unlisted_left_out,
            m.unlisted
                .iter()
                .map(|u| u.member.name.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ));
    } else if !m.unlisted.is_empty() {
        out.push(format!(
            "{} paged responder(s) not in the roster, measured in {zone} with default hours: add \
             them to the roster with their own zone and sleep window, or use --roster-only.",
            m.unlisted.len()
        ));
    }
    for u in m.unlisted.iter().filter(|u| u.namesake.is_some()) {
        let ids: Vec<&str> = u
            .responder
            .ids
            .iter()
            .chain(&u.responder.emails)
            .map(String::as_str)
            .collect();
        out.push(format!(
            "`{}` is named like roster member `{}` but by none of their ids or addresses: if \
             they are the same person, add {} to that member.",
            u.member.name,
            u.namesake.as_deref().unwrap_or_default(),
            ids.join(", ")
        ));
    }
    if !m.ambiguous.is_empty() {
        out.push(format!(
            "Not counted: pages naming only {} — a name several responders share.",
            m.ambiguous.join(", ")
        ));
    }
    out
}

pub fn render(team: &TeamOncall) -> String {
    let mut t = Table::new();
    let width = crate::render::width::terminal_width();
    if width < crate::render::width::NARROW {
        // Ten columns in 80: no inner rules, and headers broken by hand where a word is long.
        t.load_preset(presets::UTF8_BORDERS_ONLY);
        t.remove_style(comfy_table::TableComponent::VerticalLines);
        t.set_header([
            "Responder",
            "Pages",
            "Busi-\nness",
            "Off-\nhours",
            "Sleep",
            "Week-\nend",
            "Nights",
            "Long-\nest\nrun",
            "Enga-\nged h",
            "On\ncall h",
        ]);
    } else {
        t.load_preset(presets::UTF8_FULL_CONDENSED);
        t.set_header([
            "Responder",
            "Pages",
            "Business",
            "Off-hours",
            "Sleep",
            "Weekend",
            "Nights",
            "Longest run",
            "Engaged h",
            "On call h",
        ]);
    }
    for r in &team.responders {
        let n = |x: u32| Cell::new(x).set_alignment(CellAlignment::Right);
        let name = if r.in_roster {
            r.responder.clone()
        } else {
            format!("{} *", r.responder)
        };
        t.add_row(vec![
            Cell::new(name),
            n(r.interruptions),
            n(r.by_band[0]),
            n(r.off_hours),
            n(r.sleep),
            n(r.weekend),
            n(r.interrupted_nights),
            n(r.longest_night_run),
            Cell::new(format!("{:.1}", r.engaged_secs as f64 / 3600.0))
                .set_alignment(CellAlignment::Right),
            Cell::new(
                r.oncall_hours
                    .map_or("—".to_string(), |h| format!("{h:.0}")),
            )
            .set_alignment(CellAlignment::Right),
        ]);
    }
    if width < crate::render::width::NARROW {
        for i in 1..10 {
            if let Some(c) = t.column_mut(i) {
                c.set_padding((0, 1));
            }
        }
    }
    crate::render::width::fit_table(&mut t, width);
    let mut s = format!("{t}\n");
    s.push_str(&format!(
        "Balance {:.2} (1 = even) · Gini {:.2} (0 = even) · mean {:.1} pages per responder\n",
        team.balance, team.gini, team.mean_interruptions
    ));
    if team.overloaded.is_empty() {
        s.push_str("No one is overloaded.\n");
    }
    for o in &team.overloaded {
        s.push_str(&format!(
            "Overloaded: {} with {}, {:.1}× the team mean ({:.1} above it)\n",
            o.responder,
            canary::words::count(o.interruptions, "page"),
            o.times_mean,
            o.above_mean
        ));
    }
    s
}
