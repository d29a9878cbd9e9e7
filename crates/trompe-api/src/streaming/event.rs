//! Decoding streaming messages. The `payload` is itself a JSON string, so it
//! is decoded twice; unknown event types are kept as [`StreamEvent::Other`].

use serde::Deserialize;

use crate::ApiError;
use crate::client::decode;
use crate::entities::{Conversation, Notification, Status, StatusId};

/// One event from the stream.
#[derive(Debug, Clone)]
pub enum StreamEvent {
    /// A new status, for the stream named (e.g. `user`, `public:local`, `hashtag:rust`).
    Update { stream: String, status: Box<Status> },
    /// An edited status.
    StatusUpdate { stream: String, status: Box<Status> },
    /// A deleted status.
    Delete { stream: String, id: StatusId },
    /// A notification.
    Notification { notification: Box<Notification> },
    /// A direct conversation with a new message (the `direct` stream).
    Conversation { conversation: Box<Conversation> },
    /// `filters_changed`: the filters must be reloaded.
    FiltersChanged,
    /// `announcement`, `announcement.reaction`, `announcement.delete`.
    Announcement { event: String },
    /// Anything else (unknown types): its name.
    Other { event: String },
}

impl StreamEvent {
    /// Names the stream an event came on, for servers whose socket carries
    /// one stream: the socket knows it better than the message does.
    pub fn set_stream(&mut self, name: &str) {
        match self {
            StreamEvent::Update { stream, .. }
            | StreamEvent::StatusUpdate { stream, .. }
            | StreamEvent::Delete { stream, .. } => *stream = name.to_string(),
            _ => {}
        }
    }
}

#[derive(Deserialize)]
struct Raw {
    #[serde(default)]
    stream: Option<serde_json::Value>,
    #[serde(default)]
    event: String,
    #[serde(default)]
    payload: Option<serde_json::Value>,
}

/// The stream name as one string: `["hashtag","rust"]` → `hashtag:rust`;
/// GoToSocial's `["list:7"]` stays `list:7`.
fn stream_name(v: &Option<serde_json::Value>) -> String {
    match v {
        Some(serde_json::Value::Array(a)) => a
            .iter()
            .filter_map(|x| x.as_str())
            .collect::<Vec<_>>()
            .join(":"),
        Some(serde_json::Value::String(s)) => s.clone(),
        _ => String::new(),
    }
}

fn payload_str(p: &Option<serde_json::Value>) -> String {
    match p {
        Some(serde_json::Value::String(s)) => s.clone(),
        // Some servers send the payload as an object, not a string.
        Some(other) => other.to_string(),
        None => String::new(),
    }
}

/// Decodes one websocket text message.
pub fn decode_message(text: &str) -> Result<StreamEvent, ApiError> {
    let raw: Raw = decode("streaming", text.as_bytes())?;
    let stream = stream_name(&raw.stream);
    let payload = payload_str(&raw.payload);
    Ok(match raw.event.as_str() {
        "update" => StreamEvent::Update {
            stream,
            status: Box::new(decode("streaming update", payload.as_bytes())?),
        },
        // `status_update`: how some servers (mastodon-mock) spell it.
        "status.update" | "status_update" => StreamEvent::StatusUpdate {
            stream,
            status: Box::new(decode("streaming status.update", payload.as_bytes())?),
        },
        "delete" => StreamEvent::Delete {
            stream,
            id: StatusId::new(payload.trim().trim_matches('"')),
        },
        "notification" => StreamEvent::Notification {
            notification: Box::new(decode("streaming notification", payload.as_bytes())?),
        },
        "conversation" => StreamEvent::Conversation {
            conversation: Box::new(decode("streaming conversation", payload.as_bytes())?),
        },
        "filters_changed" => StreamEvent::FiltersChanged,
        "announcement" | "announcement.reaction" | "announcement.delete" => {
            StreamEvent::Announcement {
                event: raw.event.clone(),
            }
        }
        other => {
            tracing::debug!(event = other, "unhandled stream event");
            StreamEvent::Other {
                event: other.to_string(),
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_double_encoded_update() {
        let inner =
            r#"{"id":"1","account":{"id":"2","username":"a","acct":"a"},"content":"<p>x</p>"}"#;
        let msg =
            serde_json::json!({"stream":["user"],"event":"update","payload":inner}).to_string();
        match decode_message(&msg).unwrap() {
            StreamEvent::Update { stream, status } => {
                assert_eq!(stream, "user");
                assert_eq!(status.id.as_str(), "1");
            }
            other => panic!("unexpected {other:?}"),
        }
    }

    #[test]
    fn unknown_events_and_list_names() {
        let msg = r#"{"stream":["list:7"],"event":"something.new","payload":"{}"}"#;
        assert!(matches!(
            decode_message(msg).unwrap(),
            StreamEvent::Other { .. }
        ));
        let del = r#"{"stream":["hashtag","rust"],"event":"delete","payload":"123"}"#;
        match decode_message(del).unwrap() {
            StreamEvent::Delete { stream, id } => {
                assert_eq!(stream, "hashtag:rust");
                assert_eq!(id.as_str(), "123");
            }
            other => panic!("unexpected {other:?}"),
        }
    }
}
