//! The text report: what `canary report` and `canary demo` print.

use std::fmt::Write as _;
use std::io::Write as _;

use canary::model::{Basis, Indicator, Report, RiskLevel, Status, Tier};
use canary::words::{
    count, days_ago, duration_hours, duration_minutes, hours as hours_of, noun_for, percent,
};
use comfy_table::{Cell, CellAlignment, Table, presets};

use super::heatmap::heatmap;
use super::sparkline::{Per, group_weeks, means, sparkline};
use super::width;
use crate::style::{self, paint};

/// Print a report as text or JSON on stdout.
pub fn print(report: &Report, json: bool) -> anyhow::Result<()> {
    let mut out = anstream::stdout().lock();
    if json {
        crate::output::json(&mut out, report)?;
    } else {
        write!(out, "{}", render(report, width::terminal_width()))?;
    }
    Ok(())
}

/// The whole report as text for a terminal `width` columns wide (with style codes that
/// anstream strips where colour is off): tables and sparklines laid out to fit, longer lines
/// wrapped (see [`width`]).
pub fn render(r: &Report, width: usize) -> String {
    let mut o = String::new();
    header(&mut o, r);
    risk(&mut o, r);
    weekly(&mut o, r, width);
    when(&mut o, r);
    rest_and_limits(&mut o, r);
    sleep(&mut o, r);
    traces(&mut o, r, width);
    coverage(&mut o, r);
    width::fit(&o, width)
}

fn heading(o: &mut String, title: &str) {
    let _ = writeln!(o, "\n{}", paint(style::HEADING, title));
}

fn header(o: &mut String, r: &Report) {
    let _ = writeln!(
        o,
        "{} — {} to {} ({}, {})",
        paint(style::HEADING, "Canary report"),
        r.period.since,
        r.period.until,
        count(r.period.days, "day"),
        r.timezone
    );
    let _ = writeln!(
        o,
        "{}",
        paint(
            style::DIM,
            "Your work traces measured against the boundaries you declared. A self-help picture, not a diagnosis."
        )
    );
    outside_period(o, r);
}

/// At the top: imported sources this period does not reach, each with the command that shows
/// it, so that nothing imported is silently absent.
fn outside_period(o: &mut String, r: &Report) {
    let outside = &r.coverage.outside_period;
    if outside.is_empty() {
        return;
    }
    let lead = if r.coverage.covered_days == 0 {
        "Nothing you imported falls in this period.".to_string()
    } else {
        format!(
            "{} imported {} outside this period and not in these figures:",
            outside.len(),
            if outside.len() == 1 {
                "source lies"
            } else {
                "sources lie"
            }
        )
    };
    let _ = writeln!(o, "\n{}", paint(style::MEDIUM, &lead));
    for h in outside {
        let _ = writeln!(
            o,
            "  {:<14} {:>7} {:<6} from {} to {}: canary report --since {} --until {}",
            h.source,
            h.events,
            noun_for(h.events, "event"),
            h.first,
            h.last,
            h.first,
            h.last
        );
    }
}

fn level_word(level: RiskLevel) -> String {
    let word = level.as_str().to_uppercase();
    match level {
        RiskLevel::High => paint(style::HIGH, &word),
        RiskLevel::Medium => paint(style::MEDIUM, &word),
        RiskLevel::Low => paint(style::LOW, &word),
        RiskLevel::Unknown => paint(style::DIM, &word),
    }
}

fn risk(o: &mut String, r: &Report) {
    heading(o, "Risk");
    let answered = r
        .risk
        .indicators
        .iter()
        .any(|i| matches!(i.basis, Basis::Answered | Basis::Both));
    let provisional = if answered {
        String::new()
    } else {
        "provisional: measured signs only, answer `canary assess checklist`; ".to_string()
    };
    let _ = writeln!(
        o,
        "  Level: {}   ({provisional}rule {}; confidence {:.2} from {})",
        level_word(r.risk.level),
        r.risk.rule,
        r.coverage.confidence,
        count(r.coverage.covered_days, "covered day")
    );
    for reason in &r.risk.reasons {
        let _ = writeln!(o, "  - {reason}");
    }
    let st = &r.risk.stage;
    let name = match st.stage {
        Some(n) => format!("{n} of 4, {}", st.name),
        None => st.name.clone(),
    };
    let _ = writeln!(
        o,
        "  Stage: {}   {}",
        paint(style::HEADING, &name),
        paint(
            style::DIM,
            "(an estimate from the article's stages, not a diagnosis)"
        )
    );
    // The stage's own signs in full; signs of earlier stages in one line (all are in --json).
    let earlier = st.reasons.iter().filter(|r| r.is_earlier()).count();
    for reason in st.reasons.iter().filter(|r| !r.is_earlier()) {
        let _ = writeln!(o, "  - {}", reason.text);
    }
    if earlier > 0 {
        let _ = writeln!(
            o,
            "  - and {} of earlier stages (see --json)",
            count(earlier, "sign")
        );
    }
    instruments(o, r);
    if let Some(c) = &r.crisis {
        let _ = writeln!(
            o,
            "\n  {}",
            paint(style::HIGH, "Please take care of yourself")
        );
        let _ = writeln!(o, "  {c}");
    }
    heading(o, "Checklist (measured and answered)");
    for i in &r.risk.indicators {
        indicator(o, i);
    }
}

