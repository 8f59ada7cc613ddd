//! `canary team serve`: the team server (weekly aggregates only; see `canary_team`), over
//! HTTPS with `--tls-cert`/`--tls-key`, else plain HTTP (for loopback, or behind a
//! TLS-terminating proxy).

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
    /// the server deliberately, with --tls-cert/--tls-key or behind a TLS-terminating proxy
    /// (tokens travel in headers).
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
    /// Serve HTTPS with this certificate chain (PEM, the server's certificate first).
    #[arg(long, value_name = "FILE", requires = "tls_key")]
    pub tls_cert: Option<PathBuf>,
    /// The private key of --tls-cert (PEM: PKCS#8, PKCS#1 or SEC1).
    #[arg(long, value_name = "FILE", requires = "tls_cert")]
    pub tls_key: Option<PathBuf>,
}

pub fn run(ctx: &Context, args: &ServeArgs) -> Result<ExitCode> {
    // Read the certificate first: a bad one should stop the start before anything else.
    let tls = match (&args.tls_cert, &args.tls_key) {
        (Some(cert), Some(key)) => {
            Some(canary_team::tls::server_config(cert, key).context("cannot set up TLS")?)
        }
        _ => None,
    };
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
    if !args.bind.is_loopback() && tls.is_none() {
        eprintln!(
            "warning: listening on {} without TLS exposes the server beyond this machine; \
             give --tls-cert and --tls-key, or let only a TLS-terminating proxy reach it",
            args.bind
        );
    }
    let scheme = if tls.is_some() { "https" } else { "http" };
    let config = canary_team::Config {
        min_group: args.min_group.max(canary_team::MIN_GROUP),
        ..canary_team::Config::default()
    };
    canary_team::serve_blocking(
        SocketAddr::new(args.bind, args.port),
        tls,
        store,
        config,
        |a| {
            println!(
                "canary team server listening on {scheme}://{a} (store {})",
                db.display()
            );
        },
    )
    .context("the team server stopped")?;
    Ok(ExitCode::SUCCESS)
}
