//! The dashboard's pages: plain HTML with server-side SVG charts, no scripts. Every chart has
//! its figures in text too (titles on each mark, tables or lists beside it), and marks that
//! stand out carry a pattern and a label, never colour alone.

use std::fmt::Write as _;

use canary::assessment::instruments::Instrument;
use canary::model::{RiskLevel, Status};
use canary::plan::ActionStatus;
use canary::plan::html::escape as e;

use super::serve::Snapshot;
use super::serve_charts::{BAND_SERIES, PATTERNS, calendar, heatmap, stacked_chart, weeks_chart};
use canary::app::EventRow;

pub const STYLE: &str = include_str!("serve_style.css");

const NAV: [(&str, &str); 6] = [
    ("/", "Overview"),
    ("/time", "Time"),
    ("/oncall", "On-call"),
    ("/checkin", "Check-in"),
    ("/plan", "Plan"),
    ("/sources", "Sources"),
];

fn layout(title: &str, current: &str, body: &str) -> String {
    page_layout(
        &NAV,
        "Local dashboard: everything stays on this machine.",
        title,
        current,
        body,
    )
}

/// A whole page: the header with `nav` (the `current` entry marked), the title, the body and
/// the footer. Shared by the personal and the team dashboards.
pub(crate) fn page_layout(
    nav_items: &[(&str, &str)],
    footer: &str,
    title: &str,
    current: &str,
    body: &str,
) -> String {
    let mut nav = String::new();
    for (href, label) in nav_items {
        let cur = if *href == current {
            " aria-current=\"page\""
        } else {
            ""
        };
        let _ = write!(nav, "<a href=\"{href}\"{cur}>{label}</a>");
    }
    format!(
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>{} · Canary</title><link rel=\"icon\" href=\"data:,\"><link rel=\"stylesheet\" href=\"/style.css\"></head><body><header><span class=\"brand\">Canary</span><nav aria-label=\"Pages\">{nav}</nav></header><main><h1>{}</h1>{body}</main><footer>{}</footer></body></html>\n",
        e(title),
        e(title),
        e(footer)
    )
}

pub fn not_found() -> String {
    layout(
        "Not found",
        "",
        "<p>Nothing here. <a href=\"/\">Back to the overview</a>.</p>",
    )
}

fn level_badge(level: RiskLevel) -> String {
    format!(
        "<span class=\"badge level-{0}\">Risk: {0}</span>",
        level.as_str()
    )
}

pub(crate) fn h1(x: f64) -> String {
    format!("{x:.1}")
}

