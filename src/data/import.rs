//! Applying an export to an account: idempotent (what is already there is
//! left alone and counted), resumable (a progress file records what is
//! done, written after each step), and paced by the rate limit.
//!
//! Accounts and posts on other instances are found through the target
//! instance's search with `resolve=true`. A list can only hold accounts
//! that are followed, so a member that is not is followed first, as
//! Mastodon's own import does.

use std::collections::{BTreeSet, HashMap};
use std::path::PathBuf;

use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use super::export::relationships;
use super::files::{Data, Filter, Follow, List, Mute};
use super::{Paced, What};
use crate::api::ApiError;
use crate::api::endpoints::Call;
use crate::api::endpoints::call::seg;
use crate::api::entities::FilterId;

/// How to import.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Only plan: read the target's state and say what would change.
    pub dry_run: bool,
    /// Where progress is kept between runs (none: no resuming).
    pub progress_file: Option<PathBuf>,
}

/// The counts of one kind.
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct KindReport {
    /// `follows`, `lists`, …
    pub kind: &'static str,
    /// Done by this run (in a dry run: would be done).
    pub done: usize,
    /// Already there before.
    pub already: usize,
    /// Done by an earlier, interrupted run (from the progress file).
    pub resumed: usize,
    /// Could not be done.
    pub failed: usize,
}

/// One thing that could not be done, and why.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Failure {
    /// What it was (`follow alice@example.org`).
    pub item: String,
    /// Why, in words.
    pub reason: String,
}

/// What an import did.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Report {
    /// Only planned, nothing changed.
    pub dry_run: bool,
    /// Per kind, in the order they were applied.
    pub kinds: Vec<KindReport>,
    /// What could not be done.
    pub failed: Vec<Failure>,
    /// What was done with a remark (a follow left as requested, …).
    pub notes: Vec<String>,
    /// In a dry run: each change it would make.
    pub planned: Vec<String>,
    /// Times it waited for the rate limit.
    pub rate_limit_waits: u32,
    /// Seconds spent waiting for it.
    pub rate_limit_waited_secs: u64,
}

impl Report {
    /// Everything done, nothing failed.
    pub fn complete(&self) -> bool {
        self.failed.is_empty()
    }

    /// Changes made (or, in a dry run, to make).
    pub fn changes(&self) -> usize {
        self.kinds.iter().map(|k| k.done).sum()
    }

    /// The report as text lines.
    pub fn lines(&self) -> Vec<String> {
        let mut out = Vec::new();
        if self.dry_run {
            out.push("Dry run: nothing was changed. The import would do this:".to_string());
            for p in &self.planned {
                out.push(format!("  + {p}"));
            }
        }
        let w = self.kinds.iter().map(|k| k.kind.len()).max().unwrap_or(0);
        for k in &self.kinds {
            let mut parts = vec![
                if self.dry_run {
                    format!("{} to do", k.done)
                } else {
                    format!("{} done", k.done)
                },
                format!("{} already there", k.already),
            ];
            if k.resumed > 0 {
                parts.push(format!("{} done by the earlier run", k.resumed));
            }
            if k.failed > 0 {
                parts.push(format!("{} failed", k.failed));
            }
            out.push(format!("{:w$}  {}", k.kind, parts.join(" · ")));
        }
        if !self.notes.is_empty() {
            out.push("notes:".to_string());
            for n in &self.notes {
                out.push(format!("  {n}"));
            }
        }
        if !self.failed.is_empty() {
            out.push("failed:".to_string());
            for f in &self.failed {
                out.push(format!("  {}: {}", f.item, f.reason));
            }
        }
        if self.rate_limit_waits > 0 {
            out.push(format!(
                "waited {} time(s) for the server's rate limit ({} s in all)",
                self.rate_limit_waits, self.rate_limit_waited_secs
            ));
        }
        out
    }
}

/// The progress file: which steps are done, for which account and source.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
struct Progress {
    account: String,
    source: String,
    done: BTreeSet<String>,
}

