//! Each view's keys through `update`, with no network and no terminal:
//! keys go through the live keymap in the modes of what is on top, exactly
//! as the TUI resolves them, and the tests look at the state and at the
//! effects asked for.

#![allow(clippy::unwrap_used)]

use trompe::app::effect::{RequestsChange, SocialOp};
use trompe::app::keymap::Keymap;
use trompe::app::views::filters::{FilterChange, FiltersView};
use trompe::app::views::lists::ListsView;
use trompe::app::views::people::{PeopleKind, PeopleView};
use trompe::app::views::scheduled::ScheduledView;
use trompe::app::views::{POLICY_ROWS, RequestsView, View};
use trompe::app::{Action, Effect, State, update};
use trompe_testkit::{account, key_action, said, sample_home, state_with};

/// Presses one key as the TUI would, and returns the effects.
fn press(state: &mut State, name: &str) -> Vec<Effect> {
    let action = key_action(state, name);
    update(state, action)
}

fn top(state: &State) -> Option<&View> {
    state.accounts[0].views.last()
}

fn scheduled_state() -> State {
    let mut state = state_with(sample_home());
    let items: Vec<trompe::api::entities::ScheduledStatus> = serde_json::from_value(serde_json::json!([
        {"id": "s1", "scheduled_at": "2030-01-15T09:00:00.000Z", "params": {"text": "first"}, "media_attachments": []},
        {"id": "s2", "scheduled_at": "2030-02-15T09:00:00.000Z", "params": {"text": "second"}, "media_attachments": []}
    ]))
    .unwrap();
    state.accounts[0].views.push(View::Scheduled(ScheduledView {
        items,
        ..Default::default()
    }));
    state
}

#[test]
fn timeline_keys_move_switch_tabs_and_open_a_thread() {
    let mut state = state_with(sample_home());
    press(&mut state, "j");
    press(&mut state, "j");
    assert_eq!(state.accounts[0].tabs[0].selected, 2);
    press(&mut state, "G");
    assert_eq!(
        state.accounts[0].tabs[0].selected + 1,
        state.accounts[0].tabs[0].ids.len()
    );
    press(&mut state, "g");
    assert_eq!(state.accounts[0].tabs[0].selected, 0);
    press(&mut state, "Tab");
    assert_eq!(state.accounts[0].active_tab, 1);
    press(&mut state, "h");
    assert_eq!(state.accounts[0].active_tab, 0);
    let fx = press(&mut state, "Enter");
    assert!(
        matches!(top(&state), Some(View::Thread(_))),
        "{:?}",
        top(&state)
    );
    assert!(
        fx.iter()
            .any(|e| matches!(e, Effect::LoadContext { id, .. } if id.as_str() == "110")),
        "{fx:?}"
    );
    press(&mut state, "Esc");
    assert!(state.accounts[0].views.is_empty());
}

#[test]
fn an_unbound_key_says_how_to_find_the_keys() {
    let mut state = state_with(sample_home());
    let fx = press(&mut state, "F12");
    assert!(fx.is_empty());
    assert!(said(&state, "F12 is not bound; press ? for keys"));
    // With the help moved, the hint follows.
    state.keymap = Keymap::from_config("[keys.common]\ntoggle_help = \"F1\"\n").unwrap();
    press(&mut state, "F12");
    assert!(said(&state, "F12 is not bound; press F1 for keys"));
}

#[test]
fn help_scrolls_and_any_other_key_closes_it() {
    let mut state = state_with(sample_home());
    press(&mut state, "?");
    assert!(state.show_help);
    press(&mut state, "j");
    press(&mut state, "j");
    assert_eq!(state.help_scroll, 2);
    press(&mut state, "z");
    assert!(!state.show_help);
}

#[test]
fn scheduled_keys_move_reschedule_and_cancel_after_asking() {
    let mut state = scheduled_state();
    press(&mut state, "j");
    let Some(View::Scheduled(v)) = top(&state) else {
        panic!("{:?}", top(&state))
    };
    assert_eq!(v.selected, 1);
    press(&mut state, "e");
    assert_eq!(state.prompt.as_ref().unwrap().text, "reschedule s2 ");
    state.prompt = None;
    // x asks first; n leaves it.
    let fx = press(&mut state, "x");
    assert!(fx.is_empty());
    assert!(matches!(top(&state), Some(View::Confirm { .. })));
    let fx = press(&mut state, "n");
    assert!(fx.is_empty());
    assert!(matches!(top(&state), Some(View::Scheduled(_))));
    // x then y cancels the selected one.
    press(&mut state, "x");
    let fx = press(&mut state, "y");
    assert!(
        matches!(&fx[..], [Effect::Social { op: SocialOp::CancelScheduled(id), .. }] if id == "s2"),
        "{fx:?}"
    );
    assert!(matches!(top(&state), Some(View::Scheduled(_))));
}

