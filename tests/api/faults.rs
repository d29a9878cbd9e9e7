//! Every class of fault a server or a network can throw at the client, one
//! test each: the client returns a typed error with a clear message (or
//! gets through), retries only what is safe to repeat, and never takes
//! more than it should. The README's fault table lists them.

use std::time::Duration;

use trompe::api::client::Limits;
use trompe::api::endpoints::timelines::TimelineKind;
use trompe::api::streaming::{self, StreamMessage, Subscription};
use trompe::api::{AccessToken, ApiError, Client, PageQuery};
use trompe_demo::{DemoOptions, DemoServer, Fault};
use trompe_testkit as common;

const HOME: &str = "/api/v1/timelines/home";
/// How long a test waits for a state (never a bound on speed).
const WAIT: Duration = Duration::from_secs(60);

async fn home(client: &Client) -> Result<usize, ApiError> {
    client
        .timeline(&TimelineKind::Home, &PageQuery::default())
        .await
        .map(|p| p.items.len())
}

#[tokio::test]
async fn a_refused_connection_says_so() {
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let url = url::Url::parse(&format!("http://127.0.0.1:{port}/")).unwrap();
    let client = Client::new(url, Some(AccessToken::new("t"))).unwrap();
    let err = home(&client).await.unwrap_err();
    assert!(matches!(err, ApiError::Network(_)), "{err:?}");
    let text = err.to_string();
    assert!(text.starts_with("network error"), "{text}");
    assert!(
        text.to_lowercase().contains("connect") || text.contains("refused"),
        "{text}"
    );
    assert!(!text.contains(&port.to_string()), "no URL in it: {text}");
}

#[tokio::test]
async fn a_name_that_does_not_resolve_says_so() {
    let url = url::Url::parse("https://no-such-host.invalid/").unwrap();
    let client = Client::new(url, None).unwrap();
    let err = home(&client).await.unwrap_err();
    assert!(matches!(err, ApiError::Network(_)), "{err:?}");
    assert!(err.to_string().contains("dns"), "{err}");
}

#[tokio::test]
async fn a_self_signed_certificate_is_refused() {
    let cert = rcgen::generate_simple_self_signed(vec!["127.0.0.1".into()]).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let (cert_path, key_path) = (dir.path().join("cert.pem"), dir.path().join("key.pem"));
    std::fs::write(&cert_path, cert.cert.pem()).unwrap();
    std::fs::write(&key_path, cert.signing_key.serialize_pem()).unwrap();
    let config = trompe::federation::tls::server_config(&cert_path, &key_path).unwrap();
    let tcp = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = tcp.local_addr().unwrap().port();
    let _listener = trompe::federation::tls::TlsListener::new(tcp, config).unwrap();
    let url = url::Url::parse(&format!("https://127.0.0.1:{port}/")).unwrap();
    let client = Client::new(url, Some(AccessToken::new("secret-token"))).unwrap();
    let err = home(&client).await.unwrap_err();
    assert!(matches!(err, ApiError::Network(_)), "{err:?}");
    let text = err.to_string().to_lowercase();
    assert!(text.contains("certificate"), "{text}");
    assert!(!text.contains("secret-token"), "{text}");
}

#[tokio::test]
async fn a_server_that_does_not_answer_times_out() {
    let (server, _) = common::demo().await;
    // A client with a short read timeout; the server waits far longer.
    let http = reqwest::Client::builder()
        .read_timeout(Duration::from_secs(1))
        .build()
        .unwrap();
    let client = Client::with_http(
        http,
        server.base_url().clone(),
        Some(AccessToken::new(server.token())),
    );
    server
        .faults()
        .inject(HOME, Fault::Delay(Duration::from_secs(30)), 2);
    let err = home(&client).await.unwrap_err();
    assert!(matches!(err, ApiError::Timeout), "{err:?}");
    assert_eq!(err.to_string(), "the server did not answer in time");
}

#[tokio::test]
async fn a_body_that_trickles_in_is_cut_off() {
    let (server, client) = common::demo().await;
    let client = client.with_limits(Limits {
        body_timeout: Duration::from_secs(2),
        ..Limits::default()
    });
    // 16 bytes every half second: a page of home would take minutes.
    server.faults().inject(
        HOME,
        Fault::SlowBody {
            every: Duration::from_millis(500),
        },
        1,
    );
    let err = home(&client).await.unwrap_err();
    assert!(matches!(err, ApiError::Timeout), "{err:?}");
    // The next request, without the fault, goes through.
    assert!(home(&client).await.unwrap() > 0);
}

