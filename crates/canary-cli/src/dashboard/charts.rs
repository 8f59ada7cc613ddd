//! The dashboards' charts, drawn as SVG by the binary: stacked bars with patterned series
//! (shared with the team dashboard), weekly hours against the maximum, the weekday × hour
//! heatmap and the calendar of days. Every mark carries a `<title>` with its figures, and what
//! stands out has a pattern or a sign, never colour alone.
//!
//! **Sizes**: the charts have no `viewBox`: x positions and widths are percentages of the
//! chart's width, y positions are CSS pixels, so the text keeps its CSS size (12 px) at any
//! width, from a phone to a wide screen. **Drill-down**: every bar, cell and day is a link
//! to the events behind it (`/events?…`), with the count in `data-count`, the figure its
//! title names.

use maud::{Markup, html};

use super::app::Snapshot;
use super::layout::h1;

/// One series of a stacked chart: legend label, CSS class, fill (`"solid"`, or a pattern, so
/// the chart does not rely on colour).
pub(crate) type Series<'a> = (&'a str, &'a str, &'a str);

/// One bar of a stacked chart: its title (the figures in words), its axis label if any, and
/// one value per series.
pub(crate) type Row = (String, Option<String>, Vec<u32>);

/// The on-call bands in stacking order.
pub(crate) const BAND_SERIES: [Series<'static>; 5] = [
    ("Business hours", "ibar", "solid"),
    ("Off hours", "ibar pat-hatch", "url(#pat-hatch)"),
    ("Sleep window", "ibar pat-dots", "url(#pat-dots)"),
    ("Day off", "ibar pat-stripes", "url(#pat-stripes)"),
    ("Vacation", "ibar pat-cross", "url(#pat-cross)"),
];

/// A number with one decimal, for coordinates (y, in CSS pixels).
fn c1(x: f64) -> String {
    format!("{x:.1}")
}

/// `x` of a chart drawn `w` wide, as a percentage of the chart's actual width.
fn pc(x: f64, w: f64) -> String {
    format!("{:.3}%", 100.0 * x / w.max(1.0))
}

/// The axis of a count: as [`nice_top`], in whole steps.
pub(crate) fn count_top(max: u32) -> (f64, f64) {
    let max = max.max(1);
    let raw = f64::from(max) / 5.0;
    let mut mag = 1.0;
    let step = loop {
        if let Some(s) = [1.0, 2.0, 5.0]
            .into_iter()
            .map(|m| m * mag)
            .find(|s| *s >= raw)
        {
            break s;
        }
        mag *= 10.0;
    };
    ((f64::from(max) / step).ceil() * step, step)
}

/// A link to the events behind a mark: where, and how many there are.
pub(crate) type Drill = (String, u64);

/// The "nice" step of an axis going up to at least `top` in about five steps.
pub(crate) fn nice_step(top: f64) -> f64 {
    let raw = (top / 5.0).max(1e-9);
    let mag = 10f64.powf(raw.log10().floor());
    [1.0, 2.0, 2.5, 5.0, 10.0]
        .into_iter()
        .map(|m| m * mag)
        .find(|s| *s >= raw)
        .unwrap_or(10.0 * mag)
}

/// The axis top: the first step at or above `max` (so the axis covers the data).
pub(crate) fn nice_top(max: f64) -> (f64, f64) {
    let step = nice_step(max.max(1.0));
    ((max.max(1.0) / step).ceil() * step, step)
}

/// The hatching of the weekly-hours chart's bars over the maximum.
fn hatch_defs() -> Markup {
    html! {
        defs {
            pattern id="hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)" {
                rect width="6" height="6" class="over" {}
                line x1="3" y1="0" x2="3" y2="6" class="hatchline" {}
            }
        }
    }
}

