//! Snapshot tests of the home timeline screen (TestBackend-sized buffers +
//! insta), with injected time so they stay stable.

#![allow(clippy::unwrap_used)]

use trompe::app::keymap::Command;
use trompe_testkit as common;

use common::*;
use trompe::app::{Action, update};

fn snapshot_text(state: &trompe::app::State, w: u16, h: u16) -> String {
    rows(&render(state, w, h)).join("\n")
}

#[test]
fn home_timeline_80x24() {
    let state = state_with(sample_home());
    insta::assert_snapshot!(snapshot_text(&state, 80, 24));
}

#[test]
fn home_timeline_120x40() {
    let state = state_with(sample_home());
    insta::assert_snapshot!(snapshot_text(&state, 120, 40));
}

#[test]
fn home_timeline_scrolled_with_cw_open_80x24() {
    let mut state = state_with(sample_home());
    for _ in 0..3 {
        update(&mut state, Action::Command(Command::ScrollDown));
    }
    update(&mut state, Action::Command(Command::ToggleCw));
    insta::assert_snapshot!(snapshot_text(&state, 80, 24));
}

#[test]
fn help_overlay_80x24() {
    let mut state = state_with(sample_home());
    update(&mut state, Action::Command(Command::ToggleHelp));
    insta::assert_snapshot!(snapshot_text(&state, 80, 24));
}

/// A `[keys]` remap shows in the help: favourite on L (f is free then), and
/// the confirm dialog's own keys.
#[test]
fn help_follows_a_remap() {
    let mut state = state_with(sample_home());
    state.keymap = trompe::app::keymap::Keymap::from_config(
        "[keys.common]\nfavourite = \"L\"\ntop = [\"g g\", \"Home\"]\n\n[keys.confirm]\nconfirm = \"Y\"\n",
    )
    .unwrap();
    update(&mut state, Action::Command(Command::ToggleHelp));
    let text = snapshot_text(&state, 80, 24);
    let fav = text
        .lines()
        .find(|l| l.contains("favourite / unfavourite"))
        .expect("the favourite row");
    assert!(fav.starts_with("│ L "), "{fav}");
    assert!(text.contains("│ g g, Home "), "{text}");
    insta::assert_snapshot!(text);
    for _ in 0..3 {
        update(&mut state, Action::Command(Command::PageDown));
    }
    let text = snapshot_text(&state, 80, 24);
    assert!(text.contains("│ Y    "), "{text}");
}

/// A tab drawn from the local cache: marked "cached" with its age while
/// the server is asked, "offline" when it could not be reached (with the
/// footer saying so), at both sizes.
#[test]
fn a_tab_from_the_local_cache_and_offline() {
    let mut state = state_with(sample_home());
    let ids = state.accounts[0].tabs[0].ids.clone();
    let saved = NOW - time::Duration::hours(3);
    state.accounts[0].tabs[0].restore_cached(ids, saved, None, None);
    let text = snapshot_text(&state, 80, 24);
    assert!(text.contains("cached 3h"), "{text}");
    insta::assert_snapshot!("cached_80x24", text);
    state.accounts[0].tabs[0].error = Some("network error: connection refused".into());
    let text = snapshot_text(&state, 80, 24);
    assert!(text.contains("offline, cached 3h"), "{text}");
    insta::assert_snapshot!("offline_80x24", text);
    let wide = snapshot_text(&state, 200, 60);
    assert!(
        wide.contains("Offline: these posts are from the local cache"),
        "{wide}"
    );
    insta::assert_snapshot!("offline_200x60", wide);
}

#[test]
fn loading_and_error_states_40x10() {
    let mut state = state_with(vec![]);
    state.accounts[0].tabs[0] =
        trompe::app::TimelineTab::new(trompe::api::endpoints::timelines::TimelineKind::Home);
    insta::assert_snapshot!("loading", snapshot_text(&state, 40, 10));
    state.accounts[0].tabs[0].error = Some("server error 500: Something went wrong".into());
    insta::assert_snapshot!("error", snapshot_text(&state, 40, 10));
}

