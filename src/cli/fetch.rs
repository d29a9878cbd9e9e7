//! `trompe fetch URL|@user@host`: any public ActivityPub object, from any
//! instance, with no account there. With a node (`trompe relay init`) the
//! GETs are signed as it, so instances in authorized-fetch mode answer too.

use std::process::ExitCode;
use std::sync::Arc;

use serde_json::Value;
use trompe_federation::fetch::{Client, resolve_actor};
use trompe_federation::{NodeConfig, NodeKey, RelayConfig};
use url::Url;

use super::{EXIT_NETWORK, EXIT_USAGE};
use crate::config::Paths;
use crate::config::accounts::ConfigFile;
use crate::html::{html_to_text, sanitize_line};

/// Arguments of `fetch`.
#[derive(clap::Args, Debug)]
pub struct FetchArgs {
    /// An object's URL, an actor's URL, or @user@host.
    pub target: String,
    /// How many posts of an actor's outbox, or replies of a post.
    #[arg(long, default_value_t = 10)]
    pub limit: usize,
    /// Which page of an outbox or collection (following its `next` links).
    #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u16).range(1..=100))]
    pub page: u16,
    /// Allow private addresses (tests, LANs).
    #[arg(long)]
    pub allow_private_addresses: bool,
}

fn fail(code: u8, message: impl std::fmt::Display) -> ExitCode {
    eprintln!("trompe: {message}");
    ExitCode::from(code)
}

/// The node's signing client if one is set up, else an unsigned one.
fn client(paths: &Paths, allow_private: bool) -> Result<Client, String> {
    let cfg = ConfigFile::load(&paths.config_file()).map_err(|e| e.to_string())?;
    let Some(table) = cfg.other.get("relay") else {
        return Ok(Client::new(None, allow_private));
    };
    let relay: RelayConfig = table
        .clone()
        .try_into()
        .map_err(|e: toml::de::Error| format!("[relay] in config.toml: {}", e.message()))?;
    let node = NodeConfig::from_relay(&relay).map_err(|e| format!("[relay]: {e}"))?;
    let key_path = paths.data_dir.join("relay").join("node.pem");
    let key = NodeKey::load(&key_path).map_err(|e| e.to_string())?;
    Ok(Client::new(
        Some((Arc::new(key), node.key_id())),
        allow_private || node.allow_private_addresses,
    ))
}

/// Runs `fetch`.
pub async fn run(paths: &Paths, args: FetchArgs, json: bool) -> ExitCode {
    let client = match client(paths, args.allow_private_addresses) {
        Ok(c) => c,
        Err(e) => return fail(EXIT_USAGE, e),
    };
    let id = match resolve_actor(&client, &args.target).await {
        Ok(id) => id,
        Err(e) => return fail(EXIT_NETWORK, e),
    };
    let Ok(url) = Url::parse(&id) else {
        return fail(EXIT_USAGE, format!("not a URL: {id}"));
    };
    let doc = match client.get(&url).await {
        Ok(d) => d,
        Err(e) => return fail(EXIT_NETWORK, e),
    };
    if json {
        outln!("{doc:#}");
        return ExitCode::SUCCESS;
    }
    let kind = doc.get("type").and_then(Value::as_str).unwrap_or("");
    match kind {
        "Person" | "Service" | "Application" | "Group" | "Organization" => {
            print_actor(&doc);
            let items = page_items(&client, doc.get("outbox"), args.page, args.limit).await;
            for item in items {
                // Outboxes hold activities: show what they made or shared.
                let object = match item.get("type").and_then(Value::as_str) {
                    Some("Create") => item.get("object").cloned(),
                    Some("Announce") => {
                        let shared = item.get("object").and_then(id_of).unwrap_or("?");
                        outln!("\n  boosted {}", sanitize_line(shared));
                        None
                    }
                    _ => Some(item),
                };
                if let Some(o) = object.filter(Value::is_object) {
                    outln!();
                    print_note(&o, "  ");
                }
            }
        }
        "OrderedCollection" | "Collection" | "OrderedCollectionPage" | "CollectionPage" => {
            let items = page_items(&client, Some(&doc), args.page, args.limit).await;
            for item in items {
                match item.as_str() {
                    Some(id) => outln!("{}", sanitize_line(id)),
                    None => print_note(&item, ""),
                }
            }
        }
        _ => {
            print_note(&doc, "");
            let replies = page_items(&client, doc.get("replies"), 1, args.limit).await;
            for reply in replies {
                let reply = match reply.as_str().and_then(|id| Url::parse(id).ok()) {
                    Some(u) => match client.get(&u).await {
                        Ok(r) => r,
                        Err(_) => continue,
                    },
                    None => reply,
                };
                outln!();
                print_note(&reply, "  ↳ ");
            }
        }
    }
    ExitCode::SUCCESS
}

