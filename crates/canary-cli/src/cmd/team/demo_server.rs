//! The team server part of `canary demo --team`: a real team server on 127.0.0.1 with a
//! throwaway store in memory, and the demo team going through it over HTTP exactly as people would with
//! `canary team admin|enrol|share|health`: the admin creates two groups (one of six members,
//! one of three) and enrolment tokens; every member enrols and shares four settled weeks; the
//! manager reads both groups; then the attacks the server must refuse are tried.
//!
//! Each member's shared figures are computed from their own demo pages, in their own zone and
//! sleep window: pages per ISO week and the nights of that week with a page in the sleep
//! window. Four members also share working hours (generated: 40 h plus the hours spent on
//! incidents), which shows the per-metric rule: four is fewer than five, so the manager never
//! sees an hours figure.

use std::collections::{BTreeMap, BTreeSet};
use std::net::SocketAddr;

use anyhow::{Context as _, Result, anyhow, bail};
use canary::event::EventKind;
use canary::metrics::period::iso_week_label;
use canary::team::demo::DemoTeam;
use canary::time::{Band, Classifier};
use canary_team::client::Client;
use canary_team::{Figure, ShareBody, WeekShare};
use jiff::civil::Date;
use serde::Serialize;
use serde_json::{Value, json};

/// The weeks the demo shares: settled relative to the demo's "now" (and any later date).
pub const WEEKS: [&str; 4] = ["2026-W43", "2026-W44", "2026-W45", "2026-W46"];
/// Members (by roster position) who also share their hours: fewer than five on purpose.
const HOURS_SHARERS: [usize; 4] = [0, 1, 2, 3];
/// The groups: six members and three members.
const GROUPS: [(&str, std::ops::Range<usize>); 2] = [("platform", 0..6), ("data", 6..9)];

/// What the demo did on the server, and what each party saw.
#[derive(Debug, Serialize)]
pub struct ServerDemo {
    /// The smallest group a manager may see (k).
    pub k: u32,
    /// Group name → member names.
    pub groups: Vec<(String, Vec<String>)>,
    /// Exactly what each member sent (fictional people), by name.
    pub shares: Vec<(String, ShareBody)>,
    /// The manager's view of each group over the shared weeks (the server's JSON).
    pub manager_view: Vec<Value>,
    /// Requests the server had to refuse: what was tried, the status expected and received.
    pub refusals: Vec<Refusal>,
    /// A member deleted a week after it was released: the manager's figures before and after.
    pub deletion: Deletion,
    /// How many entries the audit log holds, and how many requests of each role and action
    /// (`"role: action"`, or `"role: action refused (rule)"`).
    pub audit_entries: usize,
    pub audit_actions: BTreeMap<String, usize>,
}

#[derive(Debug, Serialize)]
pub struct Refusal {
    pub attempt: String,
    pub expected: u16,
    pub status: u16,
}

#[derive(Debug, Serialize)]
pub struct Deletion {
    pub member: String,
    pub week: String,
    /// The member's own weeks on the server before and after (`--show`).
    pub own_weeks_before: usize,
    pub own_weeks_after: usize,
    /// Whether the manager's figures for that week stayed exactly the same.
    pub released_figures_unchanged: bool,
}

/// One request to the demo's server: status and JSON body.
fn call(
    client: &Client,
    method: &str,
    path: &str,
    token: Option<&str>,
    body: Option<&Value>,
) -> Result<(u16, Value)> {
    let bytes = body.map(|b| b.to_string().into_bytes());
    let r = client
        .request(method, path, token, bytes.as_deref())
        .with_context(|| format!("{method} {path} on the demo team server"))?;
    Ok((r.status, r.json()))
}

/// Like [`call`], but the status must be `want`.
fn expect(
    addr: &Client,
    method: &str,
    path: &str,
    token: Option<&str>,
    body: Option<&Value>,
    want: u16,
) -> Result<Value> {
    let (status, v) = call(addr, method, path, token, body)?;
    if status != want {
        bail!("{method} {path}: expected {want}, the server answered {status}: {v}");
    }
    Ok(v)
}

