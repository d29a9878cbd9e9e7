//! The demo instance's in-memory world: accounts, statuses, media, polls,
//! notifications, lists, follows and OAuth state, plus the queries the routes
//! need. Loaded from [`super::seed_data`]; changed through the API.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use super::format::{Formatted, format_text};
use super::seed_data as seed;

/// Numeric ids keep ordering trivial; they are sent as strings, like Mastodon's.
pub type Id = u64;

/// First status id; statuses are numbered in time order from here.
const STATUS_ID_BASE: Id = 109_000_000_000_000_000;

#[derive(Debug, Clone)]
pub struct DAccount {
    pub id: Id,
    pub username: String,
    pub domain: Option<String>,
    pub display_name: String,
    pub note_html: String,
    pub fields: Vec<(String, String, bool)>,
    pub bot: bool,
    pub locked: bool,
    pub created_at: i64,
    pub emojis: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct DMedia {
    pub id: Id,
    pub kind: String,
    pub description: Option<String>,
    pub width: u32,
    pub height: u32,
    pub color: (u8, u8, u8),
}

#[derive(Debug, Clone)]
pub struct DPoll {
    pub id: Id,
    pub options: Vec<String>,
    pub votes: Vec<u32>,
    pub voters: u32,
    pub multiple: bool,
    pub expires_at: Option<i64>,
    /// account id → chosen option indexes
    pub voted: HashMap<Id, Vec<usize>>,
}

#[derive(Debug, Clone)]
pub struct DStatus {
    pub id: Id,
    pub account: Id,
    pub created_at: i64,
    pub text: String,
    pub html: String,
    pub spoiler_text: String,
    pub visibility: String,
    pub sensitive: bool,
    pub language: Option<String>,
    pub in_reply_to: Option<Id>,
    pub reblog_of: Option<Id>,
    pub media: Vec<Id>,
    pub poll: Option<Id>,
    pub mentions: Vec<Id>,
    pub tags: Vec<String>,
    pub emojis: Vec<String>,
    pub edited_at: Option<i64>,
    pub application: Option<String>,
}

#[derive(Debug, Clone)]
pub struct DNotification {
    pub id: Id,
    pub kind: String,
    pub from: Id,
    pub to: Id,
    pub status: Option<Id>,
    pub created_at: i64,
}

#[derive(Debug, Clone)]
pub struct DList {
    pub id: Id,
    pub owner: Id,
    pub title: String,
    pub members: Vec<Id>,
    pub replies_policy: String,
}

#[derive(Debug, Clone)]
pub struct DApp {
    pub id: Id,
    pub name: String,
    pub website: Option<String>,
    pub redirect_uris: Vec<String>,
    pub scopes: String,
    pub client_id: String,
    pub client_secret: String,
}

#[derive(Debug, Clone)]
pub struct DAuthCode {
    pub client_id: String,
    pub redirect_uri: String,
    pub account: Id,
    pub scopes: String,
    pub challenge: Option<String>,
    pub challenge_method: Option<String>,
}

#[derive(Debug, Clone)]
pub struct DToken {
    pub account: Option<Id>,
    pub client_id: Option<String>,
    pub scopes: String,
    pub created_at: i64,
}

/// The whole demo world.
#[derive(Debug, Default)]
pub struct World {
    pub base: String,
    pub domain: String,
    pub now: i64,
    next_id: Id,
    next_status_id: Id,
    pub accounts: BTreeMap<Id, DAccount>,
    pub statuses: BTreeMap<Id, DStatus>,
    pub media: BTreeMap<Id, DMedia>,
    pub polls: BTreeMap<Id, DPoll>,
    pub notifications: BTreeMap<Id, DNotification>,
    pub lists: BTreeMap<Id, DList>,
    /// (follower, followed)
    pub follows: BTreeSet<(Id, Id)>,
    /// (account, status)
    pub favourites: BTreeSet<(Id, Id)>,
    pub bookmarks: BTreeSet<(Id, Id)>,
    pub followed_tags: BTreeSet<(Id, String)>,
    /// (requester, target)
    pub follow_requests: BTreeSet<(Id, Id)>,
    pub custom_emoji: Vec<String>,
    pub apps: Vec<DApp>,
    pub codes: HashMap<String, DAuthCode>,
    pub tokens: HashMap<String, DToken>,
    pub idempotency: HashMap<(Id, String), Id>,
    pub me: Id,
    by_username: HashMap<String, Id>,
    pub revoked: HashSet<String>,
    /// Relationships, pins, mutes, filters, markers… (see `social`).
    pub social: super::social::Social,
    /// Uploads, scheduled statuses, edit history… (see `compose`).
    pub compose: super::compose::Compose,
}

impl World {
    /// Builds the seeded world. `now` is the Unix time the world is relative to.
    pub fn seeded(base: &str, domain: &str, now: i64) -> World {
        World::seeded_with(base, domain, now, 0)
    }