/// The fill patterns of the stacked charts, in a hidden `svg` once per page (ids are unique;
/// the stylesheet fills `.pat-*` with them).
pub(crate) fn pattern_defs() -> Markup {
    html! {
        svg class="defs" width="0" height="0" aria-hidden="true" focusable="false" {
            defs {
                pattern id="pat-hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)" {
                    rect width="6" height="6" class="over" {}
                    line x1="3" y1="0" x2="3" y2="6" class="hatchline" {}
                }
                pattern id="pat-dots" width="6" height="6" patternUnits="userSpaceOnUse" {
                    rect width="6" height="6" class="cell" {}
                    circle cx="3" cy="3" r="1.4" class="patdot" {}
                }
                pattern id="pat-stripes" width="6" height="6" patternUnits="userSpaceOnUse" {
                    rect width="6" height="6" class="over" {}
                    line x1="0" y1="3" x2="6" y2="3" class="hatchline" {}
                }
                pattern id="pat-cross" width="6" height="6" patternUnits="userSpaceOnUse" {
                    rect width="6" height="6" class="bar" {}
                    path d="M0 0L6 6M6 0L0 6" class="hatchline" {}
                }
            }
        }
    }
}

/// A series' `fill` attribute: none for a solid fill (the stylesheet's colour).
fn fill(fill: &str) -> Option<&str> {
    (fill != "solid").then_some(fill)
}

/// How a series looks, in words, for the legend below a chart.
fn look(class: &str) -> &'static str {
    match class.split(' ').nth(1) {
        None => "solid",
        Some("pat-hatch") => "diagonal hatching",
        Some("pat-dots") => "dots",
        Some("pat-stripes") => "horizontal stripes",
        _ => "cross-hatching",
    }
}

/// The segments of a stacked bar, bottom up: (class, fill, value bottom, value top), the
/// empty ones left out.
fn segments<'a>(series: &'a [Series<'a>], values: &[u32]) -> Vec<(&'a str, &'a str, f64, f64)> {
    let mut base = 0.0;
    series
        .iter()
        .zip(values)
        .filter(|(_, v)| **v > 0)
        .map(|((_, class, fill), &v)| {
            let from = base;
            base += f64::from(v);
            (*class, *fill, from, base)
        })
        .collect()
}

/// A legend swatch: a small square filled as the series is.
fn swatch(class: &str, f: &str) -> Markup {
    html! {
        svg class="sw-svg" width="14" height="14" aria-hidden="true" focusable="false" {
            rect class=(format!("{class} swatch")) fill=[fill(f)] x="0.5" y="0.5" width="13" height="13" {}
        }
    }
}