/// The questionnaires' latest scores, beside the level.
fn instruments(o: &mut String, r: &Report) {
    let ins = &r.instruments;
    let scale = |v: Option<f64>| match v {
        Some(v) => format!("{v:.1} ({})", canary::assessment::instruments::cbi::band(v)),
        None => "not scored".to_string(),
    };
    match &ins.cbi {
        Some(c) => {
            let _ = writeln!(
                o,
                "  Burnout (CBI, {}): personal {}, work {}, client {}{}",
                c.taken_at.strftime("%Y-%m-%d"),
                scale(c.personal),
                scale(c.work),
                scale(c.client),
                earlier(ins, "cbi")
            );
        }
        None => {
            let _ = writeln!(o, "  Burnout (CBI): not answered yet: `canary assess cbi`");
        }
    }
    match &ins.who5 {
        Some(w) => {
            let meaning = if w.see_professional {
                "very low: please see a professional"
            } else if w.poor {
                "poor well-being"
            } else {
                "no sign of poor well-being"
            };
            let _ = writeln!(
                o,
                "  Well-being (WHO-5, {}): {} of 100, {meaning}{}",
                w.taken_at.strftime("%Y-%m-%d"),
                w.score,
                earlier(ins, "who5")
            );
        }
        None => {
            let _ = writeln!(
                o,
                "  Well-being (WHO-5): not answered yet: `canary assess who5`"
            );
        }
    }
    for p in &ins.partial {
        let name = if p.instrument == "who5" {
            "WHO-5"
        } else {
            "CBI"
        };
        let kept = if p.scored {
            "scored from the items answered"
        } else if (p.instrument == "who5" && ins.who5.is_some())
            || (p.instrument == "cbi" && ins.cbi.is_some())
        {
            "kept as partial, not scored; the score above is the latest complete one"
        } else {
            "kept as partial, not scored"
        };
        let _ = writeln!(
            o,
            "  Partial {name} of {}: {} of {} items answered, {kept}",
            p.taken_at.strftime("%Y-%m-%d %H:%M"),
            p.answered,
            p.items
        );
    }
    if ins.cbi.is_some() {
        let _ = writeln!(
            o,
            "  {}",
            paint(
                style::DIM,
                canary::assessment::instruments::cbi::CUTOFF_NOTE
            )
        );
    }
    match ins.signs.last() {
        Some(p) => {
            let before = ins
                .signs
                .len()
                .checked_sub(2)
                .map(|i| &ins.signs[i])
                .map(|b| {
                    format!(
                        "; before: {} often, {} sometimes on {}",
                        b.often,
                        b.sometimes,
                        b.taken_at.strftime("%Y-%m-%d")
                    )
                })
                .unwrap_or_default();
            let _ = writeln!(
                o,
                "  Warning signs ({}): {} often, {} sometimes (often/sometimes by kind: physical {}/{}, emotional {}/{}, behavioural {}/{}){before}",
                p.taken_at.strftime("%Y-%m-%d"),
                p.often,
                p.sometimes,
                p.physical[0],
                p.physical[1],
                p.emotional[0],
                p.emotional[1],
                p.behavioural[0],
                p.behavioural[1],
            );
        }
        None => {
            let _ = writeln!(o, "  Warning signs: not checked yet: `canary assess signs`");
        }
    }
}

