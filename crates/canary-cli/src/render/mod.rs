//! Presenting in the terminal: the report (the risk picture, the weekly table, sparklines and
//! an hour × weekday heatmap), the plan, and what questionnaire scores mean. Text carries the
//! meaning; colour only repeats it. Shared by the commands (and the dashboard, for the words
//! under a questionnaire); no command imports another for these.

pub mod heatmap;
pub mod instruments;
pub mod plan;
pub mod report;
pub mod sparkline;
pub mod width;

/// The last sync's line, as `canary status` and `canary schedule status` print it.
pub fn last_sync_line(last: Option<&canary::store::LastSync>) -> String {
    match last {
        None => "Last sync: never (`canary sync`).".to_string(),
        Some(l) => format!(
            "Last sync: {}, {}, {} in {} ms{}.",
            l.ran_at.strftime("%Y-%m-%d %H:%M UTC"),
            if l.ok { "ok" } else { "FAILED" },
            canary::words::count(l.new, "new event"),
            l.millis,
            l.message
                .as_deref()
                .map(|m| format!(" ({})", canary::privacy::display_safe(m)))
                .unwrap_or_default()
        ),
    }
}

/// Says, when dropped (the command's end, or its error), how many rows of the store could not
/// be read and were left out, with the first one: an edited store never makes a command fail.
pub struct UnreadableWarning<'a>(pub &'a canary::store::Store);

impl Drop for UnreadableWarning<'_> {
    fn drop(&mut self) {
        let u = self.0.unreadable_rows();
        if u.count == 0 {
            return;
        }
        let s = if u.count == 1 { "" } else { "s" };
        eprintln!(
            "warning: {} unreadable row{s} in the store {} left out (first: {})",
            u.count,
            self.0.path(),
            u.first.unwrap_or_default()
        );
    }
}
