//! `canary digest [--week YYYY-Www] [--html FILE] [--save] [--mail]`: the week in one page.
//! The digest is [`canary::app::Workspace::digest`]'s; this module prints, saves and mails it.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{ExitCode, Stdio};

use anyhow::{Context as _, Result, bail};
use etcetera::BaseStrategy;

use crate::cli::DigestArgs;
use crate::context::Context;
use crate::output;

pub fn run(ctx: &Context, args: &DigestArgs) -> Result<ExitCode> {
    let ws = ctx.workspace()?;
    let digest = ws.digest(args.week.as_deref(), ctx.now)?;
    if let Some(path) = &args.html {
        output::at_most_one_stdout(&[
            ("--html", output::is_stdout(path)),
            ("the digest", !args.save),
        ])?;
        output::write_text(path, &digest.html)?;
    }
    if args.save {
        let path = digests_dir()?.join(format!("{}.md", digest.week));
        // 0600 in a 0700 folder, replaced atomically.
        canary::privacy::private::write(&path, digest.markdown.as_bytes())
            .with_context(|| format!("cannot write {}", path.display()))?;
        eprintln!("Saved {}", path.display());
    } else if args.html.as_deref().is_none_or(|p| !output::is_stdout(p)) {
        let mut out = std::io::stdout().lock();
        writeln!(out, "{}", digest.markdown)?;
    }
    if args.mail {
        mail(&ws.settings, &digest.week, &digest.markdown)?;
    }
    Ok(ExitCode::SUCCESS)
}

/// `$XDG_DATA_HOME/canary/digests`.
fn digests_dir() -> Result<PathBuf> {
    let base = etcetera::choose_base_strategy().context("cannot find your home directory")?;
    Ok(base.data_dir().join("canary").join("digests"))
}

/// Mail the digest to the person's own first address through the configured `sendmail`:
/// the address is the only recipient given, and `-t` is never used, so no header can add
/// another.
fn mail(settings: &canary::Settings, week: &str, text: &str) -> Result<()> {
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
