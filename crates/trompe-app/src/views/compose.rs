//! The compose pane's state and keys: a draft (from `trompe_api::compose`), an
//! editor per field, the counter, autosave, and sending. Drafts are never
//! lost: the draft is autosaved while typing and on close, and a failed send
//! keeps the pane open with the server's message.

use time::OffsetDateTime;

use trompe_api::compose::{Draft, DraftMedia, DraftPoll};
use trompe_api::entities::Visibility;

use crate::action::TextKey;
use crate::editor::Editor;
use crate::effect::Effect;
use crate::keymap::{Command, Mode};
use crate::state::{State, ToastKind};

/// Which field has the focus.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Text,
    Cw,
    /// The poll options, one per line.
    Poll,
    /// Typing the path of a file to attach.
    MediaPath,
    /// Typing the alt text of the last attachment.
    MediaAlt,
    /// Typing the focal point of the last attachment (`x,y`, each -1..1).
    MediaFocus,
    /// Typing when to publish (`+1h`, `2026-12-01 09:00`, empty for now).
    Schedule,
}

/// The compose pane.
#[derive(Debug, Clone)]
pub struct ComposeState {
    /// The account it posts as.
    pub account: usize,
    pub draft: Draft,
    pub text: Editor,
    pub cw: Editor,
    pub poll: Editor,
    /// The one-line entry for a path or an alt text.
    pub entry: Editor,
    pub field: Field,
    pub sending: bool,
    pub progress: Option<String>,
    pub error: Option<String>,
    /// Completions for the word being typed (`@acct`, `#tag`, `:emoji:`),
    /// with the word they are for and the selected one.
    pub suggestions: Option<(String, Vec<String>, usize)>,
    /// When the draft last changed and was last saved.
    pub changed_at: Option<OffsetDateTime>,
    pub saved_at: Option<OffsetDateTime>,
    /// Edits so far, and how many of them the last save held. Counted, not
    /// timed: the clock moves once a second, so an edit made in the same
    /// second as a save has the same time as the save and would be missed.
    pub edits: u64,
    pub saved_edits: u64,
    /// The language picker, while open.
    pub languages: Option<LanguagePicker>,
}

/// The language picker: the instance's languages, filtered by what is typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LanguagePicker {
    /// What is typed.
    pub filter: String,
    /// The selected row of the filtered list.
    pub selected: usize,
}

impl LanguagePicker {
    /// The languages (code, name) matching the filter: codes that start
    /// with it first, then names that contain it, case-insensitively.
    pub fn matches<'a>(&self, all: &'a [(String, String)]) -> Vec<&'a (String, String)> {
        let f = self.filter.trim().to_lowercase();
        if f.is_empty() {
            return all.iter().collect();
        }
        let by_code = all.iter().filter(|(c, _)| c.to_lowercase().starts_with(&f));
        let by_name = all
            .iter()
            .filter(|(c, n)| !c.to_lowercase().starts_with(&f) && n.to_lowercase().contains(&f));
        by_code.chain(by_name).collect()
    }
}

/// The languages offered for `account`: the instance's list (code, name)
/// when loaded, else the codes of its main languages, else English.
pub fn languages_of(state: &State, account: usize) -> Vec<(String, String)> {
    let acc = state.accounts.get(account);
    if let Some(l) = acc
        .and_then(|a| a.languages.as_ref())
        .filter(|l| !l.is_empty())
    {
        return l.clone();
    }
    let codes: Vec<String> = acc
        .and_then(|a| a.instance_info.as_ref())
        .map(|i| i.languages.clone())
        .filter(|l| !l.is_empty())
        .unwrap_or_else(|| vec!["en".into()]);
    codes.into_iter().map(|c| (c.clone(), c)).collect()
}

/// Poll durations offered, in seconds.
pub const POLL_DURATIONS: &[u64] = &[300, 1800, 3600, 21_600, 86_400, 259_200, 604_800];

impl Field {
    /// A one-line entry under the text (path, alt text, focus, schedule).
    pub fn is_entry(self) -> bool {
        matches!(
            self,
            Field::MediaPath | Field::MediaAlt | Field::MediaFocus | Field::Schedule
        )
    }
}

impl ComposeState {
    /// A pane editing `draft` for `account`.
    pub fn new(account: usize, draft: Draft) -> Self {
        let poll = draft
            .poll
            .as_ref()
            .map(|p| p.options.join("\n"))
            .unwrap_or_default();
        ComposeState {
            account,
            text: Editor::with_text(&draft.text),
            cw: Editor::with_text(&draft.cw),
            poll: Editor::with_text(&poll),
            entry: Editor::default(),
            field: Field::Text,
            sending: false,
            progress: None,
            error: draft.last_error.clone(),
            changed_at: None,
            saved_at: None,
            edits: 0,
            saved_edits: 0,
            suggestions: None,
            languages: None,
            draft,
        }
    }

