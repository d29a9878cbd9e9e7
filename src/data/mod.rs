//! Your data across instances: export in Mastodon's own formats, import
//! (idempotent, resumable, paced by the rate limit), a move between two of
//! your accounts, and a local archive of your posts.
//!
//! The CLI (`trompe export|import|move|archive`) and the TUI (`:move`) both
//! run these; progress goes to a [`Reporter`], never to the terminal
//! directly.

pub mod archive;
pub mod export;
pub mod files;
pub mod import;

use std::time::Duration;

use serde::de::DeserializeOwned;
use time::OffsetDateTime;
use url::Url;

use crate::api::endpoints::Call;
use crate::api::{ApiError, Client};

/// What can be exported and imported.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, clap::ValueEnum)]
pub enum What {
    /// Accounts you follow, with their options.
    Follows,
    /// Your lists and their members.
    Lists,
    /// Accounts you block.
    Blocks,
    /// Accounts you mute.
    Mutes,
    /// Domains you block.
    DomainBlocks,
    /// Your bookmarks.
    Bookmarks,
    /// Your filters and their keywords.
    Filters,
    /// Hashtags you follow.
    FollowedTags,
}

impl What {
    /// Everything, in the order an import applies it: follows before the
    /// lists that need them.
    pub const ALL: [What; 8] = [
        What::Follows,
        What::Lists,
        What::Mutes,
        What::Blocks,
        What::DomainBlocks,
        What::Bookmarks,
        What::Filters,
        What::FollowedTags,
    ];

    /// Its name in reports and on the command line.
    pub fn label(self) -> &'static str {
        match self {
            What::Follows => "follows",
            What::Lists => "lists",
            What::Blocks => "blocks",
            What::Mutes => "mutes",
            What::DomainBlocks => "domain-blocks",
            What::Bookmarks => "bookmarks",
            What::Filters => "filters",
            What::FollowedTags => "followed-tags",
        }
    }

    /// The kinds asked for, in import order; all when none is named.
    pub fn selection(asked: &[What]) -> Vec<What> {
        What::ALL
            .into_iter()
            .filter(|w| asked.is_empty() || asked.contains(w))
            .collect()
    }
}

/// Where progress goes: a bar on a terminal, lines in a pipe, a channel
/// to the TUI.
pub trait Reporter: Send {
    /// `done` of `total` (when known) in the stage `label`.
    fn progress(&mut self, label: &str, done: usize, total: Option<usize>);
    /// Something the user should read now (a wait for the rate limit).
    fn notice(&mut self, message: &str);
}

/// A reporter that drops everything (tests, dry parts).
pub struct Silent;

impl Reporter for Silent {
    fn progress(&mut self, _: &str, _: usize, _: Option<usize>) {}
    fn notice(&mut self, _: &str) {}
}

/// The longest single wait for a rate limit; a server that asks for more
/// is answered with an error instead of a frozen command.
const MAX_WAIT: Duration = Duration::from_secs(15 * 60);
/// How many times one request is retried after a 429.
const MAX_RETRIES: u32 = 8;
/// Pages read from one list at most (40 items each: 80,000 items).
pub const MAX_PAGES: usize = 2000;

/// Sends a request through a [`Paced`] (`$paced.$send`): first keeping
/// to the rate limit, and again after each 429 the server allows waiting
/// for. A macro, not a function taking a closure: the futures must stay
/// `Send` for the TUI's tasks.
macro_rules! retrying {
    ($paced:ident, $send:expr) => {{
        let mut attempt = 0;
        loop {
            $paced.pace().await;
            match $send {
                Err(e) if $paced.backoff(&e, &mut attempt).await => continue,
                r => break r,
            }
        }
    }};
}

/// A client that keeps to the server's rate limit: it waits for the reset
/// when `X-RateLimit-Remaining` reaches 0, and after a 429 waits as long
/// as the server says and sends the same request again.
pub struct Paced<'a> {
    /// The account's client.
    pub client: Client,
    /// Where waits are announced.
    pub report: &'a mut dyn Reporter,
    /// Times it waited, and for how long in all.
    pub waits: u32,
    /// The time spent waiting.
    pub waited: Duration,
}

