//! `canary schedule install|remove|status`: run `canary sync` by itself.
//!
//! Where it can, a systemd user timer (`canary-sync.timer` and `canary-sync.service` under
//! `$XDG_CONFIG_HOME/systemd/user/`, enabled with `systemctl --user` when a user bus is
//! there; otherwise the commands to run are printed); on macOS a launchd agent
//! (`~/Library/LaunchAgents/org.canary.sync.plist`); elsewhere one crontab line, marked with a
//! comment. The job runs this very binary (its absolute path) with the same `--db` and
//! `--config`. What was installed — the files written, the folders made, the crontab line —
//! is recorded in `schedule.toml` beside the settings, and `remove` removes exactly that.
//! `CANARY_SCHEDULER=systemd|launchd|cron` picks the kind of schedule instead (tests).

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};

use anyhow::{Context as _, Result, bail};
use canary::privacy::display_safe;
use canary::settings::schedule::{Installed, Scheduler as Backend, schedule_path};
use serde::Serialize;

use crate::cli::ScheduleCommand;
use crate::context::Context;

/// The comment that marks Canary's crontab line.
const CRON_MARK: &str = "# canary-sync: added by `canary schedule install`";
const UNIT: &str = "canary-sync";
const LAUNCHD_LABEL: &str = "org.canary.sync";

fn record_path(ctx: &Context) -> PathBuf {
    schedule_path(&ctx.config_path)
}

fn load(ctx: &Context) -> Result<Option<Installed>> {
    Ok(Installed::load(&record_path(ctx))?)
}

pub fn run(ctx: &Context, cmd: &ScheduleCommand) -> Result<ExitCode> {
    match cmd {
        ScheduleCommand::Install { every } => install(ctx, every),
        ScheduleCommand::Remove => remove(ctx),
        ScheduleCommand::Status { json } => status(ctx, *json),
    }
}

/// A duration as minutes: `30m`, `1h`, `90min`, `2h`.
fn parse_every(s: &str) -> Result<u32> {
    let s = s.trim();
    let split = s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
    let (n, unit) = s.split_at(split);
    let n: u32 = n
        .parse()
        .with_context(|| format!("--every {s}: write it as 30m, 1h or 2h"))?;
    let minutes = match unit.trim() {
        "m" | "min" | "mins" | "minutes" => n,
        "h" | "hour" | "hours" | "" => n.saturating_mul(60),
        _ => bail!("--every {s}: write it as 30m, 1h or 2h"),
    };
    if !(5..=24 * 60).contains(&minutes) {
        bail!("--every {s}: between 5m and 24h");
    }
    Ok(minutes)
}

fn backend() -> Backend {
    match std::env::var("CANARY_SCHEDULER").as_deref() {
        Ok("systemd") => return Backend::Systemd,
        Ok("launchd") => return Backend::Launchd,
        Ok("cron") => return Backend::Cron,
        _ => {}
    }
    if cfg!(target_os = "macos") {
        Backend::Launchd
    } else if which("systemctl").is_some() {
        Backend::Systemd
    } else {
        Backend::Cron
    }
}

/// The program `name` on `PATH`, if any.
fn which(name: &str) -> Option<PathBuf> {
    use std::os::unix::fs::PermissionsExt;
    std::env::split_paths(&std::env::var_os("PATH")?)
        .map(|d| d.join(name))
        .find(|p| {
            std::fs::metadata(p).is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
        })
}

/// Whether `systemctl --user` can reach a user manager: a user bus is there.
fn user_bus() -> bool {
    std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_some()
        || std::env::var_os("XDG_RUNTIME_DIR").is_some_and(|d| Path::new(&d).join("bus").exists())
}

/// The command the job runs: this binary, absolute, with the same store and settings.
fn job_command(ctx: &Context) -> Result<Vec<String>> {
    let exe = std::env::current_exe().context("cannot find this program's own path")?;
    let abs = |p: &Path| std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
    Ok(vec![
        exe.display().to_string(),
        "--db".into(),
        abs(&ctx.db_path).display().to_string(),
        "--config".into(),
        abs(&ctx.config_path).display().to_string(),
        "sync".into(),
        "--quiet".into(),
    ])
}