#[test]
fn the_confirm_dialog_takes_only_its_own_keys() {
    let mut state = scheduled_state();
    state.keymap =
        Keymap::from_config("[keys.confirm]\nconfirm = \"Y\"\ncancel = \"N\"\n").unwrap();
    press(&mut state, "x");
    // The old yes key and a key bound elsewhere (f, favourite) change nothing.
    for k in ["y", "f", "j"] {
        let fx = press(&mut state, k);
        assert!(fx.is_empty(), "{k}: {fx:?}");
        assert!(matches!(top(&state), Some(View::Confirm { .. })), "{k}");
    }
    press(&mut state, "N");
    assert!(matches!(top(&state), Some(View::Scheduled(_))));
    press(&mut state, "x");
    let fx = press(&mut state, "Y");
    assert!(matches!(&fx[..], [Effect::Social { .. }]), "{fx:?}");
}

#[test]
fn drafts_keys_continue_and_delete() {
    let mut state = state_with(sample_home());
    let mut a = trompe::compose::Draft::new(state.now);
    a.text = "kept for later".into();
    let mut b = trompe::compose::Draft::new(state.now);
    b.text = "another one".into();
    let b_id = b.id.clone();
    state.accounts[0].views.push(View::Drafts {
        drafts: vec![a, b],
        selected: 0,
        loading: false,
    });
    press(&mut state, "j");
    let fx = press(&mut state, "x");
    assert!(
        matches!(&fx[..], [Effect::DeleteDraft { id }] if *id == b_id),
        "{fx:?}"
    );
    let Some(View::Drafts { drafts, .. }) = top(&state) else {
        panic!()
    };
    assert_eq!(drafts.len(), 1);
    // Enter continues the one left in the compose pane.
    press(&mut state, "Enter");
    assert_eq!(
        state.compose.as_ref().map(|c| c.draft.text.as_str()),
        Some("kept for later")
    );
}

/// The view on top asks its question; `y` answers it, and the effects of
/// the confirmed action come back.
fn confirm_yes(state: &mut State) -> Vec<Effect> {
    assert!(
        matches!(top(state), Some(View::Confirm { .. })),
        "{:?}",
        top(state)
    );
    press(state, "y")
}

#[test]
fn x_in_the_list_manager_deletes_the_list_after_asking() {
    let mut state = state_with(sample_home());
    let lists =
        serde_json::from_value(serde_json::json!([{"id": "7", "title": "Friends"}])).unwrap();
    state.accounts[0].views.push(View::Lists(ListsView {
        lists,
        ..Default::default()
    }));
    let fx = press(&mut state, "x");
    assert!(fx.is_empty(), "{fx:?}");
    let fx = confirm_yes(&mut state);
    assert!(
        matches!(&fx[..], [Effect::Social { op: SocialOp::DeleteList(name), .. }] if name == "Friends"),
        "{fx:?}"
    );
}

#[test]
fn x_in_the_filters_deletes_the_filter_after_asking() {
    let mut state = state_with(sample_home());
    let filters =
        serde_json::from_value(serde_json::json!([{"id": "3", "title": "Spoilers"}])).unwrap();
    state.accounts[0].views.push(View::Filters(FiltersView {
        filters,
        ..Default::default()
    }));
    press(&mut state, "x");
    let fx = confirm_yes(&mut state);
    assert!(
        matches!(&fx[..], [Effect::Filters { change: Some(FilterChange::Delete { title }), .. }] if title == "Spoilers"),
        "{fx:?}"
    );
}

#[test]
fn x_in_the_filtered_notifications_dismisses_the_request() {
    let mut state = state_with(sample_home());
    let requests = serde_json::from_value(serde_json::json!([
        {"id": "r1", "account": account("9", "pat", "Pat"), "notifications_count": 2}
    ]))
    .unwrap();
    state.accounts[0].views.push(View::Requests(RequestsView {
        requests,
        selected: POLICY_ROWS.len(),
        ..Default::default()
    }));
    let fx = press(&mut state, "x");
    assert!(
        matches!(&fx[..], [Effect::Requests { change: Some(RequestsChange::Dismiss(id)), .. }] if id == "r1"),
        "{fx:?}"
    );
}