/// Stacked bars, one `g.{class}` per row (its title says the figures), with a legend of
/// patterned swatches and words below it. `links`, when given, has one entry per row: the
/// events behind the bar.
pub(crate) fn stacked_chart(
    class: &str,
    title: &str,
    figures: &str,
    series: &[Series<'_>],
    rows: &[Row],
) -> Markup {
    stacked_chart_links(class, title, figures, series, rows, &[])
}

/// [`stacked_chart`] with each bar a link to its events (`links`, one per row, or empty).
pub(crate) fn stacked_chart_links(
    class: &str,
    title: &str,
    figures: &str,
    series: &[Series<'_>],
    rows: &[Row],
    links: &[Drill],
) -> Markup {
    let max = rows
        .iter()
        .map(|(_, _, v)| v.iter().sum::<u32>())
        .max()
        .unwrap_or(0);
    let (top, step_y) = count_top(max);
    // Many labelled bars: on a phone every other label drops a line (`text.lo`, style.css),
    // so that names do not run into each other; the chart keeps room for that line.
    let staggered = rows.iter().filter(|(_, l, _)| l.is_some()).count() > 6;
    let drop = if staggered { 14.0 } else { 0.0 };
    let (w, h, left, bottom, topm) = (760.0, 210.0 + drop, 34.0, 22.0 + drop, 10.0);
    let plot = h - bottom - topm;
    let step = (w - left) / rows.len().max(1) as f64;
    let y = |v: f64| topm + plot * (1.0 - v / top);
    let ticks: Vec<f64> = (0..=((top / step_y).round() as u32))
        .map(|k| f64::from(k) * step_y)
        .collect();
    html! {
        svg class="chart" height=(h) role="img" aria-labelledby=(format!("{class}-t")) {
            title id=(format!("{class}-t")) { (title) }
            @for t in &ticks {
                line class="grid" x1=(pc(left, w)) x2="100%" y1=(c1(y(*t))) y2=(c1(y(*t))) {}
                text class="axis" x=(pc(left - 4.0, w)) y=(c1(y(*t) + 4.0)) text-anchor="end" { (t) }
            }
            @for (k, (tip, label, values)) in rows.iter().enumerate() {
                @let x = left + k as f64 * step + step * 0.15;
                @let bar = html! {
                    title { (tip) }
                    @for (cls, f, from, to) in segments(series, values) {
                        rect class=(cls) fill=[fill(f)] x=(pc(x, w)) y=(c1(y(to))) width=(pc(step * 0.7, w)) height=(c1(y(from) - y(to))) {}
                    }
                };
                @match links.get(k) {
                    Some((href, n)) => a href=(href) data-count=(n) { g class=(class) { (bar) } },
                    None => g class=(class) { (bar) },
                }
                @if let Some(l) = label {
                    text class=(if staggered && k % 2 == 1 { "axis lo" } else { "axis" }) x=(pc(x, w)) y=(h - 6.0 - drop) { (l) }
                }
            }
        }
        p class="legend" {
            "From the bottom: "
            @for (i, (name, cls, f)) in series.iter().enumerate() {
                @if i > 0 { " · " }
                (swatch(cls, f)) " " (name) " (" (look(cls)) ")"
            }
            "."
        }
        details {
            summary { (figures) }
            ul {
                @for (tip, _, _) in rows {
                    li { (tip) }
                }
            }
        }
    }
}

/// Weekly hours as bars against the declared maximum; each bar links to the week's events.
pub(crate) fn weeks_chart(s: &Snapshot) -> Markup {
    let r = &s.report;
    let max = r.limits.max_weekly_hours;
    let highest = r.weeks.iter().map(|w| w.hours).fold(max * 1.1, f64::max);
    let (top, step_y) = nice_top(highest);
    let (w, h, left, bottom, topm) = (760.0, 240.0, 36.0, 22.0, 18.0);
    let n = r.weeks.len().max(1) as f64;
    let step = (w - left) / n;
    let y = |v: f64| topm + (h - bottom - topm) * (1.0 - v / top);
    let ticks: Vec<f64> = (0..=((top / step_y).round() as u32))
        .map(|k| f64::from(k) * step_y)
        .collect();
    // A label every few weeks, so that they do not overlap on a phone.
    let every = (r.weeks.len() / 6).max(1);
    html! {
        svg class="chart" height=(h) role="img" aria-labelledby="weeks-t" {
            title id="weeks-t" {
                "Weekly hours, " (r.weeks.len()) " weeks, against the maximum of " (max) " hours"
            }
            (hatch_defs())
            @for t in &ticks {
                line class="grid" x1=(pc(left, w)) x2="100%" y1=(c1(y(*t))) y2=(c1(y(*t))) {}
                text class="axis" x=(pc(left - 4.0, w)) y=(c1(y(*t) + 4.0)) text-anchor="end" { (t) }
            }
            @for (i, wk) in r.weeks.iter().enumerate() {
                @let x = left + i as f64 * step + step * 0.15;
                a href=(s.events_link(&[("week", &wk.week)])) data-count=(wk.events) {
                    rect class=(if wk.over_max { "bar over" } else { "bar" })
                        fill=[wk.over_max.then_some("url(#hatch)")]
                        x=(pc(x, w)) y=(c1(y(wk.hours))) width=(pc(step * 0.7, w)) height=(c1((h - bottom) - y(wk.hours))) {
                        title {
                            (wk.week) ": " @if wk.hours_at_least { "at least " } (h1(wk.hours)) " h"
                            @if wk.over_max { " — over your maximum" }
                            ", " (count(wk.events, "event", "events"))
                        }
                    }
                }
                @if i % every == 0 {
                    text class="axis" x=(pc(x, w)) y=(h - 6.0) { (&wk.week[5..]) }
                }
            }
            line class="maxline" x1=(pc(left, w)) x2="100%" y1=(c1(y(max))) y2=(c1(y(max))) {}
            text class="maxlabel" x=(pc(left + 4.0, w)) y=(c1(y(max) - 4.0)) { "your max " (max) " h" }
        }
        p class="legend" {
            svg class="sw-svg" width="14" height="14" aria-hidden="true" focusable="false" {
                rect class="sw-bar swatch" x="0.5" y="0.5" width="13" height="13" {}
            }
            " within your maximum · "
            svg class="sw-svg" width="14" height="14" aria-hidden="true" focusable="false" {
                (hatch_defs_named("hatch-sw"))
                rect class="swatch" fill="url(#hatch-sw)" x="0.5" y="0.5" width="13" height="13" {}
            }
            " over it (hatched) · dashed line: your maximum. Each bar opens the week's events."
        }
    }
}

/// The hatching under another id (a legend's swatch).
fn hatch_defs_named(id: &str) -> Markup {
    html! {
        defs {
            pattern id=(id) width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)" {
                rect width="6" height="6" class="over" {}
                line x1="3" y1="0" x2="3" y2="6" class="hatchline" {}
            }
        }
    }
}

