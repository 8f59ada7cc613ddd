//! Presenting in the terminal: the report (the risk picture, the weekly table, sparklines and
//! an hour × weekday heatmap), the plan, and what questionnaire scores mean. Text carries the
//! meaning; colour only repeats it. Shared by the commands (and the dashboard, for the words
//! under a questionnaire); no command imports another for these.

pub mod heatmap;
pub mod instruments;
pub mod plan;
pub mod report;
pub mod sparkline;
