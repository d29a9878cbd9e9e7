//! Keys → commands, as data. A [`Command`] is what a user can ask for and
//! bind to a key; [`Keymap`] holds the bindings per [`Mode`]: the defaults
//! below, patched by the `[keys]` tables of `config.toml`
//! (`[keys.common] favourite = "L"`, `top = "g g"`). Keys are named as
//! strings (`"j"`, `"Down"`, `"ctrl-c"`), the terminal layer turns key
//! events into these names, and the help screen and every on-screen text
//! that names a key read the live keymap, so a remap shows everywhere.

use super::action::Action;

/// Declares [`Command`] from one table: each command's variant, its name in
/// `config.toml`, its help text and the [`Action`] it asks for.
macro_rules! commands {
    ($($variant:ident = $name:literal, $help:literal;)*) => {
        /// A bindable command. Each has a stable name (its config key), a
        /// help text, and the [`Action`] it asks `update` for.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Command {
            $(#[doc = $help] $variant,)*
        }

        impl Command {
            /// Every command, in help order.
            pub const ALL: &'static [Command] = &[$(Command::$variant),*];

            /// The name in `config.toml` (`[keys.common] favourite = "L"`).
            pub fn name(self) -> &'static str {
                match self {
                    $(Command::$variant => $name,)*
                }
            }

            /// What it does, for the help.
            pub fn help(self) -> &'static str {
                match self {
                    $(Command::$variant => $help,)*
                }
            }

            /// The action it asks `update` for.
            pub fn action(self) -> Action {
                Action::Command(self)
            }
        }
    };
}

commands! {
    ScrollDown = "scroll_down", "next status";
    ScrollUp = "scroll_up", "previous status";
    PageDown = "page_down", "page down";
    PageUp = "page_up", "page up";
    Top = "top", "newest (top)";
    Bottom = "bottom", "oldest loaded (bottom)";
    Refresh = "refresh", "refresh / retry / reconnect";
    ToggleCw = "toggle_cw", "show/hide CW and sensitive media";
    NextTab = "next_tab", "next tab";
    PrevTab = "prev_tab", "previous tab";
    Select = "select", "open thread / choose / accept request";
    ToggleSwitcher = "toggle_switcher", "switch account / add an account";
    CycleNotificationFilter = "cycle_notification_filter", "notifications: next type filter";
    Reject = "reject", "notifications: reject a follow request, or dismiss the notification";
    ClearNotifications = "clear_notifications", "notifications: clear all (asks first)";
    ShowRequests = "show_requests", "filtered notifications: requests and policy";
    Compose = "compose", "write a post (continues an unsent draft)";
    Reply = "reply", "reply";
    Quote = "quote", "quote the post (newer servers)";
    Edit = "edit", "edit your post";
    Favourite = "favourite", "favourite / unfavourite";
    Boost = "boost", "boost / unboost";
    BoostMenu = "boost_menu", "boost with a chosen visibility (public, unlisted, followers)";
    Bookmark = "bookmark", "bookmark / unbookmark";
    Redraft = "redraft", "delete and redraft your post (asks first)";
    Pin = "pin", "pin / unpin your post";
    MuteThread = "mute_thread", "mute / unmute the conversation";
    Translate = "translate", "translate the post (T again hides it)";
    Follow = "follow", "follow / unfollow the author";
    Mute = "mute", "mute the author (for how long?) / unmute";
    Block = "block", "block / unblock the author (asks first)";
    CopyLink = "copy_link", "copy the post's link (works over SSH)";
    CopyText = "copy_text", "copy the post's text";
    ShowHistory = "show_history", "the post's edit history";
    ShowWho = "show_who", "who favourited (Tab: boosted) the post; on a profile, its followers";
    ShowJson = "show_json", "the post's raw JSON";
    Delete = "delete", "delete your post (asks first)";
    OpenProfile = "open_profile", "author's profile";
    OpenLinks = "open_links", "open a link or attachment";
    OpenMentions = "open_mentions", "the post's mentions and hashtags (Enter opens one in trompe)";
    StartVote = "start_vote", "vote in the poll (v again to send)";
    StartSearch = "start_search", "search accounts, tags, posts, URLs";
    StartCommand = "start_command", "command (tag, list, bookmarks, user…)";
    CloseTab = "close_tab", "close the tab";
    ShowInstance = "show_instance", "about the instance";
    ToggleHelp = "toggle_help", "this help";
    Back = "back", "close / back";
    Quit = "quit", "quit";
    Suspend = "suspend", "suspend to the shell (fg brings trompe back)";
    Send = "send", "send (the draft stays if it fails)";
    CycleVisibility = "visibility", "visibility";
    ToggleSensitive = "sensitive", "sensitive media";
    PickLanguage = "language", "language (a list; type to filter)";
    ExternalEditor = "editor", "edit the text in $VISUAL / $EDITOR";
    Attach = "attach", "attach a file, alt text, focus";
    TogglePoll = "poll", "poll on / off";
    PollDuration = "poll_duration", "poll duration";
    PollKind = "poll_kind", "poll: single or multiple choice";
    PollTotals = "poll_totals", "poll: hide totals until the end";
    QuotePolicy = "quote_policy", "who may quote it (newer servers)";
    Schedule = "schedule", "schedule (+1h, 2026-12-01 09:00)";
    Undo = "undo", "undo";
    Redo = "redo", "redo";
    Confirm = "confirm", "confirm dialog: yes";
    Cancel = "cancel", "confirm dialog: no";
    DismissRequest = "dismiss_request", "dismiss the held request";
    RemoveAccount = "remove_account", "follow requests: reject the request; a list's members: remove from the list";
    CancelScheduled = "cancel_scheduled", "cancel the scheduled post (asks first)";
    DeleteList = "delete_list", "delete the list (asks first)";
    ListMembers = "list_members", "the list's members (add or remove them)";
    RenameList = "rename_list", "rename the list";
    ListReplies = "list_replies", "which replies the list shows (followed, list, none)";
    ListExclusive = "list_exclusive", "exclusive: its members' posts leave home";
    Reschedule = "reschedule", "move the scheduled post to another time";
    DeleteFilter = "delete_filter", "delete the filter (asks first)";
    DeleteDraft = "delete_draft", "delete the draft";
    DismissAnnouncements = "dismiss_announcements", "mark the announcements read";
    ShowSubscriptions = "subscriptions", "the federation node's subscriptions (on the node)";
    Subscribe = "subscribe", "follow an account or subscribe to a relay (:subscribe …)";
    Unsubscribe = "unsubscribe", "unfollow it (asks first)";
}