fn config_home() -> Result<PathBuf> {
    use etcetera::BaseStrategy as _;
    Ok(etcetera::choose_base_strategy()
        .context("cannot find your home directory")?
        .config_dir())
}

/// An argument quoted for a systemd `ExecStart=` line.
fn systemd_quote(arg: &str) -> String {
    let escaped = arg
        .replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('%', "%%")
        .replace('$', "$$");
    format!("\"{escaped}\"")
}

/// An argument quoted for a POSIX shell in a crontab line (`%` is special there).
fn shell_quote(arg: &str) -> String {
    format!("'{}'", arg.replace('\'', "'\\''").replace('%', "\\%"))
}

/// The service and timer units.
fn systemd_units(command: &[String], minutes: u32) -> (String, String) {
    let exec: Vec<String> = command.iter().map(|a| systemd_quote(a)).collect();
    let service = format!(
        "[Unit]\n\
         Description=Canary: read what is new in the imported sources (canary sync)\n\
         \n\
         [Service]\n\
         Type=oneshot\n\
         ExecStart={}\n\
         Nice=10\n\
         IOSchedulingClass=idle\n",
        exec.join(" ")
    );
    let timer = format!(
        "[Unit]\n\
         Description=Run canary sync every {minutes} minutes\n\
         \n\
         [Timer]\n\
         OnBootSec=5min\n\
         OnUnitActiveSec={minutes}min\n\
         RandomizedDelaySec=60\n\
         Unit={UNIT}.service\n\
         \n\
         [Install]\n\
         WantedBy=timers.target\n"
    );
    (service, timer)
}

/// The launchd agent's property list.
fn launchd_plist(command: &[String], minutes: u32) -> String {
    let esc = |s: &str| {
        s.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
    };
    let args: String = command
        .iter()
        .map(|a| format!("        <string>{}</string>\n", esc(a)))
        .collect();
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <!DOCTYPE plist PUBLIC \"-//Apple//DTD PLIST 1.0//EN\" \"http://www.apple.com/DTDs/PropertyList-1.0.dtd\">\n\
         <plist version=\"1.0\">\n\
         <dict>\n\
         \x20   <key>Label</key>\n\
         \x20   <string>{LAUNCHD_LABEL}</string>\n\
         \x20   <key>ProgramArguments</key>\n\
         \x20   <array>\n{args}\x20   </array>\n\
         \x20   <key>StartInterval</key>\n\
         \x20   <integer>{}</integer>\n\
         \x20   <key>RunAtLoad</key>\n\
         \x20   <true/>\n\
         \x20   <key>ProcessType</key>\n\
         \x20   <string>Background</string>\n\
         </dict>\n\
         </plist>\n",
        u64::from(minutes) * 60
    )
}

/// The crontab schedule for every `minutes`, if cron can say it.
fn cron_schedule(minutes: u32) -> Result<String> {
    if minutes < 60 && 60 % minutes == 0 {
        Ok(format!("*/{minutes} * * * *"))
    } else if minutes.is_multiple_of(60) && 24 % (minutes / 60) == 0 {
        let hours = minutes / 60;
        Ok(if hours == 1 {
            "7 * * * *".to_string()
        } else {
            format!("7 */{hours} * * *")
        })
    } else {
        bail!("cron cannot run every {minutes} minutes: choose a divisor of an hour or a day")
    }
}

fn cron_line(command: &[String], minutes: u32) -> Result<String> {
    let cmd: Vec<String> = command.iter().map(|a| shell_quote(a)).collect();
    Ok(format!(
        "{} {} >/dev/null 2>&1 {CRON_MARK}",
        cron_schedule(minutes)?,
        cmd.join(" ")
    ))
}

