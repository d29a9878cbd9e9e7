//! Effects: what `update` asks the runner to do.

use trompe_api::PageQuery;

use super::action::LoadDirection;
use super::timeline::TabKind;

/// Tags a request so stale results can be dropped.
pub type RequestId = u64;

/// What to do with an account found by a lookup.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AfterLookup {
    Profile,
    Posts {
        replies: bool,
        media: bool,
    },
    /// Its followers, or (`following`) whom it follows.
    People {
        following: bool,
    },
}

/// Account and list management run from the command line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SocialOp {
    /// Mute an account, for `secs` (or for ever), with or without its notifications.
    MuteFor {
        id: trompe_api::entities::AccountId,
        secs: Option<u64>,
        notifications: bool,
    },
    BlockDomain(String),
    ListAdd {
        list: String,
        id: trompe_api::entities::AccountId,
    },
    ListRemove {
        list: String,
        id: trompe_api::entities::AccountId,
    },
    FollowTag(String),
    UnfollowTag(String),
    /// Cancelling a scheduled post, and moving one to another time.
    CancelScheduled(String),
    Reschedule {
        id: String,
        at: time::OffsetDateTime,
        zone: trompe_api::compose::Zone,
    },
    /// Lists: create, rename, delete.
    CreateList(String),
    RenameList {
        from: String,
        to: String,
    },
    DeleteList(String),
    /// A list's replies policy (`followed`, `list`, `none`) and whether it
    /// is exclusive (its members kept out of home).
    ListSettings {
        name: String,
        replies: Option<String>,
        exclusive: Option<bool>,
    },
    /// A private note on an account (empty clears it).
    Note {
        id: trompe_api::entities::AccountId,
        text: String,
    },
    /// Follow settings: notify on new posts, show their boosts.
    FollowSettings {
        id: trompe_api::entities::AccountId,
        notify: Option<bool>,
        boosts: Option<bool>,
    },
    /// A change to the user's own profile (`:me …`).
    UpdateProfile(super::profile::ProfileChange),
}

/// A change to the node's subscriptions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SubscriptionChange {
    /// Follow an account (`@user@host` or actor URL), or with `relay`
    /// subscribe to a relay.
    Follow { target: String, relay: bool },
    /// Undo a follow or a subscription.
    Unfollow(String),
}

/// A change to the filtered notifications.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RequestsChange {
    Policy { key: String, value: String },
    Accept(String),
    Dismiss(String),
}