impl Command {
    /// The mode a command is bound in by default (the common one for a
    /// command with no default key).
    pub fn home_mode(self) -> Mode {
        DEFAULTS
            .iter()
            .find(|(_, c, _)| *c == self)
            .map_or(Mode::Common, |(m, _, _)| *m)
    }

    /// The command of a config name.
    pub fn from_name(name: &str) -> Option<Command> {
        Command::ALL.iter().copied().find(|c| c.name() == name)
    }
}

/// A set of bindings, consulted when its context is on top: the keys of
/// the view on top (the confirm dialog's, the scheduled posts', …) come
/// before the common ones (see `State::key_modes`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Mode {
    /// Everywhere (timelines, views), unless a more specific mode binds the key.
    Common,
    /// The yes/no question before a destructive action.
    Confirm,
    /// The compose pane (other keys type text; Esc, Tab, Enter and the
    /// editing keys stay as they are).
    Compose,
    /// Filtered notifications (the policy and the held requests).
    Requests,
    /// A list of accounts (followers, follow requests, a list's members, …).
    People,
    /// The scheduled posts.
    Scheduled,
    /// The list manager.
    Lists,
    /// The filter editor.
    Filters,
    /// The unsent drafts.
    Drafts,
    /// The instance page.
    Instance,
    /// The federation node's subscriptions.
    Subscriptions,
}

