//! Interoperability: trompe against a Mastodon implementation nobody on this
//! team wrote — mastodon-mock (PyPI, MIT), started by `scripts/interop.sh`.
//!
//! `TROMPE_INTEROP_URL` points at the running mock (`http://127.0.0.1:PORT`).
//! Unset, the tests print why they skip and pass, as on a plain `cargo
//! test`; but with `CI=true` a missing or unreachable server fails them, so
//! CI cannot go green without running them.
//!
//! The mock is stateful and shared, so the tests take turns (a lock) and
//! reset it (`POST /api/v1/_mock/reset`) before each one.
//!
//! Every test lives in `mod interop`, so `.ci/run`'s plain `cargo test` step
//! can leave them to `scripts/interop.sh` with `--skip interop::`.

#![allow(clippy::unwrap_used)]

/// The whole suite; see the file's documentation.
mod interop {
    use std::collections::{HashMap, HashSet};
    use std::process::{Command, Output, Stdio};
    use std::time::{Duration, Instant};

    use reqwest::Method;
    use serde::de::DeserializeOwned;
    use serde_json::{Value, json};
    use tokio::sync::{MutexGuard, mpsc};
    use trompe::api::client::decode;
    use trompe::api::endpoints::accounts::{FollowOptions, MuteOptions};
    use trompe::api::endpoints::compose::{EditParams, PollParams, Posted, StatusParams};
    use trompe::api::endpoints::lists::ListParams;
    use trompe::api::endpoints::media::{ProcessingWait, Progress, Upload};
    use trompe::api::endpoints::notifications::{NotificationFeed, NotificationQuery};
    use trompe::api::endpoints::search::{SearchQuery, SearchType};
    use trompe::api::endpoints::timelines::TimelineKind;
    use trompe::api::entities::{
        Account, MediaAttachment, Notification, NotificationType, Status, StatusId, Visibility,
    };
    use trompe::api::{AccessToken, ApiError, Client, PageQuery};
    use trompe::auth::flow;
    use trompe::streaming::{self, StreamEvent, StreamMessage, Subscription};
    use url::Url;

    /// The environment variable naming the server.
    const ENV: &str = "TROMPE_INTEROP_URL";

    static LOCK: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

    /// The seeded tokens of mastodon-mock's `--demo` world.
    const ADA: &str = "ada_token";
    const GRACE: &str = "grace_token";
    const ALAN: &str = "alan_token";

    /// A turn on the shared mock, reset to its seed.
    struct Mock {
        base: Url,
        http: reqwest::Client,
        _turn: MutexGuard<'static, ()>,
    }

    fn in_ci() -> bool {
        std::env::var("CI").is_ok_and(|v| v.eq_ignore_ascii_case("true") || v == "1")
    }

    impl Mock {
        /// The mock, reset; `None` (with a message) when the suite is not
        /// configured outside CI. Panics in CI, or when the server is configured
        /// but does not answer.
        async fn acquire(test: &str) -> Option<Mock> {
            let Some(raw) = std::env::var(ENV).ok().filter(|v| !v.trim().is_empty()) else {
                if in_ci() {
                    panic!(
                        "{ENV} is not set, and CI=true: the interop suite must run in CI (run it through `bash scripts/interop.sh`)"
                    );
                }
                eprintln!(
                    "skipping interop test `{test}`: {ENV} is not set (run `bash scripts/interop.sh` to start mastodon-mock and run the suite)"
                );
                return None;
            };
            let base = Url::parse(raw.trim()).unwrap_or_else(|e| panic!("{ENV}={raw}: {e}"));
            assert!(
                matches!(base.host_str(), Some("127.0.0.1") | Some("localhost")),
                "{ENV} must point at 127.0.0.1: the tests only talk to this machine"
            );
            let turn = LOCK.lock().await;
            let http = reqwest::Client::builder()
                .timeout(Duration::from_secs(30))
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .unwrap();
            let health = http.get(base.join("health").unwrap()).send().await;
            match health {
                Ok(r) if r.status().is_success() => {}
                Ok(r) => panic!(
                    "mastodon-mock at {base} answered /health with {}",
                    r.status()
                ),
                Err(e) => panic!("mastodon-mock at {base} is unreachable ({e}); is it running?"),
            }
            let m = Mock {
                base,
                http,
                _turn: turn,
            };
            m.reset().await;
            Some(m)
        }

        fn url(&self, path: &str) -> Url {
            self.base.join(path.trim_start_matches('/')).unwrap()
        }

        async fn reset(&self) {
            let r = self
                .http
                .post(self.url("api/v1/_mock/reset"))
                .send()
                .await
                .unwrap();
            assert!(r.status().is_success(), "reset: {}", r.status());
        }

        /// Adds a fault rule (see mastodon-mock's `faults.py`).
        async fn fault(&self, rule: Value) {
            let r = self
                .http
                .post(self.url("api/v1/_mock/faults"))
                .json(&rule)
                .send()
                .await
                .unwrap();
            assert!(r.status().is_success(), "fault: {}", r.status());
        }

        fn client(&self, token: &str) -> Client {
            Client::new(self.base.clone(), Some(AccessToken::new(token))).unwrap()
        }

        fn instance(&self) -> String {
            self.base.as_str().trim_end_matches('/').to_string()
        }
    }

    // ---------------------------------------------------------------------------
    // Raw requests for endpoints trompe has no typed method for (yet).

    async fn call<T: DeserializeOwned>(
        c: &Client,
        method: Method,
        path: &str,
        body: Option<Value>,
    ) -> Result<T, ApiError> {
        let mut rb = c.request(method, c.url(path)?);
        if let Some(b) = body {
            rb = rb.json(&b);
        }
        let (_, bytes) = c.send(rb, path).await?;
        decode(path, &bytes)
    }

    async fn me(c: &Client) -> Account {
        c.verify_credentials().await.unwrap()
    }

    fn ids(statuses: &[Status]) -> Vec<String> {
        statuses.iter().map(|s| s.id.as_str().to_string()).collect()
    }

    /// Snowflake-like ids compare as numbers when they are, else as strings.
    fn newer(a: &str, b: &str) -> bool {
        match (a.parse::<u128>(), b.parse::<u128>()) {
            (Ok(x), Ok(y)) => x > y,
            _ => (a.len(), a) > (b.len(), b),
        }
    }

    /// A tiny valid PNG.
    fn png() -> Vec<u8> {
        trompe_demo::png::pattern_png(2, 2, (200, 200, 200))
    }

    // ---------------------------------------------------------------------------
    // Login

    #[tokio::test]
    async fn login_with_the_oauth_code_flow_paste_path() {
        let Some(m) = Mock::acquire("login").await else {
            return;
        };
        let dir = tempfile::tempdir().unwrap();
        let p = flow::prepare(&m.instance(), dir.path())
            .await
            .expect("prepare: instance info and app registration");
        assert!(!p.app.client_id.is_empty());
        let auth = flow::authorize(&p, flow::oob()).unwrap();
        let q: std::collections::HashMap<_, _> = auth.url.query_pairs().into_owned().collect();
        assert_eq!(q.get("response_type").map(String::as_str), Some("code"));
        assert_eq!(q.get("redirect_uri").map(String::as_str), Some(flow::oob()));
        assert_eq!(
            q.get("code_challenge_method").map(String::as_str),
            Some("S256")
        );
        assert!(q.get("scope").is_some_and(|s| s.contains("read")));

        // The "browser": the authorize page, then its form, like a person would.
        let page = m.http.get(auth.url.clone()).send().await.unwrap();
        assert!(
            page.status().is_success(),
            "authorize page: {}",
            page.status()
        );
        let html = page.text().await.unwrap();
        assert!(html.contains("value=\"grace\""), "{html}");
        let form: Vec<(String, String)> = vec![
            ("username".into(), "grace".into()),
            ("redirect_uri".into(), flow::oob().into()),
            ("client_id".into(), p.app.client_id.clone()),
            ("scope".into(), q.get("scope").cloned().unwrap_or_default()),
            ("state".into(), auth.state().to_string()),
        ];
        let shown = m
            .http
            .post(m.url("oauth/authorize"))
            .form(&form)
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        let code = shown
            .split("Authorization code:")
            .nth(1)
            .and_then(|rest| rest.split('<').next())
            .map(|c| c.trim().to_string())
            .unwrap_or_else(|| panic!("no code on the page: {shown}"));
        assert_eq!(code, "mockcode_grace");

        let token = flow::exchange(&p, auth, &format!("  {code}\n"))
            .await
            .expect("exchange");
        let account = flow::verify(&p, &token).await.expect("verify");
        assert_eq!(account.username, "grace");

        // A wrong code is the server's own error, not a crash.
        let auth = flow::authorize(&p, flow::oob()).unwrap();
        let err = flow::exchange(&p, auth, "not-a-code").await.unwrap_err();
        assert!(err.to_string().contains("invalid_grant"), "{err}");

        // Revocation works there too.
        flow::revoke(&p.client, &p.app, &token).await.unwrap();
        let gone = p.client.with_token(Some(token)).verify_credentials().await;
        assert!(
            matches!(gone, Err(ApiError::Unauthorized { .. })),
            "{gone:?}"
        );
    }

