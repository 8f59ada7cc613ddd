//! `canary team serve`: the team server (weekly aggregates only; see `canary_team`).

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context as _, Result, bail};
use clap::Args;

use crate::context::Context;

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Port to listen on (0: any free port, printed at start).
    #[arg(long, default_value_t = 7878)]
    pub port: u16,
    /// Address to listen on. The default is loopback only; give another address to expose
    /// the server deliberately (behind a TLS-terminating proxy: tokens travel in headers).
    #[arg(long, value_name = "ADDR", default_value_t = IpAddr::V4(Ipv4Addr::LOCALHOST))]
    pub bind: IpAddr,
    /// The server's database (default: team-server.db beside your own store).
    #[arg(long, value_name = "PATH")]
    pub db: Option<PathBuf>,
    /// The smallest group a manager may see for a week (never below 5).
    #[arg(long, value_name = "K", default_value_t = canary_team::MIN_GROUP)]
    pub min_group: u32,
    /// First start: create the admin token and print it once.
    #[arg(long)]
    pub init: bool,
}

pub fn run(ctx: &Context, args: &ServeArgs) -> Result<ExitCode> {
    let db = args
        .db
        .clone()
        .unwrap_or_else(|| ctx.db_path.with_file_name("team-server.db"));
    let store = canary_team::Store::open(&db)
        .with_context(|| format!("cannot open the team server's store {}", db.display()))?;
    if args.init {
        match store.init_admin()? {
            Some(token) => {
                println!("admin token (shown once; keep it safe): {token}");
            }
            None => bail!(
                "{} already has an admin token; it was shown when it was created",
                db.display()
            ),
        }
    } else if !store.has_admin()? {
        bail!("the team server is not initialised: start it once with `canary team serve --init`");
    }
    if args.min_group < canary_team::MIN_GROUP {
        eprintln!(
            "note: --min-group {} is below {}; using {}",
            args.min_group,
            canary_team::MIN_GROUP,
            canary_team::MIN_GROUP
        );
    }
    if !args.bind.is_loopback() {
        eprintln!(
            "warning: listening on {} exposes the server beyond this machine; serve it behind TLS",
            args.bind
        );
    }
    let config = canary_team::Config {
        min_group: args.min_group.max(canary_team::MIN_GROUP),
        ..canary_team::Config::default()
    };
    canary_team::serve_blocking(SocketAddr::new(args.bind, args.port), store, config, |a| {
        println!(
            "canary team server listening on http://{a} (store {})",
            db.display()
        );
    })
    .context("the team server stopped")?;
    Ok(ExitCode::SUCCESS)
}