impl<'a> Paced<'a> {
    /// Wraps a client.
    pub fn new(client: Client, report: &'a mut dyn Reporter) -> Paced<'a> {
        Paced {
            client,
            report,
            waits: 0,
            waited: Duration::ZERO,
        }
    }

    /// Runs a call and decodes its answer.
    pub async fn call<T: DeserializeOwned>(&mut self, call: &Call) -> Result<T, ApiError> {
        retrying!(self, self.client.call::<T>(call).await)
    }

    /// Runs a call whose answer does not matter beyond its success.
    pub async fn call_unit(&mut self, call: &Call) -> Result<(), ApiError> {
        retrying!(self, self.client.call_unit(call).await)
    }

    /// Every item of a paginated list, following `Link: rel="next"` (at
    /// most [`MAX_PAGES`] pages). Progress is reported under `label`.
    pub async fn all<T: DeserializeOwned>(
        &mut self,
        first: &Call,
        label: &str,
    ) -> Result<Vec<T>, ApiError> {
        let mut items: Vec<T> = Vec::new();
        let (mut page, mut next) = self.page::<T>(first).await?;
        for _ in 0..MAX_PAGES {
            let empty = page.is_empty();
            items.append(&mut page);
            self.report.progress(label, items.len(), None);
            let Some(url) = next.take().filter(|_| !empty) else {
                break;
            };
            (page, next) = self.at(&url).await?;
        }
        Ok(items)
    }

    /// One page of a list, and the `next` cursor.
    pub async fn page<T: DeserializeOwned>(
        &mut self,
        call: &Call,
    ) -> Result<(Vec<T>, Option<Url>), ApiError> {
        retrying!(self, self.client.call_linked::<Vec<T>>(call).await).map(|(v, next, _)| (v, next))
    }

    /// The page at a `Link` cursor, and the next cursor.
    pub async fn at<T: DeserializeOwned>(
        &mut self,
        url: &Url,
    ) -> Result<(T, Option<Url>), ApiError> {
        retrying!(self, self.client.call_at::<T>(url).await).map(|(v, next, _)| (v, next))
    }

    /// Waits for the reset when the last answer said no request is left.
    async fn pace(&mut self) {
        let Some(rl) = self.client.rate_limit() else {
            return;
        };
        if rl.remaining != Some(0) {
            return;
        }
        let Some(reset) = rl.reset else {
            return;
        };
        let left = reset - OffsetDateTime::now_utc();
        if left.is_positive() {
            let d = Duration::from_millis(left.whole_milliseconds().max(0) as u64)
                + Duration::from_millis(250);
            self.wait(d.min(MAX_WAIT), "the rate limit is used up")
                .await;
        }
    }

    /// After a 429: waits and says to try again (`true`), or gives up.
    async fn backoff(&mut self, e: &ApiError, attempt: &mut u32) -> bool {
        let ApiError::RateLimited { retry_after, reset } = e else {
            return false;
        };
        *attempt += 1;
        if *attempt > MAX_RETRIES {
            return false;
        }
        let from_reset = reset.map(|r| {
            let left = r - OffsetDateTime::now_utc();
            Duration::from_millis(left.whole_milliseconds().max(0) as u64)
        });
        let d = retry_after
            .or(from_reset)
            .unwrap_or(Duration::from_secs(60))
            .max(Duration::from_secs(1));
        if d > MAX_WAIT {
            return false;
        }
        self.wait(d, "the server answered 429 (too many requests)")
            .await;
        true
    }

    async fn wait(&mut self, d: Duration, why: &str) {
        let until = OffsetDateTime::now_utc() + d;
        self.report.notice(&format!(
            "{why}: waiting {} s, until {:02}:{:02}:{:02} UTC",
            d.as_secs_f64().ceil() as u64,
            until.hour(),
            until.minute(),
            until.second()
        ));
        self.waits += 1;
        self.waited += d;
        tokio::time::sleep(d).await;
    }
}

/// `user@domain` for an account's `acct`: local accounts (`user`) get the
/// instance's domain, as Mastodon's own export writes them.
pub fn full_acct(acct: &str, domain: &str) -> String {
    let a = acct.trim().trim_start_matches('@');
    if a.contains('@') {
        a.to_string()
    } else {
        format!("{a}@{domain}")
    }
}

/// The instance's domain: `domain` from the instance information, else
/// the host (and port) of its address.
pub async fn instance_domain(paced: &mut Paced<'_>) -> String {
    let from_api = paced
        .call::<serde_json::Value>(&Call::get("api/v2/instance"))
        .await
        .ok()
        .and_then(|v| {
            v.get("domain")
                .or_else(|| v.get("uri"))
                .and_then(|d| d.as_str())
                .map(str::to_string)
        })
        .filter(|d| !d.is_empty() && !d.contains('/'));
    from_api.unwrap_or_else(|| host_port(paced.client.base()))
}

/// `host[:port]` of a URL.
pub fn host_port(u: &Url) -> String {
    match (u.host_str(), u.port()) {
        (Some(h), Some(p)) => format!("{h}:{p}"),
        (Some(h), None) => h.to_string(),
        _ => String::new(),
    }
}

pub use crate::config::write_atomic;

/// The account behind a client, as the data commands need it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Me {
    /// Its id on its instance.
    pub id: String,
    /// `user@domain`.
    pub acct: String,
    /// The instance's domain (for local accounts' full addresses).
    pub domain: String,
}

