//! The user's own profile: `PATCH /api/v1/accounts/update_credentials`.
//!
//! Validates as Mastodon does (display name at most 30 characters, bio 500,
//! at most 4 fields whose names and values are at most 255 characters, a
//! PNG/JPEG/GIF/WebP avatar or header of at most 8 MB), answering 422 with
//! `{"error": "Validation failed: …"}` and changing nothing otherwise. The
//! uploaded images are kept and served under `/system/accounts/…` (see
//! [`Profiles::file`]); the account JSON and `verify_credentials` reflect
//! every change.

use std::collections::HashMap;
use std::sync::Arc;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, RawQuery, State};
use axum::http::{HeaderMap, header};
use axum::response::Response;
use axum::routing::patch;
use serde_json::{Value, json};

use super::super::routes::AppState;
use super::super::world::{Id, World};
use super::{Params, invalid, ok, user_params};

/// Mastodon's limits.
const MAX_DISPLAY_NAME: usize = 30;
const MAX_NOTE: usize = 500;
const MAX_FIELDS: usize = 4;
const MAX_FIELD_TEXT: usize = 255;
const MAX_IMAGE: usize = 8 * 1024 * 1024;

/// An uploaded avatar or header.
#[derive(Debug, Clone)]
pub struct DImage {
    /// The path under `/system/`.
    pub path: String,
    pub mime: String,
    pub data: Arc<Vec<u8>>,
}

/// What `update_credentials` changed of one account (unset: the seed's).
#[derive(Debug, Clone, Default)]
pub struct DProfile {
    /// The bio as typed (the account keeps its HTML).
    pub note: Option<String>,
    pub discoverable: Option<bool>,
    pub privacy: Option<String>,
    pub language: Option<String>,
    pub sensitive: Option<bool>,
    pub avatar: Option<DImage>,
    pub header: Option<DImage>,
}

/// The profiles changed through the API, by account.
#[derive(Debug, Default)]
pub struct Profiles {
    pub by_account: HashMap<Id, DProfile>,
    /// Bumped at each upload so every image gets a new URL.
    uploads: u64,
}

impl Profiles {
    /// An uploaded image by its path under `/system/`.
    pub fn file(&self, path: &str) -> Option<&DImage> {
        self.by_account
            .values()
            .flat_map(|p| [p.avatar.as_ref(), p.header.as_ref()])
            .flatten()
            .find(|i| i.path == path)
    }
}

impl World {
    /// The avatar and header URLs of an account.
    pub fn profile_images(&self, id: Id) -> (String, String) {
        let p = self.social.profiles.by_account.get(&id);
        let url = |img: Option<&DImage>, kind: &str| match img {
            Some(i) => format!("{}/system/{}", self.base, i.path),
            None => format!("{}/system/accounts/{kind}/{id}.png", self.base),
        };
        (
            url(p.and_then(|p| p.avatar.as_ref()), "avatars"),
            url(p.and_then(|p| p.header.as_ref()), "headers"),
        )
    }

    /// Whether the account opted into discovery.
    pub fn discoverable(&self, id: Id) -> bool {
        self.social
            .profiles
            .by_account
            .get(&id)
            .and_then(|p| p.discoverable)
            .unwrap_or(true)
    }

    /// The `source` attribute of the credential account.
    pub fn account_source(&self, id: Id) -> Value {
        let p = self.social.profiles.by_account.get(&id);
        let acc = self.accounts.get(&id);
        let note = p
            .and_then(|p| p.note.clone())
            .or_else(|| acc.map(|a| crate::text::plain_text(&a.note_html)))
            .unwrap_or_default();
        let fields: Vec<Value> = acc
            .map(|a| {
                a.fields
                    .iter()
                    .map(|(n, v, _)| json!({"name": n, "value": v, "verified_at": null}))
                    .collect()
            })
            .unwrap_or_default();
        json!({
            "privacy": p.and_then(|p| p.privacy.clone()).unwrap_or_else(|| "public".into()),
            "sensitive": p.and_then(|p| p.sensitive).unwrap_or(false),
            "language": p.and_then(|p| p.language.clone()).unwrap_or_else(|| "en".into()),
            "note": note,
            "fields": fields,
            "follow_requests_count": self.follow_requests.iter().filter(|(_, t)| *t == id).count(),
        })
    }

    /// The account as `verify_credentials` answers: with `source`.
    pub fn credential_account(&self, id: Id) -> Value {
        let mut a = super::super::json::account(self, id);
        a["source"] = self.account_source(id);
        a
    }
}

pub(super) fn routes() -> Router<AppState> {
    Router::new().route(
        "/api/v1/accounts/update_credentials",
        patch(update_credentials).layer(DefaultBodyLimit::max(2 * MAX_IMAGE + 1024 * 1024)),
    )
}

fn too_long(what: &str, max: usize) -> Response {
    invalid(&format!(
        "Validation failed: {what} is too long (maximum is {max} characters)"
    ))
}

/// The uploaded file of part `name`, checked.
fn image(
    parts: &[super::super::compose::FormPart],
    name: &str,
    label: &str,
) -> Result<Option<(String, Vec<u8>)>, Response> {
    let Some(part) = parts
        .iter()
        .find(|p| p.name == name && p.file_name.is_some())
    else {
        return Ok(None);
    };
    if part.data.len() > MAX_IMAGE {
        return Err(invalid(&format!(
            "Validation failed: {label} file size must be less than 8 MB"
        )));
    }
    match crate::text::image_type(&part.data) {
        Some(mime) => Ok(Some((mime.to_string(), part.data.clone()))),
        None => Err(invalid(&format!(
            "Validation failed: {label} content type is invalid"
        ))),
    }
}