/// An error that stops the whole import (the network, the login, a
/// server that keeps refusing): the progress so far is kept.
fn fatal(e: &ApiError) -> bool {
    matches!(
        e,
        ApiError::Network(_)
            | ApiError::Timeout
            | ApiError::Unauthorized { .. }
            | ApiError::RateLimited { .. }
    ) || e.status_code().is_some_and(|c| c >= 500)
}

fn reason(e: &ApiError) -> String {
    match e {
        ApiError::NotFound { .. } => "not found on the target instance".to_string(),
        other => other.to_string(),
    }
}

/// A resolved account: its id on the target instance.
type Resolved = Result<String, String>;

struct Importer<'p, 'a> {
    paced: &'p mut Paced<'a>,
    dry: bool,
    progress_path: Option<PathBuf>,
    progress: Progress,
    earlier: BTreeSet<String>,
    report: Report,
    accounts: HashMap<String, Resolved>,
    rels: HashMap<String, Value>,
    /// Accounts followed (or requested) by this run, by id.
    followed_now: BTreeSet<String>,
}

/// Applies `data` (the kinds in `what`) to the account behind `paced`
/// (whose login [`super::who`] has checked).
/// `account` and `source` identify the progress file's run: a progress
/// file of another account or source is ignored.
pub async fn import(
    paced: &mut Paced<'_>,
    data: &Data,
    what: &[What],
    account: &str,
    source: &str,
    opts: &Options,
) -> Result<Report, ApiError> {
    let earlier = opts
        .progress_file
        .as_ref()
        .and_then(|p| std::fs::read(p).ok())
        .and_then(|b| serde_json::from_slice::<Progress>(&b).ok())
        .filter(|p| p.account == account && p.source == source)
        .map(|p| p.done)
        .unwrap_or_default();
    let mut im = Importer {
        paced,
        dry: opts.dry_run,
        progress_path: opts.progress_file.clone().filter(|_| !opts.dry_run),
        progress: Progress {
            account: account.to_string(),
            source: source.to_string(),
            done: earlier.clone(),
        },
        earlier,
        report: Report {
            dry_run: opts.dry_run,
            ..Default::default()
        },
        accounts: HashMap::new(),
        rels: HashMap::new(),
        followed_now: BTreeSet::new(),
    };
    for w in What::selection(what) {
        if !data.has(w) {
            continue;
        }
        im.report.kinds.push(KindReport {
            kind: w.label(),
            ..Default::default()
        });
        match w {
            What::Follows => {
                im.follows(data.follows.as_deref().unwrap_or_default())
                    .await?
            }
            What::Lists => im.lists(data.lists.as_deref().unwrap_or_default()).await?,
            What::Mutes => im.mutes(data.mutes.as_deref().unwrap_or_default()).await?,
            What::Blocks => {
                im.blocks(data.blocks.as_deref().unwrap_or_default())
                    .await?
            }
            What::DomainBlocks => {
                im.domain_blocks(data.domain_blocks.as_deref().unwrap_or_default())
                    .await?
            }
            What::Bookmarks => {
                im.bookmarks(data.bookmarks.as_deref().unwrap_or_default())
                    .await?
            }
            What::Filters => {
                im.filters(data.filters.as_deref().unwrap_or_default())
                    .await?
            }
            What::FollowedTags => {
                im.tags(data.followed_tags.as_deref().unwrap_or_default())
                    .await?
            }
        }
    }
    im.report.rate_limit_waits = im.paced.waits;
    im.report.rate_limit_waited_secs = im.paced.waited.as_secs();
    // A finished run needs no progress file: the next one starts afresh
    // (and finds everything already there).
    if let Some(p) = &im.progress_path {
        let _ = std::fs::remove_file(p);
    }
    Ok(im.report)
}

enum Step {
    /// Done before this run (progress file).
    Earlier,
    /// Go on with it.
    Todo,
}

impl Importer<'_, '_> {
    fn kind(&mut self) -> &mut KindReport {
        let n = self.report.kinds.len() - 1;
        &mut self.report.kinds[n]
    }

