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
    /// Run this many instances (up to 4). The first is the seeded one;
    /// each other one has a new demo account with nothing of its own, on
    /// its own port: the target of `trompe move`.
    #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u8).range(1..=4))]
    pub instances: u8,
    /// Home holds this many more posts, older than the seeded ones (up to
    /// 100,000): a long timeline to scroll through, for benchmarks.
    #[arg(long, default_value_t = 0, value_parser = clap::value_parser!(u32).range(0..=100_000))]
    pub history: u32,
}

/// Runs until Ctrl-C.
pub async fn run(args: DemoServerArgs) -> ExitCode {
    let mut servers = Vec::new();
    for n in 0..args.instances {
        let port = if n == 0 { args.port } else { 0 };
        let history = if n == 0 { args.history as usize } else { 0 };
        match Demo::start_full(
            port,
            args.live && n == 0,
            args.authorized_fetch,
            n > 0,
            history,
        )
        .await
        {
            Ok(s) => servers.push(s),
            Err(e) => {
                eprintln!("trompe: {e}");
                return ExitCode::from(1);
            }
        }
    }
    println!("trompe demo instance listening");
    let url = |s: &Demo| s.base_url().as_str().trim_end_matches('/').to_string();
    println!("TROMPE_INSTANCE={}", url(&servers[0]));
    println!("TROMPE_TOKEN={}", servers[0].token());
    for (n, s) in servers.iter().enumerate().skip(1) {
        println!(
            "instance {}: {} (a new account; the same token)",
            n + 1,
            url(s)
        );
    }
    println!("Press Ctrl-C to stop.");
    let _ = tokio::signal::ctrl_c().await;
    for s in &servers {
        s.stop();
    }
    ExitCode::SUCCESS
}