/// "; earlier: 31.2 on 2026-07-20" for an instrument's previous score.
fn earlier(ins: &canary::model::Instruments, id: &str) -> String {
    let points: Vec<_> = ins.trend.iter().filter(|p| p.instrument == id).collect();
    let Some(prev) = points.len().checked_sub(2).map(|i| points[i]) else {
        return String::new();
    };
    let value = match id {
        "cbi" => prev.personal.map(|v| format!("personal {v:.1}")),
        _ => prev.who5.map(|v| format!("{v}")),
    };
    value
        .map(|v| format!("; before: {v} on {}", prev.taken_at.strftime("%Y-%m-%d")))
        .unwrap_or_default()
}

fn indicator(o: &mut String, i: &Indicator) {
    let tier = match i.tier {
        Tier::High => "high",
        Tier::Medium => "medium",
        Tier::Low => "low",
    };
    // For the low-risk (protective) items, holding is the good outcome.
    let status = match (i.status, i.tier) {
        (Status::Unknown, _) => paint(style::DIM, "unknown"),
        (Status::Holds, Tier::Low) | (Status::DoesNotHold, Tier::High | Tier::Medium) => paint(
            style::LOW,
            if i.status == Status::Holds {
                "yes"
            } else {
                "no"
            },
        ),
        (Status::Holds, _) => paint(style::HIGH, "YES"),
        (Status::DoesNotHold, _) => paint(style::MEDIUM, "NO"),
    };
    let basis = match i.basis {
        Basis::Measured => "",
        Basis::Answered => " (answered)",
        Basis::Both => " (measured and answered)",
        Basis::None => "",
    };
    let _ = writeln!(o, "  [{tier:<6}] {status:<3}  {}{basis}", i.label);
    let _ = writeln!(o, "           {}", paint(style::DIM, &i.evidence));
}

fn weekly(o: &mut String, r: &Report, width: usize) {
    heading(o, "Weeks");
    let mut t = Table::new();
    t.load_preset(presets::UTF8_BORDERS_ONLY);
    // Below 100 columns the headers take two lines and "over max" shortens to "> max": the
    // same columns in 66 columns instead of 95.
    let narrow = width < width::NARROW;
    // A long period is listed by month (quarter, year): what a row stands for.
    let starts: Vec<jiff::civil::Date> = r.weeks.iter().map(|w| w.start).collect();
    let grouped = (r.weeks.len() > TABLE_WEEKS).then(|| group_weeks(&starts, TABLE_WEEKS));
    let first = grouped.as_ref().map_or("week", |(per, _)| per.as_str());
    if narrow {
        t.set_header([
            first,
            "hours",
            "",
            "after\nhours",
            "sleep\nnights",
            "days off\nworked",
            "days\ncovered",
        ]);
    } else {
        t.set_header([
            first,
            "hours",
            "",
            "after hours",
            "sleep nights",
            "days off worked",
            "days covered",
        ]);
    }
    if let Some((_, groups)) = &grouped {
        summary_rows(&mut t, r, groups);
    } else {
        for w in &r.weeks {
            let over = match (w.over_max, narrow) {
                (false, _) => "",
                (true, false) => "over max",
                (true, true) => "> max",
            };
            t.add_row([
                Cell::new(&w.week),
                Cell::new(if w.hours_at_least {
                    format!("≥{:.1}", w.hours)
                } else {
                    format!("{:.1}", w.hours)
                })
                .set_alignment(CellAlignment::Right),
                Cell::new(over),
                Cell::new(format!("{:.0}%", w.after_hours_share * 100.0))
                    .set_alignment(CellAlignment::Right),
                Cell::new(w.sleep_nights).set_alignment(CellAlignment::Right),
                Cell::new(w.days_off_worked).set_alignment(CellAlignment::Right),
                Cell::new(format!("{}/7", w.covered_days)).set_alignment(CellAlignment::Right),
            ]);
        }
    }
    for line in t.lines() {
        let _ = writeln!(o, "  {line}");
    }
    if let Some((per, _)) = &grouped {
        let _ = writeln!(
            o,
            "  {}",
            paint(
                style::DIM,
                &format!(
                    "{} weeks, one row per {}: hours are the mean of the weeks a source saw (– none), \"3/4 > max\" 3 of its 4 weeks over the maximum; nights, days off and days covered are totals",
                    r.weeks.len(),
                    per.as_str()
                )
            )
        );
    }
    if r.weeks.iter().any(|w| w.hours_at_least) {
        let _ = writeln!(
            o,
            "  {}",
            paint(
                style::DIM,
                "≥ at least: only commits or sent mail saw that week, which show work when it leaves a mark, not all of it"
            )
        );
    }
    // Room for the marks: the width less the indent, the label and the longest note.
    let (per, groups) = sparkline_groups(r, width.saturating_sub(2 + 14 + 14));
    let hours: Vec<f64> = r.weeks.iter().map(|w| w.hours).collect();
    let share: Vec<f64> = r.weeks.iter().map(|w| w.after_hours_share).collect();
    let nights: Vec<f64> = r.weeks.iter().map(|w| f64::from(w.sleep_nights)).collect();
    let _ = writeln!(
        o,
        "  hours         {}  (max {})",
        sparkline(&means(&hours, &groups), None),
        hours_of(r.limits.max_weekly_hours)
    );
    let _ = writeln!(
        o,
        "  after hours   {}",
        sparkline(&means(&share, &groups), Some(1.0))
    );
    let _ = writeln!(
        o,
        "  sleep nights  {}  (out of 7)",
        sparkline(&means(&nights, &groups), Some(7.0))
    );
    sparkline_note(o, per, &groups);
}

