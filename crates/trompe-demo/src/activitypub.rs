//! The demo instance's ActivityPub side: actors, outboxes and notes for its
//! local accounts, an inbox that takes follows, and delivery of new public
//! posts to remote followers, all with HTTP Signatures (draft-cavage,
//! rsa-sha256).
//!
//! Written apart from the client's federation crate, on purpose: the demo
//! is the tests' independent oracle, so it must not share the code it
//! checks. With `authorized_fetch`, unsigned GETs of its documents get 401,
//! as on instances in that mode.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

use aws_lc_rs::encoding::{AsDer, PublicKeyX509Der};
use aws_lc_rs::rand::SystemRandom;
use aws_lc_rs::rsa::{KeyPair, KeySize};
use aws_lc_rs::signature::{
    KeyPair as _, RSA_PKCS1_2048_8192_SHA256, RSA_PKCS1_SHA256, UnparsedPublicKey,
};
use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use serde_json::{Value, json};
use sha2::{Digest as _, Sha256};

use super::Shared;
use super::routes::AppState;
use super::world::{Id, World};

const AP_JSON: &str = "application/activity+json";
const PUBLIC: &str = "https://www.w3.org/ns/activitystreams#Public";
const PAGE: usize = 20;

/// A remote follower of a local account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Follower {
    pub actor: String,
    pub inbox: String,
}

/// What the ActivityPub side keeps.
#[derive(Debug, Default)]
pub(crate) struct ApState {
    /// Refuse unsigned GETs of documents.
    pub authorized_fetch: bool,
    /// Remote followers, by local account id.
    pub followers: Mutex<HashMap<Id, Vec<Follower>>>,
    /// Public keys of remote actors: keyId → (owner, pem).
    keys: Mutex<HashMap<String, (String, String)>>,
    /// Signatures already taken (no replays).
    seen: Mutex<std::collections::HashSet<String>>,
    /// The local actor that signs the demo's own key fetches.
    pub signer: Mutex<Option<String>>,
    /// Remote actors known from their posts: actor id → account id.
    remote_accounts: Mutex<HashMap<String, Id>>,
    /// Remote posts received: object id → status id.
    remote_notes: Mutex<HashMap<String, Id>>,
    /// The inboxes of remote accounts, by account id.
    remote_inboxes: Mutex<HashMap<Id, String>>,
}

/// The demo's RSA key, shared by its local actors (each actor has its own
/// `keyId`, owned by it). Made on first use, not at start.
struct Key {
    pair: KeyPair,
    pem: String,
}

fn key() -> Option<&'static Key> {
    static KEY: OnceLock<Option<Key>> = OnceLock::new();
    KEY.get_or_init(|| {
        let pair = KeyPair::generate(KeySize::Rsa2048).ok()?;
        let der = AsDer::<PublicKeyX509Der>::as_der(pair.public_key()).ok()?;
        let b64 = STANDARD.encode(der.as_ref());
        let mut pem = String::from("-----BEGIN PUBLIC KEY-----\n");
        for chunk in b64.as_bytes().chunks(64) {
            pem.push_str(&String::from_utf8_lossy(chunk));
            pem.push('\n');
        }
        pem.push_str("-----END PUBLIC KEY-----\n");
        Some(Key { pair, pem })
    })
    .as_ref()
}

fn http() -> &'static reqwest::Client {
    static CLIENT: OnceLock<reqwest::Client> = OnceLock::new();
    CLIENT.get_or_init(|| {
        reqwest::Client::builder()
            .timeout(Duration::from_secs(20))
            .build()
            .unwrap_or_default()
    })
}

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/users/{name}", get(actor))
        .route("/users/{name}/outbox", get(outbox))
        .route("/users/{name}/followers", get(followers))
        .route("/users/{name}/following", get(following))
        .route("/users/{name}/statuses/{id}", get(note))
        .route("/users/{name}/inbox", post(inbox))
        .route("/inbox", post(inbox_shared))
}

fn ap(doc: Value) -> Response {
    let mut r = axum::Json(doc).into_response();
    r.headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(AP_JSON));
    r
}

fn refuse(code: StatusCode, why: &str) -> Response {
    (code, axum::Json(json!({ "error": why }))).into_response()
}

fn actor_url(w: &World, username: &str) -> String {
    format!("{}/users/{username}", w.base)
}

fn local(w: &World, name: &str) -> Option<Id> {
    w.account_by_acct(name)
        .filter(|id| w.accounts.get(id).is_some_and(|a| a.domain.is_none()))
}

