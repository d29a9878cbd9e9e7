//! The effect runner: turns [`Effect`]s into tokio tasks with a cloned
//! [`Client`], and sends their results back as [`Action`]s. The only place,
//! with `tui.rs`, where the application touches the network.

use tokio::sync::mpsc::UnboundedSender;

use crate::api::Client;
use crate::app::{Action, Effect, StreamStatus};
use crate::streaming::{self, StreamEvent, StreamHandle, StreamMessage, Subscription};

/// Runs effects for a set of accounts.
pub struct Runner {
    clients: Vec<Client>,
    streams: Vec<Option<StreamHandle>>,
    tx: UnboundedSender<Action>,
}

impl Runner {
    /// A runner for `clients` (index = account index) reporting on `tx`.
    pub fn new(clients: Vec<Client>, tx: UnboundedSender<Action>) -> Self {
        let streams = clients.iter().map(|_| None).collect();
        Runner {
            clients,
            streams,
            tx,
        }
    }

    /// Starts one effect. Never blocks.
    pub fn run(&mut self, effect: Effect) {
        match effect {
            Effect::Quit => {}
            Effect::LoadTimeline {
                account,
                tab,
                request,
                kind,
                direction,
                query,
                url,
            } => {
                let Some(client) = self.clients.get(account).cloned() else {
                    return;
                };
                let tx = self.tx.clone();
                tokio::spawn(async move {
                    let result = match url {
                        Some(u) => client.get_page_at(u).await,
                        None => client.timeline(&kind, &query).await,
                    };
                    let _ = tx.send(Action::TimelineLoaded {
                        account,
                        tab,
                        request,
                        direction,
                        result,
                    });
                });
            }
            Effect::VerifyCredentials { account } => {
                let Some(client) = self.clients.get(account).cloned() else {
                    return;
                };
                let tx = self.tx.clone();
                tokio::spawn(async move {
                    let result = client.verify_credentials().await.map(Box::new);
                    let _ = tx.send(Action::CredentialsLoaded { account, result });
                });
            }
            Effect::LoadInstance { account } => {
                let Some(client) = self.clients.get(account).cloned() else {
                    return;
                };
                let tx = self.tx.clone();
                tokio::spawn(async move {
                    let result = client.instance().await.map(Box::new);
                    if let Err(e) = &result {
                        tracing::warn!("instance information unavailable: {e}");
                    }
                    let _ = tx.send(Action::InstanceLoaded { account, result });
                });
            }
            Effect::StartStreaming { account } => self.start_stream(account),
            Effect::ReconnectStream { account } => {
                match self.streams.get(account).and_then(|s| s.as_ref()) {
                    Some(h) => h.reconnect_now(),
                    None => self.start_stream(account),
                }
            }
        }
    }

    fn start_stream(&mut self, account: usize) {
        let Some(client) = self.clients.get(account).cloned() else {
            return;
        };
        if let Some(Some(old)) = self.streams.get(account) {
            old.stop();
        }
        let (stx, mut srx) = tokio::sync::mpsc::unbounded_channel();
        let tx = self.tx.clone();
        let _ = tx.send(Action::StreamState {
            account,
            status: StreamStatus::Connecting,
        });
        let handle = streaming::spawn(
            client,
            None,
            vec![
                Subscription::User,
                Subscription::PublicLocal,
                Subscription::Public,
            ],
            stx,
        );
        if let Some(slot) = self.streams.get_mut(account) {
            *slot = Some(handle);
        }
        tokio::spawn(async move {
            while let Some(msg) = srx.recv().await {
                let action = match msg {
                    StreamMessage::Connected => Action::StreamState {
                        account,
                        status: StreamStatus::Live,
                    },
                    StreamMessage::Reconnecting { attempt } => Action::StreamState {
                        account,
                        status: StreamStatus::Reconnecting { attempt },
                    },
                    StreamMessage::Unavailable { reason } => {
                        tracing::warn!("streaming unavailable: {reason}");
                        Action::StreamState {
                            account,
                            status: StreamStatus::Polling,
                        }
                    }
                    StreamMessage::Unauthorized => Action::StreamState {
                        account,
                        status: StreamStatus::Offline,
                    },
                    StreamMessage::Event(ev) => match ev {
                        StreamEvent::Update { stream, status } => Action::StreamUpdate {
                            account,
                            stream,
                            status,
                        },
                        StreamEvent::StatusUpdate { status, .. } => {
                            Action::StreamStatusUpdate { account, status }
                        }
                        StreamEvent::Delete { id, .. } => Action::StreamDelete { account, id },
                        _ => continue,
                    },
                };
                if tx.send(action).is_err() {
                    break;
                }
            }
        });
    }
}
