//! The prompt line: `/` searches, `:` runs a command (`tag rust`,
//! `bookmarks`, `close`, …). Each command is one function, found by its
//! names in [`TABLE`]. Part of `update`: synchronous, no I/O.

use trompe_api::endpoints::timelines::TimelineKind;
use trompe_api::entities::{Account, ListId};

use super::action::{Action, TextKey};
use super::effect::{AfterLookup, Effect, SocialOp};
use super::navigate::{close_tab, focused_status, open_tab, push_view};
use super::state::{PromptKind, State, ToastKind};
use super::timeline::{NotificationFilter, TabKind};
use super::views::people::PeopleKind;
use super::views::tags::TagsKind;
use super::views::{SearchView, View};

/// Keys typed into the prompt; Enter runs it.
pub(super) fn prompt_key(state: &mut State, key: TextKey) -> Vec<Effect> {
    let Some(p) = state.prompt.as_mut() else {
        return vec![];
    };
    match key {
        TextKey::Char(c) => p.text.push(c),
        TextKey::Paste(t) => p.text.push_str(&t.replace(['\n', '\r'], " ")),
        TextKey::Backspace => {
            if p.text.pop().is_none() {
                state.prompt = None;
            }
        }
        TextKey::Esc => state.prompt = None,
        TextKey::Tab if p.kind == PromptKind::Command => return complete(state),
        TextKey::Up | TextKey::Down if p.kind == PromptKind::Command => {
            let history = &state.command_history;
            let pos = match (key, p.history_pos) {
                (TextKey::Up, None) => history.len().checked_sub(1),
                (TextKey::Up, Some(i)) => Some(i.saturating_sub(1)),
                (_, Some(i)) if i + 1 < history.len() => Some(i + 1),
                _ => None,
            };
            p.history_pos = pos;
            p.text = pos
                .and_then(|i| history.get(i))
                .cloned()
                .unwrap_or_default();
        }
        TextKey::Tab | TextKey::Ctrl(_) | TextKey::Delete | TextKey::Left | TextKey::Right => {}
        TextKey::Up | TextKey::Down | TextKey::Home | TextKey::End => {}
        TextKey::WordLeft | TextKey::WordRight => {}
        TextKey::Enter => {
            let Some(p) = state.prompt.take() else {
                return vec![];
            };
            let text = p.text.trim().to_string();
            if text.is_empty() {
                return vec![];
            }
            return match p.kind {
                PromptKind::Search => search(state, text),
                PromptKind::Command => {
                    let mut fx = remember(state, &text);
                    fx.extend(run(state, &text));
                    fx
                }
            };
        }
    }
    vec![]
}

/// Adds a command to the history (not twice in a row) and asks for it to
/// be kept.
fn remember(state: &mut State, text: &str) -> Vec<Effect> {
    let h = &mut state.command_history;
    if h.last().map(String::as_str) != Some(text) {
        h.push(text.to_string());
    }
    let extra = h.len().saturating_sub(super::state::HISTORY_KEPT);
    h.drain(..extra);
    vec![Effect::SaveHistory { lines: h.clone() }]
}

/// Every command name, in the table's order.
pub fn command_names() -> Vec<&'static str> {
    TABLE
        .iter()
        .flat_map(|(names, _)| names.iter().copied())
        .collect()
}

/// The command names that start with what is typed (before any space).
pub fn matching_commands(typed: &str) -> Vec<&'static str> {
    if typed.contains(' ') {
        return Vec::new();
    }
    let t = typed.to_lowercase();
    command_names()
        .into_iter()
        .filter(|n| n.starts_with(&t))
        .collect()
}

/// Tab: completes the command name, or the word being typed after it
/// (tags, lists, accounts, durations, timelines, accounts to move to). One
/// match: the word and a space; several: what they share, and they are
/// listed.
fn complete(state: &mut State) -> Vec<Effect> {
    let Some(text) = state.prompt.as_ref().map(|p| p.text.clone()) else {
        return vec![];
    };
    let Some((command, _)) = text.split_once(' ') else {
        let found = matching_commands(&text);
        complete_word(state, "", &text, &found, "Commands");
        return vec![];
    };
    let (before, word) = match text.rsplit_once(' ') {
        Some((b, w)) => (format!("{b} "), w.to_string()),
        None => (String::new(), text.clone()),
    };
    let (options, what, fx) = arguments(state, &command.to_lowercase(), &word);
    if !fx.is_empty() {
        state.toast(ToastKind::Info, format!("{what}: fetching them; Tab again"));
    }
    let refs: Vec<&str> = options.iter().map(String::as_str).collect();
    let typed = bare(&word).to_lowercase();
    let found: Vec<&str> = refs
        .iter()
        .copied()
        .filter(|o| bare(o).to_lowercase().starts_with(&typed))
        .collect();
    complete_word(state, &before, &word, &found, what);
    fx
}

