//! Composing: the character counter against Mastodon's counts, and posting,
//! replying, editing, scheduling, failures and drafts end to end against
//! the demo instance, through the library and through `trompe post`.

#![allow(clippy::unwrap_used)]

use common::demo;
use trompe_testkit as common;

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use time::OffsetDateTime;
use trompe::api::endpoints::compose::{PollParams, Posted, StatusParams};
use trompe::api::endpoints::media::{ProcessingWait, Upload};
use trompe::api::endpoints::timelines::TimelineKind;
use trompe::api::entities::{ScheduledStatusId, Status, StatusId, Visibility};
use trompe::api::{AccessToken, ApiError, Client, PageQuery};
use trompe::compose::{
    self, Autosave, Draft, DraftMedia, DraftPoll, DraftStore, Limits, Problem, SendError,
    SendProgress, Sent,
};
use trompe_demo::{DemoServer, Fault};

fn now() -> OffsetDateTime {
    OffsetDateTime::now_utc()
}

/// Fast polling for the demo's 300 ms processing.
fn wait() -> ProcessingWait {
    ProcessingWait {
        initial: Duration::from_millis(50),
        max_delay: Duration::from_millis(200),
        timeout: Duration::from_secs(60),
    }
}

async fn limits(client: &Client) -> Limits {
    Limits::from_instance(&client.instance().await.unwrap())
}

async fn send(client: &Client, draft: &mut Draft) -> Result<Sent, SendError> {
    let limits = limits(client).await;
    compose::send(client, draft, &limits, now(), &wait(), None).await
}

fn posted(sent: Sent) -> Box<Status> {
    match sent {
        Sent::Posted(s) | Sent::Edited(s) => s,
        Sent::Scheduled(s) => panic!("scheduled, not posted: {s:?}"),
    }
}

/// A small PNG on disk.
fn png(dir: &Path, name: &str, color: (u8, u8, u8)) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, trompe_demo::png::pattern_png(40, 30, color)).unwrap();
    path
}

