//! The demo world kept alive: every few seconds a demo account posts, boosts
//! or mentions the demo user, and the change is streamed like any other.

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::watch;

use super::Shared;
use super::streaming;
use super::world::{Id, NewStatus};

const POSTS: &[&str] = &[
    "Just pushed a tiny fix to the #rust borrow checker docs. Small wins count 🦀",
    "Coffee count today: 3 ☕ and it is not even noon. #terminal life",
    "Le soleil est enfin revenu sur Lyon ☀️ Qui vient marcher au parc ?",
    "今日は新しいキーボードが届きました ⌨️ #terminal",
    "صباح الخير! يوم جميل للبرمجة ☕",
    "Reminder: your terminal can render more than you think. Try a truecolor test today.",
    "Fediverse tip: alt text makes your photos useful to everyone. #fediverse",
    "Petite astuce #vim : :g/motif/d supprime toutes les lignes qui correspondent.",
    "東京は雨です ☔ 傘を忘れないでね",
    "Reading about ActivityPub signatures tonight. Surprisingly elegant! #fediverse",
];

const MENTIONS: &[&str] = &[
    "@demo did you see the new release notes? Curious what you think.",
    "@demo lunch on Friday? I found a ramen place near the station 🍜",
    "@demo merci pour le lien, c'était exactement ce qu'il me fallait !",
];

/// Starts the live activity task.
pub(crate) fn spawn(s: Arc<Shared>, every: Duration, mut stop: watch::Receiver<bool>) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(every);
        tick.tick().await;
        let mut n: u64 = 0;
        loop {
            tokio::select! {
                _ = tick.tick() => {}
                _ = stop.changed() => break,
            }
            if *stop.borrow() {
                break;
            }
            step(&s, n);
            n = n.wrapping_add(1);
        }
    });
}

/// One deterministic live action, chosen by `n`.
pub(crate) fn step(s: &Shared, n: u64) {
    let Some(who) = followed_author(s, n) else {
        return;
    };
    match n % 5 {
        0 | 2 | 4 => {
            let text = POSTS[(n as usize / 5 * 3 + (n % 5) as usize / 2) % POSTS.len()];
            post_as(s, &who, text, "public");
        }
        1 => boost_something(s, n),
        _ => {
            let text = MENTIONS[(n as usize / 5) % MENTIONS.len()];
            post_as(s, &who, text, "public");
        }
    }
}

/// A (non-bot) account the demo user follows, picked by `n`.
fn followed_author(s: &Shared, n: u64) -> Option<String> {
    let w = s.world();
    let me = w.me;
    let authors: Vec<String> = w
        .follows
        .iter()
        .filter(|(f, _)| *f == me)
        .filter_map(|(_, b)| w.accounts.get(b))
        .filter(|a| !a.bot)
        .map(|a| a.username.clone())
        .collect();
    if authors.is_empty() {
        return None;
    }
    Some(authors[(n as usize * 5 + 1) % authors.len()].clone())
}

/// Posts as `username`, streams the status and notifies mentioned local users.
pub(crate) fn post_as(s: &Shared, username: &str, text: &str, visibility: &str) -> Option<Id> {
    reply_as(s, username, text, visibility, None)
}

/// Like [`post_as`], in reply to `in_reply_to`.
pub(crate) fn reply_as(
    s: &Shared,
    username: &str,
    text: &str,
    visibility: &str,
    in_reply_to: Option<Id>,
) -> Option<Id> {
    let mut w = s.world();
    let author = w.account_by_username(username)?;
    let now = w.now;
    let id = w.insert_status(
        author,
        NewStatus {
            text: text.to_string(),
            visibility: visibility.to_string(),
            language: Some("en".into()),
            application: Some("Web".into()),
            in_reply_to,
            ..Default::default()
        },
        now,
    );
    streaming::publish_status(s, &w, id);
    let mentioned: Vec<Id> = w
        .statuses
        .get(&id)
        .map(|st| st.mentions.clone())
        .unwrap_or_default();
    for m in mentioned {
        if m != author && w.accounts.get(&m).is_some_and(|a| a.domain.is_none()) {
            let nid = w.add_notification("mention", author, m, Some(id), now);
            streaming::publish_notification(s, &w, nid);
        }
    }
    Some(id)
}

fn boost_something(s: &Shared, n: u64) {
    let mut w = s.world();
    let me = w.me;
    let candidates: Vec<(Id, Id)> = w
        .statuses
        .values()
        .rev()
        .filter(|st| st.reblog_of.is_none() && st.visibility == "public")
        .take(40)
        .map(|st| (st.id, st.account))
        .collect();
    let boosters: Vec<Id> = w
        .follows
        .iter()
        .filter(|(f, _)| *f == me)
        .map(|(_, b)| *b)
        .collect();
    if candidates.is_empty() || boosters.is_empty() {
        return;
    }
    let (target, author) = candidates[(n as usize * 7) % candidates.len()];
    let booster = boosters[(n as usize * 3) % boosters.len()];
    if booster == author {
        return;
    }
    let now = w.now;
    let id = w.insert_boost(booster, target, now);
    streaming::publish_status(s, &w, id);
    if author == me {
        let nid = w.add_notification("reblog", booster, me, Some(target), now);
        streaming::publish_notification(s, &w, nid);
    }
}
