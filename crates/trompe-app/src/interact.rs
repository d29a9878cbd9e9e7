//! Acting on posts: favourite, boost, bookmark and delete, with optimistic
//! updates. The change shows at once in every copy of the status (timelines,
//! boosts, notifications, threads), the request runs in the background, and
//! a failure rolls it back with the server's message. Part of `update`.

use trompe_api::entities::{Status, StatusId};

use super::action::Action;
use super::effect::Effect;
use super::keymap::Command;
use super::state::{AccountState, State, ToastKind};
use super::views::View;

/// An action on an account.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AccountOp {
    Follow,
    Unfollow,
    Mute,
    Unmute,
    Block,
    Unblock,
}

impl AccountOp {
    /// The endpoint suffix.
    pub fn endpoint(self) -> &'static str {
        match self {
            AccountOp::Follow => "follow",
            AccountOp::Unfollow => "unfollow",
            AccountOp::Mute => "mute",
            AccountOp::Unmute => "unmute",
            AccountOp::Block => "block",
            AccountOp::Unblock => "unblock",
        }
    }

    /// What the toast says when it worked.
    pub fn done(self) -> &'static str {
        match self {
            AccountOp::Follow => "Followed",
            AccountOp::Unfollow => "Unfollowed",
            AccountOp::Mute => "Muted",
            AccountOp::Unmute => "Unmuted",
            AccountOp::Block => "Blocked",
            AccountOp::Unblock => "Unblocked",
        }
    }
}

/// The account the focus is on: the open profile, else the focused post's author.
fn focused_account(
    state: &State,
) -> Option<(
    trompe_api::entities::Account,
    Option<trompe_api::entities::Relationship>,
)> {
    if let Some(found) = super::views::people::focused_person(state) {
        return Some(found);
    }
    let acc = state.account()?;
    if let Some(View::Profile(p)) = acc.views.last() {
        return Some((p.account.clone(), p.relationship.clone()));
    }
    let s = super::navigate::focused_status(state)?;
    Some((
        trompe_api::entities::Account::clone(&s.original().account),
        None,
    ))
}

/// Who sees a boost.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BoostVisibility {
    Public,
    Unlisted,
    Private,
}

impl BoostVisibility {
    /// The API's name.
    pub fn as_str(self) -> &'static str {
        match self {
            BoostVisibility::Public => "public",
            BoostVisibility::Unlisted => "unlisted",
            BoostVisibility::Private => "private",
        }
    }
}

/// A toggle on a status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatusOp {
    Favourite(bool),
    Boost(bool),
    /// A boost seen only by some (`POST …/reblog` with a visibility).
    BoostAs(BoostVisibility),
    Bookmark(bool),
    Pin(bool),
    MuteThread(bool),
}

impl StatusOp {
    /// The endpoint suffix.
    pub fn endpoint(self) -> &'static str {
        match self {
            StatusOp::Favourite(true) => "favourite",
            StatusOp::Favourite(false) => "unfavourite",
            StatusOp::Boost(true) | StatusOp::BoostAs(_) => "reblog",
            StatusOp::Boost(false) => "unreblog",
            StatusOp::Bookmark(true) => "bookmark",
            StatusOp::Bookmark(false) => "unbookmark",
            StatusOp::Pin(true) => "pin",
            StatusOp::Pin(false) => "unpin",
            StatusOp::MuteThread(true) => "mute",
            StatusOp::MuteThread(false) => "unmute",
        }
    }

    /// The opposite toggle (for rollbacks).
    pub fn inverse(self) -> Self {
        match self {
            StatusOp::Favourite(b) => StatusOp::Favourite(!b),
            StatusOp::Boost(b) => StatusOp::Boost(!b),
            StatusOp::BoostAs(_) => StatusOp::Boost(false),
            StatusOp::Bookmark(b) => StatusOp::Bookmark(!b),
            StatusOp::Pin(b) => StatusOp::Pin(!b),
            StatusOp::MuteThread(b) => StatusOp::MuteThread(!b),
        }
    }

    /// Applies the toggle to one copy of the status.
    pub fn apply(self, s: &mut Status) {
        match self {
            StatusOp::Favourite(on) => {
                if s.favourited != Some(on) {
                    s.favourites_count = if on {
                        s.favourites_count + 1
                    } else {
                        s.favourites_count.saturating_sub(1)
                    };
                }
                s.favourited = Some(on);
            }
            StatusOp::BoostAs(_) => StatusOp::Boost(true).apply(s),
            StatusOp::Boost(on) => {
                if s.reblogged != Some(on) {
                    s.reblogs_count = if on {
                        s.reblogs_count + 1
                    } else {
                        s.reblogs_count.saturating_sub(1)
                    };
                }
                s.reblogged = Some(on);
            }
            StatusOp::Bookmark(on) => s.bookmarked = Some(on),
            StatusOp::Pin(on) => s.pinned = Some(on),
            StatusOp::MuteThread(on) => s.muted = Some(on),
        }
    }
}

