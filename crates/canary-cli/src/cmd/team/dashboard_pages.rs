//! The team dashboard's pages: plain HTML with server-side SVG, no scripts, the figures of
//! every chart also in a table, and what stands out said in words (never colour alone).

use std::fmt::Write as _;

use canary::plan::html::escape as e;
use canary::team::cost::money;
use canary::team::oncall::{ResponderStats, TeamOncall};
use canary::team::spof::AreaRisk;

use super::dashboard::TeamView;
use super::demo_server::WEEKS;
use crate::cmd::serve_charts::{BAND_SERIES, PATTERNS, stacked_chart};
use crate::cmd::serve_pages::page_layout;

fn layout(view: &TeamView, title: &str, current: &str, body: &str) -> String {
    let mut footer = String::from("Team dashboard, served to this machine only.");
    for p in &view.provenance {
        footer.push(' ');
        footer.push_str(p);
    }
    let title = if view.name.is_empty() {
        title.to_string()
    } else {
        format!("{title} — {}", view.name)
    };
    page_layout(&view.nav(), &footer, &title, current, body)
}

pub fn not_found(view: &TeamView) -> String {
    layout(
        view,
        "Not found",
        "",
        "<p>Nothing here. <a href=\"/\">Back to on-call fairness</a>.</p>",
    )
}

fn pct(x: f64) -> String {
    format!("{:.0}%", x * 100.0)
}

/// How many times the team mean `r` carries, when the mean is not zero.
fn times_mean(t: &TeamOncall, r: &ResponderStats) -> Option<f64> {
    (t.mean_interruptions > 0.0).then(|| f64::from(r.interruptions) / t.mean_interruptions)
}

