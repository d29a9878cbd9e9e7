//! The `trompe` binary: parse the command line, set up logging to a file,
//! dispatch to the TUI or a command.

use std::process::ExitCode;
use std::time::Duration;

use clap::{Parser, Subcommand};

use trompe::api::{AccessToken, Client};
use trompe::app::{AccountState, State};
use trompe::config::{self, Paths};
use trompe::demo::{DemoOptions, DemoServer};

/// A fast terminal client for Mastodon.
#[derive(Parser, Debug)]
#[command(name = "trompe", version, about, long_about = None)]
struct Cli {
    /// Run the TUI offline against the built-in demo instance.
    #[arg(long)]
    demo: bool,
    /// The account to use for this run (`user@instance`).
    #[arg(long, global = true)]
    account: Option<String>,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Run the demo instance alone, in the foreground; prints its URL and a token.
    ///
    /// Example: `trompe demo-server --port 3000 --live`
    DemoServer {
        /// Port on 127.0.0.1 (0 = any free port).
        #[arg(long, default_value_t = 0)]
        port: u16,
        /// The demo accounts post, boost and mention on their own.
        #[arg(long)]
        live: bool,
    },
}

fn main() -> ExitCode {
    let launched = std::time::Instant::now();
    let cli = Cli::parse();
    let paths = Paths::resolve();
    let log = trompe::logging::init(&paths.log_dir);
    let log_path = log.as_ref().map(|(_, p)| p.clone());
    let rt = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("trompe: could not start the async runtime: {e}");
            return ExitCode::from(1);
        }
    };
    let code = rt.block_on(async move {
        match cli.command {
            Some(Command::DemoServer { port, live }) => demo_server(port, live).await,
            None => run_tui(cli.demo, cli.account, log_path, launched).await,
        }
    });
    // Do not wait for background tasks (streams, the demo's live loop).
    rt.shutdown_timeout(Duration::from_millis(200));
    drop(log);
    code
}

async fn demo_server(port: u16, live: bool) -> ExitCode {
    let server = match DemoServer::start(DemoOptions {
        port,
        live,
        ..Default::default()
    })
    .await
    {
        Ok(s) => s,
        Err(e) => {
            eprintln!("trompe: could not start the demo instance: {e}");
            return ExitCode::from(1);
        }
    };
    println!("trompe demo instance listening");
    println!(
        "TROMPE_INSTANCE={}",
        server.base_url().as_str().trim_end_matches('/')
    );
    println!("TROMPE_TOKEN={}", server.token());
    println!("Press Ctrl-C to stop.");
    let _ = tokio::signal::ctrl_c().await;
    server.stop();
    ExitCode::SUCCESS
}

async fn run_tui(
    demo: bool,
    account: Option<String>,
    log_path: Option<std::path::PathBuf>,
    launched: std::time::Instant,
) -> ExitCode {
    // Keep the demo server alive for the whole run.
    let mut _demo_server = None;
    let (base, token) = if demo {
        let server = match DemoServer::start(DemoOptions {
            live: true,
            ..Default::default()
        })
        .await
        {
            Ok(s) => s,
            Err(e) => {
                eprintln!("trompe: could not start the demo instance: {e}");
                return ExitCode::from(1);
            }
        };
        let pair = (server.base_url().clone(), AccessToken::new(server.token()));
        _demo_server = Some(server);
        pair
    } else {
        match config::env_account() {
            Ok(Some(a)) => (a.instance, a.token),
            Ok(None) => {
                let which = account.map(|a| format!(" `{a}`")).unwrap_or_default();
                eprintln!(
                    "trompe: no account{which} is configured.\n  Try the offline demo: trompe --demo\n  Or set TROMPE_INSTANCE and TROMPE_TOKEN to use an instance with a token."
                );
                return ExitCode::from(3);
            }
            Err(e) => {
                eprintln!("trompe: {e}");
                return ExitCode::from(2);
            }
        }
    };
    let client = match Client::new(base.clone(), Some(token)) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("trompe: {e}");
            return ExitCode::from(1);
        }
    };
    let host = match (base.host_str(), base.port()) {
        (Some(h), Some(p)) => format!("{h}:{p}"),
        (Some(h), None) => h.to_string(),
        _ => base.to_string(),
    };
    let state = State::new(
        vec![AccountState::new(String::new(), host)],
        time::OffsetDateTime::now_utc(),
    );
    let terminal = match trompe::tui::setup_terminal(log_path.clone()) {
        Ok(t) => t,
        Err(e) => {
            trompe::tui::restore_terminal();
            eprintln!("trompe: could not set up the terminal: {e}");
            return ExitCode::from(1);
        }
    };
    let mut app = trompe::tui::App::new(terminal, state, vec![client]);
    app.set_launched(launched);
    let mut events = ratatui::crossterm::event::EventStream::new();
    let result = app.run(&mut events).await;
    trompe::tui::restore_terminal();
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("trompe: {e}");
            if let Some(p) = log_path {
                eprintln!("the log is at {}", p.display());
            }
            ExitCode::from(1)
        }
    }
}