fn token(v: &Value) -> Result<String> {
    v["token"]
        .as_str()
        .map(str::to_string)
        .ok_or_else(|| anyhow!("no token in {v}"))
}

/// Each member's weekly figures over [`WEEKS`], from their own pages and windows.
pub fn member_weeks(team: &DemoTeam) -> Vec<Vec<WeekShare>> {
    team.roster
        .members
        .iter()
        .enumerate()
        .map(|(i, m)| {
            let settings = m.settings();
            let events = team
                .events
                .iter()
                .find(|r| r.responder == m.name)
                .map_or(&[][..], |r| r.events.as_slice());
            let mut pages: BTreeMap<String, u32> = BTreeMap::new();
            let mut nights: BTreeMap<String, BTreeSet<Date>> = BTreeMap::new();
            let mut engaged: BTreeMap<String, i64> = BTreeMap::new();
            if let Ok(classifier) = Classifier::new(&settings) {
                for e in events {
                    let p = classifier.place(e.utc, e.offset);
                    let week = iso_week_label(p.local.date());
                    match e.kind {
                        EventKind::Page => {
                            *pages.entry(week.clone()).or_default() += 1;
                            if p.band == Band::Sleep
                                && let Some(n) = p.night
                            {
                                nights.entry(iso_week_label(n)).or_default().insert(n);
                            }
                        }
                        EventKind::Incident => {
                            *engaged.entry(week).or_default() += e.duration.unwrap_or(0).max(0);
                        }
                        _ => {}
                    }
                }
            }
            WEEKS
                .iter()
                .map(|w| WeekShare {
                    hours: Figure::chosen(
                        HOURS_SHARERS.contains(&i),
                        Some({
                            let h = 40.0 + engaged.get(*w).copied().unwrap_or(0) as f64 / 3600.0;
                            (h * 10.0).round() / 10.0
                        }),
                    ),
                    sleep_nights: Figure::Measured(
                        nights.get(*w).map_or(0, |n| n.len().min(7) as u32),
                    ),
                    interruptions: Figure::Measured(pages.get(*w).copied().unwrap_or(0)),
                    ..WeekShare::new(*w)
                })
                .collect()
        })
        .collect()
}

