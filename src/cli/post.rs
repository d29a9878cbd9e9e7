//! `trompe post`: write a post from the shell (new, reply, edit, scheduled,
//! with media and polls), and `trompe drafts` to list, show and delete the
//! drafts kept on disk.
//!
//! Nothing is ever lost: once there is text, every failure (a bad flag, no
//! account, the network, the server refusing it) saves it as a draft and
//! says where, and `trompe post --draft ID` sends that draft again with the
//! same idempotency key, so a post that did reach the server is not
//! published twice. Nothing is interactive unless stdin is a terminal
//! (`--editor` needs one).

use std::io::{IsTerminal, Read};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use time::OffsetDateTime;

use super::{EXIT_API, EXIT_USAGE, api_exit, session};
use crate::api::endpoints::media::ProcessingWait;
use crate::api::entities::{StatusId, Visibility};
use crate::api::{ApiError, Client};
use crate::compose::{
    Draft, DraftMedia, DraftPoll, DraftStore, Limits, SendError, SendProgress, Sent, inspect_file,
    parse_duration, parse_schedule,
};
use crate::config::Paths;

/// Arguments of `post`.
#[derive(clap::Args, Debug, Default)]
pub struct PostArgs {
    /// The text, or `-` to read it from standard input.
    pub text: Option<String>,
    /// A content warning.
    #[arg(long)]
    pub cw: Option<String>,
    /// Who can see it.
    #[arg(long, value_parser = ["public", "unlisted", "private", "direct"])]
    pub visibility: Option<String>,
    /// Its language (ISO 639 code, e.g. `en`).
    #[arg(long = "lang")]
    pub lang: Option<String>,
    /// Mark the media (or the post) sensitive.
    #[arg(long)]
    pub sensitive: bool,
    /// Attach a file (repeatable; paired in order with `--alt`).
    #[arg(long = "media", value_name = "PATH")]
    pub media: Vec<PathBuf>,
    /// Alt text of the attachment given at the same position.
    #[arg(long = "alt", value_name = "TEXT")]
    pub alt: Vec<String>,
    /// A poll option (repeatable).
    #[arg(long = "poll", value_name = "OPTION")]
    pub poll: Vec<String>,
    /// How long the poll runs (`30m`, `1h`, `3d`).
    #[arg(long = "poll-expires", value_name = "DURATION", default_value = "1d")]
    pub poll_expires: String,
    /// Allow several choices in the poll.
    #[arg(long = "poll-multiple")]
    pub poll_multiple: bool,
    /// Hide the poll's totals until it ends.
    #[arg(long = "poll-hide-totals")]
    pub poll_hide_totals: bool,
    /// Reply to this status: its participants are mentioned, its content
    /// warning kept, and the reply is never more public than it.
    #[arg(long = "reply-to", value_name = "ID")]
    pub reply_to: Option<String>,
    /// Publish later: RFC 3339, a local `YYYY-MM-DD HH:MM`, or `+1h`.
    #[arg(long, value_name = "TIME")]
    pub schedule: Option<String>,
    /// Edit one of your published posts instead of writing a new one.
    #[arg(long, value_name = "ID", conflicts_with = "reply_to")]
    pub edit: Option<String>,
    /// Write the text in $VISUAL or $EDITOR.
    #[arg(long)]
    pub editor: bool,
    /// Send a saved draft again (see `trompe drafts`), with the same
    /// idempotency key; `--schedule` may give it a new time.
    #[arg(long, value_name = "ID", conflicts_with_all = ["text", "cw", "visibility", "lang", "media", "poll", "reply_to", "edit", "editor"])]
    pub draft: Option<String>,
}

/// Arguments of `drafts`.
#[derive(clap::Args, Debug)]
pub struct DraftsArgs {
    #[command(subcommand)]
    pub command: Option<DraftsCommand>,
}

/// What `drafts` does.
#[derive(clap::Subcommand, Debug)]
pub enum DraftsCommand {
    /// List the drafts, most recent first (the default).
    List,
    /// Print one draft.
    Show {
        /// The draft's id.
        id: String,
    },
    /// Delete one draft.
    Delete {
        /// The draft's id.
        id: String,
    },
}

fn say(msg: impl std::fmt::Display) {
    eprintln!("trompe: {msg}");
}

fn usage(msg: impl std::fmt::Display) -> ExitCode {
    say(msg);
    ExitCode::from(EXIT_USAGE)
}

/// Saves `draft` (unless it is blank), says where, and returns `code`. If
/// even that fails, the text goes to stderr so it is not lost.
fn keep(store: &DraftStore, draft: &mut Draft, code: ExitCode) -> ExitCode {
    keep_as(store, draft, code, true)
}