#[test]
fn small_sizes_never_panic() {
    let mut state = state_with(sample_home());
    update(&mut state, Action::Command(Command::ToggleHelp));
    for w in 0..=32u16 {
        for h in 0..=12u16 {
            let _ = render(&state, w, h);
        }
    }
    let narrow = snapshot_text(&state, 30, 10);
    assert_eq!(narrow.lines().count(), 10);
    let _ = render(&state, 20, 5);
}

#[test]
fn hostile_strings_never_reach_the_buffer() {
    let evil = "x\u{1b}[31mred\u{1b}[2J\u{1b}]52;c;ZXZpbA==\u{7}\u{1b}]8;;http://evil\u{1b}\\link\u{1b}]8;;\u{1b}\\\u{7}\u{0}\u{202e}gnp.exe\u{9b}31m";
    let mut acc = account("9", "mallory", evil);
    acc["acct"] = serde_json::json!(format!("mallory{evil}"));
    let mut s = status("200", acc, &format!("<p>{evil}</p>"), 1);
    s["spoiler_text"] = serde_json::json!(evil);
    let mut state = state_with(vec![decode(s)]);
    update(&mut state, Action::Command(Command::ToggleCw));
    for (w, h) in [(80, 24), (30, 10), (120, 40)] {
        let buf = render(&state, w, h);
        for cell in buf.content() {
            for c in cell.symbol().chars() {
                let bad = (c as u32) < 0x20
                    || (0x7f..=0x9f).contains(&(c as u32))
                    || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}');
                assert!(
                    !bad,
                    "control character U+{:04X} reached the buffer",
                    c as u32
                );
            }
        }
        let text = rows(&buf).join("");
        assert!(!text.contains("ZXZpbA=="), "OSC 52 payload leaked");
        assert!(!text.contains("http://evil"), "OSC 8 target leaked");
        assert!(text.contains("red"));
    }
}

#[test]
fn help_scrolls_to_the_commands_and_compose_keys() {
    let mut state = state_with(sample_home());
    update(&mut state, Action::Command(Command::ToggleHelp));
    for _ in 0..12 {
        update(&mut state, Action::Command(Command::PageDown));
    }
    let text = snapshot_text(&state, 80, 24);
    assert!(text.contains("ctrl-s"), "{text}");
    insta::assert_snapshot!(text);
    // Any other key closes it.
    update(&mut state, Action::Command(Command::ToggleCw));
    assert!(!state.show_help);
}

#[test]
fn expand_cw_opens_every_warning_and_z_closes_one() {
    let mut state = state_with(sample_home());
    for _ in 0..3 {
        update(&mut state, Action::Command(Command::ScrollDown));
    }
    let body = "The ending of the book was a surprise.";
    let closed = snapshot_text(&state, 80, 24);
    assert!(!closed.contains(body));
    state.expand_cw = true;
    let always = snapshot_text(&state, 80, 24);
    assert!(always.contains(body), "{always}");
    // z on the selected post closes its warning again.
    update(&mut state, Action::Command(Command::ToggleCw));
    assert_eq!(snapshot_text(&state, 80, 24), closed);
}

#[test]
fn the_application_shows_where_the_server_names_it() {
    let mut v = status(
        "200",
        account("1", "alice", "Alice"),
        "<p>posted from my phone</p>",
        1,
    );
    v["application"] =
        serde_json::json!({"name": "Tusky\u{1b}[31m", "website": "https://tusky.app"});
    let state = state_with(vec![decode(v)]);
    let text = snapshot_text(&state, 80, 24);
    assert!(text.contains("☆ 3  via Tusky"), "{text}");
    assert!(!text.contains('\u{1b}'));
}

