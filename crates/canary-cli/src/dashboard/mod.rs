//! The local dashboards: the personal one (`canary serve`, `canary demo --serve`) and the team
//! lead's (`canary team dashboard`, `canary demo --team --serve`). Both are axum servers on a
//! current-thread runtime, bound to 127.0.0.1, answering plain HTML with server-side SVG charts
//! and no scripts.
//!
//! - [`server`]: the runtime, the loopback listener and the announced URL, for both.
//! - [`guard`]: what every request and form must pass (Host, Origin, form token) and the
//!   security headers every response carries, for both.
//! - [`layout`]: the page around every page (header, navigation, title, footer), the stylesheet.
//! - [`charts`]: the SVG charts.
//! - [`app`] and [`router`]: the personal dashboard's snapshot of the store and its routes;
//!   [`pages`]: one module per page.
//! - [`team`]: the team dashboard's view, routes and pages.
//!
//! The HTML is written with `maud`'s `html!` macro: every value spliced into a page is escaped
//! by construction, so no page builds markup from strings.

mod app;
mod charts;
mod guard;
mod layout;
mod pages;
mod period;
mod router;
mod server;
pub mod team;

pub use app::serve;