impl AccountState {
    /// Applies `f` to every copy of status `id`: in the store, inside boosts,
    /// and in notifications.
    pub fn update_status(&mut self, id: &StatusId, f: impl Fn(&mut Status)) {
        for s in self.statuses.values_mut() {
            if s.id == *id {
                f(s);
            }
            if let Some(r) = s.reblog.as_mut() {
                if r.id == *id {
                    f(r);
                }
            }
        }
        for n in self.notifications.values_mut() {
            if let Some(s) = n.status.as_mut() {
                if s.id == *id {
                    f(s);
                }
                if let Some(r) = s.reblog.as_mut() {
                    if r.id == *id {
                        f(r);
                    }
                }
            }
        }
    }
}

/// The focused post's original (not the boost of it).
fn focused_original(state: &State) -> Option<Status> {
    super::navigate::focused_status(state).map(|s| s.original().clone())
}

/// `T`: translates the focused post, or hides its translation.
pub(super) fn translate(state: &mut State) -> Vec<Effect> {
    let account = state.active;
    let Some(s) = focused_original(state) else {
        return vec![];
    };
    if let Some(acc) = state.account_mut() {
        if acc.translations.remove(&s.id).is_some() {
            return vec![];
        }
    }
    state.toast(ToastKind::Info, "Translating…");
    vec![Effect::Translate { account, id: s.id }]
}

/// A translation arrived (shown under its post).
pub(super) fn translated(
    state: &mut State,
    account: usize,
    id: StatusId,
    result: Result<String, trompe_api::ApiError>,
) -> Vec<Effect> {
    match result {
        Ok(text) => {
            if let Some(acc) = state.accounts.get_mut(account) {
                acc.translations.insert(id, text);
            }
        }
        Err(e) => state.toast(ToastKind::Error, format!("Could not translate: {e}")),
    }
    vec![]
}

/// `V`: a menu of boost visibilities; on a boosted post, undoes the boost.
pub(super) fn boost_menu(state: &mut State) -> Vec<Effect> {
    let Some(s) = focused_original(state) else {
        return vec![];
    };
    if s.reblogged == Some(true) {
        // Already boosted: V undoes it, like b.
        return toggle(state, Command::Boost);
    }
    let items = [
        ("Boost publicly", BoostVisibility::Public),
        (
            "Boost unlisted (not in public timelines)",
            BoostVisibility::Unlisted,
        ),
        ("Boost to your followers only", BoostVisibility::Private),
    ]
    .into_iter()
    .map(|(label, v)| (label.to_string(), Action::BoostAs(v)))
    .collect();
    if let Some(acc) = state.account_mut() {
        acc.views.push(View::Menu(super::views::MenuView {
            title: "Boost".into(),
            items,
            selected: 0,
            check: None,
        }));
    }
    vec![]
}

/// `f`, `b`, `B`, `P`, `m`: favourite, boost, bookmark, pin or mute the
/// thread of the focused post, or undo it.
pub(super) fn toggle(state: &mut State, cmd: Command) -> Vec<Effect> {
    let Some(s) = focused_original(state) else {
        return vec![];
    };
    let op = match cmd {
        Command::Favourite => StatusOp::Favourite(s.favourited != Some(true)),
        Command::Boost => StatusOp::Boost(s.reblogged != Some(true)),
        Command::Pin => StatusOp::Pin(s.pinned != Some(true)),
        Command::MuteThread => StatusOp::MuteThread(s.muted != Some(true)),
        _ => StatusOp::Bookmark(s.bookmarked != Some(true)),
    };
    run_status_op(state, s, op)
}