#[test]
fn sensitive_media_follow_the_content_warning_default() {
    let mut v = status("300", account("1", "alice", "Alice"), "<p>x</p>", 1);
    v["sensitive"] = serde_json::json!(true);
    let s = decode(v);
    let mut state = state_with(vec![s.clone()]);
    assert!(trompe::app::images::hidden(&state, &s));
    // With [ui] expand_cw the post starts open: its pictures too.
    state.expand_cw = true;
    assert!(!trompe::app::images::hidden(&state, &s));
    // z closes it again, pictures and all.
    update(&mut state, Action::Command(Command::ToggleCw));
    assert!(trompe::app::images::hidden(&state, &s));
}

/// `:messages` lists the session's messages, newest first, after their
/// toasts are gone; at 80×24 and 200×60.
#[test]
fn messages_page() {
    let mut state = state_with(sample_home());
    update(&mut state, Action::UnboundKey("F12".into()));
    state.now += time::Duration::seconds(30);
    state.toast(
        trompe::app::ToastKind::Error,
        "Could not favourite: server error 500",
    );
    // The clock moves on and the toasts go away; the messages stay.
    let later = state.now + time::Duration::seconds(60);
    update(&mut state, Action::Tick(later));
    assert!(state.toasts().is_empty());
    update(&mut state, Action::Command(Command::StartCommand));
    for c in "messages".chars() {
        update(&mut state, Action::Text(trompe::app::TextKey::Char(c)));
    }
    update(&mut state, Action::Text(trompe::app::TextKey::Enter));
    let small = snapshot_text(&state, 80, 24);
    assert!(small.contains("Messages: 2"), "{small}");
    assert!(small.contains("error Could not favourite"), "{small}");
    insta::assert_snapshot!("messages_80x24", small);
    insta::assert_snapshot!("messages_200x60", snapshot_text(&state, 200, 60));
}

#[test]
fn many_tabs_scroll_to_the_active_one_with_markers() {
    use trompe::app::{TabKind, TimelineTab};
    let mut state = state_with(sample_home());
    let acc = &mut state.accounts[0];
    for t in [
        "notifications",
        "local",
        "federated",
        "bookmarks",
        "favourites",
        "tag:rust",
        "tag:terminal",
        "tag:photography",
        "conversations",
    ] {
        acc.tabs
            .push(TimelineTab::with_kind(TabKind::from_name(t).unwrap()));
    }
    acc.active_tab = acc.tabs.len() - 2;
    let active = acc.tabs[acc.active_tab].title();
    let text = snapshot_text(&state, 80, 24);
    let bar = text.lines().next().unwrap().trim_end();
    assert!(bar.starts_with("‹ "), "{bar}");
    assert!(bar.ends_with('›'), "{bar}");
    assert!(bar.contains(&format!("[{active}]")), "{bar}");
    // No tab is cut in the middle of its name.
    assert!(
        !bar.contains("Conv") || bar.contains("Conversations"),
        "{bar}"
    );
    insta::assert_snapshot!(text);
    // Wide enough, every tab shows and there is no marker.
    let wide = snapshot_text(&state, 200, 60);
    let bar = wide.lines().next().unwrap().trim_end();
    assert!(!bar.contains('‹') && !bar.ends_with('›'), "{bar}");
}

#[test]
fn what_you_did_reads_without_colour() {
    let mut v = status("120", account("1", "alice", "Alice"), "<p>hi</p>", 1);
    v["favourited"] = serde_json::json!(true);
    v["reblogged"] = serde_json::json!(true);
    v["bookmarked"] = serde_json::json!(true);
    let w = status("121", account("1", "alice", "Alice"), "<p>hello</p>", 2);
    let state = state_with(vec![decode(v), decode(w)]);
    let text = snapshot_text(&state, 80, 24);
    assert!(text.contains("⟳✓ 2  ★ 3  ⚑"), "{text}");
    assert!(text.contains("⟳ 2  ☆ 3"), "{text}");
    assert!(text.starts_with("[Home]"), "{text}");
}

