//! The monthly review in words: the comparisons, the questions, what to adjust, and the whole
//! review as blocks for Markdown and HTML (the same blocks and renderers as the plan).

use super::html;
use super::markdown::{Block, boundary_blocks, render_blocks};
use super::review::{CheckinSummary, Figure, MonthlyReview, Questionnaire};
use super::review_period::Basis;

/// The closing note on every review.
pub const CARE: &str = "This review is not a diagnosis: it sets your own traces and answers side by side, nothing more. If things feel unmanageable — you dread every day, sleep is gone, or you have thoughts of harming yourself — talk to your doctor, a therapist or your employee assistance programme this week, and in a crisis call your local emergency number or a crisis line.";

fn value(unit: &str, x: f64) -> String {
    match unit {
        "h/week" => crate::words::hours(x),
        "share" => crate::words::percent(x),
        _ => format!("{x:.0}"),
    }
}

/// One figure compared, e.g. `58.1 h → 55.0 h: down, for the better (over your 45 h limit)`.
pub fn figure_words(f: &Figure, max: f64) -> String {
    let v = |x: f64| value(f.unit, x);
    let mut s = match (f.then, f.now) {
        (Some(t), Some(n)) => format!(
            "{} → {}: {}",
            v(t),
            v(n),
            match f.change {
                "down" => "down, for the better",
                "up" => "up, for the worse",
                _ => "about the same",
            }
        ),
        (None, Some(n)) => format!("{} (no data for the period before)", v(n)),
        (Some(t), None) => format!("no data in this period ({} before)", v(t)),
        (None, None) => "not measured".to_string(),
    };
    if f.id == "mean_weekly_hours"
        && let Some(n) = f.now
    {
        let side = if n > max { "over" } else { "within" };
        s.push_str(&format!(" ({side} your {max} h limit)"));
    }
    s
}

fn instrument_name(id: &str) -> &'static str {
    match id {
        "cbi" => "Copenhagen Burnout Inventory",
        _ => "WHO-5 well-being index",
    }
}

/// The suggestion to take a questionnaire (again), given the latest date and its age in days.
pub fn retake(instrument: &str, age: Option<(jiff::civil::Date, i64)>) -> Option<String> {
    let name = instrument_name(instrument);
    match age {
        None => Some(format!(
            "{name}: not taken yet. `canary assess {instrument}` takes a few minutes and gives the next review a score to compare."
        )),
        Some((on, days)) if days > super::review::RETAKE_AFTER_DAYS => Some(format!(
            "{name}: last taken {on}, {}. Take it again with `canary assess {instrument}` so this month has its own score.",
            crate::words::days_ago(days)
        )),
        Some(_) => None,
    }
}

fn compare(now: f64, then: Option<f64>, lower_is_better: bool) -> String {
    match then {
        None => String::new(),
        Some(t) if (now - t).abs() < 1.0 => format!(" (was {t:.0}: about the same)"),
        Some(t) => {
            let better = (now < t) == lower_is_better;
            format!(
                " (was {t:.0}: {}, for the {})",
                if now < t { "lower" } else { "higher" },
                if better { "better" } else { "worse" }
            )
        }
    }
}

/// Each scale of a questionnaire, latest against the one before.
pub fn score_words(q: &Questionnaire) -> Vec<String> {
    let Some(l) = &q.latest else {
        return Vec::new();
    };
    let p = q.previous.as_ref();
    if q.instrument == "who5" {
        return l
            .who5
            .map(|w| {
                let was = p.and_then(|p| p.who5).map(f64::from);
                format!("Well-being {w} of 100{}", compare(f64::from(w), was, false))
            })
            .into_iter()
            .collect();
    }
    type Scale = fn(&crate::model::ScorePoint) -> Option<f64>;
    let scales: [(&str, Scale); 3] = [
        ("Personal burnout", |s| s.personal),
        ("Work-related burnout", |s| s.work),
        ("Client-related burnout", |s| s.client),
    ];
    scales
        .into_iter()
        .filter_map(|(name, get)| {
            let now = get(l)?;
            Some(format!(
                "{name} {now:.0} of 100{}",
                compare(now, p.and_then(get), true)
            ))
        })
        .collect()
}