fn id_of(v: &Value) -> Option<&str> {
    v.as_str().or_else(|| v.get("id").and_then(Value::as_str))
}

/// The items of page `page` (from 1) of a collection given inline or by
/// id, at most `limit`; pages are reached through `next` links.
async fn page_items(
    client: &Client,
    collection: Option<&Value>,
    page: u16,
    limit: usize,
) -> Vec<Value> {
    let Some(c) = collection else {
        return vec![];
    };
    let mut doc = match c {
        Value::String(id) => match Url::parse(id) {
            Ok(u) => client.get(&u).await.unwrap_or_default(),
            Err(_) => return vec![],
        },
        other => other.clone(),
    };
    let items = |d: &Value| {
        d.get("orderedItems")
            .or_else(|| d.get("items"))
            .and_then(Value::as_array)
            .cloned()
    };
    if items(&doc).is_none() {
        // To the first page.
        let first = doc.get("first").cloned();
        doc = match first {
            Some(Value::String(id)) => match Url::parse(&id) {
                Ok(u) => client.get(&u).await.unwrap_or_default(),
                Err(_) => return vec![],
            },
            Some(page) => page,
            None => return vec![],
        };
    }
    for _ in 1..page {
        let next = doc.get("next").cloned();
        doc = match next {
            Some(Value::String(id)) => match Url::parse(&id) {
                Ok(u) => client.get(&u).await.unwrap_or_default(),
                Err(_) => return vec![],
            },
            Some(p @ Value::Object(_)) => p,
            _ => return vec![],
        };
    }
    items(&doc)
        .unwrap_or_default()
        .into_iter()
        .take(limit)
        .collect()
}

fn text_of(v: Option<&Value>) -> String {
    v.and_then(Value::as_str)
        .map(html_to_text)
        .unwrap_or_default()
}

fn print_actor(doc: &Value) {
    let name = doc.get("name").and_then(Value::as_str).unwrap_or("");
    let user = doc
        .get("preferredUsername")
        .and_then(Value::as_str)
        .unwrap_or("?");
    let host = doc
        .get("id")
        .and_then(Value::as_str)
        .and_then(|i| Url::parse(i).ok())
        .and_then(|u| u.host_str().map(str::to_string))
        .unwrap_or_default();
    let kind = doc.get("type").and_then(Value::as_str).unwrap_or("");
    outln!(
        "{} (@{}@{}) · {}",
        sanitize_line(name),
        sanitize_line(user),
        sanitize_line(&host),
        sanitize_line(kind)
    );
    for line in text_of(doc.get("summary")).lines() {
        outln!("  {}", sanitize_line(line));
    }
    if let Some(url) = doc.get("url").and_then(id_of) {
        outln!("  {}", sanitize_line(url));
    }
}

fn print_note(doc: &Value, indent: &str) {
    let author = doc
        .get("attributedTo")
        .and_then(|a| match a {
            Value::Array(v) => v.iter().find_map(id_of),
            other => id_of(other),
        })
        .unwrap_or("?");
    let published = doc.get("published").and_then(Value::as_str).unwrap_or("");
    outln!(
        "{indent}{} · {}",
        sanitize_line(author),
        sanitize_line(published)
    );
    if let Some(cw) = doc.get("summary").and_then(Value::as_str) {
        if !cw.is_empty() {
            outln!("{indent}CW: {}", sanitize_line(&html_to_text(cw)));
        }
    }
    for line in text_of(doc.get("content")).lines() {
        outln!("{indent}{}", sanitize_line(line));
    }
    if let Some(options) = doc
        .get("oneOf")
        .or_else(|| doc.get("anyOf"))
        .and_then(Value::as_array)
    {
        for o in options {
            let name = o.get("name").and_then(Value::as_str).unwrap_or("");
            let votes = o
                .pointer("/replies/totalItems")
                .and_then(Value::as_u64)
                .unwrap_or(0);
            outln!("{indent}  ( ) {} · {votes}", sanitize_line(name));
        }
    }
    if let Some(media) = doc.get("attachment").and_then(Value::as_array) {
        for m in media {
            let url = m.get("url").and_then(id_of).unwrap_or("");
            let alt = m
                .get("name")
                .and_then(Value::as_str)
                .unwrap_or("no alt text");
            outln!(
                "{indent}[media] {} ({})",
                sanitize_line(url),
                sanitize_line(alt)
            );
        }
    }
    if let Some(id) = doc.get("id").and_then(Value::as_str) {
        outln!("{indent}{}", sanitize_line(id));
    }
}
