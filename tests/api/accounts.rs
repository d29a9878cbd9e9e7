//! Accounts: the OAuth login with PKCE against the demo instance (loopback
//! and paste-the-code), token storage, several accounts in one TUI session,
//! and logout.

#![allow(clippy::unwrap_used)]

use trompe_testkit as common;

use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};
use std::time::Duration;

use trompe::api::{AccessToken, ApiError, Client};
use trompe::auth::flow::{self, Loopback};
use trompe::auth::tokens::{Stored, TokenStore};
use trompe::config::accounts::ConfigFile;
use trompe_demo::{DemoOptions, DemoServer};

fn no_redirects() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

use common::{approve, code_from_page};

#[tokio::test]
async fn loopback_login_with_pkce_stores_the_token_and_verifies() {
    let server = DemoServer::start(DemoOptions::default()).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let config = dir.path().join("config/config.toml");

    let p = flow::prepare(server.base_url().as_str(), &data)
        .await
        .expect("prepare");
    // The app registration is cached: a second prepare does not register again.
    let again = flow::prepare(server.base_url().as_str(), &data)
        .await
        .unwrap();
    assert_eq!(p.app.client_id, again.app.client_id);

    let mut lb = Loopback::start().await.unwrap();
    let auth = flow::authorize(&p, &lb.redirect_uri()).unwrap();
    let q: Vec<(String, String)> = auth
        .url
        .query_pairs()
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    assert!(
        q.iter()
            .any(|(k, v)| k == "code_challenge_method" && v == "S256")
    );
    assert!(
        q.iter()
            .any(|(k, v)| k == "scope" && v == "read write follow push")
    );

    let resp = approve(&auth.url, "approve").await;
    assert_eq!(resp.status(), 303);
    let location = resp.headers()["location"].to_str().unwrap().to_string();
    assert!(location.starts_with(&lb.redirect_uri()), "{location}");
    // The browser follows the redirect to the loopback listener.
    let page = reqwest::get(&location).await.unwrap().text().await.unwrap();
    assert!(page.contains("You are logged in"));

    let code = lb.wait(&auth, common::WAIT).await.expect("code");
    let token = flow::exchange(&p, auth, &code).await.expect("token");
    let account = flow::verify(&p, &token).await.expect("verify");
    assert_eq!(account.username, "demo");
    let store = TokenStore::file_only(&data);
    let (entry, stored) = flow::save(&config, &store, &p, &account, &token)
        .await
        .unwrap();
    assert_eq!(stored, Stored::File(data.join("tokens.json")));
    assert!(entry.default);
    assert_eq!(store.load(&entry.acct).await.unwrap(), Some(token.clone()));

    // The token is in the 0600 file and nowhere in the config.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(data.join("tokens.json"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    let cfg_text = std::fs::read_to_string(&config).unwrap();
    assert!(!cfg_text.contains(token.secret()));
    assert!(
        ConfigFile::load(&config)
            .unwrap()
            .find(&entry.acct)
            .is_some()
    );
}

#[tokio::test]
async fn denied_and_state_mismatch_are_clear_errors() {
    let server = DemoServer::start(DemoOptions::default()).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let p = flow::prepare(server.base_url().as_str(), dir.path())
        .await
        .unwrap();

    let mut lb = Loopback::start().await.unwrap();
    let auth = flow::authorize(&p, &lb.redirect_uri()).unwrap();
    let resp = approve(&auth.url, "deny").await;
    let location = resp.headers()["location"].to_str().unwrap().to_string();
    reqwest::get(&location).await.unwrap();
    let err = lb.wait(&auth, common::WAIT).await.unwrap_err();
    assert!(err.to_string().contains("denied"), "{err}");

    let auth = flow::authorize(&p, &lb.redirect_uri()).unwrap();
    reqwest::get(format!("{}?code=abc&state=forged", lb.redirect_uri()))
        .await
        .unwrap();
    let err = lb.wait(&auth, common::WAIT).await.unwrap_err();
    assert!(err.to_string().contains("different state"), "{err}");

    let err = lb
        .wait(&auth, Duration::from_millis(200))
        .await
        .unwrap_err();
    assert!(err.to_string().contains("--paste"), "{err}");

    let err = flow::prepare("http://127.0.0.1:1", dir.path())
        .await
        .unwrap_err();
    assert!(err.to_string().contains("could not reach"), "{err}");
    let err = flow::prepare("http://plain.example", dir.path())
        .await
        .unwrap_err();
    assert!(err.to_string().contains("not an instance address"), "{err}");
}