/// `n` and the word, singular or plural: the terminal's formatter
/// ([`canary::words::count_as`]), for the dashboard's pages.
pub(crate) fn count(n: impl Into<u64>, one: &str, many: &str) -> String {
    canary::words::count_as(n.into(), one, many)
}

pub(crate) const DAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

/// Activity by weekday and hour: 7 × 24 cells, each a link to its events.
pub(crate) fn heatmap(s: &Snapshot) -> Markup {
    let hm = &s.report.heatmap;
    let peak = hm
        .counts
        .iter()
        .flatten()
        .copied()
        .max()
        .unwrap_or(0)
        .max(1) as f64;
    // The label column is a share of the width: wide enough for "We" on a phone.
    let (w, ch, left, topm) = (760.0, 24.0, 66.0, 18.0);
    let cw = (w - left) / 24.0;
    let opacity = |c: u32| {
        if c == 0 {
            0.04
        } else {
            0.15 + 0.85 * (f64::from(c) / peak)
        }
    };
    html! {
        svg class="chart" height=(topm + 7.0 * ch) role="img" aria-labelledby="hm-t" {
            title id="hm-t" { "Activity by weekday and hour; darker is more" }
            @for hr in (0..24).step_by(3) {
                text class="axis" x=(pc(left + f64::from(hr) * cw, w)) y="12" { (format!("{hr:02}")) }
            }
            @for (d, row) in hm.counts.iter().enumerate() {
                text class="axis" x="0" y=(c1(topm + d as f64 * ch + 16.0)) { (&DAYS[d][..2]) }
                @for (hr, &c) in row.iter().enumerate() {
                    @let cell = html! {
                        rect class="cell" x=(pc(left + hr as f64 * cw, w)) y=(c1(topm + d as f64 * ch))
                            width=(pc(cw * 0.9, w)) height=(ch - 2.0) fill-opacity=(format!("{:.2}", opacity(c))) {
                            title {
                                (DAYS[d]) " " (format!("{hr:02}")) ":00: " (count(c, "event", "events")) ", " (canary::words::duration_minutes(f64::from(hm.minutes[d][hr])))
                            }
                        }
                    };
                    @if c > 0 {
                        a href=(s.events_link(&[("weekday", &DAYS[d].to_lowercase()), ("hour", &hr.to_string()), ("activity", "1")])) data-count=(c) { (cell) }
                    } @else {
                        (cell)
                    }
                }
            }
        }
        p class="legend" {
            "Darker: more events starting in that hour (your own activity; received mail is not). Each cell opens its events."
        }
    }
}

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// The days of the period as a calendar: one column per week, month names above, marks for
/// sleep-window activity (a moon sign) and work on days off (a cross); each day a link to
/// its events.
pub(crate) fn calendar(s: &Snapshot) -> Markup {
    let days = &s.report.days;
    let Some(first) = days.first() else {
        return html! { p { "No days in the period." } };
    };
    let monday0 = first
        .date
        .checked_sub(
            jiff::Span::new().days(i64::from(first.date.weekday().to_monday_zero_offset())),
        )
        .unwrap_or(first.date);
    let weeks = days.last().map_or(1, |l| {
        (monday0.until(l.date).map_or(0, |sp| sp.get_days()) / 7 + 1) as usize
    });
    let (c, left, topm) = (18.0, 40.0, 18.0);
    let w = left + weeks as f64 * c;
    let peak = days.iter().map(|d| d.hours).fold(1.0, f64::max);
    // A month's name above the week holding its first day (or the period's first week).
    let months: Vec<(f64, &str)> = days
        .iter()
        .enumerate()
        .filter(|(i, d)| *i == 0 || d.date.day() == 1)
        .map(|(_, d)| {
            let off = monday0.until(d.date).map_or(0, |sp| sp.get_days());
            (
                left + f64::from(off / 7) * c,
                MONTHS[(d.date.month() - 1) as usize],
            )
        })
        .collect();
    html! {
        div class="cal-box" {
        svg class="chart cal" height=(topm + 7.0 * c + 4.0) role="img" aria-labelledby="cal-t" {
            title id="cal-t" {
                "Every day of the period; ☾ marks activity in the sleep window, ✕ work on a day off"
            }
            @for (i, (x, m)) in months.iter().enumerate() {
                // Skip a name that would run into the next one.
                @if months.get(i + 1).is_none_or(|(nx, _)| nx - x >= 2.0 * c) {
                    text class="axis month" x=(pc(*x, w)) y="12" { (m) }
                }
            }
            @for (i, d) in DAYS.iter().enumerate().step_by(2) {
                text class="axis" x="0" y=(c1(topm + i as f64 * c + 13.0)) { (&d[..2]) }
            }
            @for d in days {
                @let off = monday0.until(d.date).map_or(0, |sp| sp.get_days());
                @let (x, y) = (left + f64::from(off / 7) * c, topm + f64::from(off % 7) * c);
                @let sleep = d.by_band.sleep > 0.0;
                @let off_worked = !d.working_day && d.hours > 0.0;
                @let op = if d.hours == 0.0 { 0.05 } else { 0.2 + 0.8 * d.hours / peak };
                a href=(s.events_link(&[("day", &d.date.to_string())])) data-count=(d.events) {
                    rect class="day" x=(pc(x, w)) y=(c1(y)) width=(pc(c - 2.0, w)) height=(c - 2.0) fill-opacity=(format!("{op:.2}")) {
                        title {
                            (d.date) ": " (h1(d.hours)) " h, " (count(d.events, "event", "events"))
                            @if sleep { ", activity in the sleep window" }
                            @if off_worked { ", worked on a day off" }
                            @if d.vacation { ", vacation" }
                        }
                    }
                    @if sleep {
                        text class="mark" x=(pc(x + 2.0, w)) y=(c1(y + 12.0)) { "☾" }
                    } @else if off_worked {
                        text class="mark" x=(pc(x + 3.0, w)) y=(c1(y + 12.0)) { "✕" }
                    }
                }
            }
        }
        }
        p class="legend" {
            span class="sw sw-none" {} " no hours · "
            span class="sw sw-some" {} " some · "
            span class="sw" {} " the most (" (h1(peak)) " h) · ☾ activity in the sleep window · ✕ work on a day off. Each day opens its events."
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_axis_covers_the_data_in_round_steps() {
        for (max, top, step) in [
            (59.2, 60.0, 20.0),
            (61.0, 80.0, 20.0),
            (3.0, 3.0, 1.0),
            (0.0, 1.0, 0.2),
            (140.0, 150.0, 50.0),
        ] {
            let (t, s) = nice_top(max);
            assert!(t >= max, "{max}: top {t}");
            assert_eq!((t, s), (top, step), "{max}");
        }
        // Counts step by whole numbers.
        assert_eq!(count_top(2), (2.0, 1.0));
        assert_eq!(count_top(0), (1.0, 1.0));
        assert_eq!(count_top(23), (25.0, 5.0));
        assert_eq!(count_top(12), (15.0, 5.0));
        assert_eq!(count_top(9), (10.0, 2.0));
    }

    #[test]
    fn counts_agree_with_their_number() {
        assert_eq!(count(1u32, "day", "days"), "1 day");
        assert_eq!(count(0u32, "day", "days"), "0 days");
        assert_eq!(count(12u64, "event", "events"), "12 events");
    }
}
