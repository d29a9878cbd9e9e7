//! The login flow, in steps that both `trompe login` and the TUI drive:
//! [`prepare`] (find and check the instance, register the app),
//! [`authorize`] (PKCE S256 + state), [`Loopback`] (the redirect listener)
//! or a pasted code, [`exchange`], [`verify`], and [`save`].

use std::path::Path;
use std::time::Duration;

use axum::extract::Query;
use axum::response::Html;
use axum::routing::get;
use oauth2::basic::BasicClient;
use oauth2::{
    AuthType, AuthUrl, AuthorizationCode, ClientId, ClientSecret, CsrfToken, PkceCodeChallenge,
    PkceCodeVerifier, RedirectUrl, RequestTokenError, Scope, TokenResponse, TokenUrl,
};
use tokio::sync::{mpsc, oneshot};
use url::Url;

use super::apps::{self, AppCredentials};
use super::tokens::{Stored, TokenStore};
use super::{AuthError, OOB, SCOPES, webfinger};
use crate::config::accounts::{AccountEntry, ConfigFile};
use crate::entities::{Account, Instance};
use crate::{AccessToken, ApiError, Client};

/// An instance checked and ready for authorization.
#[derive(Debug, Clone)]
pub struct Prepared {
    /// An anonymous client for the instance.
    pub client: Client,
    pub instance: Instance,
    pub app: AppCredentials,
}

/// Finds the instance for what the user typed (a domain, a URL or a handle),
/// reads its information, and registers the app (once per instance).
pub async fn prepare(input: &str, data_dir: &Path) -> Result<Prepared, AuthError> {
    let input = input.trim();
    if input.is_empty() {
        return Err(AuthError::BadInput(input.to_string()));
    }
    let http = Client::new(
        Url::parse("http://127.0.0.1/").map_err(|e| AuthError::Io(e.to_string()))?,
        None,
    )
    .map_err(|e| AuthError::Io(e.to_string()))?
    .http()
    .clone();
    let base = match webfinger::split_handle(input) {
        Some((user, domain)) if !input.contains("://") => {
            webfinger::resolve(&http, user, domain).await?
        }
        _ => crate::config::parse_instance(input)
            .map_err(|_| AuthError::BadInput(input.to_string()))?,
    };
    let client = Client::with_http(http, base.clone(), None);
    let instance = match client.instance().await {
        Ok(i) => i,
        Err(ApiError::Network(m)) => {
            return Err(AuthError::UnknownInstance {
                instance: base.to_string(),
                message: m,
            });
        }
        Err(ApiError::Timeout) => {
            return Err(AuthError::UnknownInstance {
                instance: base.to_string(),
                message: "it did not answer in time".into(),
            });
        }
        Err(_) => return Err(AuthError::NotMastodon(base.to_string())),
    };
    let app = apps::ensure(data_dir, &client).await?;
    Ok(Prepared {
        client,
        instance,
        app,
    })
}

/// One authorization attempt: the URL to open and the secrets to check the answer.
#[derive(Debug)]
pub struct Authorization {
    pub url: Url,
    pub redirect_uri: String,
    verifier: PkceCodeVerifier,
    state: CsrfToken,
}

impl Authorization {
    /// The `state` value sent (tests drive the browser step with it).
    pub fn state(&self) -> &str {
        self.state.secret()
    }
}

fn endpoints(p: &Prepared) -> Result<(AuthUrl, TokenUrl), AuthError> {
    let bad = |e: String| AuthError::Io(e);
    let auth = p
        .client
        .url("oauth/authorize")
        .map_err(|e| bad(e.to_string()))?;
    let token = p
        .client
        .url("oauth/token")
        .map_err(|e| bad(e.to_string()))?;
    Ok((AuthUrl::from_url(auth), TokenUrl::from_url(token)))
}

/// The oauth2 client with its authorization and token endpoints set.
type OAuthClient = BasicClient<
    oauth2::EndpointSet,
    oauth2::EndpointNotSet,
    oauth2::EndpointNotSet,
    oauth2::EndpointNotSet,
    oauth2::EndpointSet,
>;

