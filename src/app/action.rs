//! Actions: intents from keys and results from effects.

use time::OffsetDateTime;

use crate::api::entities::{Account, Instance, Status, StatusId};
use crate::api::{ApiError, Page};

use super::effect::RequestId;
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
    /// Pasted text, inserted as one edit.
    Paste(String),
    Backspace,
    Enter,
    Esc,
}

/// Everything that can happen to the application.
#[derive(Debug, Clone)]
pub enum Action {
    // Intents, from the keymap.
    Quit,
    ScrollDown,
    ScrollUp,
    PageDown,
    PageUp,
    Top,
    Bottom,
    Refresh,
    ToggleHelp,
    ToggleCw,
    NextTab,
    PrevTab,
    /// Escape: close the topmost overlay.
    Back,
    /// A key with no binding (shown briefly, never an error).
    UnboundKey(String),
    /// Enter: choose the selected item.
    Select,
    /// Open or close the account switcher.
    ToggleSwitcher,
    /// A key typed into a text field.
    Text(TextKey),

    // Environment.
    Resize {
        width: u16,
        height: u16,
    },
    Tick(OffsetDateTime),
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
        result: Result<Page<Status>, ApiError>,
    },
    CredentialsLoaded {
        account: usize,
        result: Result<Box<Account>, ApiError>,
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
    /// The login flow moved on.
    LoginProgress(crate::app::state::LoginPhase),
    /// The login failed; the form stays open with the message.
    LoginFailed(String),
    /// A new account is logged in and ready.
    LoginSucceeded {
        label: String,
        host: String,
        client: crate::api::Client,
    },
}