#[test]
fn x_in_the_follow_requests_rejects_one() {
    let mut state = state_with(sample_home());
    let mut view = PeopleView {
        kind: PeopleKind::FollowRequests,
        items: vec![serde_json::from_value(account("9", "pat", "Pat")).unwrap()],
        relationships: Default::default(),
        selected: 0,
        next: None,
        loading: None,
        error: None,
    };
    state.accounts[0]
        .views
        .push(View::People(Box::new(view.clone())));
    let fx = press(&mut state, "x");
    assert!(
        matches!(&fx[..], [Effect::PostAction { path, .. }] if path.ends_with("/9/reject")),
        "{fx:?}"
    );
    // In a list's members, x removes the member from the list.
    view.kind = PeopleKind::ListMembers("Friends".into());
    state.accounts[0].views = vec![View::People(Box::new(view))];
    let fx = press(&mut state, "x");
    assert!(
        matches!(&fx[..], [Effect::Social { op: SocialOp::ListRemove { list, .. }, .. }] if list == "Friends"),
        "{fx:?}"
    );
}

#[test]
fn x_on_the_instance_page_marks_the_announcements_read() {
    let mut state = state_with(sample_home());
    state.accounts[0].announcements = Some(
        serde_json::from_value(
            serde_json::json!([{"id": "a1", "content": "Hello", "read": false}]),
        )
        .unwrap(),
    );
    state.accounts[0].views.push(View::Instance { scroll: 0 });
    let fx = press(&mut state, "x");
    assert!(
        matches!(&fx[..], [Effect::DismissAnnouncements { ids, .. }] if ids.len() == 1),
        "{fx:?}"
    );
    assert_eq!(
        state.accounts[0].announcements.as_ref().unwrap()[0].read,
        Some(true)
    );
}

#[test]
fn x_on_a_timeline_still_dismisses_the_notification() {
    let mut state = state_with(sample_home());
    // Nothing on top: x is the common `reject`, which acts on notifications
    // only; on the home timeline it does nothing.
    let fx = press(&mut state, "x");
    assert!(fx.is_empty(), "{fx:?}");
}

#[test]
fn a_view_command_remapped_in_its_own_table_moves() {
    let mut state = scheduled_state();
    state.keymap = Keymap::from_config("[keys.scheduled]\ncancel_scheduled = \"X\"\n").unwrap();
    // x is free in the scheduled posts now: it does nothing there (and
    // nothing underneath).
    let fx = press(&mut state, "x");
    assert!(fx.is_empty(), "{fx:?}");
    assert!(matches!(top(&state), Some(View::Scheduled(_))));
    // X cancels the selected one, after asking.
    press(&mut state, "X");
    let fx = confirm_yes(&mut state);
    assert!(
        matches!(&fx[..], [Effect::Social { op: SocialOp::CancelScheduled(id), .. }] if id == "s1"),
        "{fx:?}"
    );
    // Elsewhere X still blocks: the remap is the scheduled posts' own.
    state.accounts[0].views.clear();
    assert!(matches!(
        key_action(&state, "X"),
        Action::Command(trompe::app::keymap::Command::Block)
    ));
}

#[test]
fn the_list_manager_keys_are_its_own_and_remappable() {
    let mut state = state_with(sample_home());
    let lists = serde_json::from_value(serde_json::json!([
        {"id": "7", "title": "Friends", "replies_policy": "list", "exclusive": false}
    ]))
    .unwrap();
    state.accounts[0].views.push(View::Lists(ListsView {
        lists,
        ..Default::default()
    }));
    press(&mut state, "e");
    assert_eq!(
        state.prompt.as_ref().unwrap().text,
        "list-rename Friends to "
    );
    state.prompt = None;
    let fx = press(&mut state, "F");
    assert!(
        matches!(&fx[..], [Effect::Social { op: SocialOp::ListSettings { replies: Some(r), .. }, .. }] if r == "none"),
        "{fx:?}"
    );
    let fx = press(&mut state, "Tab");
    assert!(
        matches!(
            &fx[..],
            [Effect::Social {
                op: SocialOp::ListSettings {
                    exclusive: Some(true),
                    ..
                },
                ..
            }]
        ),
        "{fx:?}"
    );
    press(&mut state, "W");
    assert!(
        matches!(top(&state), Some(View::People(_))),
        "{:?}",
        top(&state)
    );
    state.accounts[0].views.pop();
    // Remapped in its own table: r renames, and e does nothing here.
    state.keymap = Keymap::from_config("[keys.lists]\nrename_list = \"r\"\n").unwrap();
    let fx = press(&mut state, "e");
    assert!(fx.is_empty() && state.prompt.is_none(), "{fx:?}");
    press(&mut state, "r");
    assert_eq!(
        state.prompt.as_ref().unwrap().text,
        "list-rename Friends to "
    );
}