impl Mode {
    /// Every mode, in help order.
    pub const ALL: &'static [Mode] = &[
        Mode::Common,
        Mode::Confirm,
        Mode::Compose,
        Mode::Requests,
        Mode::People,
        Mode::Scheduled,
        Mode::Lists,
        Mode::Filters,
        Mode::Drafts,
        Mode::Instance,
        Mode::Subscriptions,
    ];

    /// The name of its table in `config.toml` (`[keys.common]`,
    /// `[keys.scheduled]`).
    pub fn name(self) -> &'static str {
        match self {
            Mode::Common => "common",
            Mode::Confirm => "confirm",
            Mode::Compose => "compose",
            Mode::Requests => "requests",
            Mode::People => "people",
            Mode::Scheduled => "scheduled",
            Mode::Lists => "lists",
            Mode::Filters => "filters",
            Mode::Drafts => "drafts",
            Mode::Instance => "instance",
            Mode::Subscriptions => "subscriptions",
        }
    }

    /// Where its keys act, as the help's section title says it.
    pub fn title(self) -> &'static str {
        match self {
            Mode::Common => "Everywhere",
            Mode::Confirm => "In a confirm dialog",
            Mode::Compose => "In the compose pane",
            Mode::Requests => "In the filtered notifications (:requests)",
            Mode::People => "In a list of accounts (:follow-requests, :members)",
            Mode::Scheduled => "In the scheduled posts (:scheduled)",
            Mode::Lists => "In the list manager (:lists)",
            Mode::Filters => "In the filters (:filters)",
            Mode::Drafts => "In the drafts (:drafts)",
            Mode::Instance => "On the instance page",
            Mode::Subscriptions => "In the node's subscriptions (:subscriptions)",
        }
    }
}