/// Run a program, saying what failed.
fn run_cmd(program: &Path, args: &[&str]) -> Result<String> {
    let out = Command::new(program)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .with_context(|| format!("cannot run {}", program.display()))?;
    if !out.status.success() {
        bail!(
            "`{} {}` failed: {}",
            program.display(),
            args.join(" "),
            String::from_utf8_lossy(&out.stderr).trim()
        );
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// The current crontab (`None`: there is none).
fn read_crontab(crontab: &Path) -> Result<Option<String>> {
    let out = Command::new(crontab)
        .arg("-l")
        .stdin(Stdio::null())
        .output()
        .context("cannot run crontab")?;
    if out.status.success() {
        Ok(Some(String::from_utf8_lossy(&out.stdout).into_owned()))
    } else {
        Ok(None)
    }
}

fn write_crontab(crontab: &Path, text: &str) -> Result<()> {
    let mut child = Command::new(crontab)
        .arg("-")
        .stdin(Stdio::piped())
        .spawn()
        .context("cannot run crontab")?;
    child
        .stdin
        .take()
        .context("crontab's input")?
        .write_all(text.as_bytes())?;
    if !child.wait()?.success() {
        bail!("crontab refused the new table");
    }
    Ok(())
}

/// Make `dir` and its missing parents, noting the ones made (outermost first).
fn make_dirs(dir: &Path, made: &mut Vec<PathBuf>) -> Result<()> {
    let mut missing = Vec::new();
    let mut d = dir;
    while !d.exists() {
        missing.push(d.to_path_buf());
        match d.parent() {
            Some(p) => d = p,
            None => break,
        }
    }
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    missing.reverse();
    made.extend(missing);
    Ok(())
}

fn write_file(path: &Path, text: &str, rec: &mut Installed) -> Result<()> {
    if let Some(dir) = path.parent() {
        make_dirs(dir, &mut rec.dirs)?;
    }
    canary::fsutil::write_atomic(path, text.as_bytes())
        .with_context(|| format!("cannot write {}", path.display()))?;
    rec.files.push(path.to_path_buf());
    Ok(())
}

fn install(ctx: &Context, every: &str) -> Result<ExitCode> {
    let minutes = parse_every(every)?;
    if let Some(old) = load(ctx)? {
        bail!(
            "already installed: {} since {} (every {}); `canary schedule remove` first to change it",
            old.scheduler.describe(),
            old.installed_at,
            old.every
        );
    }
    let command = job_command(ctx)?;
    let backend = backend();
    let mut rec = Installed {
        scheduler: backend,
        every: every.to_string(),
        installed_at: ctx.now.to_string(),
        command: command.clone(),
        files: Vec::new(),
        dirs: Vec::new(),
        cron_line: None,
        had_crontab: false,
        activated: false,
    };
    let mut todo: Vec<String> = Vec::new();
    match backend {
        Backend::Systemd => {
            let dir = config_home()?.join("systemd").join("user");
            let (service, timer) = systemd_units(&command, minutes);
            write_file(&dir.join(format!("{UNIT}.service")), &service, &mut rec)?;
            write_file(&dir.join(format!("{UNIT}.timer")), &timer, &mut rec)?;
            match which("systemctl").filter(|_| user_bus()) {
                Some(systemctl) => {
                    run_cmd(&systemctl, &["--user", "daemon-reload"])?;
                    run_cmd(
                        &systemctl,
                        &["--user", "enable", "--now", &format!("{UNIT}.timer")],
                    )?;
                    rec.activated = true;
                }
                None => todo.push(format!(
                    "systemctl --user daemon-reload && systemctl --user enable --now {UNIT}.timer"
                )),
            }
        }
        Backend::Launchd => {
            let home = etcetera::home_dir().context("cannot find your home directory")?;
            let plist = home
                .join("Library/LaunchAgents")
                .join(format!("{LAUNCHD_LABEL}.plist"));
            write_file(&plist, &launchd_plist(&command, minutes), &mut rec)?;
            let p = plist.display().to_string();
            match which("launchctl") {
                Some(launchctl) => {
                    run_cmd(&launchctl, &["load", "-w", &p])?;
                    rec.activated = true;
                }
                None => todo.push(format!("launchctl load -w {}", shell_quote(&p))),
            }
        }
        Backend::Cron => {
            let line = cron_line(&command, minutes)?;
            match which("crontab") {
                Some(crontab) => {
                    let current = read_crontab(&crontab)?;
                    rec.had_crontab = current.is_some();
                    let mut text = current.unwrap_or_default();
                    if !text.is_empty() && !text.ends_with('\n') {
                        text.push('\n');
                    }
                    text.push_str(&line);
                    text.push('\n');
                    write_crontab(&crontab, &text)?;
                    rec.activated = true;
                }
                None => todo.push(format!("add this line with `crontab -e`:\n  {line}")),
            }
            rec.cron_line = Some(line);
        }
    }
    rec.save(&record_path(ctx))?;
    let mut out = anstream::stdout().lock();
    writeln!(
        out,
        "Installed {}: `canary sync` every {every}.",
        backend.describe()
    )?;
    for f in &rec.files {
        writeln!(out, "  wrote {}", display_safe(&f.display().to_string()))?;
    }
    if todo.is_empty() {
        writeln!(
            out,
            "It is active; `canary schedule status` shows its last run."
        )?;
    } else {
        writeln!(out, "To start it, run:")?;
        for t in &todo {
            writeln!(out, "  {t}")?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn remove(ctx: &Context) -> Result<ExitCode> {
    let Some(rec) = load(ctx)? else {
        eprintln!(
            "No schedule is installed (no {}).",
            record_path(ctx).display()
        );
        return Ok(ExitCode::SUCCESS);
    };
    let mut notes = Vec::new();
    match rec.scheduler {
        Backend::Systemd => {
            if let Some(systemctl) = which("systemctl").filter(|_| user_bus() && rec.activated)
                && let Err(e) = run_cmd(
                    &systemctl,
                    &["--user", "disable", "--now", &format!("{UNIT}.timer")],
                )
            {
                notes.push(format!("{e:#}"));
            }
        }
        Backend::Launchd => {
            if let (Some(launchctl), Some(plist)) = (which("launchctl"), rec.files.first())
                && let Err(e) = run_cmd(&launchctl, &["unload", "-w", &plist.display().to_string()])
            {
                notes.push(format!("{e:#}"));
            }
        }
        Backend::Cron => {
            if let (Some(crontab), Some(line)) = (which("crontab"), rec.cron_line.as_deref()) {
                let current = read_crontab(&crontab)?.unwrap_or_default();
                let kept: Vec<&str> = current.lines().filter(|l| *l != line).collect();
                if kept.len() == current.lines().count() {
                    notes.push("the crontab line was not there any more".to_string());
                } else if kept.is_empty() && !rec.had_crontab {
                    run_cmd(&crontab, &["-r"])?;
                } else {
                    let mut text = kept.join("\n");
                    text.push('\n');
                    write_crontab(&crontab, &text)?;
                }
            }
        }
    }
    for f in &rec.files {
        match std::fs::remove_file(f) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => notes.push(format!("cannot remove {}: {e}", f.display())),
        }
    }
    if rec.scheduler == Backend::Systemd
        && rec.activated
        && let Some(systemctl) = which("systemctl").filter(|_| user_bus())
    {
        let _ = run_cmd(&systemctl, &["--user", "daemon-reload"]);
    }
    // The folders made for the files, innermost first, when nothing else is in them.
    for d in rec.dirs.iter().rev() {
        let _ = std::fs::remove_dir(d);
    }
    std::fs::remove_file(record_path(ctx))
        .with_context(|| format!("cannot remove {}", record_path(ctx).display()))?;
    eprintln!("Removed {}.", rec.scheduler.describe());
    for n in &notes {
        eprintln!("note: {}", display_safe(n));
    }
    Ok(ExitCode::SUCCESS)
}

#[derive(Serialize)]
struct Status {
    installed: Option<Installed>,
    /// Files recorded as installed that are not there any more.
    missing: Vec<PathBuf>,
    /// What the scheduler says (`systemctl --user is-active`), when it can be asked.
    state: Option<String>,
    last_run: Option<canary::store::LastSync>,
}

fn status(ctx: &Context, json: bool) -> Result<ExitCode> {
    let installed = load(ctx)?;
    let missing = installed
        .as_ref()
        .map(Installed::missing)
        .unwrap_or_default();
    let state = match installed.as_ref().map(|r| r.scheduler) {
        Some(Backend::Systemd) => which("systemctl").filter(|_| user_bus()).map(|s| {
            Command::new(s)
                .args(["--user", "is-active", &format!("{UNIT}.timer")])
                .stdin(Stdio::null())
                .output()
                .map_or_else(
                    |e| format!("unknown ({e})"),
                    |o| String::from_utf8_lossy(&o.stdout).trim().to_string(),
                )
        }),
        _ => None,
    };
    let last_run = if ctx.db_path.exists() {
        ctx.store()?.last_sync()?
    } else {
        None
    };
    let s = Status {
        installed,
        missing,
        state,
        last_run,
    };
    let mut out = anstream::stdout().lock();
    if json {
        serde_json::to_writer_pretty(&mut out, &s)?;
        writeln!(out)?;
        return Ok(ExitCode::SUCCESS);
    }
    for line in lines(&s) {
        writeln!(out, "{line}")?;
    }
    Ok(ExitCode::SUCCESS)
}

/// The schedule's state in a few lines.
fn lines(s: &Status) -> Vec<String> {
    let mut lines = Vec::new();
    match &s.installed {
        None => lines.push(
            "Not scheduled: `canary schedule install` runs `canary sync` every hour.".to_string(),
        ),
        Some(r) => {
            lines.push(format!(
                "Scheduled: {}, `canary sync` every {} (installed {}{}).",
                r.scheduler.describe(),
                r.every,
                r.installed_at,
                if r.activated {
                    ""
                } else {
                    "; not started by Canary"
                }
            ));
            for f in &r.files {
                lines.push(format!("  {}", display_safe(&f.display().to_string())));
            }
            if let Some(l) = &r.cron_line {
                lines.push(format!("  crontab: {}", display_safe(l)));
            }
            if let Some(state) = &s.state {
                lines.push(format!("  systemd says: {state}"));
            }
            for m in &s.missing {
                lines.push(format!(
                    "  warning: {} is gone; `canary schedule remove` then `install` again",
                    display_safe(&m.display().to_string())
                ));
            }
        }
    }
    lines.push(crate::render::last_sync_line(s.last_run.as_ref()));
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_and_cron_schedules() {
        assert_eq!(parse_every("1h").unwrap(), 60);
        assert_eq!(parse_every("30m").unwrap(), 30);
        assert_eq!(parse_every("90min").unwrap(), 90);
        assert!(parse_every("1m").is_err());
        assert!(parse_every("soon").is_err());
        assert_eq!(cron_schedule(60).unwrap(), "7 * * * *");
        assert_eq!(cron_schedule(15).unwrap(), "*/15 * * * *");
        assert_eq!(cron_schedule(120).unwrap(), "7 */2 * * *");
        assert!(cron_schedule(90).is_err());
    }

    #[test]
    fn arguments_are_quoted_for_each_scheduler() {
        let cmd = vec!["/opt/my canary/canary".to_string(), "100%\"$x'".to_string()];
        let (service, _) = systemd_units(&cmd, 60);
        assert!(
            service.contains(r#"ExecStart="/opt/my canary/canary" "100%%\"$$x'""#),
            "{service}"
        );
        let line = cron_line(&cmd, 60).unwrap();
        assert!(
            line.starts_with(r"7 * * * * '/opt/my canary/canary' '100\%"),
            "{line}"
        );
        assert!(line.ends_with(CRON_MARK));
        let plist = launchd_plist(&["a<b".to_string()], 60);
        assert!(
            plist.contains("<string>a&lt;b</string>") && plist.contains("<integer>3600</integer>")
        );
    }
}