#[test]
fn clearing_the_notifications_asks_first() {
    let mut state = state_with(sample_home());
    let acc = &mut state.accounts[0];
    let n: trompe::api::entities::Notification = serde_json::from_value(serde_json::json!({
        "id": "1", "type": "follow", "created_at": "2026-11-27T11:00:00.000Z",
        "account": account("5", "zoe", "Zoë"),
    }))
    .unwrap();
    acc.notifications.insert("1".into(), n);
    acc.tabs[1].set_initial(vec!["1".into()], None);
    acc.active_tab = 1;
    // C asks; n keeps everything.
    assert!(press(&mut state, "C").is_empty());
    assert!(
        matches!(top(&state), Some(View::Confirm { text, .. }) if text.contains("Clear all notifications"))
    );
    assert!(press(&mut state, "n").is_empty());
    assert!(top(&state).is_none());
    assert_eq!(state.accounts[0].tabs[1].ids, vec!["1".to_string()]);
    // C then y clears them here and on the server.
    press(&mut state, "C");
    let fx = press(&mut state, "y");
    assert!(
        fx.iter().any(
            |e| matches!(e, Effect::PostAction { path, .. } if path == "api/v1/notifications/clear")
        ),
        "{fx:?}"
    );
    assert!(state.accounts[0].tabs[1].ids.is_empty());
    assert!(state.accounts[0].notifications.is_empty());
    // Not on the notifications: C does nothing.
    state.accounts[0].active_tab = 0;
    assert!(press(&mut state, "C").is_empty());
    assert!(top(&state).is_none());
}

#[test]
fn after_deleting_a_post_in_a_profile_the_next_one_is_selected() {
    use trompe::api::endpoints::timelines::TimelineKind;
    use trompe::app::TimelineTab;
    use trompe::app::views::{ProfileSection, ProfileView};
    let alice = account("1", "alice", "Alice Martin");
    let posts: Vec<trompe::api::entities::Status> = ["30", "20", "10"]
        .iter()
        .map(|id| {
            trompe_testkit::decode(trompe_testkit::status(id, alice.clone(), "<p>mine</p>", 5))
        })
        .collect();
    let mut state = state_with(posts);
    let me: trompe::api::entities::Account = serde_json::from_value(alice).unwrap();
    state.accounts[0].me = Some(me.clone());
    // `:me`: the profile with its posts, the middle one selected.
    let mut list = TimelineTab::new(TimelineKind::Account {
        id: me.id.clone(),
        acct: "alice".into(),
        with_replies: false,
        only_media: false,
    });
    list.set_initial(vec!["30".into(), "20".into(), "10".into()], None);
    list.selected = 1;
    state.accounts[0]
        .views
        .push(View::Profile(Box::new(ProfileView {
            account: me,
            relationship: None,
            section: ProfileSection::Posts,
            posts: list,
            pinned: Vec::new(),
        })));
    assert!(press(&mut state, "D").is_empty());
    let fx = press(&mut state, "y");
    assert!(
        fx.iter()
            .any(|e| matches!(e, Effect::DeleteStatus { id, .. } if id.as_str() == "20")),
        "{fx:?}"
    );
    // The server said yes: the list keeps the other two, the next selected.
    let deleted: trompe::api::entities::Status = trompe_testkit::decode(trompe_testkit::status(
        "20",
        account("1", "alice", "Alice Martin"),
        "<p>mine</p>",
        5,
    ));
    update(
        &mut state,
        Action::DeleteDone {
            account: 0,
            id: trompe::api::entities::StatusId::new("20"),
            redraft: false,
            result: Ok(Some(Box::new(deleted))),
        },
    );
    let Some(View::Profile(p)) = top(&state) else {
        panic!("the profile is still open");
    };
    assert_eq!(p.posts.ids, vec!["30".to_string(), "10".to_string()]);
    assert_eq!(p.posts.selected_id(), Some("10"));
    // And the home tab lost it too.
    assert!(!state.accounts[0].tabs[0].ids.iter().any(|i| i == "20"));
}