    /// Copies the editors into the draft.
    pub fn sync(&mut self, now: OffsetDateTime) {
        self.draft.text = self.text.text().to_string();
        self.draft.cw = self.cw.text().to_string();
        if let Some(p) = self.draft.poll.as_mut() {
            p.options = self
                .poll
                .text()
                .lines()
                .map(|l| l.trim().to_string())
                .filter(|l| !l.is_empty())
                .collect();
        }
        self.draft.touch(now);
        self.changed_at = Some(now);
        self.edits += 1;
    }

    fn editor(&mut self) -> &mut Editor {
        match self.field {
            Field::Text => &mut self.text,
            Field::Cw => &mut self.cw,
            Field::Poll => &mut self.poll,
            Field::MediaPath | Field::MediaAlt | Field::MediaFocus | Field::Schedule => {
                &mut self.entry
            }
        }
    }

    /// Is the autosave due? On the once-a-second clock, whenever something
    /// changed since the last save, so a crash loses at most that second.
    pub fn autosave_due(&self, _now: OffsetDateTime) -> bool {
        self.edits != self.saved_edits
    }
}

fn next_visibility(v: &Visibility) -> Visibility {
    match v {
        Visibility::Public => Visibility::Unlisted,
        Visibility::Unlisted => Visibility::Private,
        Visibility::Private => Visibility::Direct,
        _ => Visibility::Public,
    }
}

/// Whether the instance of `account` takes quote posts (`quoted_status_id`,
/// `quote_approval_policy`): Mastodon API version 7 and later.
pub fn quotes_supported(state: &State, account: usize) -> bool {
    state
        .accounts
        .get(account)
        .and_then(|a| a.instance_info.as_ref())
        .and_then(|i| i.mastodon_api_version())
        .is_some_and(|v| v >= 7)
}

/// Who may quote a post, cycled by ctrl-g: the account's default, then
/// each policy.
fn next_quote_policy(p: Option<&str>) -> Option<String> {
    match p {
        None => Some("public".into()),
        Some("public") => Some("followers".into()),
        Some("followers") => Some("nobody".into()),
        _ => None,
    }
}

/// Opens the pane: a new post, a reply to the focused status, a quote of
/// it, or an edit of it.
pub(crate) fn open(state: &mut State, cmd: Command) -> Vec<Effect> {
    let account = state.active;
    let now = state.now;
    if state.compose.is_some() {
        return vec![];
    }
    let preferred = state
        .account()
        .and_then(|a| a.me.as_ref())
        .and_then(|m| m.source.as_ref())
        .and_then(|s| s.privacy.clone())
        .unwrap_or(Visibility::Public);
    let me = state.account().and_then(|a| a.me.clone());
    // The account's "mark media as sensitive by default" (`:me sensitive on`).
    let sensitive = me
        .as_ref()
        .and_then(|m| m.source.as_ref())
        .is_some_and(|s| s.sensitive);
    let focused = crate::navigate::focused_status(state).map(|s| s.original().clone());
    let draft = match cmd {
        Command::Reply => {
            let (Some(parent), Some(me)) = (focused, me.as_ref()) else {
                return vec![];
            };
            let mut d = Draft::reply(&parent, &me.id, &preferred, now);
            d.sensitive |= sensitive;
            d
        }
        Command::Quote => {
            let Some(quoted) = focused else {
                return vec![];
            };
            if !quotes_supported(state, account) {
                state.toast(ToastKind::Info, "This server does not support quote posts");
                return vec![];
            }
            if quoted.visibility == Visibility::Direct {
                state.toast(ToastKind::Info, "Private mentions cannot be quoted");
                return vec![];
            }
            let mut d = Draft::quote(&quoted, &preferred, now);
            d.sensitive |= sensitive;
            d
        }
        Command::Edit => {
            let Some(s) = focused else {
                return vec![];
            };
            if me.as_ref().map(|m| &m.id) != Some(&s.account.id) {
                state.toast(ToastKind::Info, "Only your own posts can be edited");
                return vec![];
            }
            Draft::edit(&s, None, now)
        }
        _ => {
            // Continue an unsent draft of this account, if there is one.
            let mut d = state
                .accounts
                .get(account)
                .and_then(|a| a.pending_draft.clone())
                .unwrap_or_else(|| Draft::new(now));
            if d.text.is_empty() && d.reply_to.is_none() && d.edit_of.is_none() {
                d.visibility = preferred;
                d.sensitive |= sensitive;
            }
            d
        }
    };
    let mut d = draft;
    if d.language.is_none() && d.edit_of.is_none() {
        let account_default = me
            .as_ref()
            .and_then(|m| m.source.as_ref())
            .and_then(|s| s.language.as_deref());
        d.language = trompe_api::compose::default_language(
            state.default_language.as_deref(),
            account_default,
            state.locale_language.clone(),
        );
    }
    d.account = state.account().map(|a| a.label.clone());
    if let Some(acc) = state.accounts.get_mut(account) {
        acc.pending_draft = None;
    }
    state.compose = Some(ComposeState::new(account, d));
    vec![]
}