/// Questions to reflect on, the first drawn from the figures.
pub fn questions(r: &MonthlyReview) -> Vec<String> {
    let mut q = Vec::new();
    if let Some(f) = r.figures.iter().find(|f| f.better == Some(false)) {
        q.push(format!(
            "{} went up. What was behind it — a project, an incident, a habit — and how much of it did you choose?",
            f.label
        ));
    } else if r.figures.iter().any(|f| f.better == Some(true)) {
        q.push("Something got better. What made it possible, and how will you keep it?".into());
    }
    for s in [
        "Which boundary held best, and what helped you hold it?",
        "When did work reach into time that was meant to be yours, and what would have kept it out?",
        "What drained you most, and what gave you energy back?",
        "What could you hand off, automate or decline in the coming month?",
        "Is your next real time off in the calendar, with someone named to cover for you?",
        "Does the work of this month still lead where you want your life to go?",
        "Has someone close to you noticed a change in your mood or patience lately? If you cannot tell, ask one of them.",
    ] {
        q.push(s.to_string());
    }
    q
}

fn fig<'a>(r: &'a MonthlyReview, id: &str) -> Option<&'a Figure> {
    r.figures.iter().find(|f| f.id == id)
}

/// What to change, with the commands that do it.
pub fn adjust(r: &MonthlyReview) -> Vec<String> {
    let mut a = Vec::new();
    let now = |id| fig(r, id).and_then(|f| f.now).unwrap_or(0.0);
    if now("mean_weekly_hours") > r.max_weekly_hours {
        a.push(format!(
            "Your weeks ran over your {} h limit. Keep the limit and pick one action from `canary plan` to defend it; change it only if it was never realistic: `canary config set max_weekly_hours N`.",
            r.max_weekly_hours
        ));
    }
    if now("sleep_nights") > 0.0 {
        a.push("Work reached your sleep window. If the window you declared is not the one you live by, correct it (`canary config set sleep HH:MM-HH:MM`); if it is, a gentle nudge at night helps: `canary hook install zsh` (or bash, fish, git).".into());
    }
    if now("pages_personal_time") > 0.0 {
        a.push("Non-emergency pages reached your personal time: take them to your manager with `canary plan conversation`.".into());
    }
    if let Some(open) = r.actions_open.first() {
        a.push(format!(
            "Choose one open action for the coming month and check it off when it is done: `canary plan done {}`.",
            open.id
        ));
    }
    if let Some(n) = r.support.longest.as_ref().filter(|_| r.support.neglected) {
        a.push(format!(
            "Get in touch with {} this week, then `canary support touch \"{}\"`.",
            n.name, n.name
        ));
    }
    if let Some(k) = r.support.missing.first() {
        a.push(format!(
            "Missing from your support network: {}. `canary support add NAME --kind {}` once you have found one.",
            k.describe(),
            k.as_str()
        ));
    }
    match r.checkins.current.count {
        0 => a.push("No check-ins in the period: `canary checkin` takes a minute and gives the next review your stress, sleep and habits.".into()),
        1..=3 => a.push("A check-in a week or more (`canary checkin`) makes next month's means worth reading.".into()),
        _ => {}
    }
    a.push(format!(
        "When you are through, save the review: `canary review --done --note \"what you changed\"`. The next one is due {}.",
        r.next_due
    ));
    a
}

fn period_line(r: &MonthlyReview) -> String {
    let p = &r.periods;
    let (c, b) = (&p.current, &p.previous);
    let range = format!(
        "{} to {} ({})",
        c.since,
        c.until,
        crate::words::count(c.days, "day")
    );
    let before = format!(
        "the {} before ({} to {})",
        crate::words::count(b.days, "day"),
        b.since,
        b.until
    );
    let last = p.last_review.map(|d| d.to_string()).unwrap_or_default();
    match p.basis {
        Basis::SinceLastReview => {
            format!("Since your last review on {last}: {range}, beside {before}.")
        }
        Basis::LastReviewAgain => {
            format!("The review you saved on {last}, covering {range}, beside {before}.")
        }
        Basis::Asked => format!("From {range}, as you asked, beside {before}."),
        Basis::LastFourWeeks => format!(
            "No review saved yet, so the last four complete weeks: {range}, beside {before}."
        ),
    }
}

fn checkin_line(label: &str, now: &CheckinSummary, then: &CheckinSummary) -> String {
    let n = |x: Option<f64>| x.map_or("—".to_string(), |x| format!("{x:.1}"));
    let pct = |x: Option<f64>| x.map_or("—".to_string(), |x| format!("{:.0}%", x * 100.0));
    match label {
        "scales" => format!(
            "Stress {} of 5 (before: {}); sleep {} of 5 (before: {}).",
            n(now.stress),
            n(then.stress),
            n(now.sleep),
            n(then.sleep)
        ),
        _ => format!(
            "Exercise in {} of check-ins (before: {}), time with people in {} ({}), a hobby in {} ({}).",
            pct(now.exercise),
            pct(then.exercise),
            pct(now.social),
            pct(then.social),
            pct(now.hobby),
            pct(then.hobby)
        ),
    }
}