/// The default bindings, in help order: mode, command, key sequences (a
/// sequence is key names separated by spaces, `"g g"`).
pub const DEFAULTS: &[(Mode, Command, &[&str])] = &[
    (Mode::Common, Command::ScrollDown, &["j", "Down"]),
    (Mode::Common, Command::ScrollUp, &["k", "Up"]),
    (
        Mode::Common,
        Command::PageDown,
        &["PageDown", "ctrl-f", "Space"],
    ),
    (Mode::Common, Command::PageUp, &["PageUp", "ctrl-b"]),
    (Mode::Common, Command::Top, &["g", "Home"]),
    (Mode::Common, Command::Bottom, &["G", "End"]),
    (Mode::Common, Command::Refresh, &["r", "F5"]),
    (Mode::Common, Command::ToggleCw, &["z"]),
    (Mode::Common, Command::NextTab, &["Tab", "l", "Right"]),
    (Mode::Common, Command::PrevTab, &["BackTab", "h", "Left"]),
    (Mode::Common, Command::Select, &["Enter"]),
    (Mode::Common, Command::ToggleSwitcher, &["A"]),
    (Mode::Common, Command::CycleNotificationFilter, &["F"]),
    (Mode::Common, Command::Reject, &["x"]),
    (Mode::Common, Command::ClearNotifications, &["C"]),
    (Mode::Common, Command::ShowRequests, &["N"]),
    (Mode::Common, Command::Compose, &["c"]),
    (Mode::Common, Command::Reply, &["R"]),
    (Mode::Common, Command::Quote, &["Q"]),
    (Mode::Common, Command::Edit, &["e"]),
    (Mode::Common, Command::Favourite, &["f"]),
    (Mode::Common, Command::Boost, &["b"]),
    (Mode::Common, Command::BoostMenu, &["V"]),
    (Mode::Common, Command::Bookmark, &["B"]),
    (Mode::Common, Command::Redraft, &["E"]),
    (Mode::Common, Command::Pin, &["P"]),
    (Mode::Common, Command::MuteThread, &["m"]),
    (Mode::Common, Command::Translate, &["T"]),
    (Mode::Common, Command::Follow, &["+"]),
    (Mode::Common, Command::Mute, &["M"]),
    (Mode::Common, Command::Block, &["X"]),
    (Mode::Common, Command::CopyLink, &["y"]),
    (Mode::Common, Command::CopyText, &["Y"]),
    (Mode::Common, Command::ShowHistory, &["H"]),
    (Mode::Common, Command::ShowWho, &["W"]),
    (Mode::Common, Command::ShowJson, &["J"]),
    (Mode::Common, Command::Delete, &["D"]),
    (Mode::Common, Command::OpenProfile, &["p"]),
    (Mode::Common, Command::OpenLinks, &["o"]),
    (Mode::Common, Command::OpenMentions, &["@"]),
    (Mode::Common, Command::StartVote, &["v"]),
    (Mode::Common, Command::StartSearch, &["/"]),
    (Mode::Common, Command::StartCommand, &[":"]),
    (Mode::Common, Command::CloseTab, &["ctrl-w"]),
    (Mode::Common, Command::ShowInstance, &["I"]),
    (Mode::Common, Command::ToggleHelp, &["?"]),
    (Mode::Common, Command::Back, &["Esc"]),
    (Mode::Common, Command::Quit, &["q", "ctrl-c"]),
    (Mode::Common, Command::Suspend, &["ctrl-z"]),
    (Mode::Confirm, Command::Confirm, &["y", "Enter"]),
    (Mode::Confirm, Command::Cancel, &["n", "Esc"]),
    (Mode::Compose, Command::Send, &["ctrl-s"]),
    (Mode::Compose, Command::CycleVisibility, &["ctrl-v"]),
    (Mode::Compose, Command::ToggleSensitive, &["ctrl-k"]),
    (Mode::Compose, Command::PickLanguage, &["ctrl-l"]),
    (Mode::Compose, Command::ExternalEditor, &["ctrl-e"]),
    (Mode::Compose, Command::Attach, &["ctrl-o"]),
    (Mode::Compose, Command::TogglePoll, &["ctrl-p"]),
    (Mode::Compose, Command::PollDuration, &["ctrl-t"]),
    (Mode::Compose, Command::PollKind, &["ctrl-u"]),
    (Mode::Compose, Command::PollTotals, &["ctrl-r"]),
    (Mode::Compose, Command::QuotePolicy, &["ctrl-g"]),
    (Mode::Compose, Command::Schedule, &["ctrl-d"]),
    (Mode::Compose, Command::Undo, &["ctrl-z"]),
    (Mode::Compose, Command::ToggleHelp, &["F1"]),
    (Mode::Compose, Command::Redo, &["ctrl-y"]),
    (Mode::Requests, Command::DismissRequest, &["x"]),
    (Mode::People, Command::RemoveAccount, &["x"]),
    (Mode::Scheduled, Command::CancelScheduled, &["x"]),
    (Mode::Lists, Command::DeleteList, &["x"]),
    (Mode::Lists, Command::ListMembers, &["W"]),
    (Mode::Lists, Command::RenameList, &["e"]),
    (Mode::Lists, Command::ListReplies, &["F"]),
    (Mode::Lists, Command::ListExclusive, &["Tab", "S-Tab"]),
    (Mode::Scheduled, Command::Reschedule, &["e", "Enter"]),
    (Mode::Filters, Command::DeleteFilter, &["x"]),
    (Mode::Drafts, Command::DeleteDraft, &["x"]),
    (Mode::Instance, Command::DismissAnnouncements, &["x"]),
    (Mode::Common, Command::ShowSubscriptions, &["S"]),
    (Mode::Subscriptions, Command::Subscribe, &["+", "a"]),
    (Mode::Subscriptions, Command::Unsubscribe, &["x"]),
];

/// The keys the compose pane acts on by default (`ctrl-s` sends, …): when a
/// remap frees one, pressing it does nothing instead of its old action.
pub fn compose_default_key(key: &str) -> bool {
    DEFAULTS
        .iter()
        .any(|(m, _, keys)| *m == Mode::Compose && keys.contains(&key))
}

/// Named keys besides single characters and `ctrl-` plus a character.
const NAMED_KEYS: &[&str] = &[
    "Enter",
    "Esc",
    "Tab",
    "BackTab",
    "Backspace",
    "Delete",
    "Up",
    "Down",
    "Left",
    "Right",
    "Home",
    "End",
    "PageUp",
    "PageDown",
    "Space",
];

