//! Your data across instances, end to end against two (or three) demo
//! instances: `trompe export`, `import`, `move` and `archive`, with
//! Mastodon's own file formats, a 429 and a rate limit in the middle, an
//! import killed halfway and resumed, and a second run that changes nothing.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Output;
use std::time::Duration;

use serde_json::{Value, json};
use sha2::Digest as _;
use trompe::api::endpoints::Call;
use trompe::api::{AccessToken, Client};
use trompe::auth::tokens::TokenStore;
use trompe::config::accounts::{AccountEntry, ConfigFile};
use trompe::data::files::Data;
use trompe::data::{Paced, Silent, What};
use trompe_demo::{DemoOptions, DemoServer, Fault, RateLimitOptions};

use super::{bare, code, stderr};

async fn server(fresh: bool) -> DemoServer {
    DemoServer::start(DemoOptions {
        fresh_account: fresh,
        ..Default::default()
    })
    .await
    .unwrap()
}

fn client(s: &DemoServer) -> Client {
    Client::new(s.base_url().clone(), Some(AccessToken::new(s.token()))).unwrap()
}

fn base(s: &DemoServer) -> String {
    s.base_url().as_str().trim_end_matches('/').to_string()
}

fn acct(s: &DemoServer) -> String {
    format!("demo@{}", s.addr())
}

/// Runs trompe as the demo user of `s`.
fn run_on(dir: &Path, s: &DemoServer, args: &[&str]) -> Output {
    bare(dir)
        .env("TROMPE_INSTANCE", base(s))
        .env("TROMPE_TOKEN", s.token())
        .args(args)
        .output()
        .unwrap()
}

fn ok(o: Output, what: &str) -> String {
    assert_eq!(code(&o), Some(0), "{what} failed: {}", stderr(&o));
    String::from_utf8(o.stdout).unwrap()
}

/// Everything the account of `s` holds, read back through the API.
async fn state_of(s: &DemoServer) -> Data {
    let mut silent = Silent;
    let mut paced = Paced::new(client(s), &mut silent);
    let me = trompe::data::who(&mut paced).await.unwrap();
    trompe::data::export::export(&mut paced, &me, &What::ALL)
        .await
        .unwrap()
}

/// Gives the demo user of `a` something of every kind the seed lacks: a
/// block, a mute that keeps notifications, a domain block, and a follow
/// with options.
async fn enrich(a: &DemoServer) {
    let c = client(a);
    let id = |name: &str| {
        let c = c.clone();
        let name = name.to_string();
        async move {
            c.call::<Value>(&Call::lookup_account(&name)).await.unwrap()["id"]
                .as_str()
                .unwrap()
                .to_string()
        }
    };
    let robin = id("robin").await;
    let weather = id("weather").await;
    let sam = id("sam").await;
    for call in [
        Call::post(format!("api/v1/accounts/{robin}/block")),
        Call::post(format!("api/v1/accounts/{weather}/mute")).json(json!({"notifications": false})),
        Call::post("api/v1/domain_blocks")
            .json(json!({"domain": "spam.example"}))
            .form_encoded(),
        Call::post(format!("api/v1/accounts/{sam}/follow"))
            .json(json!({"reblogs": false, "notify": true, "languages": ["en", "fr"]})),
    ] {
        c.call::<Value>(&call).await.unwrap();
    }
}

/// The parts of an account's data that must arrive unchanged (bookmarks
/// compared by count: the target holds its own copies of the posts).
fn comparable(d: &Data) -> Value {
    let sorted = |v: &Option<Vec<String>>| {
        let mut v = v.clone().unwrap_or_default();
        v.sort();
        v
    };
    let mut follows: Vec<Value> = d
        .follows
        .iter()
        .flatten()
        .map(|f| json!([f.acct, f.reblogs, f.notify, f.languages]))
        .collect();
    follows.sort_by_key(|v| v.to_string());
    let mut lists: Vec<Value> = d
        .lists
        .iter()
        .flatten()
        .map(|l| {
            let mut m = l.members.clone();
            m.sort();
            json!([l.title, m, l.replies_policy, l.exclusive])
        })
        .collect();
    lists.sort_by_key(|v| v.to_string());
    let mut mutes: Vec<Value> = d
        .mutes
        .iter()
        .flatten()
        .map(|m| json!([m.acct, m.notifications]))
        .collect();
    mutes.sort_by_key(|v| v.to_string());
    let mut filters: Vec<Value> = d
        .filters
        .iter()
        .flatten()
        .map(|f| {
            let k: Vec<Value> = f
                .keywords
                .iter()
                .map(|k| json!([k.keyword, k.whole_word]))
                .collect();
            json!([f.title, f.context, f.action, k])
        })
        .collect();
    filters.sort_by_key(|v| v.to_string());
    json!({
        "follows": follows,
        "lists": lists,
        "blocks": sorted(&d.blocks),
        "mutes": mutes,
        "domain_blocks": sorted(&d.domain_blocks),
        "bookmarks": d.bookmarks.as_ref().map_or(0, Vec::len),
        "filters": filters,
        "followed_tags": sorted(&d.followed_tags),
    })
}