/// On-call fairness: per responder, pages by band in their own zone and windows, and the
/// team's balance, Gini and overload.
pub fn oncall(view: &TeamView) -> String {
    let Some(t) = &view.oncall else {
        return layout(
            view,
            "On-call fairness",
            "/",
            "<p>No on-call exports were given (<code>canary team dashboard --oncall EXPORT</code>).</p>",
        );
    };
    let mut b = String::new();
    let _ = write!(
        b,
        "<ul class=\"figures\"><li>{} responders, {} pages in all, {:.1} per responder on average</li><li>Balance <strong>{:.2}</strong> (1 is perfectly even: the mean, over every pair of responders, of the smaller count divided by the larger)</li><li>Gini <strong>{:.2}</strong> (0 is perfectly even, 1 is one person carrying everything)</li></ul>",
        t.responders.len(),
        t.responders.iter().map(|r| r.interruptions).sum::<u32>(),
        t.mean_interruptions,
        t.balance,
        t.gini
    );
    if t.overloaded.is_empty() {
        b.push_str("<p>No one carries more than the overload threshold times the team mean.</p>");
    }
    for o in &t.overloaded {
        let _ = write!(
            b,
            "<p class=\"crisis\"><strong>Overloaded: {}</strong> took {} pages, {:.1}× the team mean ({:.1} more than it).</p>",
            e(&o.responder),
            o.interruptions,
            o.times_mean,
            o.above_mean
        );
    }
    let overloaded = |name: &str| t.overloaded.iter().any(|o| o.responder == name);
    // Axis labels share the chart's width: cut long names (the bar's title, the list below
    // the chart and the table keep them whole).
    let fits = ((730.0 / t.responders.len().max(1) as f64) / 7.0)
        .floor()
        .max(3.0) as usize;
    let short = |name: &str, marks: &str| {
        let room = fits.saturating_sub(marks.chars().count()).max(2);
        let cut: String = if name.chars().count() > room {
            name.chars().take(room - 1).chain(['…']).collect()
        } else {
            name.to_string()
        };
        format!("{cut}{marks}")
    };
    let rows: Vec<(String, Option<String>, Vec<u32>)> = t
        .responders
        .iter()
        .map(|r| {
            let c = r.by_band;
            let mark = if overloaded(&r.responder) {
                " (overloaded)"
            } else {
                ""
            };
            (
                format!(
                    "{}{mark}: {} pages — {} business hours, {} off hours, {} sleep window, {} day off, {} vacation",
                    r.responder, r.interruptions, c[0], c[1], c[2], c[3], c[4]
                ),
                Some(short(
                    &r.responder,
                    &format!(
                        "{}{}",
                        if r.in_roster { "" } else { " *" },
                        if overloaded(&r.responder) { " ⚠" } else { "" }
                    ),
                )),
                c.to_vec(),
            )
        })
        .collect();
    let _ = write!(
        b,
        "<svg class=\"defs\" width=\"0\" height=\"0\" aria-hidden=\"true\" focusable=\"false\">{PATTERNS}</svg>"
    );
    b.push_str("<h2>Pages per responder, by band in their own time zone</h2>");
    b.push_str(&stacked_chart(
        "presp",
        "Pages per responder, stacked by band (each in their own zone, hours and sleep window)",
        "The figures, responder by responder",
        &BAND_SERIES,
        &rows,
    ));
    b.push_str("<p class=\"legend\">⚠ marks a responder over the overload threshold.");
    if t.responders.iter().any(|r| !r.in_roster) {
        b.push_str(" * marks a responder the exports name who is not in the roster: measured with the roster's default zone, hours and sleep window; add them to the roster with their own.");
    }
    b.push_str("</p>");
    if t.unlisted_left_out > 0 {
        let _ = write!(
            b,
            "<p>{} paged responder(s) not in the roster are left out of these figures (<code>--roster-only</code>).</p>",
            t.unlisted_left_out
        );
    }
    b.push_str("<h2>Per responder</h2><table class=\"responders\"><thead><tr><th scope=\"col\">Responder</th><th scope=\"col\">Pages</th><th scope=\"col\">× mean</th><th scope=\"col\">Off hours</th><th scope=\"col\">Sleep window</th><th scope=\"col\">Weekend</th><th scope=\"col\">Interrupted nights</th><th scope=\"col\">Longest run of nights</th><th scope=\"col\">Engaged h</th>");
    // Scheduled hours only when schedules were given.
    let scheduled = t.responders.iter().any(|r| r.oncall_hours.is_some());
    if scheduled {
        b.push_str("<th scope=\"col\">On call h</th>");
    }
    b.push_str("</tr></thead><tbody>");
    for r in &t.responders {
        let _ = write!(
            b,
            "<tr><th scope=\"row\">{}{}{}</th><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{:.1}</td>",
            e(&r.responder),
            if r.in_roster { "" } else { " *" },
            if overloaded(&r.responder) {
                " <strong>(overloaded)</strong>"
            } else {
                ""
            },
            r.interruptions,
            times_mean(t, r).map_or("—".to_string(), |x| format!("{x:.1}")),
            r.off_hours,
            r.sleep,
            r.weekend,
            r.interrupted_nights,
            r.longest_night_run,
            r.engaged_secs as f64 / 3600.0,
        );
        if scheduled {
            let _ = write!(
                b,
                "<td>{}</td>",
                r.oncall_hours
                    .map_or("—".to_string(), |h| format!("{h:.0}"))
            );
        }
        b.push_str("</tr>");
    }
    b.push_str("</tbody></table><p class=\"how\">Every responder is measured against their own time zone, working hours and sleep window from the roster, so a page at 03:00 in Sydney is a sleep-window page for the person in Sydney. Pages of one incident within 60 s count once. “Off hours” are outside working hours on working days; “weekend” is Saturday and Sunday in the responder's zone; a night is named by the date its sleep window starts.</p>");
    layout(view, "On-call fairness", "/", &b)
}

fn area_table(b: &mut String, caption: &str, areas: &[AreaRisk], none: &str) {
    if areas.is_empty() {
        let _ = write!(b, "<p>{none}</p>");
        return;
    }
    let _ = write!(
        b,
        "<table class=\"areas\"><caption>{}</caption><thead><tr><th scope=\"col\">Area</th><th scope=\"col\">People</th><th scope=\"col\">Carried most by</th><th scope=\"col\">Their share</th><th scope=\"col\">Bus factor</th><th scope=\"col\">If they are away</th></tr></thead><tbody>",
        e(caption)
    );
    for a in areas {
        let away = a.left_holding.as_ref().map_or_else(
            || "<strong>no one else has touched it</strong>".to_string(),
            |(who, share)| format!("{} carries {} of the rest", e(who), pct(*share)),
        );
        let _ = write!(
            b,
            "<tr><th scope=\"row\">{}{}</th><td>{}</td><td>{}</td><td><meter min=\"0\" max=\"1\" value=\"{:.3}\" title=\"{}\"></meter> {}</td><td>{}</td><td>{}</td></tr>",
            e(&a.area),
            if a.is_spof() {
                " <strong>(single point of failure)</strong>"
            } else {
                ""
            },
            a.people,
            e(&a.top),
            a.top_share,
            pct(a.top_share),
            pct(a.top_share),
            a.bus_factor,
            away
        );
    }
    b.push_str("</tbody></table>");
}

