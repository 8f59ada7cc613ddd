//! The dashboards' charts, drawn as SVG by the binary: stacked bars with patterned series
//! (shared with the team dashboard), weekly hours against the maximum, the weekday × hour
//! heatmap and the calendar of days. Every mark carries a `<title>` with its figures, and what
//! stands out has a pattern or a sign, never colour alone.

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

/// A number with one decimal, for coordinates.
fn c1(x: f64) -> String {
    format!("{x:.1}")
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

/// One bar of a stacked chart as drawn: where, its title and label, its segments bottom up.
struct Bar<'a> {
    x: f64,
    tip: &'a str,
    label: Option<&'a str>,
    segments: Vec<Segment<'a>>,
}

/// One non-empty segment of a stacked bar.
struct Segment<'a> {
    class: &'a str,
    fill: &'a str,
    y: f64,
    height: f64,
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

/// Stacked bars, one `g.{class}` per row (its title says the figures), with a legend of
/// patterned swatches and labels inside the chart and again in text below it.
pub(crate) fn stacked_chart(
    class: &str,
    title: &str,
    figures: &str,
    series: &[Series<'_>],
    rows: &[Row],
) -> Markup {
    let top = rows
        .iter()
        .map(|(_, _, v)| v.iter().sum::<u32>())
        .max()
        .unwrap_or(0)
        .max(1) as f64;
    let (w, h, left, bottom, legend) = (760.0, 230.0, 30.0, 22.0, 30.0);
    let plot = h - bottom - legend;
    let step = (w - left) / rows.len().max(1) as f64;
    let y = |v: f64| legend + plot * (1.0 - v / top);
    // The legend's swatches, left to right: (x, name, class, fill).
    let mut lx = left;
    let swatches: Vec<(f64, &str, &str, &str)> = series
        .iter()
        .map(|(name, cls, fill)| {
            let at = lx;
            lx += 26.0 + name.len() as f64 * 6.5;
            (at, *name, *cls, *fill)
        })
        .collect();
    let bars: Vec<Bar<'_>> = rows
        .iter()
        .enumerate()
        .map(|(k, (tip, label, values))| {
            let mut base = 0.0;
            let segments = series
                .iter()
                .zip(values)
                .filter(|(_, v)| **v > 0)
                .map(|((_, class, fill), &v)| {
                    let v = f64::from(v);
                    let segment = Segment {
                        class,
                        fill,
                        y: y(base + v),
                        height: y(base) - y(base + v),
                    };
                    base += v;
                    segment
                })
                .collect();
            Bar {
                x: left + k as f64 * step + step * 0.15,
                tip,
                label: label.as_deref(),
                segments,
            }
        })
        .collect();
    html! {
        svg class="chart" viewBox=(format!("0 0 {w} {h}")) role="img" aria-labelledby=(format!("{class}-t")) {
            title id=(format!("{class}-t")) { (title) }
            @for (lx, name, cls, f) in &swatches {
                g class="legend-item" {
                    rect class=(format!("{cls} swatch")) fill=[fill(f)] x=(c1(*lx)) y="4" width="14" height="14" {}
                    text class="mark" x=(c1(lx + 18.0)) y="15" { (name) }
                }
            }
            text class="axis" x="0" y=(c1(legend + 10.0)) { (top) }
            @for bar in &bars {
                g class=(class) {
                    title { (bar.tip) }
                    @for s in &bar.segments {
                        rect class=(s.class) fill=[fill(s.fill)] x=(c1(bar.x)) y=(c1(s.y)) width=(c1(step * 0.7)) height=(c1(s.height)) {}
                    }
                }
                @if let Some(l) = bar.label {
                    text class="axis" x=(c1(bar.x)) y=(h - 6.0) { (l) }
                }
            }
        }
        p class="legend" {
            "From the bottom: "
            @for (i, (name, cls, _)) in series.iter().enumerate() {
                @if i > 0 { " · " }
                (name) " (" (look(cls)) ")"
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

/// Weekly hours as bars against the declared maximum.
pub(crate) fn weeks_chart(s: &Snapshot) -> Markup {
    let r = &s.report;
    let max = r.limits.max_weekly_hours;
    let top = r
        .weeks
        .iter()
        .map(|w| w.hours)
        .fold(max * 1.25, f64::max)
        .max(1.0);
    let (w, h, left, bottom) = (760.0, 240.0, 36.0, 22.0);
    let n = r.weeks.len().max(1) as f64;
    let step = (w - left) / n;
    let y = |v: f64| (h - bottom) * (1.0 - v / top);
    html! {
        svg class="chart" viewBox=(format!("0 0 {w} {h}")) role="img" aria-labelledby="weeks-t" {
            title id="weeks-t" {
                "Weekly hours, " (r.weeks.len()) " weeks, against the maximum of " (max) " hours"
            }
            (hatch_defs())
            @for t in [0.0, 20.0, 40.0, 60.0, 80.0].into_iter().filter(|t| *t <= top) {
                line class="grid" x1=(left) x2=(w) y1=(c1(y(t))) y2=(c1(y(t))) {}
                text class="axis" x=(left - 4.0) y=(c1(y(t) + 4.0)) text-anchor="end" { (t) }
            }
            @for (i, wk) in r.weeks.iter().enumerate() {
                @let x = left + i as f64 * step + step * 0.15;
                rect class=(if wk.over_max { "bar over" } else { "bar" })
                    fill=[wk.over_max.then_some("url(#hatch)")]
                    x=(c1(x)) y=(c1(y(wk.hours))) width=(c1(step * 0.7)) height=(c1((h - bottom) - y(wk.hours))) {
                    title {
                        (wk.week) ": " (h1(wk.hours)) " h"
                        @if wk.over_max { " — over your maximum" }
                    }
                }
                @if i % 4 == 0 {
                    text class="axis" x=(c1(x)) y=(h - 6.0) { (&wk.week[5..]) }
                }
            }
            line class="maxline" x1=(left) x2=(w) y1=(c1(y(max))) y2=(c1(y(max))) {}
            text class="maxlabel" x=(left) y="12" { "dashed line: your max " (max) " h" }
        }
    }
}

const DAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

/// Activity by weekday and hour: 7 × 24 cells.
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
    let (cw, ch, left, topm) = (28.0, 24.0, 40.0, 18.0);
    let opacity = |c: u32| {
        if c == 0 {
            0.04
        } else {
            0.15 + 0.85 * (f64::from(c) / peak)
        }
    };
    html! {
        svg class="chart" viewBox=(format!("0 0 {} {}", left + 24.0 * cw, topm + 7.0 * ch)) role="img" aria-labelledby="hm-t" {
            title id="hm-t" { "Activity by weekday and hour; darker is more" }
            @for hr in (0..24).step_by(3) {
                text class="axis" x=(c1(left + f64::from(hr) * cw + 4.0)) y="12" { (format!("{hr:02}")) }
            }
            @for (d, row) in hm.counts.iter().enumerate() {
                text class="axis" x="0" y=(c1(topm + d as f64 * ch + 16.0)) { (DAYS[d]) }
                @for (hr, &c) in row.iter().enumerate() {
                    rect class="cell" x=(c1(left + hr as f64 * cw)) y=(c1(topm + d as f64 * ch))
                        width=(cw - 2.0) height=(ch - 2.0) fill-opacity=(format!("{:.2}", opacity(c))) {
                        title {
                            (DAYS[d]) " " (format!("{hr:02}")) ":00: " (c) " events, " (hm.minutes[d][hr]) " min"
                        }
                    }
                }
            }
        }
    }
}

/// The days of the period as a calendar: one column per week, marks for sleep-window activity
/// (a moon sign) and work on days off (a cross).
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
    let c = 16.0;
    let weeks = days.last().map_or(1, |l| {
        (monday0.until(l.date).map_or(0, |sp| sp.get_days()) / 7 + 1) as usize
    });
    let peak = days.iter().map(|d| d.hours).fold(1.0, f64::max);
    html! {
        svg class="chart cal" viewBox=(format!("0 0 {} {}", 34.0 + weeks as f64 * c, 7.0 * c + 4.0)) role="img" aria-labelledby="cal-t" {
            title id="cal-t" {
                "Every day of the period; ☾ marks activity in the sleep window, ✕ work on a day off"
            }
            @for (i, d) in DAYS.iter().enumerate().step_by(2) {
                text class="axis" x="0" y=(c1(i as f64 * c + 12.0)) { (d) }
            }
            @for d in days {
                @let off = monday0.until(d.date).map_or(0, |sp| sp.get_days());
                @let (x, y) = (34.0 + f64::from(off / 7) * c, f64::from(off % 7) * c);
                @let sleep = d.by_band.sleep > 0.0;
                @let off_worked = !d.working_day && d.hours > 0.0;
                @let op = if d.hours == 0.0 { 0.05 } else { 0.2 + 0.8 * d.hours / peak };
                rect class="day" x=(c1(x)) y=(c1(y)) width=(c - 2.0) height=(c - 2.0) fill-opacity=(format!("{op:.2}")) {
                    title {
                        (d.date) ": " (h1(d.hours)) " h"
                        @if sleep { ", activity in the sleep window" }
                        @if off_worked { ", worked on a day off" }
                        @if d.vacation { ", vacation" }
                    }
                }
                @if sleep {
                    text class="mark" x=(c1(x + 2.0)) y=(c1(y + 11.0)) { "☾" }
                } @else if off_worked {
                    text class="mark" x=(c1(x + 3.0)) y=(c1(y + 11.0)) { "✕" }
                }
            }
        }
    }
}