/// What reaches the pane: a key that edits text, or one of compose's
/// commands (`[keys.compose]`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Input {
    Text(TextKey),
    Command(Command),
}

impl From<TextKey> for Input {
    fn from(key: TextKey) -> Input {
        Input::Text(key)
    }
}

impl From<Command> for Input {
    fn from(command: Command) -> Input {
        Input::Command(command)
    }
}

/// Keys while the pane is open.
pub(crate) fn key(state: &mut State, key: impl Into<Input>) -> Vec<Effect> {
    let key = key.into();
    let now = state.now;
    let Some(c) = state.compose.as_mut() else {
        return vec![];
    };
    if c.sending {
        return vec![];
    }
    if c.languages.is_some() {
        return match key {
            Input::Text(key) => language_key(state, key),
            Input::Command(_) => vec![],
        };
    }
    if suggestion_key(c, &key, now) {
        return vec![];
    }
    let step = match key {
        Input::Text(TextKey::Esc) if !c.field.is_entry() => return close(state),
        Input::Command(Command::Send) => return send(state),
        Input::Command(cmd) => command_key(state, cmd),
        Input::Text(key) => text_key(c, key, state.zone, now),
    };
    match step {
        Step::Done(fx) => fx,
        Step::Edited(changed) => after_edit(state, changed),
    }
}

/// What a key did: asked for effects (nothing more to do), or edited the
/// draft (`true`: its text changed).
enum Step {
    Done(Vec<Effect>),
    Edited(bool),
}

/// The suggestion popup takes Up, Down, Enter and Esc while it shows;
/// `true` when it took the key.
fn suggestion_key(c: &mut ComposeState, key: &Input, now: OffsetDateTime) -> bool {
    if c.field != Field::Text {
        return false;
    }
    let Some((word, items, sel)) = c.suggestions.clone() else {
        return false;
    };
    match key {
        Input::Text(TextKey::Up | TextKey::Down) => {
            let n = items.len().max(1);
            let sel = if *key == Input::Text(TextKey::Down) {
                (sel + 1) % n
            } else {
                (sel + n - 1) % n
            };
            c.suggestions = Some((word, items, sel));
        }
        Input::Text(TextKey::Enter | TextKey::Tab) => {
            if let Some(choice) = items.get(sel) {
                c.text.replace_current_word(&format!("{choice} "));
            }
            c.suggestions = None;
            c.sync(now);
        }
        Input::Text(TextKey::Esc) => c.suggestions = None,
        _ => return false,
    }
    true
}

/// The pane's commands (`[keys.compose]`) other than sending.
fn command_key(state: &mut State, cmd: Command) -> Step {
    let now = state.now;
    let quotes = state
        .compose
        .as_ref()
        .is_some_and(|c| quotes_supported(state, c.account));
    let Some(c) = state.compose.as_mut() else {
        return Step::Done(vec![]);
    };
    match cmd {
        Command::CycleVisibility => c.draft.visibility = next_visibility(&c.draft.visibility),
        Command::ToggleSensitive => c.draft.sensitive = !c.draft.sensitive,
        Command::QuotePolicy if quotes && c.draft.edit_of.is_none() => {
            c.draft.quote_policy = next_quote_policy(c.draft.quote_policy.as_deref());
        }
        Command::PickLanguage => {
            c.suggestions = None;
            c.languages = Some(LanguagePicker::default());
            let account = c.account;
            let loaded = state
                .accounts
                .get(account)
                .is_some_and(|a| a.languages.is_some());
            return Step::Done(if loaded {
                vec![]
            } else {
                vec![Effect::LoadLanguages { account }]
            });
        }
        Command::TogglePoll => return Step::Edited(toggle_poll(c)),
        Command::PollDuration => {
            if let Some(p) = c.draft.poll.as_mut() {
                let i = POLL_DURATIONS
                    .iter()
                    .position(|d| *d >= p.expires_in)
                    .unwrap_or(0);
                p.expires_in = POLL_DURATIONS[(i + 1) % POLL_DURATIONS.len()];
            }
        }
        Command::PollKind => {
            if let Some(p) = c.draft.poll.as_mut() {
                p.multiple = !p.multiple;
            }
        }
        Command::PollTotals => {
            if let Some(p) = c.draft.poll.as_mut() {
                p.hide_totals = !p.hide_totals;
            }
        }
        Command::Attach => {
            if c.draft.poll.is_some() {
                c.error = Some("A post has either a poll or attachments, not both".into());
            } else {
                c.field = Field::MediaPath;
                c.entry = Editor::default();
            }
            return Step::Done(vec![]);
        }
        Command::Schedule => {
            c.field = Field::Schedule;
            c.entry = Editor::default();
            return Step::Done(vec![]);
        }
        Command::ExternalEditor => {
            // The whole text in $VISUAL/$EDITOR; it comes back as one edit.
            c.sync(now);
            c.suggestions = None;
            c.field = Field::Text;
            c.progress = Some("Editing in $VISUAL / $EDITOR…".into());
            c.error = None;
            return Step::Done(vec![Effect::ExternalEditor {
                draft: c.draft.id.clone(),
                text: c.text.text().to_string(),
            }]);
        }
        Command::Undo => {
            c.editor().undo();
        }
        Command::Redo => {
            c.editor().redo();
        }
        _ => return Step::Edited(false),
    }
    Step::Edited(true)
}

