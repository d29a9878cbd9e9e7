//! What the reading and acting commands share: the global output flags,
//! the session and output set-up, error reporting with the exit codes,
//! resolving `ID|URL` and `@user[@host]` arguments, and streaming paginated
//! lists page by page.

use std::process::ExitCode;

use serde::de::DeserializeOwned;
use serde_json::Value;

use super::output::{ColorChoice, Output};
use super::{EXIT_API, EXIT_AUTH, EXIT_NETWORK, EXIT_USAGE, session};
use crate::api::endpoints::Call;
use crate::api::entities::{Account, StatusId};
use crate::api::{ApiError, Client};
use crate::config::Paths;

/// The flags every command accepts.
#[derive(Debug, Clone, Default)]
pub struct Global {
    /// `--account`.
    pub account: Option<String>,
    /// `--json`.
    pub json: bool,
    /// `--jsonl`.
    pub jsonl: bool,
    /// `--color`.
    pub color: ColorChoice,
}

impl Global {
    /// The output these flags ask for.
    pub fn output(&self) -> Output {
        Output::new(self.json, self.jsonl, self.color)
    }
}

/// A logged-in command's client and output.
pub struct Ctx {
    /// The API client.
    pub client: Client,
    /// Where to print.
    pub out: Output,
}

impl Ctx {
    /// The client of the selected account (exit 3 when there is none).
    pub async fn new(paths: &Paths, g: &Global) -> Result<Ctx, ExitCode> {
        let client = session::client(paths, g.account.as_deref()).await?;
        Ok(Ctx {
            client,
            out: g.output(),
        })
    }

    /// The selected account's client for the post `target` names; with no
    /// account here and a link, a visitor's client on the post's own
    /// instance (which shows a public post to anyone).
    pub async fn for_post(paths: &Paths, g: &Global, target: &str) -> Result<Ctx, ExitCode> {
        let origin = url::Url::parse(target.trim())
            .ok()
            .filter(|u| matches!(u.scheme(), "http" | "https") && u.host().is_some())
            .map(|u| u.origin().ascii_serialization());
        match origin {
            Some(o) if g.account.is_none() && !session::has_account(paths) => Ok(Ctx {
                client: session::anonymous(&o)?,
                out: g.output(),
            }),
            _ => Ctx::new(paths, g).await,
        }
    }

    /// An anonymous client for `domain` when given (public endpoints of any
    /// instance), else the selected account's.
    pub async fn for_instance(
        paths: &Paths,
        g: &Global,
        domain: Option<&str>,
    ) -> Result<Ctx, ExitCode> {
        match domain {
            Some(d) => Ok(Ctx {
                client: session::anonymous(d)?,
                out: g.output(),
            }),
            None => Ctx::new(paths, g).await,
        }
    }

    /// Runs a call for its raw JSON (errors reported, exit code returned).
    pub async fn raw(&self, call: &Call) -> Result<Value, ExitCode> {
        self.client.call::<Value>(call).await.map_err(|e| fail(&e))
    }

    /// Prints one entity: its JSON, or its text form through `text`.
    pub fn show<T: DeserializeOwned>(
        &mut self,
        raw: &Value,
        text: impl FnOnce(&Output, &T) -> String,
    ) -> Result<(), ExitCode> {
        if self.out.is_text() {
            let typed: T = typed(raw)?;
            let s = text(&self.out, &typed);
            self.out.line(&s);
        } else {
            self.out.value(raw);
        }
        self.out.flush();
        Ok(())
    }
}

impl Ctx {
    /// Prints a JSON array answer (not paginated): each item as JSON, or as
    /// text through `text`; `empty` when there is nothing, in text.
    pub fn show_all<T: DeserializeOwned>(
        &mut self,
        raw: &Value,
        empty: &str,
        text: impl Fn(&Output, &T) -> String,
    ) -> Result<(), ExitCode> {
        let items = raw.as_array().map(Vec::as_slice).unwrap_or_default();
        self.out.begin_list();
        if items.is_empty() {
            self.out.line(empty);
        }
        for v in items {
            if self.out.is_text() {
                let t: T = typed(v)?;
                let s = text(&self.out, &t);
                self.out.line(&s);
            } else {
                self.out.item(v);
            }
        }
        self.out.end_list();
        Ok(())
    }
}

/// Runs `f` with the client of the selected account and the output, and
/// turns its result into the exit code (3 when there is no account).
pub async fn logged_in(
    paths: &Paths,
    g: &Global,
    f: impl AsyncFnOnce(&mut Ctx) -> Result<(), ExitCode>,
) -> ExitCode {
    match Ctx::new(paths, g).await {
        Ok(mut ctx) => finish(f(&mut ctx).await),
        Err(code) => code,
    }
}

/// Decodes raw JSON into an entity, reporting a decode error (exit 1).
pub fn typed<T: DeserializeOwned>(v: &Value) -> Result<T, ExitCode> {
    serde_path_to_error::deserialize(v).map_err(|e| {
        fail(&ApiError::Decode {
            endpoint: "the answer".into(),
            path: e.path().to_string(),
            message: e.inner().to_string(),
        })
    })
}

/// Reports an API error on stderr (with the fix for a rejected token) and
/// returns its exit code: 3 for 401, 4 for the network, 1 otherwise.
pub fn fail(e: &ApiError) -> ExitCode {
    eprintln!("trompe: {e}");
    match e {
        ApiError::Unauthorized { .. } => {
            eprintln!("trompe: log in again with `trompe login <instance>` (or set TROMPE_TOKEN)");
            ExitCode::from(EXIT_AUTH)
        }
        ApiError::Network(_) | ApiError::Timeout => ExitCode::from(EXIT_NETWORK),
        _ => ExitCode::from(EXIT_API),
    }
}