/// The most rows of the weekly table: a longer period is listed by month, or by quarter or
/// year when months would be more rows than this.
const TABLE_WEEKS: usize = 53;

/// A long period's table: one row per month (quarter, year), with the mean week's hours, how
/// many of its weeks were over the maximum, the mean after-hours share, and the sums of
/// sleep-window nights, days off worked and days covered.
fn summary_rows(t: &mut Table, r: &Report, groups: &[(String, std::ops::Range<usize>)]) {
    for (label, range) in groups {
        let weeks = &r.weeks[range.clone()];
        // Hours and shares over the weeks a source saw; a month nobody saw is not a month
        // of no work.
        let seen: Vec<_> = weeks.iter().filter(|w| w.covered_days > 0).collect();
        let n = seen.len() as f64;
        let mean_of = |f: &dyn Fn(&canary::model::WeekRow) -> f64| {
            (n > 0.0).then(|| seen.iter().map(|w| f(w)).sum::<f64>() / n)
        };
        let at_least = seen.iter().any(|w| w.hours_at_least);
        let hours = match mean_of(&|w| w.hours) {
            None => "–".to_string(),
            Some(h) if at_least => format!("≥{h:.1}"),
            Some(h) => format!("{h:.1}"),
        };
        let share = mean_of(&|w| w.after_hours_share)
            .map_or_else(|| "–".to_string(), |s| format!("{:.0}%", s * 100.0));
        let over = weeks.iter().filter(|w| w.over_max).count();
        // "3/4 > max": 3 of its 4 weeks over the maximum (as narrow as "over max").
        let over = match over {
            0 => String::new(),
            k => format!("{k}/{} > max", weeks.len()),
        };
        let covered: u32 = weeks.iter().map(|w| w.covered_days).sum();
        t.add_row([
            Cell::new(label),
            Cell::new(hours).set_alignment(CellAlignment::Right),
            Cell::new(over),
            Cell::new(share).set_alignment(CellAlignment::Right),
            Cell::new(weeks.iter().map(|w| w.sleep_nights).sum::<u32>())
                .set_alignment(CellAlignment::Right),
            Cell::new(weeks.iter().map(|w| w.days_off_worked).sum::<u32>())
                .set_alignment(CellAlignment::Right),
            Cell::new(format!("{covered}/{}", 7 * weeks.len())).set_alignment(CellAlignment::Right),
        ]);
    }
}

/// The weeks grouped to fit `room` marks (see [`group_weeks`]).
fn sparkline_groups(r: &Report, room: usize) -> (Per, Vec<(String, std::ops::Range<usize>)>) {
    let starts: Vec<jiff::civil::Date> = r.weeks.iter().map(|w| w.start).collect();
    group_weeks(&starts, room)
}

/// Under sparklines drawn by month (or coarser): what one mark stands for.
fn sparkline_note(o: &mut String, per: Per, groups: &[(String, std::ops::Range<usize>)]) {
    if per == Per::Week {
        return;
    }
    let (Some(first), Some(last)) = (groups.first(), groups.last()) else {
        return;
    };
    let left_out = first.1.start;
    let _ = writeln!(
        o,
        "  {}",
        paint(
            style::DIM,
            &format!(
                "one mark a {}, the weekly mean, {} to {}{}",
                per.as_str(),
                first.0,
                last.0,
                if left_out > 0 {
                    format!(" (the {} before are left out)", count(left_out, "week"))
                } else {
                    String::new()
                }
            )
        )
    );
}

fn when(o: &mut String, r: &Report) {
    heading(
        o,
        "When you work (estimated working time by weekday and hour, local time)",
    );
    for line in heatmap(&r.heatmap) {
        let _ = writeln!(o, "  {line}");
    }
}

