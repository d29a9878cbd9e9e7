//! The API client against the demo instance, over real HTTP.

#![allow(clippy::unwrap_used)]

use common::demo;
use trompe_testkit as common;

use std::collections::HashSet;
use std::time::Duration;

use trompe::api::endpoints::timelines::TimelineKind;
use trompe::api::{AccessToken, ApiError, Client, PageQuery};
use trompe_demo::{DemoServer, Fault};

#[tokio::test]
async fn verify_credentials_and_instance() {
    let (_server, client) = demo().await;
    let me = client
        .verify_credentials()
        .await
        .expect("verify_credentials");
    assert_eq!(me.username, "demo");
    let instance = client.instance().await.expect("instance");
    assert!(instance.max_characters() >= 500);
    assert!(instance.streaming_url().is_some());
}

#[tokio::test]
async fn walking_home_through_link_headers_gives_every_status_once() {
    let (server, client) = demo().await;
    let expected = server.home_ids();
    assert!(
        expected.len() >= 100,
        "seeded home has {} statuses",
        expected.len()
    );
    let mut seen = Vec::new();
    let mut page = client
        .timeline(
            &TimelineKind::Home,
            &PageQuery {
                limit: Some(40),
                ..Default::default()
            },
        )
        .await
        .expect("first page");
    // Bounded: never more pages than statuses.
    for _ in 0..expected.len() + 1 {
        seen.extend(page.items.iter().map(|s| s.id.as_str().to_string()));
        let Some(next) = page.next.clone() else { break };
        page = client.get_page_at(next).await.expect("next page");
        if page.items.is_empty() {
            break;
        }
    }
    let unique: HashSet<_> = seen.iter().collect();
    assert_eq!(unique.len(), seen.len(), "a status came twice");
    assert_eq!(seen, expected, "every seeded status, in order");
}

#[tokio::test]
async fn prev_link_returns_newer_statuses() {
    let (server, client) = demo().await;
    let first = client
        .timeline(
            &TimelineKind::Home,
            &PageQuery {
                limit: Some(5),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    let new_id = server
        .post_as(&first_follow(&server), "a brand new post")
        .expect("posted");
    let newer: trompe::api::Page<trompe::api::entities::Status> = client
        .get_page_at(first.prev.clone().expect("prev link"))
        .await
        .unwrap();
    assert_eq!(
        newer
            .items
            .iter()
            .map(|s| s.id.as_str())
            .collect::<Vec<_>>(),
        vec![new_id.as_str()]
    );
}

fn first_follow(server: &DemoServer) -> String {
    // Any account in home other than the demo user posts into home.
    let _ = server;
    trompe_demo::seed_data::ACCOUNTS
        .iter()
        .find(|a| a.followed_by_me && !a.bot)
        .map(|a| a.username.to_string())
        .expect("the demo user follows someone")
}

#[tokio::test]
async fn injected_faults_give_typed_errors() {
    let (server, client) = demo().await;
    let q = PageQuery::default();

    server.faults().inject(
        "/api/v1/timelines/home",
        Fault::RateLimited {
            reset_in: Duration::from_secs(30),
        },
        1,
    );
    match client.timeline(&TimelineKind::Home, &q).await {
        Err(ApiError::RateLimited { retry_after, reset }) => {
            assert!(reset.is_some());
            let secs = retry_after.expect("retry-after").as_secs();
            assert!((25..=30).contains(&secs), "retry after {secs}");
        }
        other => panic!("expected RateLimited, got {other:?}"),
    }

    server
        .faults()
        .inject("/api/v1/timelines/home", Fault::Status(500), 1);
    match client.timeline(&TimelineKind::Home, &q).await {
        Err(ApiError::Status { code: 500, message }) => {
            assert!(message.contains("went wrong"), "{message}")
        }
        other => panic!("expected 500, got {other:?}"),
    }

    server
        .faults()
        .inject("/api/v1/timelines/home", Fault::TruncatedBody, 1);
    match client.timeline(&TimelineKind::Home, &q).await {
        Err(e @ ApiError::Decode { .. }) => {
            assert!(e.to_string().contains("api/v1/timelines/home"))
        }
        other => panic!("expected Decode, got {other:?}"),
    }

    server
        .faults()
        .inject("/api/v1/accounts/verify_credentials", Fault::Status(401), 1);
    let err = client.verify_credentials().await.unwrap_err();
    assert!(err.is_unauthorized());
    assert!(err.to_string().contains("log in again"));

    // The fault is spent: the next request works.
    assert!(client.timeline(&TimelineKind::Home, &q).await.is_ok());
}

#[tokio::test]
async fn not_found_and_validation_errors_carry_the_server_message() {
    let (_server, client) = demo().await;
    let err = client
        .get::<serde_json::Value>("api/v1/statuses/1", &[])
        .await
        .unwrap_err();
    assert!(matches!(err, ApiError::NotFound { .. }), "{err:?}");
    let err = client
        .post::<serde_json::Value, _>("api/v1/statuses", Some(&serde_json::json!({"status": ""})))
        .await
        .unwrap_err();
    match err {
        ApiError::Unprocessable { message } => assert!(message.contains("can't be blank")),
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn bad_token_is_unauthorized_and_never_in_messages() {
    let (server, _) = demo().await;
    let secret = "super-secret-token-value";
    let client = Client::new(server.base_url().clone(), Some(AccessToken::new(secret))).unwrap();
    let err = client.verify_credentials().await.unwrap_err();
    assert!(err.is_unauthorized());
    assert!(!err.to_string().contains(secret));
    assert!(!format!("{err:?} {client:?}").contains(secret));
}

#[tokio::test]
async fn server_down_is_a_network_error() {
    let (server, client) = demo().await;
    server.stop();
    drop(server);
    // The listener closes as the server's task ends: ask until it has.
    common::eventually("the stopped server to refuse connections", || async {
        matches!(client.verify_credentials().await, Err(ApiError::Network(_)))
    })
    .await;
    let err = client.verify_credentials().await.unwrap_err();
    assert!(matches!(err, ApiError::Network(_)), "{err:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_stream_sends_a_user_agent_where_the_server_demands_one() {
    use trompe::streaming::{self, StreamMessage, Subscription};
    use trompe_testkit::WAIT;
    let (server, client) = common::demo_with(trompe_demo::DemoOptions {
        require_user_agent: true,
        ..Default::default()
    })
    .await;
    // The demo refuses a handshake without one, as GoToSocial does (418)…
    let url = format!(
        "ws://{}/api/v1/streaming?stream=user&access_token={}",
        server.addr(),
        server.token()
    );
    let bare = tokio_tungstenite::connect_async(url).await;
    match bare {
        Err(tokio_tungstenite::tungstenite::Error::Http(resp)) => {
            assert_eq!(resp.status().as_u16(), 418)
        }
        other => panic!("a handshake without a User-Agent was taken: {other:?}"),
    }
    // …and trompe's stream, which sends one, connects.
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    let handle = streaming::spawn(client, None, vec![Subscription::User], tx);
    let connected = tokio::time::timeout(WAIT, async {
        while let Some(m) = rx.recv().await {
            match m {
                StreamMessage::Connected => return true,
                StreamMessage::Unavailable { .. } | StreamMessage::Unauthorized => return false,
                _ => {}
            }
        }
        false
    })
    .await;
    handle.stop();
    assert_eq!(connected, Ok(true), "the stream did not connect");
}
