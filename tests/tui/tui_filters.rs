//! The filter editor against the demo instance: create a filter with
//! words, switch it between warning and hiding, remove a word, delete it
//! (after a question); and what it hides leaves the home timeline.

#![allow(clippy::unwrap_used)]

use trompe_testkit as common;

use common::{command, key, named};
use futures::channel::mpsc;
use ratatui::crossterm::event::KeyCode;
use trompe::api::entities::{Filter, FilterAction};
use trompe::app::{State, View};

use common::WAIT;

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

#[tokio::test]
async fn create_switch_trim_and_delete_a_filter() {
    let (server, client, mut app) = common::demo_app().await;
    let (tx, mut rx) = mpsc::unbounded();
    assert!(
        app.run_until(
            &mut rx,
            |s| s.accounts[0].tabs[0].loaded
                && s.accounts[0].stream == trompe::app::StreamStatus::Live,
            WAIT
        )
        .await
        .unwrap()
    );
    // A word of a post already in home: the filter reaches it at once.
    let acc = &app.state.accounts[0];
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
    command(
        &tx,
        &format!("filter Spoilers = finale, plot twist*, {word}"),
    );
    assert!(
        app.run_until(
            &mut rx,
            |s| common::said(s, "finale, plot twist*")
                && shown(s).is_some_and(|f| f.filters.iter().any(|x| x.title == "Spoilers")),
            WAIT
        )
        .await
        .unwrap()
    );
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
    assert!(
        app.run_until(
            &mut rx,
            |s| s.accounts[0]
                .status(existing.as_str())
                .is_some_and(|st| !st.original().filtered.is_empty()),
            WAIT
        )
        .await
        .unwrap()
    );
    command(&tx, "filter-context Spoilers = home, thread");
    assert!(
        app.run_until(
            &mut rx,
            |s| common::said(s, "applies in home, thread"),
            WAIT
        )
        .await
        .unwrap()
    );
    command(&tx, "filter-expires Spoilers = 7d");
    assert!(
        app.run_until(&mut rx, |s| common::said(s, "expires in 7d"), WAIT)
            .await
            .unwrap()
    );
    let f = on_server(&client, "Spoilers").await.unwrap();
    let mut ctx: Vec<&str> = f.context.iter().map(|c| c.as_str()).collect();
    ctx.sort();
    assert_eq!(ctx, ["home", "thread"]);
    let until = f.expires_at.unwrap() - time::OffsetDateTime::now_utc();
    assert!((until.whole_hours() - 7 * 24).abs() <= 1, "{until}");
    command(&tx, "filter-context Spoilers = everywhere");
    assert!(
        app.run_until(&mut rx, |s| common::said(s, "Unknown context"), WAIT)
            .await
            .unwrap()
    );

    // Adding a word already there changes nothing; a new one joins.
    command(&tx, "filter spoilers = Finale, ending");
    assert!(
        app.run_until(&mut rx, |s| common::said(s, "Finale, ending added"), WAIT)
            .await
            .unwrap()
    );
    let f = on_server(&client, "Spoilers").await.unwrap();
    assert_eq!(f.keywords.len(), 4);

    // Enter on it: hide.
    let pos = shown(&app.state)
        .unwrap()
        .filters
        .iter()
        .position(|x| x.title == "Spoilers")
        .unwrap();
    for _ in 0..pos {
        tx.unbounded_send(key('j')).unwrap();
    }
    tx.unbounded_send(named(KeyCode::Enter)).unwrap();
    assert!(
        app.run_until(
            &mut rx,
            |s| common::said(s, "now hides matching posts"),
            WAIT
        )
        .await
        .unwrap()
    );
    assert_eq!(
        on_server(&client, "Spoilers").await.unwrap().filter_action,
        FilterAction::Hide
    );
    // A hidden post never reaches the home timeline.
    let id = server
        .post_as("ferris", "no spoilers but the finale was wild")
        .unwrap();
    let visible = server.post_as("ferris", "a post nobody filters").unwrap();
    assert!(
        app.run_until(&mut rx, |s| s.accounts[0].tabs[0].contains(&visible), WAIT)
            .await
            .unwrap()
    );
    assert!(!app.state.accounts[0].tabs[0].contains(&id));

    command(&tx, "filter-unword Spoilers = ending");
    assert!(
        app.run_until(&mut rx, |s| common::said(s, "ending removed"), WAIT)
            .await
            .unwrap()
    );
    assert_eq!(
        on_server(&client, "Spoilers").await.unwrap().keywords.len(),
        3
    );
    command(&tx, "filter-unword Spoilers = nothing");
    assert!(
        app.run_until(&mut rx, |s| common::said(s, "has no keyword"), WAIT)
            .await
            .unwrap()
    );

    // x asks first; y deletes.
    command(&tx, "filters");
    let _ = app
        .run_until(&mut rx, |s| shown(s).is_some_and(|f| !f.loading), WAIT)
        .await;
    let pos = shown(&app.state)
        .unwrap()
        .filters
        .iter()
        .position(|x| x.title == "Spoilers")
        .unwrap();
    let now = shown(&app.state).unwrap().selected;
    for _ in now..pos {
        tx.unbounded_send(key('j')).unwrap();
    }
    tx.unbounded_send(key('x')).unwrap();
    assert!(
        app.run_until(
            &mut rx,
            |s| matches!(s.accounts[0].views.last(), Some(View::Confirm { .. })),
            WAIT
        )
        .await
        .unwrap()
    );
    tx.unbounded_send(key('y')).unwrap();
    assert!(
        app.run_until(&mut rx, |s| common::said(s, "“Spoilers” deleted"), WAIT)
            .await
            .unwrap()
    );
    assert!(on_server(&client, "Spoilers").await.is_none());
    assert!(
        shown(&app.state)
            .unwrap()
            .filters
            .iter()
            .all(|x| x.title != "Spoilers")
    );
}