/// The key name as events produce it, from its name in a config file
/// (`Space` is `" "`); `None` when it names no key.
pub fn parse_key(name: &str) -> Option<String> {
    if name == "Space" {
        return Some(" ".into());
    }
    if NAMED_KEYS.contains(&name) {
        return Some(name.to_string());
    }
    if let Some(n) = name.strip_prefix('F') {
        if let Ok(n) = n.parse::<u8>() {
            return (1..=24).contains(&n).then(|| name.to_string());
        }
    }
    let plain = name.strip_prefix("ctrl-").unwrap_or(name);
    let mut chars = plain.chars();
    match (chars.next(), chars.next()) {
        // A space is written `Space`.
        (Some(c), None) if !c.is_control() && c != ' ' => Some(name.to_string()),
        _ => None,
    }
}

/// How a key name is shown in the help and in hints.
pub fn display_key(key: &str) -> &str {
    match key {
        " " => "Space",
        "BackTab" => "S-Tab",
        other => other,
    }
}

/// A key sequence as shown: `g g`, `ctrl-w`.
fn display_sequence(seq: &[String]) -> String {
    seq.iter()
        .map(|k| display_key(k))
        .collect::<Vec<_>>()
        .join(" ")
}

/// One binding: a command and the key sequences that run it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Binding {
    pub command: Command,
    pub keys: Vec<Vec<String>>,
}

/// What a key press means, given the keys pressed before it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resolved {
    /// A binding is complete.
    Command(Command),
    /// The keys so far start a longer sequence: wait for the next one.
    Prefix,
    /// Nothing is bound to these keys (the sequence as typed).
    Unbound(String),
}

/// A mistake in the `[keys]` tables, with the line it is on when known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeysError {
    pub line: Option<usize>,
    pub message: String,
}

impl std::fmt::Display for KeysError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.line {
            Some(l) => write!(f, "config.toml line {l}: {}", self.message),
            None => write!(f, "config.toml: {}", self.message),
        }
    }
}

/// The live bindings of every mode.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Keymap {
    modes: Vec<(Mode, Vec<Binding>)>,
}

impl Default for Keymap {
    fn default() -> Self {
        let mut modes: Vec<(Mode, Vec<Binding>)> =
            Mode::ALL.iter().map(|m| (*m, Vec::new())).collect();
        for (mode, command, keys) in DEFAULTS {
            let keys = keys
                .iter()
                .map(|k| k.split(' ').filter_map(parse_key).collect())
                .collect();
            if let Some((_, b)) = modes.iter_mut().find(|(m, _)| m == mode) {
                b.push(Binding {
                    command: *command,
                    keys,
                });
            }
        }
        Keymap { modes }
    }
}

impl Keymap {
    /// The defaults patched by the `[keys]` tables of a config file's text
    /// (`[keys.common]`, `[keys.confirm]`; keys directly under `[keys]` are
    /// common). A command given keys loses its default ones, and those keys
    /// leave any other command of the same mode (so does a key that a new
    /// sequence starts with); `[]` unbinds it.
    pub fn from_config(text: &str) -> Result<Keymap, KeysError> {
        let mut map = Keymap::default();
        let doc: toml::Table = toml::from_str(text).map_err(|e| KeysError {
            line: e
                .span()
                .map(|s| text[..s.start.min(text.len())].lines().count().max(1)),
            message: e.message().to_string(),
        })?;
        let Some(keys) = doc.get("keys") else {
            return Ok(map);
        };
        let Some(keys) = keys.as_table() else {
            return Err(KeysError {
                line: line_of(text, None, "keys"),
                message: "`keys` must be a table: [keys.common]".into(),
            });
        };
        for (name, value) in keys {
            match value.as_table() {
                Some(table) => {
                    let Some(mode) = Mode::ALL.iter().copied().find(|m| m.name() == name) else {
                        let known: Vec<&str> = Mode::ALL.iter().map(|m| m.name()).collect();
                        return Err(KeysError {
                            line: line_of(text, None, &format!("keys.{name}")),
                            message: format!(
                                "unknown key mode `{name}` (known: {})",
                                known.join(", ")
                            ),
                        });
                    };
                    for (command, value) in table {
                        map.rebind(text, mode, Some(name), command, value)?;
                    }
                }
                None => map.rebind(text, Mode::Common, None, name, value)?,
            }
        }
        Ok(map)
    }

