//! Coverage and confidence: which sources saw which days, and how much to trust the figures.
//!
//! ```text
//! days        1 2 3 4 5 6 7 8 9 …
//! git         x x . x x . . x x
//! zsh         . x x x x . . . x
//! covered     x x x x x . . x x      confidence = covered / (covered + 14)
//! ```
//!
//! A day is covered when any source has any of the person's events on it (received mail
//! included: the mailbox was being read), by workday. 14 covered days give 0.5, 42 give 0.75;
//! below 14 there is no verdict. Not for: whether the person worked (see [`super::days`]).

use super::classify::Item;
use super::constants::{CONFIDENCE_HALF_DAYS, VERDICT_MIN_DAYS};
use super::period::PeriodSpan;
use crate::event::SourceKind;
use crate::model::{Coverage, HeldSource, SourceCoverage};

/// Confidence from covered days: `covered / (covered + 14)`.
pub fn confidence(covered_days: u32) -> f64 {
    let c = f64::from(covered_days);
    c / (c + f64::from(CONFIDENCE_HALF_DAYS))
}

/// Coverage of the period, per source in [`SourceKind::ALL`] order (sources with events), and
/// the held sources (what the store holds over all time) whose dates miss the period.
pub fn coverage(items: &[Item<'_>], span: &PeriodSpan, held: &[HeldSource]) -> Coverage {
    let days = span.days();
    let mut per_source: Vec<(u64, Vec<bool>)> = vec![(0, Vec::new()); SourceKind::ALL.len()];
    let mut covered = vec![false; days];
    for item in items {
        let Some(d) = item.day else { continue };
        let d = d as usize;
        let (events, seen) = &mut per_source[item.event.source as usize];
        if seen.is_empty() {
            seen.resize(days, false);
        }
        *events += 1;
        seen[d] = true;
        covered[d] = true;
    }
    let dates = span.dates();
    let sources = SourceKind::ALL
        .iter()
        .zip(&per_source)
        .filter(|(_, (events, _))| *events > 0)
        .map(|(source, (events, seen))| SourceCoverage {
            source: source.to_string(),
            events: *events,
            days: seen.iter().filter(|&&s| s).count() as u32,
            first: seen.iter().position(|&s| s).map(|i| dates[i]),
            last: seen.iter().rposition(|&s| s).map(|i| dates[i]),
        })
        .collect();
    let covered_days = covered.iter().filter(|&&c| c).count() as u32;
    Coverage {
        covered_days,
        period_days: days as u32,
        confidence: confidence(covered_days),
        enough_for_verdict: covered_days >= VERDICT_MIN_DAYS,
        sources,
        outside_period: outside_period(held, span),
    }
}

/// The held sources with no day inside the period, oldest first.
pub fn outside_period(held: &[HeldSource], span: &PeriodSpan) -> Vec<HeldSource> {
    let mut out: Vec<HeldSource> = held
        .iter()
        .filter(|h| h.last < span.since || h.first > span.until)
        .cloned()
        .collect();
    out.sort_by(|a, b| (a.first, &a.source).cmp(&(b.first, &b.source)));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::event::EventKind;
    use crate::metrics::classify::prepare;
    use crate::metrics::testutil::{date, ev, input, settings};

    #[test]
    fn confidence_curve() {
        assert_eq!(confidence(0), 0.0);
        assert_eq!(confidence(14), 0.5);
        assert_eq!(confidence(42), 0.75);
    }

    #[test]
    fn per_source_days() {
        let events = vec![
            ev("2026-03-09T10:00", EventKind::Commit),
            ev("2026-03-09T11:00", EventKind::Commit),
            ev("2026-03-11T10:00", EventKind::Commit),
            ev("2026-03-10T10:00", EventKind::Command),
            ev("2026-03-12T02:00", EventKind::MailReceived), // Wednesday's workday
            ev("2026-03-01T10:00", EventKind::Command),      // before the period
        ];
        let s = settings();
        let p = prepare(&input(
            &events,
            &s,
            "2026-03-15T12:00",
            "2026-03-09",
            "2026-03-15",
        ));
        let c = coverage(&p.items, &p.span, &[]);
        assert_eq!((c.covered_days, c.period_days), (3, 7));
        assert!(!c.enough_for_verdict);
        assert_eq!(c.confidence, 3.0 / 17.0);
        let names: Vec<&str> = c.sources.iter().map(|s| s.source.as_str()).collect();
        assert_eq!(names, ["git", "zsh", "maildir"]);
        let git = &c.sources[0];
        assert_eq!((git.events, git.days), (3, 2));
        assert_eq!(
            (git.first, git.last),
            (Some(date("2026-03-09")), Some(date("2026-03-11")))
        );
        assert_eq!(c.sources[2].first, Some(date("2026-03-11")));
    }

    #[test]
    fn empty_input_is_no_verdict() {
        let s = settings();
        let p = prepare(&input(
            &[],
            &s,
            "2026-03-15T12:00",
            "2026-03-09",
            "2026-03-15",
        ));
        let c = coverage(&p.items, &p.span, &[]);
        assert_eq!(
            (c.covered_days, c.confidence, c.enough_for_verdict),
            (0, 0.0, false)
        );
        assert!(c.sources.is_empty());
    }

    #[test]
    fn held_sources_missing_the_period_are_named_oldest_first() {
        let span = PeriodSpan::new(
            date("2026-03-02"),
            date("2026-03-29"),
            date("2026-03-30"),
            jiff::Timestamp::UNIX_EPOCH,
        );
        let held = |source: &str, first: &str, last: &str| HeldSource {
            source: source.to_string(),
            events: 3,
            first: date(first),
            last: date(last),
        };
        let all = [
            held("zsh", "2016-01-01", "2018-05-01"),
            held("git", "2026-01-01", "2026-03-02"),
            held("mbox", "2001-01-01", "2002-12-31"),
            held("ics", "2026-03-30", "2026-04-30"),
        ];
        let out: Vec<String> = outside_period(&all, &span)
            .into_iter()
            .map(|h| h.source)
            .collect();
        // git touches the period's first day; the others miss it.
        assert_eq!(out, ["mbox", "zsh", "ics"]);
    }
}
