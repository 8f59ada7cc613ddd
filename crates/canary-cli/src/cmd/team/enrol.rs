//! `canary team enrol`: spend a one-time enrolment code from the admin and receive your
//! member token, printed once (alone on stdout; the advice on keeping it goes to stderr).

use std::process::ExitCode;

use anyhow::{Result, bail};

use crate::cli::team::EnrolArgs;
use crate::context::Context;

pub fn run(_ctx: &Context, args: &EnrolArgs) -> Result<ExitCode> {
    let resp = args.conn.send("POST", "/v1/enrol", &args.code, None)?;
    match resp.status {
        201 => {}
        401 => bail!(
            "the enrolment code is unknown, expired or already spent: ask the admin for a new one"
        ),
        403 => bail!("this is not an enrolment code (a member or manager token?)"),
        s => bail!("the team server refused ({s}): {}", resp.error_message()),
    }
    let v = resp.json();
    let Some(token) = v["token"].as_str() else {
        bail!("the server sent no token");
    };
    outln!("{token}");
    eprintln!(
        "your member token, shown once: keep it, e.g. as CANARY_TEAM_TOKEN in your shell's\n\
         profile or a password manager; then share with\n  \
         canary team share --server {} --metrics hours,sleep --dry-run   (see, then send)",
        args.conn.url()?
    );
    Ok(ExitCode::SUCCESS)
}