/// Who is behind `paced` (this also checks the login, before any work).
pub async fn who(paced: &mut Paced<'_>) -> Result<Me, ApiError> {
    let me: serde_json::Value = paced.call(&Call::verify_credentials()).await?;
    let field = |k: &str| {
        me.get(k)
            .and_then(|a| a.as_str())
            .unwrap_or_default()
            .to_string()
    };
    let (id, acct) = (field("id"), field("acct"));
    if id.is_empty() {
        return Err(ApiError::Decode {
            endpoint: "api/v1/accounts/verify_credentials".into(),
            path: "id".into(),
            message: "no account id".into(),
        });
    }
    let domain = instance_domain(paced).await;
    Ok(Me {
        id,
        acct: full_acct(&acct, &domain),
        domain,
    })
}

/// Where an import into `account` from `source` keeps its progress.
pub fn progress_file(
    data_dir: &std::path::Path,
    account: &str,
    source: &str,
) -> std::path::PathBuf {
    use sha2::Digest as _;
    let h = sha2::Sha256::digest(format!("{account}\n{source}").as_bytes());
    let tag: String = h.iter().take(8).map(|b| format!("{b:02x}")).collect();
    data_dir.join("imports").join(format!("{tag}.json"))
}

/// Where a move from `from` to `to` keeps its export: the data directory,
/// one folder per pair (the CLI's `trompe move` and the TUI's `:move`
/// share it, and so their progress).
pub fn move_dir(data_dir: &std::path::Path, from: &str, to: &str) -> std::path::PathBuf {
    let safe = |s: &str| -> String {
        s.chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || matches!(c, '.' | '@' | '-') {
                    c
                } else {
                    '_'
                }
            })
            .collect()
    };
    data_dir
        .join("moves")
        .join(format!("{}--to--{}", safe(from), safe(to)))
}

/// What a move reminds of at the end: Mastodon's client API cannot move
/// followers.
pub fn followers_reminder(from: &str, to: &str) -> String {
    format!(
        "Your followers did not move: Mastodon's client API cannot redirect them.\n\
         To bring them along:\n\
         1. on {to}: Preferences → Account → Moving from a different account:\n\
         \x20  create an alias for {from};\n\
         2. on {from}: Preferences → Account → Moving to a different account:\n\
         \x20  enter {to}.\n\
         Your posts stay on the old instance. Keep a copy with:\n\
         \x20  trompe archive --account {from} --out DIR"
    )
}