    fn start(&mut self, key: &str) -> Step {
        if self.earlier.contains(key) {
            self.kind().resumed += 1;
            Step::Earlier
        } else {
            Step::Todo
        }
    }

    fn already(&mut self) {
        self.kind().already += 1;
    }

    fn failed(&mut self, item: &str, reason: String) {
        self.kind().failed += 1;
        self.report.failed.push(Failure {
            item: item.to_string(),
            reason,
        });
    }

    /// Counts a change (planned in a dry run) and records it as done.
    fn done(&mut self, key: &str) {
        self.kind().done += 1;
        if self.dry {
            self.report.planned.push(key.to_string());
            return;
        }
        self.progress.done.insert(key.to_string());
        if let Some(p) = &self.progress_path {
            let bytes = serde_json::to_vec(&self.progress).unwrap_or_default();
            if let Err(e) = super::write_atomic(p, &bytes) {
                tracing::warn!("could not write the import's progress file: {e}");
            }
        }
    }

    fn tick(&mut self, kind: What, n: usize, total: usize) {
        self.paced.report.progress(kind.label(), n, Some(total));
    }

    /// Runs a change (skipped in a dry run). `Ok(Err(reason))`: this item
    /// failed; `Err`: the import must stop.
    async fn act(&mut self, call: Call) -> Result<Result<Value, String>, ApiError> {
        if self.dry {
            return Ok(Ok(Value::Null));
        }
        match self.paced.call::<Value>(&call).await {
            Ok(v) => Ok(Ok(v)),
            Err(e) if fatal(&e) => Err(e),
            Err(e) => Ok(Err(reason(&e))),
        }
    }

    /// Runs a change and counts it done, or failed with the reason.
    /// `Some(answer)` when it was done.
    async fn apply(&mut self, key: &str, call: Call) -> Result<Option<Value>, ApiError> {
        match self.act(call).await? {
            Ok(v) => {
                self.done(key);
                Ok(Some(v))
            }
            Err(why) => {
                self.failed(key, why);
                Ok(None)
            }
        }
    }

    /// The lowercase names in a paginated list (domain blocks, tags).
    async fn names(
        &mut self,
        call: Call,
        kind: What,
        name: fn(&Value) -> Option<&str>,
    ) -> Result<BTreeSet<String>, ApiError> {
        let items: Vec<Value> = self.paced.all(&call, kind.label()).await?;
        Ok(items
            .iter()
            .filter_map(name)
            .map(str::to_lowercase)
            .collect())
    }

    /// The target instance's id for `user@domain`: its own copy when it
    /// has one, else found through search with `resolve=true`.
    async fn resolve(&mut self, acct: &str) -> Result<Resolved, ApiError> {
        let key = acct.to_lowercase();
        if let Some(r) = self.accounts.get(&key) {
            return Ok(r.clone());
        }
        let found = match self.paced.call::<Value>(&Call::lookup_account(acct)).await {
            Ok(a) => a.get("id").and_then(Value::as_str).map(str::to_string),
            Err(e) if fatal(&e) => return Err(e),
            Err(_) => None,
        };
        let found = match found {
            Some(id) => Some(id),
            None => {
                let call = Call::get("api/v2/search")
                    .query("q", format!("@{acct}"))
                    .query("type", "accounts")
                    .query("resolve", "true")
                    .query("limit", "5");
                match self.paced.call::<Value>(&call).await {
                    Ok(v) => v
                        .get("accounts")
                        .and_then(Value::as_array)
                        .into_iter()
                        .flatten()
                        .find(|a| {
                            a.get("acct")
                                .and_then(Value::as_str)
                                .is_some_and(|x| x.eq_ignore_ascii_case(acct))
                        })
                        .and_then(|a| a.get("id").and_then(Value::as_str))
                        .map(str::to_string),
                    Err(e) if fatal(&e) => return Err(e),
                    Err(_) => None,
                }
            }
        };
        let r = found.ok_or_else(|| {
            "account not found (moved, deleted, or its server is unreachable)".to_string()
        });
        self.accounts.insert(key, r.clone());
        Ok(r)
    }