    // ---------------------------------------------------------------------------
    // Timelines

    /// Reads a whole timeline by following `rel="next"`, two at a time; checks
    /// order and duplicates; returns the ids.
    async fn walk(c: &Client, kind: &TimelineKind) -> Vec<String> {
        let first = c
            .timeline(
                kind,
                &PageQuery {
                    limit: Some(2),
                    ..Default::default()
                },
            )
            .await
            .unwrap_or_else(|e| panic!("{kind:?}: {e}"));
        let mut all = ids(&first.items);
        let mut next = first.next;
        let mut pages = 1;
        while let Some(url) = next {
            pages += 1;
            assert!(pages <= 60, "{kind:?}: more than 60 pages");
            assert!(
                url.query_pairs().any(|(k, _)| k == "max_id"),
                "{kind:?}: next link without max_id: {url}"
            );
            let page = c
                .get_page_at::<Status>(url)
                .await
                .unwrap_or_else(|e| panic!("{kind:?} page {pages}: {e}"));
            all.extend(ids(&page.items));
            next = page.next;
        }
        let unique: HashSet<_> = all.iter().collect();
        assert_eq!(unique.len(), all.len(), "{kind:?}: duplicates in {all:?}");
        for w in all.windows(2) {
            assert!(newer(&w[0], &w[1]), "{kind:?}: not newest first: {all:?}");
        }
        all
    }

    async fn whole(c: &Client, kind: &TimelineKind) -> Vec<String> {
        let page = c
            .timeline(
                kind,
                &PageQuery {
                    limit: Some(40),
                    ..Default::default()
                },
            )
            .await
            .unwrap_or_else(|e| panic!("{kind:?}: {e}"));
        ids(&page.items)
    }

    #[tokio::test]
    async fn every_timeline_pages_through_link_headers() {
        let Some(m) = Mock::acquire("timelines").await else {
            return;
        };
        let ada = m.client(ADA);
        let grace_id = ada.lookup_account("grace").await.unwrap().id;
        let list = ada
            .create_list(&ListParams {
                title: "Friends".into(),
                replies_policy: None,
                exclusive: None,
            })
            .await
            .unwrap();
        ada.add_to_list(&list.id, &[grace_id]).await.unwrap();
        // Something in bookmarks and favourites.
        let home = whole(&ada, &TimelineKind::Home).await;
        assert!(home.len() >= 5, "home: {home:?}");
        for id in home.iter().take(3) {
            let id = StatusId::new(id.as_str());
            ada.bookmark(&id).await.unwrap();
            ada.favourite(&id).await.unwrap();
        }
        let me = me(&ada).await;

        let kinds = [
            TimelineKind::Home,
            TimelineKind::Local,
            TimelineKind::Federated,
            TimelineKind::Hashtag {
                tag: "computing".into(),
                any: vec![],
            },
            TimelineKind::List {
                id: list.id.clone(),
                title: "Friends".into(),
            },
            TimelineKind::Bookmarks,
            TimelineKind::Favourites,
            TimelineKind::Account {
                id: me.id.clone(),
                acct: me.acct.clone(),
                with_replies: true,
                only_media: false,
            },
        ];
        for kind in &kinds {
            let paged = walk(&ada, kind).await;
            let at_once = whole(&ada, kind).await;
            assert!(!paged.is_empty(), "{kind:?} is empty");
            match kind {
                // Bookmarks and favourites page by when they were marked, not by
                // status id, so only the set is comparable.
                TimelineKind::Bookmarks | TimelineKind::Favourites => {
                    let a: HashSet<_> = paged.iter().collect();
                    let b: HashSet<_> = at_once.iter().collect();
                    assert_eq!(a, b, "{kind:?}");
                }
                _ => assert_eq!(paged, at_once, "{kind:?}: paging lost or added posts"),
            }
        }

        // rel="prev" reads newer posts: none yet, then the one just written.
        let first = ada
            .timeline(&TimelineKind::Home, &PageQuery::default())
            .await
            .unwrap();
        let prev = first.prev.clone().expect("a prev link");
        assert!(prev.query_pairs().any(|(k, _)| k == "min_id"), "{prev}");
        let none = ada.get_page_at::<Status>(prev.clone()).await.unwrap();
        assert!(none.items.is_empty(), "{:?}", ids(&none.items));
        let new = publish(&ada, text_post("newer than the page")).await;
        let newer_page = ada.get_page_at::<Status>(prev).await.unwrap();
        assert_eq!(ids(&newer_page.items), vec![new.id.as_str().to_string()]);

        // Local holds only local posts, even paged through its links.
        for id in walk(&ada, &TimelineKind::Local).await {
            let s = ada.status(&StatusId::new(id.as_str())).await.unwrap();
            assert!(
                !s.account.acct.contains('@'),
                "remote post in Local: {}",
                s.account.acct
            );
        }
    }

    // ---------------------------------------------------------------------------
    // Posting, through trompe's compose API

    async fn upload(c: &Client, description: &str) -> MediaAttachment {
        let up = Upload {
            file_name: "square.png".into(),
            data: std::sync::Arc::new(png()),
            mime: "image/png".into(),
            description: Some(description.to_string()),
            focus: Some((0.5, -0.25)),
        };
        let sent = std::sync::Arc::new(std::sync::atomic::AtomicU64::new(0));
        let seen = sent.clone();
        let progress: Progress = std::sync::Arc::new(move |done, _total| {
            seen.store(done, std::sync::atomic::Ordering::Relaxed);
        });
        let media = c.upload_media(&up, Some(progress)).await.expect("upload");
        assert_eq!(
            sent.load(std::sync::atomic::Ordering::Relaxed),
            png().len() as u64
        );
        // This server answers 200 with the URL at once (Mastodon: 202, then
        // poll): waiting must return straight away.
        // A wait that polled at all would sleep an hour first: the bound
        // below only catches that, it never races a fast machine.
        let never = ProcessingWait {
            initial: Duration::from_secs(3600),
            max_delay: Duration::from_secs(3600),
            timeout: Duration::from_secs(7200),
        };
        let media = tokio::time::timeout(Duration::from_secs(60), c.wait_for_media(media, &never))
            .await
            .expect("returned without polling")
            .expect("processed");
        assert!(media.url.is_some());
        media
    }

    fn key() -> String {
        format!(
            "interop-{}-{}",
            std::process::id(),
            time::OffsetDateTime::now_utc().unix_timestamp_nanos()
        )
    }

    fn text_post(text: &str) -> StatusParams {
        StatusParams {
            status: text.into(),
            ..Default::default()
        }
    }

    async fn publish(c: &Client, params: StatusParams) -> Status {
        match c.post_status(&params, &key()).await {
            Ok(Posted::Status(s)) => *s,
            other => panic!("post {params:?}: {other:?}"),
        }
    }