fn rest_and_limits(o: &mut String, r: &Report) {
    heading(o, "Rest and limits");
    let w = &r.worktime;
    let _ = writeln!(
        o,
        "  Estimated working time: {}, {} outside business hours; {} off with work",
        hours_of(w.total_hours),
        percent(w.after_hours_share),
        count(w.days_off_worked, "day")
    );
    let p = &r.personal;
    if p.events > 0 {
        let _ = writeln!(
            o,
            "  Personal time, not counted as work (your [personal] rules): {:.1} h on {} {}, {} {} from {}",
            p.hours,
            p.days,
            if p.days == 1 { "day" } else { "days" },
            p.events,
            if p.events == 1 { "event" } else { "events" },
            p.sources.join(", ")
        );
    }
    let rest = &r.rest;
    match (rest.shortest_rest_hours, rest.shortest_rest_before) {
        (Some(h), Some(d)) => {
            let _ = writeln!(
                o,
                "  Shortest rest between workdays: {} (before {d}); {} under 11 h",
                duration_hours(h),
                count(rest.short_rests, "rest")
            );
        }
        _ => {
            let _ = writeln!(
                o,
                "  Shortest rest between workdays: not enough consecutive workdays"
            );
        }
    }
    let _ = writeln!(
        o,
        "  Longest run without a day off: {}{}; current run: {}",
        count(rest.longest_streak_days, "day"),
        rest.longest_streak_end
            .map(|d| format!(" (ended {d})"))
            .unwrap_or_default(),
        count(rest.current_streak_days, "day")
    );
    match (rest.days_since_full_weekend_off, rest.last_full_weekend_off) {
        (Some(n), Some(d)) => {
            let _ = writeln!(
                o,
                "  Last full weekend off: the weekend of {d}, {}",
                days_ago(n)
            );
        }
        _ => {
            let _ = writeln!(o, "  Last full weekend off: none in the period");
        }
    }
    let l = &r.limits;
    let _ = writeln!(
        o,
        "  Weeks over your {} maximum: {}; over 50 h: {}",
        hours_of(l.max_weekly_hours),
        l.weeks_over_max,
        l.weeks_over_50
    );
    if let Some(avg) = l.avg_17_weeks {
        let _ = writeln!(
            o,
            "  17-week average: {} a week ({} the 48 h reference of the EU Working Time Directive)",
            hours_of(avg),
            if l.over_48_average { "over" } else { "within" }
        );
    }
    let t = &r.trend;
    if let (Some(a), Some(b)) = (t.recent_hours, t.earlier_hours) {
        let rising = if t.rising.is_empty() {
            "nothing rising".to_string()
        } else {
            let words: Vec<&str> = t.rising.iter().map(|r| trend_words(r)).collect();
            format!("rising: {}", words.join(", "))
        };
        let _ = writeln!(
            o,
            "  Trend: last 4 weeks {} a week against {} in the 8 before — {rising}",
            hours_of(a),
            hours_of(b)
        );
    }
}

fn sleep(o: &mut String, r: &Report) {
    heading(o, "Sleep window");
    let _ = writeln!(
        o,
        "  {} with activity in your sleep window",
        count(r.sleep.nights, "night")
    );
    for n in r.sleep.recent.iter().take(5) {
        let times: Vec<String> = n
            .samples
            .iter()
            .take(4)
            .map(|e| format!("{} {}", e.local.get(11..16).unwrap_or(&e.local), e.kind))
            .collect();
        let more = if n.events as usize > times.len() {
            format!(" … ({})", count(n.events, "event"))
        } else {
            String::new()
        };
        let _ = writeln!(o, "  night of {}: {}{more}", n.night, times.join(", "));
    }
    if r.sleep.nights > 0 {
        let _ = writeln!(
            o,
            "  {}",
            paint(
                style::DIM,
                "the events behind each night: canary events --band sleep"
            )
        );
    }
}