/// The Note of a local status.
fn note_of(w: &World, id: Id) -> Option<Value> {
    let s = w.statuses.get(&id)?;
    let a = w.accounts.get(&s.account)?;
    if a.domain.is_some() || s.reblog_of.is_some() {
        return None;
    }
    let actor = actor_url(w, &a.username);
    let (to, cc) = match s.visibility.as_str() {
        "public" => (json!([PUBLIC]), json!([format!("{actor}/followers")])),
        "unlisted" => (json!([format!("{actor}/followers")]), json!([PUBLIC])),
        _ => return None,
    };
    let published = time::OffsetDateTime::from_unix_timestamp(s.created_at)
        .ok()
        .and_then(|t| {
            t.format(&time::format_description::well_known::Rfc3339)
                .ok()
        });
    let in_reply_to = s.in_reply_to.and_then(|p| {
        let parent = w.statuses.get(&p)?;
        let pa = w.accounts.get(&parent.account)?;
        Some(format!("{}/statuses/{p}", actor_url(w, &pa.username)))
    });
    // Its public replies by local accounts, on one page (as ids).
    let mut replies: Vec<(Id, String)> = w
        .statuses
        .values()
        .filter(|r| {
            r.in_reply_to == Some(id) && matches!(r.visibility.as_str(), "public" | "unlisted")
        })
        .filter_map(|r| {
            let ra = w.accounts.get(&r.account)?;
            ra.domain.is_none().then(|| {
                (
                    r.id,
                    format!("{}/statuses/{}", actor_url(w, &ra.username), r.id),
                )
            })
        })
        .collect();
    replies.sort();
    let note_id = format!("{actor}/statuses/{id}");
    Some(json!({
        "id": note_id,
        "replies": {
            "id": format!("{note_id}/replies"),
            "type": "Collection",
            "first": {
                "type": "CollectionPage",
                "partOf": format!("{note_id}/replies"),
                "items": replies.into_iter().map(|(_, r)| r).collect::<Vec<_>>(),
            },
        },
        "type": "Note",
        "attributedTo": actor,
        "content": s.html,
        "summary": (!s.spoiler_text.is_empty()).then(|| s.spoiler_text.clone()),
        "sensitive": s.sensitive,
        "published": published,
        "inReplyTo": in_reply_to,
        "url": format!("{}/@{}/{id}", w.base, a.username),
        "to": to,
        "cc": cc,
    }))
}

fn create_of(w: &World, id: Id) -> Option<Value> {
    let note = note_of(w, id)?;
    Some(json!({
        "@context": "https://www.w3.org/ns/activitystreams",
        "id": format!("{}/activity", note["id"].as_str().unwrap_or_default()),
        "type": "Create",
        "actor": note["attributedTo"],
        "published": note["published"],
        "to": note["to"],
        "cc": note["cc"],
        "object": note,
    }))
}

/// Refuses an unsigned or unverifiable GET when authorized fetch is on.
async fn gate(s: &Shared, method: &Method, uri: &Uri, headers: &HeaderMap) -> Option<Response> {
    if !s.ap.authorized_fetch {
        return None;
    }
    let target = uri.path_and_query().map_or(uri.path(), |p| p.as_str());
    match verify(s, method.as_str(), target, headers, b"", None).await {
        Ok(_) => None,
        Err(why) => Some(refuse(StatusCode::UNAUTHORIZED, &why)),
    }
}

async fn actor(
    State(s): State<AppState>,
    Path(name): Path<String>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
) -> Response {
    if let Some(r) = gate(&s, &method, &uri, &headers).await {
        return r;
    }
    let Some(pem) = key().map(|k| k.pem.clone()) else {
        return refuse(StatusCode::INTERNAL_SERVER_ERROR, "no key");
    };
    let w = s.world();
    let Some(id) = local(&w, &name) else {
        return refuse(StatusCode::NOT_FOUND, "Record not found");
    };
    let a = &w.accounts[&id];
    let url = actor_url(&w, &a.username);
    ap(json!({
        "@context": ["https://www.w3.org/ns/activitystreams", "https://w3id.org/security/v1"],
        "id": url,
        "type": if a.bot { "Service" } else { "Person" },
        "preferredUsername": a.username,
        "name": a.display_name,
        "summary": a.note_html,
        "url": format!("{}/@{}", w.base, a.username),
        "manuallyApprovesFollowers": a.locked,
        "inbox": format!("{url}/inbox"),
        "outbox": format!("{url}/outbox"),
        "followers": format!("{url}/followers"),
        "following": format!("{url}/following"),
        "endpoints": { "sharedInbox": format!("{}/inbox", w.base) },
        "publicKey": { "id": format!("{url}#main-key"), "owner": url, "publicKeyPem": pem },
    }))
}