#[tokio::test]
async fn a_gateway_error_on_a_read_is_tried_once_more() {
    let (server, client) = common::demo().await;
    for code in [502, 503] {
        server.faults().inject(HOME, Fault::Status(code), 1);
        assert!(home(&client).await.unwrap() > 0, "{code}: the second try");
    }
    // Twice in a row: the error, with the server's words.
    server.faults().inject(HOME, Fault::Status(502), 2);
    let err = home(&client).await.unwrap_err();
    assert!(matches!(err, ApiError::Status { code: 502, .. }), "{err:?}");
    assert!(err.to_string().contains("server error 502"), "{err}");
    // A 500 is the server's own fault: not repeated.
    server.faults().inject(HOME, Fault::Status(500), 1);
    let err = home(&client).await.unwrap_err();
    assert!(matches!(err, ApiError::Status { code: 500, .. }), "{err:?}");
}

#[tokio::test]
async fn a_post_is_never_sent_twice_by_the_client() {
    let (server, client) = common::demo().await;
    let before = server.home_ids().len();
    server
        .faults()
        .inject("/api/v1/statuses", Fault::Status(503), 1);
    let params = trompe::api::endpoints::compose::StatusParams {
        status: "once, and only once".into(),
        ..Default::default()
    };
    let key = "a-key-made-with-the-draft";
    let err = client.post_status(&params, key).await.unwrap_err();
    assert!(matches!(err, ApiError::Status { code: 503, .. }), "{err:?}");
    // Not repeated by the client: the fault took the one request.
    assert_eq!(server.home_ids().len(), before);
    // The caller's retry (the same draft, the same idempotency key) posts
    // it once; a third try changes nothing.
    client.post_status(&params, key).await.unwrap();
    client.post_status(&params, key).await.unwrap();
    assert_eq!(server.home_ids().len(), before + 1);
}

#[tokio::test]
async fn a_rate_limit_says_until_when_in_local_time() {
    let (server, client) = common::demo().await;
    server.faults().inject(
        HOME,
        Fault::RateLimited {
            reset_in: Duration::from_secs(90),
        },
        1,
    );
    let err = home(&client).await.unwrap_err();
    let ApiError::RateLimited {
        retry_after: Some(after),
        reset: Some(reset),
    } = &err
    else {
        panic!("{err:?}");
    };
    assert!((80..=90).contains(&after.as_secs()), "{after:?}");
    let local = reset.to_offset(trompe::api::compose::Zone::System.offset_at(*reset));
    let clock = format!(
        "{:02}:{:02}:{:02}",
        local.hour(),
        local.minute(),
        local.second()
    );
    let text = err.to_string();
    assert!(
        text.starts_with(&format!("rate limited by the server until {clock}")),
        "{text}"
    );
}

#[tokio::test]
async fn a_server_clock_hours_off_still_means_the_same_wait() {
    let (server, client) = common::demo().await;
    for off_by in [3 * 3600, -5 * 3600] {
        server.faults().inject(
            HOME,
            Fault::RateLimitedClockOff {
                reset_in: Duration::from_secs(60),
                off_by,
            },
            1,
        );
        let err = home(&client).await.unwrap_err();
        let ApiError::RateLimited {
            retry_after: Some(after),
            reset: Some(reset),
        } = &err
        else {
            panic!("{err:?}");
        };
        // A minute from the server's now, not hours from ours.
        assert!((55..=60).contains(&after.as_secs()), "{off_by}: {after:?}");
        let from_now = *reset - time::OffsetDateTime::now_utc();
        assert!(
            (50..=61).contains(&from_now.whole_seconds()),
            "{off_by}: {from_now}"
        );
    }
}

#[tokio::test]
async fn malformed_truncated_and_wrong_typed_bodies_are_named() {
    let (server, client) = common::demo().await;
    for (fault, words) in [
        (Fault::Body("<html>Bad gateway</html>"), "expected value"),
        (Fault::TruncatedBody, "EOF"),
        (Fault::Body("{\"statuses\": []}"), "expected a sequence"),
        (Fault::Body("\"a string\""), "expected a sequence"),
    ] {
        server.faults().inject(HOME, fault.clone(), 1);
        let err = home(&client).await.unwrap_err();
        let text = err.to_string();
        assert!(matches!(err, ApiError::Decode { .. }), "{fault:?}: {err:?}");
        assert!(
            text.starts_with("could not read the answer of"),
            "{fault:?}: {text}"
        );
        assert!(text.contains(words), "{fault:?}: {text}");
        // And the client goes on.
        assert!(home(&client).await.unwrap() > 0);
    }
    // A list whose only element cannot be read is an empty page, not an
    // error: one odd post does not cost the others.
    server
        .faults()
        .inject(HOME, Fault::Body("[{\"id\": 12}]"), 1);
    assert_eq!(home(&client).await.unwrap(), 0);
}