/// Side effects, run by `effects::run` as tokio tasks.
#[derive(Debug, Clone)]
pub enum Effect {
    /// Fetch a page of a list of accounts (the first, or the one at `url`),
    /// with the relationships to them.
    LoadPeople {
        account: usize,
        request: RequestId,
        kind: super::views::people::PeopleKind,
        url: Option<url::Url>,
    },
    /// Apply a change to the filters (if any), then load them.
    Filters {
        account: usize,
        change: Option<super::views::filters::FilterChange>,
    },
    /// Load the federation node's subscriptions, after applying `change`.
    NodeSubscriptions {
        account: usize,
        change: Option<SubscriptionChange>,
    },
    /// Fetch the scheduled posts.
    LoadScheduled { account: usize },
    /// Fetch the user's lists.
    LoadLists { account: usize },
    /// Fetch a list of hashtags.
    LoadTags {
        account: usize,
        kind: super::views::tags::TagsKind,
    },
    /// Fetch a page of a timeline.
    LoadTimeline {
        account: usize,
        tab: usize,
        request: RequestId,
        kind: TabKind,
        direction: LoadDirection,
        query: PageQuery,
        /// The `Link` URL to follow instead of building a query.
        url: Option<url::Url>,
    },
    /// Who am I (for the status bar).
    VerifyCredentials { account: usize },
    /// The instance's limits and streaming URL.
    LoadInstance { account: usize },
    /// The instance's announcements.
    LoadAnnouncements { account: usize },
    /// Mark announcements read.
    DismissAnnouncements {
        account: usize,
        ids: Vec<trompe_api::entities::AnnouncementId>,
    },
    /// Open the account's streaming connection with these streams.
    StartStreaming {
        account: usize,
        streams: Vec<String>,
    },
    /// Reconnect the stream now (refresh key, focus regained).
    ReconnectStream { account: usize },
    /// Start logging in to `instance` (a domain, URL or handle).
    StartLogin { instance: String },
    /// The code the user pasted.
    LoginCode { code: String },
    /// Abandon a running login.
    CancelLogin,
    /// A new account's client: the runner serves it at index `account`.
    AddClient {
        account: usize,
        client: trompe_api::Client,
    },
    /// Add or remove a stream (a tab opened or closed).
    Subscribe {
        account: usize,
        stream: String,
        on: bool,
    },
    /// A POST with no interesting answer (accept a follow request, dismiss…),
    /// reported back as `ServerActionDone` with `what`.
    PostAction {
        account: usize,
        path: String,
        what: String,
    },
    /// Write a draft to the drafts directory.
    SaveDraft {
        draft: Box<trompe_api::compose::Draft>,
    },
    /// Remove a draft (sent, or emptied).
    DeleteDraft { id: String },
    /// Post (or edit, or schedule) a draft.
    SendDraft {
        account: usize,
        draft: Box<trompe_api::compose::Draft>,
        /// The instance's limits, as the pane already knows them.
        limits: Box<trompe_api::compose::Limits>,
    },
    /// Fetch the read positions.
    LoadMarkers { account: usize },
    /// Save the read positions.
    SaveMarkers {
        account: usize,
        home: Option<String>,
        notifications: Option<String>,
    },
    /// Suggest completions for `@acct`, `#tag` or `:emoji` being typed.
    Complete { account: usize, word: String },
    /// Fetch the instance's languages (code and name).
    LoadLanguages { account: usize },
    /// Edit the draft `draft`'s text in `$VISUAL`/`$EDITOR`. Run by the
    /// event loop (it owns the terminal, which it suspends meanwhile); the
    /// result comes back as `Action::EditorDone`.
    ExternalEditor { draft: String, text: String },
    /// Complete a file path (the longest common prefix of the matches).
    CompletePath { partial: String },
    /// List the drafts for the drafts view.
    ListDrafts,
    /// Look for unsent drafts at start-up.
    LoadDrafts,
    /// Favourite/boost/bookmark (or undo) a status.
    StatusOp {
        account: usize,
        id: trompe_api::entities::StatusId,
        op: super::interact::StatusOp,
    },
    /// Follow, unfollow, mute, unmute, block or unblock an account.
    AccountOp {
        account: usize,
        id: trompe_api::entities::AccountId,
        op: super::interact::AccountOp,
    },
    /// Fetch a status's edit history as a text page.
    LoadHistory {
        account: usize,
        id: trompe_api::entities::StatusId,
    },
    /// Load the notification policy and the held requests; first apply
    /// `change` (a policy key and value, or accepting/dismissing a request).
    Requests {
        account: usize,
        change: Option<RequestsChange>,
    },
    /// Put text on the clipboard with OSC 52.
    Copy { text: String },
    /// Account, list and tag management.
    Social { account: usize, op: SocialOp },
    /// Translate a status.
    Translate {
        account: usize,
        id: trompe_api::entities::StatusId,
    },
    /// Delete a status.
    DeleteStatus {
        account: usize,
        id: trompe_api::entities::StatusId,
        /// Keep the answer (the source text) to redraft it.
        redraft: bool,
    },
    /// Fetch a status's context for a thread view.
    LoadContext {
        account: usize,
        request: RequestId,
        id: trompe_api::entities::StatusId,
    },
    /// Fetch an account and the relationship with it.
    LoadProfile {
        account: usize,
        id: trompe_api::entities::AccountId,
    },
    /// Search (v2, resolving remote URLs and handles).
    Search {
        account: usize,
        request: RequestId,
        query: String,
    },
    /// Vote in a poll.
    Vote {
        account: usize,
        status: trompe_api::entities::StatusId,
        poll: trompe_api::entities::PollId,
        choices: Vec<usize>,
    },
    /// Open a URL outside (browser or the configured opener).
    OpenUrl { url: String },
    /// Find a list by title and open it as a tab.
    OpenListNamed { account: usize, name: String },
    /// Look an account up by `@user@domain`.
    LookupAccount {
        account: usize,
        acct: String,
        then: AfterLookup,
    },
    /// Download and decode an image preview (no account token is sent: the
    /// file may live on any host).
    FetchImage { url: String },
    /// Plan a move of everything but posts from account `from` to `to`:
    /// an export of `from`, then a dry-run import into `to`.
    MovePlan { from: usize, to: usize },
    /// Carry out that move.
    Move { from: usize, to: usize },
    /// Keep the `:` command history (oldest first) for the next run.
    SaveHistory { lines: Vec<String> },
    /// Keep the tabs' settings (boosts and replies hidden, by tab title)
    /// for the next run, in `tabs.json` of the data directory.
    SaveTabSettings {
        settings: std::collections::BTreeMap<String, (bool, bool)>,
    },
    /// Keep the newest page of each of an account's tabs in its local
    /// cache (the data directory), off the UI task.
    SaveCache {
        account: usize,
        /// The account's cache key (`AccountState::cache_key`).
        key: String,
        snapshot: Box<super::cache::Snapshot>,
    },
    /// Stop the process to the shell (Ctrl-Z); `fg` resumes it. The
    /// terminal loop does it: it gives the terminal back first.
    SuspendProcess,
    /// Leave the event loop.
    Quit,
    /// Apply this action next, as a follow-up of the one being applied
    /// (the action a confirm dialog asked about, a menu's chosen item).
    /// Consumed by `update` itself: it never reaches the runner.
    Then(Box<super::action::Action>),
}