    /// [`World::seeded`], with `history` more posts by the accounts the
    /// demo user follows, older than every seeded post (ids follow time).
    pub fn seeded_with(base: &str, domain: &str, now: i64, history: usize) -> World {
        let mut w = World {
            base: base.trim_end_matches('/').to_string(),
            domain: domain.to_string(),
            now,
            next_id: 1,
            next_status_id: STATUS_ID_BASE,
            ..Default::default()
        };
        World::seed_accounts(&mut w);
        let keys = World::seed_statuses(&mut w, history);
        World::seed_favourites(&mut w);
        World::seed_notifications(&mut w, &keys);
        World::seed_organising(&mut w);
        w
    }

    /// The seeded accounts, who the demo user is, and who follows whom.
    fn seed_accounts(w: &mut World) {
        let now = w.now;
        w.custom_emoji = seed::CUSTOM_EMOJI.iter().map(|s| s.to_string()).collect();
        for a in seed::ACCOUNTS {
            let id = w.alloc_id();
            let note = w.format(a.note);
            let mut emojis = note.emojis.clone();
            for code in emoji_codes(a.display_name) {
                if !emojis.contains(&code) {
                    emojis.push(code);
                }
            }
            w.accounts.insert(
                id,
                DAccount {
                    id,
                    username: a.username.to_string(),
                    domain: a.domain.map(str::to_string),
                    display_name: a.display_name.to_string(),
                    note_html: note.html,
                    fields: a
                        .fields
                        .iter()
                        .map(|(n, v, ok)| (n.to_string(), v.to_string(), *ok))
                        .collect(),
                    bot: a.bot,
                    locked: a.locked,
                    created_at: now - i64::from(a.joined_days_ago) * 86_400,
                    emojis,
                },
            );
            w.by_username.insert(a.username.to_string(), id);
        }
        w.me = w.by_username.get(seed::ME).copied().unwrap_or(1);
        for a in seed::ACCOUNTS {
            let Some(&id) = w.by_username.get(a.username) else {
                continue;
            };
            if id == w.me {
                continue;
            }
            if a.followed_by_me {
                w.follows.insert((w.me, id));
            }
            if a.follows_me {
                w.follows.insert((id, w.me));
            }
        }
    }

