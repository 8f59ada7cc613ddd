//! The integration tests of `canary-team`, one test binary (as ripgrep does): one module per
//! command or source, `common` for the helpers they share. A single binary links once,
//! which is most of a test build's time on two cores.

mod admin;
mod audit;
mod common;
mod load;
mod server;
mod tls;
mod unmeasured;