/// ctrl-p: a poll on or off (a post has a poll or attachments, not
/// both); `true` when the draft changed.
fn toggle_poll(c: &mut ComposeState) -> bool {
    if c.draft.poll.is_some() {
        c.draft.poll = None;
        if c.field == Field::Poll {
            c.field = Field::Text;
        }
    } else if !c.draft.media.is_empty() {
        c.error = Some("A post has either a poll or attachments, not both".into());
        return false;
    } else {
        c.draft.poll = Some(DraftPoll::new(vec![]));
        c.poll = Editor::default();
        c.field = Field::Poll;
    }
    true
}

/// A key that edits the field with the focus.
fn text_key(
    c: &mut ComposeState,
    key: TextKey,
    zone: trompe_api::compose::Zone,
    now: OffsetDateTime,
) -> Step {
    match key {
        TextKey::Esc => {
            // Leaves a one-line entry (Esc elsewhere closes the pane).
            c.field = Field::Text;
            c.entry = Editor::default();
            return Step::Done(vec![]);
        }
        TextKey::Tab if c.field == Field::MediaPath => {
            // Complete the path from the file system (in the runner).
            return Step::Done(vec![Effect::CompletePath {
                partial: expand_home(c.entry.text()),
            }]);
        }
        TextKey::Tab => {
            c.field = match (c.field, c.draft.poll.is_some()) {
                (Field::Text, _) => Field::Cw,
                (Field::Cw, true) => Field::Poll,
                _ => Field::Text,
            };
            return Step::Edited(false);
        }
        TextKey::Enter => return enter_key(c, zone, now),
        TextKey::Ctrl('w') => c.editor().delete_word_back(),
        TextKey::Char(ch) => c.editor().insert_char(ch),
        TextKey::Paste(t) => {
            let t = if matches!(c.field, Field::Text | Field::Poll) {
                t
            } else {
                t.replace('\n', " ")
            };
            c.editor().insert_str(&t);
        }
        TextKey::Backspace => c.editor().backspace(),
        TextKey::Delete => c.editor().delete(),
        TextKey::Left => c.editor().left(),
        TextKey::Right => c.editor().right(),
        TextKey::Up => c.editor().up(),
        TextKey::Down => c.editor().down(),
        TextKey::Home => c.editor().home(),
        TextKey::End => c.editor().end(),
        TextKey::WordLeft => c.editor().word_left(),
        TextKey::WordRight => c.editor().word_right(),
        TextKey::Ctrl(_) => return Step::Edited(false),
    }
    Step::Edited(true)
}

