//! Announcements from the instance's staff: listed with `read` for the user,
//! dismissed one at a time.

use axum::Router;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::Response;
use axum::routing::{get, post};
use serde_json::{Value, json};

use super::super::json;
use super::super::routes::AppState;
use super::super::seed_data as seed;
use super::super::world::{Id, World};
use super::{as_user, as_viewer, not_found, ok};

pub(super) fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/v1/announcements", get(list))
        .route("/api/v1/announcements/{id}/dismiss", post(dismiss))
}

/// The id of seeded announcement `i` (1-based, stable).
fn id_of(i: usize) -> Id {
    i as Id + 1
}

fn announcement_json(w: &World, i: usize, a: &seed::SeedAnnouncement, me: Option<Id>) -> Value {
    let id = id_of(i);
    let f = w.format(a.text);
    let published = w.now - i64::from(a.minutes_ago) * 60;
    let mut v = json!({
        "id": id.to_string(),
        "content": f.html,
        "starts_at": a.starts_in_hours.map(|h| json::ts(w.now + h * 3600)),
        "ends_at": a.starts_in_hours.map(|h| json::ts(w.now + (h + 2) * 3600)),
        "all_day": false,
        "published_at": json::ts(published),
        "updated_at": json::ts(published),
        "mentions": [],
        "statuses": [],
        "tags": [],
        "emojis": [],
        "reactions": [],
    });
    if let Some(me) = me {
        v["read"] = json!(w.social.read_announcements.contains(&(me, id)));
    }
    v
}

async fn list(State(s): State<AppState>, h: HeaderMap) -> Response {
    as_viewer(&s, &h, |w, me| {
        let items: Vec<Value> = seed::ANNOUNCEMENTS
            .iter()
            .enumerate()
            .map(|(i, a)| announcement_json(w, i, a, me))
            .collect();
        ok(Value::Array(items))
    })
}

async fn dismiss(State(s): State<AppState>, h: HeaderMap, Path(id): Path<String>) -> Response {
    as_user(&s, &h, |w, me| {
        let known =
            super::parse_id(&id).filter(|i| (1..=seed::ANNOUNCEMENTS.len() as Id).contains(i));
        let Some(i) = known else {
            return Err(not_found());
        };
        w.social.read_announcements.insert((me, i));
        ok(json!({}))
    })
}