#[test]
fn ctrl_z_suspends_on_a_timeline_and_undoes_in_compose() {
    let mut state = state_with(sample_home());
    let fx = press(&mut state, "ctrl-z");
    assert!(matches!(fx.as_slice(), [Effect::SuspendProcess]), "{fx:?}");
    // In the compose pane, ctrl-z is its undo.
    press(&mut state, "c");
    assert!(state.compose.is_some());
    let fx = press(&mut state, "ctrl-z");
    assert!(
        !fx.iter().any(|e| matches!(e, Effect::SuspendProcess)),
        "{fx:?}"
    );
}

#[test]
fn closing_a_tab_loads_the_tab_that_shows_next() {
    let mut state = state_with(sample_home());
    let last = state.accounts[0].tabs.len() - 1;
    assert!(!state.accounts[0].tabs[last].loaded);
    press(&mut state, ":");
    for c in "tag foo".chars() {
        update(&mut state, Action::Text(trompe::app::TextKey::Char(c)));
    }
    update(&mut state, Action::Text(trompe::app::TextKey::Enter));
    assert_eq!(state.accounts[0].active_tab, last + 1, "the tag tab");
    let fx = press(&mut state, "ctrl-w");
    assert_eq!(state.accounts[0].active_tab, last);
    assert!(
        fx.iter()
            .any(|e| matches!(e, Effect::LoadTimeline { tab, .. } if *tab == last)),
        "the tab now shown loads: {fx:?}"
    );
}

fn post_with_mention_and_tag() -> State {
    let mut v = trompe_testkit::status(
        "130",
        account("2", "bob@other.example", "Bob"),
        "<p><span class=\"h-card\"><a href=\"https://demo.example/@alice\" class=\"u-url mention\">@<span>alice</span></a></span> see <a href=\"https://demo.example/tags/rust\" class=\"mention hashtag\" rel=\"tag\">#<span>rust</span></a> and <a href=\"https://docs.rs/x\">docs.rs/x</a></p>",
        1,
    );
    v["mentions"] = serde_json::json!([{"id": "1", "username": "alice", "acct": "alice@demo.example", "url": "https://demo.example/@alice"}]);
    v["tags"] = serde_json::json!([{"name": "rust", "url": "https://demo.example/tags/rust"}]);
    state_with(vec![trompe_testkit::decode(v)])
}

#[test]
fn hashtags_and_mentions_open_inside_and_links_outside() {
    // `o`, then the hashtag: its tab, not the browser.
    let mut state = post_with_mention_and_tag();
    press(&mut state, "o");
    let labels: Vec<String> = match top(&state) {
        Some(View::Links(l)) => l.links.iter().map(|(t, _)| t.clone()).collect(),
        other => panic!("{other:?}"),
    };
    let tag = labels.iter().position(|l| l == "#rust").unwrap();
    for _ in 0..tag {
        press(&mut state, "j");
    }
    let fx = press(&mut state, "Enter");
    assert!(
        !fx.iter().any(|e| matches!(e, Effect::OpenUrl { .. })),
        "{fx:?}"
    );
    assert!(
        state.accounts[0].tab().unwrap().title().contains("rust"),
        "the tag tab is open"
    );
    // `@`: only the mention and the tag; the mention opens the profile.
    let mut state = post_with_mention_and_tag();
    press(&mut state, "@");
    match top(&state) {
        Some(View::Links(l)) => {
            let labels: Vec<&str> = l.links.iter().map(|(t, _)| t.as_str()).collect();
            assert_eq!(labels, ["@alice@demo.example", "#rust"]);
        }
        other => panic!("{other:?}"),
    }
    let fx = press(&mut state, "Enter");
    assert!(
        fx.iter().any(|e| matches!(e, Effect::LookupAccount { acct, .. } if acct.contains("alice@demo.example"))),
        "{fx:?}"
    );
    // A plain link still goes outside.
    let mut state = post_with_mention_and_tag();
    press(&mut state, "o");
    let fx = loop {
        let on_docs = matches!(top(&state), Some(View::Links(l)) if l.links[l.selected].1 == "https://docs.rs/x");
        if on_docs {
            break press(&mut state, "Enter");
        }
        press(&mut state, "j");
    };
    assert!(
        fx.iter()
            .any(|e| matches!(e, Effect::OpenUrl { url } if url == "https://docs.rs/x")),
        "{fx:?}"
    );
}

