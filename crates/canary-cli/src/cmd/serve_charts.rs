//! The dashboard's charts, drawn as SVG by the binary: stacked bars with patterned series
//! (shared with the team dashboard), weekly hours against the maximum, the weekday × hour
//! heatmap and the calendar of days. Every mark carries a `<title>` with its figures, and what
//! stands out has a pattern or a sign, never colour alone.

use std::fmt::Write as _;

use canary::plan::html::escape as e;

use super::serve::Snapshot;
use super::serve_pages::h1;

const DEFS: &str = "<defs><pattern id=\"hatch\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\"><rect width=\"6\" height=\"6\" class=\"over\"/><line x1=\"3\" y1=\"0\" x2=\"3\" y2=\"6\" class=\"hatchline\"/></pattern></defs>";

/// The on-call bands in stacking order: legend label, CSS class, fill (a pattern per band, so
/// the chart does not rely on colour).
pub(crate) const BAND_SERIES: [(&str, &str, &str); 5] = [
    ("Business hours", "ibar", "solid"),
    ("Off hours", "ibar pat-hatch", "url(#pat-hatch)"),
    ("Sleep window", "ibar pat-dots", "url(#pat-dots)"),
    ("Day off", "ibar pat-stripes", "url(#pat-stripes)"),
    ("Vacation", "ibar pat-cross", "url(#pat-cross)"),
];

/// The fill patterns of the stacked charts (the stylesheet fills `.pat-*` with them).
pub(crate) const PATTERNS: &str = "<defs><pattern id=\"pat-hatch\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\"><rect width=\"6\" height=\"6\" class=\"over\"/><line x1=\"3\" y1=\"0\" x2=\"3\" y2=\"6\" class=\"hatchline\"/></pattern><pattern id=\"pat-dots\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\"><rect width=\"6\" height=\"6\" class=\"cell\"/><circle cx=\"3\" cy=\"3\" r=\"1.4\" class=\"patdot\"/></pattern><pattern id=\"pat-stripes\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\"><rect width=\"6\" height=\"6\" class=\"over\"/><line x1=\"0\" y1=\"3\" x2=\"6\" y2=\"3\" class=\"hatchline\"/></pattern><pattern id=\"pat-cross\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\"><rect width=\"6\" height=\"6\" class=\"bar\"/><path d=\"M0 0L6 6M6 0L0 6\" class=\"hatchline\"/></pattern></defs>";

