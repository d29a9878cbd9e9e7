//! A local archive of your own posts, readable offline:
//!
//! - `posts.jsonl`: one post per line, the server's JSON as it sent it,
//!   oldest first;
//! - `edits/ID.json`: the edit history of each edited post (the server's
//!   JSON);
//! - `media/`: every attachment, downloaded, named by its id;
//! - `manifest.json`: the account, and each media file with its URL, size
//!   and SHA-256;
//! - `index.html`: every post, sanitised, with no script and nothing
//!   fetched from anywhere (its Content-Security-Policy allows only the
//!   archive's own files).
//!
//! A second run fetches only the posts newer than the newest archived one,
//! and downloads any media file still missing.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use serde_json::Value;
use sha2::Digest as _;

use super::{Me, Paced, write_atomic};
use crate::api::ApiError;
use crate::api::endpoints::Call;
use crate::api::endpoints::call::seg;

/// The largest media file downloaded (bigger ones are listed as failed).
const MAX_MEDIA_BYTES: usize = 200 * 1024 * 1024;

/// One downloaded media file.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct MediaFile {
    /// The attachment's id.
    pub id: String,
    /// The post it belongs to.
    pub status_id: String,
    /// Its path inside the archive (`media/ID.png`).
    pub file: String,
    /// Where it was downloaded from.
    pub url: String,
    /// Its size in bytes.
    pub bytes: u64,
    /// Its SHA-256, in hex.
    pub sha256: String,
}

/// `manifest.json`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Manifest {
    /// `user@domain` of the archived account.
    pub account: String,
    /// The instance's address.
    pub instance: String,
    /// When the archive was last brought up to date (RFC 3339).
    pub updated_at: String,
    /// How many posts it holds.
    pub posts: usize,
    /// Every media file.
    pub media: Vec<MediaFile>,
}

/// What a run did.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Summary {
    /// The archive's folder.
    pub out: PathBuf,
    /// Posts added by this run.
    pub new_posts: usize,
    /// Posts in the archive now.
    pub posts: usize,
    /// Edit histories saved by this run.
    pub edits: usize,
    /// Media files downloaded by this run.
    pub new_media: usize,
    /// Media files in the archive now.
    pub media: usize,
    /// What could not be saved, and why.
    pub failed: Vec<String>,
}

