//! `trompe demo-server`: the demo instance alone, in the foreground.

use std::process::ExitCode;

use super::demo_instance::Demo;

/// Arguments of `demo-server`.
#[derive(clap::Args, Debug)]
pub struct DemoServerArgs {
    /// Port on 127.0.0.1 (0 = any free port).
    #[arg(long, default_value_t = 0)]
    pub port: u16,
    /// The demo accounts post, boost and mention on their own.
    #[arg(long)]
    pub live: bool,
    /// ActivityPub documents (actors at /users/NAME, outboxes, posts)
    /// answer only signed GETs, as on instances in authorized-fetch mode.
    #[arg(long)]
    pub authorized_fetch: bool,
}

/// Runs until Ctrl-C.
pub async fn run(args: DemoServerArgs) -> ExitCode {
    let server = match Demo::start_with(args.port, args.live, args.authorized_fetch).await {
        Ok(s) => s,
        Err(e) => {
            eprintln!("trompe: {e}");
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