/// A word without the `#` or `@` it may be typed with.
fn bare(word: &str) -> &str {
    word.trim_start_matches(['#', '@'])
}

/// Puts the completion of `word` (after `before`) among `found` in the
/// prompt, or lists them.
fn complete_word(state: &mut State, before: &str, word: &str, found: &[&str], what: &str) {
    match found {
        [] => {}
        [one] => {
            if let Some(p) = state.prompt.as_mut() {
                p.text = format!("{before}{one} ");
            }
        }
        many => {
            let common: String = many.iter().skip(1).fold(many[0].to_string(), |c, m| {
                c.chars()
                    .zip(m.chars())
                    .take_while(|(a, b)| a.to_lowercase().eq(b.to_lowercase()))
                    .map(|(a, _)| a)
                    .collect()
            });
            if common.chars().count() > bare(word).chars().count() + usize::from(word != bare(word))
            {
                if let Some(p) = state.prompt.as_mut() {
                    p.text = format!("{before}{common}");
                }
            } else {
                let shown: Vec<&str> = many.iter().copied().take(12).collect();
                let more = many.len().saturating_sub(shown.len());
                let tail = if more > 0 {
                    format!(" (and {more} more)")
                } else {
                    String::new()
                };
                state.toast(
                    ToastKind::Info,
                    format!("{what}: {}{tail}", shown.join(", ")),
                );
            }
        }
    }
}

/// What can follow `command`, from what trompe already knows (the posts
/// and tabs loaded, the lists once fetched, the accounts configured), what
/// they are called, and a request for what it does not know yet (the
/// lists, fetched on the first Tab).
fn arguments(
    state: &mut State,
    command: &str,
    word: &str,
) -> (Vec<String>, &'static str, Vec<Effect>) {
    let account = state.active;
    let Some(acc) = state.account_mut() else {
        return (vec![], "", vec![]);
    };
    let mut out: Vec<String> = Vec::new();
    let mut add = |s: String| {
        if !s.is_empty() && !out.contains(&s) {
            out.push(s);
        }
    };
    match command {
        "tag" | "follow-tag" | "unfollow-tag" => {
            for t in &acc.tabs {
                if let super::timeline::TabKind::Timeline(
                    trompe_api::endpoints::timelines::TimelineKind::Hashtag { tag, .. },
                ) = &t.kind
                {
                    add(tag.clone());
                }
            }
            let mut tags: Vec<String> = acc
                .statuses
                .values()
                .flat_map(|s| s.original().tags.iter().map(|t| t.name.to_lowercase()))
                .collect();
            tags.sort();
            tags.into_iter().for_each(&mut add);
            (out, "Tags", vec![])
        }
        "list" | "list-add" | "list-remove" => {
            acc.list_names.iter().cloned().for_each(&mut add);
            let fx = if acc.list_names.is_empty() && !acc.list_names_asked {
                acc.list_names_asked = true;
                vec![Effect::LoadLists { account }]
            } else {
                vec![]
            };
            (out, "Lists", fx)
        }
        "user" | "profile" | "followers" | "following" | "subscribe" | "unsubscribe" => {
            if word.contains(' ') {
                return (vec![], "", vec![]);
            }
            let mut accts: Vec<String> = acc
                .statuses
                .values()
                .flat_map(|s| {
                    let o = s.original();
                    std::iter::once(o.account.acct.clone())
                        .chain(o.mentions.iter().map(|m| m.acct.clone()))
                })
                .map(|a| format!("@{a}"))
                .collect();
            accts.sort();
            accts.into_iter().for_each(&mut add);
            // `user @ACCT replies|media`: the second word.
            (out, "Accounts", vec![])
        }
        "mute" => {
            for d in ["30m", "1h", "6h", "1d", "7d", "--keep-notifications"] {
                add(d.to_string());
            }
            (out, "Durations", vec![])
        }
        "move" => {
            let here = state.active;
            for (i, a) in state.accounts.iter().enumerate() {
                if i != here && !a.node {
                    out.push(a.label.clone());
                }
            }
            (out, "Accounts", vec![])
        }
        _ => (vec![], "", vec![]),
    }
}

