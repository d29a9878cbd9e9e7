//! OAuth 2 for the demo instance: app registration, the authorize page (one
//! form submit approves), the token endpoint with PKCE (S256 and plain), and
//! revocation.

use std::collections::HashMap;

use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use base64::Engine;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use super::format::escape;
use super::routes::{AppState, error, parse_body};
use super::world::{DAuthCode, random_token};

const OOB: &str = "urn:ietf:wg:oauth:2.0:oob";

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/v1/apps", post(register_app))
        .route("/api/v1/apps/verify_credentials", get(verify_app))
        .route(
            "/oauth/authorize",
            get(authorize_page).post(authorize_submit),
        )
        .route("/oauth/token", post(token))
        .route("/oauth/revoke", post(revoke))
}

fn field(v: &Value, key: &str) -> Option<String> {
    match v.get(key) {
        Some(Value::String(s)) => Some(s.clone()),
        Some(Value::Array(a)) => Some(
            a.iter()
                .filter_map(Value::as_str)
                .collect::<Vec<_>>()
                .join("\n"),
        ),
        _ => None,
    }
}

async fn register_app(
    State(s): State<AppState>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Response {
    let p = match parse_body(&headers, &body) {
        Ok(p) => p,
        Err(r) => return r,
    };
    let Some(name) = field(&p, "client_name").filter(|n| !n.trim().is_empty()) else {
        return error(
            StatusCode::UNPROCESSABLE_ENTITY,
            "Validation failed: Application name can't be blank",
        );
    };
    let Some(redirects) = field(&p, "redirect_uris").filter(|n| !n.trim().is_empty()) else {
        return error(
            StatusCode::UNPROCESSABLE_ENTITY,
            "Validation failed: Redirect URI can't be blank",
        );
    };
    let redirect_uris: Vec<String> = redirects
        .split(['\n', ' '])
        .filter(|u| !u.is_empty())
        .map(str::to_string)
        .collect();
    if redirect_uris
        .iter()
        .any(|u| u != OOB && url::Url::parse(u).is_err())
    {
        return error(
            StatusCode::UNPROCESSABLE_ENTITY,
            "Validation failed: Redirect URI must be an absolute URI.",
        );
    }
    let scopes = field(&p, "scopes").unwrap_or_else(|| "read".into());
    let app = s
        .world()
        .register_app(&name, field(&p, "website"), redirect_uris, &scopes);
    Json(json!({
        "id": app.id.to_string(),
        "name": app.name,
        "website": app.website,
        "scopes": app.scopes.split(' ').collect::<Vec<_>>(),
        "redirect_uri": app.redirect_uris.join("\n"),
        "redirect_uris": app.redirect_uris,
        "client_id": app.client_id,
        "client_secret": app.client_secret,
        "client_secret_expires_at": 0,
        "vapid_key": "BCk-QqERU0q-CfYZjcuB6lnyyOYfJ2AifKqfeGIm7Z-HiTU5T9eTG5GxVA0_OH5mMlI4UkkDTpaZwozy0TzdZ2M=",
    }))
    .into_response()
}

async fn verify_app(State(s): State<AppState>, headers: HeaderMap) -> Response {
    let w = s.world();
    let token = headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .unwrap_or("");
    let Some(t) = w.token_account(token) else {
        return error(StatusCode::UNAUTHORIZED, "The access token is invalid");
    };
    let app = w
        .apps
        .iter()
        .find(|a| Some(&a.client_id) == t.client_id.as_ref());
    Json(json!({"name": app.map(|a| a.name.clone()).unwrap_or_else(|| "trompe demo".into()), "website": null, "scopes": t.scopes.split(' ').collect::<Vec<_>>()})).into_response()
}

/// Is `uri` one of the app's redirect URIs? Per RFC 8252 §7.3 a loopback IP
/// redirect matches whatever port the client chose.
fn redirect_allowed(registered: &[String], uri: &str) -> bool {
    if registered.iter().any(|r| r == uri) {
        return true;
    }
    let Ok(given) = url::Url::parse(uri) else {
        return false;
    };
    let loopback = matches!(given.host_str(), Some("127.0.0.1") | Some("[::1]"));
    loopback
        && registered
            .iter()
            .filter_map(|r| url::Url::parse(r).ok())
            .any(|r| {
                r.scheme() == given.scheme()
                    && r.host_str() == given.host_str()
                    && r.path() == given.path()
                    && r.query() == given.query()
            })
}

fn bad_request_page(msg: &str) -> Response {
    (
        StatusCode::BAD_REQUEST,
        Html(format!(
            "<!doctype html><title>Error</title><h1>Authorization error</h1><p>{}</p>",
            escape(msg)
        )),
    )
        .into_response()
}

async fn authorize_page(
    State(s): State<AppState>,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    let w = s.world();
    let client_id = q.get("client_id").cloned().unwrap_or_default();
    let Some(app) = w.apps.iter().find(|a| a.client_id == client_id) else {
        return bad_request_page("The client is unknown (invalid client_id).");
    };
    let redirect_uri = q.get("redirect_uri").cloned().unwrap_or_default();
    if !redirect_allowed(&app.redirect_uris, &redirect_uri) {
        return bad_request_page("The redirect URI is not registered for this application.");
    }
    if q.get("response_type").map(String::as_str) != Some("code") {
        return bad_request_page("Only response_type=code is supported.");
    }
    let me = w
        .accounts
        .get(&w.me)
        .map(|a| a.username.clone())
        .unwrap_or_default();
    let hidden: String = [
        "client_id",
        "redirect_uri",
        "scope",
        "state",
        "code_challenge",
        "code_challenge_method",
        "response_type",
    ]
    .iter()
    .filter_map(|k| {
        q.get(*k).map(|v| {
            format!(
                "<input type=\"hidden\" name=\"{k}\" value=\"{}\">",
                escape(v)
            )
        })
    })
    .collect();
    let scope = q.get("scope").cloned().unwrap_or_else(|| "read".into());
    Html(format!(
        "<!doctype html><html><head><meta charset=\"utf-8\"><title>Authorize {name}</title></head><body>\
<h1>Authorization required</h1><p><strong>{name}</strong> would like permission to access your account <strong>@{me}</strong> ({scope}).</p>\
<form method=\"post\" action=\"/oauth/authorize\">{hidden}\
<button type=\"submit\" name=\"decision\" value=\"approve\">Authorize</button> \
<button type=\"submit\" name=\"decision\" value=\"deny\">Deny</button></form></body></html>",
        name = escape(&app.name),
        me = escape(&me),
        scope = escape(&scope),
    ))
    .into_response()
}

async fn authorize_submit(
    State(s): State<AppState>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Response {
    let p = match parse_body(&headers, &body) {
        Ok(p) => p,
        Err(r) => return r,
    };
    let mut w = s.world();
    let client_id = field(&p, "client_id").unwrap_or_default();
    let redirect_uri = field(&p, "redirect_uri").unwrap_or_default();
    let Some(app) = w.apps.iter().find(|a| a.client_id == client_id).cloned() else {
        return bad_request_page("The client is unknown (invalid client_id).");
    };
    if !redirect_allowed(&app.redirect_uris, &redirect_uri) {
        return bad_request_page("The redirect URI is not registered for this application.");
    }
    let state = field(&p, "state");
    let with_state = |mut u: url::Url, pairs: &[(&str, &str)]| {
        {
            let mut qp = u.query_pairs_mut();
            for (k, v) in pairs {
                qp.append_pair(k, v);
            }
            if let Some(st) = &state {
                qp.append_pair("state", st);
            }
        }
        u.to_string()
    };
    if field(&p, "decision").as_deref() == Some("deny") {
        if redirect_uri == OOB {
            return Html("<!doctype html><h1>Authorization denied</h1>".to_string())
                .into_response();
        }
        return match url::Url::parse(&redirect_uri) {
            Ok(u) => Redirect::to(&with_state(
                u,
                &[
                    ("error", "access_denied"),
                    (
                        "error_description",
                        "The resource owner or authorization server denied the request.",
                    ),
                ],
            ))
            .into_response(),
            Err(_) => bad_request_page("Bad redirect URI."),
        };
    }
    let code = random_token(43);
    let me = w.me;
    w.codes.insert(
        code.clone(),
        DAuthCode {
            client_id,
            redirect_uri: redirect_uri.clone(),
            account: me,
            scopes: field(&p, "scope").unwrap_or_else(|| "read".into()),
            challenge: field(&p, "code_challenge").filter(|c| !c.is_empty()),
            challenge_method: field(&p, "code_challenge_method"),
        },
    );
    if redirect_uri == OOB {
        return Html(format!(
            "<!doctype html><html><body><h1>Authorization code</h1><p>Copy this code and paste it into the application.</p><input readonly id=\"code\" value=\"{}\"></body></html>",
            escape(&code)
        ))
        .into_response();
    }
    match url::Url::parse(&redirect_uri) {
        Ok(u) => Redirect::to(&with_state(u, &[("code", &code)])).into_response(),
        Err(_) => bad_request_page("Bad redirect URI."),
    }
}

fn oauth_error(code: StatusCode, err: &str, desc: &str) -> Response {
    (code, Json(json!({"error": err, "error_description": desc}))).into_response()
}

/// Client credentials from the body or HTTP Basic auth.
fn client_credentials(p: &Value, headers: &HeaderMap) -> (Option<String>, Option<String>) {
    if let Some(basic) = headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Basic "))
    {
        if let Ok(bytes) = base64::engine::general_purpose::STANDARD.decode(basic.trim()) {
            if let Ok(s) = String::from_utf8(bytes) {
                if let Some((id, secret)) = s.split_once(':') {
                    let dec = |x: &str| {
                        url::form_urlencoded::parse(format!("a={x}").as_bytes())
                            .next()
                            .map(|(_, v)| v.into_owned())
                            .unwrap_or_default()
                    };
                    return (Some(dec(id)), Some(dec(secret)));
                }
            }
        }
    }
    (field(p, "client_id"), field(p, "client_secret"))
}

async fn token(State(s): State<AppState>, headers: HeaderMap, body: axum::body::Bytes) -> Response {
    let p = match parse_body(&headers, &body) {
        Ok(p) => p,
        Err(r) => return r,
    };
    let mut w = s.world();
    let (client_id, client_secret) = client_credentials(&p, &headers);
    let app = w
        .apps
        .iter()
        .find(|a| Some(&a.client_id) == client_id.as_ref())
        .cloned();
    let Some(app) = app else {
        return oauth_error(
            StatusCode::UNAUTHORIZED,
            "invalid_client",
            "Client authentication failed due to unknown client, no client authentication included, or unsupported authentication method.",
        );
    };
    let grant = field(&p, "grant_type").unwrap_or_default();
    // A public client using PKCE may omit the secret; a wrong one always fails.
    if client_secret
        .as_ref()
        .is_some_and(|sec| *sec != app.client_secret)
    {
        return oauth_error(
            StatusCode::UNAUTHORIZED,
            "invalid_client",
            "Client authentication failed.",
        );
    }
    let (account, scopes) = match grant.as_str() {
        "authorization_code" => {
            let code = field(&p, "code").unwrap_or_default();
            let Some(c) = w.codes.remove(&code) else {
                return oauth_error(
                    StatusCode::BAD_REQUEST,
                    "invalid_grant",
                    "The provided authorization grant is invalid, expired, revoked, does not match the redirection URI used in the authorization request, or was issued to another client.",
                );
            };
            if c.client_id != app.client_id
                || Some(&c.redirect_uri) != field(&p, "redirect_uri").as_ref()
            {
                return oauth_error(
                    StatusCode::BAD_REQUEST,
                    "invalid_grant",
                    "The redirect URI or client does not match the authorization request.",
                );
            }
            if let Some(challenge) = &c.challenge {
                let verifier = field(&p, "code_verifier").unwrap_or_default();
                let ok = match c.challenge_method.as_deref() {
                    Some("plain") => verifier == *challenge,
                    _ => {
                        let digest = Sha256::digest(verifier.as_bytes());
                        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(digest)
                            == *challenge
                    }
                };
                if !ok {
                    return oauth_error(
                        StatusCode::BAD_REQUEST,
                        "invalid_grant",
                        "The PKCE code verifier does not match the code challenge.",
                    );
                }
            } else if client_secret.is_none() {
                return oauth_error(
                    StatusCode::UNAUTHORIZED,
                    "invalid_client",
                    "Client authentication failed.",
                );
            }
            (Some(c.account), c.scopes)
        }
        "client_credentials" => {
            if client_secret.is_none() {
                return oauth_error(
                    StatusCode::UNAUTHORIZED,
                    "invalid_client",
                    "Client authentication failed.",
                );
            }
            (None, field(&p, "scope").unwrap_or_else(|| "read".into()))
        }
        _ => {
            return oauth_error(
                StatusCode::BAD_REQUEST,
                "unsupported_grant_type",
                "The authorization grant type is not supported by the authorization server.",
            );
        }
    };
    let now = w.now;
    let t = w.issue_token(account, Some(app.client_id.clone()), &scopes);
    Json(json!({"access_token": t, "token_type": "Bearer", "scope": scopes, "created_at": now}))
        .into_response()
}

async fn revoke(
    State(s): State<AppState>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Response {
    let p = match parse_body(&headers, &body) {
        Ok(p) => p,
        Err(r) => return r,
    };
    let mut w = s.world();
    let (client_id, client_secret) = client_credentials(&p, &headers);
    let Some(app) = w
        .apps
        .iter()
        .find(|a| Some(&a.client_id) == client_id.as_ref())
        .cloned()
    else {
        return oauth_error(
            StatusCode::UNAUTHORIZED,
            "invalid_client",
            "Client authentication failed.",
        );
    };
    if client_secret
        .as_ref()
        .is_some_and(|sec| *sec != app.client_secret)
    {
        return oauth_error(
            StatusCode::FORBIDDEN,
            "unauthorized_client",
            "You are not authorized to revoke this token",
        );
    }
    let token = field(&p, "token").unwrap_or_default();
    if w.tokens
        .get(&token)
        .is_some_and(|t| t.client_id.as_ref() == Some(&app.client_id))
    {
        w.tokens.remove(&token);
        w.revoked.insert(token);
    }
    // RFC 7009: revoking an unknown token still answers 200.
    Json(json!({})).into_response()
}
