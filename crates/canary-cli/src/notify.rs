//! Delivering alerts: a desktop notification (the freedesktop notification service on the
//! D-Bus session bus on Linux, the notification centre on macOS), and the fallback when
//! there is none: the next `canary` command and the prompt hook print what waits, once.
//!
//! What may be delivered, and when, is the library's ([`canary::alerts::gate`] through
//! [`Workspace::check_alerts`]); this module only carries it and records that it arrived.

use std::io::Write;

use anyhow::Result;
use canary::app::{AlertCheck, Workspace};
use canary::store::StoredAlert;
use jiff::Timestamp;
use serde::Serialize;

use crate::context::Context;

/// The application name notifications carry.
pub const APP_NAME: &str = "Canary";

/// What one check did: the check itself and what reached the desktop.
#[derive(Debug, Serialize)]
pub struct Checked {
    #[serde(flatten)]
    pub check: AlertCheck,
    /// Ids delivered as desktop notifications.
    pub delivered: Vec<String>,
    /// Why the desktop could not be reached (the alerts then wait for the terminal).
    pub desktop_error: Option<String>,
}

/// Evaluate the rules now, keep new alerts, and deliver what may be delivered as desktop
/// notifications. What `canary alerts check` runs, and `canary sync` after importing.
pub fn check_and_deliver(ws: &Workspace, now: Timestamp) -> Result<Checked> {
    let check = ws.check_alerts(now)?;
    let (delivered, desktop_error) = if ws.settings.alerts.desktop {
        deliver_desktop(ws, &check.deliver, now)?
    } else {
        (Vec::new(), None)
    };
    Ok(Checked {
        check,
        delivered,
        desktop_error,
    })
}

/// Send each alert as a desktop notification, recording each that arrived; stops at the
/// first failure (no bus, no notification service), leaving the rest waiting.
fn deliver_desktop(
    ws: &Workspace,
    alerts: &[StoredAlert],
    now: Timestamp,
) -> Result<(Vec<String>, Option<String>)> {
    let mut delivered = Vec::new();
    for a in alerts {
        match desktop(&a.title, &body(a)) {
            Ok(()) => {
                ws.alert_delivered(&a.id, now, "desktop")?;
                delivered.push(a.id.clone());
            }
            Err(e) => return Ok((delivered, Some(format!("{e:#}")))),
        }
    }
    Ok((delivered, None))
}

/// The notification's body: the evidence, one line each, and how to mute the rule.
pub fn body(a: &StoredAlert) -> String {
    let mut s = a.evidence.join("\n");
    s.push_str(&format!("\n(canary alerts mute {} stops these)", a.rule));
    s
}

/// Print the alerts that may be delivered now and wait because no desktop took them, once,
/// and record them delivered through the terminal. Never fails the command it follows: any
/// error (no store, unreadable settings) prints nothing.
pub fn terminal_fallback(ctx: &Context, out: &mut impl Write) {
    if !ctx.db_path.exists() {
        return;
    }
    let _ = (|| -> Result<()> {
        let ws = ctx.workspace()?;
        for a in ws.deliverable_alerts(ctx.now)?.now {
            print_alert(out, &a)?;
            ws.alert_delivered(&a.id, ctx.now, "terminal")?;
        }
        Ok(())
    })();
}

/// One alert in the terminal: its title and evidence.
pub fn print_alert(out: &mut impl Write, a: &StoredAlert) -> std::io::Result<()> {
    let safe = |s: &str| canary::privacy::display_safe_lines(s).into_owned();
    writeln!(out, "canary: {}", safe(&a.title))?;
    for line in &a.evidence {
        writeln!(out, "  {}", safe(line))?;
    }
    writeln!(
        out,
        "  (`canary alerts` lists them; `canary alerts mute {}` stops these)",
        a.rule
    )
}

/// Escape the few characters the notification body's markup would read.
fn markup_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// A desktop notification through the freedesktop notification service on the session bus.
#[cfg(target_os = "linux")]
pub fn desktop(summary: &str, body: &str) -> Result<()> {
    use std::collections::HashMap;
    use std::time::Duration;

    use anyhow::Context as _;

    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("cannot start the D-Bus client")?;
    let body = markup_escape(body);
    runtime.block_on(async {
        let send = async {
            let conn = zbus::Connection::session()
                .await
                .context("no D-Bus session bus")?;
            let hints: HashMap<&str, zbus::zvariant::Value<'_>> = HashMap::new();
            let reply = conn
                .call_method(
                    Some("org.freedesktop.Notifications"),
                    "/org/freedesktop/Notifications",
                    Some("org.freedesktop.Notifications"),
                    "Notify",
                    &(
                        APP_NAME,
                        0u32,
                        "",
                        summary,
                        body.as_str(),
                        Vec::<&str>::new(),
                        hints,
                        -1i32,
                    ),
                )
                .await
                .context("the desktop notification service did not take it")?;
            let _id: u32 = reply.body().deserialize()?;
            anyhow::Ok(())
        };
        tokio::time::timeout(Duration::from_secs(10), send)
            .await
            .context("the desktop notification service did not answer in 10 s")?
    })
}

/// A notification in the macOS notification centre, through `osascript`.
#[cfg(target_os = "macos")]
pub fn desktop(summary: &str, body: &str) -> Result<()> {
    use anyhow::{Context as _, bail};
    let quote = |s: &str| format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""));
    let script = format!(
        "display notification {} with title {} subtitle {}",
        quote(body),
        quote(APP_NAME),
        quote(summary)
    );
    let status = std::process::Command::new("osascript")
        .arg("-e")
        .arg(script)
        .status()
        .context("cannot run osascript")?;
    if !status.success() {
        bail!("osascript could not show the notification ({status})");
    }
    let _ = markup_escape;
    Ok(())
}

/// No desktop notifications here: alerts wait for the terminal.
#[cfg(not(any(target_os = "linux", target_os = "macos")))]
pub fn desktop(_summary: &str, _body: &str) -> Result<()> {
    let _ = markup_escape;
    anyhow::bail!("no desktop notifications on this system")
}