/// Opens the search view and searches.
fn search(state: &mut State, query: String) -> Vec<Effect> {
    let account = state.active;
    let request = state.next_request();
    push_view(
        state,
        View::Search(SearchView {
            query: query.clone(),
            results: None,
            selected: 0,
            loading: Some(request),
            error: None,
        }),
    );
    vec![Effect::Search {
        account,
        request,
        query,
    }]
}

/// The commands of the `:` prompt, for the help screen.
// `{name}` in a text stands for the key of the command of that config
// name (`{delete_draft}`): the help fills it from the live keymap
// (`Keymap::fill`), so a remap shows there too.
pub const COMMANDS: &[(&str, &str)] = &[
    ("tag NAME [NAME…]", "open a hashtag tab (#NAME works too)"),
    ("list NAME", "open a list"),
    ("home, local, federated", "open a timeline"),
    ("notifications", "open the notifications"),
    ("bookmarks, favourites", "your bookmarks / favourites"),
    ("trending", "trending posts"),
    ("conversations", "direct messages, newest activity first"),
    ("user @ACCT [replies|media]", "an account's posts"),
    ("profile @ACCT", "an account's profile"),
    ("search TEXT", "search (or press /)"),
    (
        "boosts, replies",
        "hide/show boosts or replies in this tab, in place (kept for the next run)",
    ),
    ("requests", "filtered notifications: requests and policy"),
    (
        "subscriptions",
        "the federation node's follows and relays ({subscriptions})",
    ),
    (
        "subscribe @USER@HOST | relay URL",
        "the node follows an account, or subscribes to a relay",
    ),
    (
        "unsubscribe @USER@HOST | URL",
        "the node stops following it (asks first)",
    ),
    (
        "move ACCOUNT|N",
        "move follows, lists, blocks, mutes, bookmarks, filters and tags to another of your accounts (shows the plan, asks first)",
    ),
    (
        "drafts",
        "unsent drafts ({select} continues, {delete_draft} deletes)",
    ),
    (
        "mute [30m|1h|7d] [--keep-notifications]",
        "mute the author for a while",
    ),
    (
        "block-domain",
        "block the author's whole domain (asks first)",
    ),
    (
        "list-add NAME, list-remove NAME",
        "add the author to a list / remove",
    ),
    (
        "follow-tag [NAME], unfollow-tag",
        "follow a hashtag (default: this tab's)",
    ),
    (
        "followers [@ACCT], following [@ACCT]",
        "who follows the account / whom it follows",
    ),
    (
        "filters",
        "your filters ({select}: warn ↔ hide, {delete_filter} deletes)",
    ),
    (
        "filter TITLE = WORD[, WORD*…]",
        "create a filter, or add words to it (WORD* also matches inside words)",
    ),
    (
        "filter-context TITLE = home, notifications, public, thread, account",
        "where the filter applies",
    ),
    (
        "filter-expires TITLE = 12h|7d|never",
        "when the filter ends",
    ),
    (
        "filter-hide TITLE, filter-warn TITLE",
        "hide matching posts / collapse them",
    ),
    (
        "filter-unword TITLE = WORD, filter-delete TITLE",
        "remove a word / the whole filter",
    ),
    (
        "muted, blocked",
        "muted and blocked accounts ({mute} / {block} undoes)",
    ),
    (
        "follow-requests",
        "accounts asking to follow you ({select} accepts, {remove_account} rejects)",
    ),
    (
        "members LIST",
        "a list's members ({remove_account} removes one)",
    ),
    (
        "tags, trending-tags",
        "followed / trending hashtags ({follow} follows, {select} opens)",
    ),
    (
        "scheduled, unschedule ID",
        "posts waiting to be published ({reschedule} moves one, {cancel_scheduled} cancels) / cancel one by id",
    ),
    ("reschedule ID TIME", "move a scheduled post to TIME"),
    ("messages", "every message shown at the bottom this session"),
    (
        "lists, list-create NAME",
        "your lists ({select} opens, {list_members} members, {rename_list} renames, {list_replies} replies, {list_exclusive} exclusive, {delete_list} deletes) / a new one",
    ),
    (
        "list-rename OLD to NEW, list-delete NAME",
        "rename / delete a list (asks first)",
    ),
    (
        "list-replies NAME followed|list|none",
        "which replies the list shows",
    ),
    (
        "list-exclusive NAME on|off",
        "keep the list's members out of home",
    ),
    (
        "note TEXT",
        "your private note on the author (empty clears)",
    ),
    ("notify, unnotify", "be told when the author posts / stop"),
    (
        "show-boosts, hide-boosts",
        "the author's boosts in your home",
    ),
    ("me", "your own profile"),
    (
        "me name TEXT, me bio TEXT",
        "your name / bio (\\n: new line)",
    ),
    (
        "me field N NAME = VALUE",
        "profile field 1–4 (empty clears)",
    ),
    (
        "me avatar PATH, me header PATH",
        "a new avatar / header image",
    ),
    (
        "me locked|bot|discoverable on|off",
        "approve followers / bot / discovery",
    ),
    (
        "me visibility public|unlisted|private",
        "default visibility of new posts",
    ),
    (
        "me language CODE, me sensitive on|off",
        "default language / sensitive posts",
    ),
    ("instance", "about this instance"),
    ("accounts, login", "switch account / add one"),
    ("close, quit", "close the tab / quit"),
];