    #[tokio::test]
    async fn posting_cw_media_poll_reply_and_edit() {
        let Some(m) = Mock::acquire("posting").await else {
            return;
        };
        let ada = m.client(ADA);
        let grace = m.client(GRACE);

        // A content warning, unlisted.
        let cw = publish(
            &ada,
            StatusParams {
                status: "the ending of the book".into(),
                spoiler_text: "spoilers".into(),
                visibility: Some(Visibility::Unlisted),
                sensitive: true,
                language: Some("en".into()),
                ..Default::default()
            },
        )
        .await;
        assert_eq!(cw.spoiler_text, "spoilers");
        assert_eq!(cw.visibility, Visibility::Unlisted);
        assert!(cw.sensitive);

        // Media with alt text, changed once before it is attached. (This
        // server reads that update only as a form: trompe sends a form.)
        let media = upload(&ada, "A grey square, two pixels wide").await;
        assert_eq!(
            media.description.as_deref(),
            Some("A grey square, two pixels wide")
        );
        let updated = ada
            .update_media(&media.id, Some("A grey square"), None)
            .await
            .unwrap();
        assert_eq!(updated.description.as_deref(), Some("A grey square"));
        let with_media = publish(
            &ada,
            StatusParams {
                status: "a picture".into(),
                media_ids: vec![media.id.clone()],
                ..Default::default()
            },
        )
        .await;
        let fetched = ada.status(&with_media.id).await.unwrap();
        let alts: Vec<_> = fetched
            .media_attachments
            .iter()
            .map(|a| a.description.as_deref())
            .collect();
        assert_eq!(alts, [Some("A grey square")]);

        // A poll (sent as JSON: this server ignores a form-encoded poll).
        let poll = publish(
            &ada,
            StatusParams {
                status: "tabs or spaces?".into(),
                poll: Some(PollParams {
                    options: vec!["tabs".into(), "spaces".into()],
                    expires_in: 3600,
                    multiple: false,
                    hide_totals: false,
                }),
                ..Default::default()
            },
        )
        .await;
        let p = poll.poll.as_ref().expect("the poll came back");
        let titles: Vec<_> = p.options.iter().map(|o| o.title.as_str()).collect();
        assert_eq!(titles, ["tabs", "spaces"]);
        assert!(!p.expired);
        let voted = grace.vote(&p.id, &[1]).await.unwrap();
        assert_eq!(voted.own_votes.as_deref(), Some(&[1usize][..]));
        assert_eq!(voted.voted, Some(true));

        // A reply from someone else.
        let reply = publish(
            &grace,
            StatusParams {
                status: "@ada spaces, obviously".into(),
                in_reply_to_id: Some(poll.id.clone()),
                ..Default::default()
            },
        )
        .await;
        assert_eq!(reply.in_reply_to_id.as_ref(), Some(&poll.id));
        let ctx = ada.status_context(&poll.id).await.unwrap();
        assert!(ctx.descendants.iter().any(|s| s.id == reply.id));

        // An edit.
        let edited = ada
            .edit_status(
                &cw.id,
                &EditParams {
                    status: "the ending of the book (edited)".into(),
                    spoiler_text: "spoilers!".into(),
                    sensitive: true,
                    ..Default::default()
                },
            )
            .await
            .unwrap();
        assert!(edited.edited_at.is_some());
        assert!(edited.content.contains("(edited)"), "{}", edited.content);
        assert_eq!(edited.spoiler_text, "spoilers!");
        let history = ada.status_history(&cw.id).await.unwrap();
        assert!(history.len() >= 2, "{history:?}");
        assert!(history.iter().any(|h| h.spoiler_text == "spoilers"));

        // A malformed post is the server's own message. (The deliberate
        // break: a wrong field name.)
        let err = call::<Status>(
            &ada,
            Method::POST,
            "api/v1/statuses",
            Some(json!({"text": "wrong field"})),
        )
        .await
        .unwrap_err();
        assert!(matches!(err, ApiError::Unprocessable { .. }), "{err:?}");

        // Idempotency: the same key twice makes one post.
        let k = key();
        let once = StatusParams {
            status: "only once".into(),
            ..Default::default()
        };
        let mut made = Vec::new();
        for _ in 0..2 {
            match ada.post_status(&once, &k).await.unwrap() {
                Posted::Status(s) => made.push(s.id),
                other => panic!("{other:?}"),
            }
        }
        assert_eq!(made[0], made[1]);
    }

    // ---------------------------------------------------------------------------
    // Actions

    #[tokio::test]
    async fn favourite_boost_bookmark_follow_and_mute() {
        let Some(m) = Mock::acquire("actions").await else {
            return;
        };
        let ada = m.client(ADA);
        let katherine = m.client("katherine_token");
        let target = publish(
            &katherine,
            StatusParams {
                status: "orbit math".into(),
                ..Default::default()
            },
        )
        .await;
        let id = &target.id;

        let s = ada.favourite(id).await.unwrap();
        assert_eq!(s.favourited, Some(true));
        assert_eq!(s.favourites_count, 1);
        let s = ada.reblog(id, None).await.unwrap();
        // Mastodon answers the boost itself, wrapping the original.
        let boosted = s.reblog.as_deref().unwrap_or(&s);
        assert_eq!(&boosted.id, id);
        assert_eq!(boosted.reblogged, Some(true));
        let s = ada.bookmark(id).await.unwrap();
        assert_eq!(s.bookmarked, Some(true));

        let seen = ada.status(id).await.unwrap();
        assert_eq!(
            (seen.favourited, seen.reblogged, seen.bookmarked),
            (Some(true), Some(true), Some(true))
        );
        assert_eq!(seen.reblogs_count, 1);
        let favers = ada.favourited_by(id, &PageQuery::default()).await.unwrap();
        assert!(favers.items.iter().any(|a| a.username == "ada"));

        assert_eq!(ada.unfavourite(id).await.unwrap().favourited, Some(false));
        assert_eq!(ada.unreblog(id).await.unwrap().reblogged, Some(false));
        assert_eq!(ada.unbookmark(id).await.unwrap().bookmarked, Some(false));

        let kid = ada.lookup_account("katherine").await.unwrap().id;
        let r = ada.follow(&kid, &FollowOptions::default()).await.unwrap();
        assert!(r.following || r.requested, "{r:?}");
        assert!(ada.relationship(&kid).await.unwrap().following);
        let r = ada
            .mute(
                &kid,
                &MuteOptions {
                    notifications: Some(true),
                    duration: None,
                },
            )
            .await
            .unwrap();
        assert!(r.muting, "{r:?}");
        let muted = ada.mutes(&PageQuery::default()).await.unwrap();
        assert!(muted.items.iter().any(|a| a.id == kid));
        assert!(!ada.unmute(&kid).await.unwrap().muting);
        assert!(!ada.unfollow(&kid).await.unwrap().following);

        // A domain block (this server reads it only as a form).
        ada.block_domain("spam.example").await.unwrap();
        let blocked = ada.domain_blocks(&PageQuery::default()).await.unwrap();
        assert_eq!(blocked.items, ["spam.example"]);
        ada.unblock_domain("spam.example").await.unwrap();
        let blocked = ada.domain_blocks(&PageQuery::default()).await.unwrap();
        assert!(blocked.items.is_empty(), "{:?}", blocked.items);

        // Katherine heard about the favourite and the boost.
        let notes = katherine
            .notifications(&NotificationQuery::default())
            .await
            .unwrap();
        let kinds: Vec<_> = notes
            .items
            .iter()
            .filter(|n| n.status.as_ref().is_some_and(|s| &s.id == id))
            .map(|n| n.kind.clone())
            .collect();
        assert!(kinds.contains(&NotificationType::Favourite), "{kinds:?}");
        assert!(kinds.contains(&NotificationType::Reblog), "{kinds:?}");
    }

    // ---------------------------------------------------------------------------
    // Notifications