pub fn overview(s: &Snapshot) -> String {
    let r = &s.report;
    let mut b = String::new();
    let _ = write!(
        b,
        "<p class=\"period\">{} to {} ({} days, {} of them covered).</p><section class=\"risk\">{} <span class=\"badge\">Stage: {}</span>",
        r.period.since,
        r.period.until,
        r.period.days,
        r.coverage.covered_days,
        level_badge(r.risk.level),
        e(&r.risk.stage.name)
    );
    if let Some(c) = &r.crisis {
        let _ = write!(b, "<p class=\"crisis\" role=\"alert\">{}</p>", e(c));
    }
    b.push_str("<h2>Why this level</h2><ul>");
    for reason in &r.risk.reasons {
        let _ = write!(b, "<li>{}</li>", e(reason));
    }
    b.push_str("</ul><h2>Why this stage</h2><p>An estimate from the article's stages, not a diagnosis.</p><ul>");
    let earlier = r
        .risk
        .stage
        .reasons
        .iter()
        .filter(|x| x.is_earlier())
        .count();
    for reason in r.risk.stage.reasons.iter().filter(|x| !x.is_earlier()) {
        let _ = write!(b, "<li>{}</li>", e(&reason.text));
    }
    if earlier > 0 {
        let _ = write!(b, "<li>and {earlier} signs of earlier stages</li>");
    }
    b.push_str("</ul></section><h2>Indicators</h2><table><thead><tr><th scope=\"col\">Indicator</th><th scope=\"col\">Tier</th><th scope=\"col\">Status</th><th scope=\"col\">Evidence</th></tr></thead><tbody>");
    for i in &r.risk.indicators {
        let (class, word) = match i.status {
            Status::Holds => ("holds", "✔ holds"),
            Status::DoesNotHold => ("no", "✘ does not hold"),
            Status::Unknown => ("unknown", "? unknown"),
        };
        let _ = write!(
            b,
            "<tr class=\"ind-{class}\"><td>{}</td><td>{:?}</td><td>{word}</td><td>{}</td></tr>",
            e(&i.label),
            i.tier,
            e(&i.evidence)
        );
    }
    b.push_str("</tbody></table><h2>Questionnaires</h2><ul>");
    let ins = &r.instruments;
    match &ins.cbi {
        Some(c) => {
            let f = |v: Option<f64>| v.map_or("—".into(), |v| format!("{v:.0}/100"));
            let _ = write!(
                b,
                "<li>Copenhagen Burnout Inventory ({}): personal {}, work {}, client {}</li>",
                c.taken_at.strftime("%Y-%m-%d"),
                f(c.personal),
                f(c.work),
                f(c.client)
            );
        }
        None => b.push_str(
            "<li>CBI: not taken yet (<a href=\"/checkin#q-cbi\">the form</a> or <code>canary assess cbi</code>).</li>",
        ),
    }
    match &ins.who5 {
        Some(w) => {
            let _ = write!(
                b,
                "<li id=\"who5-score\">WHO-5 Well-Being ({}): {}/100{}</li>",
                w.taken_at.strftime("%Y-%m-%d"),
                w.score,
                if w.poor { " — poor well-being" } else { "" }
            );
        }
        None => b.push_str(
            "<li id=\"who5-score\">WHO-5: not taken yet (<a href=\"/checkin#q-who5\">the form</a> or <code>canary assess who5</code>).</li>",
        ),
    }
    match ins.signs.last() {
        Some(p) => {
            let _ = write!(
                b,
                "<li id=\"signs-latest\">Warning signs ({}): {} often, {} sometimes</li>",
                p.taken_at.strftime("%Y-%m-%d"),
                p.often,
                p.sometimes
            );
        }
        None => b.push_str(
            "<li id=\"signs-latest\">Warning signs: not checked yet (<a href=\"/checkin#q-signs\">the form</a> or <code>canary assess signs</code>).</li>",
        ),
    }
    let _ = write!(b, "<li>{} scores taken so far.</li></ul>", ins.trend.len());
    if !ins.signs.is_empty() {
        // The warning signs over time: one stacked bar per check of the signs.
        let rows: Vec<(String, Option<String>, Vec<u32>)> = ins
            .signs
            .iter()
            .map(|p| {
                let date = p.taken_at.strftime("%Y-%m-%d").to_string();
                (
                    format!(
                        "{date}: {} signs often, {} sometimes (of {} answered) — physical {}/{}, emotional {}/{}, behavioural {}/{} often/sometimes",
                        p.often,
                        p.sometimes,
                        p.answered,
                        p.physical[0],
                        p.physical[1],
                        p.emotional[0],
                        p.emotional[1],
                        p.behavioural[0],
                        p.behavioural[1]
                    ),
                    Some(date),
                    vec![p.often as u32, p.sometimes as u32],
                )
            })
            .collect();
        let _ = write!(
            b,
            "<h2>Warning signs over time</h2><svg class=\"defs\" width=\"0\" height=\"0\" aria-hidden=\"true\" focusable=\"false\">{PATTERNS}</svg>"
        );
        b.push_str(&stacked_chart(
            "signs",
            "The article's warning signs at each check, stacked: often, then sometimes",
            "The figures, check by check",
            &[
                ("Often", "ibar", "solid"),
                ("Sometimes", "ibar pat-hatch", "url(#pat-hatch)"),
            ],
            &rows,
        ));
    }
    let rec = &s.plan.recovery;
    b.push_str("<h2>Recovery</h2>");
    match (rec.phase, rec.started) {
        (Some(p), Some(start)) => {
            let _ = write!(
                b,
                "<p>Plan started {start}, {} weeks in: <strong>{}</strong>.</p>",
                rec.weeks_in.unwrap_or(0),
                e(p.label())
            );
        }
        _ => b.push_str("<p>No plan started yet: see <a href=\"/plan\">Plan</a>.</p>"),
    }
    b.push_str("<h2>Latest check-in</h2>");
    match s.checkins.last() {
        Some(c) => {
            let _ = write!(b, "<p id=\"latest-checkin\">{}</p>", e(&checkin_line(c)));
        }
        None => {
            b.push_str("<p id=\"latest-checkin\">None yet: <a href=\"/checkin\">check in</a>.</p>")
        }
    }
    layout("Overview", "/", &b)
}