/// Stacked bars, one `g.{class}` per row (its title says the figures), with a legend of
/// patterned swatches and labels inside the chart and again in text below it.
pub(crate) fn stacked_chart(
    class: &str,
    title: &str,
    figures: &str,
    series: &[(&str, &str, &str)],
    rows: &[(String, Option<String>, Vec<u32>)],
) -> String {
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
    let mut b = format!(
        "<svg class=\"chart\" viewBox=\"0 0 {w} {h}\" role=\"img\" aria-labelledby=\"{class}-t\"><title id=\"{class}-t\">{}</title>",
        e(title)
    );
    // The legend: a patterned swatch and its label for each series.
    let mut lx = left;
    for (name, cls, fill) in series {
        let fill = if *fill == "solid" {
            String::new()
        } else {
            format!(" fill=\"{fill}\"")
        };
        let _ = write!(
            b,
            "<g class=\"legend-item\"><rect class=\"{cls} swatch\"{fill} x=\"{lx:.1}\" y=\"4\" width=\"14\" height=\"14\"/><text class=\"mark\" x=\"{:.1}\" y=\"15\">{}</text></g>",
            lx + 18.0,
            e(name)
        );
        lx += 26.0 + name.len() as f64 * 6.5;
    }
    let _ = write!(
        b,
        "<text class=\"axis\" x=\"0\" y=\"{:.1}\">{top}</text>",
        legend + 10.0
    );
    for (k, (tip, label, values)) in rows.iter().enumerate() {
        let x = left + k as f64 * step + step * 0.15;
        let _ = write!(b, "<g class=\"{class}\"><title>{}</title>", e(tip));
        let mut base = 0.0;
        for ((_, cls, fill), &v) in series.iter().zip(values) {
            if v == 0 {
                continue;
            }
            let v = f64::from(v);
            let fill = if *fill == "solid" {
                String::new()
            } else {
                format!(" fill=\"{fill}\"")
            };
            let _ = write!(
                b,
                "<rect class=\"{cls}\"{fill} x=\"{x:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{:.1}\"/>",
                y(base + v),
                step * 0.7,
                y(base) - y(base + v)
            );
            base += v;
        }
        b.push_str("</g>");
        if let Some(l) = label {
            let _ = write!(
                b,
                "<text class=\"axis\" x=\"{x:.1}\" y=\"{}\">{}</text>",
                h - 6.0,
                e(l)
            );
        }
    }
    b.push_str("</svg><p class=\"legend\">From the bottom: ");
    let names: Vec<String> = series
        .iter()
        .map(|(name, cls, _)| {
            let look = match cls.split(' ').nth(1) {
                None => "solid",
                Some("pat-hatch") => "diagonal hatching",
                Some("pat-dots") => "dots",
                Some("pat-stripes") => "horizontal stripes",
                _ => "cross-hatching",
            };
            format!("{} ({look})", e(name))
        })
        .collect();
    b.push_str(&names.join(" · "));
    let _ = write!(b, ".</p><details><summary>{}</summary><ul>", e(figures));
    for (tip, _, _) in rows {
        let _ = write!(b, "<li>{}</li>", e(tip));
    }
    b.push_str("</ul></details>");
    b
}

/// Weekly hours as bars against the declared maximum.
pub(crate) fn weeks_chart(s: &Snapshot) -> String {
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
    let mut o = format!(
        "<svg class=\"chart\" viewBox=\"0 0 {w} {h}\" role=\"img\" aria-labelledby=\"weeks-t\"><title id=\"weeks-t\">Weekly hours, {} weeks, against the maximum of {max} hours</title>{DEFS}",
        r.weeks.len()
    );
    for t in [0.0, 20.0, 40.0, 60.0, 80.0]
        .into_iter()
        .filter(|t| *t <= top)
    {
        let _ = write!(
            o,
            "<line class=\"grid\" x1=\"{left}\" x2=\"{w}\" y1=\"{0:.1}\" y2=\"{0:.1}\"/><text class=\"axis\" x=\"{1}\" y=\"{2:.1}\" text-anchor=\"end\">{t}</text>",
            y(t),
            left - 4.0,
            y(t) + 4.0
        );
    }
    for (i, wk) in r.weeks.iter().enumerate() {
        let x = left + i as f64 * step + step * 0.15;
        let (class, fill, note) = if wk.over_max {
            ("bar over", "url(#hatch)", " — over your maximum")
        } else {
            ("bar", "", "")
        };
        let fill = if fill.is_empty() {
            String::new()
        } else {
            format!(" fill=\"{fill}\"")
        };
        let _ = write!(
            o,
            "<rect class=\"{class}\"{fill} x=\"{x:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{:.1}\"><title>{}: {} h{note}</title></rect>",
            y(wk.hours),
            step * 0.7,
            (h - bottom) - y(wk.hours),
            wk.week,
            h1(wk.hours)
        );
        if i % 4 == 0 {
            let _ = write!(
                o,
                "<text class=\"axis\" x=\"{x:.1}\" y=\"{}\">{}</text>",
                h - 6.0,
                &wk.week[5..]
            );
        }
    }
    let _ = write!(
        o,
        "<line class=\"maxline\" x1=\"{left}\" x2=\"{w}\" y1=\"{0:.1}\" y2=\"{0:.1}\"/><text class=\"maxlabel\" x=\"{left}\" y=\"12\">dashed line: your max {max} h</text></svg>",
        y(max)
    );
    o
}

const DAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