/// The source's data as the target should hold it: locked accounts are
/// left as follow requests, so they are not among the follows.
async fn expected_from(a: &DemoServer) -> Value {
    let mut want = state_of(a).await;
    let locked: BTreeSet<String> = {
        let c = client(a);
        let mut out = BTreeSet::new();
        for f in want.follows.iter().flatten() {
            let acc: Value = c.call(&Call::lookup_account(&f.acct)).await.unwrap();
            if acc["locked"].as_bool() == Some(true) {
                out.insert(f.acct.clone());
            }
        }
        out
    };
    assert!(
        !locked.is_empty(),
        "the seed has a locked account to follow"
    );
    if let Some(f) = want.follows.as_mut() {
        f.retain(|x| !locked.contains(&x.acct));
    }
    comparable(&want)
}

/// Writes a config with the demo users of `servers` and their tokens.
async fn configure(dir: &Path, servers: &[&DemoServer]) {
    let path = dir.join("config/config.toml");
    let mut cfg = ConfigFile::load(&path).unwrap();
    let store = TokenStore::file_only(dir.join("data"));
    for s in servers {
        cfg.upsert(AccountEntry {
            instance: s.base_url().to_string(),
            username: "demo".into(),
            acct: acct(s),
            display_name: String::new(),
            default: false,
        });
        store
            .save(&acct(s), &AccessToken::new(s.token()))
            .await
            .unwrap();
    }
    cfg.save(&path).unwrap();
}

fn report(stdout: &str) -> Value {
    serde_json::from_str(stdout.trim()).unwrap_or_else(|e| panic!("{e}: {stdout}"))
}