/// A usage error (exit 2) with a message on stderr.
pub fn usage(msg: &str) -> ExitCode {
    eprintln!("trompe: {msg}");
    ExitCode::from(EXIT_USAGE)
}

/// Turns a command's result into its exit code.
pub fn finish(r: Result<(), ExitCode>) -> ExitCode {
    r.err().unwrap_or(ExitCode::SUCCESS)
}

/// The status an `ID|URL` argument names: an id as is; a URL of this
/// instance (`…/@user/ID`, `…/statuses/ID`) by its id; any other URL
/// resolved through search, as a pasted link from another instance.
pub async fn status_id(client: &Client, target: &str) -> Result<StatusId, ApiError> {
    let t = target.trim();
    if !t.contains("://") {
        if t.is_empty() || t.contains('/') || t.contains(char::is_whitespace) {
            return Err(ApiError::NotFound {
                message: format!("`{t}` is not a status id or URL"),
            });
        }
        return Ok(StatusId::new(t));
    }
    let visitor = client.token().is_none();
    let local = url::Url::parse(t).ok().and_then(|u| {
        let same = u.origin() == client.base().origin();
        let segments: Vec<&str> = u.path_segments()?.filter(|s| !s.is_empty()).collect();
        let last = segments.last()?.to_string();
        // A visitor cannot ask the server to resolve a link, so a post's
        // own link is read as its id there: `/@user/ID` or `…/statuses/ID`
        // (digits on Mastodon, a ULID on GoToSocial), `/notice/ID` (a flake
        // id on Pleroma).
        let id_like = if visitor {
            let before = segments.len().checked_sub(2).map(|i| segments[i]);
            !last.is_empty()
                && last.bytes().all(|b| b.is_ascii_alphanumeric())
                && before.is_some_and(|b| b.starts_with('@') || b == "statuses" || b == "notice")
        } else {
            last.bytes().all(|b| b.is_ascii_digit())
        };
        (same && id_like).then_some(last)
    });
    match local {
        Some(id) => Ok(StatusId::new(id)),
        None if visitor => Err(ApiError::Unsupported(format!(
            "without an account, a post is read from its own link (https://HOST/@user/ID); `{t}` is not one. Log in to look it up"
        ))),
        None => client.resolve_status(t).await.map(|s| s.id),
    }
}

/// The account a `@user[@host]` (or id) argument names.
pub async fn account(client: &Client, acct: &str) -> Result<Account, ApiError> {
    let a = acct.trim();
    if !a.is_empty() && a.bytes().all(|b| b.is_ascii_digit()) {
        return client
            .account(&crate::api::entities::AccountId::new(a))
            .await;
    }
    client.find_account(a).await
}

/// `--limit`, `--all-pages` and `--max-pages` of list commands.
#[derive(clap::Args, Debug, Clone)]
pub struct PagingArgs {
    /// Items per page (the server caps it, usually at 40).
    #[arg(long, short = 'n', default_value_t = 20, value_parser = clap::value_parser!(u32).range(1..=200))]
    pub limit: u32,
    /// Follow the pages to the end, printing each as it arrives.
    #[arg(long)]
    pub all_pages: bool,
    /// With --all-pages: stop after this many pages.
    #[arg(long, default_value_t = 100, value_parser = clap::value_parser!(u32).range(1..))]
    pub max_pages: u32,
}

impl PagingArgs {
    /// How many pages to read.
    pub fn pages(&self) -> u32 {
        if self.all_pages { self.max_pages } else { 1 }
    }
}

/// Prints a paginated list as it arrives: each item as JSON, or as text
/// through `text` (which gets the raw item). Follows `Link: rel="next"` for
/// up to `pages` pages; stops when the reader goes away.
pub async fn stream_list(
    ctx: &mut Ctx,
    first: &Call,
    pages: u32,
    mut text: impl FnMut(&Output, &Value) -> Result<Option<String>, ExitCode>,
) -> Result<(), ExitCode> {
    ctx.out.begin_list();
    let mut result = Ok(());
    let mut page = ctx
        .client
        .call_linked::<Vec<Value>>(first)
        .await
        .map_err(|e| fail(&e));
    for n in 0..pages {
        let (items, next, _) = match page {
            Ok(p) => p,
            Err(code) => {
                result = Err(code);
                break;
            }
        };
        for v in &items {
            if ctx.out.is_text() {
                match text(&ctx.out, v) {
                    Ok(Some(s)) => ctx.out.line(&s),
                    Ok(None) => {}
                    Err(code) => {
                        ctx.out.end_list();
                        return Err(code);
                    }
                }
            } else {
                ctx.out.item(v);
            }
        }
        ctx.out.flush();
        let Some(next) = next.filter(|_| !items.is_empty() && n + 1 < pages) else {
            break;
        };
        if ctx.out.broken() {
            break;
        }
        page = ctx
            .client
            .call_at::<Vec<Value>>(&next)
            .await
            .map_err(|e| fail(&e));
    }
    ctx.out.end_list();
    result
}

/// A text renderer for list items of type `T`, separated by blank lines
/// when `blank` is set.
pub fn each<T: DeserializeOwned>(
    blank: bool,
    render: impl Fn(&Output, &T) -> String,
) -> impl FnMut(&Output, &Value) -> Result<Option<String>, ExitCode> {
    let mut first = true;
    move |out, v| {
        let t: T = typed(v)?;
        let s = render(out, &t);
        let s = if blank && !first { format!("\n{s}") } else { s };
        first = false;
        Ok(Some(s))
    }
}