/// Mail, meetings, on-call and vacations: shown for the sources the person has.
fn traces(o: &mut String, r: &Report, width: usize) {
    let c = &r.communication;
    if c.measured {
        heading(o, "Mail");
        let _ = writeln!(
            o,
            "  {} sent, {} outside business hours: {} before work, {} after dinner, on {}",
            c.mail_sent,
            c.sent_after_hours,
            c.sent_before_work,
            c.sent_after_dinner,
            count(c.days_before_work_or_after_dinner, "day")
        );
        let median = c
            .median_reply_minutes
            .map(|m| {
                format!(
                    "answered {} in a median {}",
                    c.replied_after_hours,
                    duration_minutes(m)
                )
            })
            .unwrap_or_else(|| "none answered".to_string());
        let _ = writeln!(
            o,
            "  {} arrived outside hours, {median} ({} within an hour); {} not counted",
            count(c.received_after_hours, "human mail"),
            c.replied_within_hour,
            count(c.automated_received, "automated mail")
        );
    }
    let m = &r.meetings;
    if m.measured {
        heading(o, "Meetings");
        let _ = writeln!(
            o,
            "  {}, {}; {} outside business hours; {} (longest {}); {} without a lunch break",
            count(m.count, "meeting"),
            hours_of(m.hours),
            m.outside_hours,
            count(m.back_to_back_chains, "back-to-back chain"),
            m.longest_chain,
            count(m.days_without_lunch_break, "working day")
        );
    }
    let i = &r.interruptions;
    if i.measured {
        heading(o, "On call");
        let b = &i.by_band;
        let _ = writeln!(
            o,
            "  {}: {} in business hours, {} off-hours, {} in the sleep window, {} on days off, {} on vacation",
            count(i.pages, "page"),
            b.business,
            b.off_hours,
            b.sleep,
            b.non_working_day,
            b.vacation
        );
        let _ = writeln!(
            o,
            "  {} by your rules, {} not; {} in personal time; {} interrupted; {} engaged",
            count(i.emergency, "emergency"),
            i.non_emergency,
            count(i.non_emergency_outside_hours, "non-emergency page"),
            count(i.nights_interrupted, "night"),
            hours_of(i.engaged_hours)
        );
        if i.on_call_declared {
            let _ = writeln!(
                o,
                "  {} while you were on call, {} while you were not",
                count(i.pages_on_call, "page"),
                i.pages_off_rotation
            );
        } else {
            let _ = writeln!(
                o,
                "  (declare when you are on call to see pages outside it: canary config set oncall.rotation 2026-01-05/4/7)"
            );
        }
        let pages: Vec<f64> = r.weeks.iter().map(|w| f64::from(w.pages)).collect();
        let (per, groups) = sparkline_groups(r, width.saturating_sub(2 + 16 + 14));
        let _ = writeln!(
            o,
            "  pages per week  {}",
            sparkline(&means(&pages, &groups), None)
        );
        sparkline_note(o, per, &groups);
    }
    if !r.vacations.periods.is_empty() {
        heading(o, "Time off");
        for p in &r.vacations.periods {
            let work = if p.days_worked == 0 {
                "no work".to_string()
            } else {
                format!(
                    "work on {} of {} ({})",
                    p.days_worked,
                    count(p.days, "day"),
                    hours_of(p.hours_worked)
                )
            };
            let days = count(p.days, "day");
            let _ = writeln!(
                o,
                "  {} to {} ({days}, {}): {work}",
                p.start, p.end, p.origin
            );
        }
    }
}

fn coverage(o: &mut String, r: &Report) {
    heading(o, "Sources");
    for s in &r.coverage.sources {
        let range = match (s.first, s.last) {
            (Some(a), Some(b)) => format!("{a} to {b}"),
            _ => "no events in the period".to_string(),
        };
        let _ = writeln!(
            o,
            "  {:<14} {:>7} {:<6} on {:>3} {:<4}, {range}",
            s.source,
            s.events,
            noun_for(s.events, "event"),
            s.days,
            noun_for(s.days, "day")
        );
    }
    for h in &r.coverage.outside_period {
        let _ = writeln!(
            o,
            "  {:<14} {:>7} {:<6} outside the period, {} to {}",
            h.source,
            h.events,
            noun_for(h.events, "event"),
            h.first,
            h.last
        );
    }
    if r.coverage.sources.is_empty() && r.coverage.outside_period.is_empty() {
        let _ = writeln!(o, "  nothing imported yet");
    }
    let x = &r.excluded;
    if x.before_1990 + x.in_future > 0 {
        let _ = writeln!(
            o,
            "  {} kept out of the figures for impossible dates ({} before 1990, {} in the future): canary events --excluded",
            count(x.before_1990 + x.in_future, "event"),
            x.before_1990,
            x.in_future
        );
    }
}

/// The words for a trend figure's id.
fn trend_words(id: &str) -> &str {
    match id {
        "hours" => "weekly hours",
        "after_hours_share" => "after-hours share",
        "sleep_nights" => "sleep-window nights",
        other => other,
    }
}