async fn outbox(
    State(s): State<AppState>,
    Path(name): Path<String>,
    Query(q): Query<HashMap<String, String>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
) -> Response {
    if let Some(r) = gate(&s, &method, &uri, &headers).await {
        return r;
    }
    let w = s.world();
    let Some(id) = local(&w, &name) else {
        return refuse(StatusCode::NOT_FOUND, "Record not found");
    };
    let url = format!("{}/outbox", actor_url(&w, &name));
    let mut mine: Vec<(i64, Id)> = w
        .statuses
        .values()
        .filter(|st| st.account == id && st.visibility == "public" && st.reblog_of.is_none())
        .map(|st| (st.created_at, st.id))
        .collect();
    mine.sort_by(|a, b| b.cmp(a));
    let page: Option<usize> = q
        .get("page")
        .and_then(|p| p.parse().ok())
        .filter(|p| *p >= 1);
    let Some(page) = page else {
        return ap(json!({
            "@context": "https://www.w3.org/ns/activitystreams",
            "id": url, "type": "OrderedCollection", "totalItems": mine.len(),
            "first": format!("{url}?page=1"),
        }));
    };
    let items: Vec<Value> = mine
        .iter()
        .skip((page - 1) * PAGE)
        .take(PAGE)
        .filter_map(|(_, sid)| create_of(&w, *sid))
        .collect();
    let mut doc = json!({
        "@context": "https://www.w3.org/ns/activitystreams",
        "id": format!("{url}?page={page}"), "type": "OrderedCollectionPage",
        "partOf": url, "orderedItems": items,
    });
    if page * PAGE < mine.len() {
        doc["next"] = json!(format!("{url}?page={}", page + 1));
    }
    ap(doc)
}

async fn followers(State(s): State<AppState>, Path(name): Path<String>) -> Response {
    let w = s.world();
    let Some(id) = local(&w, &name) else {
        return refuse(StatusCode::NOT_FOUND, "Record not found");
    };
    let local_count = w.follows.iter().filter(|(_, to)| *to == id).count();
    let remote =
        s.ap.followers
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(&id)
            .map_or(0, Vec::len);
    ap(json!({
        "id": format!("{}/followers", actor_url(&w, &name)),
        "type": "OrderedCollection", "totalItems": local_count + remote,
    }))
}

async fn following(State(s): State<AppState>, Path(name): Path<String>) -> Response {
    let w = s.world();
    let Some(id) = local(&w, &name) else {
        return refuse(StatusCode::NOT_FOUND, "Record not found");
    };
    let n = w.follows.iter().filter(|(from, _)| *from == id).count();
    ap(json!({
        "id": format!("{}/following", actor_url(&w, &name)),
        "type": "OrderedCollection", "totalItems": n,
    }))
}

async fn note(
    State(s): State<AppState>,
    Path((name, id)): Path<(String, String)>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
) -> Response {
    if let Some(r) = gate(&s, &method, &uri, &headers).await {
        return r;
    }
    let w = s.world();
    let found = id
        .parse::<Id>()
        .ok()
        .filter(|sid| {
            w.statuses.get(sid).is_some_and(|st| {
                w.accounts
                    .get(&st.account)
                    .is_some_and(|a| a.username == name)
            })
        })
        .and_then(|sid| note_of(&w, sid));
    match found {
        Some(mut n) => {
            n["@context"] = json!("https://www.w3.org/ns/activitystreams");
            ap(n)
        }
        None => refuse(StatusCode::NOT_FOUND, "Record not found"),
    }
}

fn imf_date(t: time::OffsetDateTime) -> String {
    let f = time::macros::format_description!(
        "[weekday repr:short], [day] [month repr:short] [year] [hour]:[minute]:[second] GMT"
    );
    t.to_offset(time::UtcOffset::UTC)
        .format(&f)
        .unwrap_or_default()
}

fn parse_imf_date(s: &str) -> Option<i64> {
    let f = time::macros::format_description!(
        "[weekday repr:short], [day] [month repr:short] [year] [hour]:[minute]:[second] GMT"
    );
    time::PrimitiveDateTime::parse(s.trim(), &f)
        .ok()
        .map(|t| t.assume_utc().unix_timestamp())
}