    /// Applies one `command = keys` line.
    fn rebind(
        &mut self,
        text: &str,
        mode: Mode,
        section: Option<&str>,
        command: &str,
        value: &toml::Value,
    ) -> Result<(), KeysError> {
        let line = line_of(text, Some(section.unwrap_or("")), command);
        let fail = |message: String| KeysError { line, message };
        let Some(cmd) = Command::from_name(command) else {
            let near = Command::ALL
                .iter()
                .map(|c| c.name())
                .find(|n| n.starts_with(&command[..command.len().min(4)]));
            return Err(fail(match near {
                Some(n) => format!("unknown command `{command}` (did you mean `{n}`?)"),
                None => format!("unknown command `{command}` (`?` lists them with their keys)"),
            }));
        };
        let specs: Vec<&str> = match value {
            toml::Value::String(s) => vec![s.as_str()],
            toml::Value::Array(a) => {
                let mut v = Vec::new();
                for item in a {
                    match item.as_str() {
                        Some(s) => v.push(s),
                        None => return Err(fail(format!("`{command}`: keys are strings"))),
                    }
                }
                v
            }
            _ => {
                return Err(fail(format!(
                    "`{command}`: a key (\"L\"), a sequence (\"g g\") or a list of them"
                )));
            }
        };
        let mut sequences = Vec::new();
        for spec in specs {
            let mut seq = Vec::new();
            for k in spec.split_whitespace() {
                match parse_key(k) {
                    Some(k) => seq.push(k),
                    None => {
                        return Err(fail(format!(
                            "`{command}`: `{k}` is not a key (a character, ctrl-x, F1-F24, {})",
                            NAMED_KEYS.join(", ")
                        )));
                    }
                }
            }
            if seq.is_empty() {
                return Err(fail(format!("`{command}`: an empty key")));
            }
            sequences.push(seq);
        }
        let Some((_, bindings)) = self.modes.iter_mut().find(|(m, _)| *m == mode) else {
            return Ok(());
        };
        // The keys move: any other binding of the same keys, or one that a
        // new sequence starts with (`g` when `g e` is bound) or that starts
        // with a new key, would hide one of the two, so it goes.
        let clash = |k: &Vec<String>| {
            sequences
                .iter()
                .any(|s| s.starts_with(k) || k.starts_with(s))
        };
        for b in bindings.iter_mut() {
            b.keys.retain(|k| !clash(k));
        }
        match bindings.iter_mut().find(|b| b.command == cmd) {
            Some(b) => b.keys = sequences,
            None => bindings.push(Binding {
                command: cmd,
                keys: sequences,
            }),
        }
        Ok(())
    }

    /// The bindings of `mode`, in help order.
    pub fn bindings(&self, mode: Mode) -> &[Binding] {
        self.modes
            .iter()
            .find(|(m, _)| *m == mode)
            .map(|(_, b)| b.as_slice())
            .unwrap_or(&[])
    }

    /// What `key` means after `pending` (keys of an unfinished sequence),
    /// looking in `modes` in order: the first mode with a match wins, and a
    /// complete binding wins over a longer one it starts.
    pub fn resolve(&self, modes: &[Mode], pending: &[String], key: &str) -> Resolved {
        let mut typed: Vec<String> = pending.to_vec();
        typed.push(key.to_string());
        for mode in modes {
            let mut prefix = false;
            for b in self.bindings(*mode) {
                for seq in &b.keys {
                    if *seq == typed {
                        return Resolved::Command(b.command);
                    }
                    if seq.len() > typed.len() && seq.starts_with(&typed) {
                        prefix = true;
                    }
                }
            }
            if prefix {
                return Resolved::Prefix;
            }
        }
        Resolved::Unbound(typed.join(" "))
    }

    /// The keys of `command` in `mode`, as shown (`f`, `g g`), in order.
    pub fn keys_of(&self, mode: Mode, command: Command) -> Vec<String> {
        self.bindings(mode)
            .iter()
            .filter(|b| b.command == command)
            .flat_map(|b| b.keys.iter().map(|k| display_sequence(k)))
            .collect()
    }

