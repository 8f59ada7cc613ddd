//! `canary digest [--week YYYY-Www] [--html FILE] [--save] [--mail]`: the week in one page.
//! The digest is [`canary::app::Workspace::digest`]'s; this module prints, saves and mails it.

use std::io::Write;
use std::process::ExitCode;

use anyhow::{Context as _, Result};

use crate::cli::DigestArgs;
use crate::context::Context;
use crate::digest_file::{digests_dir, mail};
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