/// Verifies a request's signature; returns the key's owner. `body_actor`
/// is the activity's actor, which must own the key.
async fn verify(
    s: &Shared,
    method: &str,
    target: &str,
    headers: &HeaderMap,
    body: &[u8],
    body_actor: Option<&str>,
) -> Result<String, String> {
    let header = |n: &str| {
        headers
            .get(n)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string)
    };
    let sig = header("signature").ok_or("unsigned request")?;
    let mut params: HashMap<String, String> = HashMap::new();
    for part in sig.split(',') {
        if let Some((k, v)) = part.split_once('=') {
            params.insert(
                k.trim().to_ascii_lowercase(),
                v.trim().trim_matches('"').to_string(),
            );
        }
    }
    let key_id = params.get("keyid").ok_or("no keyId")?.clone();
    let names: Vec<String> = params
        .get("headers")
        .map(|h| h.split(' ').map(str::to_ascii_lowercase).collect())
        .unwrap_or_else(|| vec!["date".into()]);
    for needed in ["(request-target)", "host", "date"] {
        if !names.iter().any(|n| n == needed) {
            return Err(format!("{needed} is not signed"));
        }
    }
    let date = header("date")
        .and_then(|d| parse_imf_date(&d))
        .ok_or("bad Date")?;
    if (super::now_unix() - date).abs() > 12 * 3600 {
        return Err("Date is too far from now".into());
    }
    if !body.is_empty() {
        if !names.iter().any(|n| n == "digest") {
            return Err("digest is not signed".into());
        }
        let want = format!("SHA-256={}", STANDARD.encode(Sha256::digest(body)));
        if header("digest").as_deref() != Some(want.as_str()) {
            return Err("Digest does not match the body".into());
        }
    }
    let mut lines = Vec::new();
    for n in &names {
        let v = if n == "(request-target)" {
            format!("{} {target}", method.to_ascii_lowercase())
        } else {
            header(n).ok_or_else(|| format!("{n} is missing"))?
        };
        lines.push(format!("{n}: {v}"));
    }
    let text = lines.join("\n");
    let signature = STANDARD
        .decode(params.get("signature").ok_or("no signature")?)
        .map_err(|_| "signature is not base64")?;
    let cached =
        s.ap.keys
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(&key_id)
            .cloned();
    let checks = |pem: &str| {
        pem_der(pem).is_some_and(|der| {
            UnparsedPublicKey::new(&RSA_PKCS1_2048_8192_SHA256, der)
                .verify(text.as_bytes(), &signature)
                .is_ok()
        })
    };
    let owner = match cached {
        Some((owner, pem)) if checks(&pem) => owner,
        _ => {
            let (owner, pem) = fetch_key(s, &key_id).await?;
            s.ap.keys
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .insert(key_id.clone(), (owner.clone(), pem.clone()));
            if !checks(&pem) {
                return Err("the signature does not verify".into());
            }
            owner
        }
    };
    if let Some(actor) = body_actor {
        if actor != owner {
            return Err("the key does not belong to the actor".into());
        }
    }
    // Replays matter for deliveries; a GET signed twice in the same second
    // is byte for byte the same (RSA PKCS#1 v1.5 is deterministic) and
    // harmless.
    if !body.is_empty()
        && !s
            .ap
            .seen
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(sig.clone())
    {
        return Err("replayed signature".into());
    }
    Ok(owner)
}

fn pem_der(pem: &str) -> Option<Vec<u8>> {
    let body: String = pem
        .lines()
        .filter(|l| !l.starts_with("-----"))
        .collect::<String>()
        .split_whitespace()
        .collect();
    STANDARD.decode(body).ok()
}

/// A remote actor's key by keyId: (owner, pem). Fetched with a signed GET,
/// as instances in authorized-fetch mode require.
async fn fetch_key(s: &Shared, key_id: &str) -> Result<(String, String), String> {
    let url = key_id.split('#').next().unwrap_or(key_id);
    let signer =
        s.ap.signer
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone();
    let doc = get_signed(url, signer.as_deref()).await?;
    let k = doc.get("publicKey").unwrap_or(&doc);
    let k = k.as_array().and_then(|a| a.first()).unwrap_or(k);
    let pem = k
        .get("publicKeyPem")
        .and_then(Value::as_str)
        .ok_or("no publicKeyPem")?;
    let owner = k
        .get("owner")
        .and_then(Value::as_str)
        .or_else(|| doc.get("id").and_then(Value::as_str))
        .ok_or("no key owner")?;
    Ok((owner.to_string(), pem.to_string()))
}

/// The `Host` header a client sends for `url`.
fn host_header(url: &url::Url) -> String {
    match url.port() {
        Some(p) => format!("{}:{p}", url.host_str().unwrap_or_default()),
        None => url.host_str().unwrap_or_default().to_string(),
    }
}

