//! Which account a command runs as: `TROMPE_INSTANCE` + `TROMPE_TOKEN`, or
//! `--account`, or the default account from the config (token from the store).

use std::process::ExitCode;

use crate::api::Client;
use crate::auth::tokens::TokenStore;
use crate::config::accounts::ConfigFile;
use crate::config::{self, Paths};

/// The client for a command, or the exit code (3) with the fix on stderr.
pub async fn client(paths: &Paths, account: Option<&str>) -> Result<Client, ExitCode> {
    let fail = |msg: String, code: u8| {
        eprintln!("trompe: {msg}");
        ExitCode::from(code)
    };
    match config::env_account() {
        Ok(Some(a)) => {
            return Client::new(a.instance, Some(a.token)).map_err(|e| fail(e.to_string(), 1));
        }
        Ok(None) => {}
        Err(e) => return Err(fail(e, super::EXIT_USAGE)),
    }
    configured(paths, account).await.map(|(c, _)| c)
}

/// The client of a configured account (`None`: the default one) and its
/// `user@domain`, ignoring `TROMPE_INSTANCE`/`TROMPE_TOKEN`: for commands
/// that name two accounts (`trompe move`). Exit code 3 with the fix on
/// stderr when there is none.
pub async fn configured(
    paths: &Paths,
    account: Option<&str>,
) -> Result<(Client, String), ExitCode> {
    let fail = |msg: String, code: u8| {
        eprintln!("trompe: {msg}");
        ExitCode::from(code)
    };
    let cfg = ConfigFile::load(&paths.config_file())
        .map_err(|e| fail(e.to_string(), super::EXIT_USAGE))?;
    let entry = match account {
        Some(name) => cfg.find(name).ok_or_else(|| {
            fail(
                format!("no account matches `{name}`; `trompe accounts` lists them"),
                super::EXIT_AUTH,
            )
        })?,
        None => cfg.default_account().ok_or_else(|| {
            fail(
                "no account is configured: log in with `trompe login <instance>` (or set TROMPE_INSTANCE and TROMPE_TOKEN)".into(),
                super::EXIT_AUTH,
            )
        })?,
    };
    let base = config::parse_instance(&entry.instance).map_err(|e| fail(e, super::EXIT_USAGE))?;
    let token = TokenStore::for_paths(paths)
        .load(&entry.acct)
        .await
        .map_err(|e| fail(e.to_string(), super::EXIT_AUTH))?
        .ok_or_else(|| {
            fail(
                format!(
                    "no token is stored for {}: log in again with `trompe login {}`",
                    entry.acct, entry.instance
                ),
                super::EXIT_AUTH,
            )
        })?;
    let client = Client::new(base, Some(token)).map_err(|e| fail(e.to_string(), 1))?;
    Ok((client, entry.acct.clone()))
}

/// Whether a command would find an account to run as: the environment's,
/// or the config's default (a config that does not load counts as one, so
/// that its error is reported where it always is).
pub fn has_account(paths: &Paths) -> bool {
    if !matches!(config::env_account(), Ok(None)) {
        return true;
    }
    let file = paths.config_file();
    if !file.exists() {
        return false;
    }
    ConfigFile::load(&file)
        .map(|cfg| cfg.default_account().is_some())
        .unwrap_or(true)
}

/// An anonymous client for `instance` (public endpoints of any instance).
pub fn anonymous(instance: &str) -> Result<Client, ExitCode> {
    let base = config::parse_instance(instance).map_err(|e| {
        eprintln!("trompe: {e}");
        ExitCode::from(super::EXIT_USAGE)
    })?;
    Client::new(base, None).map_err(|e| {
        eprintln!("trompe: {e}");
        ExitCode::from(1)
    })
}
