//! On-call fairness over everyone the exports show: the roster's members, and the responders
//! the exports name whom no member claims ([`super::discover`]), measured with the roster's
//! `[defaults]`. Unlisted responders are added only when they were paged at least once (someone
//! who only acknowledged carried no interruption to count), and they count in balance, Gini,
//! mean and overload like anyone else — unless `roster_only`, when they are left out and only
//! counted. The roster's members are always rows, in roster order, paged or not.

use std::path::Path;

use super::discover::{self, Unlisted};
use super::oncall::{
    ResponderEvents, Skipped, TeamOncall, read_exports, read_schedules, responder_stats,
    scheduled_hours, summarise,
};
use super::roster::{Member, Roster};
use crate::sources::ImportError;

/// How to measure.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Options {
    /// Overloaded above this multiple of the mean.
    pub threshold: f64,
    /// Leave responders who are not in the roster out of the figures.
    pub roster_only: bool,
}

/// The team's figures and what was found on the way.
#[derive(Debug, Clone)]
pub struct Measured {
    /// Members first (roster order), then unlisted responders (by name) unless left out.
    pub team: TeamOncall,
    /// Everyone measured, members then every unlisted responder (paged or not), and their
    /// events, in the same order.
    pub members: Vec<Member>,
    pub events: Vec<ResponderEvents>,
    /// The unlisted responders who were paged, whether counted or left out.
    pub unlisted: Vec<Unlisted>,
    /// Display names the exports give alone to references several people share: not counted.
    pub ambiguous: Vec<String>,
    pub skipped: Vec<Skipped>,
}

/// Read `paths` (files or folders of PagerDuty or Opsgenie exports) for the roster's members
/// and everyone else they name. `roster` may be empty (no members): then everyone is measured
/// with the defaults.
pub fn measure(
    paths: &[impl AsRef<Path>],
    roster: &Roster,
    opts: Options,
) -> Result<Measured, ImportError> {
    let found = discover::responders(paths)?;
    let unlisted = discover::unlisted(roster, &found.responders);
    let mut all = roster.clone();
    all.members
        .extend(unlisted.iter().map(|u| u.member.clone()));
    let (events, skipped) = read_exports(paths, &all)?;
    // Skips are those of the first member's reading; with no one to read for, the listing's.
    let skipped = if all.members.is_empty() {
        found.skipped
    } else {
        skipped
    };
    let schedules = read_schedules(paths);
    let listed = roster.members.len();
    let mut rows = Vec::new();
    let mut paged = Vec::new();
    let mut left_out = 0;
    for (i, (m, r)) in all.members.iter().zip(&events).enumerate() {
        let mut s = responder_stats(&m.name, &r.events, &m.settings());
        s.oncall_hours = schedules.as_ref().map(|sch| scheduled_hours(m, sch));
        if i >= listed {
            if s.interruptions == 0 {
                continue;
            }
            let u = &unlisted[i - listed];
            paged.push(u.clone());
            if opts.roster_only {
                left_out += 1;
                continue;
            }
            s.in_roster = false;
            s.found_as = u
                .responder
                .ids
                .iter()
                .chain(&u.responder.emails)
                .cloned()
                .collect();
        }
        rows.push(s);
    }
    let mut team = summarise(rows, opts.threshold);
    team.unlisted_left_out = left_out;
    Ok(Measured {
        team,
        members: all.members,
        events,
        unlisted: paged,
        ambiguous: found.ambiguous,
        skipped,
    })
}

#[cfg(test)]
mod tests;