#[test]
fn a_wide_terminal_shows_the_selected_post_beside_the_timeline() {
    let mut state = state_with(sample_home());
    let text = snapshot_text(&state, 220, 60);
    // The timeline keeps a readable width; the detail follows the selection.
    let first_line_of = |text: &str, needle: &str| {
        text.lines()
            .position(|l| l.contains(needle))
            .unwrap_or_else(|| panic!("{needle} not shown:\n{text}"))
    };
    assert!(
        text.lines().nth(1).unwrap().contains("│ The selected post"),
        "{text}"
    );
    let selected_name = state.accounts[0]
        .statuses
        .values()
        .next()
        .map(|_| ())
        .is_some();
    assert!(selected_name);
    update(&mut state, Action::Command(Command::ScrollDown));
    let moved = snapshot_text(&state, 220, 60);
    assert_ne!(text, moved, "the detail follows the selection");
    let _ = first_line_of(&moved, "The selected post");
    insta::assert_snapshot!(moved);
    // Narrower: one column, as before.
    let narrow = snapshot_text(&state, 120, 40);
    assert!(!narrow.contains("The selected post"), "{narrow}");
}

#[test]
fn a_wide_terminal_docks_the_compose_pane_beside_the_timeline() {
    let mut state = state_with(sample_home());
    update(&mut state, Action::Command(Command::Compose));
    assert!(state.compose.is_some());
    let text = snapshot_text(&state, 220, 60);
    // The timeline's left column is still readable under the docked pane.
    let row = text.lines().nth(1).unwrap();
    assert!(!row.starts_with('│') && !row.starts_with('┌'), "{text}");
    let pane = text.lines().find(|l| l.contains("New post")).unwrap();
    let col = pane.chars().position(|c| c == '┌').unwrap();
    assert!(col >= 100, "the pane sits right of the timeline: {pane}");
    insta::assert_snapshot!(text);
}

/// `[ui] layout = "deck"`: the tabs side by side, each its own list; the
/// tab keys move the focus, the columns scroll to keep it in view, a
/// click on a column focuses it, and a narrow terminal gets one column.
#[test]
fn the_deck_shows_the_tabs_side_by_side() {
    use trompe::app::{TabKind, TimelineTab};
    let mut state = state_with(sample_home());
    state.layout = trompe::app::Layout::Deck;
    {
        let acc = &mut state.accounts[0];
        let ids: Vec<String> = acc.tabs[0].ids.iter().rev().cloned().collect();
        let mut local = TimelineTab::with_kind(TabKind::from_name("local").unwrap());
        local.set_initial(ids.clone(), None);
        let mut tag = TimelineTab::with_kind(TabKind::from_name("tag:rust").unwrap());
        tag.set_initial(ids.into_iter().take(2).collect(), None);
        acc.tabs = vec![acc.tabs[0].clone(), local, tag];
    }
    let text = snapshot_text(&state, 220, 60);
    let header = text.lines().nth(1).unwrap();
    assert!(header.starts_with("[Home]"), "{header}");
    assert!(header.contains("Local"), "{header}");
    assert!(header.contains("#rust"), "{header}");
    // Three lists of posts, each column starting with its own first post.
    let second = text.lines().nth(2).unwrap();
    assert_eq!(second.matches('│').count(), 2, "{second}");
    insta::assert_snapshot!(text);

    // The focus moves with the tab keys; the deck and the tab bar agree.
    update(&mut state, Action::Command(Command::NextTab));
    let moved = snapshot_text(&state, 220, 60);
    assert!(moved.lines().nth(1).unwrap().contains("[Local]"), "{moved}");

    // 100 columns: two at a time, scrolled to the focused one.
    update(&mut state, Action::Command(Command::NextTab));
    let narrow = snapshot_text(&state, 100, 30);
    let header = narrow.lines().nth(1).unwrap();
    assert!(
        header.contains("[#rust]") && header.contains("Local"),
        "{header}"
    );
    assert!(!header.contains("Home"), "{header}");

    // 80 columns: one column, as without the deck.
    let single = snapshot_text(&state, 80, 24);
    assert!(!single.lines().nth(2).unwrap().contains('│'), "{single}");

    // A click on another column focuses it.
    let mut buf = ratatui::buffer::Buffer::empty(ratatui::layout::Rect::new(0, 0, 220, 60));
    let area = buf.area;
    let info = trompe::ui::render_buffer(&mut buf, area, &state, &trompe::ui::Theme::default());
    assert_eq!(info.columns.len(), 3);
    let (home, index) = info.columns[0];
    assert_eq!(index, 0);
    assert_eq!(
        info.hit(home.x + 3, home.y + 5),
        Some(trompe::ui::HitAt::Tab(0))
    );
    let (focused, _) = info.columns[2];
    assert!(matches!(
        info.hit(focused.x + 3, focused.y + 3),
        Some(trompe::ui::HitAt::Card(_))
    ));
}

