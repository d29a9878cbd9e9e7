//! The `trompe` binary: parse the command line, set up logging to a file,
//! and hand over to `trompe::cli`.

use std::process::ExitCode;
use std::time::Duration;

use clap::Parser;

fn main() -> ExitCode {
    let launched = std::time::Instant::now();
    let cli = trompe::cli::Cli::parse();
    let paths = trompe::config::Paths::resolve();
    let log = trompe::logging::init(&paths.log_dir);
    let log_path = log.as_ref().map(|(_, p)| p.clone());
    // Commands get a small single-threaded runtime (they start in
    // milliseconds); the TUI and the servers (the demo, the node) get two
    // workers.
    let interactive = matches!(
        cli.command,
        None | Some(trompe::cli::Command::DemoServer(_))
    ) || matches!(
        &cli.command,
        Some(trompe::cli::Command::Relay(r))
            if matches!(r.command, trompe::cli::relay::RelayCommand::Serve { .. })
    );
    let built = if interactive {
        tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
    } else {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
    };
    let rt = match built {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("trompe: could not start the async runtime: {e}");
            return ExitCode::from(1);
        }
    };
    let code = rt.block_on(trompe::cli::run(cli, log_path, launched));
    // Do not wait for background tasks (streams, the demo's live loop).
    tracing::info!("shutting down");
    rt.shutdown_timeout(Duration::from_millis(200));
    tracing::info!("runtime down");
    drop(log);
    code
}