#[tokio::test]
async fn the_demo_instance_checks_the_pkce_verifier() {
    let server = DemoServer::start(DemoOptions::default()).await.unwrap();
    let http = no_redirects();
    let base = server.base_url().as_str().trim_end_matches('/').to_string();
    let app: serde_json::Value = http
        .post(format!("{base}/api/v1/apps"))
        .form(&[
            ("client_name", "t"),
            ("redirect_uris", "urn:ietf:wg:oauth:2.0:oob"),
            ("scopes", "read"),
        ])
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let id = app["client_id"].as_str().unwrap();
    let secret = app["client_secret"].as_str().unwrap();
    // S256("right-verifier…") computed here, independently of the server.
    use base64::Engine;
    use sha2::Digest;
    let verifier = "right-verifier-with-enough-entropy-0123456789abcdef";
    let challenge =
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(sha2::Sha256::digest(verifier));
    let get_code = || async {
        let html = http
            .post(format!("{base}/oauth/authorize"))
            .form(&[
                ("client_id", id),
                ("redirect_uri", "urn:ietf:wg:oauth:2.0:oob"),
                ("response_type", "code"),
                ("scope", "read"),
                ("code_challenge", challenge.as_str()),
                ("code_challenge_method", "S256"),
                ("decision", "approve"),
            ])
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        code_from_page(&html)
    };
    let token = |code: String, v: &'static str| {
        let http = http.clone();
        let base = base.clone();
        async move {
            http.post(format!("{base}/oauth/token"))
                .form(&[
                    ("grant_type", "authorization_code"),
                    ("code", code.as_str()),
                    ("client_id", id),
                    ("client_secret", secret),
                    ("redirect_uri", "urn:ietf:wg:oauth:2.0:oob"),
                    ("code_verifier", v),
                ])
                .send()
                .await
                .unwrap()
        }
    };
    let wrong = token(get_code().await, "wrong-verifier").await;
    assert_eq!(wrong.status(), 400);
    let body: serde_json::Value = wrong.json().await.unwrap();
    assert_eq!(body["error"], "invalid_grant");
    let right = token(get_code().await, verifier).await;
    assert_eq!(right.status(), 200);
}

#[tokio::test]
async fn keyring_backend_is_used_when_available() {
    keyring::set_default_credential_builder(keyring::mock::default_credential_builder());
    let dir = tempfile::tempdir().unwrap();
    let store = TokenStore::with_keyring(dir.path());
    let stored = store
        .save("alice@one.example", &AccessToken::new("kr-secret"))
        .await
        .unwrap();
    assert_eq!(stored, Stored::Keyring);
    assert!(
        !store.file_path().exists(),
        "the token must not also go to the file"
    );
}

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_trompe"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn paste_code_login_accounts_and_logout_through_the_cli() {
    let server = DemoServer::start(DemoOptions::default()).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let envs = [
        ("TROMPE_CONFIG_DIR", dir.path().join("config")),
        ("TROMPE_DATA_DIR", dir.path().join("data")),
    ];
    let mut child = bin()
        .args(["login", server.base_url().as_str(), "--paste"])
        .envs(envs.iter().map(|(k, v)| (*k, v.as_os_str())))
        .env("TROMPE_NO_KEYRING", "1")
        .env("TROMPE_LOG", "trace")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let url = tokio::task::spawn_blocking(move || {
        let mut lines = BufReader::new(stdout).lines();
        let url = lines
            .by_ref()
            .map_while(Result::ok)
            .find_map(|l| l.trim().starts_with("http").then(|| l.trim().to_string()));
        (url, lines)
    });
    let (url, lines) = url.await.unwrap();
    let url = url::Url::parse(&url.expect("the CLI printed the authorize URL")).unwrap();
    assert!(url.as_str().contains("urn%3Aietf%3Awg%3Aoauth%3A2.0%3Aoob"));
    let html = approve(&url, "approve").await.text().await.unwrap();
    let code = code_from_page(&html);
    let mut stdin = child.stdin.take().unwrap();
    writeln!(stdin, "{code}").unwrap();
    drop(stdin);
    let status = tokio::task::spawn_blocking(move || child.wait_with_output())
        .await
        .unwrap()
        .unwrap();
    let rest: Vec<String> = lines.map_while(Result::ok).collect();
    assert!(
        status.status.success(),
        "login failed: {}",
        String::from_utf8_lossy(&status.stderr)
    );
    let out = rest.join("\n");
    assert!(out.contains("Logged in as @demo@127.0.0.1:"), "{out}");
    assert!(out.contains("readable only by you"), "{out}");

    // The token: in the 0600 file, not in the config, not in the log.
    let tokens: std::collections::BTreeMap<String, String> =
        serde_json::from_slice(&std::fs::read(dir.path().join("data/tokens.json")).unwrap())
            .unwrap();
    let (acct, token) = tokens.into_iter().next().unwrap();
    let config = std::fs::read_to_string(dir.path().join("config/config.toml")).unwrap();
    assert!(config.contains(&acct));
    assert!(!config.contains(&token));
    let log = std::fs::read_to_string(dir.path().join("data/logs/trompe.log")).unwrap_or_default();
    assert!(!log.is_empty(), "the log was written");
    assert!(!log.contains(&token), "the token leaked into the log");
    // The whole flow's secrets (the token, the one-time code, the app's
    // client secret) appear in no output, no log and no file but the two
    // that keep them: tokens.json (no keyring here) and apps.json (0600).
    let mut secrets = vec![token.clone(), code.clone()];
    secrets.extend(server.client_secrets());
    assert!(secrets.len() >= 3);
    let mut texts = vec![
        ("stdout".to_string(), out.clone()),
        (
            "stderr".to_string(),
            String::from_utf8_lossy(&status.stderr).into_owned(),
        ),
    ];
    let mut stack = vec![dir.path().to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if !p.ends_with("data/tokens.json") && !p.ends_with("data/apps.json") {
                let bytes = std::fs::read(&p).unwrap();
                texts.push((
                    p.display().to_string(),
                    String::from_utf8_lossy(&bytes).into(),
                ));
            }
        }
    }
    assert!(
        texts.len() >= 4,
        "{:?}",
        texts.iter().map(|t| &t.0).collect::<Vec<_>>()
    );
    for (name, text) in &texts {
        for s in &secrets {
            assert!(!text.contains(s.as_str()), "a secret in {name}");
        }
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        let mode = std::fs::metadata(dir.path().join("data/apps.json"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o077, 0, "apps.json is readable only by its owner");
    }

    // `accounts` lists it as the default.
    let list = bin()
        .arg("accounts")
        .envs(envs.iter().map(|(k, v)| (*k, v.as_os_str())))
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&list.stdout);
    assert!(text.starts_with(&format!("* {acct}")), "{text}");

    // Logout revokes: the server now refuses the token.
    let client = Client::new(
        server.base_url().clone(),
        Some(AccessToken::new(token.clone())),
    )
    .unwrap();
    assert!(client.verify_credentials().await.is_ok());
    // The account's local cache (as a TUI run leaves it) goes with it.
    let cache = dir
        .path()
        .join("data/cache")
        .join(trompe::app::cache::file_name(&acct));
    std::fs::create_dir_all(cache.parent().unwrap()).unwrap();
    std::fs::write(&cache, "{}").unwrap();
    let out = bin()
        .args(["logout", &acct])
        .envs(envs.iter().map(|(k, v)| (*k, v.as_os_str())))
        .env("TROMPE_NO_KEYRING", "1")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("revoked"));
    assert!(String::from_utf8_lossy(&out.stdout).contains("local cache was deleted"));
    assert!(!cache.exists());
    assert!(matches!(
        client.verify_credentials().await,
        Err(ApiError::Unauthorized { .. })
    ));
    let list = bin()
        .arg("accounts")
        .envs(envs.iter().map(|(k, v)| (*k, v.as_os_str())))
        .output()
        .unwrap();
    assert_eq!(list.status.code(), Some(3));
    assert!(
        !std::fs::read_to_string(dir.path().join("data/tokens.json"))
            .unwrap()
            .contains(&token)
    );
}