    /// The seeded statuses (with `history` older ones in home first),
    /// their media and polls, and the demo user's favourites and
    /// bookmarks. Returns each seed key's status id.
    fn seed_statuses(w: &mut World, history: usize) -> HashMap<&'static str, Id> {
        let now = w.now;
        // Statuses are numbered oldest first so ids sort like time.
        let mut order: Vec<&seed::SeedStatus> = seed::STATUSES.iter().collect();
        order.sort_by_key(|s| std::cmp::Reverse(s.minutes_ago));
        let oldest = order
            .first()
            .map_or(now, |s| now - i64::from(s.minutes_ago) * 60);
        w.add_history(history, oldest);
        let mut keys: HashMap<&str, Id> = HashMap::new();
        for s in order {
            let Some(&author) = w.by_username.get(s.author) else {
                continue;
            };
            let created_at = now - i64::from(s.minutes_ago) * 60;
            let id = if let Some(target) = s.boost_of.and_then(|k| keys.get(k).copied()) {
                w.insert_boost(author, target, created_at)
            } else {
                let media = s
                    .media
                    .iter()
                    .map(|m| {
                        w.add_media(
                            m.kind,
                            m.description.map(str::to_string),
                            m.width,
                            m.height,
                            m.color,
                        )
                    })
                    .collect();
                let poll = s.poll.as_ref().map(|p| {
                    let pid = w.alloc_id();
                    let mut voted = HashMap::new();
                    if !p.voted_by_me.is_empty() {
                        voted.insert(w.me, p.voted_by_me.to_vec());
                    }
                    let voters =
                        p.votes.iter().copied().max().unwrap_or(0) + if p.multiple { 2 } else { 0 };
                    w.polls.insert(
                        pid,
                        DPoll {
                            id: pid,
                            options: p.options.iter().map(|o| o.to_string()).collect(),
                            votes: p.votes.to_vec(),
                            voters: if p.multiple {
                                voters
                            } else {
                                p.votes.iter().sum()
                            },
                            multiple: p.multiple,
                            expires_at: Some(if p.expires_in_hours < 0 {
                                // Negative: it closed that many hours ago.
                                now + i64::from(p.expires_in_hours) * 3600
                            } else {
                                created_at + i64::from(p.expires_in_hours) * 3600
                            }),
                            voted,
                        },
                    );
                    pid
                });
                let draft = NewStatus {
                    text: s.text.to_string(),
                    spoiler_text: s.cw.to_string(),
                    visibility: s.visibility.to_string(),
                    sensitive: s.sensitive,
                    language: Some(s.language.to_string()).filter(|l| !l.is_empty()),
                    in_reply_to: s.reply_to.and_then(|k| keys.get(k).copied()),
                    media,
                    poll,
                    application: Some("Web".to_string()),
                };
                let id = w.insert_status(author, draft, created_at);
                if s.edited {
                    if let Some(st) = w.statuses.get_mut(&id) {
                        st.edited_at = Some(created_at + 120);
                    }
                }
                id
            };
            keys.insert(s.key, id);
            if s.favourited_by_me {
                w.favourites.insert((w.me, id));
            }
            if s.bookmarked_by_me {
                w.bookmarks.insert((w.me, id));
            }
        }
        keys
    }

    /// Some favourites from others, so counts are not all zero.
    fn seed_favourites(w: &mut World) {
        let ids: Vec<Id> = w.statuses.keys().copied().collect();
        let others: Vec<Id> = w.accounts.keys().copied().filter(|a| *a != w.me).collect();
        for (i, sid) in ids.iter().enumerate() {
            for (j, acc) in others.iter().enumerate() {
                if (i * 7 + j * 3) % 11 == 0 {
                    w.favourites.insert((*acc, *sid));
                }
            }
        }
    }

    /// The demo user's notifications (`keys`: the seeded statuses' ids).
    fn seed_notifications(w: &mut World, keys: &HashMap<&'static str, Id>) {
        let now = w.now;
        let mut notes: Vec<&seed::SeedNotification> = seed::NOTIFICATIONS.iter().collect();
        notes.sort_by_key(|n| std::cmp::Reverse(n.minutes_ago));
        for n in notes {
            let Some(&from) = w.by_username.get(n.from) else {
                continue;
            };
            let status = n.status.and_then(|k| keys.get(k).copied());
            let at = now - i64::from(n.minutes_ago) * 60;
            if n.kind == "follow_request" {
                w.follow_requests.insert((from, w.me));
            }
            w.add_notification(n.kind, from, w.me, status, at);
        }
    }