/// Why an archive could not be made.
#[derive(Debug, thiserror::Error)]
pub enum ArchiveError {
    /// The server.
    #[error(transparent)]
    Api(#[from] ApiError),
    /// The archive's folder.
    #[error("{0}: {1}")]
    Io(PathBuf, std::io::Error),
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> ArchiveError + '_ {
    move |e| ArchiveError::Io(path.to_path_buf(), e)
}

/// Reads `posts.jsonl` (a missing file is an empty archive; a damaged
/// line is skipped).
pub fn read_posts(out: &Path) -> Vec<Value> {
    std::fs::read_to_string(out.join("posts.jsonl"))
        .unwrap_or_default()
        .lines()
        .filter_map(|l| serde_json::from_str::<Value>(l).ok())
        .collect()
}

fn id_of(v: &Value) -> Option<&str> {
    v.get("id").and_then(Value::as_str)
}

/// Brings the archive in `out` up to date with the account's posts.
pub async fn archive(paced: &mut Paced<'_>, me: &Me, out: &Path) -> Result<Summary, ArchiveError> {
    std::fs::create_dir_all(out.join("media")).map_err(io(out))?;
    std::fs::create_dir_all(out.join("edits")).map_err(io(out))?;
    let mut posts = read_posts(out);
    let known: BTreeSet<String> = posts.iter().filter_map(id_of).map(str::to_string).collect();
    let account = me.acct.as_str();
    let mut summary = Summary {
        out: out.to_path_buf(),
        ..Default::default()
    };
    // Newest first, until a post already archived.
    let path = format!("api/v1/accounts/{}/statuses", seg(&me.id));
    let first = Call::get(path)
        .query("limit", "40")
        .query("exclude_reblogs", "true");
    let mut fresh: Vec<Value> = Vec::new();
    let mut page: Option<(Vec<Value>, Option<url::Url>)> = None;
    for _ in 0..super::MAX_PAGES {
        let (items, next) = match page.take() {
            None => paced.page::<Value>(&first).await?,
            Some(p) => p,
        };
        let mut reached = items.is_empty();
        for st in items {
            if id_of(&st).is_some_and(|id| known.contains(id)) {
                reached = true;
                break;
            }
            fresh.push(st);
        }
        paced.report.progress("posts", fresh.len(), None);
        let Some(next) = next.filter(|_| !reached) else {
            break;
        };
        page = Some(paced.at::<Vec<Value>>(&next).await?);
    }
    fresh.reverse();
    summary.new_posts = fresh.len();
    // Edit histories of the new posts that were edited.
    for (n, st) in fresh.iter().enumerate() {
        let edited = st.get("edited_at").is_some_and(|e| !e.is_null());
        let Some(id) = id_of(st).filter(|_| edited) else {
            continue;
        };
        paced.report.progress("edits", n + 1, Some(fresh.len()));
        let call = Call::get(format!("api/v1/statuses/{}/history", seg(id)));
        match paced.call::<Value>(&call).await {
            Ok(h) => {
                let p = out.join("edits").join(format!("{}.json", safe_name(id)));
                let bytes = serde_json::to_vec_pretty(&h).unwrap_or_default();
                write_atomic(&p, &bytes).map_err(io(&p))?;
                summary.edits += 1;
            }
            Err(e) => summary.failed.push(format!("edits of post {id}: {e}")),
        }
    }
    posts.extend(fresh);
    let mut jsonl = String::new();
    for p in &posts {
        jsonl.push_str(&p.to_string());
        jsonl.push('\n');
    }
    let p = out.join("posts.jsonl");
    write_atomic(&p, jsonl.as_bytes()).map_err(io(&p))?;
    summary.posts = posts.len();

    // Media: whatever is missing on disk, for every post.
    let manifest_path = out.join("manifest.json");
    let mut manifest: Manifest = std::fs::read(&manifest_path)
        .ok()
        .and_then(|b| serde_json::from_slice(&b).ok())
        .unwrap_or_default();
    manifest.media.retain(|m| out.join(&m.file).is_file());
    let have: BTreeSet<String> = manifest.media.iter().map(|m| m.id.clone()).collect();
    let wanted: Vec<(String, String, String)> = posts
        .iter()
        .flat_map(|st| {
            let sid = id_of(st).unwrap_or_default().to_string();
            st.get("media_attachments")
                .and_then(Value::as_array)
                .cloned()
                .unwrap_or_default()
                .into_iter()
                .filter_map(move |m| {
                    let id = id_of(&m)?.to_string();
                    let url = m
                        .get("url")
                        .and_then(Value::as_str)
                        .or_else(|| m.get("remote_url").and_then(Value::as_str))?
                        .to_string();
                    Some((id, sid.clone(), url))
                })
        })
        .filter(|(id, _, _)| !have.contains(id))
        .collect();
    for (n, (id, sid, url)) in wanted.iter().enumerate() {
        paced.report.progress("media", n + 1, Some(wanted.len()));
        match download(paced, url).await {
            Ok(bytes) => {
                let file = format!("media/{}{}", safe_name(id), extension(url));
                let p = out.join(&file);
                write_atomic(&p, &bytes).map_err(io(&p))?;
                manifest.media.push(MediaFile {
                    id: id.clone(),
                    status_id: sid.clone(),
                    file,
                    url: url.clone(),
                    bytes: bytes.len() as u64,
                    sha256: hex(&sha2::Sha256::digest(&bytes)),
                });
                summary.new_media += 1;
            }
            Err(e) => summary
                .failed
                .push(format!("media {id} of post {sid}: {e}")),
        }
    }
    summary.media = manifest.media.len();
    manifest.account = account.to_string();
    manifest.instance = paced.client.base().to_string();
    manifest.updated_at = time::OffsetDateTime::now_utc()
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default();
    manifest.posts = posts.len();
    let bytes = serde_json::to_vec_pretty(&manifest).unwrap_or_default();
    write_atomic(&manifest_path, &bytes).map_err(io(&manifest_path))?;
    let html = index_html(account, &posts, &manifest);
    let p = out.join("index.html");
    write_atomic(&p, html.as_bytes()).map_err(io(&p))?;
    Ok(summary)
}

/// Downloads a media file (without the account's token: media are public,
/// and often on another host).
async fn download(paced: &Paced<'_>, url: &str) -> Result<Vec<u8>, String> {
    let parsed = url::Url::parse(url).map_err(|e| e.to_string())?;
    if !matches!(parsed.scheme(), "http" | "https") {
        return Err("not an http(s) address".into());
    }
    let resp = paced
        .client
        .http()
        .get(parsed)
        .send()
        .await
        .map_err(|e| ApiError::from_transport(e).to_string())?;
    if !resp.status().is_success() {
        return Err(format!("the server answered {}", resp.status()));
    }
    if resp
        .content_length()
        .is_some_and(|n| n as usize > MAX_MEDIA_BYTES)
    {
        return Err("larger than 200 MB".into());
    }
    let bytes = resp
        .bytes()
        .await
        .map_err(|e| ApiError::from_transport(e).to_string())?;
    if bytes.len() > MAX_MEDIA_BYTES {
        return Err("larger than 200 MB".into());
    }
    Ok(bytes.to_vec())
}

/// A file-name-safe form of an id.
fn safe_name(id: &str) -> String {
    id.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .take(64)
        .collect()
}

/// `.png`, `.jpg`, … from a URL's path, when it is a plain extension.
fn extension(url: &str) -> String {
    let path = url::Url::parse(url)
        .map(|u| u.path().to_string())
        .unwrap_or_default();
    let last = path.rsplit('/').next().unwrap_or_default();
    match last.rsplit_once('.') {
        Some((_, ext))
            if (1..=5).contains(&ext.len()) && ext.chars().all(|c| c.is_ascii_alphanumeric()) =>
        {
            format!(".{}", ext.to_ascii_lowercase())
        }
        _ => String::new(),
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().fold(String::new(), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}

/// Escapes text for HTML (after removing control characters).
fn esc(s: &str) -> String {
    let clean = crate::html::sanitize(s);
    let mut out = String::with_capacity(clean.len());
    for c in clean.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

fn text_of(v: &Value, k: &str) -> String {
    v.get(k)
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string()
}

/// The archive's page: every post, newest first, as escaped text; media
/// from `media/` only. No script, no style sheet or font from anywhere.
pub fn index_html(account: &str, posts: &[Value], manifest: &Manifest) -> String {
    let mut h = String::new();
    h.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    h.push_str("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; img-src 'self'; media-src 'self'; style-src 'unsafe-inline'\">\n");
    h.push_str("<meta name=\"referrer\" content=\"no-referrer\">\n");
    let _ = writeln!(h, "<title>Posts of {}</title>", esc(account));
    h.push_str("<style>body{font-family:sans-serif;max-width:46em;margin:2em auto;padding:0 1em;line-height:1.45}article{border-bottom:1px solid #ccc;padding:1em 0}time,.meta{color:#666;font-size:.9em}img{max-width:100%}pre{white-space:pre-wrap}</style>\n");
    h.push_str("</head>\n<body>\n");
    let _ = writeln!(
        h,
        "<h1>Posts of {}</h1>\n<p class=\"meta\">{} posts, archived by trompe.</p>",
        esc(account),
        posts.len()
    );
    let mut sorted: Vec<&Value> = posts.iter().collect();
    sorted.sort_by_key(|st| std::cmp::Reverse(text_of(st, "created_at")));
    for st in sorted {
        h.push_str("<article>\n");
        let _ = writeln!(
            h,
            "<p class=\"meta\"><time>{}</time> · {}{}</p>",
            esc(&text_of(st, "created_at")),
            esc(&text_of(st, "visibility")),
            if st.get("edited_at").is_some_and(|e| !e.is_null()) {
                " · edited"
            } else {
                ""
            }
        );
        let body = crate::html::html_to_text(&text_of(st, "content"));
        let body = esc(&body).replace('\n', "<br>\n");
        let cw = text_of(st, "spoiler_text");
        if cw.is_empty() {
            let _ = writeln!(h, "<p>{body}</p>");
        } else {
            let _ = writeln!(
                h,
                "<details><summary>{}</summary><p>{body}</p></details>",
                esc(&cw)
            );
        }
        if let Some(poll) = st.get("poll").filter(|p| p.is_object()) {
            h.push_str("<ul class=\"poll\">\n");
            for o in poll
                .get("options")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
            {
                let votes = o
                    .get("votes_count")
                    .and_then(Value::as_u64)
                    .map(|n| format!(" ({n})"))
                    .unwrap_or_default();
                let _ = writeln!(h, "<li>{}{}</li>", esc(&text_of(o, "title")), votes);
            }
            h.push_str("</ul>\n");
        }
        for m in st
            .get("media_attachments")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let id = text_of(m, "id");
            let alt = text_of(m, "description");
            let Some(file) = manifest.media.iter().find(|f| f.id == id) else {
                let _ = writeln!(
                    h,
                    "<p class=\"meta\">[media not downloaded: {}]</p>",
                    esc(&alt)
                );
                continue;
            };
            if text_of(m, "type") == "image" {
                let _ = writeln!(
                    h,
                    "<p><img src=\"{}\" alt=\"{}\" loading=\"lazy\"></p>",
                    esc(&file.file),
                    esc(&alt)
                );
            } else {
                let _ = writeln!(
                    h,
                    "<p><a href=\"{}\">{} {}</a></p>",
                    esc(&file.file),
                    esc(&text_of(m, "type")),
                    esc(&alt)
                );
            }
        }
        let _ = writeln!(h, "<p class=\"meta\">{}</p>", esc(&text_of(st, "url")));
        h.push_str("</article>\n");
    }
    h.push_str("</body>\n</html>\n");
    h
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn hostile_posts_make_a_page_without_script_or_remote_fetch() {
        let post = json!({
            "id": "1",
            "created_at": "2026-12-01T10:00:00.000Z",
            "visibility": "public\"><script>alert(1)</script>",
            "content": "<p>hi<script>alert(2)</script><img src=\"https://evil.example/x.png\"><a href=\"javascript:alert(3)\">x</a>\u{1b}]0;title\u{7}\u{1b}[31mred</p><iframe src=\"https://evil.example\"></iframe>",
            "spoiler_text": "</summary></details><script>alert(4)</script>",
            "url": "https://evil.example/\"><script>alert(5)</script>",
            "poll": {"options": [{"title": "<b onmouseover=alert(6)>x</b>", "votes_count": 1}]},
            "media_attachments": [
                {"id": "9", "type": "image", "description": "\" onerror=\"alert(7)", "url": "https://evil.example/a.png"},
                {"id": "10", "type": "video", "description": "<video src=https://evil.example/v>"}
            ]
        });
        let manifest = Manifest {
            media: vec![MediaFile {
                id: "9".into(),
                status_id: "1".into(),
                file: "media/9.png".into(),
                url: "https://evil.example/a.png".into(),
                bytes: 1,
                sha256: String::new(),
            }],
            ..Default::default()
        };
        let html = index_html("me@example.org<script>", &[post], &manifest);
        let lower = html.to_lowercase();
        for bad in [
            "<script",
            "<iframe",
            "<img src=\"https",
            "javascript:",
            "onerror=\"",
            "<b ",
            "<video",
        ] {
            assert!(!lower.contains(bad), "{bad} in\n{html}");
        }
        assert!(
            !html.chars().any(|c| c.is_control() && c != '\n'),
            "a control character"
        );
        assert!(html.contains("<img src=\"media/9.png\""));
        assert!(html.contains("[media not downloaded"));
    }
}