fn total(r: &Value, field: &str) -> u64 {
    r["kinds"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| k[field].as_u64().unwrap())
        .sum()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn move_between_two_instances_carries_everything_and_a_second_run_changes_nothing() {
    let (a, b) = (server(false).await, server(true).await);
    enrich(&a).await;
    let dir = tempfile::tempdir().unwrap();
    configure(dir.path(), &[&a, &b]).await;
    assert_eq!(
        state_of(&b).await.follows.unwrap().len(),
        0,
        "B starts empty"
    );

    // The plan first: it changes nothing.
    let o = bare(dir.path())
        .args(["move", &acct(&a), &acct(&b), "--dry-run"])
        .output()
        .unwrap();
    let out = ok(o, "move --dry-run");
    assert!(out.contains("Dry run: nothing was changed"), "{out}");
    assert!(out.contains("+ follow sam@"), "{out}");
    assert!(out.contains("+ block robin@"), "{out}");
    assert!(out.contains("+ domain-block spam.example"), "{out}");
    let b_now = state_of(&b).await;
    assert!(b_now.follows.unwrap().is_empty() && b_now.blocks.unwrap().is_empty());

    let o = bare(dir.path())
        .args(["move", &acct(&a), &acct(&b)])
        .output()
        .unwrap();
    let err = stderr(&o);
    let out = ok(o, "move");
    assert!(out.contains("Moving from a different account"), "{out}");
    assert!(out.contains("left as requested"), "{out}");
    // Progress went to stderr, as lines (stderr is not a terminal here).
    assert!(err.contains("follows: "), "{err}");
    assert_eq!(comparable(&state_of(&b).await), expected_from(&a).await);

    // Again: everything is already there.
    let o = bare(dir.path())
        .args(["move", &acct(&a), &acct(&b), "--json"])
        .output()
        .unwrap();
    let r = report(&ok(o, "second move"));
    assert_eq!(total(&r, "done"), 0, "{r}");
    assert_eq!(total(&r, "failed"), 0, "{r}");
    assert!(total(&r, "already") > 20, "{r}");
    assert_eq!(comparable(&state_of(&b).await), expected_from(&a).await);
}

fn progress_files(dir: &Path) -> Vec<PathBuf> {
    std::fs::read_dir(dir.join("data/imports"))
        .map(|d| d.flatten().map(|e| e.path()).collect())
        .unwrap_or_default()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_import_killed_halfway_resumes_and_ends_in_the_same_state() {
    let (a, b) = (server(false).await, server(true).await);
    enrich(&a).await;
    let dir = tempfile::tempdir().unwrap();
    let export = dir.path().join("export");
    ok(
        run_on(
            dir.path(),
            &a,
            &["export", "--out", export.to_str().unwrap()],
        ),
        "export",
    );
    // The lists stage hangs: the import is stopped there, its follows done.
    b.faults()
        .inject("/api/v1/lists", Fault::Delay(Duration::from_secs(600)), 1);
    let mut child = bare(dir.path())
        .env("TROMPE_INSTANCE", base(&b))
        .env("TROMPE_TOKEN", b.token())
        .args(["import", export.to_str().unwrap()])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let follows = state_of(&a).await.follows.unwrap().len();
    let deadline = std::time::Instant::now() + trompe_testkit::WAIT;
    let done_before = loop {
        let done = progress_files(dir.path())
            .first()
            .and_then(|p| std::fs::read(p).ok())
            .and_then(|b| serde_json::from_slice::<Value>(&b).ok())
            .map(|v| v["done"].as_array().map_or(0, Vec::len))
            .unwrap_or(0);
        if done >= follows {
            break done;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the import never finished its follows"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    child.kill().unwrap();
    child.wait().unwrap();
    b.faults().clear();

    let o = run_on(
        dir.path(),
        &b,
        &["import", export.to_str().unwrap(), "--json"],
    );
    let r = report(&ok(o, "resumed import"));
    assert_eq!(total(&r, "resumed") as usize, done_before, "{r}");
    assert_eq!(total(&r, "failed"), 0, "{r}");
    assert_eq!(comparable(&state_of(&b).await), expected_from(&a).await);
    assert!(
        progress_files(dir.path()).is_empty(),
        "a finished import leaves no progress file"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_429_in_the_middle_waits_and_nothing_is_skipped_or_doubled() {
    let (a, b) = (server(false).await, server(true).await);
    let dir = tempfile::tempdir().unwrap();
    let export = dir.path().join("export");
    ok(
        run_on(
            dir.path(),
            &a,
            &["export", "--out", export.to_str().unwrap()],
        ),
        "export",
    );
    b.faults().inject_after(
        "/api/v1/accounts/",
        Fault::RateLimited {
            reset_in: Duration::from_secs(1),
        },
        8,
        2,
    );
    let o = run_on(
        dir.path(),
        &b,
        &["import", export.to_str().unwrap(), "--json"],
    );
    let err = stderr(&o);
    let r = report(&ok(o, "import through a 429"));
    assert!(r["rate_limit_waits"].as_u64().unwrap() >= 2, "{r}");
    assert!(err.contains("429"), "{err}");
    assert_eq!(total(&r, "failed"), 0, "{r}");
    assert_eq!(comparable(&state_of(&b).await), expected_from(&a).await);
    // Each list holds each member once, and there is one list per title.
    let lists = state_of(&b).await.lists.unwrap();
    let titles: BTreeSet<&str> = lists.iter().map(|l| l.title.as_str()).collect();
    assert_eq!(titles.len(), lists.len());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_import_keeps_to_the_servers_rate_limit() {
    let a = server(false).await;
    let b = DemoServer::start(DemoOptions {
        fresh_account: true,
        rate_limit: Some(RateLimitOptions {
            limit: 40,
            window: Duration::from_secs(1),
        }),
        ..Default::default()
    })
    .await
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let export = dir.path().join("export");
    ok(
        run_on(
            dir.path(),
            &a,
            &["export", "--out", export.to_str().unwrap()],
        ),
        "export",
    );
    let o = run_on(
        dir.path(),
        &b,
        &["import", export.to_str().unwrap(), "--json"],
    );
    let err = stderr(&o);
    let r = report(&ok(o, "paced import"));
    assert!(err.contains("rate limit is used up: waiting"), "{err}");
    assert!(r["rate_limit_waits"].as_u64().unwrap() >= 1, "{r}");
    assert_eq!(total(&r, "failed"), 0, "{r}");
    assert_eq!(comparable(&state_of(&b).await), expected_from(&a).await);
}

/// Files in the format of Mastodon's web export (its documented column
/// names; addresses of accounts the demo world knows).
fn mastodon_web_export(dir: &Path) {
    std::fs::create_dir_all(dir).unwrap();
    let files = [
        (
            "following_accounts.csv",
            "Account address,Show boosts,Notify on new posts,Languages\n\
             theo@gts.example,true,false,\n\
             jonas@other.example,false,true,\"en, fr\"\n\
             ghost@127.0.0.1:1,true,false,\n",
        ),
        (
            "lists.csv",
            "Photo friends,jonas@other.example\nNew list,priya@social.example.org\n",
        ),
        ("blocked_accounts.csv", "haruki@other.example\n"),
        (
            "muted_accounts.csv",
            "Account address,Hide notifications\nlayla@akkoma.example,false\n",
        ),
        ("blocked_domains.csv", "spam.example\nads.example\n"),
        (
            "bookmarks.csv",
            "https://gts.example/users/theo/statuses/109000000000000258\n",
        ),
    ];
    for (name, text) in files {
        std::fs::write(dir.join(name), text).unwrap();
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn mastodon_web_export_files_import_and_trompes_export_reimports() {
    let b = server(true).await;
    let dir = tempfile::tempdir().unwrap();
    let web = dir.path().join("web");
    mastodon_web_export(&web);
    let o = run_on(dir.path(), &b, &["import", web.to_str().unwrap(), "--json"]);
    // The unknown account fails (exit 1); everything else is there.
    assert_eq!(code(&o), Some(1), "{}", stderr(&o));
    let r = report(&String::from_utf8(o.stdout).unwrap());
    let failed = r["failed"].as_array().unwrap();
    assert_eq!(failed.len(), 1, "{r}");
    assert_eq!(failed[0]["item"], "follow ghost@127.0.0.1:1");
    assert!(
        failed[0]["reason"]
            .as_str()
            .unwrap()
            .contains("account not found")
    );
    let got = state_of(&b).await;
    let follows = got.follows.clone().unwrap();
    let jonas = follows
        .iter()
        .find(|f| f.acct == "jonas@other.example")
        .unwrap();
    assert!(!jonas.reblogs && jonas.notify);
    assert_eq!(jonas.languages, ["en", "fr"]);
    // priya is followed so that she can be on a list.
    assert!(follows.iter().any(|f| f.acct == "priya@social.example.org"));
    let lists = got.lists.clone().unwrap();
    assert_eq!(lists.len(), 2);
    assert_eq!(got.blocks.clone().unwrap(), ["haruki@other.example"]);
    let mutes = got.mutes.clone().unwrap();
    assert_eq!(mutes.len(), 1);
    assert!(!mutes[0].notifications);
    assert_eq!(got.domain_blocks.clone().unwrap().len(), 2);
    assert_eq!(got.bookmarks.clone().unwrap().len(), 1);

    // One file alone, named as Mastodon names it.
    let c = server(true).await;
    let o = run_on(
        dir.path(),
        &c,
        &[
            "import",
            web.join("blocked_domains.csv").to_str().unwrap(),
            "--json",
        ],
    );
    let r = report(&ok(o, "one file"));
    assert_eq!(total(&r, "done"), 2, "{r}");
    // A file with any other name needs its kind.
    let odd = dir.path().join("mine.csv");
    std::fs::write(&odd, "spam.example\n").unwrap();
    let o = run_on(dir.path(), &c, &["import", odd.to_str().unwrap()]);
    assert_eq!(code(&o), Some(2));
    assert!(stderr(&o).contains("--what"), "{}", stderr(&o));

    // trompe's export of B re-imports into a new instance, to the same state.
    let again = dir.path().join("again");
    ok(
        run_on(
            dir.path(),
            &b,
            &["export", "--out", again.to_str().unwrap()],
        ),
        "export of B",
    );
    let d = server(true).await;
    ok(
        run_on(dir.path(), &d, &["import", again.to_str().unwrap()]),
        "re-import",
    );
    assert_eq!(comparable(&state_of(&d).await), comparable(&got));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_bad_file_is_named_with_its_line_and_nothing_changes() {
    let b = server(true).await;
    let dir = tempfile::tempdir().unwrap();
    let web = dir.path().join("web");
    std::fs::create_dir_all(&web).unwrap();
    std::fs::write(
        web.join("following_accounts.csv"),
        "Account address,Show boosts\ntheo@gts.example,true\nnot an address,true\n",
    )
    .unwrap();
    let o = run_on(dir.path(), &b, &["import", web.to_str().unwrap()]);
    assert_eq!(code(&o), Some(2));
    let err = stderr(&o);
    assert!(
        err.contains("following_accounts.csv: line 3") && err.contains("not an account address"),
        "{err}"
    );
    assert!(state_of(&b).await.follows.unwrap().is_empty());
}

fn sha256_hex(bytes: &[u8]) -> String {
    sha2::Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_archive_holds_every_own_post_with_media_and_reads_offline() {
    let a = server(false).await;
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("archive");
    let o = run_on(
        dir.path(),
        &a,
        &["archive", "--out", out.to_str().unwrap(), "--json"],
    );
    let first = report(&ok(o, "archive"));

    // Every own post (boosts are not posts), once.
    let c = client(&a);
    let me: Value = c.call(&Call::verify_credentials()).await.unwrap();
    let mut want = BTreeSet::new();
    let mut page: Vec<Value> = c
        .call(
            &Call::get(format!(
                "api/v1/accounts/{}/statuses",
                me["id"].as_str().unwrap()
            ))
            .query("limit", "40")
            .query("exclude_reblogs", "true"),
        )
        .await
        .unwrap();
    for _ in 0..100 {
        let Some(last) = page.last().map(|s| s["id"].as_str().unwrap().to_string()) else {
            break;
        };
        want.extend(page.iter().map(|s| s["id"].as_str().unwrap().to_string()));
        page = c
            .call(
                &Call::get(format!(
                    "api/v1/accounts/{}/statuses",
                    me["id"].as_str().unwrap()
                ))
                .query("limit", "40")
                .query("exclude_reblogs", "true")
                .query("max_id", last),
            )
            .await
            .unwrap();
    }
    let posts = trompe::data::archive::read_posts(&out);
    let got: Vec<String> = posts
        .iter()
        .map(|p| p["id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(got.len(), want.len(), "each post once");
    assert_eq!(got.iter().cloned().collect::<BTreeSet<_>>(), want);
    assert_eq!(first["posts"].as_u64().unwrap() as usize, want.len());

    // Edited posts have their history; media files match their hashes.
    for p in posts.iter().filter(|p| !p["edited_at"].is_null()) {
        let f = out.join(format!("edits/{}.json", p["id"].as_str().unwrap()));
        assert!(f.is_file(), "{f:?}");
    }
    let manifest: Value =
        serde_json::from_slice(&std::fs::read(out.join("manifest.json")).unwrap()).unwrap();
    let media = manifest["media"].as_array().unwrap();
    let attachments: usize = posts
        .iter()
        .map(|p| p["media_attachments"].as_array().map_or(0, Vec::len))
        .sum();
    assert!(attachments > 0, "the demo user has posts with media");
    assert_eq!(media.len(), attachments);
    for m in media {
        let bytes = std::fs::read(out.join(m["file"].as_str().unwrap())).unwrap();
        assert_eq!(sha256_hex(&bytes), m["sha256"].as_str().unwrap());
        assert_eq!(bytes.len() as u64, m["bytes"].as_u64().unwrap());
    }

    // The page: no script, nothing fetched from elsewhere.
    let html = std::fs::read_to_string(out.join("index.html")).unwrap();
    let lower = html.to_lowercase();
    assert!(!lower.contains("<script"), "no script");
    assert!(!lower.contains("javascript:"));
    for attr in ["src=\"", "href=\""] {
        for (i, _) in lower.match_indices(attr) {
            let v = &lower[i + attr.len()..];
            assert!(
                v.starts_with("media/"),
                "{attr} points outside: {}",
                &v[..v.len().min(60)]
            );
        }
    }
    assert!(lower.contains("content-security-policy"));
    assert_eq!(html.matches("<article>").count(), want.len());

    // A second run fetches only what is new.
    let id = a.post_as("demo", "one more, for the archive").unwrap();
    let o = run_on(
        dir.path(),
        &a,
        &["archive", "--out", out.to_str().unwrap(), "--json"],
    );
    let second = report(&ok(o, "second archive"));
    assert_eq!(second["new_posts"], 1, "{second}");
    assert_eq!(second["new_media"], 0, "{second}");
    let posts = trompe::data::archive::read_posts(&out);
    assert_eq!(posts.len(), want.len() + 1);
    assert_eq!(posts.last().unwrap()["id"], id.as_str());
}