    /// Resolves accounts and fetches the relationships not known yet.
    async fn prepare(&mut self, kind: What, accts: &[String]) -> Result<(), ApiError> {
        let mut ids = Vec::new();
        for (n, a) in accts.iter().enumerate() {
            self.paced.report.progress(
                &format!("{}: finding accounts", kind.label()),
                n + 1,
                Some(accts.len()),
            );
            if let Ok(id) = self.resolve(a).await? {
                if !self.rels.contains_key(&id) {
                    ids.push(id);
                }
            }
        }
        ids.sort();
        ids.dedup();
        let rels = relationships(self.paced, &ids).await?;
        self.rels.extend(rels);
        Ok(())
    }

    fn rel(&self, id: &str, k: &str) -> bool {
        self.rels
            .get(id)
            .and_then(|r| r.get(k))
            .and_then(Value::as_bool)
            .unwrap_or(false)
    }

    fn set_rel(&mut self, id: &str, answer: &Value) {
        if answer.get("id").is_some() {
            self.rels.insert(id.to_string(), answer.clone());
        }
    }

    async fn follows(&mut self, follows: &[Follow]) -> Result<(), ApiError> {
        let todo: Vec<&Follow> = follows
            .iter()
            .filter(|f| !self.earlier.contains(&format!("follow {}", f.acct)))
            .collect();
        let accts: Vec<String> = todo.iter().map(|f| f.acct.clone()).collect();
        self.prepare(What::Follows, &accts).await?;
        for (n, f) in follows.iter().enumerate() {
            self.tick(What::Follows, n + 1, follows.len());
            let key = format!("follow {}", f.acct);
            if let Step::Earlier = self.start(&key) {
                continue;
            }
            let id = match self.resolve(&f.acct).await? {
                Ok(id) => id,
                Err(why) => {
                    self.failed(&key, why);
                    continue;
                }
            };
            let langs = |v: Option<&Value>| -> Vec<String> {
                let mut l: Vec<String> = v
                    .and_then(Value::as_array)
                    .map(|a| {
                        a.iter()
                            .filter_map(Value::as_str)
                            .map(str::to_string)
                            .collect()
                    })
                    .unwrap_or_default();
                l.sort();
                l
            };
            let mut wanted = f.languages.clone();
            wanted.sort();
            let there = self.rel(&id, "following") || self.rel(&id, "requested");
            let same = self.rel(&id, "showing_reblogs") == f.reblogs
                && self.rel(&id, "notifying") == f.notify
                && langs(self.rels.get(&id).and_then(|r| r.get("languages"))) == wanted;
            if there && (same || self.rel(&id, "requested")) {
                self.already();
                continue;
            }
            let mut body = json!({"reblogs": f.reblogs, "notify": f.notify});
            if !f.languages.is_empty() {
                body["languages"] = json!(f.languages);
            }
            let call = Call::post(format!("api/v1/accounts/{}/follow", seg(&id))).json(body);
            match self.act(call).await? {
                Ok(rel) => {
                    self.set_rel(&id, &rel);
                    self.followed_now.insert(id.clone());
                    if rel.get("requested").and_then(Value::as_bool) == Some(true)
                        && rel.get("following").and_then(Value::as_bool) != Some(true)
                    {
                        self.report.notes.push(format!(
                            "{}: the account approves its followers; the follow is left as requested",
                            f.acct
                        ));
                    }
                    self.done(&key);
                }
                Err(why) => self.failed(&key, why),
            }
        }
        Ok(())
    }