    /// The demo user's lists, followed tags and filters.
    fn seed_organising(w: &mut World) {
        for l in seed::LISTS {
            let id = w.alloc_id();
            let members = l
                .members
                .iter()
                .filter_map(|m| w.by_username.get(*m).copied())
                .collect();
            w.lists.insert(
                id,
                DList {
                    id,
                    owner: w.me,
                    title: l.title.to_string(),
                    members,
                    replies_policy: l.replies_policy.to_string(),
                },
            );
        }
        for t in seed::FOLLOWED_TAGS {
            w.followed_tags.insert((w.me, t.to_lowercase()));
        }
        for (title, action, words) in seed::FILTERS {
            let id = w.alloc_id();
            let keywords = words
                .iter()
                .map(|k| super::social::DKeyword {
                    id: w.alloc_id(),
                    keyword: k.to_string(),
                    whole_word: true,
                })
                .collect();
            let owner = w.me;
            w.social.filters.insert(
                id,
                super::social::DFilter {
                    id,
                    owner,
                    title: title.to_string(),
                    context: ["home", "notifications", "public", "thread", "account"]
                        .iter()
                        .map(|c| c.to_string())
                        .collect(),
                    action: action.to_string(),
                    expires_at: None,
                    keywords,
                    statuses: vec![],
                },
            );
        }
    }

    /// Forgets everything `me` set up: follows and requests, lists,
    /// bookmarks, followed tags, mutes, blocks, domain blocks and filters.
    /// Its posts and the rest of the world stay.
    pub fn clear_own(&mut self, me: Id) {
        self.follows.retain(|(a, _)| *a != me);
        self.follow_requests.retain(|(a, _)| *a != me);
        self.lists.retain(|_, l| l.owner != me);
        self.bookmarks.retain(|(a, _)| *a != me);
        self.followed_tags.retain(|(a, _)| *a != me);
        let s = &mut self.social;
        s.mutes.retain(|(a, _), _| *a != me);
        s.blocks.retain(|(a, _)| *a != me);
        s.domain_blocks.retain(|(a, _)| *a != me);
        s.follow_opts.retain(|(a, _), _| *a != me);
        s.filters.retain(|_, f| f.owner != me);
    }

    /// A fresh id for anything but statuses.
    pub fn alloc_id(&mut self) -> Id {
        let id = self.next_id;
        self.next_id += 1;
        id
    }

    fn alloc_status_id(&mut self) -> Id {
        // Gaps between ids, like snowflakes: cursors must not assume +1.
        self.next_status_id += 1 + (self.next_status_id % 3);
        self.next_status_id
    }

    /// Formats text (or passes raw HTML through).
    pub fn format(&self, text: &str) -> Formatted {
        if text.trim_start().starts_with('<') {
            Formatted {
                html: text.to_string(),
                emojis: emoji_codes(text),
                ..Default::default()
            }
        } else {
            format_text(text, &self.base, &self.domain)
        }
    }

    /// Looks up an account by username (local or remote).
    pub fn account_by_username(&self, username: &str) -> Option<Id> {
        self.by_username.get(username).copied()
    }

    /// Looks up an account by `user` or `user@domain`.
    pub fn account_by_acct(&self, acct: &str) -> Option<Id> {
        let acct = acct.trim_start_matches('@');
        let (user, domain) = match acct.split_once('@') {
            Some((u, d)) => (u, Some(d)),
            None => (acct, None),
        };
        self.accounts
            .values()
            .find(|a| {
                a.username.eq_ignore_ascii_case(user)
                    && match (domain, &a.domain) {
                        (None, _) => true,
                        (Some(d), None) => d.eq_ignore_ascii_case(&self.domain),
                        (Some(d), Some(ad)) => d.eq_ignore_ascii_case(ad),
                    }
            })
            .map(|a| a.id)
    }

    /// `acct` as Mastodon shows it: `user` locally, `user@domain` for remote accounts.
    pub fn acct(&self, id: Id) -> String {
        match self.accounts.get(&id) {
            Some(a) => match &a.domain {
                Some(d) => format!("{}@{}", a.username, d),
                None => a.username.clone(),
            },
            None => String::new(),
        }
    }

    /// Adds a media attachment.
    pub fn add_media(
        &mut self,
        kind: &str,
        description: Option<String>,
        width: u32,
        height: u32,
        color: (u8, u8, u8),
    ) -> Id {
        let id = self.alloc_id();
        self.media.insert(
            id,
            DMedia {
                id,
                kind: kind.to_string(),
                description,
                width,
                height,
                color,
            },
        );
        id
    }