/// A boost with the visibility chosen in the boost menu.
pub(super) fn boost_as(state: &mut State, visibility: BoostVisibility) -> Vec<Effect> {
    let Some(s) = focused_original(state) else {
        return vec![];
    };
    run_status_op(state, s, StatusOp::BoostAs(visibility))
}

/// Applies `op` to every copy of `s` at once and asks the server, unless
/// it cannot be done (pinning another's post, boosting a private one).
fn run_status_op(state: &mut State, s: Status, op: StatusOp) -> Vec<Effect> {
    let account = state.active;
    let mine = state
        .account()
        .and_then(|a| a.me.as_ref())
        .is_some_and(|m| m.id == s.account.id);
    if matches!(op, StatusOp::Pin(_)) && !mine {
        state.toast(ToastKind::Info, "Only your own posts can be pinned");
        return vec![];
    }
    if matches!(op, StatusOp::Boost(true) | StatusOp::BoostAs(_))
        && matches!(
            s.visibility,
            trompe_api::entities::Visibility::Private | trompe_api::entities::Visibility::Direct
        )
    {
        state.toast(
            ToastKind::Info,
            "Followers-only and direct posts cannot be boosted",
        );
        return vec![];
    }
    if let Some(acc) = state.account_mut() {
        acc.update_status(&s.id, |st| op.apply(st));
    }
    vec![Effect::StatusOp {
        account,
        id: s.id,
        op,
    }]
}

/// The server answered a toggle: its word wins, for what the request was
/// about; a failure rolls the change back.
pub(super) fn status_op_done(
    state: &mut State,
    account: usize,
    id: StatusId,
    op: StatusOp,
    result: Result<Box<Status>, trompe_api::ApiError>,
) -> Vec<Effect> {
    let server = match result {
        Ok(server) => *server,
        Err(e) => {
            if let Some(acc) = state.accounts.get_mut(account) {
                acc.update_status(&id, |st| op.inverse().apply(st));
            }
            state.toast(
                ToastKind::Error,
                format!("Could not {}: {e}", op.endpoint()),
            );
            return vec![];
        }
    };
    // The server's word wins (counts from other users, too).
    let fresh = match (op, server.reblog) {
        (StatusOp::Boost(true) | StatusOp::BoostAs(_), Some(orig)) => *orig,
        (_, _) if server.id == id => Status {
            reblog: None,
            ..server
        },
        _ => return vec![],
    };
    match op {
        StatusOp::Pin(true) => state.toast(ToastKind::Info, "Pinned to your profile"),
        StatusOp::Pin(false) => state.toast(ToastKind::Info, "Unpinned from your profile"),
        _ => {}
    }
    if let Some(acc) = state.accounts.get_mut(account) {
        // Only what this request is about: answers to concurrent
        // requests arrive in any order.
        acc.update_status(&id, |st| match op {
            StatusOp::Favourite(_) => {
                st.favourited = fresh.favourited;
                st.favourites_count = fresh.favourites_count;
            }
            StatusOp::Boost(_) | StatusOp::BoostAs(_) => {
                st.reblogged = fresh.reblogged;
                st.reblogs_count = fresh.reblogs_count;
            }
            StatusOp::Bookmark(_) => st.bookmarked = fresh.bookmarked,
            StatusOp::Pin(_) => st.pinned = fresh.pinned.or(st.pinned),
            StatusOp::MuteThread(_) => st.muted = fresh.muted.or(st.muted),
        });
    }
    vec![]
}

/// `D`, `E`: delete your post (or delete and redraft it), after asking.
pub(super) fn ask_delete(state: &mut State, redraft: bool) -> Vec<Effect> {
    let me = state
        .account()
        .and_then(|a| a.me.as_ref())
        .map(|m| m.id.clone());
    let Some(s) = focused_original(state) else {
        return vec![];
    };
    if me.as_ref() != Some(&s.account.id) {
        state.toast(ToastKind::Info, "Only your own posts can be deleted");
        return vec![];
    }
    let preview: String = trompe_api::html::strip_html(&s.content)
        .chars()
        .take(60)
        .collect();
    if let Some(acc) = state.account_mut() {
        acc.views.push(if redraft {
            View::Confirm {
                text: format!("Delete this post and write it again? “{preview}” (its boosts and favourites are lost)"),
                action: Box::new(Action::ConfirmedRedraft(s.id.clone())),
            }
        } else {
            View::Confirm {
                text: format!("Delete this post? “{preview}”"),
                action: Box::new(Action::ConfirmedDelete(s.id.clone())),
            }
        });
    }
    vec![]
}