/// Activity by weekday and hour: 7 × 24 cells.
pub(crate) fn heatmap(s: &Snapshot) -> String {
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
    let mut o = format!(
        "<svg class=\"chart\" viewBox=\"0 0 {} {}\" role=\"img\" aria-labelledby=\"hm-t\"><title id=\"hm-t\">Activity by weekday and hour; darker is more</title>",
        left + 24.0 * cw,
        topm + 7.0 * ch
    );
    for hr in (0..24).step_by(3) {
        let _ = write!(
            o,
            "<text class=\"axis\" x=\"{:.1}\" y=\"12\">{hr:02}</text>",
            left + hr as f64 * cw + 4.0
        );
    }
    for (d, row) in hm.counts.iter().enumerate() {
        let _ = write!(
            o,
            "<text class=\"axis\" x=\"0\" y=\"{:.1}\">{}</text>",
            topm + d as f64 * ch + 16.0,
            DAYS[d]
        );
        for (hr, &c) in row.iter().enumerate() {
            let op = if c == 0 {
                0.04
            } else {
                0.15 + 0.85 * (c as f64 / peak)
            };
            let _ = write!(
                o,
                "<rect class=\"cell\" x=\"{:.1}\" y=\"{:.1}\" width=\"{}\" height=\"{}\" fill-opacity=\"{op:.2}\"><title>{} {hr:02}:00: {c} events, {} min</title></rect>",
                left + hr as f64 * cw,
                topm + d as f64 * ch,
                cw - 2.0,
                ch - 2.0,
                DAYS[d],
                hm.minutes[d][hr]
            );
        }
    }
    o.push_str("</svg>");
    o
}

/// The days of the period as a calendar: one column per week, marks for sleep-window activity
/// (a moon sign) and work on days off (a cross).
pub(crate) fn calendar(s: &Snapshot) -> String {
    let days = &s.report.days;
    let Some(first) = days.first() else {
        return "<p>No days in the period.</p>".into();
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
    let mut o = format!(
        "<svg class=\"chart cal\" viewBox=\"0 0 {} {}\" role=\"img\" aria-labelledby=\"cal-t\"><title id=\"cal-t\">Every day of the period; ☾ marks activity in the sleep window, ✕ work on a day off</title>",
        34.0 + weeks as f64 * c,
        7.0 * c + 4.0
    );
    for (i, d) in DAYS.iter().enumerate().step_by(2) {
        let _ = write!(
            o,
            "<text class=\"axis\" x=\"0\" y=\"{:.1}\">{d}</text>",
            i as f64 * c + 12.0
        );
    }
    for d in days {
        let off = monday0.until(d.date).map_or(0, |sp| sp.get_days());
        let (col, row) = ((off / 7) as f64, (off % 7) as f64);
        let (x, y) = (34.0 + col * c, row * c);
        let sleep = d.by_band.sleep > 0.0;
        let off_worked = !d.working_day && d.hours > 0.0;
        let op = if d.hours == 0.0 {
            0.05
        } else {
            0.2 + 0.8 * d.hours / peak
        };
        let mut label = format!("{}: {} h", d.date, h1(d.hours));
        if sleep {
            label.push_str(", activity in the sleep window");
        }
        if off_worked {
            label.push_str(", worked on a day off");
        }
        if d.vacation {
            label.push_str(", vacation");
        }
        let _ = write!(
            o,
            "<rect class=\"day\" x=\"{x:.1}\" y=\"{y:.1}\" width=\"{0}\" height=\"{0}\" fill-opacity=\"{op:.2}\"><title>{label}</title></rect>",
            c - 2.0
        );
        if sleep {
            let _ = write!(
                o,
                "<text class=\"mark\" x=\"{:.1}\" y=\"{:.1}\">☾</text>",
                x + 2.0,
                y + 11.0
            );
        } else if off_worked {
            let _ = write!(
                o,
                "<text class=\"mark\" x=\"{:.1}\" y=\"{:.1}\">✕</text>",
                x + 3.0,
                y + 11.0
            );
        }
    }
    o.push_str("</svg>");
    o
}