/// Enter: a new line in the text and the poll; in the content warning,
/// back to the text; in a one-line entry, takes what was typed.
fn enter_key(c: &mut ComposeState, zone: trompe_api::compose::Zone, now: OffsetDateTime) -> Step {
    match c.field {
        Field::Text | Field::Poll => c.editor().insert_char('\n'),
        Field::Cw => c.field = Field::Text,
        Field::MediaPath => {
            let path = c.entry.text().trim().to_string();
            if !path.is_empty() {
                let path = expand_home(&path);
                c.draft.media.push(DraftMedia::file(path, String::new()));
                c.field = Field::MediaAlt;
                c.entry = Editor::default();
            } else if let Some(m) = c.draft.media.last() {
                // No path: change the alt text and focal point of the
                // last attachment (one already on the server too).
                c.field = Field::MediaAlt;
                c.entry = Editor::with_text(&m.description);
            }
        }
        Field::Schedule => {
            let input = c.entry.text().trim().to_string();
            if input.is_empty() {
                c.draft.scheduled_at = None;
            } else {
                match trompe_api::compose::parse_schedule(&input, now, zone) {
                    Ok(at) => c.draft.scheduled_at = Some(at),
                    Err(e) => {
                        c.error = Some(format!("{e} — try +1h or 2026-12-01 09:00"));
                        return Step::Done(vec![]);
                    }
                }
            }
            c.field = Field::Text;
            c.entry = Editor::default();
        }
        Field::MediaAlt => {
            let focus = c.draft.media.last_mut().map(|m| {
                m.description = c.entry.text().trim().to_string();
                m.focus
            });
            // Then the focal point, prefilled with the one it has.
            c.field = Field::MediaFocus;
            c.entry = Editor::with_text(
                &focus
                    .flatten()
                    .map(trompe_api::endpoints::media::focus_string)
                    .unwrap_or_default(),
            );
        }
        Field::MediaFocus => {
            let input = c.entry.text().trim().to_string();
            let focus = if input.is_empty() {
                None
            } else {
                match parse_focus(&input) {
                    Some(f) => Some(f),
                    None => {
                        c.error = Some(format!(
                            "`{input}`: expected x,y from -1 to 1 (0,0 is the centre, 0.5,0.5 the upper right)"
                        ));
                        return Step::Done(vec![]);
                    }
                }
            };
            if let Some(m) = c.draft.media.last_mut() {
                m.focus = focus;
            }
            c.field = Field::Text;
            c.entry = Editor::default();
        }
    }
    Step::Edited(true)
}

/// After an edit: the draft takes the editors' text, and completions are
/// asked for when an @mention, #hashtag or :emoji is being typed.
fn after_edit(state: &mut State, changed: bool) -> Vec<Effect> {
    let now = state.now;
    let Some(c) = state.compose.as_mut() else {
        return vec![];
    };
    if changed {
        c.sync(now);
        c.error = None;
    }
    if c.field == Field::Text {
        let (_, word) = c.text.current_word();
        let wants = word.chars().count() >= 3
            && (word.starts_with('@') || word.starts_with('#') || word.starts_with(':'))
            && !word[1..].contains(':');
        if wants {
            if c.suggestions.as_ref().is_none_or(|(w, _, _)| *w != word) {
                return vec![Effect::Complete {
                    account: c.account,
                    word,
                }];
            }
        } else {
            c.suggestions = None;
        }
    }
    vec![]
}

/// Keys while the language picker is open: typing filters, Up/Down
/// choose, Enter picks, Esc cancels.
fn language_key(state: &mut State, key: TextKey) -> Vec<Effect> {
    let now = state.now;
    let all = state
        .compose
        .as_ref()
        .map(|c| languages_of(state, c.account))
        .unwrap_or_default();
    let Some(c) = state.compose.as_mut() else {
        return vec![];
    };
    let Some(p) = c.languages.as_mut() else {
        return vec![];
    };
    let n = p.matches(&all).len();
    match key {
        TextKey::Esc => c.languages = None,
        TextKey::Enter | TextKey::Tab => {
            if let Some((code, _)) = p.matches(&all).get(p.selected) {
                c.draft.language = Some(code.clone());
                c.languages = None;
                c.sync(now);
            }
        }
        TextKey::Down if n > 0 => p.selected = (p.selected + 1) % n,
        TextKey::Up if n > 0 => p.selected = (p.selected + n - 1) % n,
        TextKey::Char(ch) => {
            p.filter.push(ch);
            p.selected = 0;
        }
        TextKey::Paste(t) => {
            p.filter.push_str(t.trim());
            p.selected = 0;
        }
        TextKey::Backspace => {
            p.filter.pop();
            p.selected = 0;
        }
        TextKey::Ctrl('w') => {
            p.filter.clear();
            p.selected = 0;
        }
        _ => {}
    }
    vec![]
}

/// A focal point typed as `x,y` (or `x y`), each from -1.0 to 1.0.
pub fn parse_focus(input: &str) -> Option<(f64, f64)> {
    let mut parts = input
        .split(|c: char| c == ',' || c.is_whitespace())
        .filter(|p| !p.is_empty());
    let x: f64 = parts.next()?.parse().ok()?;
    let y: f64 = parts.next()?.parse().ok()?;
    let ok = |v: f64| v.is_finite() && (-1.0..=1.0).contains(&v);
    (parts.next().is_none() && ok(x) && ok(y)).then_some((x, y))
}

fn expand_home(p: &str) -> String {
    trompe_api::config::expand_home(p)
        .to_string_lossy()
        .into_owned()
}

/// Closes the pane; a non-blank draft is saved and offered again next time.
fn close(state: &mut State) -> Vec<Effect> {
    let Some(mut c) = state.compose.take() else {
        return vec![];
    };
    c.sync(state.now);
    if c.draft.is_blank() {
        return vec![Effect::DeleteDraft { id: c.draft.id }];
    }
    if let Some(acc) = state.accounts.get_mut(c.account) {
        acc.pending_draft = Some(c.draft.clone());
    }
    state.toast(ToastKind::Info, "Draft saved — c continues it");
    vec![Effect::SaveDraft {
        draft: Box::new(c.draft),
    }]
}

