//! `trompe scheduled [list | cancel ID | reschedule ID TIME]`: posts waiting
//! to be published.

use std::process::ExitCode;

use crate::api::entities::ScheduledStatusId;
use crate::config::Paths;

/// Arguments of `scheduled`.
#[derive(clap::Args, Debug)]
pub struct ScheduledArgs {
    #[command(subcommand)]
    pub action: Option<ScheduledAction>,
}

/// What to do with the scheduled posts.
#[derive(clap::Subcommand, Debug)]
pub enum ScheduledAction {
    /// List them (the default).
    List,
    /// Cancel one.
    Cancel {
        /// The scheduled post's id.
        id: String,
    },
    /// Publish one at another time (RFC 3339, or `+1h`).
    Reschedule {
        /// The scheduled post's id.
        id: String,
        /// When.
        time: String,
    },
}

/// A time in the system's zone, with its offset.
fn when(t: Option<time::OffsetDateTime>) -> String {
    t.map(|t| crate::compose::format_local(t, crate::compose::Zone::System))
        .unwrap_or_else(|| "?".into())
}

/// Runs the command.
pub async fn run(
    paths: &Paths,
    account: Option<String>,
    json: bool,
    args: ScheduledArgs,
) -> ExitCode {
    let client = match super::session::client(paths, account.as_deref()).await {
        Ok(c) => c,
        Err(code) => return code,
    };
    match args.action.unwrap_or(ScheduledAction::List) {
        ScheduledAction::List => {
            let q = crate::api::PageQuery {
                limit: Some(40),
                ..Default::default()
            };
            match client.scheduled_statuses(&q).await {
                Ok(page) => {
                    if json {
                        println!(
                            "{}",
                            serde_json::to_string_pretty(&page.items).unwrap_or_default()
                        );
                    } else if page.items.is_empty() {
                        println!("No scheduled posts.");
                    } else {
                        for s in page.items {
                            let text: String = crate::html::sanitize_line(&s.params.text)
                                .chars()
                                .take(70)
                                .collect();
                            println!("{}  {}  {}", s.id, when(s.scheduled_at), text);
                        }
                    }
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("trompe: {e}");
                    super::api_exit(&e)
                }
            }
        }
        ScheduledAction::Cancel { id } => match client
            .cancel_scheduled(&ScheduledStatusId::new(id.clone()))
            .await
        {
            Ok(()) => {
                println!("Cancelled {id}.");
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("trompe: {e}");
                super::api_exit(&e)
            }
        },
        ScheduledAction::Reschedule { id, time: t } => {
            let now = time::OffsetDateTime::now_utc();
            let at = match crate::compose::parse_schedule(&t, now, crate::compose::Zone::System) {
                Ok(at) => at,
                Err(e) => {
                    eprintln!("trompe: {e}");
                    return ExitCode::from(super::EXIT_USAGE);
                }
            };
            match client
                .reschedule(&ScheduledStatusId::new(id.clone()), at)
                .await
            {
                Ok(s) => {
                    println!("{id} is scheduled for {}.", when(s.scheduled_at));
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("trompe: {e}");
                    super::api_exit(&e)
                }
            }
        }
    }
}
