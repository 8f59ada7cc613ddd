//! Sparklines: a series of numbers as a row of eight-level block characters, one per week, or
//! — when the weeks do not fit the room — one per month (or quarter, or year) showing that
//! span's weekly mean, so that `--weeks 1000` draws a line that fits the terminal.

use std::ops::Range;

use jiff::civil::Date;

const LEVELS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];

/// One character per value, scaled from 0 to the largest value (or `max` when given).
/// Values that are not finite or negative draw as the lowest level; an empty series is empty.
pub fn sparkline(values: &[f64], max: Option<f64>) -> String {
    let top = max
        .unwrap_or_else(|| {
            values
                .iter()
                .copied()
                .filter(|v| v.is_finite())
                .fold(0.0, f64::max)
        })
        .max(f64::MIN_POSITIVE);
    values
        .iter()
        .map(|&v| {
            let v = if v.is_finite() {
                v.clamp(0.0, top)
            } else {
                0.0
            };
            let i = ((v / top) * (LEVELS.len() - 1) as f64).round() as usize;
            LEVELS[i.min(LEVELS.len() - 1)]
        })
        .collect()
}

/// What one mark of a fitted sparkline stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Per {
    Week,
    Month,
    Quarter,
    Year,
}

impl Per {
    pub fn as_str(self) -> &'static str {
        match self {
            Per::Week => "week",
            Per::Month => "month",
            Per::Quarter => "quarter",
            Per::Year => "year",
        }
    }

    /// The label of the span a day falls in: "2026-W23" is not needed (weeks are drawn
    /// one per mark), so a month reads "2026-06", a quarter "2026-Q2", a year "2026".
    fn label(self, d: Date) -> String {
        match self {
            Per::Week => d.to_string(),
            Per::Month => format!("{:04}-{:02}", d.year(), d.month()),
            Per::Quarter => format!("{:04}-Q{}", d.year(), (d.month() - 1) / 3 + 1),
            Per::Year => format!("{:04}", d.year()),
        }
    }
}

/// Weeks (by their Monday) grouped into at most `room` marks: one per week when they fit,
/// else the first of month, quarter or year that fits; when not even years fit, the last
/// `room` years. Each group is a range of week indices, with its label.
pub fn group_weeks(starts: &[Date], room: usize) -> (Per, Vec<(String, Range<usize>)>) {
    let room = room.max(1);
    let mut last = (Per::Year, Vec::new());
    for per in [Per::Week, Per::Month, Per::Quarter, Per::Year] {
        let mut groups: Vec<(String, Range<usize>)> = Vec::new();
        for (i, d) in starts.iter().enumerate() {
            let label = if per == Per::Week {
                i.to_string()
            } else {
                per.label(*d)
            };
            match groups.last_mut() {
                Some((l, r)) if *l == label => r.end = i + 1,
                _ => groups.push((label, i..i + 1)),
            }
        }
        if per == Per::Week {
            for (g, d) in groups.iter_mut().zip(starts) {
                g.0 = d.to_string();
            }
        }
        if groups.len() <= room {
            return (per, groups);
        }
        last = (per, groups);
    }
    let (per, mut groups) = last;
    let cut = groups.len() - room;
    groups.drain(..cut);
    (per, groups)
}

/// The mean of `values` over each group.
pub fn means(values: &[f64], groups: &[(String, Range<usize>)]) -> Vec<f64> {
    groups
        .iter()
        .map(|(_, r)| {
            let part = &values[r.clone()];
            part.iter().sum::<f64>() / part.len().max(1) as f64
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mondays(n: usize) -> Vec<Date> {
        let first = jiff::civil::date(2007, 1, 1);
        (0..n)
            .map(|i| {
                first
                    .checked_add(jiff::Span::new().days(7 * i as i64))
                    .unwrap()
            })
            .collect()
    }

    #[test]
    fn weeks_that_fit_stay_weeks() {
        let (per, groups) = group_weeks(&mondays(26), 50);
        assert_eq!(per, Per::Week);
        assert_eq!(groups.len(), 26);
        assert_eq!(groups[0], ("2007-01-01".to_string(), 0..1));
    }

    #[test]
    fn long_periods_are_summarised_by_month_quarter_or_year() {
        // 1000 weeks are 230 months, 77 quarters, 20 years.
        let starts = mondays(1000);
        let (per, groups) = group_weeks(&starts, 300);
        assert_eq!((per, groups.len()), (Per::Month, 230));
        assert_eq!(groups[0].0, "2007-01");
        assert_eq!(groups[0].1, 0..5);
        let (per, groups) = group_weeks(&starts, 50);
        assert_eq!((per, groups.len()), (Per::Year, 20));
        assert_eq!(groups.iter().map(|g| g.1.len()).sum::<usize>(), 1000);
        let (per, groups) = group_weeks(&starts, 80);
        assert_eq!((per, groups.len()), (Per::Quarter, 77));
        assert_eq!(groups[0].0, "2007-Q1");
        // Not even years fit: the latest ones.
        let (per, groups) = group_weeks(&starts, 5);
        assert_eq!((per, groups.len()), (Per::Year, 5));
        assert_eq!(groups[4].1.end, 1000);
        assert_eq!(
            means(&[1.0, 3.0, 8.0], &[("a".into(), 0..2), ("b".into(), 2..3)]),
            [2.0, 8.0]
        );
    }

    #[test]
    fn scales_to_the_largest_value() {
        assert_eq!(sparkline(&[0.0, 5.0, 10.0], None), "▁▅█");
        assert_eq!(sparkline(&[0.0, 5.0, 10.0], Some(20.0)), "▁▃▅");
        assert_eq!(sparkline(&[], None), "");
        assert_eq!(sparkline(&[f64::NAN, -1.0, 0.0], None), "▁▁▁");
    }
}
