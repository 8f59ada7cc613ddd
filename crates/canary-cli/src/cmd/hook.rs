//! `canary hook install|remove git|zsh|bash|fish`: a short, kind nudge after a commit or at the
//! prompt in the sleep window. Never blocks work, installs idempotently, removes exactly what
//! it installed, and never overwrites someone else's hook.
//!
//! Files: git — the repository's `post-commit` hook (found with `git rev-parse --git-path
//! hooks`, so `core.hooksPath` and worktrees are honoured); zsh — `$ZDOTDIR/.zshrc` or
//! `~/.zshrc`; bash — `~/.bashrc`; fish — `$XDG_CONFIG_HOME/fish/conf.d/canary.fish`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context as _, Result, bail};
use clap::ValueEnum;

use super::hook_scripts::{self as scripts, BEGIN};
use crate::cli::tools::{HookAction, HookArgs, HookTarget};
use crate::context::Context;

pub fn run(_ctx: &Context, args: &HookArgs) -> Result<ExitCode> {
    match &args.action {
        HookAction::Install {
            target,
            repo,
            every,
        } => install(*target, repo.as_deref(), (*every).max(1)),
        HookAction::Remove { target, repo } => remove(*target, repo.as_deref()),
    }?;
    Ok(ExitCode::SUCCESS)
}

/// The canary binary the hooks call: this one, so it works without being on PATH.
fn this_binary() -> String {
    std::env::current_exe()
        .and_then(|p| p.canonicalize())
        .map(|p| p.display().to_string())
        .unwrap_or_else(|_| "canary".to_string())
}

fn home() -> Result<PathBuf> {
    match std::env::var_os("HOME") {
        Some(h) if !h.is_empty() => Ok(PathBuf::from(h)),
        _ => bail!("HOME is not set: cannot find your shell's startup file"),
    }
}

/// The startup file for a shell.
fn shell_file(target: HookTarget) -> Result<PathBuf> {
    let env_dir = |var: &str| {
        std::env::var_os(var)
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
    };
    Ok(match target {
        HookTarget::Zsh => env_dir("ZDOTDIR").unwrap_or(home()?).join(".zshrc"),
        HookTarget::Bash => home()?.join(".bashrc"),
        HookTarget::Fish => env_dir("XDG_CONFIG_HOME")
            .unwrap_or(home()?.join(".config"))
            .join("fish/conf.d/canary.fish"),
        HookTarget::Git => unreachable!("git hooks live in the repository"),
    })
}

/// The repository's `post-commit` hook path.
fn git_hook_file(repo: Option<&Path>) -> Result<PathBuf> {
    let repo = repo.unwrap_or(Path::new("."));
    let out = std::process::Command::new("git")
        .arg("-C")
        .arg(repo)
        .args(["rev-parse", "--git-path", "hooks"])
        .output()
        .context("cannot run git (is it installed?)")?;
    if !out.status.success() {
        bail!(
            "{} is not a git repository (pass --repo PATH): {}",
            repo.display(),
            String::from_utf8_lossy(&out.stderr).trim()
        );
    }
    let hooks = PathBuf::from(String::from_utf8_lossy(&out.stdout).trim());
    let hooks = if hooks.is_absolute() {
        hooks
    } else {
        repo.join(hooks)
    };
    Ok(hooks.join("post-commit"))
}

fn read_or_empty(path: &Path) -> Result<String> {
    match std::fs::read_to_string(path) {
        Ok(t) => Ok(t),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(String::new()),
        Err(e) => Err(e).with_context(|| format!("cannot read {}", path.display())),
    }
}

fn write(path: &Path, text: &str) -> Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    }
    // Atomic: an interrupted or failed write leaves the old file whole (mode and links kept).
    canary::fsutil::write_atomic(path, text.as_bytes())?;
    Ok(())
}

