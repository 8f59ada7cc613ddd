//! The application core: what the front ends (the CLI, the dashboard) ask of Canary, as
//! functions over the store and the settings. Front ends parse input and present results;
//! the steps in between live here.

pub mod import;