/// A command line: its name (in lower case), the words after it, and the
/// whole text as typed.
struct Line<'a> {
    name: String,
    args: Vec<&'a str>,
    text: &'a str,
}

impl Line<'_> {
    /// The words after the name, joined by single spaces.
    fn rest(&self) -> String {
        self.args.join(" ")
    }
}

/// What runs one command.
type Run = fn(&mut State, &Line) -> Vec<Effect>;

/// Every command by its names (a hashtag, `#rust`, is one too: see [`run`]).
const TABLE: &[(&[&str], Run)] = &[
    (&["tag", "t"], tag),
    (&["home"], |s, _| timeline(s, TimelineKind::Home)),
    (&["local"], |s, _| timeline(s, TimelineKind::Local)),
    (&["federated", "public"], |s, _| {
        timeline(s, TimelineKind::Federated)
    }),
    (&["notifications", "n"], |s, _| {
        open_tab(s, TabKind::Notifications(NotificationFilter::All))
    }),
    (&["mentions"], |s, _| {
        open_tab(s, TabKind::Notifications(NotificationFilter::Mentions))
    }),
    (&["bookmarks"], |s, _| timeline(s, TimelineKind::Bookmarks)),
    (&["conversations", "direct", "dms"], |s, _| {
        open_tab(s, TabKind::Conversations)
    }),
    (&["favourites", "favorites", "favs"], |s, _| {
        timeline(s, TimelineKind::Favourites)
    }),
    (&["trending", "trends"], |s, _| {
        timeline(s, TimelineKind::Trending)
    }),
    (&["list"], list),
    (&["user", "u", "profile", "p"], user),
    (&["search", "s"], |s, l| search(s, l.rest())),
    (&["me"], |s, l| super::profile::command(s, l.text)),
    (&["boosts", "replies"], hide_in_tab),
    (&["mute"], mute),
    (&["block-domain"], block_domain),
    (&["list-add", "list-remove"], list_member),
    (&["follow-tag", "unfollow-tag"], follow_tag),
    (&["unschedule"], unschedule),
    (&["reschedule"], reschedule),
    (&["followers", "following"], followers),
    (
        &[
            "filters",
            "filter",
            "filter-hide",
            "filter-warn",
            "filter-unword",
            "filter-delete",
            "filter-context",
            "filter-expires",
        ],
        filters,
    ),
    (&["muted"], |s, _| {
        super::views::people::open_people(s, PeopleKind::Muted)
    }),
    (&["blocked"], |s, _| {
        super::views::people::open_people(s, PeopleKind::Blocked)
    }),
    (&["follow-requests", "fr"], |s, _| {
        super::views::people::open_people(s, PeopleKind::FollowRequests)
    }),
    (&["members"], members),
    (&["tags"], |s, _| {
        super::views::tags::open_tags(s, TagsKind::Followed)
    }),
    (&["trending-tags", "hashtags"], |s, _| {
        super::views::tags::open_tags(s, TagsKind::Trending)
    }),
    (&["lists"], |s, _| super::views::lists::open_lists(s)),
    (&["subscriptions", "subs"], |s, _| {
        super::views::subscriptions::open(s)
    }),
    (&["subscribe", "sub"], |s, a| {
        super::views::subscriptions::subscribe(s, &a.rest())
    }),
    (&["unsubscribe", "unsub"], |s, a| {
        super::views::subscriptions::unsubscribe(s, &a.rest())
    }),
    (&["scheduled"], |s, _| super::views::scheduled::open(s)),
    (&["move"], |s, a| super::moving::start(s, &a.rest())),
    (&["list-replies", "list-exclusive"], list_settings),
    (&["list-create"], list_create),
    (&["list-rename"], list_rename),
    (&["list-delete"], list_delete),
    (
        &["note", "notify", "unnotify", "show-boosts", "hide-boosts"],
        account_settings,
    ),
    (&["drafts"], |s, _| super::views::drafts::open(s)),
    (&["requests", "filtered"], |s, _| {
        super::views::requests::open(s)
    }),
    (&["messages"], |s, _| {
        let text = super::pages::messages(&s.messages, s.zone);
        push_view(s, View::Raw { text, scroll: 0 });
        vec![]
    }),
    (&["instance"], |s, _| {
        let account = s.active;
        push_view(s, View::Instance { scroll: 0 });
        vec![Effect::LoadInstance { account }]
    }),
    (&["accounts", "account"], |s, _| {
        s.switcher = Some(s.active);
        vec![]
    }),
    (&["login"], |s, _| {
        s.login = Some(Default::default());
        vec![]
    }),
    (&["close"], |s, _| close_tab(s)),
    (&["quit", "q"], |s, _| {
        s.should_quit = true;
        vec![Effect::Quit]
    }),
];

