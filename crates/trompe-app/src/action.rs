//! Actions: intents from keys and results from effects.

use time::OffsetDateTime;

use trompe_api::ApiError;
use trompe_api::entities::{Account, Instance, Notification, Status, StatusId};

use super::effect::RequestId;
use super::keymap::Command;
use super::timeline::Viewport;

/// Which end of a timeline a load fills.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LoadDirection {
    /// The first page (replaces what is there).
    Initial,
    /// Newer items, above the top (`min_id`).
    Newer,
    /// Older items, below the bottom (the `next` link).
    Older,
}

/// A loaded page of a tab: statuses or notifications, and the cursor to older ones.
#[derive(Debug, Clone)]
pub struct LoadedPage {
    pub items: PageItems,
    pub next: Option<url::Url>,
    /// For grouped notifications: notification id → who else is in its group.
    pub groups: Vec<(String, NotificationGroupInfo)>,
}

/// A profile as loaded: the account, the relationship with it (when the
/// server tells), and its pinned posts.
pub type ProfileData = (
    Box<Account>,
    Option<trompe_api::entities::Relationship>,
    Vec<trompe_api::entities::Status>,
);

/// A group of notifications shown as one ("Zoë and 3 others favourited…").
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct NotificationGroupInfo {
    /// How many notifications the group holds.
    pub count: u64,
    /// Display names of the sample accounts, newest first.
    pub names: Vec<String>,
}

/// The items of a loaded page (also what the local cache keeps of a tab).
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub enum PageItems {
    Statuses(Vec<Status>),
    Notifications(Vec<Notification>),
    Conversations(Vec<trompe_api::entities::Conversation>),
}

impl PageItems {
    /// How many items the page holds.
    pub fn len(&self) -> usize {
        match self {
            PageItems::Statuses(v) => v.len(),
            PageItems::Notifications(v) => v.len(),
            PageItems::Conversations(v) => v.len(),
        }
    }

    /// Whether it holds none.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Keeps the first `n` items.
    pub fn truncate(&mut self, n: usize) {
        match self {
            PageItems::Statuses(v) => v.truncate(n),
            PageItems::Notifications(v) => v.truncate(n),
            PageItems::Conversations(v) => v.truncate(n),
        }
    }

    /// The ids, in order.
    pub fn ids(&self) -> Vec<String> {
        match self {
            PageItems::Statuses(v) => v.iter().map(|s| s.id.as_str().to_string()).collect(),
            PageItems::Notifications(v) => v.iter().map(|n| n.id.as_str().to_string()).collect(),
            PageItems::Conversations(v) => v.iter().map(|c| c.id.as_str().to_string()).collect(),
        }
    }
}

/// The streaming connection's state, shown in the status bar.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StreamStatus {
    /// Not connected (yet).
    Offline,
    /// Connecting for the first time.
    Connecting,
    /// Connected and subscribed.
    Live,
    /// Lost; reconnecting, with the attempt number.
    Reconnecting { attempt: u32 },
    /// Streaming unavailable; polling instead.
    Polling,
}

/// A key in a text field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TextKey {
    Char(char),
    /// A control chord (`ctrl-s` is `Ctrl('s')`).
    Ctrl(char),
    Tab,
    Delete,
    Left,
    Right,
    Up,
    Down,
    Home,
    End,
    WordLeft,
    WordRight,
    /// Pasted text, inserted as one edit.
    Paste(String),
    Backspace,
    Enter,
    Esc,
}

