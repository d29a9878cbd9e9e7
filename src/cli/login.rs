//! `trompe login`: the OAuth flow from the terminal, with the browser or by
//! pasting the code.

use std::io::{BufRead, IsTerminal, Write};
use std::process::ExitCode;
use std::time::Duration;

use crate::auth::AuthError;
use crate::auth::flow::{self, Loopback};
use crate::auth::tokens::{Stored, TokenStore};
use crate::config::Paths;

/// Arguments of `login`.
#[derive(clap::Args, Debug)]
pub struct LoginArgs {
    /// The instance: `mastodon.social`, `https://mastodon.social`, or `@you@mastodon.social`.
    pub instance: String,
    /// Paste the code by hand instead of using a browser redirect (for SSH sessions).
    #[arg(long)]
    pub paste: bool,
    /// Do not open a browser; print the URL and wait for the redirect.
    #[arg(long)]
    pub no_browser: bool,
    /// How long to wait for the browser, in seconds.
    #[arg(long, default_value_t = 300)]
    pub timeout: u64,
}

/// Runs the login and prints what happened.
pub async fn run(paths: &Paths, args: LoginArgs) -> ExitCode {
    match login(paths, &args).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("trompe: {e}");
            super::auth_exit(&e)
        }
    }
}

async fn login(paths: &Paths, args: &LoginArgs) -> Result<(), AuthError> {
    eprintln!("Looking up {}…", args.instance.trim());
    let p = flow::prepare(&args.instance, &paths.data_dir).await?;
    eprintln!(
        "Logging in to {} ({})",
        crate::html::sanitize_line(&p.instance.title),
        p.client.base()
    );
    let paste = args.paste || (!args.no_browser && !flow::can_open_browser());
    let (auth, code) = if paste {
        let auth = flow::authorize(&p, flow::oob())?;
        println!(
            "Open this address in a browser, authorize trompe, and paste the code below:\n\n  {}\n",
            auth.url
        );
        print!("Code: ");
        let _ = std::io::stdout().flush();
        let code = tokio::task::spawn_blocking(|| {
            let mut line = String::new();
            std::io::stdin().lock().read_line(&mut line).map(|_| line)
        })
        .await
        .map_err(|e| AuthError::Io(e.to_string()))?
        .map_err(|e| AuthError::Io(e.to_string()))?;
        let code = code.trim().to_string();
        if code.is_empty() {
            return Err(AuthError::NoCode);
        }
        (auth, code)
    } else {
        let mut lb = Loopback::start().await?;
        let auth = flow::authorize(&p, &lb.redirect_uri())?;
        println!("Authorize trompe in your browser:\n\n  {}\n", auth.url);
        if !args.no_browser {
            let url = auth.url.to_string();
            let opened = tokio::task::spawn_blocking(move || open::that_detached(url)).await;
            if !matches!(opened, Ok(Ok(()))) {
                eprintln!("(Could not open a browser; open the address above yourself.)");
            }
        }
        eprintln!("Waiting for the browser (up to {} s)…", args.timeout);
        let code = lb.wait(&auth, Duration::from_secs(args.timeout)).await?;
        (auth, code)
    };
    let token = flow::exchange(&p, auth, &code).await?;
    let account = flow::verify(&p, &token).await?;
    let store = TokenStore::for_paths(paths);
    let (entry, stored) = flow::save(&paths.config_file(), &store, &p, &account, &token).await?;
    println!("Logged in as @{}.", entry.acct);
    match stored {
        Stored::Keyring => println!("The token is in the system keyring."),
        Stored::File(path) => println!(
            "No system keyring is available here, so the token is in {} (readable only by you).",
            path.display()
        ),
    }
    if std::io::stdout().is_terminal() {
        println!("Run `trompe` to start.");
    }
    Ok(())
}