/// Runs a command line.
pub(super) fn run(state: &mut State, text: &str) -> Vec<Effect> {
    let mut words = text.split_whitespace();
    let Some(first) = words.next() else {
        return vec![];
    };
    let line = Line {
        name: first.to_lowercase(),
        args: words.collect(),
        text,
    };
    if super::visitor::active(state) && !super::visitor::command_line_allowed(&line.name) {
        if TABLE
            .iter()
            .any(|(names, _)| names.contains(&line.name.as_str()))
        {
            let what = format!("`:{}`", line.name);
            return super::visitor::offer_login(state, &what);
        }
        return unknown(state, &line.name);
    }
    if line.name.starts_with('#') {
        return hashtags(state, &line);
    }
    match TABLE
        .iter()
        .find(|(names, _)| names.contains(&line.name.as_str()))
    {
        Some((_, run)) => run(state, &line),
        None => unknown(state, &line.name),
    }
}

fn unknown(state: &mut State, name: &str) -> Vec<Effect> {
    state.toast(
        ToastKind::Error,
        format!(
            "Unknown command `{}`; ? lists the commands",
            trompe_api::html::sanitize_line(name)
        ),
    );
    vec![]
}

fn usage(state: &mut State, text: &str) -> Vec<Effect> {
    state.toast(ToastKind::Info, text.to_string());
    vec![]
}

fn timeline(state: &mut State, kind: TimelineKind) -> Vec<Effect> {
    open_tab(state, TabKind::Timeline(kind))
}

/// A hashtag tab for the first tag, with the others as alternatives.
fn tag_tab(state: &mut State, mut tags: Vec<String>) -> Vec<Effect> {
    let tag = tags.remove(0);
    timeline(state, TimelineKind::Hashtag { tag, any: tags })
}

/// `#rust #golang`.
fn hashtags(state: &mut State, line: &Line) -> Vec<Effect> {
    let tags: Vec<String> = std::iter::once(line.name.as_str())
        .chain(line.args.iter().copied())
        .map(|t| t.trim_start_matches('#').to_string())
        .filter(|t| !t.is_empty())
        .collect();
    if tags.is_empty() {
        // `#` alone: no tag to open.
        return unknown(state, &line.name);
    }
    tag_tab(state, tags)
}