/// The review as blocks.
pub fn document(r: &MonthlyReview) -> Vec<Block> {
    use Block::*;
    let (cur_days, prev_days) = r.covered_days;
    let mut d = vec![
        Heading(1, format!("Your monthly review — {}", r.today)),
        Para(format!(
            "{} Your traces cover {cur_days} of its days and {prev_days} of the days before.",
            period_line(r)
        )),
    ];
    let again = matches!(
        r.periods.basis,
        Basis::SinceLastReview | Basis::LastReviewAgain
    );
    if let Some(n) = r.last_note.as_ref().filter(|_| again) {
        d.push(Para(format!("Your note from that review: “{n}”")));
    }
    if let Some(c) = &r.crisis {
        d.push(Heading(2, "Please take care of yourself".into()));
        d.push(Para(c.clone()));
    }
    d.push(Heading(2, "Then and now".into()));
    d.push(List(
        r.figures
            .iter()
            .map(|f| format!("**{}**: {}", f.label, f.words))
            .collect(),
    ));
    d.push(Heading(2, "Your boundaries in the period".into()));
    d.extend(boundary_blocks(&r.boundaries));

    d.push(Heading(2, "Your plan".into()));
    if r.actions_done.is_empty() {
        d.push(Para("No action checked off in the period.".into()));
    } else {
        d.push(Checklist(
            r.actions_done
                .iter()
                .map(|a| {
                    let on = a.done_on.map(|d| format!(", {d}")).unwrap_or_default();
                    (true, format!("**{}** (`{}`{on})", a.title, a.id))
                })
                .collect(),
        ));
    }
    if !r.actions_open.is_empty() {
        d.push(Para("Still open in `canary plan`:".into()));
        d.push(Checklist(
            r.actions_open
                .iter()
                .map(|a| (false, format!("**{}** (`{}`)", a.title, a.id)))
                .collect(),
        ));
    }

    d.push(Heading(2, "Check-ins".into()));
    let (now, then) = (&r.checkins.current, &r.checkins.previous);
    if now.count == 0 {
        d.push(Para(format!(
            "No check-ins in the period ({} in the period before).",
            then.count
        )));
    } else {
        d.push(Para(format!(
            "{} check-ins in the period ({} before).",
            now.count, then.count
        )));
        d.push(List(vec![
            checkin_line("scales", now, then),
            checkin_line("habits", now, then),
        ]));
    }

    d.push(Heading(2, "Questionnaires".into()));
    let mut items = Vec::new();
    for q in &r.questionnaires {
        if !q.words.is_empty() {
            items.push(format!(
                "{}: {}.",
                instrument_name(q.instrument),
                q.words.join("; ")
            ));
        }
        items.extend(q.retake.clone());
    }
    d.push(List(items));
    d.push(Para("Lower burnout scores and a higher well-being score are better. They are your own answers, set side by side — not a diagnosis.".into()));

    d.push(Heading(2, "Support network".into()));
    d.push(Para(match &r.support.longest {
        None => {
            "No one recorded yet: `canary support add NAME --kind mentor|friend|hobby|activity`."
                .into()
        }
        Some(n) if r.support.neglected => format!(
            "Neglected longest: **{}** ({}), {} since you were last in touch.",
            n.name,
            n.kind.as_str(),
            crate::words::count(n.days, "day")
        ),
        Some(n) => format!(
            "Everyone heard from within a month; longest: {} ({}).",
            n.name,
            crate::words::count(n.days, "day")
        ),
    }));

    d.push(Heading(2, "Questions for this month".into()));
    d.push(List(r.questions.clone()));
    d.push(Heading(2, "What to adjust".into()));
    d.push(List(r.adjust.clone()));
    d.push(Heading(2, "If things feel unmanageable".into()));
    d.push(Para(CARE.into()));
    d
}

/// The review as Markdown.
pub fn render(r: &MonthlyReview) -> String {
    render_blocks(&document(r))
}

/// The review as one self-contained HTML page, through the plan's renderer.
pub fn render_html(r: &MonthlyReview) -> String {
    html::render_blocks(&format!("Your monthly review — {}", r.today), &document(r))
}