/// Signature headers for a request as `signer` (a local actor URL).
fn sign(signer: &str, method: &str, url: &url::Url, body: Option<&[u8]>) -> Vec<(String, String)> {
    let Some(k) = key() else {
        return vec![];
    };
    let mut target = url.path().to_string();
    if let Some(q) = url.query() {
        target = format!("{target}?{q}");
    }
    let date = imf_date(time::OffsetDateTime::now_utc());
    let mut headers = vec![
        ("host".to_string(), host_header(url)),
        ("date".into(), date),
    ];
    if let Some(b) = body {
        headers.push((
            "digest".into(),
            format!("SHA-256={}", STANDARD.encode(Sha256::digest(b))),
        ));
    }
    let mut text = format!("(request-target): {} {target}", method.to_ascii_lowercase());
    for (n, v) in &headers {
        text.push_str(&format!("\n{n}: {v}"));
    }
    let mut sig = vec![0; k.pair.public_modulus_len()];
    if k.pair
        .sign(
            &RSA_PKCS1_SHA256,
            &SystemRandom::new(),
            text.as_bytes(),
            &mut sig,
        )
        .is_err()
    {
        return vec![];
    }
    let names: Vec<&str> = std::iter::once("(request-target)")
        .chain(headers.iter().map(|(n, _)| n.as_str()))
        .collect();
    headers.push((
        "signature".into(),
        format!(
            "keyId=\"{signer}#main-key\",algorithm=\"rsa-sha256\",headers=\"{}\",signature=\"{}\"",
            names.join(" "),
            STANDARD.encode(&sig)
        ),
    ));
    headers.retain(|(n, _)| n != "host");
    headers
}

async fn get_signed(url: &str, signer: Option<&str>) -> Result<Value, String> {
    let parsed = url::Url::parse(url).map_err(|e| e.to_string())?;
    let mut req = http().get(parsed.clone()).header("accept", AP_JSON);
    if let Some(signer) = signer {
        for (n, v) in sign(signer, "GET", &parsed, None) {
            req = req.header(n, v);
        }
    }
    let resp = req.send().await.map_err(|e| e.to_string())?;
    if !resp.status().is_success() {
        return Err(format!("{url} answered {}", resp.status()));
    }
    resp.json().await.map_err(|e| e.to_string())
}

async fn post_signed(signer: &str, inbox: &str, activity: &Value) -> Result<(), String> {
    let url = url::Url::parse(inbox).map_err(|e| e.to_string())?;
    let body = activity.to_string().into_bytes();
    let mut req = http().post(url.clone()).header("content-type", AP_JSON);
    for (n, v) in sign(signer, "POST", &url, Some(&body)) {
        req = req.header(n, v);
    }
    let resp = req.body(body).send().await.map_err(|e| e.to_string())?;
    if resp.status().is_success() {
        Ok(())
    } else {
        Err(format!("{inbox} answered {}", resp.status()))
    }
}

async fn inbox(
    State(s): State<AppState>,
    Path(name): Path<String>,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    take(s, Some(name), uri, headers, body).await
}

async fn inbox_shared(
    State(s): State<AppState>,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    take(s, None, uri, headers, body).await
}

async fn take(
    s: AppState,
    name: Option<String>,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let Ok(activity) = serde_json::from_slice::<Value>(&body) else {
        return refuse(StatusCode::BAD_REQUEST, "not JSON");
    };
    let actor = activity
        .get("actor")
        .and_then(|a| a.as_str().or_else(|| a.get("id").and_then(Value::as_str)))
        .unwrap_or_default()
        .to_string();
    let target = uri.path_and_query().map_or(uri.path(), |p| p.as_str());
    if let Err(why) = verify(&s, "POST", target, &headers, &body, Some(&actor)).await {
        return refuse(StatusCode::UNAUTHORIZED, &why);
    }
    let kind = activity.get("type").and_then(Value::as_str).unwrap_or("");
    let object = activity.get("object").cloned().unwrap_or(Value::Null);
    let object_id = object
        .as_str()
        .or_else(|| object.get("id").and_then(Value::as_str))
        .unwrap_or_default()
        .to_string();
    match kind {
        "Follow" => {
            let (local_id, followed) = {
                let w = s.world();
                let username = object_id.rsplit('/').next().unwrap_or_default().to_string();
                let ok = name.as_deref().is_none_or(|n| n == username)
                    && object_id == actor_url(&w, &username);
                match local(&w, &username).filter(|_| ok) {
                    Some(id) => (id, actor_url(&w, &username)),
                    None => return refuse(StatusCode::NOT_FOUND, "no such account"),
                }
            };
            let remote = match get_signed(&actor, Some(&followed)).await {
                Ok(doc) => doc,
                Err(e) => return refuse(StatusCode::BAD_REQUEST, &e),
            };
            let Some(inbox) = remote
                .pointer("/endpoints/sharedInbox")
                .or_else(|| remote.get("inbox"))
                .and_then(Value::as_str)
                .map(str::to_string)
            else {
                return refuse(StatusCode::BAD_REQUEST, "the follower has no inbox");
            };
            {
                let mut f = s.ap.followers.lock().unwrap_or_else(|e| e.into_inner());
                let list = f.entry(local_id).or_default();
                if !list.iter().any(|x| x.actor == actor) {
                    list.push(Follower {
                        actor: actor.clone(),
                        inbox: inbox.clone(),
                    });
                }
            }
            let accept = json!({
                "@context": "https://www.w3.org/ns/activitystreams",
                "id": format!("{followed}#accepts/{}", super::now_unix()),
                "type": "Accept",
                "actor": followed,
                "object": activity,
            });
            tokio::spawn(async move {
                if let Err(e) = post_signed(&followed, &inbox, &accept).await {
                    tracing::warn!(error = %e, "demo: could not deliver an Accept");
                }
            });
        }
        "Create" | "Update" if object.is_object() => {
            if let Err(why) = remote_note(&s, &actor, &object, kind == "Update").await {
                return refuse(StatusCode::BAD_REQUEST, &why);
            }
        }
        "Delete" => {
            let id =
                s.ap.remote_notes
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .get(&object_id)
                    .copied();
            if let Some(id) = id {
                let mut w = s.world();
                let by_actor =
                    w.statuses.get(&id).map(|st| st.account) == remote_account_id(&s, &actor);
                if by_actor {
                    w.statuses.remove(&id);
                    drop(w);
                    s.ap.remote_notes
                        .lock()
                        .unwrap_or_else(|e| e.into_inner())
                        .remove(&object_id);
                    super::streaming::publish_delete(&s, id);
                }
            }
        }
        "Undo" if object.get("type").and_then(Value::as_str) == Some("Follow") => {
            let mut f = s.ap.followers.lock().unwrap_or_else(|e| e.into_inner());
            for list in f.values_mut() {
                list.retain(|x| x.actor != actor);
            }
        }
        _ => {}
    }
    StatusCode::ACCEPTED.into_response()
}