    #[tokio::test]
    async fn notifications_v1_and_grouped() {
        let Some(m) = Mock::acquire("notifications").await else {
            return;
        };
        let ada = m.client(ADA);
        let grace = m.client(GRACE);
        let alan = m.client(ALAN);
        let mine = publish(
            &ada,
            StatusParams {
                status: "favourite me".into(),
                ..Default::default()
            },
        )
        .await;
        grace.favourite(&mine.id).await.unwrap();
        alan.favourite(&mine.id).await.unwrap();
        publish(
            &grace,
            StatusParams {
                status: "@ada hello there".into(),
                ..Default::default()
            },
        )
        .await;

        // v1: one notification each, paged with Link headers.
        let page = ada
            .notifications(&NotificationQuery {
                page: PageQuery {
                    limit: Some(2),
                    ..Default::default()
                },
                ..Default::default()
            })
            .await
            .unwrap();
        let mut all = page.items;
        let mut next = page.next;
        let mut pages = 0;
        while let Some(url) = next {
            pages += 1;
            assert!(pages < 50);
            let p = ada.get_page_at::<Notification>(url).await.unwrap();
            all.extend(p.items);
            next = p.next;
        }
        let favs: Vec<_> = all
            .iter()
            .filter(|n| {
                n.kind == NotificationType::Favourite
                    && n.status.as_ref().is_some_and(|s| s.id == mine.id)
            })
            .collect();
        assert_eq!(favs.len(), 2, "{all:?}");
        assert!(all.iter().any(|n| n.kind == NotificationType::Mention));
        let mentions = ada
            .notifications(&NotificationQuery {
                types: vec![NotificationType::Mention],
                ..Default::default()
            })
            .await
            .unwrap();
        assert!(!mentions.items.is_empty());
        assert!(
            mentions
                .items
                .iter()
                .all(|n| n.kind == NotificationType::Mention)
        );

        // v2: the two favourites are one group with both accounts.
        let feed = ada
            .notification_feed(&NotificationQuery::default(), &[])
            .await
            .expect("grouped notifications");
        let NotificationFeed::Grouped { results, .. } = feed else {
            panic!("this server has grouped notifications: {feed:?}");
        };
        let group = results
            .notification_groups
            .iter()
            .find(|g| {
                g.kind == NotificationType::Favourite && g.status_id.as_ref() == Some(&mine.id)
            })
            .unwrap_or_else(|| panic!("no favourite group: {results:?}"));
        assert_eq!(group.notifications_count, 2);
        assert_eq!(group.sample_account_ids.len(), 2);
        for a in &group.sample_account_ids {
            assert!(
                results.accounts.iter().any(|x| &x.id == a),
                "account {a:?} missing"
            );
        }
        assert!(results.statuses.iter().any(|s| s.id == mine.id));

        // A server without grouped notifications answers 404 there
        // (GoToSocial): trompe reads v1 instead.
        m.fault(json!({"match": {"path": "/api/v2/notifications"}, "effect": {"type": "status", "status": 404}, "count": 1}))
            .await;
        let feed = ada
            .notification_feed(&NotificationQuery::default(), &[])
            .await
            .expect("falls back");
        match feed {
            NotificationFeed::Plain(page) => {
                assert!(
                    page.items
                        .iter()
                        .any(|n| n.kind == NotificationType::Mention)
                )
            }
            other => panic!("expected v1 after a 404: {other:?}"),
        }

        // Dismissing one.
        let one = favs[0].id.clone();
        ada.dismiss_notification(&one).await.unwrap();
        let after = ada
            .notifications(&NotificationQuery::default())
            .await
            .unwrap();
        assert!(after.items.iter().all(|n| n.id != one));
    }

    // ---------------------------------------------------------------------------
    // Search

    #[tokio::test]
    async fn search_accounts_statuses_and_hashtags() {
        let Some(m) = Mock::acquire("search").await else {
            return;
        };
        let ada = m.client(ADA);
        let q = |q: &str, kind: Option<SearchType>| SearchQuery {
            q: q.into(),
            kind,
            ..Default::default()
        };
        let r = ada.search(&q("grace", None)).await.unwrap();
        assert!(r.accounts.iter().any(|a| a.username == "grace"), "{r:?}");
        let r = ada
            .search(&q("computing", Some(SearchType::Hashtags)))
            .await
            .unwrap();
        assert!(
            r.hashtags
                .iter()
                .any(|t| t.name.eq_ignore_ascii_case("computing")),
            "{r:?}"
        );
        assert!(r.accounts.is_empty() && r.statuses.is_empty());
        let r = ada
            .search(&q("Analytical", Some(SearchType::Statuses)))
            .await
            .unwrap();
        assert!(!r.statuses.is_empty(), "{r:?}");
        assert!(r.statuses.iter().all(|s| s.content.contains("Analytical")));
        let grace = ada.find_account("@grace").await.unwrap();
        assert_eq!(grace.username, "grace");
    }

    // ---------------------------------------------------------------------------
    // Streaming

