//! The options every `canary team` client command shares (server URL, token, CA file) and
//! the one helper that sends a request and turns a refusal into an error.
//!
//! The client is `canary_team::client`: `https://` to any host, with Mozilla's roots plus the
//! optional `--ca-cert` file; `http://` to loopback addresses only.

use anyhow::{Context as _, Result, bail};
use canary_team::client::{Client, Response};
use serde_json::Value;

use crate::cli::team::{ConnArgs, ServerArgs};

impl ConnArgs {
    /// The server URL as given, or an error naming the flag.
    pub fn url(&self) -> Result<&str> {
        match &self.server {
            Some(s) => Ok(s),
            None => bail!("--server URL is needed (or CANARY_TEAM_SERVER)"),
        }
    }

    /// A client for the server, refusing a cleartext URL beyond loopback before connecting.
    pub fn client(&self) -> Result<Client> {
        Ok(Client::new(self.url()?, self.ca_cert.as_deref())?)
    }

    /// Send one request with `token`; the response whatever its status.
    pub fn send(
        &self,
        method: &str,
        path: &str,
        token: &str,
        body: Option<&Value>,
    ) -> Result<Response> {
        let client = self.client()?;
        let body = body.map(|b| b.to_string().into_bytes());
        client
            .request(method, path, Some(token), body.as_deref())
            .with_context(|| format!("{method} {path} on {}", client.url()))
    }

    /// Send one request; the JSON answer of a 2xx, else an error with the server's reason.
    pub fn call(
        &self,
        method: &str,
        path: &str,
        token: &str,
        body: Option<&Value>,
    ) -> Result<Value> {
        let resp = self.send(method, path, token, body)?;
        if !resp.is_success() {
            bail!(
                "the team server refused ({}): {}",
                resp.status,
                resp.error_message()
            );
        }
        Ok(resp.json())
    }
}

impl ServerArgs {
    /// The token as given, or an error naming the flag.
    pub fn token(&self) -> Result<&str> {
        match &self.token {
            Some(t) => Ok(t),
            None => bail!("--token is needed (or CANARY_TEAM_TOKEN)"),
        }
    }

    /// [`ConnArgs::call`] with this command's token.
    pub fn call(&self, method: &str, path: &str, body: Option<&Value>) -> Result<Value> {
        self.conn.call(method, path, self.token()?, body)
    }
}