/// [`keep`]; `resend` says whether `trompe post --draft` can send it as it is.
fn keep_as(store: &DraftStore, draft: &mut Draft, code: ExitCode, resend: bool) -> ExitCode {
    if draft.is_blank() {
        return code;
    }
    draft.touch(OffsetDateTime::now_utc());
    match store.save(draft) {
        Ok(path) if resend => say(format!(
            "the draft is saved in {}; send it again with `trompe post --draft {}`",
            path.display(),
            draft.id
        )),
        Ok(path) => say(format!("the text is saved in {}", path.display())),
        Err(e) => {
            say(format!("could not save the draft ({e}); here is its text:"));
            eprintln!("{}", draft.text);
        }
    }
    code
}

/// Runs `$VISUAL`/`$EDITOR` on a private temporary file holding `initial`
/// (the same hand-off as the TUI's `ctrl-e`).
async fn run_editor(initial: &str, id: &str) -> Result<String, String> {
    if !std::io::stdin().is_terminal() {
        return Err("--editor needs a terminal".into());
    }
    let command = crate::external_editor::command_from_env().map_err(|e| e.to_string())?;
    crate::external_editor::edit(&command, &std::env::temp_dir(), id, initial)
        .await
        .map(|t| t.trim_end().to_string())
        .map_err(|e| e.to_string())
}

/// The text given on the command line (`TEXT`, `-`), if any.
fn read_text(args: &PostArgs) -> Result<Option<String>, String> {
    match args.text.as_deref() {
        Some("-") => {
            let mut s = String::new();
            std::io::stdin()
                .read_to_string(&mut s)
                .map_err(|e| format!("cannot read standard input: {e}"))?;
            Ok(Some(s.trim_end().to_string()))
        }
        Some(t) => Ok(Some(t.to_string())),
        None => Ok(None),
    }
}

/// Applies the flags that need no server to `draft`.
fn apply_flags(draft: &mut Draft, args: &PostArgs, now: OffsetDateTime) -> Result<(), String> {
    if let Some(cw) = &args.cw {
        draft.cw = cw.clone();
    }
    if let Some(lang) = &args.lang {
        draft.language = Some(lang.trim().to_ascii_lowercase()).filter(|l| !l.is_empty());
    }
    if args.sensitive {
        draft.sensitive = true;
    }
    if args.alt.len() > args.media.len() {
        return Err(format!(
            "{} --alt for {} --media: each --alt describes the --media at the same position",
            args.alt.len(),
            args.media.len()
        ));
    }
    for (i, path) in args.media.iter().enumerate() {
        let alt = args.alt.get(i).cloned().unwrap_or_default();
        draft.media.push(DraftMedia::file(path.clone(), alt));
    }
    if !args.poll.is_empty() {
        let mut poll = DraftPoll::new(args.poll.clone());
        poll.expires_in = parse_duration(&args.poll_expires).map_err(|e| e.to_string())?;
        poll.multiple = args.poll_multiple;
        poll.hide_totals = args.poll_hide_totals;
        draft.poll = Some(poll);
    }
    if let Some(when) = &args.schedule {
        draft.scheduled_at = Some(schedule_time(when, now)?);
    }
    Ok(())
}

/// `--schedule`: a local time is read in the system's zone (`TZ`, else
/// `/etc/localtime`), with the offset in force on that date.
fn schedule_time(when: &str, now: OffsetDateTime) -> Result<OffsetDateTime, String> {
    parse_schedule(when, now, crate::compose::Zone::System).map_err(|e| e.to_string())
}

/// Turns a draft into a reply to `id`: the participants mentioned (unless
/// the text already does), the content warning kept, the visibility never
/// more public than the parent's.
async fn make_reply(
    client: &Client,
    draft: &mut Draft,
    id: &str,
    args: &PostArgs,
    now: OffsetDateTime,
) -> Result<(), ApiError> {
    let parent = client.status(&StatusId::new(id)).await?;
    let me = client.verify_credentials().await?;
    let preferred = args
        .visibility
        .as_deref()
        .map(Visibility::from)
        .unwrap_or_else(|| parent.original().visibility.clone());
    let reply = Draft::reply(&parent, &me.id, &preferred, now);
    let lower = draft.text.to_lowercase();
    let prefix: String = reply
        .reply_to
        .iter()
        .flat_map(|r| r.mentions.iter())
        .filter(|a| !lower.contains(&format!("@{}", a.to_lowercase())))
        .map(|a| format!("@{a} "))
        .collect();
    draft.text = format!("{prefix}{}", draft.text);
    if args.cw.is_none() {
        draft.cw = reply.cw.clone();
    }
    if let Some(asked) = &args.visibility {
        if reply.visibility.as_str() != asked {
            say(format!(
                "replying to a {} post: the reply is {}",
                parent.original().visibility,
                reply.visibility
            ));
        }
    }
    draft.visibility = reply.visibility;
    draft.reply_to = reply.reply_to;
    Ok(())
}