fn send(state: &mut State) -> Vec<Effect> {
    let now = state.now;
    let limits = state
        .compose
        .as_ref()
        .and_then(|c| state.accounts.get(c.account))
        .and_then(|a| a.instance_info.as_ref())
        .map(trompe_api::compose::Limits::from_instance)
        .unwrap_or_default();
    let Some(c) = state.compose.as_mut() else {
        return vec![];
    };
    c.sync(now);
    c.sending = true;
    c.progress = Some("Sending…".into());
    c.error = None;
    vec![
        Effect::SaveDraft {
            draft: Box::new(c.draft.clone()),
        },
        Effect::SendDraft {
            account: c.account,
            draft: Box::new(c.draft.clone()),
            limits: Box::new(limits),
        },
    ]
}

/// Commands while the pane is open: its own (`[keys.compose]`), and
/// quitting, which saves the draft first; others do nothing here.
pub(crate) fn command(state: &mut State, cmd: Command) -> Vec<Effect> {
    match cmd {
        Command::Quit => quit(state),
        cmd if cmd.home_mode() == Mode::Compose => key(state, cmd),
        _ => vec![],
    }
}

/// Quitting with an open draft saves it first.
pub(crate) fn quit(state: &mut State) -> Vec<Effect> {
    let mut fx = Vec::new();
    if let Some(mut c) = state.compose.take() {
        c.sync(state.now);
        if !c.draft.is_blank() {
            fx.push(Effect::SaveDraft {
                draft: Box::new(c.draft),
            });
        }
    }
    state.should_quit = true;
    fx.push(Effect::Quit);
    fx
}

/// Completions for `word`, shown while it is still the word being typed.
pub(crate) fn suggestions(state: &mut State, word: String, items: Vec<String>) -> Vec<Effect> {
    if let Some(c) = state.compose.as_mut() {
        if c.text.current_word().1 == word {
            c.suggestions = (!items.is_empty()).then_some((word, items, 0));
        }
    }
    vec![]
}

/// A path completed from the file system, if it is still the one typed.
pub(crate) fn path_completed(state: &mut State, partial: String, completed: String) -> Vec<Effect> {
    if let Some(c) = state
        .compose
        .as_mut()
        .filter(|c| c.field == Field::MediaPath)
    {
        if expand_home(c.entry.text()) == partial {
            c.entry = Editor::with_text(&completed);
        }
    }
    vec![]
}

/// The external editor closed: its text replaces the draft's, as one
/// undoable edit (only for the draft it was opened for).
pub(crate) fn editor_done(
    state: &mut State,
    draft: String,
    result: Result<String, String>,
) -> Vec<Effect> {
    let now = state.now;
    if let Some(c) = state.compose.as_mut().filter(|c| c.draft.id == draft) {
        c.progress = None;
        match result {
            Ok(text) => {
                c.text.replace_all(&text);
                c.field = Field::Text;
                c.error = None;
                c.sync(now);
            }
            Err(e) => c.error = Some(format!("Editor: {e}")),
        }
    }
    vec![]
}

/// The instance's languages, for the picker.
pub(crate) fn languages_loaded(
    state: &mut State,
    account: usize,
    result: Result<Vec<trompe_api::entities::Language>, trompe_api::ApiError>,
) -> Vec<Effect> {
    let Some(acc) = state.accounts.get_mut(account) else {
        return vec![];
    };
    match result {
        Ok(list) => {
            acc.languages = Some(
                list.into_iter()
                    .filter(|l| !l.code.trim().is_empty())
                    .map(|l| {
                        let name = if l.name.trim().is_empty() {
                            l.code.clone()
                        } else {
                            l.name
                        };
                        (l.code, name)
                    })
                    .collect(),
            );
        }
        // Not offered by every server: the instance's main languages do.
        Err(e) => {
            tracing::info!("no language list: {e}");
            acc.languages = Some(Vec::new());
        }
    }
    vec![]
}

/// How the send is going.
pub(crate) fn send_progress(state: &mut State, progress: String) -> Vec<Effect> {
    if let Some(c) = state.compose.as_mut() {
        c.progress = Some(progress);
    }
    vec![]
}