/// `tag NAME [NAME…]`.
fn tag(state: &mut State, line: &Line) -> Vec<Effect> {
    let tags: Vec<String> = line
        .args
        .iter()
        .map(|t| t.trim_start_matches('#').to_string())
        .filter(|t| !t.is_empty())
        .collect();
    if tags.is_empty() {
        return usage(state, "Usage: tag NAME [NAME…]");
    }
    tag_tab(state, tags)
}

/// `list NAME` (or `list id:ID`).
fn list(state: &mut State, line: &Line) -> Vec<Effect> {
    let account = state.active;
    let name = line.rest();
    if name.is_empty() {
        return usage(state, "Usage: list NAME");
    }
    if let Some(id) = name.strip_prefix("id:") {
        return timeline(
            state,
            TimelineKind::List {
                id: ListId::new(id),
                title: name.clone(),
            },
        );
    }
    vec![Effect::OpenListNamed { account, name }]
}

/// `user @ACCT [replies|media]`, `profile @ACCT`.
fn user(state: &mut State, line: &Line) -> Vec<Effect> {
    let Some(acct) = line.args.first() else {
        return usage(state, "Usage: user @ACCT [replies|media]");
    };
    let then = if matches!(line.name.as_str(), "profile" | "p") {
        AfterLookup::Profile
    } else {
        AfterLookup::Posts {
            replies: line.args.contains(&"replies"),
            media: line.args.contains(&"media"),
        }
    };
    vec![Effect::LookupAccount {
        account: state.active,
        acct: acct.trim_start_matches('@').to_string(),
        then,
    }]
}

/// `boosts`, `replies`: hide or show them in this tab, in place: nothing
/// is loaded again, and the reader keeps their place.
fn hide_in_tab(state: &mut State, line: &Line) -> Vec<Effect> {
    let boosts = line.name == "boosts";
    let Some(acc) = state.account_mut() else {
        return vec![];
    };
    let tab = acc.focus_ref();
    let Some(t) = acc.tab_ref_mut(tab) else {
        return vec![];
    };
    let hidden = if boosts {
        t.hide_boosts = !t.hide_boosts;
        t.hide_boosts
    } else {
        t.hide_replies = !t.hide_replies;
        t.hide_replies
    };
    acc.rehide(tab);
    let Some(t) = acc.tab_ref(tab) else {
        return vec![];
    };
    let setting = (t.kind.title(), t.hide_boosts, t.hide_replies);
    let what = if boosts { "Boosts" } else { "Replies" };
    state.toast(
        ToastKind::Info,
        format!(
            "{what} {} in this tab",
            if hidden { "hidden" } else { "shown" }
        ),
    );
    // Kept across runs, per tab.
    let (title, hide_boosts, hide_replies) = setting;
    if hide_boosts || hide_replies {
        state
            .tab_settings
            .insert(title, (hide_boosts, hide_replies));
    } else {
        state.tab_settings.remove(&title);
    }
    vec![Effect::SaveTabSettings {
        settings: state.tab_settings.clone(),
    }]
}

/// The account a command acts on: the focused post's author, else the
/// open profile; `None` (and a word to the user) when there is neither.
fn target(state: &mut State) -> Option<Account> {
    let found = focused_status(state)
        .map(|s| Account::clone(&s.original().account))
        .or_else(|| match state.account().and_then(|a| a.views.last()) {
            Some(View::Profile(p)) => Some(p.account.clone()),
            _ => None,
        });
    if found.is_none() {
        state.toast(ToastKind::Info, "Select a post or open a profile first");
    }
    found
}

/// `mute [DURATION] [--keep-notifications]`.
fn mute(state: &mut State, line: &Line) -> Vec<Effect> {
    let Some(target) = target(state) else {
        return vec![];
    };
    let keep = line.args.contains(&"--keep-notifications");
    let secs = match line.args.iter().find(|a| !a.starts_with("--")) {
        Some(d) => match trompe_api::compose::parse_duration(d) {
            Ok(d) => Some(d),
            Err(e) => {
                state.toast(ToastKind::Error, format!("{e}: try 30m, 1h, 7d"));
                return vec![];
            }
        },
        None => None,
    };
    vec![Effect::Social {
        account: state.active,
        op: SocialOp::MuteFor {
            id: target.id,
            secs,
            notifications: !keep,
        },
    }]
}