fn checkin_line(c: &canary::journal::Checkin) -> String {
    let n = |v: Option<u8>| v.map(|v| format!("{v}/5")).unwrap_or("—".into());
    let y = |v: Option<bool>| match v {
        Some(true) => "yes",
        Some(false) => "no",
        None => "—",
    };
    format!(
        "{}: stress {}, sleep {}, exercise {}, people {}, hobby {}{}",
        c.taken_at
            .map_or("?".into(), |t| t.strftime("%Y-%m-%d %H:%M").to_string()),
        n(c.stress),
        n(c.sleep),
        y(c.exercise),
        y(c.social),
        y(c.hobby),
        c.note
            .as_deref()
            .map(|n| format!(" — “{n}”"))
            .unwrap_or_default()
    )
}

pub fn time(s: &Snapshot) -> String {
    let r = &s.report;
    let mut b = String::new();
    let _ = write!(
        b,
        "<p>Mean {} h a week; {} of {} weeks over your maximum of {} h; {} days off worked.</p><h2>Weekly hours</h2>{}",
        h1(r.worktime.mean_weekly_hours),
        r.limits.weeks_over_max,
        r.weeks.len(),
        r.limits.max_weekly_hours,
        r.worktime.days_off_worked,
        weeks_chart(s)
    );
    let _ = write!(b, "<h2>When you work</h2>{}", heatmap(s));
    let _ = write!(
        b,
        "<h2>Every day</h2>{}<p class=\"legend\">Darker squares: more hours. ☾ activity in the sleep window · ✕ work on a day off.</p>",
        calendar(s)
    );
    let _ = write!(
        b,
        "<h2>Nights with work in the sleep window</h2><p>{} nights in the period; the latest:</p><ul class=\"nights\">",
        r.sleep.nights
    );
    for n in &r.sleep.recent {
        let _ = write!(
            b,
            "<li><a href=\"/night/{0}\">Night of {0}</a>: {1} events</li>",
            n.night, n.events
        );
    }
    b.push_str("</ul>");
    layout("Time", "/time", &b)
}

/// Every event of the night that started on `night` (the rows `canary events --night` lists),
/// with the report's summary of that night when it has one. `None` (404) for a night outside
/// the report's period.
pub fn night(s: &Snapshot, night: jiff::civil::Date, rows: &[EventRow]) -> Option<String> {
    let r = &s.report;
    if night < r.period.since || night > r.period.until {
        return None;
    }
    let mut b = String::new();
    match r.sleep.recent.iter().find(|n| n.night == night) {
        Some(n) => {
            let _ = write!(
                b,
                "<p>{} events in the sleep window that started on {night}.</p>",
                n.events
            );
        }
        None => {
            let _ = write!(b, "<p>The night that started on {night}.</p>");
        }
    }
    let _ = write!(
        b,
        "<p>Every event that touches this night's sleep window ({} in all), as <code>canary events --night {night}</code> lists them:</p>",
        rows.len()
    );
    if rows.is_empty() {
        b.push_str("<p id=\"night-events\">None.</p>");
    } else {
        b.push_str("<table id=\"night-events\"><thead><tr><th scope=\"col\">Local time</th><th scope=\"col\">Band</th><th scope=\"col\">Kind</th><th scope=\"col\">Source</th><th scope=\"col\">Duration</th></tr></thead><tbody>");
        for ev in rows {
            let dur = ev
                .duration_seconds
                .map(|d| format!("{} min", d / 60))
                .unwrap_or_default();
            let _ = write!(
                b,
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                e(&ev.local),
                e(ev.band.as_str()),
                e(ev.kind.as_str()),
                e(ev.source.as_str()),
                e(&dur)
            );
        }
        b.push_str("</tbody></table>");
    }
    b.push_str("<p><a href=\"/time\">Back to Time</a>.</p>");
    Some(layout(&format!("Night of {night}"), "/time", &b))
}

