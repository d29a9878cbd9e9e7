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
    use std::collections::HashSet;
    use std::process::{Command, Output, Stdio};
    use std::time::{Duration, Instant};

    use reqwest::Method;
    use serde::de::DeserializeOwned;
    use serde_json::{Value, json};
    use tokio::sync::{MutexGuard, mpsc};
    use trompe::api::client::decode;
    use trompe::api::endpoints::timelines::TimelineKind;
    use trompe::api::entities::{
        Account, GroupedNotificationsResults, List, MediaAttachment, Notification,
        NotificationType, Relationship, SearchResults, Status, StatusId, Visibility,
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

    async fn post<T: DeserializeOwned>(c: &Client, path: &str, body: Value) -> T {
        call(c, Method::POST, path, Some(body))
            .await
            .unwrap_or_else(|e| panic!("POST {path}: {e}"))
    }

    async fn get<T: DeserializeOwned>(c: &Client, path: &str) -> T {
        c.get(path, &[])
            .await
            .unwrap_or_else(|e| panic!("GET {path}: {e}"))
    }

    async fn me(c: &Client) -> Account {
        c.verify_credentials().await.unwrap()
    }

    async fn account_id(c: &Client, acct: &str) -> String {
        let a: Account = c
            .get("api/v1/accounts/lookup", &[("acct", acct.to_string())])
            .await
            .unwrap_or_else(|e| panic!("lookup {acct}: {e}"));
        a.id.as_str().to_string()
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
        trompe::demo::png::pattern_png(2, 2, (200, 200, 200))
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
        let grace_id = account_id(&ada, "grace").await;
        let list: List = post(&ada, "api/v1/lists", json!({"title": "Friends"})).await;
        let _: Value = post(
            &ada,
            &format!("api/v1/lists/{}/accounts", list.id.as_str()),
            json!({"account_ids": [grace_id]}),
        )
        .await;
        // Something in bookmarks and favourites.
        let home = whole(&ada, &TimelineKind::Home).await;
        assert!(home.len() >= 5, "home: {home:?}");
        for id in home.iter().take(3) {
            let _: Status = post(&ada, &format!("api/v1/statuses/{id}/bookmark"), json!({})).await;
            let _: Status = post(&ada, &format!("api/v1/statuses/{id}/favourite"), json!({})).await;
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
        let new: Status = post(
            &ada,
            "api/v1/statuses",
            json!({"status": "newer than the page"}),
        )
        .await;
        let newer_page = ada.get_page_at::<Status>(prev).await.unwrap();
        assert_eq!(ids(&newer_page.items), vec![new.id.as_str().to_string()]);

        // Local holds only local posts, even paged through its links.
        for id in walk(&ada, &TimelineKind::Local).await {
            let s: Status = get(&ada, &format!("api/v1/statuses/{id}")).await;
            assert!(
                !s.account.acct.contains('@'),
                "remote post in Local: {}",
                s.account.acct
            );
        }
    }

    // ---------------------------------------------------------------------------
    // Posting

    async fn upload(c: &Client, description: &str) -> MediaAttachment {
        let part = reqwest::multipart::Part::bytes(png())
            .file_name("pixel.png")
            .mime_str("image/png")
            .unwrap();
        let form = reqwest::multipart::Form::new()
            .part("file", part)
            .text("description", description.to_string());
        let rb = c
            .request(Method::POST, c.url("api/v2/media").unwrap())
            .multipart(form);
        let (_, bytes) = c.send(rb, "api/v2/media").await.expect("upload");
        decode("api/v2/media", &bytes).expect("media attachment")
    }

    #[tokio::test]
    async fn posting_cw_media_poll_reply_and_edit() {
        let Some(m) = Mock::acquire("posting").await else {
            return;
        };
        let ada = m.client(ADA);
        let grace = m.client(GRACE);

        // A content warning, unlisted.
        let cw: Status = post(
        &ada,
        "api/v1/statuses",
        json!({"status": "the ending of the book", "spoiler_text": "spoilers", "visibility": "unlisted", "sensitive": true}),
    )
    .await;
        assert_eq!(cw.spoiler_text, "spoilers");
        assert_eq!(cw.visibility, Visibility::Unlisted);
        assert!(cw.sensitive);

        // Media with alt text: this server answers 200 (processed), not 202.
        let media = upload(&ada, "A grey square, two pixels wide").await;
        assert_eq!(
            media.description.as_deref(),
            Some("A grey square, two pixels wide")
        );
        let with_media: Status = post(
            &ada,
            "api/v1/statuses",
            json!({"status": "a picture", "media_ids": [media.id.as_str()]}),
        )
        .await;
        assert_eq!(with_media.media_attachments.len(), 1);
        let fetched: Status =
            get(&ada, &format!("api/v1/statuses/{}", with_media.id.as_str())).await;
        assert_eq!(
            fetched.media_attachments[0].description.as_deref(),
            Some("A grey square, two pixels wide")
        );
        // Alt text can be changed after the upload. This server reads that
        // form-encoded only (a JSON body is ignored with a 200), as it does
        // update_credentials, domain_blocks and oauth/revoke.
        let path = format!("api/v1/media/{}", media.id.as_str());
        let rb = ada
            .request(Method::PUT, ada.url(&path).unwrap())
            .form(&[("description", "A grey square")]);
        let (_, bytes) = ada.send(rb, &path).await.unwrap();
        let updated: MediaAttachment = decode(&path, &bytes).unwrap();
        assert_eq!(updated.description.as_deref(), Some("A grey square"));

        // A poll.
        let poll: Status = post(
        &ada,
        "api/v1/statuses",
        json!({"status": "tabs or spaces?", "poll": {"options": ["tabs", "spaces"], "expires_in": 3600, "multiple": false}}),
    )
    .await;
        let p = poll.poll.as_ref().expect("the poll came back");
        let titles: Vec<_> = p.options.iter().map(|o| o.title.as_str()).collect();
        assert_eq!(titles, ["tabs", "spaces"]);
        assert!(!p.expired);
        let voted: trompe::api::entities::Poll = post(
            &grace,
            &format!("api/v1/polls/{}/votes", p.id.as_str()),
            json!({"choices": [1]}),
        )
        .await;
        assert_eq!(voted.own_votes.as_deref(), Some(&[1usize][..]));

        // A reply from someone else.
        let reply: Status = post(
            &grace,
            "api/v1/statuses",
            json!({"status": "@ada spaces, obviously", "in_reply_to_id": poll.id.as_str()}),
        )
        .await;
        assert_eq!(reply.in_reply_to_id.as_ref(), Some(&poll.id));
        let ctx: trompe::api::entities::Context = get(
            &ada,
            &format!("api/v1/statuses/{}/context", poll.id.as_str()),
        )
        .await;
        assert!(ctx.descendants.iter().any(|s| s.id == reply.id));

        // An edit.
        let edited: Status = call(
            &ada,
            Method::PUT,
            &format!("api/v1/statuses/{}", cw.id.as_str()),
            Some(json!({"status": "the ending of the book (edited)", "spoiler_text": "spoilers!"})),
        )
        .await
        .unwrap();
        assert!(edited.edited_at.is_some());
        assert!(edited.content.contains("(edited)"), "{}", edited.content);
        assert_eq!(edited.spoiler_text, "spoilers!");
        let history: Vec<Value> =
            get(&ada, &format!("api/v1/statuses/{}/history", cw.id.as_str())).await;
        assert!(history.len() >= 2, "{history:?}");

        // A malformed post is the server's own message.
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
        let key = format!("trompe-interop-{}", std::process::id());
        let mut made = Vec::new();
        for _ in 0..2 {
            let rb = ada
                .request(Method::POST, ada.url("api/v1/statuses").unwrap())
                .header("Idempotency-Key", &key)
                .json(&json!({"status": "only once"}));
            let (_, bytes) = ada.send(rb, "api/v1/statuses").await.unwrap();
            let s: Status = decode("statuses", &bytes).unwrap();
            made.push(s.id);
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
        let target: Status = post(
            &katherine,
            "api/v1/statuses",
            json!({"status": "orbit math"}),
        )
        .await;
        let id = target.id.as_str().to_string();

        let s: Status = post(&ada, &format!("api/v1/statuses/{id}/favourite"), json!({})).await;
        assert_eq!(s.favourited, Some(true));
        assert_eq!(s.favourites_count, 1);
        let s: Status = post(&ada, &format!("api/v1/statuses/{id}/reblog"), json!({})).await;
        // Mastodon answers the boost itself, wrapping the original.
        let boosted = s.reblog.as_deref().unwrap_or(&s);
        assert_eq!(boosted.id.as_str(), id);
        assert_eq!(boosted.reblogged, Some(true));
        let s: Status = post(&ada, &format!("api/v1/statuses/{id}/bookmark"), json!({})).await;
        assert_eq!(s.bookmarked, Some(true));

        let seen: Status = get(&ada, &format!("api/v1/statuses/{id}")).await;
        assert_eq!(
            (seen.favourited, seen.reblogged, seen.bookmarked),
            (Some(true), Some(true), Some(true))
        );
        assert_eq!(seen.reblogs_count, 1);

        let s: Status = post(
            &ada,
            &format!("api/v1/statuses/{id}/unfavourite"),
            json!({}),
        )
        .await;
        assert_eq!(s.favourited, Some(false));
        let s: Status = post(&ada, &format!("api/v1/statuses/{id}/unreblog"), json!({})).await;
        assert_eq!(s.reblogged, Some(false));
        let s: Status = post(&ada, &format!("api/v1/statuses/{id}/unbookmark"), json!({})).await;
        assert_eq!(s.bookmarked, Some(false));

        let kid = account_id(&ada, "katherine").await;
        let r: Relationship = post(&ada, &format!("api/v1/accounts/{kid}/follow"), json!({})).await;
        assert!(r.following || r.requested, "{r:?}");
        let rels: Vec<Relationship> = ada
            .get("api/v1/accounts/relationships", &[("id[]", kid.clone())])
            .await
            .unwrap();
        assert!(rels[0].following);
        let r: Relationship = post(
            &ada,
            &format!("api/v1/accounts/{kid}/mute"),
            json!({"notifications": true}),
        )
        .await;
        assert!(r.muting, "{r:?}");
        let r: Relationship = post(&ada, &format!("api/v1/accounts/{kid}/unmute"), json!({})).await;
        assert!(!r.muting);
        let r: Relationship =
            post(&ada, &format!("api/v1/accounts/{kid}/unfollow"), json!({})).await;
        assert!(!r.following);

        // Katherine heard about the favourite and the boost.
        let notes: Vec<Notification> = get(&katherine, "api/v1/notifications").await;
        let kinds: Vec<_> = notes
            .iter()
            .filter(|n| n.status.as_ref().is_some_and(|s| s.id.as_str() == id))
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
        let mine: Status = post(&ada, "api/v1/statuses", json!({"status": "favourite me"})).await;
        let id = mine.id.as_str();
        let _: Status = post(
            &grace,
            &format!("api/v1/statuses/{id}/favourite"),
            json!({}),
        )
        .await;
        let _: Status = post(&alan, &format!("api/v1/statuses/{id}/favourite"), json!({})).await;
        let _: Status = post(
            &grace,
            "api/v1/statuses",
            json!({"status": "@ada hello there"}),
        )
        .await;

        // v1: one notification each, paged with Link headers.
        let page = ada
            .get_page::<Notification>("api/v1/notifications", &[("limit", "2".into())])
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
        // Only mentions.
        let mentions = ada
            .get_page::<Notification>("api/v1/notifications", &[("types[]", "mention".into())])
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
        let grouped: GroupedNotificationsResults = ada
            .get("api/v2/notifications", &[])
            .await
            .expect("grouped notifications");
        let group = grouped
            .notification_groups
            .iter()
            .find(|g| {
                g.kind == NotificationType::Favourite && g.status_id.as_ref() == Some(&mine.id)
            })
            .unwrap_or_else(|| panic!("no favourite group: {grouped:?}"));
        assert_eq!(group.notifications_count, 2);
        assert_eq!(group.sample_account_ids.len(), 2);
        for a in &group.sample_account_ids {
            assert!(
                grouped.accounts.iter().any(|x| &x.id == a),
                "account {a:?} missing"
            );
        }
        assert!(grouped.statuses.iter().any(|s| s.id == mine.id));

        // Servers without grouped notifications answer 404 there (GoToSocial):
        // that is "not supported", a typed NotFound the caller falls back on.
        m.fault(json!({"match": {"path": "/api/v2/notifications"}, "effect": {"type": "status", "status": 404}, "count": 1}))
        .await;
        let missing = ada
            .get::<GroupedNotificationsResults>("api/v2/notifications", &[])
            .await;
        assert!(
            matches!(missing, Err(ApiError::NotFound { .. })),
            "{missing:?}"
        );

        // Dismissing one.
        let one = &favs[0];
        let _: Value = post(
            &ada,
            &format!("api/v1/notifications/{}/dismiss", one.id.as_str()),
            json!({}),
        )
        .await;
        let after: Vec<Notification> = get(&ada, "api/v1/notifications").await;
        assert!(after.iter().all(|n| n.id != one.id));
    }

    // ---------------------------------------------------------------------------
    // Search

    #[tokio::test]
    async fn search_accounts_statuses_and_hashtags() {
        let Some(m) = Mock::acquire("search").await else {
            return;
        };
        let ada = m.client(ADA);
        let r: SearchResults = ada
            .get(
                "api/v2/search",
                &[("q", "grace".into()), ("resolve", "false".into())],
            )
            .await
            .unwrap();
        assert!(r.accounts.iter().any(|a| a.username == "grace"), "{r:?}");
        let r: SearchResults = ada
            .get(
                "api/v2/search",
                &[("q", "computing".into()), ("type", "hashtags".into())],
            )
            .await
            .unwrap();
        assert!(
            r.hashtags
                .iter()
                .any(|t| t.name.eq_ignore_ascii_case("computing")),
            "{r:?}"
        );
        assert!(r.accounts.is_empty() && r.statuses.is_empty());
        let r: SearchResults = ada
            .get(
                "api/v2/search",
                &[("q", "Analytical".into()), ("type", "statuses".into())],
            )
            .await
            .unwrap();
        assert!(!r.statuses.is_empty(), "{r:?}");
        assert!(r.statuses.iter().all(|s| s.content.contains("Analytical")));
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

    fn is_update(m: &StreamMessage, stream: &str, id: &StatusId) -> bool {
        matches!(m, StreamMessage::Event(StreamEvent::Update { stream: s, status }) if s == stream && &status.id == id)
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
        expect_msg(&mut rx, 20, "Connected", |m| {
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
        // The sockets are open once the handshakes are done; give the server a
        // moment to register the subscribers.
        tokio::time::sleep(Duration::from_millis(300)).await;

        // Grace (whom Ada follows) mentions Ada with a hashtag: an update on the
        // user, public and hashtag streams, and a notification.
        let s: Status = post(
            &grace,
            "api/v1/statuses",
            json!({"status": "@ada streaming works #interop"}),
        )
        .await;
        let mut want: HashSet<&str> = ["user", "public", "hashtag:interop", "notification"].into();
        let deadline = Instant::now() + Duration::from_secs(20);
        while !want.is_empty() {
            let left = deadline.saturating_duration_since(Instant::now());
            let msg = tokio::time::timeout(left, rx.recv())
                .await
                .unwrap_or_else(|_| panic!("still waiting for {want:?}"))
                .expect("stream open");
            match &msg {
                StreamMessage::Event(StreamEvent::Update { stream, status })
                    if status.id == s.id =>
                {
                    want.remove(stream.as_str());
                }
                StreamMessage::Event(StreamEvent::Notification { notification })
                    if notification.kind == NotificationType::Mention
                        && notification.status.as_ref().is_some_and(|x| x.id == s.id) =>
                {
                    want.remove("notification");
                }
                StreamMessage::Unavailable { .. } | StreamMessage::Unauthorized => {
                    panic!("{msg:?}")
                }
                _ => {}
            }
        }

        // A stream added later reopens the sockets and is live at once.
        handle.subscribe(Subscription::PublicLocal);
        expect_msg(&mut rx, 20, "Connected after subscribe", |m| {
            matches!(m, StreamMessage::Connected)
        })
        .await;
        tokio::time::sleep(Duration::from_millis(300)).await;
        let s2: Status = post(&grace, "api/v1/statuses", json!({"status": "local news"})).await;
        expect_msg(&mut rx, 20, "update on public:local", |m| {
            is_update(m, "public:local", &s2.id)
        })
        .await;

        // An edit arrives as an edit (this server names it `status_update`).
        let _: Status = call(
            &grace,
            Method::PUT,
            &format!("api/v1/statuses/{}", s2.id.as_str()),
            Some(json!({"status": "local news, edited"})),
        )
        .await
        .unwrap();
        expect_msg(&mut rx, 20, "status.update", |m| {
        matches!(m, StreamMessage::Event(StreamEvent::StatusUpdate { status, .. }) if status.id == s2.id)
    })
    .await;

        // A deletion.
        let _: Value = call(
            &grace,
            Method::DELETE,
            &format!("api/v1/statuses/{}", s2.id.as_str()),
            None,
        )
        .await
        .unwrap();
        expect_msg(
            &mut rx,
            20,
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
        let msg = expect_msg(&mut rx, 20, "a final answer", |m| {
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
        assert!(
            waits[0] >= Duration::from_secs(1) && waits[0] <= Duration::from_secs(3),
            "{waits:?}"
        );
        assert!(started.elapsed() >= Duration::from_secs(1));

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
        m.fault(json!({"match": {"path": "/api/v1/timelines/home"}, "effect": {"type": "status", "status": 503}, "count": 1}))
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
        let parent: Status = post(
            &ada,
            "api/v1/statuses",
            json!({"status": "a thread starts"}),
        )
        .await;

        // trompe writes; toot reads.
        let media = upload(&ada, "Alt text by trompe: a grey square").await;
        let by_trompe: Status = post(
            &ada,
            "api/v1/statuses",
            json!({
                "status": "Written by trompe: café ✓ & <friends> #interop",
                "spoiler_text": "trompe's warning",
                "visibility": "unlisted",
                "in_reply_to_id": parent.id.as_str(),
                "media_ids": [media.id.as_str()],
            }),
        )
        .await;
        let poll_by_trompe: Status = post(
            &ada,
            "api/v1/statuses",
            json!({"status": "Poll by trompe", "poll": {"options": ["left", "right"], "expires_in": 3600}}),
        )
        .await;
        for s in [&by_trompe, &poll_by_trompe] {
            let id = s.id.as_str().to_string();
            let reread: Status = get(&ada, &format!("api/v1/statuses/{id}")).await;
            let (b, h, p) = (home.path().to_path_buf(), m.base.clone(), program.clone());
            let (json, printed) = tokio::task::spawn_blocking(move || {
                (
                    toot_json(&p, &b, &h, &["status", &id, "--json"]),
                    toot(&p, &b, &h, &["status", &id]),
                )
            })
            .await
            .unwrap();
            let (by_toot, by_us) = (seen_by_toot(&json, &printed), seen_by_trompe(&reread));
            assert_eq!(
                by_toot,
                by_us,
                "toot and trompe read {} differently:\n{printed}",
                s.id.as_str()
            );
            assert!(
                printed.contains(&format!("Visibility: {}", by_us.visibility)),
                "{printed}"
            );
            for option in &by_us.poll {
                assert!(printed.contains(option.as_str()), "{printed}");
            }
        }
        assert_eq!(
            seen_by_trompe(&by_trompe).text,
            "Written by trompe: café ✓ & <friends> #interop"
        );

        // toot writes; trompe reads.
        let png_path = home.path().join("square.png");
        std::fs::write(&png_path, png()).unwrap();
        let (b, h, p) = (home.path().to_path_buf(), m.base.clone(), program.clone());
        let parent_id = parent.id.as_str().to_string();
        let png_arg = png_path.to_string_lossy().into_owned();
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
        let s: Status = get(&ada, &format!("api/v1/statuses/{id}")).await;
        let seen = seen_by_trompe(&s);
        assert_eq!(seen.text, "Written by toot: naïve ✓ & <co> #interop");
        assert_eq!(seen.spoiler_text, "toot's warning");
        assert_eq!(s.visibility, Visibility::Unlisted);
        assert_eq!(seen.in_reply_to_id.as_deref(), Some(parent.id.as_str()));
        assert_eq!(seen.media.len(), 1);
        assert_eq!(seen.media[0].1.as_deref(), Some("Alt text by toot"));
        let pid = poll_posted["id"].as_str().expect("toot printed the poll");
        let s: Status = get(&ada, &format!("api/v1/statuses/{pid}")).await;
        assert_eq!(seen_by_trompe(&s).poll, ["red", "blue"]);
        let p = s.poll.expect("poll");
        let expires = p.expires_at.expect("an end") - time::OffsetDateTime::now_utc();
        assert!(
            expires > time::Duration::minutes(55) && expires <= time::Duration::minutes(60),
            "{expires}"
        );

        // And trompe reads the thread toot made a part of.
        let ctx: trompe::api::entities::Context = get(
            &ada,
            &format!("api/v1/statuses/{}/context", parent.id.as_str()),
        )
        .await;
        let kids: HashSet<_> = ctx.descendants.iter().map(|s| s.id.as_str()).collect();
        assert!(
            kids.contains(id) && kids.contains(by_trompe.id.as_str()),
            "{kids:?}"
        );
    }
}
