//! The command line: one file per command group. `main.rs` only parses and
//! dispatches here.
//!
//! Exit codes: 0 success, 1 API error, 2 usage error, 3 no account or the
//! token was rejected, 4 network error.

/// `println!` that stops quietly when stdout is closed (`trompe … | head`)
/// instead of panicking: later lines are dropped.
#[macro_export]
macro_rules! outln {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stdout().lock(), $($arg)*);
    }};
}

pub mod accounts;
pub mod act;
pub mod commands;
pub mod common;
pub mod completions;
pub mod config_cmd;
pub mod data;
pub mod demo_instance;
pub mod demo_server;
pub mod fetch;
pub mod filters;
pub mod lists;
pub mod login;
pub mod output;
pub mod post;
pub mod profile;
pub mod relay;
pub mod scheduled;
pub mod search;
pub mod session;
pub mod status;
pub mod stream;
pub mod tags;
pub mod text;
pub mod themes;
pub mod timeline;
pub mod tui;
pub mod upload;
pub mod whoami;
pub mod whois;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::api::ApiError;
use crate::auth::AuthError;

/// Exit code: an API error.
pub const EXIT_API: u8 = 1;
/// Exit code: a usage error.
pub const EXIT_USAGE: u8 = 2;
/// Exit code: no account, or the token was rejected.
pub const EXIT_AUTH: u8 = 3;
/// Exit code: a network error.
pub const EXIT_NETWORK: u8 = 4;

