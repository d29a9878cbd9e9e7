//! Every string of the hostile corpus (`tests/hostile/corpus.jsonl`, made
//! by `scripts/hostile-corpus.py`) in every field that is drawn: a post's
//! text, content warning, author (name, username, acct), attachments' alt
//! text, poll options, link card, mentions, hashtags and application; a
//! profile's name, bio and fields; a notification; list, filter and tag
//! names; the instance's description, rules and announcements; and the
//! fields of ActivityPub objects and actors the node receives. Each is
//! drawn on a test terminal, and no cell may hold a control character, an
//! escape or a bidi override. Nothing may panic.

use serde_json::{Value, json};
use trompe::app::views::View;
use trompe::app::{Action, State, TabKind, TimelineTab, update};
use trompe_testkit::*;

/// A character that must never reach the terminal.
fn forbidden(c: char) -> bool {
    let n = c as u32;
    n < 0x20
        || (0x7f..=0x9f).contains(&n)
        || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// Draws `state` at 80×24 and fails naming `what` and the string if a cell
/// holds a forbidden character.
fn clean(state: &State, what: &str, s: &str) {
    let buf = render(state, 80, 24);
    for cell in buf.content() {
        if let Some(c) = cell.symbol().chars().find(|c| forbidden(*c)) {
            panic!(
                "{what}: U+{:04X} reached the screen, from {:?}",
                c as u32,
                s.chars().take(80).collect::<String>()
            );
        }
    }
}

/// The corpus: each line a string, or `{repeat, times, around}` for a big
/// one. Lines that do not decode (escaped lone surrogates) are counted.
fn corpus() -> (Vec<String>, usize) {
    let text = include_str!("../hostile/corpus.jsonl");
    let mut out = Vec::new();
    let mut refused = 0;
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        match serde_json::from_str::<Value>(line) {
            Ok(Value::String(s)) => out.push(s),
            Ok(Value::Object(o)) => {
                let times = o["times"].as_u64().unwrap() as usize;
                let around = o["around"].as_array().unwrap();
                out.push(format!(
                    "{}{}{}",
                    around[0].as_str().unwrap(),
                    o["repeat"].as_str().unwrap().repeat(times),
                    around[1].as_str().unwrap()
                ));
            }
            Ok(other) => panic!("a corpus line is neither a string nor a repeat: {other}"),
            Err(_) => refused += 1,
        }
    }
    (out, refused)
}

#[test]
fn the_corpus_is_big_enough_and_its_file_is_clean() {
    let (strings, refused) = corpus();
    assert!(
        strings.len() + refused >= 150,
        "{}",
        strings.len() + refused
    );
    // The file itself carries no raw control character.
    let raw = include_str!("../hostile/corpus.jsonl");
    assert!(!raw.chars().any(|c| c != '\n' && forbidden(c)));
    assert!(strings.iter().any(|s| s.len() >= 1_000_000), "a 1 MB post");
    assert!(
        strings.iter().any(|s| s.len() == 100_000),
        "a 100,000-char line"
    );
}

/// A post with `s` in every field a card draws.
fn hostile_status(s: &str) -> Value {
    let mut author = account("9", "mallory", s);
    author["username"] = json!(s);
    author["acct"] = json!(s);
    let mut st = status("200", author, s, 1);
    st["spoiler_text"] = json!(s);
    st["media_attachments"] = json!([{
        "id": "m1", "type": "image", "url": "https://evil.example/a.png",
        "preview_url": "https://evil.example/a.png", "description": s,
    }]);
    st["poll"] = json!({
        "id": "p1", "expires_at": null, "expired": false, "multiple": false,
        "votes_count": 3, "options": [{"title": s, "votes_count": 1}, {"title": "ok", "votes_count": 2}],
        "emojis": [], "voted": false, "own_votes": [],
    });
    st["card"] =
        json!({"url": "https://evil.example/", "title": s, "description": s, "type": "link"});
    st["mentions"] =
        json!([{"id": "7", "username": s, "acct": s, "url": "https://evil.example/@x"}]);
    st["tags"] = json!([{"name": s, "url": "https://evil.example/tags/x"}]);
    st["application"] = json!({"name": s});
    st
}

/// Every string in every field of a Mastodon post, timeline card, thread
/// and notification; with its content warning closed and open.
#[test]
fn hostile_posts_and_notifications() {
    let (strings, _) = corpus();
    for s in &strings {
        let st = hostile_status(s);
        let Ok(decoded) = serde_json::from_value::<trompe::api::entities::Status>(st.clone())
        else {
            continue;
        };
        let mut state = state_with(vec![decoded]);
        clean(&state, "a timeline card", s);
        // The fields are drawn, not dropped: the words around a payload
        // show (the author's name is it too).
        if s.starts_with("<p>before ") && s.len() < 200 {
            update(
                &mut state,
                Action::Command(trompe::app::keymap::Command::ToggleCw),
            );
            let text = rows(&render(&state, 80, 24)).join("\n");
            assert!(text.contains("before"), "{text}");
            update(
                &mut state,
                Action::Command(trompe::app::keymap::Command::ToggleCw),
            );
        }
        update(
            &mut state,
            Action::Command(trompe::app::keymap::Command::ToggleCw),
        );
        clean(&state, "a timeline card, warning open", s);
        // The same post as a mention.
        let mut state = state_with(vec![]);
        let acc = &mut state.accounts[0];
        let n: trompe::api::entities::Notification = serde_json::from_value(json!({
            "id": "1", "type": "mention", "created_at": "2026-11-27T11:00:00.000Z",
            "account": st["account"], "status": st,
        }))
        .unwrap();
        acc.notifications.insert("1".into(), n);
        let mut tab = TimelineTab::with_kind(TabKind::Notifications(Default::default()));
        tab.set_initial(vec!["1".into()], None);
        acc.tabs[1] = tab;
        acc.active_tab = 1;
        clean(&state, "a notification", s);
    }
}