/// Everything that can happen to the application.
#[derive(Debug, Clone)]
pub enum Action {
    /// A command, from the keymap (what the user asked for).
    Command(Command),
    /// A key with no binding (shown briefly, never an error).
    UnboundKey(String),
    /// Boost with this visibility.
    BoostAs(super::interact::BoostVisibility),
    /// The user confirmed an account action.
    ConfirmedAccountOp {
        id: trompe_api::entities::AccountId,
        op: super::interact::AccountOp,
    },
    /// The policy and requests arrived.
    RequestsLoaded {
        account: usize,
        result: Result<
            (
                Box<trompe_api::entities::NotificationPolicy>,
                Vec<trompe_api::entities::NotificationRequest>,
            ),
            ApiError,
        >,
    },
    /// The filters, after `done` (a change, in words) if any.
    FiltersLoaded {
        account: usize,
        done: Option<String>,
        result: Result<Vec<trompe_api::entities::Filter>, ApiError>,
    },
    /// A confirmed filter change (deleting one).
    FilterChangeConfirmed(super::views::filters::FilterChange),
    /// A page of a list of accounts.
    PeopleLoaded {
        account: usize,
        request: RequestId,
        result: Result<super::views::people::PeoplePage, ApiError>,
    },
    /// The scheduled posts.
    ScheduledLoaded {
        account: usize,
        result: Result<Vec<trompe_api::entities::ScheduledStatus>, ApiError>,
    },
    /// The user's lists.
    ListsLoaded {
        account: usize,
        result: Result<Vec<trompe_api::entities::List>, ApiError>,
    },
    /// A list of hashtags.
    TagsLoaded {
        account: usize,
        kind: super::views::tags::TagsKind,
        result: Result<Vec<trompe_api::entities::Tag>, ApiError>,
    },
    TextLoaded {
        account: usize,
        result: Result<String, ApiError>,
    },
    /// The user confirmed a management action.
    ConfirmedSocial(super::effect::SocialOp),
    /// A translation arrived.
    Translated {
        account: usize,
        id: StatusId,
        result: Result<String, ApiError>,
    },
    /// The user confirmed clearing every notification.
    ConfirmedClearNotifications,
    /// The user confirmed deleting this post.
    ConfirmedDelete(StatusId),
    /// The user confirmed delete-and-redraft.
    ConfirmedRedraft(StatusId),
    /// A key typed into a text field.
    Text(TextKey),

    // Environment.
    Resize {
        width: u16,
        height: u16,
    },
    Tick(OffsetDateTime),
    /// SIGTERM or SIGHUP: the open draft is saved, then the app quits.
    Terminate,
    /// The renderer reports what it laid out (first card, cards shown).
    Viewport {
        tab: usize,
        viewport: Viewport,
    },
    /// The terminal regained focus.
    FocusGained,