    async fn lists(&mut self, lists: &[List]) -> Result<(), ApiError> {
        let existing: Vec<Value> = self.paced.call(&Call::get("api/v1/lists")).await?;
        let mut ids: HashMap<String, String> = existing
            .iter()
            .filter_map(|l| {
                Some((
                    l.get("title")?.as_str()?.to_string(),
                    l.get("id")?.as_str()?.to_string(),
                ))
            })
            .collect();
        let accts: Vec<String> = lists
            .iter()
            .flat_map(|l| l.members.iter())
            .filter(|m| {
                !lists
                    .iter()
                    .any(|l| self.earlier.contains(&format!("list {}: {m}", l.title)))
            })
            .cloned()
            .collect();
        self.prepare(What::Lists, &accts).await?;
        let total: usize = lists.iter().map(|l| 1 + l.members.len()).sum();
        let mut n = 0;
        for l in lists {
            n += 1;
            self.tick(What::Lists, n, total);
            let key = format!("list {}", l.title);
            let mut members: BTreeSet<String> = BTreeSet::new();
            let step = self.start(&key);
            match (step, ids.get(&l.title).cloned()) {
                (step, Some(id)) => {
                    if let Step::Todo = step {
                        self.already();
                    }
                    let path = format!("api/v1/lists/{}/accounts", seg(&id));
                    let accounts: Vec<Value> = self
                        .paced
                        .all(&Call::get(path).query("limit", "80"), "lists")
                        .await?;
                    members = accounts
                        .iter()
                        .filter_map(|a| a.get("id")?.as_str().map(str::to_string))
                        .collect();
                }
                (Step::Earlier, None) => {
                    // Made by the earlier run, and gone since.
                    self.failed(&key, "the list made by the earlier run is gone".into());
                    continue;
                }
                (Step::Todo, None) => {
                    let mut body = json!({"title": l.title});
                    if let Some(p) = &l.replies_policy {
                        body["replies_policy"] = json!(p);
                    }
                    if let Some(e) = l.exclusive {
                        body["exclusive"] = json!(e);
                    }
                    match self.act(Call::post("api/v1/lists").json(body)).await? {
                        Ok(v) => {
                            if let Some(id) = v.get("id").and_then(Value::as_str) {
                                ids.insert(l.title.clone(), id.to_string());
                            }
                            self.done(&key);
                        }
                        Err(why) => {
                            self.failed(&key, why);
                            n += l.members.len();
                            continue;
                        }
                    }
                }
            }
            for m in &l.members {
                n += 1;
                self.tick(What::Lists, n, total);
                let mkey = format!("list {}: {m}", l.title);
                if let Step::Earlier = self.start(&mkey) {
                    continue;
                }
                let aid = match self.resolve(m).await? {
                    Ok(id) => id,
                    Err(why) => {
                        self.failed(&mkey, why);
                        continue;
                    }
                };
                if members.contains(&aid) {
                    self.already();
                    continue;
                }
                // In a dry run, the follows planned above count as made.
                let following =
                    self.rel(&aid, "following") || (self.dry && self.followed_now.contains(&aid));
                if !following {
                    if self.rel(&aid, "requested") {
                        self.failed(
                            &mkey,
                            "the follow request is still pending, and a list holds only accounts you follow".into(),
                        );
                        continue;
                    }
                    // As Mastodon's import: follow first, then add.
                    let call = Call::post(format!("api/v1/accounts/{}/follow", seg(&aid)));
                    match self.act(call).await? {
                        Ok(rel) => {
                            self.set_rel(&aid, &rel);
                            self.followed_now.insert(aid.clone());
                            self.report.notes.push(format!(
                                "{m}: followed, to add the account to the list {}",
                                l.title
                            ));
                            if !self.dry && !self.rel(&aid, "following") {
                                self.failed(
                                    &mkey,
                                    "the account approves its followers; the follow is left as requested, and the list waits for it".into(),
                                );
                                continue;
                            }
                        }
                        Err(why) => {
                            self.failed(&mkey, why);
                            continue;
                        }
                    }
                }
                let list_id = ids.get(&l.title).cloned().unwrap_or_default();
                let call = Call::post(format!("api/v1/lists/{}/accounts", seg(&list_id)))
                    .json(json!({"account_ids": [aid]}));
                self.apply(&mkey, call).await?;
            }
        }
        Ok(())
    }