/// A fast terminal client for Mastodon.
#[derive(Parser, Debug)]
#[command(name = "trompe", version, about, long_about = None, after_help = commands::EXAMPLES)]
pub struct Cli {
    /// Run the TUI offline against the built-in demo instance.
    #[arg(long)]
    pub demo: bool,
    /// Run the federation node inside the TUI (it serves on its address,
    /// and what it receives streams straight into the Relay tab). With
    /// --demo, a throwaway node on 127.0.0.1.
    #[arg(long)]
    pub relay: bool,
    /// With --demo: run this many demo instances; each other one adds an
    /// account to the switcher that starts empty, as a new account does
    /// (to try `:move`).
    #[arg(long, requires = "demo", default_value_t = 1, value_parser = clap::value_parser!(u8).range(1..=4))]
    pub instances: u8,
    /// Try a theme for this run: a built-in name (`trompe themes` lists
    /// them) or a theme file's path.
    #[arg(long, value_name = "NAME|FILE")]
    pub theme: Option<String>,
    /// Read an instance without an account, in the TUI: its local,
    /// federated, trending and hashtag timelines, profiles and threads,
    /// through its public API. What needs an account offers to log in.
    #[arg(long, value_name = "HOST", conflicts_with = "demo")]
    pub instance: Option<String>,
    /// The account to use for this run (`user@instance`).
    #[arg(long, global = true)]
    pub account: Option<String>,
    /// Print the server's JSON (one document; unknown fields kept).
    #[arg(long, global = true)]
    pub json: bool,
    /// Print one JSON object per line.
    #[arg(long, global = true, conflicts_with = "json")]
    pub jsonl: bool,
    /// Colours in text output (NO_COLOR is respected with auto).
    #[arg(long, global = true, value_enum, default_value_t = output::ColorChoice::Auto, value_name = "WHEN")]
    pub color: output::ColorChoice,
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// The subcommands.
#[derive(Subcommand, Debug)]
pub enum Command {
    /// Log in to an instance (a domain, a URL or @user@domain).
    ///
    /// Example: `trompe login mastodon.social`
    Login(login::LoginArgs),
    /// List the accounts, or change the default one.
    ///
    /// Example: `trompe accounts default alice@mastodon.social`
    Accounts(accounts::AccountsArgs),
    /// Log out: revoke the token and forget the account.
    ///
    /// Example: `trompe logout alice@mastodon.social`
    Logout {
        /// The account (`user@instance`).
        acct: String,
    },
    /// Write a post.
    ///
    /// Example: `trompe post "Hello, fediverse!" --visibility unlisted`
    Post(Box<post::PostArgs>),
    /// List, show or delete the drafts kept when a post could not be sent.
    ///
    /// Example: `trompe drafts show 01764245000-abc123`
    Drafts(post::DraftsArgs),
    /// List, cancel or reschedule posts waiting to be published.
    ///
    /// Example: `trompe scheduled reschedule 12 +2h`
    Scheduled(scheduled::ScheduledArgs),
    /// Print live events as lines (or JSON lines with --json): a `tail -f` for the fediverse.
    ///
    /// Example: `trompe stream tag:rust --json | jq .payload.content`
    Stream(stream::StreamArgs),
    /// Run the demo instance alone, in the foreground; prints its URL and a token.
    ///
    /// Example: `trompe demo-server --port 3000 --live`
    DemoServer(demo_server::DemoServerArgs),
    /// The ActivityPub node: follow accounts and relays on any instance, with signed requests.
    ///
    /// Example: `trompe relay init --public-url https://node.example` then `trompe relay serve`
    Relay(relay::RelayArgs),
    /// Show any public ActivityPub object (a post, an account, a collection) from any instance.
    ///
    /// Signed as your node when one is set up (`trompe relay init`), so
    /// instances that demand signatures answer too.
    ///
    /// Example: `trompe fetch @alice@example.org`
    Fetch(fetch::FetchArgs),
    /// Where the files are, the complete default config.toml, or a check of
    /// yours (each mistake with its line and a suggestion).
    ///
    /// Example: `trompe config --check`
    Config(config_cmd::ConfigArgs),
    /// List the built-in themes, each with a sample line in its colours.
    ///
    /// Example: `trompe themes` then `trompe --theme gruvbox`
    Themes,
    /// Export follows, lists, blocks, mutes, domain blocks, bookmarks,
    /// filters and followed tags, in Mastodon's own CSV formats.
    ///
    /// Example: `trompe export --out ~/mastodon-export`
    Export(data::ExportArgs),
    /// Import an export (trompe's, or the files of Mastodon's web export):
    /// what is already there is left alone, and an interrupted import
    /// goes on where it stopped.
    ///
    /// Example: `trompe import ~/mastodon-export --dry-run`
    Import(data::ImportArgs),
    /// Move everything but your posts from one of your accounts to
    /// another: export from FROM, import into TO.
    ///
    /// Example: `trompe move alice@old.example alice@new.example --dry-run`
    Move(data::MoveArgs),
    /// Save your own posts, their edits and media to a folder you can read
    /// offline (index.html); a second run adds what is new.
    ///
    /// Example: `trompe archive --out ~/my-posts`
    Archive(data::ArchiveArgs),
    #[command(flatten)]
    Api(commands::ApiCommand),
}

/// Runs the parsed command line.
pub async fn run(
    cli: Cli,
    log_path: Option<std::path::PathBuf>,
    launched: std::time::Instant,
) -> ExitCode {
    let paths = crate::config::Paths::resolve();
    match cli.command {
        Some(Command::Login(args)) => login::run(&paths, args).await,
        Some(Command::Accounts(args)) => accounts::run(&paths, args),
        Some(Command::Logout { acct }) => accounts::logout(&paths, &acct).await,
        Some(Command::DemoServer(args)) => demo_server::run(args).await,
        Some(Command::Relay(args)) => relay::run(&paths, args, cli.json || cli.jsonl).await,
        Some(Command::Fetch(args)) => fetch::run(&paths, args, cli.json || cli.jsonl).await,
        Some(Command::Scheduled(args)) => {
            scheduled::run(&paths, cli.account, cli.json || cli.jsonl, args).await
        }
        Some(Command::Stream(args)) => {
            stream::run(&paths, cli.account, cli.json || cli.jsonl, args).await
        }
        Some(Command::Themes) => themes::run(),
        Some(Command::Config(args)) => config_cmd::run(&paths, args),
        Some(Command::Export(args)) => {
            data::export(&paths, cli.account.as_deref(), cli.json || cli.jsonl, args).await
        }
        Some(Command::Import(args)) => {
            data::import(&paths, cli.account.as_deref(), cli.json || cli.jsonl, args).await
        }
        Some(Command::Move(args)) => data::move_accounts(&paths, cli.json || cli.jsonl, args).await,
        Some(Command::Archive(args)) => {
            data::archive(&paths, cli.account.as_deref(), cli.json || cli.jsonl, args).await
        }
        Some(Command::Post(args)) => post::run(&paths, cli.account, *args).await,
        Some(Command::Drafts(args)) => post::run_drafts(&paths, args),
        Some(Command::Api(cmd)) => {
            let g = common::Global {
                account: cli.account,
                json: cli.json,
                jsonl: cli.jsonl,
                color: cli.color,
            };
            commands::run(&paths, &g, cmd).await
        }
        None => {
            let how = tui::Start {
                demo: cli.demo,
                relay: cli.relay,
                account: cli.account,
                demo_instances: cli.instances,
                theme: cli.theme,
                visit: cli.instance,
            };
            tui::run(&paths, how, log_path, launched).await
        }
    }
}

/// The exit code for an API error.
pub fn api_exit(e: &ApiError) -> ExitCode {
    ExitCode::from(match e {
        ApiError::Unauthorized { .. } => EXIT_AUTH,
        ApiError::Network(_) | ApiError::Timeout => EXIT_NETWORK,
        _ => EXIT_API,
    })
}

/// The exit code for a login error.
pub fn auth_exit(e: &AuthError) -> ExitCode {
    ExitCode::from(match e {
        AuthError::BadInput(_) => EXIT_USAGE,
        AuthError::UnknownInstance { .. } | AuthError::WebFinger { .. } => EXIT_NETWORK,
        AuthError::Denied
        | AuthError::StateMismatch
        | AuthError::Timeout(_)
        | AuthError::NoCode
        | AuthError::Verify(_) => EXIT_AUTH,
        _ => EXIT_API,
    })
}
