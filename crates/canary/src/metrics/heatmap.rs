//! Heatmap: activity by local weekday (0 = Monday) and hour of the clock.
//!
//! ```text
//!        00 01 02 … 08 09 10 … 22 23
//! Mon     .  .  .    3 12  9     1  .     counts: activity events starting in the cell
//! …                                       minutes: estimated working minutes in the cell
//! Sun     .  2  .    .  .  .     .  .
//! ```
//!
//! Cells are by clock time, not by workday: a command at 01:30 on Tuesday is in Tuesday's
//! 01 column even though it counts toward Monday's workday. Only activity of workdays in the
//! period counts. Not for: bands (a cell can hold several).

use super::classify::Item;
use crate::model::Heatmap;

/// Counts from the items, minutes from the working seconds per cell.
pub fn heatmap(items: &[Item<'_>], cell_secs: &[[i64; 24]; 7]) -> Heatmap {
    let mut counts = [[0u32; 24]; 7];
    for item in items {
        if item.day.is_some() && item.is_activity() {
            let local = item.placed.local;
            let wd = local.date().weekday().to_monday_zero_offset() as usize;
            counts[wd][local.hour() as usize] += 1;
        }
    }
    let mut minutes = [[0u32; 24]; 7];
    for (m_row, s_row) in minutes.iter_mut().zip(cell_secs) {
        for (m, s) in m_row.iter_mut().zip(s_row) {
            *m = u32::try_from((s + 30) / 60).unwrap_or(u32::MAX);
        }
    }
    Heatmap { counts, minutes }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::event::EventKind;
    use crate::metrics::classify::prepare;
    use crate::metrics::constants::SESSION_GAP_SECS;
    use crate::metrics::testutil::{ev, input, settings, span};
    use crate::metrics::worktime::{intervals, measure, merge};

    #[test]
    fn counts_and_minutes_by_clock_hour() {
        let events = vec![
            ev("2026-03-10T01:30", EventKind::Command), // Tue 01 (Monday's workday)
            ev("2026-03-10T09:10", EventKind::Commit),  // Tue 08:50-09:10
            ev("2026-03-10T09:15", EventKind::MailReceived),
            span("2026-03-15T23:30", EventKind::Meeting, 3600), // Sun 23:30 - Mon 00:30
        ];
        let s = settings();
        let p = prepare(&input(
            &events,
            &s,
            "2026-03-16T12:00",
            "2026-03-09",
            "2026-03-16",
        ));
        let m = measure(
            &p.classifier,
            &merge(intervals(&p.items, p.span.now), SESSION_GAP_SECS),
            &p.span,
        );
        let h = heatmap(&p.items, &m.cell_secs);
        assert_eq!(h.counts[1][1], 1);
        assert_eq!(h.counts[1][9], 1);
        assert_eq!(h.counts[6][23], 1);
        assert_eq!(h.counts.iter().flatten().sum::<u32>(), 3);
        assert_eq!(h.minutes[1][1], 2);
        assert_eq!((h.minutes[1][8], h.minutes[1][9]), (10, 10));
        assert_eq!((h.minutes[6][23], h.minutes[0][0]), (30, 30));
        assert_eq!(h.minutes.iter().flatten().sum::<u32>(), 82);
    }
}