/// `host[:port]` of a URL.
fn host_port(u: &url::Url) -> String {
    match u.port() {
        Some(p) => format!("{}:{p}", u.host_str().unwrap_or_default()),
        None => u.host_str().unwrap_or_default().to_string(),
    }
}

fn remote_account_id(s: &Shared, actor: &str) -> Option<Id> {
    s.ap.remote_accounts
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .get(actor)
        .copied()
}

/// The account of a remote actor, made from its document the first time.
async fn remote_account(s: &Shared, actor: &str) -> Result<Id, String> {
    if let Some(id) = remote_account_id(s, actor) {
        return Ok(id);
    }
    let signer =
        s.ap.signer
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone();
    let doc = get_signed(actor, signer.as_deref()).await?;
    if doc.get("id").and_then(Value::as_str) != Some(actor) {
        return Err(format!("{actor} answered with another actor"));
    }
    let url = url::Url::parse(actor).map_err(|e| e.to_string())?;
    let username = doc
        .get("preferredUsername")
        .and_then(Value::as_str)
        .filter(|u| !u.is_empty())
        .ok_or_else(|| format!("{actor} has no preferredUsername"))?
        .to_string();
    let text = |k: &str| doc.get(k).and_then(Value::as_str).unwrap_or_default();
    let kind = text("type");
    let mut w = s.world();
    let now = w.now;
    let id = w.alloc_id();
    w.accounts.insert(
        id,
        super::world::DAccount {
            id,
            username: username.clone(),
            domain: Some(host_port(&url)),
            display_name: if text("name").is_empty() {
                username
            } else {
                text("name").to_string()
            },
            note_html: text("summary").to_string(),
            fields: vec![],
            bot: kind == "Application" || kind == "Service",
            locked: doc
                .get("manuallyApprovesFollowers")
                .and_then(Value::as_bool)
                .unwrap_or(false),
            created_at: now,
            emojis: vec![],
        },
    );
    s.ap.remote_accounts
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .insert(actor.to_string(), id);
    if let Some(inbox) = doc.get("inbox").and_then(Value::as_str) {
        s.ap.remote_inboxes
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(id, inbox.to_string());
    }
    Ok(id)
}

/// Finds a remote account for a search with `resolve=true`: `@user@host`
/// by WebFinger (https, then http), or an actor's URL. Its account is made
/// the first time. `None` when it cannot be found.
pub(crate) async fn resolve(s: &Shared, query: &str) -> Option<Id> {
    let q = query.trim();
    let actor = if q.starts_with("https://") || q.starts_with("http://") {
        q.to_string()
    } else {
        let (user, host) = q.trim_start_matches('@').split_once('@')?;
        if host.eq_ignore_ascii_case(&s.world().domain) {
            return None; // a local account: found by the search itself
        }
        let mut found = None;
        for scheme in ["https", "http"] {
            let url =
                format!("{scheme}://{host}/.well-known/webfinger?resource=acct:{user}@{host}");
            let Ok(resp) = http().get(&url).send().await else {
                continue;
            };
            let Ok(doc) = resp.json::<Value>().await else {
                continue;
            };
            found = doc
                .get("links")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .find(|l| l.get("rel").and_then(Value::as_str) == Some("self"))
                .and_then(|l| l.get("href").and_then(Value::as_str))
                .map(str::to_string);
            if found.is_some() {
                break;
            }
        }
        found?
    };
    match remote_account(s, &actor).await {
        Ok(id) => Some(id),
        Err(e) => {
            tracing::info!("demo: could not resolve {q}: {e}");
            None
        }
    }
}