pub fn oncall(s: &Snapshot) -> String {
    let r = &s.report;
    let i = &r.interruptions;
    let mut b = String::new();
    if !i.measured {
        b.push_str(
            "<p>No on-call source imported (e.g. <code>canary import pagerduty FILE</code>).</p>",
        );
    }
    let _ = write!(
        b,
        "<ul class=\"figures\"><li>{} pages: {} emergency, {} not</li><li>{} non-emergency pages in personal time</li><li>{} nights interrupted</li><li>{} h engaged on incidents, {} acknowledgements</li>{}</ul>",
        i.pages,
        i.emergency,
        i.non_emergency,
        i.non_emergency_outside_hours,
        i.nights_interrupted,
        h1(i.engaged_hours),
        i.acks,
        if i.on_call_declared {
            format!(
                "<li>{} pages while you were on call, <strong>{}</strong> while you were not</li>",
                i.pages_on_call, i.pages_off_rotation
            )
        } else {
            "<li>Declare when you are on call (<code>canary config set oncall.rotation FIRST/EVERY-N-WEEKS/DAYS</code>) to see the pages that reach you outside it.</li>".to_string()
        }
    );
    let _ = write!(
        b,
        "<h2>Pages by band</h2><table><tbody><tr><th scope=\"row\">Business hours</th><td>{}</td></tr><tr><th scope=\"row\">Off hours</th><td>{}</td></tr><tr><th scope=\"row\">Sleep window</th><td>{}</td></tr><tr><th scope=\"row\">Days off</th><td>{}</td></tr><tr><th scope=\"row\">Vacation</th><td>{}</td></tr></tbody></table>",
        i.by_band.business,
        i.by_band.off_hours,
        i.by_band.sleep,
        i.by_band.non_working_day,
        i.by_band.vacation
    );
    let label = |k: usize, wk: &canary::model::WeekRow| {
        k.is_multiple_of(4).then(|| wk.week[5..].to_string())
    };
    // Pages per week by band, stacked; each band has its own pattern and a labelled swatch.
    let bands: Vec<(String, Option<String>, Vec<u32>)> = r
        .weeks
        .iter()
        .enumerate()
        .map(|(k, wk)| {
            let c = &wk.pages_by_band;
            (
                format!(
                    "{}: {} pages — {} business hours, {} off hours, {} sleep window, {} day off, {} vacation",
                    wk.week,
                    wk.pages,
                    c.business,
                    c.off_hours,
                    c.sleep,
                    c.non_working_day,
                    c.vacation
                ),
                label(k, wk),
                vec![c.business, c.off_hours, c.sleep, c.non_working_day, c.vacation],
            )
        })
        .collect();
    // The patterns once per page (ids are unique), for both charts below.
    let _ = write!(
        b,
        "<svg class=\"defs\" width=\"0\" height=\"0\" aria-hidden=\"true\" focusable=\"false\">{PATTERNS}</svg>"
    );
    b.push_str("<h2>Pages per week by band</h2>");
    b.push_str(&stacked_chart(
        "pweek",
        "Pages per week, stacked by band",
        "The figures, week by week",
        &BAND_SERIES,
        &bands,
    ));
    // Emergency or not, per week.
    let emergency: Vec<(String, Option<String>, Vec<u32>)> = r
        .weeks
        .iter()
        .enumerate()
        .map(|(k, wk)| {
            let not = wk.pages.saturating_sub(wk.pages_emergency);
            (
                format!(
                    "{}: {} pages — {} emergency, {} not ({} of them in personal time), {} h engaged",
                    wk.week,
                    wk.pages,
                    wk.pages_emergency,
                    not,
                    wk.pages_personal_time,
                    h1(wk.engaged_hours)
                ),
                label(k, wk),
                vec![wk.pages_emergency, not],
            )
        })
        .collect();
    b.push_str("<h2>Emergency or not, per week</h2>");
    b.push_str(&stacked_chart(
        "eweek",
        "Pages per week: emergency (by your rules) and not",
        "The figures, week by week",
        &[
            ("Emergency", "ibar", "solid"),
            ("Not an emergency", "ibar pat-hatch", "url(#pat-hatch)"),
        ],
        &emergency,
    ));
    layout("On-call", "/oncall", &b)
}

