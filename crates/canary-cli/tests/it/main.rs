//! The integration tests of `canary-cli`, one test binary (as ripgrep does): one module per
//! command or source, `common` for the helpers they share. A single binary links once,
//! which is most of a test build's time on two cores.

mod activitywatch_phone;
mod alerts;
mod assess;
mod common;
mod counted_once;
mod coverage;
mod dash_stdout;
mod dashboard;
mod dashboard_look;
mod dashboard_owner;
mod errors;
mod events_filters;
mod full_disk;
mod hook_half_block;
mod import_again;
mod import_auto;
mod import_bounds;
mod import_git;
mod import_shell;
mod import_stream;
mod kill;
mod misc;
mod missing_store;
mod nudges;
mod partial_answers;
mod period;
mod permissions;
mod personal_rules;
mod pipes;
mod plan;
mod plan_start;
mod privacy_at_rest;
mod report;
mod restore_validation;
mod review;
mod settings;
mod skip_reasons;
mod sync;
mod team;
mod team_dashboard;
mod team_server;
mod team_tls;
mod terminal_escapes;
mod width;