fn install(target: HookTarget, repo: Option<&Path>, every: u32) -> Result<()> {
    let bin = this_binary();
    if target == HookTarget::Git {
        return install_git(repo, &bin);
    }
    let path = shell_file(target)?;
    let block = match target {
        HookTarget::Zsh => scripts::zsh_block(&bin, every),
        HookTarget::Bash => scripts::bash_block(&bin, every),
        _ => scripts::fish_block(&bin, every),
    };
    let old = read_or_empty(&path)?;
    let new = scripts::with_block(&old, &block);
    if new == old {
        eprintln!("The nudge is already in {}.", path.display());
        return Ok(());
    }
    write(&path, &new)?;
    let verb = if old.contains(BEGIN) {
        "Updated"
    } else {
        "Added"
    };
    eprintln!(
        "{verb} the nudge in {} (at most every {every} minutes, only in your sleep window).",
        path.display()
    );
    let name = target.to_possible_value().map(|v| v.get_name().to_string());
    eprintln!(
        "It takes effect in new shells. Remove it with `canary hook remove {}`.",
        name.unwrap_or_default()
    );
    Ok(())
}

fn install_git(repo: Option<&Path>, bin: &str) -> Result<()> {
    let path = git_hook_file(repo)?;
    let block = scripts::git_block(bin);
    let old = read_or_empty(&path)?;
    let new = if old.is_empty() {
        format!("#!/bin/sh\n{block}")
    } else if old.contains(BEGIN) {
        scripts::with_block(&old, &block)
    } else {
        // Someone else's hook: chain into it, right after its shebang, if it is a shell script.
        let (first, rest) = old.split_once('\n').unwrap_or((old.as_str(), ""));
        let shell = first
            .strip_prefix("#!")
            .map(|s| s.split_whitespace().collect::<Vec<_>>())
            .is_some_and(|w| {
                let name = |s: &str| s.rsplit('/').next().unwrap_or(s).to_string();
                let prog = match w.as_slice() {
                    [env, p, ..] if name(env) == "env" => name(p),
                    [p, ..] => name(p),
                    [] => String::new(),
                };
                matches!(prog.as_str(), "sh" | "bash" | "dash" | "zsh" | "ksh")
            });
        if !shell {
            bail!(
                "{} already exists and is not a shell script; Canary leaves it alone. \
                 Add this line to it yourself: {bin} check --nudge || true",
                path.display()
            );
        }
        format!("{first}\n{block}{rest}")
    };
    if new == old {
        eprintln!("The nudge is already in {}.", path.display());
        return Ok(());
    }
    write(&path, &new)?;
    make_executable(&path)?;
    eprintln!(
        "Added the nudge to {}: after a commit in your sleep window, one kind line; never blocks.",
        path.display()
    );
    eprintln!("Remove it with `canary hook remove git`.");
    Ok(())
}

#[cfg(unix)]
fn make_executable(path: &Path) -> Result<()> {
    use std::os::unix::fs::PermissionsExt;
    let mut perms = std::fs::metadata(path)?.permissions();
    perms.set_mode(perms.mode() | 0o755);
    std::fs::set_permissions(path, perms)
        .with_context(|| format!("cannot make {} executable", path.display()))
}

#[cfg(not(unix))]
fn make_executable(_path: &Path) -> Result<()> {
    Ok(())
}

fn remove(target: HookTarget, repo: Option<&Path>) -> Result<()> {
    let path = match target {
        HookTarget::Git => git_hook_file(repo)?,
        _ => shell_file(target)?,
    };
    let old = read_or_empty(&path)?;
    let Some(new) = scripts::without_block(&old) else {
        eprintln!("No Canary nudge in {}; nothing to remove.", path.display());
        return Ok(());
    };
    // A file that held only the nudge (and the shebang Canary wrote) goes away entirely.
    let only_ours =
        new.trim().is_empty() || (target == HookTarget::Git && new.trim() == "#!/bin/sh");
    if only_ours {
        std::fs::remove_file(&path).with_context(|| format!("cannot remove {}", path.display()))?;
    } else {
        write(&path, &new)?;
    }
    eprintln!("Removed the nudge from {}.", path.display());
    Ok(())
}