pub fn checkin(s: &Snapshot, token: &str) -> String {
    let mut b = String::from(
        "<p>One minute: the same check-in as <code>canary checkin</code>, stored the same way.</p><form method=\"post\" action=\"/checkin\">",
    );
    let _ = write!(
        b,
        "<input type=\"hidden\" name=\"token\" value=\"{}\">",
        e(token)
    );
    for (name, legend, words) in [
        (
            "stress",
            "Stress today",
            [
                "1 calm",
                "2 a little",
                "3 some",
                "4 a lot",
                "5 very stressed",
            ],
        ),
        (
            "sleep",
            "Sleep last night",
            ["1 poor", "2 restless", "3 so-so", "4 good", "5 great"],
        ),
    ] {
        let _ = write!(b, "<fieldset><legend>{legend}</legend>");
        for (k, w) in words.iter().enumerate() {
            let _ = write!(
                b,
                "<label><input type=\"radio\" name=\"{name}\" value=\"{0}\" id=\"{name}-{0}\"> {w}</label>",
                k + 1
            );
        }
        b.push_str("</fieldset>");
    }
    for (name, legend) in [
        ("exercise", "Did you move or exercise today?"),
        ("social", "Time with people outside work?"),
        ("hobby", "Something for a hobby?"),
    ] {
        let _ = write!(
            b,
            "<fieldset><legend>{legend}</legend><label><input type=\"radio\" name=\"{name}\" value=\"yes\" id=\"{name}-yes\"> yes</label><label><input type=\"radio\" name=\"{name}\" value=\"no\" id=\"{name}-no\"> no</label></fieldset>"
        );
    }
    b.push_str("<p><label for=\"note\">A short note (stays on this machine)</label><br><input type=\"text\" name=\"note\" id=\"note\" maxlength=\"500\"></p><p><button type=\"submit\" id=\"save-checkin\">Save check-in</button></p></form>");
    b.push_str("<h2>Questionnaires</h2><p>The same questionnaires as <code>canary assess</code>, scored and stored the same way. Skip any item you would rather not answer.</p>");
    for instrument in [
        Instrument::Who5,
        Instrument::Cbi,
        Instrument::Checklist,
        Instrument::Signs,
    ] {
        b.push_str(&questionnaire(instrument, token));
    }
    b.push_str("<h2>Earlier check-ins</h2><ul>");
    for c in s.checkins.iter().rev().take(10) {
        let _ = write!(b, "<li>{}</li>", e(&checkin_line(c)));
    }
    b.push_str("</ul>");
    layout("Check-in", "/checkin", &b)
}

/// One questionnaire as a form: a fieldset with a legend and one radio group per item.
fn questionnaire(instrument: Instrument, token: &str) -> String {
    let id = instrument.id();
    let mut b = format!(
        "<section class=\"questionnaire\" id=\"q-{id}\"><h3>{}</h3><p>{}</p><form method=\"post\" action=\"/assess/{id}\"><input type=\"hidden\" name=\"token\" value=\"{}\">",
        e(instrument.title()),
        e(instrument.intro()),
        e(token)
    );
    for (n, item) in instrument.items().iter().enumerate() {
        let _ = write!(b, "<fieldset><legend>{}. {}</legend>", n + 1, e(item.text));
        for (word, value) in item.scale.options() {
            let _ = write!(
                b,
                "<label><input type=\"radio\" name=\"{0}\" value=\"{value}\" id=\"{id}-{0}-{value}\"> {1}</label>",
                e(item.id),
                e(word)
            );
        }
        b.push_str("</fieldset>");
    }
    let _ = write!(
        b,
        "<p><button type=\"submit\" id=\"save-{id}\">Score and save</button></p></form></section>"
    );
    b
}

/// The page for a questionnaire not answered yet.
pub fn assess_none(instrument: Instrument) -> String {
    layout(
        instrument.title(),
        "/checkin",
        "<p>Not answered yet. <a href=\"/checkin\">Answer it on the check-in page</a>.</p>",
    )
}

/// What a questionnaire just submitted scores and means.
pub fn assess_result(instrument: Instrument, meaning: &str, crisis: Option<&str>) -> String {
    let mut b = String::new();
    if let Some(c) = crisis {
        let _ = write!(b, "<p class=\"crisis\" role=\"alert\">{}</p>", e(c));
    }
    let _ = write!(
        b,
        "<p>Your latest answers, saved. What they mean:</p><pre id=\"assess-result\">{}</pre><p><a href=\"/\">See it on the overview</a> · <a href=\"/checkin\">Back to the check-in</a>.</p>",
        e(meaning)
    );
    layout(instrument.title(), "/checkin", &b)
}