/// The oauth2 client for the instance and our app. Client credentials go in
/// the request body: every Mastodon-API server accepts them there.
fn oauth_client(p: &Prepared, redirect_uri: &str) -> Result<OAuthClient, AuthError> {
    let (auth_url, token_url) = endpoints(p)?;
    let redirect =
        RedirectUrl::new(redirect_uri.to_string()).map_err(|e| AuthError::Io(e.to_string()))?;
    Ok(BasicClient::new(ClientId::new(p.app.client_id.clone()))
        .set_client_secret(ClientSecret::new(p.app.client_secret.clone()))
        .set_auth_uri(auth_url)
        .set_token_uri(token_url)
        .set_redirect_uri(redirect)
        .set_auth_type(AuthType::RequestBody))
}

/// Builds the authorization URL with a PKCE S256 challenge and a random state.
pub fn authorize(p: &Prepared, redirect_uri: &str) -> Result<Authorization, AuthError> {
    let client = oauth_client(p, redirect_uri)?;
    let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
    let (url, state) = client
        .authorize_url(CsrfToken::new_random)
        .add_scopes(SCOPES.iter().map(|s| Scope::new(s.to_string())))
        .set_pkce_challenge(challenge)
        .url();
    Ok(Authorization {
        url,
        redirect_uri: redirect_uri.to_string(),
        verifier,
        state,
    })
}

/// The loopback redirect listener on `127.0.0.1:<free port>/callback`.
pub struct Loopback {
    pub port: u16,
    rx: mpsc::Receiver<CallbackParams>,
    stop: Option<oneshot::Sender<()>>,
}

#[derive(Debug, Clone, serde::Deserialize)]
struct CallbackParams {
    code: Option<String>,
    state: Option<String>,
    error: Option<String>,
}

const SUCCESS_PAGE: &str = "<!doctype html><html><head><meta charset=\"utf-8\"><title>trompe</title></head><body style=\"font-family:sans-serif;margin:3em\"><h1>You are logged in</h1><p>You can close this tab and go back to the terminal.</p></body></html>";
const DENIED_PAGE: &str = "<!doctype html><html><head><meta charset=\"utf-8\"><title>trompe</title></head><body style=\"font-family:sans-serif;margin:3em\"><h1>Login cancelled</h1><p>trompe was not authorized. You can close this tab.</p></body></html>";

impl Loopback {
    /// Binds the listener.
    pub async fn start() -> Result<Loopback, AuthError> {
        let listener = tokio::net::TcpListener::bind(("127.0.0.1", 0))
            .await
            .map_err(|e| AuthError::Io(format!("cannot listen for the browser: {e}")))?;
        let port = listener
            .local_addr()
            .map_err(|e| AuthError::Io(e.to_string()))?
            .port();
        let (tx, rx) = mpsc::channel(4);
        let app = axum::Router::new().route(
            "/callback",
            get(move |Query(q): Query<CallbackParams>| {
                let tx = tx.clone();
                async move {
                    let denied = q.error.is_some();
                    let _ = tx.send(q).await;
                    Html(if denied { DENIED_PAGE } else { SUCCESS_PAGE })
                }
            }),
        );
        let (stop, stop_rx) = oneshot::channel::<()>();
        tokio::spawn(async move {
            let _ = axum::serve(listener, app)
                .with_graceful_shutdown(async move {
                    let _ = stop_rx.await;
                })
                .await;
        });
        Ok(Loopback {
            port,
            rx,
            stop: Some(stop),
        })
    }

    /// The redirect URI to send.
    pub fn redirect_uri(&self) -> String {
        format!("http://127.0.0.1:{}/callback", self.port)
    }

    /// Waits for the browser to come back with a code for `auth`.
    pub async fn wait(
        &mut self,
        auth: &Authorization,
        timeout: Duration,
    ) -> Result<String, AuthError> {
        let got = tokio::time::timeout(timeout, self.rx.recv()).await;
        let params = match got {
            Err(_) => return Err(AuthError::Timeout(timeout.as_secs())),
            Ok(None) => return Err(AuthError::Io("the browser listener stopped".into())),
            Ok(Some(p)) => p,
        };
        if params.state.as_deref() != Some(auth.state.secret().as_str()) {
            return Err(AuthError::StateMismatch);
        }
        if params.error.is_some() {
            return Err(AuthError::Denied);
        }
        params
            .code
            .filter(|c| !c.is_empty())
            .ok_or(AuthError::NoCode)
    }
}

impl Drop for Loopback {
    fn drop(&mut self) {
        if let Some(s) = self.stop.take() {
            let _ = s.send(());
        }
    }
}