fn type_in_prompt(state: &mut State, text: &str) {
    for c in text.chars() {
        update(state, Action::Text(trompe::app::TextKey::Char(c)));
    }
}

#[test]
fn the_command_line_completes_names_and_keeps_a_history() {
    use trompe::app::TextKey;
    let mut state = state_with(sample_home());
    press(&mut state, ":");
    type_in_prompt(&mut state, "bookm");
    update(&mut state, Action::Text(TextKey::Tab));
    assert_eq!(state.prompt.as_ref().unwrap().text, "bookmarks ");
    // Several matches: what they share, then the list.
    update(&mut state, Action::Text(TextKey::Esc));
    press(&mut state, ":");
    type_in_prompt(&mut state, "ta");
    update(&mut state, Action::Text(TextKey::Tab));
    assert_eq!(state.prompt.as_ref().unwrap().text, "tag");
    update(&mut state, Action::Text(TextKey::Tab));
    assert!(said(&state, "Commands: tag, tags"), "{:?}", state.messages);
    update(&mut state, Action::Text(TextKey::Esc));
    // Run two commands; Up brings them back, newest first, and they are kept.
    for cmd in ["bookmarks", "favourites"] {
        press(&mut state, ":");
        type_in_prompt(&mut state, cmd);
        let fx = update(&mut state, Action::Text(TextKey::Enter));
        assert!(
            fx.iter()
                .any(|e| matches!(e, Effect::SaveHistory { lines } if lines.last().map(String::as_str) == Some(cmd))),
            "{fx:?}"
        );
    }
    press(&mut state, ":");
    update(&mut state, Action::Text(TextKey::Up));
    assert_eq!(state.prompt.as_ref().unwrap().text, "favourites");
    update(&mut state, Action::Text(TextKey::Up));
    assert_eq!(state.prompt.as_ref().unwrap().text, "bookmarks");
    update(&mut state, Action::Text(TextKey::Down));
    assert_eq!(state.prompt.as_ref().unwrap().text, "favourites");
    update(&mut state, Action::Text(TextKey::Down));
    assert_eq!(state.prompt.as_ref().unwrap().text, "");
}

/// Tab completes a command's argument from what trompe knows: hashtags of
/// the posts loaded, accounts (authors and mentions), durations, and the
/// user's lists, fetched on the first Tab.
#[test]
fn the_command_line_completes_arguments() {
    use trompe::app::TextKey;
    let mut state = state_with(sample_home());
    // The post that links #rust says so in its tags, as servers send them.
    let rust: trompe::api::entities::Tag = serde_json::from_value(
        serde_json::json!({"name": "Rust", "url": "https://demo.example/tags/rust"}),
    )
    .unwrap();
    state.accounts[0]
        .statuses
        .get_mut(&trompe::api::entities::StatusId::new("110"))
        .unwrap()
        .tags
        .push(rust);
    let tab = |state: &mut State, typed: &str| {
        update(state, Action::Text(TextKey::Esc));
        press(state, ":");
        type_in_prompt(state, typed);
        let fx = update(state, Action::Text(TextKey::Tab));
        (state.prompt.as_ref().unwrap().text.clone(), fx)
    };
    assert_eq!(tab(&mut state, "tag ru").0, "tag rust ");
    assert_eq!(tab(&mut state, "tag #ru").0, "tag rust ");
    assert_eq!(tab(&mut state, "user @bo").0, "user @bob@other.example ");
    assert_eq!(tab(&mut state, "profile har").0, "profile @haruki ");
    assert_eq!(tab(&mut state, "mute 7").0, "mute 7d ");
    assert_eq!(
        tab(&mut state, "mute 30m --k").0,
        "mute 30m --keep-notifications "
    );
    // Several: the list is shown.
    let (text, _) = tab(&mut state, "mute 1");
    assert_eq!(text, "mute 1");
    assert!(said(&state, "Durations: 1h, 1d"), "{:?}", state.messages);
    // Lists: asked for once, then completed.
    let (_, fx) = tab(&mut state, "list Fr");
    assert!(
        fx.iter().any(|e| matches!(e, Effect::LoadLists { .. })),
        "{fx:?}"
    );
    let lists: Vec<trompe::api::entities::List> = serde_json::from_value(serde_json::json!([
        {"id": "1", "title": "Friends"}, {"id": "2", "title": "Rustaceans"}
    ]))
    .unwrap();
    update(
        &mut state,
        Action::ListsLoaded {
            account: 0,
            result: Ok(lists),
        },
    );
    let (text, fx) = tab(&mut state, "list fr");
    assert_eq!(text, "list Friends ");
    assert!(fx.is_empty(), "not asked twice: {fx:?}");
    assert_eq!(tab(&mut state, "list-add Ru").0, "list-add Rustaceans ");
}