    /// `text` with each `{name}` (a command's config name) replaced by that
    /// command's key (see [`Keymap::key`]); other braces stay as they are.
    pub fn fill(&self, text: &str) -> String {
        let mut out = String::with_capacity(text.len());
        let mut rest = text;
        while let Some(open) = rest.find('{') {
            out.push_str(&rest[..open]);
            let after = &rest[open + 1..];
            match after
                .find('}')
                .and_then(|close| Command::from_name(&after[..close]).map(|c| (close, c)))
            {
                Some((close, command)) => {
                    out.push_str(&self.key(command));
                    rest = &after[close + 1..];
                }
                None => {
                    out.push('{');
                    rest = after;
                }
            }
        }
        out.push_str(rest);
        out
    }

    /// The first key of a command in the mode it belongs to, for texts
    /// that name it ("press I"); a command left with no key says so.
    pub fn key(&self, command: Command) -> String {
        self.keys_of(command.home_mode(), command)
            .into_iter()
            .next()
            .unwrap_or_else(|| format!("(unbound: {})", command.name()))
    }
}

/// The 1-based line of `key = …` in the table `[section]` (`Some("")` is
/// `[keys]` itself; `None` looks for a table header `[key]`).
fn line_of(text: &str, section: Option<&str>, key: &str) -> Option<usize> {
    let mut current = String::new();
    for (i, raw) in text.lines().enumerate() {
        let line = raw.trim();
        if let Some(h) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            current = h.trim().to_string();
            if section.is_none() && current == key {
                return Some(i + 1);
            }
            continue;
        }
        let Some(section) = section else { continue };
        let table = if section.is_empty() {
            "keys".to_string()
        } else {
            format!("keys.{section}")
        };
        if current == table {
            let k = line
                .split('=')
                .next()
                .unwrap_or("")
                .trim()
                .trim_matches('"');
            if k == key && line.contains('=') {
                return Some(i + 1);
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_key_is_bound_twice_in_a_mode() {
        let map = Keymap::default();
        for mode in Mode::ALL {
            let mut seen = std::collections::HashSet::new();
            for b in map.bindings(*mode) {
                for k in &b.keys {
                    assert!(seen.insert(k.clone()), "{k:?} bound twice in {mode:?}");
                }
            }
        }
    }

    #[test]
    fn every_command_has_a_default_key_and_a_unique_name() {
        let map = Keymap::default();
        let mut names = std::collections::HashSet::new();
        for c in Command::ALL {
            assert!(names.insert(c.name()), "{} twice", c.name());
            assert_eq!(Command::from_name(c.name()), Some(*c));
            let bound = Mode::ALL.iter().any(|m| !map.keys_of(*m, *c).is_empty());
            assert!(bound, "{c:?} has no default key");
        }
    }

    #[test]
    fn defaults_resolve() {
        let map = Keymap::default();
        let common = [Mode::Common];
        assert_eq!(
            map.resolve(&common, &[], "q"),
            Resolved::Command(Command::Quit)
        );
        assert_eq!(
            map.resolve(&common, &[], " "),
            Resolved::Command(Command::PageDown)
        );
        assert_eq!(
            map.resolve(&common, &[], "F12"),
            Resolved::Unbound("F12".into())
        );
        // The confirm dialog's own keys come first: y is yes there, a copy elsewhere.
        let confirm = [Mode::Confirm, Mode::Common];
        assert_eq!(
            map.resolve(&confirm, &[], "y"),
            Resolved::Command(Command::Confirm)
        );
        assert_eq!(
            map.resolve(&common, &[], "y"),
            Resolved::Command(Command::CopyLink)
        );
    }

    #[test]
    fn a_remap_moves_the_key_and_sequences_wait_for_their_end() {
        let text = "[ui]\nimages = false\n\n[keys.common]\nfavourite = \"L\"\ntop = \"g g\"\nbookmark = [\"B\", \"ctrl-k\"]\n";
        let map = Keymap::from_config(text).unwrap();
        let common = [Mode::Common];
        assert_eq!(map.keys_of(Mode::Common, Command::Favourite), vec!["L"]);
        assert_eq!(
            map.resolve(&common, &[], "L"),
            Resolved::Command(Command::Favourite)
        );
        assert_eq!(
            map.resolve(&common, &[], "f"),
            Resolved::Unbound("f".into())
        );
        assert_eq!(map.resolve(&common, &[], "g"), Resolved::Prefix);
        assert_eq!(
            map.resolve(&common, &["g".into()], "g"),
            Resolved::Command(Command::Top)
        );
        assert_eq!(
            map.resolve(&common, &["g".into()], "x"),
            Resolved::Unbound("g x".into())
        );
        assert_eq!(
            map.resolve(&common, &[], "ctrl-k"),
            Resolved::Command(Command::Bookmark)
        );
        // A sequence takes its first key from the command that had it alone.
        let map = Keymap::from_config("[keys]\nbottom = \"g e\"\n").unwrap();
        assert_eq!(map.keys_of(Mode::Common, Command::Top), vec!["Home"]);
        assert_eq!(map.resolve(&common, &[], "g"), Resolved::Prefix);
        // A key taken from another command leaves it.
        let map = Keymap::from_config("[keys]\nfavourite = \"b\"\n").unwrap();
        assert_eq!(
            map.keys_of(Mode::Common, Command::Boost),
            Vec::<String>::new()
        );
        assert_eq!(map.key(Command::Boost), "(unbound: boost)");
        // A view's keys are its own, and come before the common ones.
        let map = Keymap::from_config("[keys.scheduled]\ncancel_scheduled = \"X\"\n").unwrap();
        let scheduled = [Mode::Scheduled, Mode::Common];
        assert_eq!(
            map.resolve(&scheduled, &[], "X"),
            Resolved::Command(Command::CancelScheduled)
        );
        assert_eq!(
            map.resolve(&scheduled, &[], "x"),
            Resolved::Command(Command::Reject)
        );
        assert_eq!(
            map.resolve(&common, &[], "X"),
            Resolved::Command(Command::Block)
        );
        assert_eq!(map.key(Command::CancelScheduled), "X");
        // Confirm keys are their own.
        let map = Keymap::from_config("[keys.confirm]\nconfirm = \"Y\"\n").unwrap();
        assert_eq!(
            map.resolve(&[Mode::Confirm, Mode::Common], &[], "Y"),
            Resolved::Command(Command::Confirm)
        );
        assert_eq!(map.key(Command::Confirm), "Y");
    }

    #[test]
    fn mistakes_name_their_line() {
        let err =
            Keymap::from_config("[ui]\nx = 1\n\n[keys.common]\nfavorite = \"L\"\n").unwrap_err();
        assert_eq!(err.line, Some(5));
        assert!(err.message.contains("unknown command `favorite`"), "{err}");
        assert!(err.message.contains("favourite"), "{err}");
        let err = Keymap::from_config("[keys.common]\nboost = \"ctrl-\"\n").unwrap_err();
        assert_eq!(err.line, Some(2));
        assert!(err.to_string().starts_with("config.toml line 2:"), "{err}");
        let err = Keymap::from_config("[keys.thread]\nboost = \"b\"\n").unwrap_err();
        assert_eq!(err.line, Some(1));
        assert!(err.message.contains("unknown key mode `thread`"), "{err}");
        let err = Keymap::from_config("[keys.common]\nboost = 3\n").unwrap_err();
        assert_eq!(err.line, Some(2));
        let err = Keymap::from_config("[keys.common\nboost = 3\n").unwrap_err();
        assert_eq!(err.line, Some(1));
    }

    #[test]
    fn key_names_are_checked() {
        for ok in [
            "j", "G", "?", "ctrl-w", "F5", "Enter", "BackTab", "Space", "+",
        ] {
            assert!(parse_key(ok).is_some(), "{ok}");
        }
        for bad in ["", "ctrl-", "Foo", "F0", "F99", "jj", "ctrl-ab"] {
            assert!(parse_key(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn fill_names_the_keys_of_the_live_keymap() {
        let map = Keymap::from_config("[keys.drafts]\ndelete_draft = \"d\"\n").unwrap();
        assert_eq!(
            map.fill("{select} continues, {delete_draft} deletes, {nope} and { stay"),
            "Enter continues, d deletes, {nope} and { stay"
        );
    }
}