    /// `n` posts by the accounts the demo user follows, a minute apart and
    /// ending a minute before `before`, oldest first: varied lengths, with
    /// links, hashtags and a mention now and then.
    fn add_history(&mut self, n: usize, before: i64) {
        let mut authors: Vec<Id> = self
            .follows
            .iter()
            .filter(|(from, _)| *from == self.me)
            .map(|(_, to)| *to)
            .collect();
        authors.sort_unstable();
        if authors.is_empty() {
            return;
        }
        const WORDS: &[&str] = &[
            "terminal",
            "keyboard",
            "rust",
            "federation",
            "timeline",
            "coffee",
            "train",
            "garden",
            "compiler",
            "weekend",
            "music",
            "library",
            "bicycle",
            "rain",
        ];
        for i in (0..n).rev() {
            let author = authors[i % authors.len()];
            let word = |k: usize| WORDS[(i * 7 + k * 3) % WORDS.len()];
            let mut text = format!("Older post {i}: about the {} and the {}.", word(0), word(1));
            if i % 3 == 0 {
                text.push_str(&format!(
                    " More at https://example.com/notes/{i} #{}",
                    word(2)
                ));
            }
            if i % 5 == 0 {
                text.push_str(&format!(
                    "\n\nA second paragraph, longer, so that cards differ in height: {} {} {} {}.",
                    word(3),
                    word(4),
                    word(5),
                    word(6)
                ));
            }
            let draft = NewStatus {
                text,
                spoiler_text: String::new(),
                visibility: "public".into(),
                sensitive: false,
                language: Some("en".into()),
                in_reply_to: None,
                media: Vec::new(),
                poll: None,
                application: Some("Web".into()),
            };
            self.insert_status(author, draft, before - (i as i64 + 1) * 60);
        }
    }

    /// Inserts a status; returns its id. Mentions of the demo user notify it.
    pub fn insert_status(&mut self, author: Id, draft: NewStatus, created_at: i64) -> Id {
        let id = self.alloc_status_id();
        let f = self.format(&draft.text);
        let mut mentions: Vec<Id> = f
            .mentions
            .iter()
            .filter_map(|(u, d)| {
                let acct = match d {
                    Some(d) => format!("{u}@{d}"),
                    None => u.clone(),
                };
                self.account_by_acct(&acct)
            })
            .collect();
        mentions.dedup();
        self.statuses.insert(
            id,
            DStatus {
                id,
                account: author,
                created_at,
                text: draft.text,
                html: f.html,
                spoiler_text: draft.spoiler_text,
                visibility: draft.visibility,
                sensitive: draft.sensitive,
                language: draft.language,
                in_reply_to: draft.in_reply_to,
                reblog_of: None,
                media: draft.media,
                poll: draft.poll,
                mentions: mentions.clone(),
                tags: f.tags,
                emojis: f.emojis,
                edited_at: None,
                application: draft.application,
            },
        );
        id
    }

    /// Inserts a boost of `target` by `author`.
    pub fn insert_boost(&mut self, author: Id, target: Id, created_at: i64) -> Id {
        let id = self.alloc_status_id();
        let visibility = self
            .statuses
            .get(&target)
            .map(|s| s.visibility.clone())
            .unwrap_or_else(|| "public".into());
        self.statuses.insert(
            id,
            DStatus {
                id,
                account: author,
                created_at,
                text: String::new(),
                html: String::new(),
                spoiler_text: String::new(),
                visibility,
                sensitive: false,
                language: None,
                in_reply_to: None,
                reblog_of: Some(target),
                media: vec![],
                poll: None,
                mentions: vec![],
                tags: vec![],
                emojis: vec![],
                edited_at: None,
                application: None,
            },
        );
        id
    }

    /// Adds a notification.
    pub fn add_notification(
        &mut self,
        kind: &str,
        from: Id,
        to: Id,
        status: Option<Id>,
        at: i64,
    ) -> Id {
        let id = self.alloc_id() + 500_000;
        self.notifications.insert(
            id,
            DNotification {
                id,
                kind: kind.to_string(),
                from,
                to,
                status,
                created_at: at,
            },
        );
        id
    }