    async fn mutes(&mut self, mutes: &[Mute]) -> Result<(), ApiError> {
        let accts: Vec<String> = mutes
            .iter()
            .filter(|m| !self.earlier.contains(&format!("mute {}", m.acct)))
            .map(|m| m.acct.clone())
            .collect();
        self.prepare(What::Mutes, &accts).await?;
        for (n, m) in mutes.iter().enumerate() {
            self.tick(What::Mutes, n + 1, mutes.len());
            let key = format!("mute {}", m.acct);
            if let Step::Earlier = self.start(&key) {
                continue;
            }
            let id = match self.resolve(&m.acct).await? {
                Ok(id) => id,
                Err(why) => {
                    self.failed(&key, why);
                    continue;
                }
            };
            if self.rel(&id, "muting") && self.rel(&id, "muting_notifications") == m.notifications {
                self.already();
                continue;
            }
            let call = Call::post(format!("api/v1/accounts/{}/mute", seg(&id)))
                .json(json!({"notifications": m.notifications}));
            if let Some(rel) = self.apply(&key, call).await? {
                self.set_rel(&id, &rel);
            }
        }
        Ok(())
    }

    async fn blocks(&mut self, blocks: &[String]) -> Result<(), ApiError> {
        let accts: Vec<String> = blocks
            .iter()
            .filter(|a| !self.earlier.contains(&format!("block {a}")))
            .cloned()
            .collect();
        self.prepare(What::Blocks, &accts).await?;
        for (n, a) in blocks.iter().enumerate() {
            self.tick(What::Blocks, n + 1, blocks.len());
            let key = format!("block {a}");
            if let Step::Earlier = self.start(&key) {
                continue;
            }
            let id = match self.resolve(a).await? {
                Ok(id) => id,
                Err(why) => {
                    self.failed(&key, why);
                    continue;
                }
            };
            if self.rel(&id, "blocking") {
                self.already();
                continue;
            }
            let call = Call::post(format!("api/v1/accounts/{}/block", seg(&id)));
            if let Some(rel) = self.apply(&key, call).await? {
                self.set_rel(&id, &rel);
            }
        }
        Ok(())
    }

    async fn domain_blocks(&mut self, domains: &[String]) -> Result<(), ApiError> {
        let call = Call::get("api/v1/domain_blocks").query("limit", "200");
        let have = self.names(call, What::DomainBlocks, Value::as_str).await?;
        for (n, d) in domains.iter().enumerate() {
            self.tick(What::DomainBlocks, n + 1, domains.len());
            let key = format!("domain-block {d}");
            if let Step::Earlier = self.start(&key) {
                continue;
            }
            if have.contains(&d.to_lowercase()) {
                self.already();
                continue;
            }
            let call = Call::post("api/v1/domain_blocks")
                .json(json!({"domain": d}))
                .form_encoded();
            self.apply(&key, call).await?;
        }
        Ok(())
    }

    async fn bookmarks(&mut self, uris: &[String]) -> Result<(), ApiError> {
        for (n, uri) in uris.iter().enumerate() {
            self.tick(What::Bookmarks, n + 1, uris.len());
            let key = format!("bookmark {uri}");
            if let Step::Earlier = self.start(&key) {
                continue;
            }
            let call = Call::get("api/v2/search")
                .query("q", uri.clone())
                .query("type", "statuses")
                .query("resolve", "true")
                .query("limit", "1");
            let found = match self.paced.call::<Value>(&call).await {
                Ok(v) => v
                    .get("statuses")
                    .and_then(Value::as_array)
                    .and_then(|s| s.first())
                    .cloned(),
                Err(e) if fatal(&e) => return Err(e),
                Err(_) => None,
            };
            let Some(status) = found else {
                self.failed(
                    &key,
                    "post not found (deleted, not public, or its server is unreachable)".into(),
                );
                continue;
            };
            if status.get("bookmarked").and_then(Value::as_bool) == Some(true) {
                self.already();
                continue;
            }
            let id = status
                .get("id")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_string();
            let call = Call::post(format!("api/v1/statuses/{}/bookmark", seg(&id)));
            self.apply(&key, call).await?;
        }
        Ok(())
    }

