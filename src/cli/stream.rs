//! `trompe stream`: live events as lines, or JSON lines, for scripts — a
//! `tail -f` for the fediverse. It reconnects on its own like the TUI does.

use std::io::Write;
use std::process::ExitCode;
use std::time::Duration;

use crate::config::Paths;
use crate::streaming::{self, StreamEvent, StreamMessage, Subscription};

/// Arguments of `stream`.
#[derive(clap::Args, Debug)]
pub struct StreamArgs {
    /// What to follow: user, local, public, direct, tag:NAME or list:ID.
    #[arg(default_value = "user")]
    pub target: String,
    /// Stop after this many events.
    #[arg(long)]
    pub count: Option<u64>,
    /// Stop after this many seconds.
    #[arg(long)]
    pub timeout: Option<u64>,
}

fn subscription(target: &str) -> Option<Subscription> {
    match target {
        "user" | "home" => Some(Subscription::User),
        "local" => Some(Subscription::PublicLocal),
        "public" | "federated" => Some(Subscription::Public),
        "direct" | "conversations" => Some(Subscription::Direct),
        t => {
            if let Some(tag) = t.strip_prefix("tag:") {
                Some(Subscription::Hashtag(
                    tag.trim_start_matches('#').to_string(),
                ))
            } else {
                t.strip_prefix("list:")
                    .map(|l| Subscription::List(l.to_string()))
            }
        }
    }
}

/// One event as a JSON object.
fn event_json(ev: &StreamEvent) -> serde_json::Value {
    use serde_json::json;
    match ev {
        StreamEvent::Update { stream, status } => {
            json!({"event": "update", "stream": stream, "payload": status})
        }
        StreamEvent::StatusUpdate { stream, status } => {
            json!({"event": "status.update", "stream": stream, "payload": status})
        }
        StreamEvent::Delete { stream, id } => {
            json!({"event": "delete", "stream": stream, "payload": id})
        }
        StreamEvent::Notification { notification } => {
            json!({"event": "notification", "payload": notification})
        }
        StreamEvent::Conversation { conversation } => {
            json!({"event": "conversation", "stream": "direct", "payload": conversation})
        }
        StreamEvent::FiltersChanged => json!({"event": "filters_changed"}),
        StreamEvent::Announcement { event } => json!({"event": event}),
        StreamEvent::Other { event } => json!({"event": event}),
    }
}

/// One event as a line of text (sanitised).
fn event_text(ev: &StreamEvent) -> String {
    use crate::html::{sanitize_line, strip_html};
    match ev {
        StreamEvent::Update { stream, status } | StreamEvent::StatusUpdate { stream, status } => {
            let o = status.original();
            let boost = if status.reblog.is_some() {
                format!(" (boosted by @{})", sanitize_line(&status.account.acct))
            } else {
                String::new()
            };
            let edited = if matches!(ev, StreamEvent::StatusUpdate { .. }) {
                " (edited)"
            } else {
                ""
            };
            let text = if o.spoiler_text.is_empty() {
                strip_html(&o.content)
            } else {
                format!("[CW: {}]", sanitize_line(&o.spoiler_text))
            };
            format!(
                "[{}] @{}{boost}{edited}: {text}",
                sanitize_line(stream),
                sanitize_line(&o.account.acct)
            )
        }
        StreamEvent::Delete { stream, id } => format!(
            "[{}] deleted {}",
            sanitize_line(stream),
            sanitize_line(id.as_str())
        ),
        StreamEvent::Notification { notification: n } => {
            let who = n
                .account
                .as_ref()
                .map(|a| format!(" from @{}", sanitize_line(&a.acct)))
                .unwrap_or_default();
            format!("[notification] {}{who}", sanitize_line(n.kind.as_str()))
        }
        StreamEvent::Conversation { conversation: c } => {
            let with: Vec<String> = c
                .accounts
                .iter()
                .map(|a| format!("@{}", sanitize_line(&a.acct)))
                .collect();
            let text = c
                .last_status
                .as_ref()
                .map(|s| strip_html(&s.content))
                .unwrap_or_default();
            format!("[direct] with {}: {text}", with.join(", "))
        }
        StreamEvent::FiltersChanged => "[filters changed]".into(),
        StreamEvent::Announcement { event } => format!("[{}]", sanitize_line(event)),
        StreamEvent::Other { event } => format!("[{}]", sanitize_line(event)),
    }
}

/// Prints events until Ctrl-C, `--count` or `--timeout`.
pub async fn run(paths: &Paths, account: Option<String>, json: bool, args: StreamArgs) -> ExitCode {
    let Some(sub) = subscription(&args.target) else {
        eprintln!(
            "trompe: unknown stream `{}`; use user, local, public, direct, tag:NAME or list:ID",
            args.target
        );
        return ExitCode::from(super::EXIT_USAGE);
    };
    let client = match super::session::client(paths, account.as_deref()).await {
        Ok(c) => c,
        Err(code) => return code,
    };
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    let handle = streaming::spawn(client, None, vec![sub], tx);
    let deadline = args
        .timeout
        .map(|s| tokio::time::Instant::now() + Duration::from_secs(s));
    let mut seen = 0u64;
    let mut out = std::io::stdout().lock();
    let code = loop {
        let next = async {
            match deadline {
                Some(d) => tokio::time::timeout_at(d, rx.recv()).await.ok().flatten(),
                None => rx.recv().await,
            }
        };
        let msg = tokio::select! {
            m = next => m,
            _ = tokio::signal::ctrl_c() => None,
        };
        let Some(msg) = msg else {
            break ExitCode::SUCCESS;
        };
        match msg {
            StreamMessage::Event(ev) => {
                let line = if json {
                    event_json(&ev).to_string()
                } else {
                    event_text(&ev)
                };
                if writeln!(out, "{line}").and_then(|_| out.flush()).is_err() {
                    // The reader went away (a closed pipe): stop quietly.
                    break ExitCode::SUCCESS;
                }
                seen += 1;
                if args.count.is_some_and(|c| seen >= c) {
                    break ExitCode::SUCCESS;
                }
            }
            StreamMessage::Connected => eprintln!("trompe: streaming {}", args.target),
            StreamMessage::Reconnecting { attempt } => {
                eprintln!("trompe: reconnecting (attempt {attempt})…")
            }
            StreamMessage::Unavailable { reason } => {
                eprintln!("trompe: streaming is not available: {reason}");
                break ExitCode::from(super::EXIT_API);
            }
            StreamMessage::Unauthorized => {
                eprintln!("trompe: the server rejected the token; log in again");
                break ExitCode::from(super::EXIT_AUTH);
            }
        }
    };
    handle.stop();
    code
}