/// `block-domain`: the author's whole domain (asks first).
fn block_domain(state: &mut State, _: &Line) -> Vec<Effect> {
    let Some(target) = target(state) else {
        return vec![];
    };
    let Some(domain) = target.acct.split_once('@').map(|(_, d)| d.to_string()) else {
        return usage(state, "That account is on your own instance");
    };
    push_view(
        state,
        View::Confirm {
            text: format!(
                "Block the whole domain {domain}? You will not see anything from it, and its followers of yours are removed."
            ),
            action: Box::new(Action::ConfirmedSocial(SocialOp::BlockDomain(domain))),
        },
    );
    vec![]
}

/// `list-add NAME`, `list-remove NAME`: the author in or out of a list.
fn list_member(state: &mut State, line: &Line) -> Vec<Effect> {
    let Some(target) = target(state) else {
        return vec![];
    };
    let list = line.rest();
    if list.is_empty() {
        return usage(state, "Usage: list-add NAME / list-remove NAME");
    }
    let op = if line.name == "list-add" {
        SocialOp::ListAdd {
            list,
            id: target.id,
        }
    } else {
        SocialOp::ListRemove {
            list,
            id: target.id,
        }
    };
    vec![Effect::Social {
        account: state.active,
        op,
    }]
}

/// `follow-tag [NAME]`, `unfollow-tag [NAME]` (default: this hashtag tab's).
fn follow_tag(state: &mut State, line: &Line) -> Vec<Effect> {
    let tag = line
        .args
        .first()
        .map(|t| t.trim_start_matches('#').to_string())
        .or_else(
            || match state.account().and_then(|a| a.tab()).map(|t| &t.kind) {
                Some(TabKind::Timeline(TimelineKind::Hashtag { tag, .. })) => Some(tag.clone()),
                _ => None,
            },
        );
    let Some(tag) = tag else {
        return usage(state, "Usage: follow-tag NAME (or run it in a hashtag tab)");
    };
    let op = if line.name == "follow-tag" {
        SocialOp::FollowTag(tag)
    } else {
        SocialOp::UnfollowTag(tag)
    };
    vec![Effect::Social {
        account: state.active,
        op,
    }]
}

/// `unschedule ID`.
fn unschedule(state: &mut State, line: &Line) -> Vec<Effect> {
    match line.args.first() {
        Some(id) => vec![Effect::Social {
            account: state.active,
            op: SocialOp::CancelScheduled(id.to_string()),
        }],
        None => usage(state, "Usage: unschedule ID (see :scheduled)"),
    }
}

/// `reschedule ID TIME`.
fn reschedule(state: &mut State, line: &Line) -> Vec<Effect> {
    let (Some(id), Some(_)) = (line.args.first(), line.args.get(1)) else {
        return usage(
            state,
            "Usage: reschedule ID TIME (+1h, 2026-12-01 09:00; see :scheduled)",
        );
    };
    let when = line.args[1..].join(" ");
    match trompe_api::compose::parse_schedule(&when, state.now, state.zone) {
        Ok(at) => vec![Effect::Social {
            account: state.active,
            op: SocialOp::Reschedule {
                id: id.to_string(),
                at,
                zone: state.zone,
            },
        }],
        Err(e) => {
            state.toast(ToastKind::Error, e.to_string());
            vec![]
        }
    }
}

/// `followers [@ACCT]`, `following [@ACCT]`: of the account named, else
/// the open profile, else the focused post's author, else you.
fn followers(state: &mut State, line: &Line) -> Vec<Effect> {
    let following = line.name == "following";
    if let Some(acct) = line.args.first() {
        return vec![Effect::LookupAccount {
            account: state.active,
            acct: acct.trim_start_matches('@').to_string(),
            then: AfterLookup::People { following },
        }];
    }
    let who = match state.account().and_then(|a| a.views.last()) {
        Some(View::Profile(p)) => Some(p.account.clone()),
        _ => focused_status(state)
            .map(|s| Account::clone(&s.original().account))
            .or_else(|| state.account().and_then(|a| a.me.clone())),
    };
    let Some(who) = who else {
        return vec![];
    };
    let kind = if following {
        PeopleKind::following(&who)
    } else {
        PeopleKind::followers(&who)
    };
    super::views::people::open_people(state, kind)
}