#[test]
fn accounts_default_and_bad_config() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = dir.path().join("config.toml");
    std::fs::write(&cfg, "[[accounts]]\ninstance = \"https://one.example/\"\nusername = \"a\"\nacct = \"a@one.example\"\ndefault = true\n\n[[accounts]]\ninstance = \"https://two.example/\"\nusername = \"b\"\nacct = \"b@two.example\"\n").unwrap();
    let run = |args: &[&str]| {
        bin()
            .args(args)
            .env("TROMPE_CONFIG_DIR", dir.path())
            .env("TROMPE_DATA_DIR", dir.path().join("d"))
            .output()
            .unwrap()
    };
    let out = run(&["accounts", "default", "b@two.example"]);
    assert!(out.status.success());
    let out = run(&["accounts"]);
    assert!(String::from_utf8_lossy(&out.stdout).contains("* b@two.example"));
    let out = run(&["accounts", "default", "nobody"]);
    assert_eq!(out.status.code(), Some(2));
    std::fs::write(&cfg, "accounts = [").unwrap();
    let out = run(&["accounts"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("is not valid"));
}

#[tokio::test]
async fn a_handle_resolves_through_webfinger_and_a_non_mastodon_server_is_named() {
    let server = DemoServer::start(DemoOptions::default()).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let addr = server.addr();
    let p = flow::prepare(&format!("@demo@{addr}"), dir.path())
        .await
        .expect("webfinger");
    assert_eq!(p.client.base().as_str(), server.base_url().as_str());
    let err = flow::prepare(&format!("@nobody@{addr}"), dir.path())
        .await
        .unwrap_err();
    assert!(err.to_string().contains("could not find @nobody"), "{err}");
    // A server that answers, but not the Mastodon API.
    let err = flow::prepare(&format!("http://{addr}/not-mastodon/"), dir.path())
        .await
        .unwrap_err();
    assert!(
        err.to_string()
            .contains("does not look like a Mastodon-compatible server"),
        "{err}"
    );
}