/// `:boosts` and `:replies` hide in place (#17 item 7): nothing is loaded
/// again, the loaded posts stay, the reader keeps their post (or the next
/// one, when theirs is hidden), showing them again puts them back where
/// they were, and the choice is kept per tab for the next run.
#[test]
fn hiding_boosts_and_replies_keeps_the_place() {
    use trompe::app::TextKey;
    let mut state = state_with(sample_home());
    let run = |state: &mut State, cmd: &str| {
        press(state, ":");
        type_in_prompt(state, cmd);
        update(state, Action::Text(TextKey::Enter))
    };
    let ids = |state: &State| state.accounts[0].tabs[0].ids.clone();
    let selected = |state: &State| state.accounts[0].tabs[0].selected_id().map(str::to_string);
    let all = ids(&state);
    let boosts: Vec<String> = all
        .iter()
        .filter(|id| state.accounts[0].status(id).unwrap().reblog.is_some())
        .cloned()
        .collect();
    assert!(!boosts.is_empty(), "the sample has a boost");
    // The reader is on the last post, below the boost.
    let last = all.len() - 1;
    for _ in 0..last {
        press(&mut state, "j");
    }
    let reading = selected(&state).unwrap();
    assert!(!boosts.contains(&reading));
    let fx = run(&mut state, "boosts");
    assert!(
        !fx.iter().any(|e| matches!(e, Effect::LoadTimeline { .. })),
        "nothing is loaded again: {fx:?}"
    );
    assert!(
        fx.iter().any(|e| matches!(e, Effect::SaveTabSettings { settings } if settings.get("Home") == Some(&(true, false)))),
        "{fx:?}"
    );
    assert_eq!(ids(&state).len(), all.len() - boosts.len());
    assert!(ids(&state).iter().all(|id| !boosts.contains(id)));
    assert_eq!(selected(&state).as_deref(), Some(reading.as_str()));
    // Shown again: the same list, in the same order, the same post.
    let fx = run(&mut state, "boosts");
    assert!(
        fx.iter()
            .any(|e| matches!(e, Effect::SaveTabSettings { settings } if settings.is_empty())),
        "{fx:?}"
    );
    assert_eq!(ids(&state), all);
    assert_eq!(selected(&state).as_deref(), Some(reading.as_str()));
    // The reader on the boost itself: the next post takes its place.
    let at = all.iter().position(|id| *id == boosts[0]).unwrap();
    state.accounts[0].tabs[0].selected = at;
    run(&mut state, "boosts");
    let next_kept = all[at + 1..]
        .iter()
        .find(|id| !boosts.contains(id))
        .cloned();
    assert_eq!(selected(&state), next_kept);
    // Shown again: everything back in its place.
    run(&mut state, "boosts");
    assert_eq!(ids(&state), all);
}

/// The tabs' settings are read back at start and given to the tabs, and to
/// a tab opened later with the same title.
#[test]
fn tab_settings_come_back_on_the_next_run() {
    let dir = tempfile::tempdir().unwrap();
    let paths = trompe::config::Paths {
        config_dir: dir.path().join("c"),
        data_dir: dir.path().join("d"),
        log_dir: dir.path().join("l"),
        keyring: false,
    };
    std::fs::create_dir_all(&paths.data_dir).unwrap();
    std::fs::write(
        paths.data_dir.join(trompe::effects::TAB_SETTINGS),
        r##"{"Home": {"hide_boosts": true, "hide_replies": false}, "#rust": {"hide_boosts": false, "hide_replies": true}}"##,
    )
    .unwrap();
    let mut state = state_with(sample_home());
    state.set_tab_settings(trompe::effects::load_tab_settings(&paths));
    assert!(state.accounts[0].tabs[0].hide_boosts);
    assert!(!state.accounts[0].tabs[0].hide_replies);
    press(&mut state, ":");
    type_in_prompt(&mut state, "tag rust");
    update(&mut state, Action::Text(trompe::app::TextKey::Enter));
    let t = state.accounts[0].tab().unwrap();
    assert_eq!(t.title(), "#rust");
    assert!(t.hide_replies && !t.hide_boosts);
    // A broken file is no settings.
    std::fs::write(paths.data_dir.join(trompe::effects::TAB_SETTINGS), "{oops").unwrap();
    assert!(trompe::effects::load_tab_settings(&paths).is_empty());
}