/// How many of the user's newest statuses contain `needle`.
async fn count_posts(client: &Client, needle: &str) -> usize {
    let page = client
        .timeline(
            &TimelineKind::Home,
            &PageQuery {
                limit: Some(40),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    page.items
        .iter()
        .filter(|s| s.content.contains(needle))
        .count()
}

// ------------------------------------------------------------------ counter

#[test]
fn counter_counts_what_mastodon_counts() {
    let c = |t: &str| compose::count(t, "", 23);
    // Plain text, in grapheme clusters.
    assert_eq!(c("Hello, world!"), 13);
    // Every URL is 23, however long; the text around it counts as usual.
    assert_eq!(
        c("Read https://docs.joinmastodon.org/methods/statuses/#create now"),
        5 + 23 + 4
    );
    assert_eq!(c("a http://x.io b https://y.org/path?q=1"), 2 + 23 + 3 + 23);
    assert_eq!(c("short https://t.co"), 6 + 23);
    // A URL's trailing punctuation is text.
    assert_eq!(c("(see https://example.com/a_(b)), ok."), 5 + 23 + 6);
    // Local mentions count in full, remote ones without their domain.
    assert_eq!(c("@ferris hi"), 10);
    assert_eq!(c("@Gargron@mastodon.social hello"), 14);
    assert_eq!(
        c("cc @a@example.com @b@sub.example.org."),
        3 + 2 + 1 + 2 + 1
    );
    // Not mentions: e-mail addresses, and `@` inside a URL.
    assert_eq!(c("mail me@example.com"), 19);
    assert_eq!(c("https://mastodon.social/@Gargron"), 23);
    // Emoji: a flag, a skin tone and a family are one character each.
    assert_eq!(c("🇫🇷👍🏽👨‍👩‍👧"), 3);
    // CJK and accents: one per character, precomposed or not.
    assert_eq!(c("こんにちは世界"), 7);
    assert_eq!(c("cafe\u{301} café"), 9);
    // The content warning counts too; a blank text does not.
    assert_eq!(compose::count("body", "spoiler", 23), 11);
    assert_eq!(compose::count(" \n ", "cw", 23), 2);
    // Another instance's URL length.
    assert_eq!(compose::count("https://example.com/", "", 30), 30);
}

#[test]
fn counter_entities_locate_urls_and_mentions() {
    let text = "hi @sam and @bob@other.example, see https://example.com/x.";
    let e = compose::entities(text);
    let spans: Vec<&str> = e.iter().map(|e| &text[e.start..e.end]).collect();
    assert_eq!(
        spans,
        vec!["@sam", "@bob@other.example", "https://example.com/x"]
    );
}

#[tokio::test]
async fn counter_and_server_agree_on_the_limit() {
    let (_server, client) = demo().await;
    let limits = limits(&client).await;
    assert_eq!(limits.max_characters, 500);
    let url = "https://example.com/a/very/long/path/that/is/far/over/twenty-three/characters";
    // 476 + 1 + 23 = 500: accepted.
    let mut draft = Draft::new(now());
    draft.text = format!("{} {url}", "x".repeat(476));
    assert_eq!(draft.char_count(&limits).used, 500);
    posted(send(&client, &mut draft).await.unwrap());
    // 501: refused before any request, and by the server too.
    let mut over = Draft::new(now());
    over.text = format!("{} {url}", "y".repeat(477));
    match send(&client, &mut over).await {
        Err(SendError::Invalid(p)) => {
            assert_eq!(
                p,
                vec![Problem::TooLong {
                    used: 501,
                    max: 500
                }]
            )
        }
        other => panic!("expected a refusal, got {other:?}"),
    }
    assert!(over.last_error.is_some());
    let raw = client
        .post_status(&compose::status_params(&over), "over-key")
        .await;
    assert!(
        matches!(raw, Err(ApiError::Unprocessable { .. })),
        "{raw:?}"
    );
}

// ------------------------------------------------------------------ posting

#[tokio::test]
async fn post_with_cw_language_and_two_described_media() {
    let (_server, client) = demo().await;
    let dir = tempfile::tempdir().unwrap();
    let mut draft = Draft::new(now());
    draft.text = "Two pictures of the harbour #photo".into();
    draft.cw = "eye contact".into();
    draft.language = Some("fr".into());
    draft.visibility = Visibility::Unlisted;
    draft.media.push(DraftMedia::file(
        png(dir.path(), "a.png", (200, 30, 30)),
        "A red square",
    ));
    draft.media.push(DraftMedia::file(
        png(dir.path(), "b.png", (30, 30, 200)),
        "A blue square",
    ));
    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = seen.clone();
    let limits = limits(&client).await;
    let sent = compose::send(
        &client,
        &mut draft,
        &limits,
        now(),
        &wait(),
        Some(Arc::new(move |p| log.lock().unwrap().push(p))),
    )
    .await
    .unwrap();
    let status = posted(sent);
    assert_eq!(status.spoiler_text, "eye contact");
    assert_eq!(status.language.as_deref(), Some("fr"));
    assert_eq!(status.visibility, Visibility::Unlisted);
    assert!(status.sensitive, "a content warning makes it sensitive");
    let alts: Vec<_> = status
        .media_attachments
        .iter()
        .map(|m| m.description.clone().unwrap_or_default())
        .collect();
    assert_eq!(alts, vec!["A red square", "A blue square"]);
    assert!(status.media_attachments.iter().all(|m| m.url.is_some()));
    // Both uploads reported progress, and the 202 made us wait for processing.
    let seen = seen.lock().unwrap();
    for index in [1, 2] {
        assert!(seen.iter().any(|p| matches!(p, SendProgress::Uploading { index: i, count: 2, sent, total } if *i == index && sent == total)));
        assert!(seen.contains(&SendProgress::Processing { index }));
    }
    assert_eq!(seen.last(), Some(&SendProgress::Posting));
    // The draft remembers the uploads: a retry would not upload again.
    assert!(
        draft
            .media
            .iter()
            .all(|m| m.uploaded.is_some() && m.processed)
    );
    assert!(draft.last_error.is_none());
}

#[tokio::test]
async fn upload_answers_202_then_processes() {
    let (_server, client) = demo().await;
    let upload = Upload {
        file_name: "x.png".into(),
        data: Arc::new(trompe_demo::png::pattern_png(8, 8, (1, 2, 3))),
        mime: "image/png".into(),
        description: Some("tiny".into()),
        focus: Some((0.5, -0.25)),
    };
    let m = client.upload_media(&upload, None).await.unwrap();
    assert!(m.url.is_none(), "still processing");
    assert!(client.media(&m.id).await.unwrap().url.is_none());
    let done = client.wait_for_media(m, &wait()).await.unwrap();
    assert!(done.url.is_some());
    let focus = done.meta.as_ref().and_then(|meta| meta.focus).unwrap();
    assert_eq!((focus.x, focus.y), (0.5, -0.25));
    let updated = client
        .update_media(&done.id, Some("a tiny square"), None)
        .await
        .unwrap();
    assert_eq!(updated.description.as_deref(), Some("a tiny square"));
    // A wait that gives up reports a timeout; the upload stays usable.
    let m2 = client.upload_media(&upload, None).await.unwrap();
    let short = ProcessingWait {
        initial: Duration::from_millis(10),
        max_delay: Duration::from_millis(10),
        timeout: Duration::from_millis(50),
    };
    assert!(matches!(
        client.wait_for_media(m2, &short).await,
        Err(ApiError::Timeout)
    ));
}

#[tokio::test]
async fn post_with_a_poll_and_media_with_a_poll_refused() {
    let (_server, client) = demo().await;
    let mut draft = Draft::new(now());
    draft.text = "Best terminal font?".into();
    draft.cw = "font wars".into();
    draft.language = Some("en".into());
    let mut poll = DraftPoll::new(vec![
        "Iosevka".into(),
        "JetBrains Mono".into(),
        "Fira Code".into(),
    ]);
    poll.expires_in = 3600;
    poll.multiple = true;
    draft.poll = Some(poll);
    let status = posted(send(&client, &mut draft).await.unwrap());
    let poll = status.poll.unwrap();
    assert!(poll.multiple);
    assert_eq!(poll.options.len(), 3);
    assert_eq!(poll.options[1].title, "JetBrains Mono");
    let left = (poll.expires_at.unwrap() - now()).whole_seconds();
    assert!((3500..=3600).contains(&left), "{left}");
    assert_eq!(status.spoiler_text, "font wars");

    // Mastodon takes media or a poll: refused here, and by the server.
    let dir = tempfile::tempdir().unwrap();
    let mut both = Draft::new(now());
    both.text = "both".into();
    both.media.push(DraftMedia::file(
        png(dir.path(), "c.png", (0, 0, 0)),
        "black",
    ));
    both.poll = Some(DraftPoll::new(vec!["a".into(), "b".into()]));
    assert!(matches!(
        send(&client, &mut both).await,
        Err(SendError::Invalid(p)) if p.contains(&Problem::MediaAndPoll)
    ));
    assert!(both.media[0].uploaded.is_none(), "nothing was uploaded");
    let raw = client
        .post_status(
            &StatusParams {
                status: "both".into(),
                media_ids: vec!["1".into()],
                poll: Some(PollParams {
                    options: vec!["a".into(), "b".into()],
                    expires_in: 600,
                    ..Default::default()
                }),
                ..Default::default()
            },
            "both-key",
        )
        .await;
    assert!(
        matches!(raw, Err(ApiError::Unprocessable { .. })),
        "{raw:?}"
    );
}

/// Finds a status in the home timeline by a piece of its content.
async fn find_home(client: &Client, needle: &str) -> Status {
    let mut page = client
        .timeline(
            &TimelineKind::Home,
            &PageQuery {
                limit: Some(40),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    for _ in 0..20 {
        if let Some(s) = page.items.iter().find(|s| s.content.contains(needle)) {
            return s.clone();
        }
        let next = page.next.clone().unwrap();
        page = client.get_page_at(next).await.unwrap();
    }
    panic!("{needle} not found");
}

#[tokio::test]
async fn reply_inherits_mentions_cw_and_visibility() {
    let (server, client) = demo().await;
    let me = client.verify_credentials().await.unwrap();
    // A public post by ferris mentioning the user and sam.
    let pid = server
        .post_as(
            "ferris",
            "@demo @sam shall we pair on the borrow checker? @ferris",
        )
        .unwrap();
    let parent = client.status(&StatusId::new(pid.clone())).await.unwrap();
    let mut draft = Draft::reply(&parent, &me.id, &Visibility::Unlisted, now());
    assert_eq!(draft.text, "@ferris @sam ");
    assert_eq!(
        draft.visibility,
        Visibility::Unlisted,
        "less public is kept"
    );
    draft.text.push_str("yes!");
    let reply = posted(send(&client, &mut draft).await.unwrap());
    assert_eq!(
        reply.in_reply_to_id.as_ref().map(StatusId::as_str),
        Some(pid.as_str())
    );
    let mut accts: Vec<_> = reply.mentions.iter().map(|m| m.acct.clone()).collect();
    accts.sort();
    assert_eq!(accts, vec!["ferris", "sam"]);

    // A direct message: the reply stays direct whatever the user prefers,
    // and the user is not mentioned.
    let dm = find_home(&client, "authentic experience").await;
    assert_eq!(dm.visibility, Visibility::Direct);
    let draft = Draft::reply(&dm, &me.id, &Visibility::Public, now());
    assert_eq!(draft.visibility, Visibility::Direct);
    assert_eq!(draft.text, "@marisol ");
    // Replying to yourself mentions only the others.
    let own = Draft::reply(&reply, &me.id, &Visibility::Public, now());
    assert_eq!(own.text, "@ferris @sam ");
    assert_eq!(own.visibility, Visibility::Unlisted);
    // Written as ferris: ferris is not mentioned.
    let as_ferris = Draft::reply(&parent, &parent.account.id, &Visibility::Public, now());
    assert_eq!(as_ferris.text, "@demo @sam ");
}

#[tokio::test]
async fn edit_changes_text_cw_and_alt_text_and_keeps_history() {
    let (_server, client) = demo().await;
    let dir = tempfile::tempdir().unwrap();
    let mut draft = Draft::new(now());
    draft.text = "Frist post with a picture".into();
    draft.media.push(DraftMedia::file(
        png(dir.path(), "d.png", (9, 9, 9)),
        "grey",
    ));
    let original = posted(send(&client, &mut draft).await.unwrap());

    let source = client.status_source(&original.id).await.unwrap();
    assert_eq!(source.text, "Frist post with a picture");
    let mut edit = Draft::edit(&original, Some(&source), now());
    assert_eq!(edit.edit_of.as_ref(), Some(&original.id));
    assert_eq!(edit.media.len(), 1);
    edit.text = "First post with a picture".into();
    edit.cw = "typo fixed".into();
    edit.media[0].description = "a grey square".into();
    let params = compose::edit_params(&edit);
    assert_eq!(
        params.media_attributes.len(),
        1,
        "only the changed alt text"
    );
    assert_eq!(params.media_attributes[0].focus, None);
    // A new focal point goes with the edit too.
    edit.media[0].focus = Some((0.25, 0.75));
    let params = compose::edit_params(&edit);
    assert_eq!(
        params.media_attributes[0].focus.as_deref(),
        Some("0.25,0.75")
    );
    let edited = posted(send(&client, &mut edit).await.unwrap());
    assert_eq!(edited.id, original.id);
    assert!(edited.edited_at.is_some());
    assert_eq!(edited.spoiler_text, "typo fixed");
    assert_eq!(
        edited.media_attachments[0].description.as_deref(),
        Some("a grey square")
    );
    let focus = edited.media_attachments[0]
        .meta
        .as_ref()
        .and_then(|m| m.focus)
        .unwrap();
    assert_eq!((focus.x, focus.y), (0.25, 0.75));
    assert!(edited.content.contains("First post"));
    let history = client.status_history(&original.id).await.unwrap();
    assert_eq!(history.len(), 2);
    assert!(history[0].content.contains("Frist"));
    assert!(history[1].content.contains("First"));
    assert_eq!(history[1].spoiler_text, "typo fixed");
    let source = client.status_source(&original.id).await.unwrap();
    assert_eq!(source.text, "First post with a picture");
}

#[tokio::test]
async fn schedule_list_reschedule_and_cancel() {
    let (_server, client) = demo().await;
    let mut draft = Draft::new(now());
    draft.text = "Good morning, future".into();
    draft.scheduled_at = Some(now() + time::Duration::hours(2));
    let limits = limits(&client).await;
    // Less than five minutes ahead is refused before sending.
    let mut soon = draft.clone();
    soon.scheduled_at = Some(now() + time::Duration::minutes(2));
    assert!(matches!(
        compose::send(&client, &mut soon, &limits, now(), &wait(), None).await,
        Err(SendError::Invalid(p)) if p == vec![Problem::ScheduleTooSoon]
    ));
    let scheduled = match compose::send(&client, &mut draft, &limits, now(), &wait(), None)
        .await
        .unwrap()
    {
        Sent::Scheduled(s) => s,
        other => panic!("not scheduled: {other:?}"),
    };
    assert_eq!(scheduled.params.text, "Good morning, future");
    assert!(count_posts(&client, "Good morning, future").await == 0);
    let list = client
        .scheduled_statuses(&PageQuery::default())
        .await
        .unwrap();
    assert_eq!(list.items.len(), 1);
    assert_eq!(list.items[0].id, scheduled.id);
    let later = now() + time::Duration::days(1);
    let moved = client.reschedule(&scheduled.id, later).await.unwrap();
    assert_eq!(
        moved.scheduled_at.unwrap().unix_timestamp(),
        later.unix_timestamp()
    );
    assert!(matches!(
        client
            .reschedule(&scheduled.id, now() + time::Duration::minutes(1))
            .await,
        Err(ApiError::Unprocessable { .. })
    ));
    // The same idempotency key gives back the same scheduled status.
    let again = client
        .post_status(&compose::status_params(&draft), &draft.idempotency_key)
        .await
        .unwrap();
    assert!(matches!(again, Posted::Scheduled(s) if s.id == scheduled.id));
    client.cancel_scheduled(&scheduled.id).await.unwrap();
    assert!(
        client
            .scheduled_statuses(&PageQuery::default())
            .await
            .unwrap()
            .items
            .is_empty()
    );
    assert!(matches!(
        client
            .scheduled_status(&ScheduledStatusId::new(scheduled.id.as_str()))
            .await,
        Err(ApiError::NotFound { .. })
    ));
}

// ------------------------------------------------------------------ failures

#[tokio::test]
async fn a_500_keeps_the_draft_and_the_retry_posts_once() {
    let (server, client) = demo().await;
    let data = tempfile::tempdir().unwrap();
    let store = DraftStore::new(data.path());
    let mut draft = Draft::new(now());
    draft.text = "retry-500 marker".into();
    server
        .faults()
        .inject("/api/v1/statuses", Fault::Status(500), 1);
    let err = send(&client, &mut draft).await.unwrap_err();
    assert!(
        matches!(err.api_error(), Some(ApiError::Status { code: 500, .. })),
        "{err:?}"
    );
    // The caller keeps the draft; it comes back with its key and its error.
    store.save(&draft).unwrap();
    let mut restored = store.load(&draft.id).unwrap();
    assert_eq!(restored.idempotency_key, draft.idempotency_key);
    assert!(restored.last_error.as_deref().unwrap().contains("500"));
    posted(send(&client, &mut restored).await.unwrap());
    assert!(restored.last_error.is_none());
    assert_eq!(count_posts(&client, "retry-500 marker").await, 1);
}

#[tokio::test]
async fn a_timeout_after_the_server_accepted_then_a_retry_leaves_one_post() {
    let (server, client) = demo().await;
    let impatient = Client::with_http(
        reqwest::Client::builder()
            .timeout(Duration::from_secs(1))
            .build()
            .unwrap(),
        server.base_url().clone(),
        Some(AccessToken::new(server.token())),
    );
    let mut draft = Draft::new(now());
    draft.text = "timeout marker".into();
    // The server creates the post, then holds the answer past the client's timeout.
    server.faults().inject(
        "/api/v1/statuses",
        Fault::DelayResponse(Duration::from_secs(10)),
        1,
    );
    let err = send(&impatient, &mut draft).await.unwrap_err();
    assert!(
        matches!(err.api_error(), Some(ApiError::Timeout)),
        "{err:?}"
    );
    assert_eq!(
        count_posts(&client, "timeout marker").await,
        1,
        "the server did post it"
    );
    // The retry (same draft, same key) gets the same post back.
    let first = find_home(&client, "timeout marker").await;
    let again = posted(send(&client, &mut draft).await.unwrap());
    assert_eq!(again.id, first.id);
    assert_eq!(count_posts(&client, "timeout marker").await, 1);
    // A different key is a different post: the key is what protects.
    let mut other = draft.clone();
    other.idempotency_key = Draft::new(now()).idempotency_key;
    posted(send(&client, &mut other).await.unwrap());
    assert_eq!(count_posts(&client, "timeout marker").await, 2);
}

#[tokio::test]
async fn a_failed_upload_is_not_repeated_on_retry() {
    let (server, client) = demo().await;
    let dir = tempfile::tempdir().unwrap();
    let mut draft = Draft::new(now());
    draft.text = "two-step marker".into();
    draft.media.push(DraftMedia::file(
        png(dir.path(), "e.png", (5, 5, 5)),
        "dark",
    ));
    // The upload succeeds, the post fails.
    server
        .faults()
        .inject("/api/v1/statuses", Fault::Status(503), 1);
    assert!(send(&client, &mut draft).await.is_err());
    let uploaded = draft.media[0].uploaded.clone().unwrap();
    // The file is gone: a retry must not need it.
    std::fs::remove_file(dir.path().join("e.png")).unwrap();
    let status = posted(send(&client, &mut draft).await.unwrap());
    assert_eq!(status.media_attachments[0].id, uploaded);
}

// ------------------------------------------------------------------ drafts

#[test]
fn autosave_then_crash_then_restore() {
    let data = tempfile::tempdir().unwrap();
    let t0 = OffsetDateTime::now_utc();
    let ms = time::Duration::milliseconds;
    {
        // A session typing, autosaving as the app's tick asks.
        let store = DraftStore::new(data.path());
        let mut draft = Draft::new(t0);
        let mut auto = Autosave::default();
        let mut saves = 0;
        // A word every 300 ms for 1.5 s: saved at least once a second while typing.
        let words = ["The ", "draft ", "that ", "survives ", "a ", "crash"];
        for (i, word) in words.iter().enumerate() {
            let t = t0 + ms(300 * i as i64);
            draft.text.push_str(word);
            draft.touch(t);
            auto.changed(t);
            if auto.due(t) {
                store.save(&draft).unwrap();
                auto.saved(t);
                saves += 1;
            }
        }
        // The tick after the last keystroke.
        let t = t0 + ms(300 * 5 + 500);
        assert!(auto.due(t));
        store.save(&draft).unwrap();
        saves += 1;
        assert!(saves >= 2, "saved during typing and after the pause");
        // Dropped here without any clean exit: the "kill -9".
    }
    let store = DraftStore::new(data.path());
    let back = store.latest().unwrap().unwrap();
    assert_eq!(back.text, "The draft that survives a crash");
    // Nothing half-written is left behind.
    let files: Vec<_> = std::fs::read_dir(store.dir())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    assert_eq!(files, vec![format!("{}.json", back.id)]);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(store.dir().join(&files[0]))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o077, 0, "drafts are private");
    }
}

#[test]
fn drafts_list_load_delete_and_refuse_bad_ids() {
    let data = tempfile::tempdir().unwrap();
    let store = DraftStore::new(data.path());
    assert!(store.list().unwrap().is_empty());
    let t = OffsetDateTime::now_utc();
    let mut a = Draft::new(t);
    a.text = "older".into();
    let mut b = Draft::new(t + time::Duration::seconds(5));
    b.text = "newer".into();
    store.save(&a).unwrap();
    store.save(&b).unwrap();
    // A corrupt file is skipped, not fatal.
    std::fs::write(store.dir().join("junk.json"), "{not json").unwrap();
    let list = store.list().unwrap();
    assert_eq!(
        list.iter().map(|d| d.text.as_str()).collect::<Vec<_>>(),
        vec!["newer", "older"]
    );
    store.delete(&a.id).unwrap();
    assert!(store.load(&a.id).is_err());
    assert!(store.delete(&a.id).is_err());
    assert!(store.load("../../etc/passwd").is_err());
    assert!(store.path_of("a/b").is_err());
}

// ------------------------------------------------------------------ the CLI

fn cli(server: &DemoServer, data: &Path) -> tokio::process::Command {
    let mut cmd = tokio::process::Command::new(env!("CARGO_BIN_EXE_trompe"));
    cmd.env("TROMPE_INSTANCE", server.base_url().as_str())
        .env("TROMPE_TOKEN", server.token())
        .env("TROMPE_DATA_DIR", data)
        .env("TROMPE_CONFIG_DIR", data.join("config"))
        .env("TROMPE_NO_KEYRING", "1")
        .env_remove("VISUAL")
        .env_remove("EDITOR")
        .stdin(std::process::Stdio::null())
        .kill_on_drop(true);
    cmd
}

fn text(out: &[u8]) -> String {
    String::from_utf8_lossy(out).into_owned()
}

#[tokio::test(flavor = "multi_thread")]
async fn cli_posts_and_prints_the_url() {
    let (server, client) = demo().await;
    let data = tempfile::tempdir().unwrap();
    let img = png(data.path(), "f.png", (50, 100, 150));
    let out = cli(&server, data.path())
        .args([
            "post",
            "cli marker with a picture",
            "--cw",
            "cli",
            "--lang",
            "en",
        ])
        .arg("--media")
        .arg(&img)
        .args(["--alt", "a teal square", "--visibility", "unlisted"])
        .output()
        .await
        .unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    let url = text(&out.stdout).trim().to_string();
    assert!(
        url.starts_with(server.base_url().as_str().trim_end_matches('/')),
        "{url}"
    );
    let id = url.rsplit('/').next().unwrap();
    let status = client.status(&StatusId::new(id)).await.unwrap();
    assert_eq!(status.spoiler_text, "cli");
    assert_eq!(status.visibility, Visibility::Unlisted);
    assert_eq!(
        status.media_attachments[0].description.as_deref(),
        Some("a teal square")
    );

    // A reply and a poll, from standard input.
    let mut child = cli(&server, data.path())
        .args(["post", "-", "--reply-to", id])
        .args(["--poll", "yes", "--poll", "no", "--poll-expires", "30m"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    {
        use tokio::io::AsyncWriteExt;
        let mut stdin = child.stdin.take().unwrap();
        stdin.write_all(b"stdin reply marker\n").await.unwrap();
    }
    let out = child.wait_with_output().await.unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    let rid = text(&out.stdout)
        .trim()
        .rsplit('/')
        .next()
        .unwrap()
        .to_string();
    let reply = client.status(&StatusId::new(rid)).await.unwrap();
    assert_eq!(
        reply.in_reply_to_id.as_ref().map(StatusId::as_str),
        Some(id)
    );
    assert_eq!(reply.visibility, Visibility::Unlisted, "inherited");
    assert_eq!(reply.spoiler_text, "cli", "inherited");
    assert_eq!(reply.poll.unwrap().options.len(), 2);

    // Scheduling prints the scheduled id and time.
    let out = cli(&server, data.path())
        .args(["post", "later marker", "--schedule", "+2h"])
        .output()
        .await
        .unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).starts_with("scheduled "),
        "{}",
        text(&out.stdout)
    );

    // An edit.
    let out = cli(&server, data.path())
        .args(["post", "cli marker, edited", "--edit", id])
        .output()
        .await
        .unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(
        client
            .status_history(&StatusId::new(id))
            .await
            .unwrap()
            .len(),
        2
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn cli_failure_keeps_the_draft_and_the_retry_posts_once() {
    let (server, client) = demo().await;
    let data = tempfile::tempdir().unwrap();
    server
        .faults()
        .inject("/api/v1/statuses", Fault::Status(500), 1);
    let out = cli(&server, data.path())
        .args(["post", "cli retry marker"])
        .output()
        .await
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(err.contains("500"), "{err}");
    assert!(err.contains("the draft is saved in"), "{err}");
    let store = DraftStore::new(data.path());
    let saved = store.latest().unwrap().unwrap();
    assert_eq!(saved.text, "cli retry marker");
    assert!(err.contains(&saved.id));
    // `trompe drafts` lists it.
    let out = cli(&server, data.path())
        .args(["drafts"])
        .output()
        .await
        .unwrap();
    assert!(text(&out.stdout).contains(&saved.id));
    assert!(text(&out.stdout).contains("[failed]"));
    // The retry posts it, once, and forgets the draft.
    let out = cli(&server, data.path())
        .args(["post", "--draft", &saved.id])
        .output()
        .await
        .unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(store.latest().unwrap().is_none());
    assert_eq!(count_posts(&client, "cli retry marker").await, 1);
}

#[tokio::test(flavor = "multi_thread")]
async fn cli_refusals_keep_the_text() {
    let (server, _client) = demo().await;
    let data = tempfile::tempdir().unwrap();
    // Too long: refused before sending, exit 2, kept.
    let long = "z".repeat(600);
    let out = cli(&server, data.path())
        .args(["post", &long])
        .output()
        .await
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("600 characters"),
        "{}",
        text(&out.stderr)
    );
    // A bad flag after the text was read from stdin: kept too.
    let mut child = cli(&server, data.path())
        .args(["post", "-", "--schedule", "someday"])
        .stdin(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    {
        use tokio::io::AsyncWriteExt;
        let mut stdin = child.stdin.take().unwrap();
        stdin.write_all(b"precious words").await.unwrap();
    }
    let out = child.wait_with_output().await.unwrap();
    assert_eq!(out.status.code(), Some(2));
    let texts: Vec<String> = DraftStore::new(data.path())
        .list()
        .unwrap()
        .into_iter()
        .map(|d| d.text)
        .collect();
    assert!(texts.contains(&long));
    assert!(texts.contains(&"precious words".to_string()));
    // No account at all: the text is kept as well.
    let out = tokio::process::Command::new(env!("CARGO_BIN_EXE_trompe"))
        .env_remove("TROMPE_INSTANCE")
        .env_remove("TROMPE_TOKEN")
        .env("TROMPE_DATA_DIR", data.path())
        .env("TROMPE_CONFIG_DIR", data.path().join("config"))
        .env("TROMPE_NO_KEYRING", "1")
        .args(["post", "no account marker"])
        .output()
        .await
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    assert!(text(&out.stderr).contains("the draft is saved in"));
    // --editor without a terminal is refused, not hung.
    let out = cli(&server, data.path())
        .args(["post", "--editor"])
        .output()
        .await
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("terminal"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn scheduled_posts_are_listed_rescheduled_and_cancelled_from_the_cli() {
    let server = trompe_demo::DemoServer::start(trompe_demo::DemoOptions::default())
        .await
        .unwrap();
    let run = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_trompe"))
            .args(args)
            .env("TROMPE_INSTANCE", server.base_url().as_str())
            .env("TROMPE_TOKEN", server.token())
            .env(
                "TROMPE_DATA_DIR",
                std::env::temp_dir().join("trompe-sched-test"),
            )
            .output()
            .unwrap()
    };
    let out = run(&["post", "see you later", "--schedule", "+2h"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let list = String::from_utf8(run(&["scheduled"]).stdout).unwrap();
    let id = list.split_whitespace().next().unwrap().to_string();
    assert!(list.contains("see you later"), "{list}");
    let out = run(&["scheduled", "reschedule", &id, "+3h"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = run(&["scheduled", "cancel", &id]);
    assert!(out.status.success());
    assert!(
        String::from_utf8(run(&["scheduled"]).stdout)
            .unwrap()
            .contains("No scheduled posts")
    );
}