/// A send finished: the pane closes and the draft goes, or the pane stays
/// with the message and the draft is kept (with what was uploaded).
pub(crate) fn draft_sent(
    state: &mut State,
    draft: Draft,
    result: Result<Option<String>, String>,
) -> Vec<Effect> {
    match result {
        Ok(url) => {
            if state
                .compose
                .as_ref()
                .is_some_and(|c| c.draft.id == draft.id)
            {
                state.compose = None;
            }
            let what = if draft.scheduled_at.is_some() {
                "Scheduled"
            } else if draft.edit_of.is_some() {
                "Edited"
            } else {
                "Posted"
            };
            state.toast(
                ToastKind::Info,
                match url {
                    Some(u) => format!("{what}: {u}"),
                    None => what.to_string(),
                },
            );
            vec![Effect::DeleteDraft { id: draft.id }]
        }
        Err(message) => {
            if let Some(c) = state.compose.as_mut().filter(|c| c.draft.id == draft.id) {
                c.sending = false;
                c.progress = None;
                // Keep what succeeded (uploaded media) but the user's newest text.
                c.draft.media = draft.media.clone();
                c.error = Some(format!("{message} — the draft is kept; ctrl-s retries"));
            }
            state.toast(ToastKind::Error, format!("Not sent: {message}"));
            let mut kept = draft;
            kept.last_error = Some(message);
            vec![Effect::SaveDraft {
                draft: Box::new(kept),
            }]
        }
    }
}

/// The autosave on the clock: a changed draft is written a second after the
/// last change, so a crash loses at most that second.
pub(crate) fn autosave(state: &mut State, now: OffsetDateTime) -> Vec<Effect> {
    let Some(c) = state.compose.as_mut() else {
        return vec![];
    };
    if c.autosave_due(now) && !c.draft.is_blank() {
        c.saved_at = Some(now);
        c.saved_edits = c.edits;
        return vec![Effect::SaveDraft {
            draft: Box::new(c.draft.clone()),
        }];
    }
    vec![]
}

/// The pane's hint line: its keys, as bound in `km`.
/// The compose pane's keys for its footer, most used first.
pub fn hint_items(km: &crate::keymap::Keymap) -> Vec<String> {
    use Command as C;
    let k = |c| km.key(c);
    vec![
        format!("{} send", k(C::Send)),
        "Esc keep as draft".to_string(),
        "Tab field".to_string(),
        format!("{} $EDITOR", k(C::ExternalEditor)),
        format!("{} visibility", k(C::CycleVisibility)),
        format!("{} language", k(C::PickLanguage)),
        format!("{} sensitive", k(C::ToggleSensitive)),
        format!("{} attach", k(C::Attach)),
        format!("{} poll", k(C::TogglePoll)),
        format!("{} schedule", k(C::Schedule)),
        format!("{} undo", k(C::Undo)),
    ]
}