/// Run the whole flow against a fresh server with a store in memory.
pub fn run(team: &DemoTeam) -> Result<ServerDemo> {
    let store =
        canary_team::Store::open_in_memory().context("cannot open the demo team server's store")?;
    let admin = store
        .init_admin()?
        .ok_or_else(|| anyhow!("a fresh team server store already had an admin"))?;
    let config = canary_team::Config::default();
    let k = config.min_group;
    let (tx, rx) = std::sync::mpsc::channel();
    // The server runs until the process ends (the demo is one short process).
    std::thread::spawn(move || {
        let r = canary_team::serve_blocking(
            SocketAddr::from(([127, 0, 0, 1], 0)),
            None,
            store,
            config,
            |a| {
                let _ = tx.send(Ok(a));
            },
        );
        if let Err(e) = r {
            let _ = tx.send(Err(e));
        }
    });
    let addr = rx
        .recv()
        .context("the demo team server did not start")?
        .context("the demo team server could not listen on 127.0.0.1")?;
    let client = Client::new(&format!("http://{addr}"), None)?;
    let addr = &client;
    let admin = Some(admin.as_str());
    let members = &team.roster.members;

    // Admin: groups, enrolment tokens, a manager token.
    let mut member_tokens: Vec<String> = vec![String::new(); members.len()];
    let mut groups = Vec::new();
    for (name, range) in GROUPS {
        expect(
            addr,
            "POST",
            "/v1/admin/groups",
            admin,
            Some(&json!({ "name": name })),
            201,
        )?;
        for i in range.clone() {
            let enrolment = token(&expect(
                addr,
                "POST",
                "/v1/admin/enrolments",
                admin,
                Some(&json!({ "group": name })),
                201,
            )?)?;
            // Member: spends the one-time enrolment token for their own member token.
            member_tokens[i] = token(&expect(
                addr,
                "POST",
                "/v1/enrol",
                Some(&enrolment),
                None,
                201,
            )?)?;
        }
        groups.push((
            name.to_string(),
            members[range]
                .iter()
                .map(|m| m.name.clone())
                .collect::<Vec<_>>(),
        ));
    }
    let manager = token(&expect(
        addr,
        "POST",
        "/v1/admin/managers",
        admin,
        None,
        201,
    )?)?;
    let manager = Some(manager.as_str());

    // Members share their weeks.
    let shares = member_weeks(team);
    for (tok, weeks) in member_tokens.iter().zip(&shares) {
        let body = serde_json::to_value(ShareBody {
            weeks: weeks.clone(),
        })?;
        expect(addr, "PUT", "/v1/me/weeks", Some(tok), Some(&body), 200)?;
    }

    // The manager reads each group over the shared weeks.
    let range = format!("from={}&to={}", WEEKS[0], WEEKS[WEEKS.len() - 1]);
    let mut manager_view = Vec::new();
    for (name, _) in &groups {
        manager_view.push(expect(
            addr,
            "GET",
            &format!("/v1/groups/{name}/weeks?{range}"),
            manager,
            None,
            200,
        )?);
    }

    // What must be refused.
    let first = Some(member_tokens[0].as_str());
    let attempts: Vec<(&str, &str, String, Option<&str>, u16)> = vec![
        (
            "a manager narrowing a group to some members (…&member=1)",
            "GET",
            format!("/v1/groups/platform/weeks?{range}&member=1"),
            manager,
            400,
        ),
        (
            "a manager asking for the same range twice in one query",
            "GET",
            format!("/v1/groups/platform/weeks?{range}&from={}", WEEKS[1]),
            manager,
            400,
        ),
        (
            "a member reading a group",
            "GET",
            format!("/v1/groups/platform/weeks?{range}"),
            first,
            403,
        ),
        (
            "a member reading the audit log",
            "GET",
            "/v1/admin/audit".to_string(),
            first,
            403,
        ),
        (
            "a request without a token",
            "GET",
            "/v1/me/weeks".to_string(),
            None,
            401,
        ),
        (
            "a made-up token",
            "GET",
            "/v1/me/weeks".to_string(),
            Some("ct_1_0000000000000000000000000000000000000000000000000000000000000000"),
            401,
        ),
    ];
    let mut refusals = Vec::new();
    for (what, method, path, tok, expected) in attempts {
        let (status, _) = call(addr, method, &path, tok, None)?;
        refusals.push(Refusal {
            attempt: what.to_string(),
            expected,
            status,
        });
    }

    // A member deletes a week the manager has already seen: their rows go, the released
    // figures stay as they were (so the two reads cannot be subtracted).
    let who = team
        .roster
        .members
        .iter()
        .position(|m| m.name == canary::team::demo::OVERLOADED)
        .unwrap_or(0);
    let tok = Some(member_tokens[who].as_str());
    let week = WEEKS[1];
    let own = |v: &Value| v["weeks"].as_array().map_or(0, Vec::len);
    let before = own(&expect(addr, "GET", "/v1/me/weeks", tok, None, 200)?);
    expect(
        addr,
        "DELETE",
        &format!("/v1/me/weeks/{week}"),
        tok,
        None,
        200,
    )?;
    let after = own(&expect(addr, "GET", "/v1/me/weeks", tok, None, 200)?);
    let group = &groups
        .iter()
        .find(|(_, names)| names.contains(&members[who].name))
        .map_or("platform", |(g, _)| g.as_str())
        .to_string();
    let reread = expect(
        addr,
        "GET",
        &format!("/v1/groups/{group}/weeks?{range}"),
        manager,
        None,
        200,
    )?;
    let first_read = manager_view
        .iter()
        .find(|v| v["group"] == group.as_str())
        .cloned()
        .unwrap_or(Value::Null);
    let week_of = |v: &Value| {
        v["weeks"]
            .as_array()
            .and_then(|ws| ws.iter().find(|w| w["week"] == week).cloned())
    };
    let deletion = Deletion {
        member: members[who].name.clone(),
        week: week.to_string(),
        own_weeks_before: before,
        own_weeks_after: after,
        released_figures_unchanged: week_of(&first_read).is_some()
            && week_of(&first_read) == week_of(&reread),
    };

    // The admin reads the audit log.
    let audit = expect(addr, "GET", "/v1/admin/audit", admin, None, 200)?;
    let entries = audit["entries"].as_array().cloned().unwrap_or_default();
    let mut audit_actions: BTreeMap<String, usize> = BTreeMap::new();
    for e in &entries {
        let role = e["role"].as_str().unwrap_or("no token");
        let route = e["route"].as_str().unwrap_or("?");
        let key = match e["rule"].as_str() {
            Some(rule) if e["outcome"] == "refused" => format!("{role}: {route} refused ({rule})"),
            _ => format!("{role}: {route}"),
        };
        *audit_actions.entry(key).or_default() += e["count"].as_u64().unwrap_or(1) as usize;
    }
    Ok(ServerDemo {
        k,
        groups,
        shares: members
            .iter()
            .zip(shares)
            .map(|(m, weeks)| (m.name.clone(), ShareBody { weeks }))
            .collect(),
        manager_view,
        refusals,
        deletion,
        audit_entries: entries.len(),
        audit_actions,
    })
}