/// `filters`, `filter …`, `filter-hide …` and the other filter commands.
fn filters(state: &mut State, line: &Line) -> Vec<Effect> {
    let rest = line
        .text
        .trim_start()
        .split_once(char::is_whitespace)
        .map(|(_, r)| r)
        .unwrap_or("");
    super::views::filters::command(state, &line.name, rest)
}

/// `members LIST`.
fn members(state: &mut State, line: &Line) -> Vec<Effect> {
    if line.args.is_empty() {
        return unknown(state, &line.name);
    }
    super::views::people::open_people(state, PeopleKind::ListMembers(line.rest()))
}

const LIST_USAGE: &str = "Usage: list-create NAME · list-rename OLD to NEW · list-delete NAME";

/// `list-replies NAME followed|list|none`, `list-exclusive NAME on|off`:
/// the setting is the last word, the list's name the rest.
fn list_settings(state: &mut State, line: &Line) -> Vec<Effect> {
    let (Some(last), true) = (line.args.last(), line.args.len() >= 2) else {
        return usage(
            state,
            "Usage: list-replies NAME followed|list|none, list-exclusive NAME on|off",
        );
    };
    let name = line.args[..line.args.len() - 1].join(" ");
    let last = last.to_lowercase();
    let (replies, exclusive) = match (line.name.as_str(), last.as_str()) {
        ("list-replies", "followed" | "list" | "none") => (Some(last.clone()), None),
        ("list-exclusive", "on" | "yes" | "true") => (None, Some(true)),
        ("list-exclusive", "off" | "no" | "false") => (None, Some(false)),
        _ => {
            return usage(
                state,
                "Replies: followed, list or none; exclusive: on or off",
            );
        }
    };
    vec![Effect::Social {
        account: state.active,
        op: SocialOp::ListSettings {
            name,
            replies,
            exclusive,
        },
    }]
}

/// `list-create NAME`.
fn list_create(state: &mut State, line: &Line) -> Vec<Effect> {
    if line.args.is_empty() {
        return usage(state, LIST_USAGE);
    }
    vec![Effect::Social {
        account: state.active,
        op: SocialOp::CreateList(line.rest()),
    }]
}

/// `list-rename OLD to NEW`.
fn list_rename(state: &mut State, line: &Line) -> Vec<Effect> {
    if !line.args.contains(&"to") {
        return usage(state, LIST_USAGE);
    }
    let text = line.rest();
    let Some((from, to)) = text.split_once(" to ") else {
        return vec![];
    };
    vec![Effect::Social {
        account: state.active,
        op: SocialOp::RenameList {
            from: from.trim().to_string(),
            to: to.trim().to_string(),
        },
    }]
}

/// `list-delete NAME` (asks first).
fn list_delete(state: &mut State, line: &Line) -> Vec<Effect> {
    if line.args.is_empty() {
        return usage(state, LIST_USAGE);
    }
    let name = line.rest();
    push_view(
        state,
        View::Confirm {
            text: format!("Delete the list “{name}”? Its members stay followed."),
            action: Box::new(Action::ConfirmedSocial(SocialOp::DeleteList(name))),
        },
    );
    vec![]
}

/// `note TEXT`, `notify`, `unnotify`, `show-boosts`, `hide-boosts`: your
/// note on the author and how you follow them.
fn account_settings(state: &mut State, line: &Line) -> Vec<Effect> {
    let Some(target) = target(state) else {
        return vec![];
    };
    let op = match line.name.as_str() {
        "note" => SocialOp::Note {
            id: target.id,
            text: line.rest(),
        },
        "notify" | "unnotify" => SocialOp::FollowSettings {
            id: target.id,
            notify: Some(line.name == "notify"),
            boosts: None,
        },
        _ => SocialOp::FollowSettings {
            id: target.id,
            notify: None,
            boosts: Some(line.name == "show-boosts"),
        },
    };
    vec![Effect::Social {
        account: state.active,
        op,
    }]
}
