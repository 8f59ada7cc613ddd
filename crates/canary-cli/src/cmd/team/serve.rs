//! `canary team serve`: the team server (weekly aggregates only; see `canary_team`), over
//! HTTPS with `--tls-cert`/`--tls-key`, else plain HTTP (for loopback, or behind a
//! TLS-terminating proxy).

use std::io::Write as _;
use std::net::SocketAddr;
use std::process::ExitCode;

use anyhow::{Context as _, Result, bail};

use crate::cli::team::ServeArgs;
use crate::context::Context;

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
    // The team database (and its WAL) holds every member's figures and the token key: 0600
    // in a 0700 folder, tightened if it was readable by others.
    for p in canary::privacy::private::prepare_database(&db)
        .with_context(|| format!("cannot create the team server's store {}", db.display()))?
    {
        eprintln!("{}", canary::privacy::private::notice(&p));
    }
    let store = canary_team::Store::open(&db)
        .with_context(|| format!("cannot open the team server's store {}", db.display()))?;
    if args.init {
        match store.init_admin()? {
            Some(token) => {
                outln!("admin token (shown once; keep it safe): {token}");
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
            // A closed stdout does not stop the server.
            let _ = writeln!(
                std::io::stdout(),
                "canary team server listening on {scheme}://{a} (store {})",
                db.display()
            );
        },
    )
    .context("the team server stopped")?;
    Ok(ExitCode::SUCCESS)
}
