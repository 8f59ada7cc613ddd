//! The integration tests of `canary`, one test binary (as ripgrep does): one module per
//! command or source, `common` for the helpers they share. A single binary links once,
//! which is most of a test build's time on two cores.

mod bounded_reading;
mod chat_tracker_real_data;
mod common;
mod git_import;
mod ics_real_data;
mod mail_real_data;
mod oncall_real_data;
mod shell_real_data;
mod team_git;
mod team_real_data;