/// Loads the post to edit into a draft, with the flags applied over it.
async fn make_edit(
    client: &Client,
    id: &str,
    text: Option<String>,
    now: OffsetDateTime,
) -> Result<Draft, ApiError> {
    let id = StatusId::new(id);
    let status = client.status(&id).await?;
    // The source is the text as typed; without it, the HTML is converted.
    let source = client.status_source(&id).await.ok();
    let mut draft = Draft::edit(&status, source.as_ref(), now);
    if let Some(t) = text {
        draft.text = t;
    }
    Ok(draft)
}

fn progress_printer() -> Option<crate::compose::OnProgress> {
    if !std::io::stderr().is_terminal() {
        return None;
    }
    Some(Arc::new(|p: SendProgress| match p {
        SendProgress::Uploading {
            index,
            count,
            sent,
            total,
        } if sent == total => eprintln!("trompe: uploaded attachment {index} of {count}"),
        SendProgress::Processing { index } => {
            eprintln!("trompe: the server is processing attachment {index}…")
        }
        _ => {}
    }))
}

fn send_exit(e: &SendError) -> ExitCode {
    match e {
        SendError::Invalid(_) | SendError::File { .. } => ExitCode::from(EXIT_USAGE),
        SendError::Processing { .. } => ExitCode::from(EXIT_API),
        SendError::Media { source, .. } | SendError::Api(source) => api_exit(source),
    }
}