    async fn filters(&mut self, filters: &[Filter]) -> Result<(), ApiError> {
        let have: Vec<Value> = self.paced.call(&Call::get("api/v2/filters")).await?;
        let total: usize = filters.iter().map(|f| 1 + f.keywords.len()).sum();
        let mut n = 0;
        for f in filters {
            n += 1;
            self.tick(What::Filters, n, total);
            let key = format!("filter {}", f.title);
            let existing = have
                .iter()
                .find(|h| h.get("title").and_then(Value::as_str) == Some(f.title.as_str()));
            let expires_in = match f.expires_at.as_deref().map(|t| {
                time::OffsetDateTime::parse(t, &time::format_description::well_known::Rfc3339)
            }) {
                Some(Ok(t)) => {
                    let left = (t - time::OffsetDateTime::now_utc()).whole_seconds();
                    if left <= 0 {
                        if let Step::Todo = self.start(&key) {
                            self.report
                                .notes
                                .push(format!("filter {}: expired, not imported", f.title));
                        }
                        n += f.keywords.len();
                        continue;
                    }
                    Some(left)
                }
                _ => None,
            };
            let Some(existing) = existing.cloned() else {
                if let Step::Earlier = self.start(&key) {
                    n += f.keywords.len();
                    continue;
                }
                let mut body = json!({
                    "title": f.title,
                    "context": f.context,
                    "filter_action": f.action,
                    "keywords_attributes": f.keywords.iter()
                        .map(|k| json!({"keyword": k.keyword, "whole_word": k.whole_word}))
                        .collect::<Vec<_>>(),
                });
                if let Some(s) = expires_in {
                    body["expires_in"] = json!(s);
                }
                match self.act(Call::post("api/v2/filters").json(body)).await? {
                    Ok(_) => {
                        self.done(&key);
                        // Its keywords came with it.
                        for k in &f.keywords {
                            n += 1;
                            self.tick(What::Filters, n, total);
                            self.done(&format!("filter {}: {}", f.title, k.keyword));
                        }
                    }
                    Err(why) => {
                        self.failed(&key, why);
                        n += f.keywords.len();
                    }
                }
                continue;
            };
            if let Step::Todo = self.start(&key) {
                self.already();
            }
            let fid = existing
                .get("id")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_string();
            let have_kw: BTreeSet<String> = existing
                .get("keywords")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(|k| k.get("keyword")?.as_str().map(str::to_lowercase))
                .collect();
            for k in &f.keywords {
                n += 1;
                self.tick(What::Filters, n, total);
                let kkey = format!("filter {}: {}", f.title, k.keyword);
                if let Step::Earlier = self.start(&kkey) {
                    continue;
                }
                if have_kw.contains(&k.keyword.to_lowercase()) {
                    self.already();
                    continue;
                }
                let call =
                    Call::add_filter_keyword(&FilterId::new(fid.clone()), &k.keyword, k.whole_word);
                self.apply(&kkey, call).await?;
            }
        }
        Ok(())
    }

    async fn tags(&mut self, tags: &[String]) -> Result<(), ApiError> {
        let call = Call::get("api/v1/followed_tags").query("limit", "100");
        let have = self
            .names(call, What::FollowedTags, |t| t.get("name")?.as_str())
            .await?;
        for (n, t) in tags.iter().enumerate() {
            self.tick(What::FollowedTags, n + 1, tags.len());
            let key = format!("tag #{t}");
            if let Step::Earlier = self.start(&key) {
                continue;
            }
            if have.contains(&t.to_lowercase()) {
                self.already();
                continue;
            }
            let call = Call::post(format!("api/v1/tags/{}/follow", seg(t)));
            self.apply(&key, call).await?;
        }
        Ok(())
    }
}
