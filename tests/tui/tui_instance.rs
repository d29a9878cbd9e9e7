//! The instance page against the demo instance: its announcements are
//! announced at start, listed on the page (I), and marked read (x).

#![allow(clippy::unwrap_used)]

use trompe_testkit as common;

use common::key;
use futures::channel::mpsc;
use trompe::app::View;

use common::WAIT;

#[tokio::test]
async fn announcements_are_shown_and_dismissed() {
    let (_server, client, mut app) = common::demo_app().await;
    let (tx, mut rx) = mpsc::unbounded();
    let before = client.announcements().await.unwrap();
    let unread = before.iter().filter(|a| a.read == Some(false)).count();
    assert!(unread >= 2, "the demo seeds unread announcements");
    let told = format!("{unread} unread announcements");
    assert!(
        app.run_until(&mut rx, |s| common::said(s, &told), WAIT)
            .await
            .unwrap()
    );
    tx.unbounded_send(key('I')).unwrap();
    assert!(
        app.run_until(
            &mut rx,
            |s| matches!(s.accounts[0].views.last(), Some(View::Instance { .. }))
                && s.accounts[0].instance_info.is_some(),
            WAIT
        )
        .await
        .unwrap()
    );
    let screen = common::rows(app.terminal().backend().buffer()).join("\n");
    assert!(screen.contains("Announcements"), "{screen}");
    assert!(screen.contains("Maintenance window"), "{screen}");
    tx.unbounded_send(key('x')).unwrap();
    assert!(
        app.run_until(&mut rx, |s| common::said(s, "marked read"), WAIT)
            .await
            .unwrap()
    );
    let after = client.announcements().await.unwrap();
    assert_eq!(after.len(), before.len());
    assert!(after.iter().all(|a| a.read == Some(true)));
    // Nothing left to mark.
    tx.unbounded_send(key('x')).unwrap();
    assert!(
        app.run_until(&mut rx, |s| common::said(s, "No unread"), WAIT)
            .await
            .unwrap()
    );
}

#[tokio::test]
async fn the_instance_is_fetched_once_at_start() {
    let (server, _client, mut app) = common::demo_app().await;
    let (_tx, mut rx) = mpsc::unbounded::<std::io::Result<ratatui::crossterm::event::Event>>();
    assert!(
        app.run_until(
            &mut rx,
            |s| s.accounts[0].instance_info.is_some()
                && s.accounts[0].stream == trompe::app::StreamStatus::Live
                && s.accounts[0].tabs[0].loaded,
            WAIT
        )
        .await
        .unwrap()
    );
    // The status bar, the compose limits and the stream's URL share one answer.
    assert_eq!(server.requests("/api/v2/instance"), 1);
    assert_eq!(server.requests("/api/v1/instance"), 0);
}
