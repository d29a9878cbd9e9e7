//! The filter editor against the demo instance: create a filter with
//! words, switch it between warning and hiding, remove a word, delete it
//! (after a question); and what it hides leaves the home timeline.

#![allow(clippy::unwrap_used)]

use trompe_testkit as common;

use trompe::api::entities::{Filter, FilterAction};
use trompe::app::{State, View};

fn shown(s: &State) -> Option<&trompe::app::views::filters::FiltersView> {
    match s.accounts[0].views.last()? {
        View::Filters(f) => Some(f),
        _ => None,
    }
}

async fn on_server(client: &trompe::api::Client, title: &str) -> Option<Filter> {
    client
        .filters()
        .await
        .unwrap()
        .into_iter()
        .find(|f| f.title == title)
}

/// Opens `:filters`, moves to the filter `title`, presses x and answers
/// the question with y.
async fn delete_in_the_list(h: &mut common::Harness, title: &str) {
    h.command("filters");
    h.until("the filter list loaded", |s| {
        shown(s).is_some_and(|f| !f.loading && f.filters.iter().any(|x| x.title == title))
    })
    .await;
    let list = shown(h.state()).unwrap();
    let pos = list.filters.iter().position(|x| x.title == title).unwrap();
    for _ in list.selected..pos {
        h.press("j");
    }
    h.press("x");
    h.until("the confirm dialog", |s| {
        matches!(s.accounts[0].views.last(), Some(View::Confirm { .. }))
    })
    .await;
    h.press("y");
}

#[tokio::test]
async fn create_switch_trim_and_delete_a_filter() {
    let mut h = common::Harness::demo().await;
    let client = h.client.clone();
    let server = h.server.clone();
    h.until("the home tab loaded and the stream live", |s| {
        s.accounts[0].tabs[0].loaded && s.accounts[0].stream == trompe::app::StreamStatus::Live
    })
    .await;
    // A word of a post already in home: the filter reaches it at once.
    let acc = &h.app.state.accounts[0];
    let (existing, word) = acc.tabs[0]
        .ids
        .iter()
        .find_map(|id| {
            let s = acc.status(id)?.original();
            let text = trompe::html::strip_html(&s.content);
            let w = text
                .split(|c: char| !c.is_alphabetic())
                .find(|w| w.len() >= 7 && w.chars().all(|c| c.is_ascii_lowercase()))?;
            Some((s.id.clone(), w.to_string()))
        })
        .unwrap();
    h.command(&format!("filter Spoilers = finale, plot twist*, {word}"));
    h.until("the filter “Spoilers” created and listed", |s| {
        common::said(s, "finale, plot twist*")
            && shown(s).is_some_and(|f| f.filters.iter().any(|x| x.title == "Spoilers"))
    })
    .await;
    let f = on_server(&client, "Spoilers").await.unwrap();
    assert_eq!(f.filter_action, FilterAction::Warn);
    let twist = f
        .keywords
        .iter()
        .find(|k| k.keyword == "plot twist")
        .unwrap();
    assert!(!twist.whole_word, "a trailing * matches inside words");
    assert!(
        f.keywords
            .iter()
            .find(|k| k.keyword == "finale")
            .unwrap()
            .whole_word
    );
    // The home timeline reloads (filters_changed) and the post is behind a warning.
    h.until("the post in home marked filtered", |s| {
        s.accounts[0]
            .status(existing.as_str())
            .is_some_and(|st| !st.original().filtered.is_empty())
    })
    .await;
    h.command("filter-context Spoilers = home, thread");
    h.until("the message “applies in home, thread”", |s| {
        common::said(s, "applies in home, thread")
    })
    .await;
    h.command("filter-expires Spoilers = 7d");
    h.until("the message “expires in 7d”", |s| {
        common::said(s, "expires in 7d")
    })
    .await;
    let f = on_server(&client, "Spoilers").await.unwrap();
    let mut ctx: Vec<&str> = f.context.iter().map(|c| c.as_str()).collect();
    ctx.sort();
    assert_eq!(ctx, ["home", "thread"]);
    let until = f.expires_at.unwrap() - time::OffsetDateTime::now_utc();
    assert!((until.whole_hours() - 7 * 24).abs() <= 1, "{until}");
    h.command("filter-context Spoilers = everywhere");
    h.until("the message “Unknown context”", |s| {
        common::said(s, "Unknown context")
    })
    .await;

    // Adding a word already there changes nothing; a new one joins.
    h.command("filter spoilers = Finale, ending");
    h.until("the message “Finale, ending added”", |s| {
        common::said(s, "Finale, ending added")
    })
    .await;
    let f = on_server(&client, "Spoilers").await.unwrap();
    assert_eq!(f.keywords.len(), 4);

    // Enter on it: hide.
    let pos = shown(&h.app.state)
        .unwrap()
        .filters
        .iter()
        .position(|x| x.title == "Spoilers")
        .unwrap();
    for _ in 0..pos {
        h.press("j");
    }
    h.press("Enter");
    h.until("the message “now hides matching posts”", |s| {
        common::said(s, "now hides matching posts")
    })
    .await;
    assert_eq!(
        on_server(&client, "Spoilers").await.unwrap().filter_action,
        FilterAction::Hide
    );
    // A hidden post never reaches the home timeline.
    let id = server
        .post_as("ferris", "no spoilers but the finale was wild")
        .unwrap();
    let visible = server.post_as("ferris", "a post nobody filters").unwrap();
    h.until("the unfiltered post in home", |s| {
        s.accounts[0].tabs[0].contains(&visible)
    })
    .await;
    assert!(!h.app.state.accounts[0].tabs[0].contains(&id));

    h.command("filter-unword Spoilers = ending");
    h.until("the message “ending removed”", |s| {
        common::said(s, "ending removed")
    })
    .await;
    assert_eq!(
        on_server(&client, "Spoilers").await.unwrap().keywords.len(),
        3
    );
    h.command("filter-unword Spoilers = nothing");
    h.until("the message “has no keyword”", |s| {
        common::said(s, "has no keyword")
    })
    .await;

    // x asks first; y deletes.
    delete_in_the_list(&mut h, "Spoilers").await;
    h.until("the message ““Spoilers” deleted”", |s| {
        common::said(s, "“Spoilers” deleted")
    })
    .await;
    assert!(on_server(&client, "Spoilers").await.is_none());
    assert!(
        shown(&h.app.state)
            .unwrap()
            .filters
            .iter()
            .all(|x| x.title != "Spoilers")
    );
}