/// Single points of failure: code areas and services, most concentrated first.
pub fn spof(view: &TeamView) -> Option<String> {
    let s = view.spof.as_ref()?;
    let spofs = s
        .code_areas
        .iter()
        .chain(&s.services)
        .filter(|a| a.is_spof())
        .count();
    let mut b = format!(
        "<p><strong>{spofs}</strong> of {} areas and services rest on one person (bus factor 1: a single person carries more than half of the work).</p>",
        s.code_areas.len() + s.services.len()
    );
    b.push_str("<h2>Code areas (git)</h2>");
    area_table(
        &mut b,
        "Code areas",
        &s.code_areas,
        "No repositories given (<code>--repo PATH</code>), or no commits in them.",
    );
    b.push_str("<h2>Services (incidents)</h2>");
    area_table(
        &mut b,
        "Services",
        &s.services,
        "No on-call exports given (<code>--oncall EXPORT</code>), or no pages in them.",
    );
    b.push_str("<p class=\"how\">Bus factor: the fewest people who together carry more than half of an area's work (commits' changed files for code, incidents handled for services). “If they are away”: who carries the most of what is left without the top person, and their share of it — the person to cross-train first.</p>");
    Some(layout(view, "Single points of failure", "/spof", &b))
}

/// The rotation proposal: primary and secondary per week, and the balance before and after.
pub fn rotation(view: &TeamView) -> Option<String> {
    let (roster, p) = view.rotation.as_ref()?;
    let name = |i: Option<usize>| {
        i.and_then(|i| roster.members.get(i))
            .map_or("— no one available —".to_string(), |m| e(&m.name))
    };
    let mut b = format!(
        "<ul class=\"figures\"><li>Balance of cumulative burden now: <strong>{:.2}</strong></li><li>After this proposal: <strong>{:.2}</strong> ({})</li><li>Plain round-robin on the same history would give {:.2}</li></ul>",
        p.balance_before, p.balance_after, p.method, p.balance_round_robin
    );
    b.push_str("<h2>Proposed weeks</h2><table><thead><tr><th scope=\"col\">Week of</th><th scope=\"col\">Primary</th><th scope=\"col\">Secondary</th></tr></thead><tbody>");
    for w in &p.weeks {
        let _ = write!(
            b,
            "<tr><th scope=\"row\">{}</th><td>{}</td><td>{}</td></tr>",
            w.start,
            name(w.primary),
            name(w.secondary)
        );
    }
    b.push_str("</tbody></table><h2>Burden per person</h2><table><thead><tr><th scope=\"col\">Member</th><th scope=\"col\">Burden so far</th><th scope=\"col\">After the proposal</th></tr></thead><tbody>");
    for (i, m) in roster.members.iter().enumerate() {
        let _ = write!(
            b,
            "<tr><th scope=\"row\">{}</th><td>{:.0}</td><td>{:.0}</td></tr>",
            e(&m.name),
            p.burden_before.get(i).copied().unwrap_or(0.0),
            p.burden_after.get(i).copied().unwrap_or(0.0)
        );
    }
    b.push_str("</tbody></table><p class=\"how\">Burden weighs each past page by when it hit the person: 1 in business hours, 2 off hours, on a day off or on vacation, 3 in the sleep window. Week by week, the eligible person who has carried least so far is primary and the next least is secondary (so no one is their own secondary); anyone who declared themselves unavailable that week, or was primary in the rest weeks just before, is not eligible. If plain round-robin would come out more even on the same history, round-robin is proposed instead. Export it with <code>canary team rotate --csv</code> or <code>--ics</code>.</p>");
    Some(layout(view, "Rotation proposal", "/rotation", &b))
}