/// The fields of `fields_attributes`: an object keyed by index (form) or
/// an array (JSON); pairs with an empty name and value are dropped, as
/// Mastodon does.
fn fields_of(p: &Params) -> Option<Vec<(String, String)>> {
    let raw = p.0.get("fields_attributes")?;
    let mut items: Vec<(i64, &Value)> = match raw {
        Value::Array(a) => a.iter().enumerate().map(|(i, v)| (i as i64, v)).collect(),
        Value::Object(m) => m
            .iter()
            .map(|(k, v)| (k.parse::<i64>().unwrap_or(i64::MAX), v))
            .collect(),
        _ => return Some(vec![]),
    };
    items.sort_by_key(|(i, _)| *i);
    Some(
        items
            .into_iter()
            .map(|(_, v)| {
                let s = |k: &str| match v.get(k) {
                    Some(Value::String(s)) => s.trim().to_string(),
                    _ => String::new(),
                };
                (s("name"), s("value"))
            })
            .filter(|(n, v)| !(n.is_empty() && v.is_empty()))
            .collect(),
    )
}

async fn update_credentials(
    State(s): State<AppState>,
    headers: HeaderMap,
    RawQuery(q): RawQuery,
    body: Bytes,
) -> Response {
    let ct = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    let parts = if ct.starts_with("multipart/form-data") {
        super::super::compose::parse_multipart(&ct, &body).unwrap_or_default()
    } else {
        vec![]
    };
    user_params(&s, &headers, q.as_deref(), &body, |w, me, p| {
        update(w, me, p, &parts)
    })
}

fn update(
    w: &mut World,
    me: Id,
    p: &Params,
    parts: &[super::super::compose::FormPart],
) -> super::Reply {
    // Validate everything first: a refused change changes nothing.
    let display_name = p.str("display_name");
    if display_name
        .as_ref()
        .is_some_and(|n| n.chars().count() > MAX_DISPLAY_NAME)
    {
        return Err(too_long("Display name", MAX_DISPLAY_NAME));
    }
    let note = p.str("note");
    if note.as_ref().is_some_and(|n| n.chars().count() > MAX_NOTE) {
        return Err(too_long("Note", MAX_NOTE));
    }
    let fields = fields_of(p);
    if let Some(f) = &fields {
        if f.len() > MAX_FIELDS {
            return Err(invalid(&format!(
                "Validation failed: Fields is too long (maximum is {MAX_FIELDS} fields)"
            )));
        }
        if f.iter().any(|(n, _)| n.chars().count() > MAX_FIELD_TEXT) {
            return Err(too_long("Fields name", MAX_FIELD_TEXT));
        }
        if f.iter().any(|(_, v)| v.chars().count() > MAX_FIELD_TEXT) {
            return Err(too_long("Fields value", MAX_FIELD_TEXT));
        }
    }
    let source = p.object("source");
    let privacy = source.as_ref().and_then(|s| s.str("privacy"));
    if let Some(v) = &privacy {
        if !matches!(v.as_str(), "public" | "unlisted" | "private") {
            return Err(invalid(
                "Validation failed: Setting default privacy is not included in the list",
            ));
        }
    }
    let language = source.as_ref().and_then(|s| s.str("language"));
    if let Some(l) = &language {
        let ok = l.is_empty() || (l.len() <= 3 && l.chars().all(|c| c.is_ascii_lowercase()));
        if !ok {
            return Err(invalid(
                "Validation failed: Setting default language is not included in the list",
            ));
        }
    }
    let sensitive = source.as_ref().and_then(|s| s.bool("sensitive"));
    let avatar = image(parts, "avatar", "Avatar")?;
    let header = image(parts, "header", "Header")?;

    // Then apply.
    let note_html = note.as_ref().map(|n| w.format(n));
    let Some(acc) = w.accounts.get_mut(&me) else {
        return Err(super::not_found());
    };
    if let Some(n) = display_name {
        acc.display_name = n;
    }
    if let Some(f) = note_html {
        acc.note_html = f.html;
        acc.emojis = f.emojis;
    }
    if let Some(f) = fields {
        acc.fields = f.into_iter().map(|(n, v)| (n, v, false)).collect();
    }
    if let Some(b) = p.bool("locked") {
        acc.locked = b;
    }
    if let Some(b) = p.bool("bot") {
        acc.bot = b;
    }
    let profiles = &mut w.social.profiles;
    let mut store = |kind: &str, img: Option<(String, Vec<u8>)>| {
        img.map(|(mime, data)| {
            profiles.uploads += 1;
            let ext = mime.trim_start_matches("image/").replace("jpeg", "jpg");
            DImage {
                path: format!("accounts/{kind}/{me}/{}/original.{ext}", profiles.uploads),
                mime,
                data: Arc::new(data),
            }
        })
    };
    let avatar = store("avatars", avatar);
    let header = store("headers", header);
    let prof = profiles.by_account.entry(me).or_default();
    if note.is_some() {
        prof.note = note;
    }
    if let Some(b) = p.bool("discoverable") {
        prof.discoverable = Some(b);
    }
    if privacy.is_some() {
        prof.privacy = privacy;
    }
    if language.is_some() {
        prof.language = language;
    }
    if sensitive.is_some() {
        prof.sensitive = sensitive;
    }
    if avatar.is_some() {
        prof.avatar = avatar;
    }
    if header.is_some() {
        prof.header = header;
    }
    ok(w.credential_account(me))
}