#[tokio::test]
async fn a_ten_megabyte_body_is_refused() {
    let (server, client) = common::demo().await;
    server
        .faults()
        .inject(HOME, Fault::HugeBody(10 * 1024 * 1024), 1);
    let err = home(&client).await.unwrap_err();
    assert!(matches!(err, ApiError::TooLarge { .. }), "{err:?}");
    assert_eq!(
        err.to_string(),
        "the server's answer is larger than 8 MiB; refused"
    );
    assert!(home(&client).await.unwrap() > 0);
}

/// Waits for a stream message that `want` accepts.
async fn next_where(
    rx: &mut tokio::sync::mpsc::UnboundedReceiver<StreamMessage>,
    want: impl Fn(&StreamMessage) -> bool,
) -> StreamMessage {
    tokio::time::timeout(WAIT, async {
        loop {
            let m = rx.recv().await.expect("the stream task ended");
            if want(&m) {
                return m;
            }
        }
    })
    .await
    .expect("the awaited stream message")
}

/// Posts as the demo's user until the stream delivers one of the posts:
/// the server may take the subscription a moment after the client sent
/// it. Bounded: 30 posts.
async fn an_update_arrives(
    server: &DemoServer,
    rx: &mut tokio::sync::mpsc::UnboundedReceiver<StreamMessage>,
    text: &str,
) {
    let me = server.username();
    for _ in 0..30 {
        let id = server.post_as(&me, text).unwrap();
        let got = tokio::time::timeout(Duration::from_secs(2), async {
            loop {
                match rx.recv().await {
                    Some(StreamMessage::Event(streaming::StreamEvent::Update {
                        status, ..
                    })) if status.id.as_str() == id => {
                        return true;
                    }
                    Some(_) => {}
                    None => return false,
                }
            }
        })
        .await;
        if got == Ok(true) {
            return;
        }
    }
    panic!("no update arrived for {text:?}");
}

#[tokio::test]
async fn a_stream_closed_with_1011_or_sent_garbage_goes_on() {
    let server = DemoServer::start(DemoOptions::default()).await.unwrap();
    let client = Client::new(
        server.base_url().clone(),
        Some(AccessToken::new(server.token())),
    )
    .unwrap();
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    let handle = streaming::spawn(client, None, vec![Subscription::User], tx);
    next_where(&mut rx, |m| matches!(m, StreamMessage::Connected)).await;
    an_update_arrives(&server, &mut rx, "before the garbage").await;
    // Garbage frames are skipped: the next real event still arrives, on the
    // same connection.
    server.faults().send_stream_garbage();
    an_update_arrives(&server, &mut rx, "after the garbage").await;
    // A server error close (1011): reconnect, and events flow again.
    server.faults().close_streams_with(1011);
    next_where(&mut rx, |m| matches!(m, StreamMessage::Reconnecting { .. })).await;
    next_where(&mut rx, |m| matches!(m, StreamMessage::Connected)).await;
    an_update_arrives(&server, &mut rx, "after the reconnect").await;
    handle.stop();
}

/// Background reads give way before the limit is hit: once the server
/// says few requests are left, `pace_background` waits for the window's
/// reset; with requests to spare it does not wait at all.
#[tokio::test]
async fn background_reads_wait_for_the_reset_when_few_requests_are_left() {
    let server = DemoServer::start(DemoOptions {
        rate_limit: Some(trompe_demo::RateLimitOptions {
            limit: 20,
            window: Duration::from_secs(6),
        }),
        ..DemoOptions::default()
    })
    .await
    .unwrap();
    let client = Client::new(
        server.base_url().clone(),
        Some(AccessToken::new(server.token())),
    )
    .unwrap();
    home(&client).await.unwrap();
    let rl = client.rate_limit().expect("the demo sends the headers");
    assert_eq!(rl.limit, Some(20));
    if rl.remaining.unwrap_or(0) > 5 {
        assert_eq!(client.pace_background().await, Duration::ZERO);
    }
    // Spend the window down to 5 left (bounded: 20 requests).
    for _ in 0..20 {
        if client.rate_limit().and_then(|r| r.remaining).unwrap_or(0) <= 5 {
            break;
        }
        let _ = home(&client).await;
    }
    let rl = client.rate_limit().unwrap();
    assert!(rl.remaining.unwrap() <= 5, "{rl:?}");
    let reset = rl.reset.expect("a reset time");
    let called = time::OffsetDateTime::now_utc();
    let waited = client.pace_background().await;
    if called < reset - time::Duration::milliseconds(100) {
        assert!(waited > Duration::ZERO, "{called} {reset}");
    }
    // Not before the reset (a busy machine only makes it later).
    assert!(time::OffsetDateTime::now_utc() >= reset - time::Duration::milliseconds(1));
    home(&client).await.unwrap();
    assert!(
        client.rate_limit().unwrap().remaining.unwrap() > 5,
        "{:?}",
        client.rate_limit()
    );
}