/// A profile: name, bio and fields.
#[test]
fn hostile_profiles() {
    use trompe::app::views::{ProfileSection, ProfileView};
    let (strings, _) = corpus();
    for s in &strings {
        let mut a = account("1", s, s);
        a["note"] = json!(s);
        a["fields"] = json!([{"name": s, "value": s, "verified_at": null}]);
        let Ok(account) = serde_json::from_value::<trompe::api::entities::Account>(a) else {
            continue;
        };
        let mut state = state_with(sample_home());
        let posts = TimelineTab::new(trompe::api::endpoints::timelines::TimelineKind::Account {
            id: account.id.clone(),
            acct: "x".into(),
            with_replies: false,
            only_media: false,
        });
        state.accounts[0]
            .views
            .push(View::Profile(Box::new(ProfileView {
                account,
                relationship: None,
                section: ProfileSection::Posts,
                posts,
                pinned: Vec::new(),
            })));
        clean(&state, "a profile", s);
    }
}

/// Lists, filters, hashtags, and the instance page with its rules and
/// announcements.
#[test]
fn hostile_names_and_instance_texts() {
    use trompe::app::views::filters::FiltersView;
    use trompe::app::views::lists::ListsView;
    use trompe::app::views::tags::{TagsKind, TagsView};
    let (strings, _) = corpus();
    for s in &strings {
        let views = [
            serde_json::from_value(
                json!([{"id": "1", "title": s, "replies_policy": "list", "exclusive": true}]),
            )
            .map(|lists| {
                View::Lists(ListsView {
                    lists,
                    selected: 0,
                    loading: false,
                    error: None,
                })
            }),
            serde_json::from_value(
                json!([{"id": "1", "title": s, "context": ["home"], "filter_action": "warn",
                "keywords": [{"id": "1", "keyword": s, "whole_word": true}], "statuses": []}]),
            )
            .map(|filters| {
                View::Filters(FiltersView {
                    filters,
                    selected: 0,
                    loading: false,
                    error: None,
                })
            }),
            serde_json::from_value(
                json!([{"name": s, "url": "https://evil.example/tags/x", "history": []}]),
            )
            .map(|items| {
                View::Tags(TagsView {
                    kind: TagsKind::Trending,
                    items,
                    selected: 0,
                    loading: false,
                    error: None,
                })
            }),
        ];
        for v in views.into_iter().flatten() {
            let mut state = state_with(sample_home());
            let title = v.title();
            state.accounts[0].views.push(v);
            clean(&state, &title, s);
        }
        let v2 = serde_json::from_value::<trompe::api::entities::InstanceV2>(json!({
            "domain": "evil.example", "title": s, "version": "4.5.0", "description": s,
            "contact": {"email": s, "account": account("9", s, s)},
            "rules": [{"id": "1", "text": s}],
        }));
        let ann = serde_json::from_value::<Vec<trompe::api::entities::Announcement>>(json!([
            {"id": "1", "content": s, "published_at": "2026-11-27T09:00:00.000Z", "read": false, "reactions": []}
        ]));
        if let (Ok(v2), Ok(ann)) = (v2, ann) {
            let mut state = state_with(sample_home());
            let acc = &mut state.accounts[0];
            acc.instance_info = Some(trompe::api::entities::Instance::from(v2));
            acc.announcements = Some(ann);
            acc.views.push(View::Instance { scroll: 0 });
            clean(&state, "the instance page", s);
        }
    }
}

/// What the federation node receives: a Note or Question with the string
/// in its content, warning, attachment, mentions, hashtags and options,
/// from an actor with it in its name, username, bio and fields.
#[test]
fn hostile_activitypub_objects_in_the_relay_tab() {
    use trompe::effects::node::{account_json, status_of};
    let (strings, _) = corpus();
    let public = "https://www.w3.org/ns/activitystreams#Public";
    for s in &strings {
        let actor = "https://evil.example/users/mallory";
        let doc = json!({
            "id": actor, "type": "Person", "preferredUsername": s, "name": s, "summary": s,
            "attachment": [{"type": "PropertyValue", "name": s, "value": s}],
        });
        for kind in ["Note", "Question", "Article"] {
            let note = json!({
                "id": "https://evil.example/notes/1", "type": kind, "attributedTo": actor,
                "name": s, "content": s, "summary": s, "sensitive": true, "to": [public],
                "published": "2026-11-27T11:55:00Z",
                "attachment": [{"type": "Document", "mediaType": "image/png", "url": "https://evil.example/a.png", "name": s}],
                "tag": [{"type": "Mention", "href": "https://evil.example/users/x", "name": s},
                        {"type": "Hashtag", "href": "https://evil.example/tags/x", "name": s}],
                "oneOf": [{"type": "Note", "name": s, "replies": {"totalItems": 1}}],
            });
            let Some(st) = status_of(
                &note,
                "000000000010000000001",
                0,
                account_json(actor, Some(&doc)),
                None,
            ) else {
                continue;
            };
            let mut state = State::new(
                vec![trompe::app::AccountState::node(
                    "node (node)",
                    "relay.example",
                )],
                NOW,
            );
            let acc = &mut state.accounts[0];
            let id = st.id.as_str().to_string();
            acc.statuses.insert(st.id.clone(), st);
            acc.tabs[0].set_initial(vec![id], None);
            clean(&state, &format!("a {kind} in the Relay tab"), s);
            update(
                &mut state,
                Action::Command(trompe::app::keymap::Command::ToggleCw),
            );
            clean(
                &state,
                &format!("a {kind} in the Relay tab, warning open"),
                s,
            );
        }
    }
}