    /// Waits for a message matching `want`, up to `secs`.
    async fn expect_msg(
        rx: &mut mpsc::UnboundedReceiver<StreamMessage>,
        secs: u64,
        what: &str,
        mut want: impl FnMut(&StreamMessage) -> bool,
    ) -> StreamMessage {
        let deadline = Instant::now() + Duration::from_secs(secs);
        let mut seen = Vec::new();
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match tokio::time::timeout(left, rx.recv()).await {
                Ok(Some(m)) if want(&m) => return m,
                Ok(Some(m)) => seen.push(format!("{m:?}").chars().take(160).collect::<String>()),
                Ok(None) => panic!("stream ended waiting for {what}; saw {seen:#?}"),
                Err(_) => panic!("no {what} within {secs} s; saw {seen:#?}"),
            }
        }
    }

    /// The server acknowledges no subscription, so a post made before it
    /// registered a socket is never sent on it: `author` posts `text` again
    /// (at most 6 times, 10 s each) until one post has arrived on every one
    /// of `streams` (`"notification"`: as a mention), and returns it.
    async fn posted_until_seen(
        author: &Client,
        rx: &mut mpsc::UnboundedReceiver<StreamMessage>,
        text: &str,
        streams: &[&str],
    ) -> Status {
        let mut want: HashMap<StatusId, (Status, HashSet<String>)> = HashMap::new();
        for attempt in 0..6 {
            let s = publish(author, text_post(&format!("{text} ({attempt})"))).await;
            let all = streams.iter().map(|s| s.to_string()).collect();
            want.insert(s.id.clone(), (s, all));
            let deadline = Instant::now() + Duration::from_secs(10);
            loop {
                let left = deadline.saturating_duration_since(Instant::now());
                let Ok(msg) = tokio::time::timeout(left, rx.recv()).await else {
                    break;
                };
                let msg = msg.expect("stream open");
                let (id, on) = match &msg {
                    StreamMessage::Event(StreamEvent::Update { stream, status }) => {
                        (status.id.clone(), stream.clone())
                    }
                    StreamMessage::Event(StreamEvent::Notification { notification })
                        if notification.kind == NotificationType::Mention =>
                    {
                        match &notification.status {
                            Some(x) => (x.id.clone(), "notification".to_string()),
                            None => continue,
                        }
                    }
                    StreamMessage::Unavailable { .. } | StreamMessage::Unauthorized => {
                        panic!("{msg:?}")
                    }
                    _ => continue,
                };
                if let Some((status, left)) = want.get_mut(&id) {
                    left.remove(&on);
                    if left.is_empty() {
                        return status.clone();
                    }
                }
            }
        }
        panic!("no post arrived on every one of {streams:?}: {want:?}");
    }

    #[tokio::test]
    async fn streaming_falls_back_to_one_socket_per_stream_and_receives() {
        let Some(m) = Mock::acquire("streaming").await else {
            return;
        };
        let ada = m.client(ADA);
        let grace = m.client(GRACE);
        let (tx, mut rx) = mpsc::unbounded_channel();
        // No streaming base: it comes from the instance information.
        let handle = streaming::spawn(
            ada.clone(),
            None,
            vec![
                Subscription::User,
                Subscription::Public,
                Subscription::Hashtag("interop".into()),
            ],
            tx,
        );
        expect_msg(&mut rx, 60, "Connected", |m| {
            assert!(
                !matches!(
                    m,
                    StreamMessage::Unavailable { .. } | StreamMessage::Unauthorized
                ),
                "{m:?}"
            );
            matches!(m, StreamMessage::Connected)
        })
        .await;
        // The sockets are open once the handshakes are done, but the server
        // acknowledges no subscription: a post made before it registered a
        // socket is never sent on it. So Grace (whom Ada follows) mentions Ada
        // with a hashtag, and again (a bounded number of times) until one of
        // her posts has arrived as an update on the user, public and hashtag
        // streams, and as a notification.
        posted_until_seen(
            &grace,
            &mut rx,
            "@ada streaming works #interop",
            &["user", "public", "hashtag:interop", "notification"],
        )
        .await;

        // A stream added later reopens the sockets and is live at once.
        handle.subscribe(Subscription::PublicLocal);
        expect_msg(&mut rx, 60, "Connected after subscribe", |m| {
            matches!(m, StreamMessage::Connected)
        })
        .await;
        // As above: posted again until the new socket carries one.
        let s2 = posted_until_seen(&grace, &mut rx, "local news", &["public:local"]).await;

        // An edit arrives as an edit (this server names it `status_update`).
        grace
            .edit_status(
                &s2.id,
                &EditParams {
                    status: "local news, edited".into(),
                    ..Default::default()
                },
            )
            .await
            .unwrap();
        expect_msg(&mut rx, 60, "status.update", |m| {
        matches!(m, StreamMessage::Event(StreamEvent::StatusUpdate { status, .. }) if status.id == s2.id)
    })
    .await;

        // A deletion.
        grace.delete_status(&s2.id).await.unwrap();
        expect_msg(
            &mut rx,
            60,
            "delete",
            |m| matches!(m, StreamMessage::Event(StreamEvent::Delete { id, .. }) if *id == s2.id),
        )
        .await;
        handle.stop();
    }

    #[tokio::test]
    async fn streaming_with_a_bad_token_stops_as_unauthorized() {
        let Some(m) = Mock::acquire("streaming-unauthorized").await else {
            return;
        };
        let (tx, mut rx) = mpsc::unbounded_channel();
        let handle = streaming::spawn(
            m.client("not-a-token"),
            Some(m.base.clone()),
            vec![Subscription::User],
            tx,
        );
        // The mock refuses the user stream without a valid token (403 on the
        // handshake in both modes): no endless reconnecting.
        let msg = expect_msg(&mut rx, 60, "a final answer", |m| {
            matches!(
                m,
                StreamMessage::Unavailable { .. } | StreamMessage::Unauthorized
            )
        })
        .await;
        assert!(!matches!(msg, StreamMessage::Connected));
        handle.stop();
    }

    // ---------------------------------------------------------------------------
    // Rate limits

    fn iso_in(secs: i64) -> String {
        (time::OffsetDateTime::now_utc() + time::Duration::seconds(secs))
            .format(&time::format_description::well_known::Rfc3339)
            .unwrap()
    }

    /// Calls `f` until it is not rate limited, waiting as long as the server
    /// said each time (at most `tries` calls, each wait at most 15 s).
    async fn honouring<T, F, Fut>(tries: u32, mut f: F) -> (Result<T, ApiError>, Vec<Duration>)
    where
        F: FnMut() -> Fut,
        Fut: std::future::Future<Output = Result<T, ApiError>>,
    {
        let mut waits = Vec::new();
        let mut last = f().await;
        for _ in 1..tries {
            let Err(ApiError::RateLimited { retry_after, .. }) = &last else {
                break;
            };
            let wait = retry_after.unwrap_or(Duration::from_secs(1));
            assert!(wait <= Duration::from_secs(15), "would wait {wait:?}");
            waits.push(wait);
            tokio::time::sleep(wait).await;
            last = f().await;
        }
        (last, waits)
    }

    #[tokio::test]
    async fn a_429_is_honoured_until_its_reset_time() {
        let Some(m) = Mock::acquire("rate-limit").await else {
            return;
        };
        let ada = m.client(ADA);

        // The mock's own 429: five minutes, in both headers.
        m.fault(json!({"match": {"path": "/api/v1/timelines/home"}, "effect": {"type": "ratelimit"}, "count": 1}))
        .await;
        let err = ada
            .timeline(&TimelineKind::Home, &PageQuery::default())
            .await
            .unwrap_err();
        match &err {
            ApiError::RateLimited { retry_after, reset } => {
                let after = retry_after.unwrap().as_secs();
                assert!((295..=300).contains(&after), "{after}");
                assert!(reset.is_some());
            }
            other => panic!("{other:?}"),
        }
        assert!(err.to_string().contains("try again in"), "{err}");
        let rl = ada.rate_limit().expect("rate-limit headers recorded");
        assert_eq!(rl.remaining, Some(0));

        // Only X-RateLimit-Reset (no Retry-After): the wait comes from the reset
        // time, and the request succeeds once it has passed.
        m.fault(json!({
        "match": {"path": "/api/v1/timelines/home", "methods": ["GET"]},
        "effect": {"type": "status", "status": 429, "body": {"error": "Too many requests"},
                   "headers": {"X-RateLimit-Limit": "300", "X-RateLimit-Remaining": "0", "X-RateLimit-Reset": iso_in(3)}},
        "count": 1
    }))
    .await;
        let started = Instant::now();
        let (home, query) = (TimelineKind::Home, PageQuery::default());
        let (result, waits) = honouring(3, || ada.timeline(&home, &query)).await;
        let page = result.expect("succeeds after the reset");
        assert!(!page.items.is_empty());
        assert_eq!(waits.len(), 1, "{waits:?}");
        // The reset was 3 s ahead when the fault was set; a slow machine
        // may have used some of that already.
        assert!(waits[0] <= Duration::from_secs(3), "{waits:?}");
        assert!(started.elapsed() >= waits[0]);

        // Retry-After as well: both agree, and posting is limited the same way.
        m.fault(json!({
        "match": {"path": "/api/v1/statuses", "methods": ["POST"]},
        "effect": {"type": "ratelimit", "headers": {"Retry-After": "2", "X-RateLimit-Reset": iso_in(2)}},
        "count": 1
    }))
    .await;
        let (result, waits) = honouring(3, || {
            call::<Status>(
                &ada,
                Method::POST,
                "api/v1/statuses",
                Some(json!({"status": "after the limit"})),
            )
        })
        .await;
        assert_eq!(waits, vec![Duration::from_secs(2)]);
        assert!(result.unwrap().content.contains("after the limit"));
    }

    #[tokio::test]
    async fn faults_are_typed_errors() {
        let Some(m) = Mock::acquire("faults").await else {
            return;
        };
        let ada = m.client(ADA);
        m.fault(json!({"match": {"path": "/api/v1/timelines/home"}, "effect": {"type": "malformed"}, "count": 1}))
        .await;
        let e = ada
            .timeline(&TimelineKind::Home, &PageQuery::default())
            .await
            .unwrap_err();
        assert!(matches!(e, ApiError::Decode { .. }), "{e:?}");
        // One 503 on a read: sent once more, and it goes through.
        m.fault(json!({"match": {"path": "/api/v1/timelines/home"}, "effect": {"type": "status", "status": 503}, "count": 1}))
        .await;
        ada.timeline(&TimelineKind::Home, &PageQuery::default())
            .await
            .unwrap();
        // Two in a row: the error, with the server's words.
        m.fault(json!({"match": {"path": "/api/v1/timelines/home"}, "effect": {"type": "status", "status": 503}, "count": 2}))
        .await;
        let e = ada
            .timeline(&TimelineKind::Home, &PageQuery::default())
            .await
            .unwrap_err();
        assert!(
            matches!(&e, ApiError::Status { code: 503, message } if message.contains("unavailable")),
            "{e:?}"
        );
        let e = m.client("revoked").verify_credentials().await.unwrap_err();
        assert!(e.is_unauthorized(), "{e:?}");
    }

    // ---------------------------------------------------------------------------
    // The command line

    fn trompe(dir: &std::path::Path, env: &[(&str, &str)], args: &[&str], stdin: &str) -> Output {
        use std::io::Write;
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_trompe"));
        cmd.args(args)
            .env_remove("TROMPE_INSTANCE")
            .env_remove("TROMPE_TOKEN")
            .env("TROMPE_CONFIG_DIR", dir.join("config"))
            .env("TROMPE_DATA_DIR", dir.join("data"))
            .env("TROMPE_NO_KEYRING", "1")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        for (k, v) in env {
            cmd.env(k, v);
        }
        let mut child = cmd.spawn().unwrap();
        child
            .stdin
            .take()
            .unwrap()
            .write_all(stdin.as_bytes())
            .unwrap();
        // Bounded: a command that hangs fails the test instead of CI.
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            if child.try_wait().unwrap().is_some() {
                break;
            }
            if Instant::now() > deadline {
                let _ = child.kill();
                panic!("`trompe {}` did not finish in 60 s", args.join(" "));
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        child.wait_with_output().unwrap()
    }

    fn text(b: &[u8]) -> String {
        String::from_utf8_lossy(b).into_owned()
    }

    #[tokio::test]
    async fn cli_login_paste_accounts_and_logout() {
        let Some(m) = Mock::acquire("cli-login").await else {
            return;
        };
        let dir = tempfile::tempdir().unwrap();
        let instance = m.instance();
        let d = dir.path().to_path_buf();
        let inst = instance.clone();
        let out = tokio::task::spawn_blocking(move || {
            trompe(&d, &[], &["login", &inst, "--paste"], "mockcode_alan\n")
        })
        .await
        .unwrap();
        let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
        assert!(out.status.success(), "{stdout}\n{stderr}");
        assert!(stdout.contains("/oauth/authorize?"), "{stdout}");
        let acct = format!("alan@{}", flow::domain_of(&m.base));
        assert!(
            stdout.contains(&format!("Logged in as @{acct}")),
            "{stdout}"
        );

        let d = dir.path().to_path_buf();
        let out = tokio::task::spawn_blocking(move || trompe(&d, &[], &["accounts"], ""))
            .await
            .unwrap();
        assert!(out.status.success(), "{}", text(&out.stderr));
        assert!(text(&out.stdout).contains(&acct), "{}", text(&out.stdout));

        let d = dir.path().to_path_buf();
        let a = acct.clone();
        let out = tokio::task::spawn_blocking(move || trompe(&d, &[], &["logout", &a], ""))
            .await
            .unwrap();
        assert!(out.status.success(), "{}", text(&out.stderr));

        // A wrong code exits with the auth or API code and the server's word.
        let d = dir.path().to_path_buf();
        let out = tokio::task::spawn_blocking(move || {
            trompe(&d, &[], &["login", &instance, "--paste"], "nope\n")
        })
        .await
        .unwrap();
        assert!(!out.status.success());
        assert!(
            text(&out.stderr).contains("invalid_grant"),
            "{}",
            text(&out.stderr)
        );
    }

    /// Runs `trompe` as `token` on the mock; returns stdout, failing the test
    /// (with stderr) when it exits non-zero.
    async fn cli(m: &Mock, token: &str, args: &[&str]) -> String {
        let dir = tempfile::tempdir().unwrap();
        let (d, inst, tok) = (dir.path().to_path_buf(), m.instance(), token.to_string());
        let owned: Vec<String> = args.iter().map(|a| a.to_string()).collect();
        let out = tokio::task::spawn_blocking(move || {
            let refs: Vec<&str> = owned.iter().map(String::as_str).collect();
            trompe(
                &d,
                &[
                    ("TROMPE_INSTANCE", inst.as_str()),
                    ("TROMPE_TOKEN", tok.as_str()),
                    ("NO_COLOR", "1"),
                ],
                &refs,
                "",
            )
        })
        .await
        .unwrap();
        assert!(
            out.status.success(),
            "trompe {args:?} exited {:?}:\n{}\n{}",
            out.status.code(),
            text(&out.stdout),
            text(&out.stderr)
        );
        text(&out.stdout)
    }

    async fn cli_json(m: &Mock, token: &str, args: &[&str]) -> Value {
        let mut all = vec!["--json"];
        all.extend_from_slice(args);
        let out = cli(m, token, &all).await;
        serde_json::from_str(&out).unwrap_or_else(|e| panic!("trompe {all:?}: {e}:\n{out}"))
    }

    /// The id at the end of the URL `trompe post` prints.
    fn posted_id(out: &str) -> String {
        let url = out
            .lines()
            .find(|l| l.starts_with("http"))
            .unwrap_or_else(|| panic!("no URL in {out}"));
        url.trim().rsplit('/').next().unwrap().to_string()
    }

    #[tokio::test]
    async fn cli_commands_in_text_and_json() {
        let Some(m) = Mock::acquire("cli-commands").await else {
            return;
        };
        let png_file = tempfile::NamedTempFile::with_suffix(".png").unwrap();
        std::fs::write(png_file.path(), png()).unwrap();
        let png_path = png_file.path().to_string_lossy().into_owned();

        // Who and where.
        assert!(cli(&m, ADA, &["whoami"]).await.contains("@ada"));
        assert_eq!(cli_json(&m, ADA, &["whoami"]).await["username"], "ada");
        assert!(cli(&m, ADA, &["instance"]).await.contains("Mastodon Mock"));
        assert!(cli_json(&m, ADA, &["instance"]).await["configuration"].is_object());

        // Timelines, one page and all pages (Link headers).
        let home = cli_json(&m, ADA, &["timeline", "home", "--limit", "3"]).await;
        assert_eq!(home.as_array().unwrap().len(), 3);
        let every = cli(
            &m,
            ADA,
            &["--jsonl", "timeline", "home", "--all-pages", "--limit", "2"],
        )
        .await;
        let every: Vec<Value> = every
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        let api = whole(&m.client(ADA), &TimelineKind::Home).await;
        let cli_ids: Vec<String> = every
            .iter()
            .map(|s| s["id"].as_str().unwrap().to_string())
            .collect();
        assert_eq!(cli_ids, api, "--all-pages lost or repeated posts");
        let text_home = cli(&m, ADA, &["timeline", "home", "--limit", "2"]).await;
        assert_eq!(text_home.matches(" · id ").count(), 2, "{text_home}");
        for spec in ["local", "federated", "tag:computing", "@grace"] {
            let v = cli_json(&m, ADA, &["timeline", spec, "--limit", "5"]).await;
            assert!(
                !v.as_array().unwrap().is_empty(),
                "timeline {spec} is empty"
            );
            assert!(
                cli(&m, ADA, &["timeline", spec, "--limit", "1"])
                    .await
                    .contains(" · id ")
            );
        }
        cli(&m, ADA, &["list", "create", "Friends"]).await;
        assert!(
            cli(&m, ADA, &["list", "add", "Friends", "@grace"])
                .await
                .contains("@grace")
        );
        assert!(cli(&m, ADA, &["lists"]).await.contains("Friends"));
        let listed = cli_json(&m, ADA, &["timeline", "list:Friends"]).await;
        assert!(
            listed
                .as_array()
                .unwrap()
                .iter()
                .all(|s| s["account"]["username"] == "grace"),
            "{listed}"
        );

        // Posting: a content warning, media with alt text, unlisted.
        let out = cli(
            &m,
            ADA,
            &[
                "post",
                "From the CLI #interop",
                "--cw",
                "a warning",
                "--visibility",
                "unlisted",
                "--media",
                &png_path,
                "--alt",
                "a grey square",
            ],
        )
        .await;
        let id = posted_id(&out);
        let s = cli_json(&m, ADA, &["status", &id]).await;
        assert_eq!(s["spoiler_text"], "a warning");
        assert_eq!(s["visibility"], "unlisted");
        assert_eq!(s["media_attachments"][0]["description"], "a grey square");
        let shown = cli(&m, ADA, &["status", &id]).await;
        for want in [
            "CW: a warning",
            "From the CLI #interop",
            "a grey square",
            "unlisted",
        ] {
            assert!(shown.contains(want), "{want:?} not in\n{shown}");
        }
        // An edit.
        cli(
            &m,
            ADA,
            &["post", "--edit", &id, "From the CLI, edited #interop"],
        )
        .await;
        let shown = cli(&m, ADA, &["status", &id]).await;
        assert!(
            shown.contains("edited") && shown.contains("From the CLI, edited"),
            "{shown}"
        );

        // A poll, voted on by someone else, and a reply.
        let poll_id = posted_id(
            &cli(
                &m,
                ADA,
                &[
                    "post",
                    "Tabs or spaces?",
                    "--poll",
                    "tabs",
                    "--poll",
                    "spaces",
                    "--poll-expires",
                    "1h",
                ],
            )
            .await,
        );
        let s = cli_json(&m, ADA, &["status", &poll_id]).await;
        let poll = s["poll"]["id"].as_str().unwrap().to_string();
        let options: Vec<&str> = s["poll"]["options"]
            .as_array()
            .unwrap()
            .iter()
            .map(|o| o["title"].as_str().unwrap())
            .collect();
        assert_eq!(options, ["tabs", "spaces"]);
        let voted = cli(&m, GRACE, &["vote", &poll, "2"]).await;
        assert!(voted.contains("✓ 2. spaces"), "{voted}");
        let voted = cli_json(&m, GRACE, &["status", &poll_id]).await;
        assert_eq!(voted["poll"]["own_votes"], json!([1]));
        let reply_id =
            posted_id(&cli(&m, GRACE, &["post", "--reply-to", &poll_id, "spaces!"]).await);
        let thread = cli(&m, ADA, &["thread", &poll_id]).await;
        assert!(thread.contains("spaces!"), "{thread}");
        let thread = cli_json(&m, ADA, &["thread", &poll_id]).await;
        let thread_text = thread.to_string();
        assert!(thread_text.contains(&reply_id), "{thread}");

        // Favourite, boost, bookmark — and back.
        for (cmd, word) in [
            ("fav", "Favourited"),
            ("boost", "Boosted"),
            ("bookmark", "Bookmarked"),
        ] {
            let out = cli(&m, GRACE, &[cmd, &poll_id]).await;
            assert!(out.contains(word), "{cmd}: {out}");
        }
        let seen = cli_json(&m, GRACE, &["status", &poll_id]).await;
        assert_eq!(
            (&seen["favourited"], &seen["reblogged"], &seen["bookmarked"]),
            (&json!(true), &json!(true), &json!(true))
        );
        for cmd in ["unfav", "unboost", "unbookmark"] {
            cli_json(&m, GRACE, &[cmd, &poll_id]).await;
        }
        let seen = cli_json(&m, GRACE, &["status", &poll_id]).await;
        assert_eq!(
            (&seen["favourited"], &seen["reblogged"], &seen["bookmarked"]),
            (&json!(false), &json!(false), &json!(false))
        );

        // Notifications, text and JSON: Grace's favourite and vote reached Ada.
        let notes = cli(
            &m,
            ADA,
            &["notifications", "--type", "favourite", "--limit", "5"],
        )
        .await;
        assert!(notes.contains("@grace favourited your post"), "{notes}");
        let notes = cli_json(&m, ADA, &["notifications", "--limit", "40"]).await;
        assert!(
            notes
                .as_array()
                .unwrap()
                .iter()
                .any(|n| n["type"] == "mention" || n["type"] == "favourite")
        );

        // Follow and mute.
        assert!(
            cli(&m, ADA, &["follow", "@katherine"])
                .await
                .contains("following")
        );
        let r = cli_json(&m, ADA, &["mute", "@katherine"]).await;
        assert_eq!(r["muting"], true);
        let unmuted = cli(&m, ADA, &["unmute", "@katherine"]).await;
        assert!(!unmuted.contains("muted"), "{unmuted}");
        let r = cli_json(&m, ADA, &["unfollow", "@katherine"]).await;
        assert_eq!(r["following"], false);
        let whois = cli(&m, ADA, &["whois", "@grace"]).await;
        assert!(whois.contains("following, follows you"), "{whois}");
        // This server says `muting_notifications: true` without a mute.
        assert!(!whois.contains("muted"), "{whois}");
        assert_eq!(
            cli_json(&m, ADA, &["whois", "@grace"]).await["username"],
            "grace"
        );
        assert!(cli(&m, ADA, &["followers"]).await.contains("@grace"));
        assert!(cli(&m, ADA, &["following"]).await.contains("@alan"));

        // Search.
        assert!(
            cli(&m, ADA, &["search", "grace", "--type", "accounts"])
                .await
                .contains("@grace")
        );
        let tags = cli_json(&m, ADA, &["search", "computing", "--type", "hashtags"]).await;
        assert!(tags["hashtags"].to_string().contains("computing"), "{tags}");

        // Upload alone; delete.
        let up = cli_json(&m, ADA, &["upload", &png_path, "--alt", "just uploaded"]).await;
        assert_eq!(up["description"], "just uploaded");
        let out = cli(&m, ADA, &["delete", &id]).await;
        assert!(out.contains("Deleted"), "{out}");
        for cmd in [
            &["tags", "followed"][..],
            &["filters"],
            &["follow-requests"],
        ] {
            cli(&m, ADA, cmd).await;
        }
    }

    #[tokio::test]
    async fn cli_reads_the_environment_account() {
        let Some(m) = Mock::acquire("cli-env").await else {
            return;
        };
        let dir = tempfile::tempdir().unwrap();
        let instance = m.instance();
        // A token the server rejects: exit code 3 and a message, never the token.
        let d = dir.path().to_path_buf();
        let out = tokio::task::spawn_blocking(move || {
            trompe(
                &d,
                &[
                    ("TROMPE_INSTANCE", &instance),
                    ("TROMPE_TOKEN", "sekrit-bad-token"),
                ],
                &["post", "hello"],
                "",
            )
        })
        .await
        .unwrap();
        assert!(!out.status.success());
        assert!(!text(&out.stderr).contains("sekrit-bad-token"));
        assert!(!text(&out.stdout).contains("sekrit-bad-token"));
    }

    // -----------------------------------------------------------------------
    // toot, an independent client, reading what trompe wrote and the other
    // way round (toot runs as a program; `TROMPE_INTEROP_TOOT` is its path).

    /// The toot program, or `None` (with a message) outside CI.
    fn toot_program() -> Option<String> {
        match std::env::var("TROMPE_INTEROP_TOOT") {
            Ok(p) if !p.trim().is_empty() => Some(p),
            _ if in_ci() => panic!(
                "TROMPE_INTEROP_TOOT is not set, and CI=true: run the suite through `bash scripts/interop.sh`"
            ),
            _ => {
                eprintln!("skipping the toot cross-check: TROMPE_INTEROP_TOOT is not set");
                None
            }
        }
    }

    /// Runs toot as `ada` on the mock with a config written for it (toot's
    /// `config.json`: apps by instance, users by `user@instance`).
    fn toot(program: &str, home: &std::path::Path, base: &Url, args: &[&str]) -> String {
        let instance = flow::domain_of(base);
        let base_url = base.as_str().trim_end_matches('/');
        let config = json!({
            "apps": {instance.clone(): {"instance": instance, "base_url": base_url, "client_id": "trompe-interop", "client_secret": "unused"}},
            "users": {format!("ada@{instance}"): {"instance": instance, "username": "ada", "access_token": ADA}},
            "active_user": format!("ada@{instance}"),
        });
        let dir = home.join("toot");
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("config.json"), config.to_string()).unwrap();
        let out = Command::new(program)
            .args(["--no-color", "--max-width", "200"])
            .args(args)
            .env("XDG_CONFIG_HOME", home)
            .env("HOME", home)
            .env("NO_COLOR", "1")
            .env("PYTHONIOENCODING", "utf-8")
            .stdin(Stdio::null())
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "toot {args:?}: {}\n{}",
            text(&out.stdout),
            text(&out.stderr)
        );
        text(&out.stdout)
    }

    fn toot_json(program: &str, home: &std::path::Path, base: &Url, args: &[&str]) -> Value {
        let out = toot(program, home, base, args);
        serde_json::from_str(&out).unwrap_or_else(|e| panic!("toot {args:?} JSON: {e}: {out}"))
    }

    /// What a reader sees of a post, by one client or the other.
    #[derive(Debug, PartialEq)]
    struct Seen {
        text: String,
        spoiler_text: String,
        visibility: String,
        in_reply_to_id: Option<String>,
        media: Vec<(Option<String>, Option<String>)>,
        poll: Vec<String>,
    }

    fn seen_by_trompe(s: &Status) -> Seen {
        Seen {
            text: trompe::html::strip_html(&s.content),
            spoiler_text: s.spoiler_text.clone(),
            visibility: s.visibility.as_str().to_string(),
            in_reply_to_id: s.in_reply_to_id.as_ref().map(|i| i.as_str().to_string()),
            media: s
                .media_attachments
                .iter()
                .map(|m| (m.url.clone(), m.description.clone()))
                .collect(),
            poll: s
                .poll
                .iter()
                .flat_map(|p| p.options.iter().map(|o| o.title.clone()))
                .collect(),
        }
    }

    /// The same from toot's JSON, with the text as toot prints it.
    fn seen_by_toot(json: &Value, printed: &str) -> Seen {
        let str_of = |v: &Value| v.as_str().map(str::to_string);
        // toot prints the text between the author line and the details.
        let body: Vec<&str> = printed.lines().collect();
        let text = body
            .iter()
            .skip(2)
            .take_while(|l| !l.is_empty())
            .cloned()
            .collect::<Vec<_>>()
            .join(" ");
        Seen {
            text,
            spoiler_text: json["spoiler_text"].as_str().unwrap_or("").to_string(),
            visibility: json["visibility"].as_str().unwrap_or("").to_string(),
            in_reply_to_id: str_of(&json["in_reply_to_id"]),
            media: json["media_attachments"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|m| (str_of(&m["url"]), str_of(&m["description"])))
                .collect(),
            poll: json["poll"]["options"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|o| str_of(&o["title"]))
                .collect(),
        }
    }

    #[tokio::test]
    async fn toot_reads_what_trompe_posts_and_the_other_way_round() {
        let Some(m) = Mock::acquire("toot").await else {
            return;
        };
        let Some(program) = toot_program() else {
            return;
        };
        let home = tempfile::tempdir().unwrap();
        let ada = m.client(ADA);
        let parent = publish(&ada, text_post("a thread starts")).await;
        let png_path = home.path().join("square.png");
        std::fs::write(&png_path, png()).unwrap();
        let png_arg = png_path.to_string_lossy().into_owned();

        // trompe writes (its `post` command); toot reads, and sees what
        // trompe sees.
        let written = "Written by trompe: café ✓ & <friends> #interop";
        let by_trompe = posted_id(
            &cli(
                &m,
                ADA,
                &[
                    "post",
                    written,
                    "--cw",
                    "trompe's warning",
                    "--visibility",
                    "unlisted",
                    "--reply-to",
                    parent.id.as_str(),
                    "--media",
                    &png_arg,
                    "--alt",
                    "Alt text by trompe: a grey square",
                ],
            )
            .await,
        );
        let poll_by_trompe = posted_id(
            &cli(
                &m,
                ADA,
                &[
                    "post",
                    "Poll by trompe",
                    "--poll",
                    "left",
                    "--poll",
                    "right",
                    "--poll-expires",
                    "1h",
                ],
            )
            .await,
        );
        for id in [&by_trompe, &poll_by_trompe] {
            let reread = ada.status(&StatusId::new(id.as_str())).await.unwrap();
            let (b, h, p, i) = (
                home.path().to_path_buf(),
                m.base.clone(),
                program.clone(),
                id.clone(),
            );
            let (json, printed) = tokio::task::spawn_blocking(move || {
                (
                    toot_json(&p, &b, &h, &["status", &i, "--json"]),
                    toot(&p, &b, &h, &["status", &i]),
                )
            })
            .await
            .unwrap();
            let (by_toot, by_us) = (seen_by_toot(&json, &printed), seen_by_trompe(&reread));
            assert_eq!(
                by_toot, by_us,
                "toot and trompe read {id} differently:\n{printed}"
            );
            assert!(
                printed.contains(&format!("Visibility: {}", by_us.visibility)),
                "{printed}"
            );
            for option in &by_us.poll {
                assert!(printed.contains(option.as_str()), "{printed}");
            }
        }
        let seen = seen_by_trompe(
            &ada.status(&StatusId::new(by_trompe.as_str()))
                .await
                .unwrap(),
        );
        assert_eq!(seen.text, written);
        assert_eq!(seen.spoiler_text, "trompe's warning");
        assert_eq!(seen.visibility, "unlisted");
        assert_eq!(seen.in_reply_to_id.as_deref(), Some(parent.id.as_str()));
        assert_eq!(
            seen.media[0].1.as_deref(),
            Some("Alt text by trompe: a grey square")
        );
        let seen = seen_by_trompe(
            &ada.status(&StatusId::new(poll_by_trompe.as_str()))
                .await
                .unwrap(),
        );
        assert_eq!(seen.poll, ["left", "right"]);

        // toot writes; trompe reads (library and `trompe status`), the same.
        let (b, h, p) = (home.path().to_path_buf(), m.base.clone(), program.clone());
        let parent_id = parent.id.as_str().to_string();
        let (posted, poll_posted) = tokio::task::spawn_blocking(move || {
            let posted = toot_json(
                &p,
                &b,
                &h,
                &[
                    "post",
                    "Written by toot: naïve ✓ & <co> #interop",
                    "--spoiler-text",
                    "toot's warning",
                    "--visibility",
                    "unlisted",
                    "--reply-to",
                    &parent_id,
                    "--media",
                    &png_arg,
                    "--description",
                    "Alt text by toot",
                    "--json",
                ],
            );
            let poll = toot_json(
                &p,
                &b,
                &h,
                &[
                    "post",
                    "Poll by toot",
                    "--poll-option",
                    "red",
                    "--poll-option",
                    "blue",
                    "--poll-expires-in",
                    "1h",
                    "--json",
                ],
            );
            (posted, poll)
        })
        .await
        .unwrap();
        let id = posted["id"].as_str().expect("toot printed the post");
        let s = ada.status(&StatusId::new(id)).await.unwrap();
        let seen = seen_by_trompe(&s);
        assert_eq!(seen.text, "Written by toot: naïve ✓ & <co> #interop");
        assert_eq!(seen.spoiler_text, "toot's warning");
        assert_eq!(s.visibility, Visibility::Unlisted);
        assert_eq!(seen.in_reply_to_id.as_deref(), Some(parent.id.as_str()));
        assert_eq!(seen.media.len(), 1);
        assert_eq!(seen.media[0].1.as_deref(), Some("Alt text by toot"));
        let shown = cli(&m, ADA, &["status", id]).await;
        for want in [
            "CW: toot's warning",
            "Written by toot: naïve ✓ & <co> #interop",
            "Alt text by toot",
            "unlisted",
        ] {
            assert!(shown.contains(want), "{want:?} not in\n{shown}");
        }
        let as_json = cli_json(&m, ADA, &["status", id]).await;
        for field in ["spoiler_text", "visibility", "in_reply_to_id", "content"] {
            assert_eq!(as_json[field], posted[field], "{field}");
        }
        assert_eq!(
            as_json["media_attachments"][0]["description"],
            posted["media_attachments"][0]["description"]
        );

        let pid = poll_posted["id"].as_str().expect("toot printed the poll");
        let s = ada.status(&StatusId::new(pid)).await.unwrap();
        assert_eq!(seen_by_trompe(&s).poll, ["red", "blue"]);
        let p = s.poll.expect("poll");
        let expires = p.expires_at.expect("an end") - time::OffsetDateTime::now_utc();
        assert!(
            expires > time::Duration::minutes(55) && expires <= time::Duration::minutes(60),
            "{expires}"
        );
        let shown = cli(&m, ADA, &["status", pid]).await;
        assert!(
            shown.contains("1. red") && shown.contains("2. blue"),
            "{shown}"
        );

        // And the thread both joined reads the same way in both.
        let ctx = ada.status_context(&parent.id).await.unwrap();
        let kids: HashSet<_> = ctx.descendants.iter().map(|s| s.id.as_str()).collect();
        assert!(
            kids.contains(id) && kids.contains(by_trompe.as_str()),
            "{kids:?}"
        );
        let (b, h, p, i) = (
            home.path().to_path_buf(),
            m.base.clone(),
            program.clone(),
            parent.id.as_str().to_string(),
        );
        let thread = tokio::task::spawn_blocking(move || toot(&p, &b, &h, &["thread", &i]))
            .await
            .unwrap();
        assert!(
            thread.contains("Written by toot") && thread.contains("Written by trompe"),
            "{thread}"
        );
    }
}