/// The local cache through `update`: written on the clock when the tabs
/// changed, at most once a minute; read back into a new state, marked as
/// cached, with the reader's post; a file of another account, a broken
/// file and a file too large are no cache.
#[test]
fn the_local_cache_is_written_when_due_and_read_back() {
    let dir = tempfile::tempdir().unwrap();
    let paths = trompe::config::Paths::under(dir.path());
    let mut state = state_with(sample_home());
    // A state of one account with its cache key (as the TUI's start sets).
    let with_key = |key: &str, host: &str, now| {
        State::new(
            vec![trompe::app::AccountState {
                cache_key: Some(key.to_string()),
                ..trompe::app::AccountState::new(key, host)
            }],
            now,
        )
    };
    let tick = |state: &mut State, secs: i64| {
        let now = state.now + time::Duration::seconds(secs);
        update(state, Action::Tick(now))
            .into_iter()
            .filter_map(|e| match e {
                Effect::SaveCache { key, snapshot, .. } => Some((key, snapshot)),
                _ => None,
            })
            .collect::<Vec<_>>()
    };
    // Off without a cache key, and unless enabled.
    state.cache_enabled = true;
    assert!(tick(&mut state, 1).is_empty());
    state.accounts[0].cache_key = Some("demo@demo.example".into());
    state.cache_enabled = false;
    assert!(tick(&mut state, 1).is_empty());
    state.cache_enabled = true;
    let saved = tick(&mut state, 1);
    assert_eq!(saved.len(), 1);
    let (key, snapshot) = &saved[0];
    assert_eq!(key, "demo@demo.example");
    // A change waits for the minute; then nothing changed, nothing to write.
    press(&mut state, "j");
    assert!(tick(&mut state, 1).is_empty());
    let again = tick(&mut state, 60);
    assert_eq!(again.len(), 1);
    assert!(tick(&mut state, 61).is_empty());
    let home = &again[0].1.tabs[0];
    assert_eq!(home.title, "Home");
    assert!(
        matches!(&home.items, trompe::app::PageItems::Statuses(v) if v.len() == sample_home().len()),
        "{:?}",
        home.items.ids()
    );
    let reader = state.accounts[0].tabs[0].selected_id().unwrap().to_string();
    assert_eq!(home.selected.as_deref(), Some(reader.as_str()));
    assert!(snapshot.tabs[0].selected.is_some());

    // Written and read back into a new run.
    trompe::cache::save(&paths, key, &again[0].1).unwrap();
    let mut next = with_key("demo@demo.example", "demo.example", state.now);
    let snap = trompe::cache::load(&paths, key).unwrap();
    assert_eq!(trompe::app::cache::restore(&mut next.accounts[0], snap), 1);
    let t = &next.accounts[0].tabs[0];
    assert!(t.cached.is_some() && t.loaded);
    assert_eq!(t.ids, state.accounts[0].tabs[0].ids);
    assert_eq!(t.selected_id(), Some(reader.as_str()));
    // Still drawn from the cache: nothing new to write.
    next.cache_enabled = true;
    let written = update(
        &mut next,
        Action::Tick(state.now + time::Duration::seconds(1)),
    );
    assert!(
        !written
            .iter()
            .any(|e| matches!(e, Effect::SaveCache { .. }))
    );

    // Another account's state takes nothing from it.
    let mut other = with_key("someone@else.example", "else.example", state.now);
    let snap = trompe::cache::load(&paths, key).unwrap();
    assert_eq!(trompe::app::cache::restore(&mut other.accounts[0], snap), 0);
    assert!(trompe::cache::load(&paths, "someone@else.example").is_none());
    // A broken file, and one too large, are no cache.
    let file = trompe::cache::path(&paths, key);
    std::fs::write(&file, "{\"version\": 1, \"tabs\": [oops").unwrap();
    assert!(trompe::cache::load(&paths, key).is_none());
    let f = std::fs::File::create(&file).unwrap();
    f.set_len(trompe::app::cache::MAX_FILE_BYTES + 1).unwrap();
    assert!(trompe::cache::load(&paths, key).is_none());
}