    // Results.
    TimelineLoaded {
        account: usize,
        tab: usize,
        request: RequestId,
        direction: LoadDirection,
        result: Result<LoadedPage, ApiError>,
    },
    CredentialsLoaded {
        account: usize,
        result: Result<Box<Account>, ApiError>,
    },
    /// The stream says the staff posted an announcement.
    AnnouncementArrived {
        account: usize,
    },
    AnnouncementsLoaded {
        account: usize,
        result: Result<Vec<trompe_api::entities::Announcement>, ApiError>,
    },
    InstanceLoaded {
        account: usize,
        result: Result<Box<Instance>, ApiError>,
    },
    /// A status arrived over the stream for a timeline stream name.
    StreamUpdate {
        account: usize,
        stream: String,
        status: Box<Status>,
    },
    /// A status was edited.
    StreamStatusUpdate {
        account: usize,
        status: Box<Status>,
    },
    /// A notification arrived over the stream.
    /// A conversation with a new direct message.
    StreamConversation {
        account: usize,
        conversation: Box<trompe_api::entities::Conversation>,
    },
    StreamNotification {
        account: usize,
        notification: Box<Notification>,
    },
    /// The server's filters changed: reload what is shown.
    FiltersChanged {
        account: usize,
    },
    /// A status was deleted.
    StreamDelete {
        account: usize,
        id: StatusId,
    },
    /// The stream's state changed.
    StreamState {
        account: usize,
        status: StreamStatus,
    },
    /// A background action on the server finished (follow request, dismiss…).
    ServerActionDone {
        account: usize,
        what: String,
        result: Result<(), ApiError>,
    },
    /// A change to the user's own profile finished: the updated account,
    /// and `what` to tell on success.
    ProfileUpdated {
        account: usize,
        what: String,
        result: Result<Box<Account>, trompe_api::endpoints::profile::ProfileError>,
    },
    /// A favourite/boost/bookmark request finished.
    StatusOpDone {
        account: usize,
        id: StatusId,
        op: super::interact::StatusOp,
        result: Result<Box<Status>, ApiError>,
    },
    /// A follow/mute/block request finished with the new relationship.
    RelationshipChanged {
        account: usize,
        what: String,
        result: Result<Box<trompe_api::entities::Relationship>, ApiError>,
    },
    /// A delete request finished; with `redraft`, the deleted post (its
    /// source text) opens in the compose pane.
    DeleteDone {
        account: usize,
        id: StatusId,
        redraft: bool,
        result: Result<Option<Box<Status>>, ApiError>,
    },
    /// Completions for a word typed in the compose pane.
    Suggestions {
        word: String,
        items: Vec<String>,
    },
    /// A path typed in the compose pane, completed from the file system.
    PathCompleted {
        partial: String,
        completed: String,
    },
    /// The external editor closed: the new text of the draft `draft`, or
    /// why there is none.
    EditorDone {
        draft: String,
        result: Result<String, String>,
    },
    /// The instance's languages (for the compose pane's picker).
    LanguagesLoaded {
        account: usize,
        result: Result<Vec<trompe_api::entities::Language>, trompe_api::ApiError>,
    },
    /// How a send is going (uploads, posting).
    SendProgress(String),
    /// A draft was sent (`Ok(url)`) or not (`Err(message)`); `draft` is the
    /// draft as the send left it (uploaded media recorded).
    DraftSent {
        account: usize,
        draft: Box<trompe_api::compose::Draft>,
        result: Result<Option<String>, String>,
    },
    /// The drafts on disk, for the drafts view.
    DraftsListed(Vec<trompe_api::compose::Draft>),
    /// Unsent drafts found on disk at start-up.
    DraftsFound(Vec<trompe_api::compose::Draft>),
    /// The read positions arrived (home, notifications).
    MarkersLoaded {
        account: usize,
        result: Result<(Option<String>, Option<String>), ApiError>,
    },
    /// A thread's context arrived.
    ContextLoaded {
        account: usize,
        request: RequestId,
        result: Result<Box<trompe_api::entities::Context>, ApiError>,
    },
    /// A profile's account and relationship arrived.
    ProfileLoaded {
        account: usize,
        result: Result<ProfileData, ApiError>,
    },
    /// Search results arrived.
    SearchLoaded {
        account: usize,
        request: RequestId,
        result: Result<Box<trompe_api::entities::SearchResults>, ApiError>,
    },
    /// A vote was counted (the updated poll) or refused.
    PollVoted {
        account: usize,
        status: StatusId,
        result: Result<Box<trompe_api::entities::Poll>, ApiError>,
    },
    /// Open a tab (from a command that needed the server, e.g. a list by name).
    OpenTab {
        account: usize,
        kind: super::timeline::TabKind,
    },
    /// An account was found for a command (`profile @x`, `user @x`).
    AccountFound {
        account: usize,
        then: super::effect::AfterLookup,
        result: Result<Box<Account>, ApiError>,
    },
    /// Open the login form with the instance filled in (a visitor's
    /// "log in now?").
    OpenLogin {
        instance: String,
    },
    /// The login flow moved on.
    LoginProgress(crate::views::login::LoginPhase),
    /// The login failed; the form stays open with the message.
    LoginFailed(String),
    /// A new account is logged in and ready.
    LoginSucceeded {
        label: String,
        host: String,
        client: trompe_api::Client,
    },
    /// The node's subscriptions, and how a change went (`said`).
    SubscriptionsLoaded {
        account: usize,
        result: Result<Vec<crate::views::subscriptions::SubscriptionRow>, String>,
        said: Option<Result<String, String>>,
    },
    /// The node's subscriptions changed (an answer to a follow came).
    SubscriptionsChanged {
        account: usize,
    },
    /// The user said yes to unfollowing this target from the node.
    ConfirmedUnsubscribe(String),
    /// The plan of a `:move`, or why there is none.
    MovePlanned {
        from: usize,
        to: usize,
        result: Result<crate::moving::MovePlan, String>,
    },
    /// The mouse: what it did and what was under the pointer.
    Mouse {
        kind: crate::mouse::MouseKind,
        hit: crate::mouse::Hit,
    },
    /// The user said yes to the move.
    ConfirmedMove {
        from: usize,
        to: usize,
    },
    /// A stage of the move began (in words).
    MoveProgress {
        text: String,
    },
    /// Something to tell the user that is not a server's answer (a link
    /// that no browser could open).
    Say {
        error: bool,
        text: String,
    },
    /// The move ended: its report, or why it stopped.
    MoveDone {
        from: usize,
        to: usize,
        result: Result<Vec<String>, String>,
    },
    /// Pictures the screen wanted and did not have (custom emoji drawn as
    /// pictures): each is fetched once.
    ImagesWanted(Vec<String>),
    /// An image preview was fetched and decoded, or could not be.
    ImageLoaded {
        url: String,
        result: Result<super::images::PreviewImage, String>,
    },
}
