//! The instance page against the demo instance: its announcements are
//! announced at start, listed on the page (I), and marked read (x).

#![allow(clippy::unwrap_used)]

use trompe::app::View;
use trompe_testkit::{Harness, said};

#[tokio::test]
async fn announcements_are_shown_and_dismissed() {
    let mut h = Harness::demo().await;
    let before = h.client.announcements().await.unwrap();
    let unread = before.iter().filter(|a| a.read == Some(false)).count();
    assert!(unread >= 2, "the demo seeds unread announcements");
    let told = format!("{unread} unread announcements");
    h.until("the unread announcements told", |s| said(s, &told))
        .await;
    h.press("I");
    h.until("the instance page with its information", |s| {
        matches!(s.accounts[0].views.last(), Some(View::Instance { .. }))
            && s.accounts[0].instance_info.is_some()
    })
    .await;
    let screen = h.screen();
    assert!(screen.contains("Announcements"), "{screen}");
    assert!(screen.contains("Maintenance window"), "{screen}");
    h.press("x");
    h.until("announcements marked read", |s| said(s, "marked read"))
        .await;
    let after = h.client.announcements().await.unwrap();
    assert_eq!(after.len(), before.len());
    assert!(after.iter().all(|a| a.read == Some(true)));
    // Nothing left to mark.
    h.press("x");
    h.until("nothing left to mark", |s| said(s, "No unread"))
        .await;
}

#[tokio::test]
async fn the_instance_is_fetched_once_at_start() {
    let mut h = Harness::demo().await;
    h.until("the instance, a live stream and home loaded", |s| {
        s.accounts[0].instance_info.is_some()
            && s.accounts[0].stream == trompe::app::StreamStatus::Live
            && s.accounts[0].tabs[0].loaded
    })
    .await;
    // The status bar, the compose limits and the stream's URL share one answer.
    assert_eq!(h.server.requests("/api/v2/instance"), 1);
    assert_eq!(h.server.requests("/api/v1/instance"), 0);
}