/// Every column of a deck loads at start, not only the focused one.
#[test]
fn a_deck_loads_every_column_at_start() {
    use trompe::app::timeline::Loading;
    let acc = trompe::app::AccountState::new("demo@demo.example", "demo.example");
    let mut state = trompe::app::State::new(vec![acc], NOW);
    state.layout = trompe::app::Layout::Deck;
    trompe::app::update::init(&mut state);
    let tabs = &state.accounts[0].tabs;
    assert!(tabs.len() >= 3);
    assert!(tabs.iter().all(|t| t.initial != Loading::Idle), "{tabs:?}");
    // Without the deck, only the active tab loads.
    let acc = trompe::app::AccountState::new("demo@demo.example", "demo.example");
    let mut state = trompe::app::State::new(vec![acc], NOW);
    trompe::app::update::init(&mut state);
    let tabs = &state.accounts[0].tabs;
    assert_eq!(
        tabs.iter().filter(|t| t.initial != Loading::Idle).count(),
        1
    );
}

/// On a wide terminal the detail pane shows the selected post's thread:
/// once the selection rests (a tick), its context is asked for, and the
/// parent and the replies show around the post. Moving on asks again;
/// staying does not.
#[test]
fn the_detail_pane_shows_the_thread_of_the_selected_post() {
    use trompe::api::entities::{Context, Status};
    use trompe::app::Effect;
    let mut state = state_with(sample_home());
    state.width = 220;
    state.height = 60;
    let focus = state.accounts[0].tabs[0].ids[0].clone();
    let fx = update(&mut state, Action::Tick(NOW));
    let request = fx
        .iter()
        .find_map(|e| match e {
            Effect::LoadContext { request, id, .. } if id.as_str() == focus => Some(*request),
            _ => None,
        })
        .unwrap_or_else(|| panic!("no context asked for: {fx:?}"));
    let loading = snapshot_text(&state, 220, 60);
    assert!(loading.contains("Loading the thread…"), "{loading}");
    assert!(
        !update(&mut state, Action::Tick(NOW))
            .iter()
            .any(|e| matches!(e, Effect::LoadContext { .. })),
        "asked once"
    );
    let zoe = account("5", "zoe", "Zoë");
    let parent: Status = serde_json::from_value(status(
        "90",
        zoe.clone(),
        "<p>What did you fix, the parent asks?</p>",
        30,
    ))
    .unwrap();
    let mut reply = status("120", zoe.clone(), "<p>A first reply, from Zoë.</p>", 1);
    reply["in_reply_to_id"] = serde_json::json!(focus);
    let mut nested = status("121", zoe, "<p>A reply to the reply.</p>", 1);
    nested["in_reply_to_id"] = serde_json::json!("120");
    let ctx = Context {
        ancestors: vec![parent],
        descendants: vec![
            serde_json::from_value(reply).unwrap(),
            serde_json::from_value(nested).unwrap(),
        ],
    };
    update(
        &mut state,
        Action::ContextLoaded {
            account: 0,
            request,
            result: Ok(Box::new(ctx)),
        },
    );
    let text = snapshot_text(&state, 220, 60);
    let row = |needle: &str| {
        text.lines()
            .position(|l| l.contains(needle))
            .unwrap_or_else(|| panic!("{needle} not shown:\n{text}"))
    };
    assert!(row("the parent asks") < row("Replies (2)"), "{text}");
    assert!(row("Replies (2)") < row("A first reply"), "{text}");
    assert!(row("A first reply") < row("A reply to the reply"), "{text}");
    // The nested reply is indented under the first.
    let indent = |needle: &str| {
        let l = &text.lines().nth(row(needle)).unwrap();
        let after = l.split('│').nth(1).unwrap_or(l);
        after.len() - after.trim_start().len()
    };
    assert!(
        indent("A reply to the reply") > indent("A first reply"),
        "{text}"
    );
    insta::assert_snapshot!(text);
    // The next post: asked for at the next tick.
    update(&mut state, Action::Command(Command::ScrollDown));
    assert!(
        update(&mut state, Action::Tick(NOW))
            .iter()
            .any(|e| matches!(e, Effect::LoadContext { .. }))
    );
    // A narrow terminal has no detail pane, and asks nothing.
    state.width = 120;
    update(&mut state, Action::Command(Command::ScrollDown));
    assert!(
        !update(&mut state, Action::Tick(NOW))
            .iter()
            .any(|e| matches!(e, Effect::LoadContext { .. }))
    );
}