/// Posts and prints the new post's URL (or the scheduled post's id and time).
pub async fn run(paths: &Paths, account: Option<String>, args: PostArgs) -> ExitCode {
    let store = DraftStore::for_paths(paths);
    let now = OffsetDateTime::now_utc();
    let from_store = args.draft.is_some();
    let mut draft = match &args.draft {
        Some(id) => match store.load(id) {
            Ok(mut d) => {
                if let Some(when) = &args.schedule {
                    match schedule_time(when, now) {
                        Ok(t) => d.scheduled_at = Some(t),
                        Err(e) => return usage(e),
                    }
                }
                d
            }
            Err(e) => return usage(e),
        },
        None => {
            let mut d = Draft::new(now);
            d.account = account.clone();
            match read_text(&args) {
                Ok(t) => d.text = t.unwrap_or_default(),
                Err(e) => return usage(e),
            }
            if let Some(v) = &args.visibility {
                d.visibility = Visibility::from(v.as_str());
            }
            d
        }
    };
    if args.editor && args.edit.is_none() {
        match run_editor(&draft.text, &draft.id).await {
            Ok(t) => draft.text = t,
            Err(e) => return keep(&store, &mut draft, usage(e)),
        }
    }
    if !from_store && args.edit.is_none() {
        if let Err(e) = apply_flags(&mut draft, &args, now) {
            return keep(&store, &mut draft, usage(e));
        }
        if draft.text.trim().is_empty() && draft.media.is_empty() {
            return usage(
                "nothing to post: give the text, `-` to read it from standard input, or --editor",
            );
        }
    }
    let client = match session::client(paths, account.as_deref()).await {
        Ok(c) => c,
        Err(code) => return keep(&store, &mut draft, code),
    };
    if let Some(id) = &args.edit {
        if args.visibility.is_some() {
            let code = usage("the visibility of a published post cannot be changed");
            return keep_as(&store, &mut draft, code, false);
        }
        let typed = Some(draft.text.clone()).filter(|t| !t.trim().is_empty());
        draft = match make_edit(&client, id, typed, now).await {
            Ok(d) => d,
            Err(e) => {
                say(format!("cannot load post {id} to edit it: {e}"));
                // Not an edit yet (nothing of the post was loaded): only the text is kept.
                draft.last_error = Some(e.to_string());
                return keep_as(&store, &mut draft, api_exit(&e), false);
            }
        };
        if args.editor {
            match run_editor(&draft.text, &draft.id).await {
                Ok(t) => draft.text = t,
                Err(e) => return keep(&store, &mut draft, usage(e)),
            }
        }
        if let Err(e) = apply_flags(&mut draft, &args, now) {
            return keep(&store, &mut draft, usage(e));
        }
    } else if let (Some(id), false) = (&args.reply_to, from_store) {
        if let Err(e) = make_reply(&client, &mut draft, id, &args, now).await {
            say(&e);
            return keep(&store, &mut draft, api_exit(&e));
        }
    }
    let limits = match client.instance().await {
        Ok(i) => Limits::from_instance(&i),
        Err(e) => {
            tracing::warn!("instance limits unavailable, using Mastodon's defaults: {e}");
            Limits::default()
        }
    };
    for m in draft.media.iter().filter(|m| m.uploaded.is_none()) {
        if let Some(path) = &m.path {
            if let Err(p) = inspect_file(path, &limits) {
                return keep(&store, &mut draft, usage(p));
            }
        }
    }
    for w in draft.warnings() {
        say(format!("warning: {w}"));
    }
    let result = crate::compose::send(
        &client,
        &mut draft,
        &limits,
        now,
        &ProcessingWait::default(),
        progress_printer(),
    )
    .await;
    match result {
        Ok(sent) => {
            if from_store {
                if let Err(e) = store.delete(&draft.id) {
                    say(format!("posted, but the draft could not be deleted: {e}"));
                }
            }
            match &sent {
                Sent::Scheduled(s) => println!(
                    "scheduled {} for {}",
                    s.id,
                    s.scheduled_at
                        .and_then(|t| crate::api::entities::format_timestamp(&t))
                        .unwrap_or_default()
                ),
                other => println!("{}", other.url().unwrap_or_default()),
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            say(&e);
            keep(&store, &mut draft, send_exit(&e))
        }
    }
}

/// One line for a draft in the list.
fn summary(d: &Draft) -> String {
    let mut tags = Vec::new();
    if d.reply_to.is_some() {
        tags.push("reply");
    }
    if d.edit_of.is_some() {
        tags.push("edit");
    }
    if d.scheduled_at.is_some() {
        tags.push("scheduled");
    }
    if !d.media.is_empty() {
        tags.push("media");
    }
    if d.poll.is_some() {
        tags.push("poll");
    }
    if d.last_error.is_some() {
        tags.push("failed");
    }
    let first: String = d
        .text
        .lines()
        .find(|l| !l.trim().is_empty())
        .unwrap_or("")
        .chars()
        .take(60)
        .collect();
    let when = crate::api::entities::format_timestamp(&d.updated_at).unwrap_or_default();
    format!(
        "{}  {}  {}{}",
        d.id,
        when,
        if tags.is_empty() {
            String::new()
        } else {
            format!("[{}] ", tags.join(","))
        },
        crate::html::sanitize_line(&first)
    )
}

/// Prints a whole draft.
fn show(d: &Draft) {
    let line = |k: &str, v: &str| println!("{k}: {}", crate::html::sanitize_line(v));
    line("id", &d.id);
    if let Some(a) = &d.account {
        line("account", a);
    }
    line("visibility", d.visibility.as_str());
    if !d.cw.is_empty() {
        line("content warning", &d.cw);
    }
    if let Some(l) = &d.language {
        line("language", l);
    }
    if let Some(r) = &d.reply_to {
        line("reply to", r.id.as_str());
    }
    if let Some(e) = &d.edit_of {
        line("edit of", e.as_str());
    }
    if let Some(t) = d
        .scheduled_at
        .and_then(|t| crate::api::entities::format_timestamp(&t))
    {
        line("scheduled at", &t);
    }
    for (i, m) in d.media.iter().enumerate() {
        let what = m
            .path
            .as_ref()
            .map(|p| p.display().to_string())
            .or_else(|| m.uploaded.as_ref().map(|u| format!("media {u}")))
            .unwrap_or_default();
        line(
            &format!("media {}", i + 1),
            &format!("{what} — {}", m.description),
        );
    }
    if let Some(p) = &d.poll {
        line("poll", &p.options.join(" | "));
    }
    if let Some(e) = &d.last_error {
        line("last error", e);
    }
    println!();
    println!("{}", crate::html::sanitize(&d.text));
}

/// `trompe drafts [list | show ID | delete ID]`.
pub fn run_drafts(paths: &Paths, args: DraftsArgs) -> ExitCode {
    let store = DraftStore::for_paths(paths);
    match args.command.unwrap_or(DraftsCommand::List) {
        DraftsCommand::List => match store.list() {
            Ok(list) if list.is_empty() => {
                say("no drafts");
                ExitCode::SUCCESS
            }
            Ok(list) => {
                for d in &list {
                    println!("{}", summary(d));
                }
                ExitCode::SUCCESS
            }
            Err(e) => usage(e),
        },
        DraftsCommand::Show { id } => match store.load(&id) {
            Ok(d) => {
                show(&d);
                ExitCode::SUCCESS
            }
            Err(e) => usage(e),
        },
        DraftsCommand::Delete { id } => match store.delete(&id) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => usage(e),
        },
    }
}