/// A filter made, switched to hiding and deleted while reading: the posts
/// already loaded are matched again where they are. Nothing is loaded
/// again, and the reader keeps their post on the same row.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn filters_apply_in_place_and_keep_the_reader() {
    let mut h = common::Harness::demo().await;
    h.ready().await;
    // The reader is a few posts down.
    for _ in 0..6 {
        h.press("j");
    }
    h.until("the sixth post selected", |s| {
        s.accounts[0].tabs[0].selected == 6
    })
    .await;
    let (anchor, row, before) = {
        let t = &h.state().accounts[0].tabs[0];
        (
            t.selected_id().unwrap().to_string(),
            t.selected - t.viewport.top,
            t.ids.len(),
        )
    };
    let text_of = |s: &State, id: &str| {
        let st = s.accounts[0].status(id).unwrap().original();
        trompe::html::strip_html(&st.content).to_lowercase()
    };
    // A word of a post above the reader that the reader's post lacks.
    let anchor_text = text_of(h.state(), &anchor);
    let (target, word) = h.state().accounts[0].tabs[0].ids[..6]
        .iter()
        .find_map(|id| {
            let text = text_of(h.state(), id);
            let w = text
                .split(|c: char| !c.is_alphabetic())
                .find(|w| {
                    w.len() >= 6
                        && w.chars().all(|c| c.is_ascii_lowercase())
                        && !anchor_text.contains(w)
                })?
                .to_string();
            Some((id.clone(), w))
        })
        .expect("a word to filter");
    let loads = h.server.requests("/api/v1/timelines/home");

    h.command(&format!("filter Inplace = {word}"));
    h.until("the post above marked filtered, in place", |s| {
        s.accounts[0]
            .status(&target)
            .is_some_and(|st| !st.original().filtered.is_empty())
    })
    .await;
    let warned = h.state().accounts[0].status(&target).unwrap().original();
    assert_eq!(warned.filtered[0].filter.title, "Inplace");
    assert!(!trompe::app::update::hidden_by_filter(
        h.state().accounts[0].status(&target).unwrap()
    ));
    assert!(
        h.state().accounts[0].tabs[0].contains(&target),
        "warned, not hidden"
    );
    h.command("filter-hide Inplace");
    h.until("the post hidden in place", |s| {
        !s.accounts[0].tabs[0].contains(&target)
    })
    .await;
    let t = &h.state().accounts[0].tabs[0];
    assert_eq!(t.selected_id(), Some(anchor.as_str()));
    assert_eq!(t.selected - t.viewport.top, row, "the same row");
    assert!(t.ids.len() < before, "{}", t.ids.len());

    // Deleted: the post comes back where it was, without its warning.
    delete_in_the_list(&mut h, "Inplace").await;
    h.until("the post back, unfiltered", |s| {
        s.accounts[0].tabs[0].contains(&target)
            && s.accounts[0]
                .status(&target)
                .is_some_and(|st| st.original().filtered.is_empty())
    })
    .await;
    let t = &h.state().accounts[0].tabs[0];
    assert_eq!(t.ids.len(), before);
    assert_eq!(t.selected_id(), Some(anchor.as_str()));
    // Not one page of home was asked for again.
    assert_eq!(h.server.requests("/api/v1/timelines/home"), loads);
}
