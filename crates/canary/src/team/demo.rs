//! A generated team for `canary demo --team`: nine members in three time zones over twelve
//! weeks of on-call, one of them overloaded (Dana: about three times the pages, most at night),
//! and one single point of failure (Erik: nearly every commit to `billing-db`, and nearly every
//! page from the billing service). Deterministic: the same team every run.

use jiff::{SignedDuration, Timestamp};

use super::oncall::ResponderEvents;
use super::roster::{Member, Roster};
use super::spof::Work;
use crate::event::{Event, EventKind, SourceKind};

/// The demo's team, its on-call events and its code/service work.
#[derive(Debug, Clone)]
pub struct DemoTeam {
    pub roster: Roster,
    pub events: Vec<ResponderEvents>,
    pub code: Vec<Work>,
    pub services: Vec<Work>,
}

/// The name of the overloaded member.
pub const OVERLOADED: &str = "Dana";
/// The name of the single point of failure, and their area.
pub const SPOF: (&str, &str) = ("Erik", "billing-db");

const MEMBERS: [(&str, &str); 9] = [
    ("Ana", "Europe/Berlin"),
    ("Bo", "Europe/Berlin"),
    ("Chen", "Asia/Singapore"),
    (OVERLOADED, "Europe/Berlin"),
    (SPOF.0, "Europe/Stockholm"),
    ("Fatima", "America/New_York"),
    ("Gus", "America/New_York"),
    ("Hana", "Asia/Singapore"),
    ("Ivo", "Europe/Berlin"),
];

/// Generate the team; `end` is the last instant of the twelve weeks.
pub fn demo_team(end: Timestamp) -> DemoTeam {
    let mut rng = fastrand::Rng::with_seed(0x7ea3);
    let members: Vec<Member> = MEMBERS
        .iter()
        .enumerate()
        .map(|(i, (name, tz))| {
            let mut m = Member::new(name, &format!("PDEMO{i}"), tz);
            m.emails
                .push(format!("{}@example.org", name.to_lowercase()));
            m
        })
        .collect();
    let start = end - SignedDuration::from_hours(24 * 7 * 12);
    let services = ["api", "web", "billing", "queue"];
    let mut events = Vec::new();
    let mut service_work = Vec::new();
    for (i, m) in members.iter().enumerate() {
        let heavy = m.name == OVERLOADED;
        let pages = if heavy { 60 } else { 14 + rng.usize(0..8) };
        let mut evs = Vec::new();
        for p in 0..pages {
            let mut at = start + SignedDuration::from_secs(rng.i64(0..12 * 7 * 86400));
            if heavy && p % 3 != 0 {
                // Most of Dana's pages come at night, her time (UTC+1): 23:00–05:00 local.
                let day = at.as_second().div_euclid(86400) * 86400;
                at = Timestamp::from_second(day + 22 * 3600 + rng.i64(0..6 * 3600)).unwrap_or(at);
            }
            let service = if m.name == SPOF.0 && p % 2 == 0 {
                "billing"
            } else {
                services[rng.usize(0..services.len())]
            };
            let service = if service == "billing" && m.name != SPOF.0 && rng.bool() {
                "api"
            } else {
                service
            };
            let id = format!("Q{i}{p:03}");
            let mut e = Event::mine(
                at,
                EventKind::Page,
                SourceKind::Pagerduty,
                format!("{id}/page"),
            );
            e.context = Some(service.to_string());
            e.parent = Some(id.clone());
            evs.push(e);
            let ack = at + SignedDuration::from_secs(60 + rng.i64(0..600));
            let mut span = Event::mine(
                ack,
                EventKind::Incident,
                SourceKind::Pagerduty,
                format!("{id}/engaged"),
            );
            span.duration = Some(600 + rng.i64(0..5400));
            evs.push(span);
            service_work.push(Work {
                area: service.to_string(),
                who: m.name.clone(),
                weight: 1.0,
            });
        }
        events.push(ResponderEvents {
            responder: m.name.clone(),
            ids: m.oncall_ids.clone(),
            events: evs,
        });
    }
    let areas = ["infra", "ansible", "monitoring", "web", SPOF.1];
    let mut code = Vec::new();
    for (i, m) in members.iter().enumerate() {
        for c in 0..40 {
            let area = areas[(i + c) % 4];
            code.push(Work {
                area: area.to_string(),
                who: m.name.clone(),
                weight: 1.0,
            });
        }
    }
    for c in 0..30 {
        let who = if c < 28 { SPOF.0 } else { MEMBERS[c % 3].0 };
        code.push(Work {
            area: SPOF.1.to_string(),
            who: who.to_string(),
            weight: 1.0,
        });
    }
    DemoTeam {
        roster: Roster {
            members,
            defaults: None,
        },
        events,
        code,
        services: service_work,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::team::fairness::OVERLOAD_THRESHOLD;
    use crate::team::oncall::team_oncall;
    use crate::team::spof::analyse;

    #[test]
    fn the_demo_team_has_one_overloaded_member_and_one_single_point_of_failure() {
        let t = demo_team("2026-11-27T18:00:00Z".parse().unwrap());
        assert!(t.roster.members.len() >= 8);
        let o = team_oncall(&t.roster, &t.events, OVERLOAD_THRESHOLD);
        let names: Vec<&str> = o.overloaded.iter().map(|x| x.responder.as_str()).collect();
        assert_eq!(names, [OVERLOADED]);
        let dana = o
            .responders
            .iter()
            .find(|r| r.responder == OVERLOADED)
            .unwrap();
        assert!(dana.sleep > 20, "{dana:?}");
        let spofs: Vec<(String, String)> = analyse(&t.code)
            .into_iter()
            .filter(super::super::spof::AreaRisk::is_spof)
            .map(|a| (a.area, a.top))
            .collect();
        assert_eq!(spofs, [(SPOF.1.to_string(), SPOF.0.to_string())]);
        // Deterministic.
        let again = demo_team("2026-11-27T18:00:00Z".parse().unwrap());
        assert_eq!(again.events[0].events, t.events[0].events);
    }
}