/// The user confirmed deleting (or redrafting) a post.
pub(super) fn confirmed_delete(state: &mut State, id: StatusId, redraft: bool) -> Vec<Effect> {
    vec![Effect::DeleteStatus {
        account: state.active,
        id,
        redraft,
    }]
}

/// A delete finished: the post leaves every list; a redraft opens its
/// text in the compose pane.
pub(super) fn delete_done(
    state: &mut State,
    account: usize,
    id: StatusId,
    redraft: bool,
    result: Result<Option<Box<Status>>, trompe_api::ApiError>,
) -> Vec<Effect> {
    let deleted = match result {
        Ok(deleted) => deleted,
        Err(e) => {
            state.toast(ToastKind::Error, format!("Could not delete: {e}"));
            return vec![];
        }
    };
    super::stream::delete(state, account, &id);
    match deleted.filter(|_| redraft) {
        Some(s) if state.compose.is_none() => {
            let mut d = trompe_api::compose::Draft::redraft(&s, state.now);
            d.account = state.accounts.get(account).map(|a| a.label.clone());
            state.compose = Some(super::views::compose::ComposeState::new(account, d));
            state.toast(ToastKind::Info, "Deleted — edit and send it again");
        }
        _ => state.toast(ToastKind::Info, "Deleted"),
    }
    vec![]
}

/// `+`, `M`, `X`: follow, mute (for how long? a menu) or block (after
/// asking) the focused account, or undo it.
pub(super) fn account_command(state: &mut State, cmd: Command) -> Vec<Effect> {
    let account = state.active;
    let Some((target, rel)) = focused_account(state) else {
        return vec![];
    };
    if state
        .account()
        .and_then(|a| a.me.as_ref())
        .is_some_and(|m| m.id == target.id)
    {
        state.toast(ToastKind::Info, "That is you");
        return vec![];
    }
    let op = match (cmd, &rel) {
        (Command::Follow, Some(r)) if r.following || r.requested => AccountOp::Unfollow,
        (Command::Follow, _) => AccountOp::Follow,
        (Command::Mute, Some(r)) if r.muting => AccountOp::Unmute,
        (Command::Mute, _) => AccountOp::Mute,
        (_, Some(r)) if r.blocking => AccountOp::Unblock,
        _ => AccountOp::Block,
    };
    let view = match op {
        AccountOp::Mute => mute_menu(&target),
        AccountOp::Block => View::Confirm {
            text: format!(
                "Block @{}? They will not see your posts nor reach you.",
                trompe_api::html::sanitize_line(&target.acct)
            ),
            action: Box::new(Action::ConfirmedAccountOp {
                id: target.id.clone(),
                op,
            }),
        },
        _ => {
            return vec![Effect::AccountOp {
                account,
                id: target.id,
                op,
            }];
        }
    };
    if let Some(acc) = state.account_mut() {
        acc.views.push(view);
    }
    vec![]
}

/// How long to mute `target` for, with its notifications or not.
fn mute_menu(target: &trompe_api::entities::Account) -> View {
    let durations: [(&str, Option<u64>); 7] = [
        ("For ever", None),
        ("For 30 minutes", Some(1_800)),
        ("For an hour", Some(3_600)),
        ("For 6 hours", Some(21_600)),
        ("For a day", Some(86_400)),
        ("For 3 days", Some(259_200)),
        ("For a week", Some(604_800)),
    ];
    let items = durations
        .into_iter()
        .map(|(label, secs)| {
            (
                label.to_string(),
                Action::ConfirmedSocial(super::effect::SocialOp::MuteFor {
                    id: target.id.clone(),
                    secs,
                    notifications: true,
                }),
            )
        })
        .collect();
    View::Menu(super::views::MenuView {
        title: format!("Mute @{}", trompe_api::html::sanitize_line(&target.acct)),
        items,
        selected: 0,
        check: Some(("Hide their notifications too".into(), true)),
    })
}

/// The user confirmed an account action (a block).
pub(super) fn confirmed_account_op(
    state: &mut State,
    id: trompe_api::entities::AccountId,
    op: AccountOp,
) -> Vec<Effect> {
    vec![Effect::AccountOp {
        account: state.active,
        id,
        op,
    }]
}