/// The cost of burnout, every input labelled as given or assumed.
pub fn cost(view: &TeamView) -> Option<String> {
    let r = view.cost.as_ref()?;
    let cur = e(&r.currency);
    let mut b = format!(
        "<p>About <strong>{} {cur}</strong> a year for this team ({} {cur} per person), as the sum below. Every figure is an input you can change; the ones marked “assumption” are defaults, not your team's numbers.</p><table><thead><tr><th scope=\"col\">Cost</th><th scope=\"col\">Per year</th><th scope=\"col\">How</th></tr></thead><tbody>",
        money(r.total),
        money(r.per_person)
    );
    for l in &r.lines {
        let _ = write!(
            b,
            "<tr><th scope=\"row\">{}</th><td>{} {cur}</td><td>{}</td></tr>",
            e(l.name),
            money(l.amount),
            e(l.formula)
        );
    }
    b.push_str("</tbody></table><h2>Inputs</h2><table><thead><tr><th scope=\"col\">Input</th><th scope=\"col\">Key</th><th scope=\"col\">Value</th><th scope=\"col\">Source</th></tr></thead><tbody>");
    for u in &r.inputs {
        let _ = write!(
            b,
            "<tr><th scope=\"row\">{}</th><td><code>{}</code></td><td>{}</td><td>{}</td></tr>",
            e(u.label),
            u.key,
            u.value,
            if u.assumed {
                "<strong>assumption</strong> (default)"
            } else {
                "given"
            }
        );
    }
    b.push_str("</tbody></table><p class=\"how\">Give your own figures in a TOML file: <code>canary team cost --inputs costs.toml --html cost.html</code>.</p>");
    Some(layout(view, "Cost of burnout", "/cost", &b))
}

/// A figure of a released week, or why there is none.
fn figure(week: &serde_json::Value, key: &str) -> String {
    if week["suppressed"] == true {
        return "hidden".into();
    }
    match week["figures"][key].as_f64() {
        Some(x) if key == "reporting" => format!("{x:.0}"),
        Some(x) => format!("{x:.1}"),
        None => "hidden (fewer than k shared it)".into(),
    }
}

/// The columns of the manager's view: (JSON key, heading).
const COLUMNS: [(&str, &str); 4] = [
    ("reporting", "Reporting"),
    ("interruptions_mean", "Pages (mean)"),
    ("sleep_nights_mean", "Sleep-window nights (mean)"),
    ("hours_mean", "Hours (mean)"),
];

/// Team health without exposure: what the demo's members shared with a team server and what
/// their manager could see of it (groups of at least k, released weeks frozen).
pub fn health(view: &TeamView) -> Option<String> {
    let d = view.health.as_ref()?;
    let mut b = format!(
        "<p>A team server ran on 127.0.0.1 with a throwaway store in memory. Every member enrolled with a one-time token and shared {} to {}: pages and sleep-window nights from their own pages; four of them also shared hours. A manager sees a group's week only when at least <strong>k = {}</strong> members reported it, and each figure only when at least k shared it.</p><ul>",
        WEEKS[0],
        WEEKS[WEEKS.len() - 1],
        d.k
    );
    for (g, names) in &d.groups {
        let _ = write!(
            b,
            "<li>Group <strong>{}</strong>: {} members</li>",
            e(g),
            names.len()
        );
    }
    b.push_str("</ul>");
    for v in &d.manager_view {
        let _ = write!(
            b,
            "<h2>What the manager sees of {}</h2><table class=\"health\"><thead><tr><th scope=\"col\">Week</th>",
            e(v["group"].as_str().unwrap_or("?"))
        );
        for (_, h) in COLUMNS {
            let _ = write!(b, "<th scope=\"col\">{}</th>", e(h));
        }
        b.push_str("</tr></thead><tbody>");
        for w in v["weeks"].as_array().into_iter().flatten() {
            let _ = write!(
                b,
                "<tr><th scope=\"row\">{}</th>",
                e(w["week"].as_str().unwrap_or(""))
            );
            for (k, _) in COLUMNS {
                let _ = write!(b, "<td>{}</td>", e(&figure(w, k)));
            }
            b.push_str("</tr>");
        }
        b.push_str("</tbody></table>");
    }
    b.push_str("<p class=\"how\">“hidden”: fewer than k members reported that week, so nothing is shown, not even how many did.</p><h2>Refused, as they must be</h2><ul class=\"refusals\">");
    for r in &d.refusals {
        let _ = write!(
            b,
            "<li>{} {}: HTTP {}</li>",
            if r.status == r.expected {
                "✔ refused —"
            } else {
                "✘ NOT refused as expected —"
            },
            e(&r.attempt),
            r.status
        );
    }
    let dl = &d.deletion;
    let _ = write!(
        b,
        "</ul><h2>Deleting what you shared</h2><p>{} deleted {}: their weeks on the server went from {} to {}. The manager's figures for that week {}.</p><p>The audit log holds {} entries (who read or changed what).</p>",
        e(&dl.member),
        e(&dl.week),
        dl.own_weeks_before,
        dl.own_weeks_after,
        if dl.released_figures_unchanged {
            "stayed exactly as first released, so two reads cannot be subtracted to find one person"
        } else {
            "changed — this should not happen"
        },
        d.audit_entries
    );
    Some(layout(view, "Team health without exposure", "/health", &b))
}
