//! What both dashboards serve on: a current-thread runtime, a listener on 127.0.0.1 and one
//! line announcing the URL.

use std::io::Write;

use anyhow::{Context as _, Result};

/// The dashboards' runtime: one thread is plenty for one person's browser.
pub(crate) fn runtime() -> Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_current_thread()
        .enable_io()
        .build()
        .context("cannot start the dashboard's runtime")
}

/// Listen on 127.0.0.1:`port` (0: any free port); the listener and the port it got.
pub(crate) async fn bind_loopback(port: u16) -> Result<(tokio::net::TcpListener, u16)> {
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", port))
        .await
        .with_context(|| format!("cannot listen on 127.0.0.1:{port} (try --port 0)"))?;
    let port = listener.local_addr()?.port();
    Ok((listener, port))
}

/// One line on stdout with the URL (both dashboards' carry the owner's key), for whoever
/// started the server (if nobody reads it any more, a closed pipe, serving goes on
/// regardless), and a reminder on stderr.
pub(crate) fn announce_url(what: &str, url: &str) {
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "{what}: {url}").and_then(|()| out.flush());
    drop(out);
    let _ = writeln!(std::io::stderr(), "(127.0.0.1 only; Ctrl-C to stop)");
}