pub fn plan(s: &Snapshot, token: &str) -> String {
    let p = &s.plan;
    let mut b = format!(
        "<p>{} of {} actions done.</p><progress max=\"{}\" value=\"{}\">{} of {}</progress>",
        p.progress.0,
        p.progress.1,
        p.progress.1.max(1),
        p.progress.0,
        p.progress.0,
        p.progress.1
    );
    for para in &p.summary {
        let _ = write!(b, "<p>{}</p>", e(para));
    }
    let due = canary::plan::review_period::due_words(&p.review);
    if !due.is_empty() {
        let _ = write!(
            b,
            "<p id=\"review-due\">Monthly review: {}</p>",
            canary::plan::html::inline(&due)
        );
    }
    for (title, list) in [
        ("This week", &p.week),
        ("This month", &p.month),
        ("This year", &p.year),
    ] {
        let _ = write!(b, "<h2>{title}</h2><ul class=\"actions\">");
        for a in list {
            let done = a.status == ActionStatus::Done;
            let (cls, mark, path, label) = if done {
                ("done", "☑ done", "/plan/undo", "Undo")
            } else {
                ("open", "☐ open", "/plan/done", "Mark done")
            };
            let _ = write!(
                b,
                "<li class=\"{cls}\" id=\"action-{id}\"><span class=\"state\">{mark}</span> <strong>{}</strong>{}<br><span class=\"how\">{}</span><br><em>{}</em><form method=\"post\" action=\"{path}\"><input type=\"hidden\" name=\"token\" value=\"{}\"><input type=\"hidden\" name=\"id\" value=\"{id}\"><button type=\"submit\">{label}</button></form></li>",
                e(a.title),
                a.done_on
                    .as_deref()
                    .map(|d| format!(" (done {})", e(d)))
                    .unwrap_or_default(),
                e(a.how),
                e(&a.why),
                e(token),
                id = e(a.id),
            );
        }
        b.push_str("</ul>");
    }
    let br = &s.brief;
    b.push_str("<h2>Talking with your manager</h2><h3>Your figures</h3><ul>");
    for f in &br.figures {
        let _ = write!(b, "<li>{}</li>", e(f));
    }
    b.push_str("</ul><h3>Why it matters</h3><ul>");
    for f in &br.framing {
        let _ = write!(b, "<li>{}</li>", e(f));
    }
    b.push_str("</ul><h3>What to propose</h3><ul>");
    for f in &br.proposals {
        let _ = write!(b, "<li>{}</li>", e(f));
    }
    let _ = write!(
        b,
        "</ul><h3>Follow-up draft</h3><pre>{}</pre>",
        e(&br.follow_up)
    );
    layout("Plan", "/plan", &b)
}

pub fn sources(s: &Snapshot) -> String {
    let r = &s.report;
    let mut b = format!(
        "<p>{} of {} days in the period have data (confidence {:.0}%).</p><h2>Imported</h2><table><thead><tr><th scope=\"col\">Source</th><th scope=\"col\">Events</th><th scope=\"col\">First</th><th scope=\"col\">Last</th><th scope=\"col\">Days covered in the period</th></tr></thead><tbody>",
        r.coverage.covered_days,
        r.coverage.period_days,
        r.coverage.confidence * 100.0
    );
    for src in &s.sources {
        let days = r
            .coverage
            .sources
            .iter()
            .find(|c| c.source == src.source)
            .map_or(0, |c| c.days);
        let _ = write!(
            b,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td><meter min=\"0\" max=\"{period}\" value=\"{days}\"></meter> {days} of {period}</td></tr>",
            e(&src.source),
            src.events,
            src.first.strftime("%Y-%m-%d"),
            src.last.strftime("%Y-%m-%d"),
            period = r.coverage.period_days
        )
        .map(|_| ());
    }
    b.push_str("</tbody></table><h2>Import runs</h2><table><thead><tr><th scope=\"col\">#</th><th scope=\"col\">Started</th><th scope=\"col\">Source</th><th scope=\"col\">Path</th><th scope=\"col\">New</th><th scope=\"col\">Already there</th><th scope=\"col\">Skipped</th><th scope=\"col\">Status</th></tr></thead><tbody>");
    for (run, skips) in &s.runs {
        let _ = write!(
            b,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{:?}</td></tr>",
            run.id,
            run.started_at.strftime("%Y-%m-%d %H:%M"),
            e(&run.source),
            e(&run.path),
            run.new,
            run.duplicates,
            run.skipped,
            run.status
        );
        if !skips.is_empty() {
            b.push_str(
                "<tr><td></td><td colspan=\"7\"><details><summary>Skipped records</summary><ul>",
            );
            for sk in skips.iter().take(50) {
                let _ = write!(b, "<li>{}: {}</li>", e(&sk.location), e(&sk.reason));
            }
            b.push_str("</ul></details></td></tr>");
        }
    }
    b.push_str("</tbody></table>");
    layout("Sources", "/sources", &b)
}
