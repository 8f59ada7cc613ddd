//! Presenting a report in the terminal: the risk picture, the weekly table, sparklines and an
//! hour × weekday heatmap. Text carries the meaning; colour only repeats it.

pub mod heatmap;
pub mod report;
pub mod sparkline;
