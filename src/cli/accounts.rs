//! `trompe accounts [default ACCT]` and `trompe logout ACCT`.

use std::process::ExitCode;

use crate::api::Client;
use crate::auth::tokens::TokenStore;
use crate::config::Paths;
use crate::config::accounts::ConfigFile;

/// Arguments of `accounts`.
#[derive(clap::Args, Debug)]
pub struct AccountsArgs {
    #[command(subcommand)]
    pub action: Option<AccountsAction>,
}

/// What to do with the accounts.
#[derive(clap::Subcommand, Debug)]
pub enum AccountsAction {
    /// Make an account the default.
    Default {
        /// The account (`user@instance`).
        acct: String,
    },
}

fn load(paths: &Paths) -> Result<ConfigFile, ExitCode> {
    ConfigFile::load(&paths.config_file()).map_err(|e| {
        eprintln!("trompe: {e}");
        ExitCode::from(super::EXIT_USAGE)
    })
}

/// Lists the accounts, or changes the default.
pub fn run(paths: &Paths, args: AccountsArgs) -> ExitCode {
    let mut cfg = match load(paths) {
        Ok(c) => c,
        Err(code) => return code,
    };
    match args.action {
        None => {
            if cfg.accounts.is_empty() {
                eprintln!("No accounts yet. Log in with `trompe login <instance>`.");
                return ExitCode::from(super::EXIT_AUTH);
            }
            let default = cfg.default_account().map(|a| a.acct.clone());
            for a in &cfg.accounts {
                let mark = if Some(&a.acct) == default.as_ref() {
                    "*"
                } else {
                    " "
                };
                println!(
                    "{mark} {}  {}  {}",
                    a.acct,
                    crate::html::sanitize_line(&a.display_name),
                    a.instance
                );
            }
            ExitCode::SUCCESS
        }
        Some(AccountsAction::Default { acct }) => match cfg.set_default(&acct) {
            Ok(acct) => {
                if let Err(e) = cfg.save(&paths.config_file()) {
                    eprintln!("trompe: {e}");
                    return ExitCode::from(1);
                }
                println!("{acct} is now the default account.");
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("trompe: {e}");
                ExitCode::from(super::EXIT_USAGE)
            }
        },
    }
}

/// Revokes the token, removes it from the store and the account from the config.
pub async fn logout(paths: &Paths, name: &str) -> ExitCode {
    let mut cfg = match load(paths) {
        Ok(c) => c,
        Err(code) => return code,
    };
    let Some(entry) = cfg.find(name).cloned() else {
        eprintln!("trompe: no account matches `{name}`; `trompe accounts` lists them");
        return ExitCode::from(super::EXIT_USAGE);
    };
    let store = TokenStore::for_paths(paths);
    let token = store.load(&entry.acct).await.ok().flatten();
    let base = crate::config::parse_instance(&entry.instance);
    match (token, base) {
        (Some(token), Ok(base)) => {
            let app = crate::auth::apps::cached(&paths.data_dir, &base);
            match (Client::new(base, None), app) {
                (Ok(client), Some(app)) => {
                    match crate::auth::flow::revoke(&client, &app, &token).await {
                        Ok(()) => println!("The token was revoked on {}.", entry.instance),
                        Err(e) => eprintln!(
                            "Could not revoke the token on the server ({e}); removing it here anyway."
                        ),
                    }
                }
                _ => eprintln!(
                    "No app registration is cached for {}; the token is removed here only.",
                    entry.instance
                ),
            }
        }
        _ => eprintln!("No token is stored for {}.", entry.acct),
    }
    if let Err(e) = store.delete(&entry.acct).await {
        eprintln!("trompe: {e}");
    }
    if let Err(e) = cfg
        .remove(&entry.acct)
        .and_then(|_| cfg.save(&paths.config_file()))
    {
        eprintln!("trompe: {e}");
        return ExitCode::from(1);
    }
    // What the account's tabs showed goes with it.
    if crate::cache::remove(paths, &entry.acct) {
        println!("Its local cache was deleted.");
    }
    println!("Logged out of {}.", entry.acct);
    ExitCode::SUCCESS
}
