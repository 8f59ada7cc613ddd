//! The weekly digest as a file and a mail: where `canary digest --save` and the schedule's
//! sync write it (`$XDG_DATA_HOME/canary/digests/YYYY-Www.md`, 0600), and mailing it to the
//! person's own address through a local `sendmail`. Shared by `canary digest` and `canary
//! sync` (command modules do not call each other).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Stdio;

use anyhow::{Context as _, Result, bail};
use canary::app::Workspace;
use etcetera::BaseStrategy;
use jiff::Timestamp;

/// `$XDG_DATA_HOME/canary/digests`.
pub fn digests_dir() -> Result<PathBuf> {
    let base = etcetera::choose_base_strategy().context("cannot find your home directory")?;
    Ok(base.data_dir().join("canary").join("digests"))
}

/// Mail the digest to the person's own first address through the configured `sendmail`:
/// the address is the only recipient given, and `-t` is never used, so no header can add
/// another.
pub fn mail(settings: &canary::Settings, week: &str, text: &str) -> Result<()> {
    let program = settings.alerts.sendmail.trim();
    if program.is_empty() {
        bail!(
            "no sendmail configured: `canary config set alerts.sendmail /usr/sbin/sendmail` first"
        );
    }
    let Some(to) = settings.identities.emails.first() else {
        bail!(
            "no address of yours to mail it to: `canary config set identities.emails you@example.org`"
        );
    };
    if to.contains(|c: char| c.is_whitespace() || c == ',' || c == '<' || c == '>')
        || !to.contains('@')
    {
        bail!("`{to}` is not one plain address; the digest goes to your own address only");
    }
    let message = format!(
        "From: {to}\r\nTo: {to}\r\nSubject: Canary digest {week}\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n{}\r\n",
        text.replace('\n', "\r\n")
    );
    let mut child = std::process::Command::new(Path::new(program))
        .args(["-i", "--", to])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .with_context(|| format!("cannot run {program}"))?;
    child
        .stdin
        .take()
        .context("sendmail's input")?
        .write_all(message.as_bytes())
        .with_context(|| format!("cannot write to {program}"))?;
    let status = child.wait()?;
    if !status.success() {
        bail!("{program} failed ({status})");
    }
    eprintln!("Mailed the digest to {to}.");
    Ok(())
}

/// After a sync: when the last complete week has no digest saved yet, write it, note it as
/// an alert (delivered by the same gate as the rules'), and mail it when asked to. So the
/// scheduled hourly sync writes each week's digest once, at its first run after the week.
/// Returns the week written, if any.
pub fn weekly(ws: &Workspace, now: Timestamp) -> Result<Option<String>> {
    if !ws.settings.alerts.weekly_digest {
        return Ok(None);
    }
    // The week's name first: the digest (a report and a plan) is built only when its file
    // is missing, once a week, not at every hourly sync.
    let path = digests_dir()?.join(format!("{}.md", ws.last_complete_week(now)?));
    if path.exists() {
        return Ok(None);
    }
    let digest = ws.digest(None, now)?;
    canary::privacy::private::write(&path, digest.markdown.as_bytes())
        .with_context(|| format!("cannot write {}", path.display()))?;
    ws.note_digest(&digest.week, now)?;
    if ws.settings.alerts.mail_digest {
        mail(&ws.settings, &digest.week, &digest.markdown)?;
    }
    Ok(Some(digest.week))
}