/// Hebrew and Arabic read right to left on the screen (#17 item 11): each
/// line is in visual order, the gutter stays on the left, names too, and a
/// bidi override sent by a server is still removed.
#[test]
fn right_to_left_text_is_drawn_in_visual_order() {
    let mut author = account("7", "dana", "דנה כהן");
    author["acct"] = serde_json::json!("dana");
    let st = decode(status(
        "300",
        author,
        "<p>שלום עולם and hello</p><p>مرحبا بالعالم</p><p>\u{202e}evil</p>",
        1,
    ));
    let state = state_with(vec![st]);
    let text = snapshot_text(&state, 80, 24);
    assert!(text.contains("▌ םלוע םולש and hello"), "{text}");
    assert!(text.contains("▌ ملاعلاب ابحرم"), "{text}");
    assert!(text.contains("ןהכ הנד @dana"), "{text}");
    assert!(text.contains("▌ evil"), "{text}");
    insta::assert_snapshot!(text);
}

/// A frame converts no HTML that an earlier frame at the same width has
/// converted: the second frame parses nothing, a resize lays out again
/// from the parsed posts, and an edited post is parsed again.
#[test]
fn a_frame_converts_no_html_that_an_earlier_frame_converted() {
    use trompe::ui::html_cache::conversions;
    let mut state = state_with(sample_home());
    let first = conversions();
    let shown = rows(&render(&state, 100, 40)).join("\n");
    let parsed = conversions() - first;
    assert!(parsed >= 3, "the visible posts were parsed: {parsed}");
    let again = conversions();
    assert_eq!(rows(&render(&state, 100, 40)).join("\n"), shown);
    assert_eq!(conversions(), again, "nothing parsed for the second frame");
    render(&state, 80, 40);
    assert_eq!(conversions(), again, "a resize lays out, it does not parse");
    // An edit of the first post: that post, and only it, is parsed again.
    let id = state.accounts[0].tabs[0].ids[0].clone();
    let key = trompe::api::entities::StatusId::new(id.as_str());
    let s = state.accounts[0].statuses.get_mut(&key).unwrap();
    s.content = "<p>edited text</p>".into();
    let shown = rows(&render(&state, 100, 40)).join("\n");
    assert_eq!(conversions(), again + 1);
    assert!(shown.contains("edited text"), "{shown}");
}