/// A post by its URL, for a search with `resolve=true`: a note received
/// before, or fetched from its origin now (signed as the demo user), which
/// then becomes a status of its author's account. `None` for a local URL
/// or a note that cannot be fetched or does not hold up.
pub(crate) async fn resolve_note(s: &Shared, url: &str) -> Option<Id> {
    let url = url.trim();
    let known = |id: &str| {
        s.ap.remote_notes
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(id)
            .copied()
    };
    if let Some(id) = known(url) {
        return Some(id);
    }
    if url.starts_with(&s.base) {
        return None;
    }
    let signer = {
        let w = s.world();
        let me = w.accounts.get(&w.me)?.username.clone();
        actor_url(&w, &me)
    };
    let doc = match get_signed(url, Some(&signer)).await {
        Ok(d) => d,
        Err(e) => {
            tracing::info!("demo: could not fetch {url}: {e}");
            return None;
        }
    };
    let id = doc.get("id").and_then(Value::as_str)?.to_string();
    let host = |u: &str| url::Url::parse(u).ok().map(|u| host_port(&u));
    if host(&id) != host(url) {
        return None; // a note must come from its own host
    }
    let author = doc.get("attributedTo").and_then(|a| {
        a.as_str()
            .or_else(|| a.get("id").and_then(Value::as_str))
            .map(str::to_string)
    })?;
    if let Err(e) = remote_note(s, &author, &doc, false).await {
        tracing::info!("demo: refused the note at {url}: {e}");
        return None;
    }
    known(&id)
}

/// A local account follows (or stops following) a remote account known
/// by ActivityPub: the Follow, or its Undo, goes to the actor's inbox,
/// signed by the local account. Nothing for other accounts.
pub(crate) fn federate_follow(s: &Shared, w: &World, me: Id, target: Id, follow: bool) {
    let actor =
        s.ap.remote_accounts
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .iter()
            .find(|(_, id)| **id == target)
            .map(|(a, _)| a.clone());
    let inbox =
        s.ap.remote_inboxes
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(&target)
            .cloned();
    let (Some(actor), Some(inbox)) = (actor, inbox) else {
        return;
    };
    let Some(me_name) = w.accounts.get(&me).map(|a| a.username.clone()) else {
        return;
    };
    let local = actor_url(w, &me_name);
    let follow_doc = json!({
        "id": format!("{local}#follows/{target}"),
        "type": "Follow",
        "actor": local,
        "object": actor,
    });
    let activity = if follow {
        let mut f = follow_doc;
        f["@context"] = json!("https://www.w3.org/ns/activitystreams");
        f
    } else {
        json!({
            "@context": "https://www.w3.org/ns/activitystreams",
            "id": format!("{local}#unfollows/{target}/{}", super::now_unix()),
            "type": "Undo",
            "actor": local,
            "object": follow_doc,
        })
    };
    if tokio::runtime::Handle::try_current().is_err() {
        return;
    }
    tokio::spawn(async move {
        if let Err(e) = post_signed(&local, &inbox, &activity).await {
            tracing::warn!(error = %e, "demo: could not deliver a follow");
        }
    });
}

/// A local status by its note id (`{base}/users/NAME/statuses/ID`).
fn local_status(w: &World, note: &str) -> Option<Id> {
    let rest = note.strip_prefix(&format!("{}/users/", w.base))?;
    let (_, id) = rest.split_once("/statuses/")?;
    let id: Id = id.parse().ok()?;
    w.statuses.contains_key(&id).then_some(id)
}