    /// Can `viewer` see status `s`?
    pub fn visible_to(&self, s: &DStatus, viewer: Option<Id>) -> bool {
        match s.visibility.as_str() {
            "public" | "unlisted" => true,
            "private" => {
                viewer.is_some_and(|v| v == s.account || self.follows.contains(&(v, s.account)))
            }
            _ => viewer.is_some_and(|v| v == s.account || s.mentions.contains(&v)),
        }
    }

    /// Is status `s` in `viewer`'s home timeline?
    pub fn in_home(&self, s: &DStatus, viewer: Id) -> bool {
        let followed = s.account == viewer || self.follows.contains(&(viewer, s.account));
        if !followed || !self.visible_to(s, Some(viewer)) {
            return false;
        }
        if let Some(target) = s.reblog_of {
            return self
                .statuses
                .get(&target)
                .is_some_and(|t| self.visible_to(t, Some(viewer)));
        }
        // Replies to people you don't follow stay out of home, as on Mastodon.
        match s.in_reply_to.and_then(|r| self.statuses.get(&r)) {
            Some(parent) => {
                parent.account == s.account
                    || parent.account == viewer
                    || self.follows.contains(&(viewer, parent.account))
            }
            None => true,
        }
    }

    /// Is status `s` in the public timeline (`local` only for this instance)?
    pub fn in_public(&self, s: &DStatus, local: bool) -> bool {
        if s.reblog_of.is_some() || s.visibility != "public" {
            return false;
        }
        !local
            || self
                .accounts
                .get(&s.account)
                .is_some_and(|a| a.domain.is_none())
    }

    /// The local account id for a bearer token, if valid.
    pub fn token_account(&self, token: &str) -> Option<&DToken> {
        self.tokens.get(token)
    }

    /// Registers an app and returns it.
    pub fn register_app(
        &mut self,
        name: &str,
        website: Option<String>,
        redirect_uris: Vec<String>,
        scopes: &str,
    ) -> DApp {
        let id = self.alloc_id();
        let app = DApp {
            id,
            name: name.to_string(),
            website,
            redirect_uris,
            scopes: scopes.to_string(),
            client_id: random_token(32),
            client_secret: random_token(40),
        };
        self.apps.push(app.clone());
        app
    }

    /// Issues a new token for `account`.
    pub fn issue_token(
        &mut self,
        account: Option<Id>,
        client_id: Option<String>,
        scopes: &str,
    ) -> String {
        let t = random_token(43);
        self.tokens.insert(
            t.clone(),
            DToken {
                account,
                client_id,
                scopes: scopes.to_string(),
                created_at: self.now,
            },
        );
        t
    }

    /// Ids of statuses, newest first, that satisfy `pred`.
    pub fn select(&self, pred: impl Fn(&DStatus) -> bool) -> Vec<Id> {
        self.statuses
            .values()
            .rev()
            .filter(|s| pred(s))
            .map(|s| s.id)
            .collect()
    }
}

/// A status to insert.
#[derive(Debug, Clone, Default)]
pub struct NewStatus {
    pub text: String,
    pub spoiler_text: String,
    pub visibility: String,
    pub sensitive: bool,
    pub language: Option<String>,
    pub in_reply_to: Option<Id>,
    pub media: Vec<Id>,
    pub poll: Option<Id>,
    pub application: Option<String>,
}

/// `:shortcode:` occurrences in a string.
fn emoji_codes(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    let parts: Vec<&str> = s.split(':').collect();
    for (i, p) in parts.iter().enumerate() {
        if i == 0 || i + 1 >= parts.len() {
            continue;
        }
        if p.len() >= 2 && p.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            let code = p.to_string();
            if !out.contains(&code) {
                out.push(code);
            }
        }
    }
    out
}

/// A random URL-safe token.
pub fn random_token(len: usize) -> String {
    use rand::Rng;
    const CHARS: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut rng = rand::rng();
    (0..len)
        .map(|_| CHARS[rng.random_range(0..CHARS.len())] as char)
        .collect()
}