/// The demo's server part as text; the manager's view is the table `canary team health`
/// prints.
pub fn render(d: &ServerDemo, today: Date) -> String {
    let mut s = format!(
        "A team server ran on 127.0.0.1 with a throwaway store in memory (k = {}). The admin created \
         the groups and one-time enrolment tokens; each member enrolled and shared {} to {}: \
         pages and sleep-window nights from their own pages, and four of them also hours. The \
         manager's figures carry random noise, drawn once per week and frozen, so that not even \
         someone who knows every other member's figures can work out one person's.\n\n",
        d.k,
        WEEKS[0],
        WEEKS[WEEKS.len() - 1]
    );
    for (g, names) in &d.groups {
        s.push_str(&format!("- {g}: {} ({})\n", names.join(", "), names.len()));
    }
    if let Some((who, body)) = d.shares.first() {
        s.push_str(&format!(
            "\nWhat {who} sent (canary team share --dry-run shows the same):\n{}\n",
            serde_json::to_string(body).unwrap_or_default()
        ));
    }
    for v in &d.manager_view {
        let group = v["group"].as_str().unwrap_or("?");
        s.push_str(&format!(
            "\nThe manager's view (canary team health --group {group}):\n{}",
            super::health::render(group, v, today)
        ));
    }
    s.push_str("\nRefused, as they must be:\n");
    for r in &d.refusals {
        let ok = if r.status == r.expected { "✔" } else { "✘" };
        s.push_str(&format!("{ok} {}: {}\n", r.attempt, r.status));
    }
    let dl = &d.deletion;
    s.push_str(&format!(
        "\n{} deleted {} (canary team share --delete {}): their weeks on the server went from {} to {}; \
         the manager's figures for that week {}.\n",
        dl.member,
        dl.week,
        dl.week,
        dl.own_weeks_before,
        dl.own_weeks_after,
        if dl.released_figures_unchanged {
            "stayed exactly as first released (so two reads cannot be subtracted)"
        } else {
            "CHANGED — this should not happen"
        }
    ));
    s.push_str(&format!(
        "\nThe audit log holds {}: {}.\n",
        canary::words::count(d.audit_entries, "entry"),
        d.audit_actions
            .iter()
            .map(|(a, n)| format!("{a} ×{n}"))
            .collect::<Vec<_>>()
            .join(", ")
    ));
    s
}