/// A follow, mute or block finished: the profile and lists that show the
/// account take the new relationship.
pub(super) fn relationship_changed(
    state: &mut State,
    account: usize,
    what: String,
    result: Result<Box<trompe_api::entities::Relationship>, trompe_api::ApiError>,
) -> Vec<Effect> {
    let rel = match result {
        Ok(rel) => rel,
        Err(e) => {
            state.toast(ToastKind::Error, format!("Could not do it: {e}"));
            return vec![];
        }
    };
    if let Some(acc) = state.accounts.get_mut(account) {
        for v in acc.views.iter_mut() {
            match v {
                View::Profile(p) if p.account.id == rel.id => {
                    p.relationship = Some((*rel).clone());
                }
                View::People(p) if p.items.iter().any(|a| a.id == rel.id) => {
                    p.relationships.insert(rel.id.clone(), (*rel).clone());
                }
                _ => {}
            }
        }
    }
    let node = state.accounts.get(account).is_some_and(|a| a.node);
    let note = if rel.requested && node {
        " (the answer comes to the node's inbox: S shows it)"
    } else if rel.requested {
        " (request sent: the account approves followers)"
    } else {
        ""
    };
    state.toast(ToastKind::Info, format!("{what}{note}"));
    vec![]
}

/// `Y`: the focused post's text (with its content warning) to the clipboard.
pub(super) fn copy_text(state: &mut State) -> Vec<Effect> {
    let Some(s) = focused_original(state) else {
        return vec![];
    };
    let body = trompe_api::html::html_to_text(&s.content);
    let text = if s.spoiler_text.is_empty() {
        body
    } else {
        format!("CW: {}\n\n{body}", s.spoiler_text)
    };
    state.toast(ToastKind::Info, "Text copied");
    vec![Effect::Copy { text }]
}

/// `y`: the focused post's link to the clipboard.
pub(super) fn copy_link(state: &mut State) -> Vec<Effect> {
    let Some(s) = super::navigate::focused_status(state) else {
        return vec![];
    };
    let url = s
        .original()
        .url
        .clone()
        .unwrap_or_else(|| s.original().uri.clone());
    state.toast(ToastKind::Info, "Link copied");
    vec![Effect::Copy { text: url }]
}

/// `W`: on a profile, its followers; on a post, who favourited it.
pub(super) fn show_who(state: &mut State) -> Vec<Effect> {
    if let Some(View::Profile(p)) = state.account().and_then(|a| a.views.last()) {
        let kind = super::views::people::PeopleKind::followers(&p.account);
        return super::views::people::open_people(state, kind);
    }
    let Some(s) = focused_original(state) else {
        return vec![];
    };
    super::views::people::open_people(state, super::views::people::PeopleKind::FavouritedBy(s.id))
}

/// `H`: the focused post's edit history, as a text page.
pub(super) fn show_history(state: &mut State) -> Vec<Effect> {
    let account = state.active;
    let Some(s) = focused_original(state) else {
        return vec![];
    };
    if s.edited_at.is_none() {
        state.toast(ToastKind::Info, "This post was never edited");
        return vec![];
    }
    if let Some(acc) = state.account_mut() {
        acc.views.push(View::Raw {
            text: "Loading…".into(),
            scroll: 0,
        });
    }
    vec![Effect::LoadHistory { account, id: s.id }]
}

/// A text page's text arrived (the edit history).
pub(super) fn text_loaded(
    state: &mut State,
    account: usize,
    result: Result<String, trompe_api::ApiError>,
) -> Vec<Effect> {
    let text = match result {
        Ok(t) => t,
        Err(e) => format!("Could not load it: {e}"),
    };
    if let Some(View::Raw { text: t, .. }) = state
        .accounts
        .get_mut(account)
        .and_then(|a| a.views.last_mut())
    {
        *t = text;
    }
    vec![]
}

/// `J`: the focused post's raw JSON, as a text page.
pub(super) fn show_json(state: &mut State) -> Vec<Effect> {
    let Some(s) = super::navigate::focused_status(state) else {
        return vec![];
    };
    let text = serde_json::to_string_pretty(s).unwrap_or_default();
    if let Some(acc) = state.account_mut() {
        acc.views.push(View::Raw { text, scroll: 0 });
    }
    vec![]
}