/// The footer that fits `width`: as many keys as fit, and "more: F1"
/// (the key of the help) when some do not.
pub fn hint_fitting(km: &crate::keymap::Keymap, width: usize) -> String {
    let items = hint_items(km);
    let help_keys = km.keys_of(Mode::Compose, Command::ToggleHelp);
    let more = match help_keys.first() {
        Some(k) => format!(" · more: {k}"),
        None => String::new(),
    };
    let all = format!(" {}", items.join(" · "));
    if trompe_api::html::display_width(&all) <= width {
        return all;
    }
    let mut out = String::new();
    for it in &items {
        let candidate = if out.is_empty() {
            format!(" {it}")
        } else {
            format!("{out} · {it}")
        };
        if trompe_api::html::display_width(&candidate) + trompe_api::html::display_width(&more)
            > width
        {
            break;
        }
        out = candidate;
    }
    format!("{out}{more}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::AccountState;

    fn state_with_pane(draft: Draft) -> State {
        let now = OffsetDateTime::UNIX_EPOCH + time::Duration::days(20_000);
        let mut state = State::new(vec![AccountState::new("", "demo")], now);
        state.compose = Some(ComposeState::new(0, draft));
        state
    }

    fn type_str(state: &mut State, s: &str) {
        for ch in s.chars() {
            key(state, TextKey::Char(ch));
        }
    }

    /// The clock moves once a second: keys typed after a save but within
    /// the same second must still be saved by the next autosave.
    #[test]
    fn an_edit_in_the_same_second_as_a_save_is_saved_next() {
        let mut state = state_with_pane(Draft::new(OffsetDateTime::UNIX_EPOCH));
        let now = state.now;
        type_str(&mut state, "half");
        let fx = autosave(&mut state, now);
        assert!(matches!(&fx[..], [Effect::SaveDraft { draft }] if draft.text == "half"));
        assert!(autosave(&mut state, now).is_empty(), "nothing new");
        type_str(&mut state, "-written");
        let fx = autosave(&mut state, now);
        assert!(
            matches!(&fx[..], [Effect::SaveDraft { draft }] if draft.text == "half-written"),
            "{fx:?}"
        );
    }

    #[test]
    fn focal_points_are_read_in_range() {
        assert_eq!(parse_focus("0.5,-0.25"), Some((0.5, -0.25)));
        assert_eq!(parse_focus(" -1 1 "), Some((-1.0, 1.0)));
        assert_eq!(parse_focus("1.5,0"), None);
        assert_eq!(parse_focus("0,0,0"), None);
        assert_eq!(parse_focus("NaN,0"), None);
        assert_eq!(parse_focus("x"), None);
    }

    #[test]
    fn an_empty_path_edits_the_last_attachment_alt_text_and_focus() {
        let mut d = Draft::new(OffsetDateTime::UNIX_EPOCH);
        d.media.push(DraftMedia::file("/tmp/a.png", "old alt"));
        d.media[0].focus = Some((0.1, 0.2));
        let mut state = state_with_pane(d);
        key(&mut state, Command::Attach);
        key(&mut state, TextKey::Enter);
        let c = state.compose.as_ref().unwrap();
        assert_eq!((c.field, c.entry.text()), (Field::MediaAlt, "old alt"));
        type_str(&mut state, " and new");
        key(&mut state, TextKey::Enter);
        let c = state.compose.as_ref().unwrap();
        assert_eq!((c.field, c.entry.text()), (Field::MediaFocus, "0.10,0.20"));
        for _ in 0.."0.10,0.20".len() {
            key(&mut state, TextKey::Backspace);
        }
        type_str(&mut state, "-0.5,0.5");
        key(&mut state, TextKey::Enter);
        let c = state.compose.as_ref().unwrap();
        assert_eq!(c.field, Field::Text);
        assert_eq!(c.draft.media[0].description, "old alt and new");
        assert_eq!(c.draft.media[0].focus, Some((-0.5, 0.5)));
    }

    #[test]
    fn the_language_picker_filters_picks_and_cancels() {
        let mut state = state_with_pane(Draft::new(OffsetDateTime::UNIX_EPOCH));
        state.accounts[0].languages = Some(
            [("en", "English"), ("fr", "French"), ("frp", "Arpitan")]
                .iter()
                .map(|(c, n)| (c.to_string(), n.to_string()))
                .collect(),
        );
        let fx = key(&mut state, Command::PickLanguage);
        assert!(fx.is_empty(), "the list is loaded already");
        type_str(&mut state, "fr");
        key(&mut state, TextKey::Down);
        key(&mut state, TextKey::Enter);
        let c = state.compose.as_ref().unwrap();
        assert!(c.languages.is_none());
        assert_eq!(c.draft.language.as_deref(), Some("frp"));
        key(&mut state, Command::PickLanguage);
        type_str(&mut state, "eng");
        key(&mut state, TextKey::Esc);
        let c = state.compose.as_ref().unwrap();
        assert!(c.languages.is_none());
        assert_eq!(c.draft.language.as_deref(), Some("frp"));
        // Without a loaded list, the picker asks for it.
        state.accounts[0].languages = None;
        let fx = key(&mut state, Command::PickLanguage);
        assert!(matches!(fx[..], [Effect::LoadLanguages { account: 0 }]));
    }

    #[test]
    fn hidden_totals_toggle_and_the_quote_policy_needs_a_server_with_quotes() {
        let mut state = state_with_pane(Draft::new(OffsetDateTime::UNIX_EPOCH));
        key(&mut state, Command::TogglePoll);
        key(&mut state, Command::PollTotals);
        let poll = state.compose.as_ref().unwrap().draft.poll.clone().unwrap();
        assert!(poll.hide_totals);
        key(&mut state, Command::QuotePolicy);
        assert_eq!(state.compose.as_ref().unwrap().draft.quote_policy, None);
    }

    #[test]
    fn the_editor_result_is_one_undoable_edit_of_the_same_draft() {
        let mut d = Draft::new(OffsetDateTime::UNIX_EPOCH);
        d.text = "before".into();
        let id = d.id.clone();
        let mut state = state_with_pane(d);
        let fx = key(&mut state, Command::ExternalEditor);
        assert!(matches!(&fx[..], [Effect::ExternalEditor { text, .. }] if text == "before"));
        // A result for another draft is ignored.
        editor_done(&mut state, "other".into(), Ok("nope".into()));
        assert_eq!(state.compose.as_ref().unwrap().text.text(), "before");
        editor_done(
            &mut state,
            id.clone(),
            Err("`vi` exited with exit status: 1".into()),
        );
        let c = state.compose.as_ref().unwrap();
        assert_eq!(c.text.text(), "before");
        assert!(
            c.error
                .as_deref()
                .is_some_and(|e| e.starts_with("Editor: "))
        );
        editor_done(&mut state, id, Ok("after\nmore".into()));
        let c = state.compose.as_mut().unwrap();
        assert_eq!(
            (c.text.text(), c.draft.text.as_str()),
            ("after\nmore", "after\nmore")
        );
        c.text.undo();
        assert_eq!(c.text.text(), "before");
    }
}