impl Effect {
    /// The account an effect is for, when it is for one.
    pub fn account(&self) -> Option<usize> {
        Some(match self {
            Effect::LoadPeople { account, .. }
            | Effect::Filters { account, .. }
            | Effect::LoadScheduled { account }
            | Effect::LoadLists { account }
            | Effect::LoadTags { account, .. }
            | Effect::LoadTimeline { account, .. }
            | Effect::VerifyCredentials { account }
            | Effect::LoadInstance { account }
            | Effect::LoadAnnouncements { account }
            | Effect::DismissAnnouncements { account, .. }
            | Effect::StartStreaming { account, .. }
            | Effect::ReconnectStream { account }
            | Effect::Subscribe { account, .. }
            | Effect::PostAction { account, .. }
            | Effect::SendDraft { account, .. }
            | Effect::LoadMarkers { account }
            | Effect::SaveMarkers { account, .. }
            | Effect::Complete { account, .. }
            | Effect::LoadLanguages { account }
            | Effect::StatusOp { account, .. }
            | Effect::AccountOp { account, .. }
            | Effect::LoadHistory { account, .. }
            | Effect::Requests { account, .. }
            | Effect::Social { account, .. }
            | Effect::Translate { account, .. }
            | Effect::DeleteStatus { account, .. }
            | Effect::LoadContext { account, .. }
            | Effect::LoadProfile { account, .. }
            | Effect::Search { account, .. }
            | Effect::Vote { account, .. }
            | Effect::OpenListNamed { account, .. }
            | Effect::LookupAccount { account, .. }
            | Effect::NodeSubscriptions { account, .. } => *account,
            Effect::MovePlan { from, .. } | Effect::Move { from, .. } => *from,
            Effect::AddClient { .. }
            | Effect::StartLogin { .. }
            | Effect::LoginCode { .. }
            | Effect::CancelLogin
            | Effect::SaveDraft { .. }
            | Effect::DeleteDraft { .. }
            | Effect::ExternalEditor { .. }
            | Effect::CompletePath { .. }
            | Effect::ListDrafts
            | Effect::LoadDrafts
            | Effect::Copy { .. }
            | Effect::OpenUrl { .. }
            | Effect::FetchImage { .. }
            | Effect::Quit
            | Effect::SuspendProcess
            | Effect::SaveHistory { .. }
            | Effect::SaveTabSettings { .. }
            | Effect::SaveCache { .. }
            | Effect::Then(_) => return None,
        })
    }
}