/// Exchanges the code (with the PKCE verifier) for a token.
pub async fn exchange(
    p: &Prepared,
    auth: Authorization,
    code: &str,
) -> Result<AccessToken, AuthError> {
    let client = oauth_client(p, &auth.redirect_uri)?;
    let http = p.client.http().clone();
    let send = move |req: oauth2::HttpRequest| {
        let http = http.clone();
        async move {
            let (parts, body) = req.into_parts();
            let resp = http
                .request(parts.method, parts.uri.to_string())
                .headers(parts.headers)
                .body(body)
                .send()
                .await
                .map_err(ApiError::from_transport)?;
            let mut builder = http::Response::builder().status(resp.status());
            for (k, v) in resp.headers() {
                builder = builder.header(k, v);
            }
            let bytes = resp.bytes().await.map_err(ApiError::from_transport)?;
            builder
                .body(bytes.to_vec())
                .map_err(|e| ApiError::Network(e.to_string()))
        }
    };
    let token = client
        .exchange_code(AuthorizationCode::new(code.trim().to_string()))
        .set_pkce_verifier(auth.verifier)
        .request_async(&send)
        .await
        .map_err(|e| match e {
            RequestTokenError::ServerResponse(r) => {
                AuthError::Exchange(match r.error_description() {
                    Some(d) => format!("{}: {d}", r.error()),
                    None => r.error().to_string(),
                })
            }
            RequestTokenError::Request(m) => AuthError::Exchange(m.to_string()),
            RequestTokenError::Parse(_, _) => {
                AuthError::Exchange("the answer was not a token".into())
            }
            RequestTokenError::Other(m) => AuthError::Exchange(m),
        })?;
    Ok(AccessToken::new(token.access_token().secret().clone()))
}

/// Checks the token with verify_credentials.
pub async fn verify(p: &Prepared, token: &AccessToken) -> Result<Account, AuthError> {
    p.client
        .with_token(Some(token.clone()))
        .verify_credentials()
        .await
        .map_err(AuthError::Verify)
}

/// The domain part of an account's name on `base` (`host` or `host:port`).
pub fn domain_of(base: &Url) -> String {
    match (base.host_str(), base.port()) {
        (Some(h), Some(p)) => format!("{h}:{p}"),
        (Some(h), None) => h.to_string(),
        _ => base.to_string(),
    }
}

/// Saves the account in the config file and the token in the store.
pub async fn save(
    config_path: &Path,
    store: &TokenStore,
    p: &Prepared,
    account: &Account,
    token: &AccessToken,
) -> Result<(AccountEntry, Stored), AuthError> {
    let acct = format!("{}@{}", account.username, domain_of(p.client.base()));
    let stored = store.save(&acct, token).await?;
    let mut cfg = ConfigFile::load(config_path).map_err(|e| AuthError::Io(e.to_string()))?;
    let entry = AccountEntry {
        instance: p.client.base().to_string(),
        username: account.username.clone(),
        acct: acct.clone(),
        display_name: crate::html::sanitize_line(account.display_name_or_username()).into_owned(),
        default: false,
    };
    cfg.upsert(entry);
    cfg.save(config_path)
        .map_err(|e| AuthError::Io(e.to_string()))?;
    let saved = cfg
        .find(&acct)
        .cloned()
        .ok_or_else(|| AuthError::Io("the account was not saved".into()))?;
    Ok((saved, stored))
}

/// Can a browser be opened here? Not over SSH, nor on Linux/BSD without a display.
pub fn can_open_browser() -> bool {
    let set = |k: &str| std::env::var_os(k).is_some_and(|v| !v.is_empty());
    if set("SSH_CONNECTION") || set("SSH_TTY") {
        return false;
    }
    if cfg!(any(target_os = "macos", target_os = "windows")) {
        return true;
    }
    set("DISPLAY") || set("WAYLAND_DISPLAY")
}

/// Revokes a token (`POST /oauth/revoke`).
pub async fn revoke(
    client: &Client,
    app: &AppCredentials,
    token: &AccessToken,
) -> Result<(), ApiError> {
    let url = client.url("oauth/revoke")?;
    let rb = client.http().post(url).form(&[
        ("client_id", app.client_id.as_str()),
        ("client_secret", app.client_secret.as_str()),
        ("token", token.secret()),
    ]);
    client.send(rb, "oauth/revoke").await.map(|_| ())
}

/// The out-of-band redirect, for pasting the code.
pub fn oob() -> &'static str {
    OOB
}