/// A Note created or updated by a remote actor: it becomes a status of
/// that actor's account (in the federated timeline when public), a reply
/// where it answers a post, and a mention for the local accounts it tags.
async fn remote_note(s: &Shared, actor: &str, note: &Value, update: bool) -> Result<(), String> {
    if note.get("type").and_then(Value::as_str) != Some("Note") {
        return Ok(());
    }
    let note_id = note
        .get("id")
        .and_then(Value::as_str)
        .ok_or("the note has no id")?
        .to_string();
    let author = note.get("attributedTo").and_then(|a| {
        a.as_str()
            .or_else(|| a.get("id").and_then(Value::as_str))
            .map(str::to_string)
    });
    let host = |u: &str| url::Url::parse(u).ok().map(|u| host_port(&u));
    if author.as_deref() != Some(actor) || host(&note_id) != host(actor) {
        return Err("a note must be its signer's, on its signer's host".into());
    }
    let account = remote_account(s, actor).await?;
    let has = |k: &str| {
        note.get(k)
            .and_then(Value::as_array)
            .is_some_and(|v| v.iter().any(|x| x.as_str() == Some(PUBLIC)))
    };
    let visibility = if has("to") {
        "public"
    } else if has("cc") {
        "unlisted"
    } else {
        "private"
    };
    let html = note
        .get("content")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string();
    let spoiler = note
        .get("summary")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string();
    let sensitive = note
        .get("sensitive")
        .and_then(Value::as_bool)
        .unwrap_or(false);
    let language = note
        .get("contentMap")
        .and_then(Value::as_object)
        .and_then(|m| m.keys().next().cloned());
    let mut w = s.world();
    let known =
        s.ap.remote_notes
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(&note_id)
            .copied();
    if let Some(id) = known {
        if !update {
            return Ok(()); // delivered twice
        }
        let now = w.now;
        if let Some(st) = w.statuses.get_mut(&id).filter(|st| st.account == account) {
            st.text = super::text::plain_text(&html);
            st.html = html;
            st.spoiler_text = spoiler;
            st.sensitive = sensitive;
            st.edited_at = Some(now);
            super::streaming::publish_edit(s, &w, id);
        }
        return Ok(());
    }
    let mentions: Vec<Id> = note
        .get("tag")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter(|t| t.get("type").and_then(Value::as_str) == Some("Mention"))
        .filter_map(|t| t.get("href").and_then(Value::as_str))
        .filter_map(|href| {
            let name = href.strip_prefix(&format!("{}/users/", w.base))?;
            local(&w, name)
        })
        .collect();
    let in_reply_to = note
        .get("inReplyTo")
        .and_then(Value::as_str)
        .and_then(|parent| {
            local_status(&w, parent).or_else(|| {
                s.ap.remote_notes
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .get(parent)
                    .copied()
            })
        });
    let now = w.now;
    let id = w.insert_status(
        account,
        super::world::NewStatus {
            text: super::text::plain_text(&html),
            spoiler_text: spoiler,
            visibility: visibility.into(),
            sensitive,
            language,
            in_reply_to,
            ..Default::default()
        },
        now,
    );
    if let Some(st) = w.statuses.get_mut(&id) {
        st.html = html;
        st.mentions = mentions;
    }
    s.ap.remote_notes
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .insert(note_id, id);
    super::compose::announce(s, &mut w, id);
    Ok(())
}

/// Sends a new public status of a local account to its remote followers.
pub(crate) fn deliver_status(s: &Shared, w: &World, id: Id) {
    let Some(create) = create_of(w, id) else {
        return;
    };
    let Some(author) = w.statuses.get(&id).map(|st| st.account) else {
        return;
    };
    if w.statuses
        .get(&id)
        .is_none_or(|st| st.visibility != "public")
    {
        return;
    }
    let inboxes: Vec<String> = {
        let f = s.ap.followers.lock().unwrap_or_else(|e| e.into_inner());
        let mut v: Vec<String> = f
            .get(&author)
            .map(|l| l.iter().map(|x| x.inbox.clone()).collect())
            .unwrap_or_default();
        v.sort();
        v.dedup();
        v
    };
    if inboxes.is_empty() {
        return;
    }
    let signer = create["actor"].as_str().unwrap_or_default().to_string();
    // Only from inside the server's runtime.
    if tokio::runtime::Handle::try_current().is_err() {
        return;
    }
    tokio::spawn(async move {
        for inbox in inboxes {
            if let Err(e) = post_signed(&signer, &inbox, &create).await {
                tracing::warn!(error = %e, "demo: could not deliver a post");
            }
        }
    });
}

/// The ActivityPub state of a new server: its own user signs its fetches.
pub(crate) fn state(w: &World, authorized_fetch: bool) -> ApState {
    ApState {
        authorized_fetch,
        signer: Mutex::new(w.accounts.get(&w.me).map(|a| actor_url(w, &a.username))),
        ..ApState::default()
    }
}

/// The remote followers of a local account, for tests.
pub(crate) fn followers_of(s: &Arc<Shared>, username: &str) -> Vec<Follower> {
    let id = {
        let w = s.world();
        local(&w, username)
    };
    id.and_then(|id| {
        s.ap.followers
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(&id)
            .cloned()
    })
    .unwrap_or_default()
}
