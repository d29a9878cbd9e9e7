//! The scriptable CLI end to end: every command against an in-process demo
//! instance, in text and JSON form, the exit codes (1 API error, 2 usage,
//! 3 no account / rejected token, 4 network), completions and the man page.

#![allow(clippy::unwrap_used)]

use std::collections::HashSet;
use std::process::{Command, Output, Stdio};

use serde_json::Value;
use trompe::api::endpoints::timelines::TimelineKind;
use trompe::api::entities::Status;
use trompe::api::{AccessToken, Client, PageQuery};
use trompe_demo::{DemoOptions, DemoServer};
use trompe_testkit as common;

mod config;
mod data;
mod pty;

struct Demo {
    server: DemoServer,
    client: Client,
    dir: tempfile::TempDir,
}

async fn demo() -> Demo {
    let server = DemoServer::start(DemoOptions::default()).await.unwrap();
    let client = Client::new(
        server.base_url().clone(),
        Some(AccessToken::new(server.token())),
    )
    .unwrap();
    Demo {
        server,
        client,
        dir: tempfile::tempdir().unwrap(),
    }
}

/// The binary with isolated directories and no colours or account.
fn bare(dir: &std::path::Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_trompe"));
    c.env("TROMPE_CONFIG_DIR", dir.join("config"))
        .env("TROMPE_DATA_DIR", dir.join("data"))
        .env("TROMPE_NO_KEYRING", "1")
        .env_remove("TROMPE_INSTANCE")
        .env_remove("TROMPE_TOKEN")
        .env_remove("NO_COLOR")
        .env_remove("COLUMNS")
        .stdin(Stdio::null());
    c
}

impl Demo {
    fn base(&self) -> String {
        self.server
            .base_url()
            .as_str()
            .trim_end_matches('/')
            .to_string()
    }

    /// Runs trompe as the demo user.
    fn run(&self, args: &[&str]) -> Output {
        bare(self.dir.path())
            .env("TROMPE_INSTANCE", self.base())
            .env("TROMPE_TOKEN", self.server.token())
            .args(args)
            .output()
            .unwrap()
    }

    /// Runs trompe and expects exit 0; returns stdout.
    fn ok(&self, args: &[&str]) -> String {
        let o = self.run(args);
        assert_eq!(
            o.status.code(),
            Some(0),
            "trompe {args:?} failed: {}",
            String::from_utf8_lossy(&o.stderr)
        );
        String::from_utf8(o.stdout).unwrap()
    }

    /// Runs trompe with `--json` and parses the output.
    fn json(&self, args: &[&str]) -> Value {
        let mut a = args.to_vec();
        a.push("--json");
        let out = self.ok(&a);
        serde_json::from_str(&out).unwrap_or_else(|e| panic!("{args:?}: {e}\n{out}"))
    }

    /// Runs trompe with `--jsonl` and parses each line.
    fn jsonl(&self, args: &[&str]) -> Vec<Value> {
        let mut a = args.to_vec();
        a.push("--jsonl");
        self.ok(&a)
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect()
    }

    async fn home(&self, n: u32) -> Vec<Status> {
        self.client
            .timeline(
                &TimelineKind::Home,
                &PageQuery {
                    limit: Some(n),
                    ..Default::default()
                },
            )
            .await
            .unwrap()
            .items
    }
}

fn code(o: &Output) -> Option<i32> {
    o.status.code()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn whoami_in_text_and_json() {
    let d = demo().await;
    let text = d.ok(&["whoami"]);
    assert!(text.contains("@demo"), "{text}");
    let j = d.json(&["whoami"]);
    assert_eq!(j["acct"], "demo");
    assert!(
        j.get("source").is_some(),
        "verify_credentials fields are kept"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn profile_set_round_trips_in_text_and_json() {
    let d = demo().await;
    let png = trompe_demo::png::pattern_png(2, 2, (9, 9, 9));
    let avatar = d.dir.path().join("avatar.png");
    std::fs::write(&avatar, &png).unwrap();
    let j = d.json(&[
        "profile",
        "set",
        "--name",
        "CLI Ada",
        "--bio",
        "line one\\nline two",
        "--field",
        "Site=https://ada.example/?a=b",
        "--field",
        "Pronouns = she/her",
        "--avatar",
        avatar.to_str().unwrap(),
        "--locked",
        "on",
        "--bot",
        "on",
        "--discoverable",
        "off",
        "--visibility",
        "private",
        "--language",
        "fr",
        "--sensitive",
        "on",
    ]);
    assert_eq!(j["display_name"], "CLI Ada");
    assert_eq!(j["locked"], true);
    assert_eq!(j["bot"], true);
    assert_eq!(j["discoverable"], false);
    assert_eq!(j["source"]["note"], "line one\nline two");
    assert_eq!(j["source"]["privacy"], "private");
    assert_eq!(j["source"]["language"], "fr");
    assert_eq!(j["source"]["sensitive"], true);
    assert_eq!(j["source"]["fields"][0]["name"], "Site");
    assert_eq!(
        j["source"]["fields"][0]["value"],
        "https://ada.example/?a=b"
    );
    assert_eq!(j["source"]["fields"][1]["name"], "Pronouns");
    // The server has it, and serves the avatar as sent.
    let me = d.client.verify_credentials().await.unwrap();
    assert_eq!(me.display_name, "CLI Ada");
    assert_eq!(me.avatar, j["avatar"].as_str().unwrap());
    let served = reqwest::get(me.avatar.as_str()).await.unwrap();
    assert_eq!(served.bytes().await.unwrap().as_ref(), png.as_slice());

    // Text output reads like whoami; only the options given change.
    let text = d.ok(&["profile", "set", "--locked", "off"]);
    assert!(text.contains("CLI Ada"), "{text}");
    assert!(text.contains("Pronouns"), "{text}");
    assert!(text.contains("(bot)"), "{text}");
    assert!(!d.client.verify_credentials().await.unwrap().locked);

    // The server's refusal (exit 1), and usage errors before any request (exit 2).
    let o = d.run(&["profile", "set", "--name", &"x".repeat(31)]);
    assert_eq!(code(&o), Some(1));
    assert!(
        stderr(&o).contains("Display name is too long (maximum is 30 characters)"),
        "{}",
        stderr(&o)
    );
    let not_image = d.dir.path().join("notes.png");
    std::fs::write(&not_image, "text").unwrap();
    for args in [
        vec!["profile", "set"],
        vec!["profile", "set", "--field", "no-equals"],
        vec!["profile", "set", "--avatar", "/nonexistent/a.png"],
        vec!["profile", "set", "--header", not_image.to_str().unwrap()],
        vec!["profile", "set", "--locked", "maybe"],
    ] {
        let o = d.run(&args);
        assert_eq!(code(&o), Some(2), "{args:?}: {}", stderr(&o));
    }
    assert_eq!(
        d.client.verify_credentials().await.unwrap().display_name,
        "CLI Ada"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn instance_needs_no_account_with_a_domain() {
    let d = demo().await;
    let o = bare(d.dir.path())
        .args(["instance", &d.base()])
        .output()
        .unwrap();
    assert_eq!(code(&o), Some(0), "{}", stderr(&o));
    let text = String::from_utf8(o.stdout).unwrap();
    assert!(text.contains("trompe demo"), "{text}");
    assert!(text.contains("Rules:"));
    let j = d.json(&["instance"]);
    assert_eq!(j["configuration"]["statuses"]["max_characters"], 500);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn timeline_in_text_json_and_jsonl_keeps_unknown_fields() {
    let d = demo().await;
    let text = d.ok(&["timeline", "home", "--limit", "3"]);
    assert!(text.contains("↩"), "{text}");
    let j = d.json(&["timeline", "--limit", "3"]);
    let arr = j.as_array().unwrap();
    assert_eq!(arr.len(), 3);
    assert!(
        arr.iter().all(|s| s.get("trompe_demo_extension").is_some()),
        "a field the typed entity does not know is kept"
    );
    let lines = d.jsonl(&["timeline", "home", "-n", "3"]);
    assert_eq!(lines.len(), 3);
    assert_eq!(lines[0]["id"], arr[0]["id"]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn all_pages_streams_every_status_once_and_is_bounded() {
    let d = demo().await;
    let lines = d.jsonl(&["timeline", "home", "--all-pages", "--limit", "40"]);
    let ids: Vec<&str> = lines.iter().map(|v| v["id"].as_str().unwrap()).collect();
    let unique: HashSet<_> = ids.iter().collect();
    assert_eq!(unique.len(), ids.len());
    assert_eq!(ids.len(), d.server.home_count());
    let bounded = d.jsonl(&["timeline", "--all-pages", "-n", "10", "--max-pages", "2"]);
    assert_eq!(bounded.len(), 20);
    let doc = d.json(&["timeline", "--all-pages", "-n", "40"]);
    assert_eq!(doc.as_array().unwrap().len(), d.server.home_count());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_timeline_kind() {
    let d = demo().await;
    for spec in [
        "local",
        "federated",
        "tag:rust",
        "#photography",
        "list:Rustaceans 🦀",
        "bookmarks",
        "favourites",
        "trending",
        "@ferris",
        "@camille@social.example.org",
    ] {
        let j = d.json(&["timeline", spec, "-n", "5"]);
        assert!(!j.as_array().unwrap().is_empty(), "{spec} is empty");
    }
    let unknown = d.run(&["timeline", "list:No such list"]);
    assert_eq!(code(&unknown), Some(1));
    assert!(stderr(&unknown).contains("no list"));
    let bad = d.run(&["timeline", "sideways"]);
    assert_eq!(code(&bad), Some(2));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn public_timelines_of_any_instance_without_an_account() {
    let d = demo().await;
    let o = bare(d.dir.path())
        .args([
            "timeline",
            "--instance",
            &d.base(),
            "local",
            "-n",
            "2",
            "--json",
        ])
        .output()
        .unwrap();
    assert_eq!(code(&o), Some(0), "{}", stderr(&o));
    let j: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(j.as_array().unwrap().len(), 2);
    let o = bare(d.dir.path())
        .args(["timeline", "--instance", &d.base(), "home"])
        .output()
        .unwrap();
    assert_eq!(code(&o), Some(2), "home needs an account");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn notifications_filter_by_type_and_clear() {
    let d = demo().await;
    let text = d.ok(&["notifications", "-n", "5"]);
    assert!(!text.trim().is_empty());
    let mentions = d.jsonl(&["notifications", "--type", "mention", "-n", "40"]);
    assert!(!mentions.is_empty());
    assert!(mentions.iter().all(|n| n["type"] == "mention"));
    let no_favs = d.jsonl(&["notifications", "--exclude-type", "favourite", "-n", "40"]);
    assert!(no_favs.iter().all(|n| n["type"] != "favourite"));
    assert!(d.ok(&["notifications", "--clear"]).contains("cleared"));
    assert!(d.json(&["notifications"]).as_array().unwrap().is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn status_and_thread_by_id_and_by_url() {
    let d = demo().await;
    let home = d.home(40).await;
    let reply = home
        .iter()
        .find(|s| s.in_reply_to_id.is_some() && s.account.acct.contains('@'))
        .unwrap();
    let id = reply.id.as_str();
    let text = d.ok(&["status", id]);
    assert!(text.contains(&format!("@{}", reply.account.acct)), "{text}");
    // A remote URL is resolved through search.
    let url = reply.url.clone().unwrap();
    let j = d.json(&["status", &url]);
    assert_eq!(j["id"], id);
    assert!(j.get("trompe_demo_extension").is_some());
    let t = d.json(&["thread", id]);
    assert_eq!(t["status"]["id"], id);
    assert!(!t["ancestors"].as_array().unwrap().is_empty());
    let text = d.ok(&["thread", id]);
    assert!(text.contains('▶'));
    let lines = d.jsonl(&["thread", id]);
    assert!(lines.iter().any(|v| v["id"] == id));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn search_in_text_and_json_with_resolve() {
    let d = demo().await;
    let j = d.json(&["search", "rust", "--type", "hashtags"]);
    assert_eq!(j["hashtags"][0]["name"], "rust");
    assert!(d.ok(&["search", "ferris"]).contains("@ferris"));
    let remote = d
        .home(40)
        .await
        .into_iter()
        .find(|s| s.reblog.is_none() && s.account.acct.contains('@'))
        .unwrap();
    let url = remote.url.clone().unwrap();
    let without = d.json(&["search", &url]);
    assert!(without["statuses"].as_array().unwrap().is_empty());
    let with = d.json(&["search", &url, "--resolve"]);
    assert_eq!(with["statuses"][0]["id"], remote.id.as_str());
    let lines = d.jsonl(&[
        "search",
        "@camille@social.example.org",
        "--type",
        "accounts",
    ]);
    assert_eq!(lines[0]["acct"], "camille@social.example.org");
    assert!(d.ok(&["search", "zzzznothing"]).contains("Nothing found"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn whois_followers_and_following() {
    let d = demo().await;
    let text = d.ok(&["whois", "@ferris"]);
    assert!(text.contains("follows you"), "{text}");
    let j = d.json(&["whois", "@camille@social.example.org"]);
    assert_eq!(j["acct"], "camille@social.example.org");
    let me = d.client.verify_credentials().await.unwrap();
    let followers = d.jsonl(&["followers", "--all-pages", "-n", "2"]);
    assert_eq!(followers.len() as u64, me.followers_count);
    let following = d.json(&["following", "-n", "40"]);
    assert_eq!(
        following.as_array().unwrap().len() as u64,
        me.following_count
    );
    assert!(d.ok(&["followers", "@ferris"]).contains("@demo"));
    let missing = d.run(&["whois", "@nobody@nowhere.example"]);
    assert_eq!(code(&missing), Some(1));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn status_actions_change_the_server_state() {
    let d = demo().await;
    let s = d
        .home(40)
        .await
        .into_iter()
        .find(|s| {
            s.reblog.is_none()
                && s.account.username != "demo"
                && s.favourited == Some(false)
                && s.bookmarked == Some(false)
                && s.visibility == trompe::api::entities::Visibility::Public
        })
        .unwrap();
    let id = s.id.as_str();
    assert!(d.ok(&["fav", id]).contains("Favourited"));
    let now = d.client.status(&s.id).await.unwrap();
    assert_eq!(now.favourited, Some(true));
    assert_eq!(now.favourites_count, s.favourites_count + 1);
    assert_eq!(d.json(&["unfav", id])["favourited"], false);
    let boost = d.json(&["boost", id, "--visibility", "unlisted"]);
    assert_eq!(boost["visibility"], "unlisted");
    assert_eq!(boost["reblog"]["reblogged"], true);
    assert_eq!(d.json(&["unboost", id])["reblogged"], false);
    assert_eq!(d.json(&["bookmark", id])["bookmarked"], true);
    assert_eq!(d.client.status(&s.id).await.unwrap().bookmarked, Some(true));
    assert_eq!(d.json(&["unbookmark", id])["bookmarked"], false);
    // Pinning someone else's post is refused with the server's message.
    let o = d.run(&["pin", id]);
    assert_eq!(code(&o), Some(1));
    assert!(stderr(&o).contains("cannot be pinned"), "{}", stderr(&o));
    // Own posts: pin, unpin, delete.
    let own = d
        .server
        .post_as("demo", "a post to pin and delete")
        .unwrap();
    assert_eq!(d.json(&["pin", &own])["pinned"], true);
    assert_eq!(d.json(&["unpin", &own])["pinned"], false);
    let deleted = d.json(&["delete", &own]);
    assert_eq!(deleted["text"], "a post to pin and delete");
    let gone = d.run(&["status", &own]);
    assert_eq!(code(&gone), Some(1));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn account_actions_change_relationships() {
    let d = demo().await;
    let owl = d.client.lookup_account("owl@akkoma.example").await.unwrap();
    assert!(
        d.ok(&["unfollow", "@owl@akkoma.example"])
            .contains("no relationship")
    );
    let r = d.json(&["follow", "@owl@akkoma.example", "--notify"]);
    assert_eq!(r["requested"], true, "a locked account gets a request");
    assert_eq!(r["following"], false);
    assert!(d.client.relationship(&owl.id).await.unwrap().requested);
    let robin = d.client.lookup_account("robin").await.unwrap();
    let r = d.json(&["follow", "@robin", "--no-boosts"]);
    assert_eq!(r["following"], true);
    assert_eq!(r["showing_reblogs"], false);
    assert_eq!(
        d.client.account(&robin.id).await.unwrap().followers_count,
        robin.followers_count + 1
    );
    let r = d.json(&["mute", "@sam", "--duration", "1h", "--keep-notifications"]);
    assert_eq!(r["muting"], true);
    assert_eq!(r["muting_notifications"], false);
    assert_eq!(d.json(&["unmute", "@sam"])["muting"], false);
    let text = d.ok(&["block", "@zoe"]);
    assert!(text.contains("blocked"), "{text}");
    let zoe = d.client.lookup_account("zoe").await.unwrap();
    let rel = d.client.relationship(&zoe.id).await.unwrap();
    assert!(rel.blocking && !rel.following && !rel.followed_by);
    assert_eq!(d.json(&["unblock", "@zoe"])["blocking"], false);
    let bad = d.run(&["mute", "@sam", "--duration", "soon"]);
    assert_eq!(code(&bad), Some(2));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn follow_requests_list_and_accept() {
    let d = demo().await;
    assert!(d.ok(&["follow-requests"]).contains("@robin"));
    let reqs = d.json(&["follow-requests"]);
    assert_eq!(reqs[0]["acct"], "robin");
    let r = d.json(&["follow-requests", "accept", "@robin"]);
    assert_eq!(r["followed_by"], true);
    let left = d.json(&["follow-requests"]);
    let left = left.as_array().unwrap();
    assert_eq!(left.len(), reqs.as_array().unwrap().len() - 1);
    assert!(left.iter().all(|a| a["acct"] != "robin"));
    let again = d.run(&["follow-requests", "reject", "@robin"]);
    assert_eq!(code(&again), Some(1));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn lists_tags_and_filters() {
    let d = demo().await;
    let lists = d.json(&["lists"]);
    assert_eq!(lists.as_array().unwrap().len(), 3);
    assert!(d.ok(&["lists"]).contains("Photo friends"));
    assert!(
        d.ok(&["list", "add", "Photo friends", "@ferris"])
            .contains("Added @ferris")
    );
    let members = d.jsonl(&["list", "members", "Photo friends"]);
    assert!(members.iter().any(|a| a["acct"] == "ferris"));
    let not_followed = d.run(&["list", "add", "Photo friends", "@robin"]);
    assert_eq!(code(&not_followed), Some(1));
    assert!(stderr(&not_followed).contains("following"));
    d.ok(&["list", "remove", "Photo friends", "@ferris"]);
    let created = d.json(&["list", "create", "Night shift", "--exclusive"]);
    assert_eq!(created["exclusive"], true);
    d.ok(&["list", "rename", "Night shift", "Day shift"]);
    d.ok(&["list", "delete", "Day shift"]);
    assert_eq!(d.json(&["lists"]).as_array().unwrap().len(), 3);

    let followed = d.jsonl(&["tags", "followed"]);
    assert!(followed.iter().any(|t| t["name"] == "rust"));
    assert_eq!(d.json(&["tag", "follow", "#knitting"])["following"], true);
    assert!(d.ok(&["tags", "followed"]).contains("#knitting"));
    assert_eq!(d.json(&["tag", "unfollow", "knitting"])["following"], false);

    let seeded = d.json(&["filters"]).as_array().unwrap().len();
    d.client
        .create_filter(&trompe::api::endpoints::filters::FilterParams {
            title: Some("Spoilers".into()),
            context: vec![trompe::api::entities::FilterContext::Home],
            action: None,
            expires_in: None,
            keywords: vec![trompe::api::endpoints::filters::KeywordParams {
                keyword: "finale".into(),
                whole_word: true,
                ..Default::default()
            }],
        })
        .await
        .unwrap();
    let text = d.ok(&["filters"]);
    assert!(
        text.contains("Spoilers") && text.contains("finale"),
        "{text}"
    );
    let all = d.json(&["filters"]);
    assert_eq!(all.as_array().unwrap().len(), seeded + 1);
    let spoilers = all
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["title"] == "Spoilers")
        .unwrap();
    assert_eq!(spoilers["keywords"][0]["keyword"], "finale");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn vote_then_a_second_vote_is_refused() {
    let d = demo().await;
    let mut statuses = d.home(40).await;
    statuses.extend(
        d.client
            .timeline(&TimelineKind::Federated, &PageQuery::default())
            .await
            .unwrap()
            .items,
    );
    let poll = statuses
        .iter()
        .filter_map(|s| s.original().poll.clone())
        .find(|p| !p.expired && p.voted == Some(false))
        .expect("an open poll");
    let j = d.json(&["vote", poll.id.as_str(), "1"]);
    assert_eq!(j["voted"], true);
    assert_eq!(j["own_votes"][0], 0);
    let again = d.run(&["vote", poll.id.as_str(), "1"]);
    assert_eq!(code(&again), Some(1));
    assert!(
        stderr(&again).contains("already voted"),
        "{}",
        stderr(&again)
    );
    let zero = d.run(&["vote", poll.id.as_str(), "0"]);
    assert_eq!(code(&zero), Some(2));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn upload_prints_the_media_id() {
    let d = demo().await;
    let path = d.dir.path().join("dot.png");
    std::fs::write(&path, trompe_demo::png::pattern_png(8, 8, (200, 30, 30))).unwrap();
    let p = path.to_str().unwrap();
    let id = d.ok(&["upload", p, "--alt", "A red square"]);
    let id = id.trim();
    assert!(!id.is_empty() && !id.contains(' '), "{id}");
    let j = d.json(&["upload", p, "--alt", "Another red square"]);
    assert_eq!(j["description"], "Another red square");
    let missing = d.run(&["upload", "/nonexistent/file.png"]);
    assert_eq!(code(&missing), Some(2));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn error_paths_have_their_exit_codes() {
    let d = demo().await;
    // Unknown id: the server's 404 message, exit 1.
    let o = d.run(&["status", "424242"]);
    assert_eq!(code(&o), Some(1));
    assert!(stderr(&o).contains("Record not found"), "{}", stderr(&o));
    let o = d.run(&["fav", "424242", "--json"]);
    assert_eq!(code(&o), Some(1));
    assert!(o.stdout.is_empty());
    // No account: exit 3 with the fix.
    let o = bare(d.dir.path()).args(["timeline"]).output().unwrap();
    assert_eq!(code(&o), Some(3));
    assert!(stderr(&o).contains("trompe login"), "{}", stderr(&o));
    // A rejected token: exit 3.
    let o = bare(d.dir.path())
        .env("TROMPE_INSTANCE", d.base())
        .env("TROMPE_TOKEN", "not-a-token")
        .args(["whoami"])
        .output()
        .unwrap();
    assert_eq!(code(&o), Some(3));
    // A bad flag: clap's exit 2.
    assert_eq!(code(&d.run(&["timeline", "--no-such-flag"])), Some(2));
    assert_eq!(code(&d.run(&["fav"])), Some(2));
    // The server down: exit 4.
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let o = bare(d.dir.path())
        .env("TROMPE_INSTANCE", format!("http://127.0.0.1:{port}"))
        .env("TROMPE_TOKEN", "x")
        .args(["timeline"])
        .output()
        .unwrap();
    assert_eq!(code(&o), Some(4), "{}", stderr(&o));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn remote_text_is_sanitised_and_colours_follow_the_flag() {
    let d = demo().await;
    let id = d
        .server
        .post_as(
            "ferris",
            "evil \u{1b}[31mred\u{1b}]0;title\u{7} and \u{202e}bidi",
        )
        .unwrap();
    let text = d.ok(&["status", &id, "--color", "never"]);
    assert!(text.contains("evil"), "{text}");
    assert!(
        !text.contains('\u{1b}'),
        "no escape sequence reaches the terminal"
    );
    assert!(!text.contains('\u{202e}'));
    let coloured = d.ok(&["status", &id, "--color", "always"]);
    assert!(coloured.contains("\u{1b}["), "colours on request");
    // The only escapes are our own colour codes.
    assert!(!coloured.contains("\u{1b}]"));
    let json = d.json(&["status", &id, "--color", "always"]);
    assert_eq!(json["id"], id.as_str());
}

#[test]
fn completions_generate_for_every_shell() {
    let dir = tempfile::tempdir().unwrap();
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let o = bare(dir.path())
            .args(["completions", shell])
            .output()
            .unwrap();
        assert_eq!(code(&o), Some(0), "{shell}");
        let s = String::from_utf8(o.stdout).unwrap();
        assert!(
            s.contains("timeline") && s.contains("follow-requests"),
            "{shell}"
        );
    }
    let o = bare(dir.path())
        .args(["completions", "tcsh"])
        .output()
        .unwrap();
    assert_eq!(code(&o), Some(2));
}

#[test]
fn the_man_page_renders() {
    let dir = tempfile::tempdir().unwrap();
    let o = bare(dir.path()).args(["man"]).output().unwrap();
    assert_eq!(code(&o), Some(0));
    let roff = String::from_utf8(o.stdout).unwrap();
    assert!(
        roff.starts_with(".ie") || roff.starts_with(".TH"),
        "{}",
        &roff[..80]
    );
    assert!(roff.contains(".TH trompe"));
    assert!(roff.contains("timeline") && roff.contains("follow\\-requests"));
    // The TUI's keys, the `:` commands, config.toml and the environment.
    for part in [
        "KEYS IN THE TUI",
        "scroll_down",
        "COMMANDS OF THE : LINE",
        "CONFIGURATION",
        "expand_cw = false",
        "ENVIRONMENT",
        "TROMPE_INSTANCE",
        "NO_COLOR",
        "FILES",
    ] {
        assert!(roff.contains(part), "{part} missing from the man page");
    }
    // Render it for real when man is installed.
    let page = dir.path().join("trompe.1");
    std::fs::write(&page, &roff).unwrap();
    if let Ok(m) = Command::new("man")
        .arg("-l")
        .arg(&page)
        .env("MANPAGER", "cat")
        .env("PAGER", "cat")
        .env("MANWIDTH", "80")
        .stdin(Stdio::null())
        .output()
    {
        if m.status.success() {
            let text = String::from_utf8_lossy(&m.stdout);
            assert!(text.contains("trompe"), "{text}");
            assert!(text.contains("timeline"));
        }
    }
}

#[test]
fn help_lists_every_command_with_an_example() {
    let dir = tempfile::tempdir().unwrap();
    let o = bare(dir.path()).args(["--help"]).output().unwrap();
    let help = String::from_utf8(o.stdout).unwrap();
    for cmd in [
        "whoami",
        "profile",
        "instance",
        "timeline",
        "notifications",
        "status",
        "thread",
        "search",
        "whois",
        "followers",
        "following",
        "fav",
        "unfav",
        "boost",
        "unboost",
        "bookmark",
        "unbookmark",
        "pin",
        "unpin",
        "delete",
        "follow",
        "unfollow",
        "mute",
        "unmute",
        "block",
        "unblock",
        "follow-requests",
        "lists",
        "tags",
        "filters",
        "vote",
        "upload",
        "completions",
        "man",
    ] {
        assert!(
            help.lines()
                .any(|l| l.trim_start().starts_with(&format!("{cmd} "))),
            "`{cmd}` is not listed"
        );
        assert!(
            help.contains(&format!("trompe {cmd}")),
            "`{cmd}` has no example"
        );
    }
}

/// `relay init` makes a key only its owner can read, a store and a
/// `[relay]` table with no secret in it; `serve` answers WebFinger and the
/// actor and stops cleanly on SIGTERM; `follow` of a node that accepts
/// shows up in `status`. (Multi-threaded: the in-process node must answer
/// while the test waits on the binary.)
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn relay_init_serve_follow_and_status() {
    let dir = tempfile::tempdir().unwrap();
    let bad = bare(dir.path())
        .args(["relay", "init", "--public-url", "ftp://nowhere"])
        .output()
        .unwrap();
    assert_eq!(code(&bad), Some(2), "{}", stderr(&bad));
    // A free port for the node's public URL (it serves plain HTTP here).
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let public = format!("http://127.0.0.1:{port}");
    let init = bare(dir.path())
        .args(["relay", "init", "--public-url", &public, "--name", "node"])
        .output()
        .unwrap();
    assert!(init.status.success(), "{}", stderr(&init));
    let key_path = dir.path().join("data/relay/node.pem");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&key_path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    let config = std::fs::read_to_string(dir.path().join("config/config.toml")).unwrap();
    assert!(
        config.contains("[relay]") && config.contains(&public),
        "{config}"
    );
    assert!(!config.contains("PRIVATE"), "{config}");
    // Init again keeps the key.
    let before = std::fs::read(&key_path).unwrap();
    let again = bare(dir.path())
        .args(["relay", "init", "--public-url", &public, "--name", "node"])
        .output()
        .unwrap();
    assert!(again.status.success());
    assert_eq!(std::fs::read(&key_path).unwrap(), before);

    let mut serve = Reaped(
        bare(dir.path())
            .args([
                "relay",
                "serve",
                "--listen",
                &format!("127.0.0.1:{port}"),
                "--allow-private-addresses",
            ])
            .stdout(Stdio::null())
            .spawn()
            .unwrap(),
    );
    let http = reqwest::Client::new();
    let webfinger = format!("{public}/.well-known/webfinger?resource=acct:node@127.0.0.1:{port}");
    let mut found = None;
    for _ in 0..600 {
        if let Ok(r) = http.get(&webfinger).send().await {
            found = Some(r.json::<Value>().await.unwrap());
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let wf = found.expect("the node answers WebFinger within 60 s");
    let actor_url = wf["links"][0]["href"].as_str().unwrap().to_string();
    assert_eq!(actor_url, format!("{public}/actor"));

    // A second node, in-process, follows the served one.
    let other_dir = tempfile::tempdir().unwrap();
    let store = trompe::federation::Store::open(&other_dir.path().join("s.sqlite")).unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let other_base = format!("http://{}", listener.local_addr().unwrap());
    let mut cfg =
        trompe::federation::NodeConfig::new(url::Url::parse(&other_base).unwrap(), "other");
    cfg.allow_private_addresses = true;
    let other =
        trompe::federation::Node::new(cfg, trompe::federation::NodeKey::generate().unwrap(), store);
    let serving = other.clone();
    tokio::spawn(async move {
        let _ = serving.serve(listener, std::future::pending()).await;
    });
    // The served node follows the in-process one, from the CLI.
    let follow = bare(dir.path())
        .args([
            "relay",
            "follow",
            &other.cfg.actor_id(),
            "--allow-private-addresses",
        ])
        .output()
        .unwrap();
    assert!(follow.status.success(), "{}", stderr(&follow));
    let mut accepted = false;
    for _ in 0..600 {
        let status = bare(dir.path())
            .args(["relay", "status", "--json"])
            .output()
            .unwrap();
        let doc: Value = serde_json::from_slice(&status.stdout).unwrap();
        if doc["subscriptions"][0]["state"] == "accepted" {
            accepted = true;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert!(accepted, "the follow is accepted within 60 s");
    let text = bare(dir.path()).args(["relay", "status"]).output().unwrap();
    let text = String::from_utf8_lossy(&text.stdout).to_string();
    assert!(
        text.contains("account  accepted") && text.contains(&other.cfg.actor_id()),
        "{text}"
    );

    // The followed node publishes to its followers: the served node stores
    // the post, and `relay objects` shows it.
    let published = other
        .publish(&trompe::federation::node::NewPost {
            text: "from the other node".into(),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(published.deliveries.len(), 1);
    assert!(
        published.deliveries[0].1.is_ok(),
        "{:?}",
        published.deliveries
    );
    let objects = bare(dir.path())
        .args(["relay", "objects"])
        .output()
        .unwrap();
    let listed = String::from_utf8_lossy(&objects.stdout).to_string();
    assert!(
        listed.contains(&published.id) && listed.contains("from the other node"),
        "{listed}"
    );

    // `relay post` publishes as the served node: served at its id.
    let post = bare(dir.path())
        .args([
            "relay",
            "post",
            "hello from the CLI",
            "--allow-private-addresses",
        ])
        .output()
        .unwrap();
    assert!(post.status.success(), "{}", stderr(&post));
    let out = String::from_utf8_lossy(&post.stdout).to_string();
    let id = out
        .lines()
        .next()
        .unwrap()
        .trim_start_matches("published ")
        .to_string();
    let served: Value = http.get(&id).send().await.unwrap().json().await.unwrap();
    assert_eq!(served["content"], "<p>hello from the CLI</p>");

    // Edit and delete, by id.
    let edit = bare(dir.path())
        .args([
            "relay",
            "edit",
            &id,
            "hello again",
            "--visibility",
            "unlisted",
        ])
        .args(["--allow-private-addresses"])
        .output()
        .unwrap();
    assert!(edit.status.success(), "{}", stderr(&edit));
    assert!(String::from_utf8_lossy(&edit.stdout).starts_with("updated "));
    let served: Value = http.get(&id).send().await.unwrap().json().await.unwrap();
    assert_eq!(served["content"], "<p>hello again</p>");
    let bad = bare(dir.path())
        .args(["relay", "post", "x", "--visibility", "everyone"])
        .output()
        .unwrap();
    assert_eq!(code(&bad), Some(2), "{}", stderr(&bad));

    // `fetch` reads it from anywhere, with no node (unsigned), by URL or
    // by @user@host (WebFinger, then the actor and its outbox).
    let elsewhere = tempfile::tempdir().unwrap();
    let fetched = bare(elsewhere.path())
        .args(["fetch", &id, "--allow-private-addresses"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&fetched.stdout).to_string();
    assert!(fetched.status.success(), "{}", stderr(&fetched));
    assert!(text.contains("hello again"), "{text}");
    let acct = format!("@node@127.0.0.1:{port}");
    let actor = bare(elsewhere.path())
        .args(["fetch", &acct, "--allow-private-addresses"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&actor.stdout).to_string();
    assert!(actor.status.success(), "{}", stderr(&actor));
    assert!(text.contains("(@node@127.0.0.1) · Application"), "{text}");
    assert!(text.contains("hello again"), "the outbox is shown: {text}");
    // A page past the end of the outbox is empty, not an error.
    let page2 = bare(elsewhere.path())
        .args(["fetch", &acct, "--page", "2", "--allow-private-addresses"])
        .output()
        .unwrap();
    assert!(page2.status.success(), "{}", stderr(&page2));
    assert!(!String::from_utf8_lossy(&page2.stdout).contains("hello again"));
    let as_json = bare(elsewhere.path())
        .args(["fetch", &id, "--json", "--allow-private-addresses"])
        .output()
        .unwrap();
    let doc: Value = serde_json::from_slice(&as_json.stdout).unwrap();
    assert_eq!(doc["type"], "Note");
    let delete = bare(dir.path())
        .args(["relay", "delete", &id, "--allow-private-addresses"])
        .output()
        .unwrap();
    assert!(delete.status.success(), "{}", stderr(&delete));
    assert_eq!(http.get(&id).send().await.unwrap().status().as_u16(), 404);
    // The private-address guard holds without the switch.
    let refused = bare(elsewhere.path())
        .args(["fetch", &id])
        .output()
        .unwrap();
    assert_eq!(code(&refused), Some(4));
    assert!(stderr(&refused).contains("refused"), "{}", stderr(&refused));

    #[cfg(unix)]
    {
        let pid = serve.0.id().to_string();
        assert!(
            Command::new("kill")
                .args(["-TERM", &pid])
                .status()
                .unwrap()
                .success()
        );
        let status = serve.0.wait().unwrap();
        assert!(
            status.success(),
            "SIGTERM stops the node cleanly: {status:?}"
        );
    }
}

/// A child process killed when the test ends, passed or not.
struct Reaped(std::process::Child);

impl Drop for Reaped {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// The hostile corpus (`tests/hostile/corpus.jsonl`): its strings, the big
/// ones written short expanded, the undecodable lines left out.
fn hostile_corpus() -> Vec<String> {
    include_str!("../hostile/corpus.jsonl")
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .map(|v| match v {
            serde_json::Value::String(s) => s,
            o => format!(
                "{}{}{}",
                o["around"][0].as_str().unwrap(),
                o["repeat"]
                    .as_str()
                    .unwrap()
                    .repeat(o["times"].as_u64().unwrap() as usize),
                o["around"][1].as_str().unwrap()
            ),
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hostile_posts_print_no_control_sequence() {
    let d = demo().await;
    let me = d.server.username();
    let corpus = hostile_corpus();
    for s in &corpus {
        d.server.post_as(&me, s).unwrap();
    }
    // Text output, every page of home; and the plain one, piped as scripts
    // read it (colours would be ours, never the server's).
    for args in [
        vec![
            "--color",
            "always",
            "timeline",
            "home",
            "--limit",
            "40",
            "--all-pages",
        ],
        vec!["timeline", "home", "--limit", "40", "--all-pages"],
    ] {
        let out = d.ok(&args);
        let mut shown = 0;
        for line in out.lines() {
            if line.contains("before") {
                shown += 1;
            }
            // Our own colours are SGR sequences (ESC [ digits ; m) only.
            let mut rest = line;
            while let Some(i) = rest.find('\u{1b}') {
                let seq = &rest[i + 1..];
                let end = seq.find('m').unwrap_or(seq.len());
                assert!(
                    seq.starts_with('[')
                        && seq[1..end].chars().all(|c| c.is_ascii_digit() || c == ';'),
                    "{args:?}: a sequence that is not a colour: {:?}",
                    &rest[i..(i + 20).min(rest.len())]
                );
                rest = &seq[end.min(seq.len())..];
            }
            assert!(
                !line.chars().any(|c| {
                    let n = c as u32;
                    (n < 0x20 && c != '\t' && c != '\u{1b}')
                        || (0x7f..=0x9f).contains(&n)
                        || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
                }),
                "{args:?}: a control character in {:?}",
                line.chars().take(80).collect::<String>()
            );
        }
        assert!(
            shown >= 40,
            "{args:?}: the posts were printed ({shown} lines)"
        );
    }
}

#[cfg(unix)]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_node_store_survives_kill_9_in_the_middle_of_writes() {
    let dir = tempfile::tempdir().unwrap();
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let public = format!("http://127.0.0.1:{port}");
    let init = bare(dir.path())
        .args(["relay", "init", "--public-url", &public, "--name", "node"])
        .output()
        .unwrap();
    assert!(init.status.success(), "{}", stderr(&init));
    let serve = || {
        Reaped(
            bare(dir.path())
                .args([
                    "relay",
                    "serve",
                    "--listen",
                    &format!("127.0.0.1:{port}"),
                    "--allow-private-addresses",
                ])
                .stdout(Stdio::null())
                .spawn()
                .unwrap(),
        )
    };
    let mut served = serve();
    // A sender in this process, which the served node follows.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let mut cfg = trompe::federation::NodeConfig::new(url::Url::parse(&base).unwrap(), "sender");
    cfg.allow_private_addresses = true;
    let sender = trompe::federation::Node::new(
        cfg,
        trompe::federation::NodeKey::generate().unwrap(),
        trompe::federation::Store::memory().unwrap(),
    );
    let serving = sender.clone();
    tokio::spawn(async move {
        let _ = serving.serve(listener, std::future::pending()).await;
    });
    common::eventually("the served node answers", || {
        let url = format!("{public}/actor");
        async move { reqwest::get(url).await.is_ok() }
    })
    .await;
    let follow = bare(dir.path())
        .args([
            "relay",
            "follow",
            &sender.cfg.actor_id(),
            "--allow-private-addresses",
        ])
        .output()
        .unwrap();
    assert!(follow.status.success(), "{}", stderr(&follow));
    common::eventually("the sender has the served node as a follower", || {
        let n = sender.store.followers().map(|f| f.len()).unwrap_or(0);
        async move { n == 1 }
    })
    .await;

    // Posts stream in; the node is killed with SIGKILL while it stores them.
    let flood = {
        let sender = sender.clone();
        tokio::spawn(async move {
            for i in 0..400 {
                let _ = sender
                    .publish(&trompe::federation::node::NewPost {
                        text: format!("post {i}"),
                        ..Default::default()
                    })
                    .await;
            }
        })
    };
    let store_path = dir.path().join("data/relay/node.sqlite");
    common::eventually("some posts stored by the served node", || {
        let n = trompe::federation::Store::open(&store_path)
            .and_then(|s| s.timeline(None, None, 50))
            .map(|t| t.len())
            .unwrap_or(0);
        async move { n >= 20 }
    })
    .await;
    served.0.kill().unwrap();
    let _ = served.0.wait();
    flood.abort();

    // The store opens, passes SQLite's check, and keeps what was stored.
    let store = trompe::federation::Store::open(&store_path).unwrap();
    store.check().unwrap();
    let kept = store.timeline(None, None, 1000).unwrap().len();
    assert!(kept >= 20, "{kept}");
    drop(store);
    let objects = bare(dir.path())
        .args(["relay", "objects"])
        .output()
        .unwrap();
    assert!(objects.status.success(), "{}", stderr(&objects));
    assert!(String::from_utf8_lossy(&objects.stdout).contains("post "));
    // And the node serves again.
    let _again = serve();
    common::eventually("the restarted node answers", || {
        let url = format!("{public}/actor");
        async move {
            reqwest::get(url)
                .await
                .is_ok_and(|r| r.status().is_success())
        }
    })
    .await;
}

/// Every file under `dir` but the node's key itself, as text.
fn files_under(dir: &std::path::Path, out: &mut Vec<(std::path::PathBuf, String)>) {
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            files_under(&path, out);
        } else if path.file_name().is_some_and(|n| n != "node.pem") {
            let bytes = std::fs::read(&path).unwrap_or_default();
            out.push((path, String::from_utf8_lossy(&bytes).into_owned()));
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tokens_and_the_node_key_appear_in_no_output_log_or_file() {
    let d = demo().await;
    let token = d.server.token().to_string();
    let wrong = "s3cr3t-wrong-token-0123456789abcdef";
    let mut outputs: Vec<(String, Output)> = Vec::new();
    let mut run = |name: &str, mut c: Command| {
        // Our own crates log everything they can.
        let o = c.env("TROMPE_LOG", "trompe=trace,info").output().unwrap();
        outputs.push((name.to_string(), o));
    };
    let with = |instance: &str, tok: &str, args: &[&str]| {
        let mut c = bare(d.dir.path());
        c.env("TROMPE_INSTANCE", instance)
            .env("TROMPE_TOKEN", tok)
            .args(args);
        c
    };
    let base = d.base();
    run(
        "timeline",
        with(&base, &token, &["timeline", "home", "--limit", "5"]),
    );
    run("json", with(&base, &token, &["--json", "whoami"]));
    run("post", with(&base, &token, &["post", "no secrets here"]));
    run("404", with(&base, &token, &["status", "999999999"]));
    run("401", with(&base, wrong, &["timeline", "home"]));
    run("refused", with("http://127.0.0.1:1", &token, &["whoami"]));
    // The TUI in a pty: reading and posting, then a wrong token (401).
    let mut screens: Vec<(String, String)> = Vec::new();
    for (name, tok) in [("tui", token.clone()), ("tui 401", wrong.to_string())] {
        let mut cmd = pty::tui(d.dir.path(), &d.server, "[ui]\nimages = false\n");
        cmd.env("TROMPE_TOKEN", &tok)
            .env("TROMPE_LOG", "trompe=trace,info");
        let posting = name == "tui";
        let shown = tokio::task::spawn_blocking(move || {
            let mut p = pty::started(&mut cmd, 100, 30);
            if posting {
                assert!(p.wait_for("via Web", pty::WAIT), "{}", p.screen());
                p.send(b"c");
                assert!(p.wait_for("ctrl-s", pty::WAIT), "{}", p.screen());
                p.send(b"the tui posts this");
                assert!(p.wait_for("the tui posts this", pty::WAIT));
                // ctrl-s sends; the pane closes once the server took it.
                p.send(b"\x13");
                let start = std::time::Instant::now();
                while start.elapsed() < pty::WAIT && p.screen().contains("ctrl-s") {
                    std::thread::sleep(std::time::Duration::from_millis(50));
                }
                assert!(!p.screen().contains("ctrl-s"), "{}", p.screen());
            } else {
                assert!(p.wait_for("log in", pty::WAIT), "{}", p.screen());
            }
            p.send(b"q");
            assert!(p.wait_exit(pty::WAIT).is_some());
            p.output()
        })
        .await
        .unwrap();
        screens.push((
            name.to_string(),
            String::from_utf8_lossy(&shown).into_owned(),
        ));
    }
    // The node: its key is made, used to sign, and refused requests fail.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let mut init = bare(d.dir.path());
    init.args([
        "relay",
        "init",
        "--public-url",
        &format!("http://127.0.0.1:{port}"),
    ]);
    run("relay init", init);
    let mut post = bare(d.dir.path());
    post.args(["relay", "post", "signed", "--allow-private-addresses"]);
    run("relay post", post);
    let mut status = bare(d.dir.path());
    status.args(["relay", "status"]);
    run("relay status", status);
    let mut fetch = bare(d.dir.path());
    fetch.args(["fetch", &format!("{base}/users/{}", d.server.username())]);
    run("fetch (refused: a private address)", fetch);
    let mut fetch = bare(d.dir.path());
    fetch.args(["fetch", "http://127.0.0.1:1/x", "--allow-private-addresses"]);
    run("fetch (refused connection)", fetch);

    let pem = std::fs::read_to_string(d.dir.path().join("data/relay/node.pem")).unwrap();
    assert!(pem.contains("PRIVATE KEY"), "the key was made");
    // Each base64 line of the key (the header lines aside) is a needle.
    let mut needles: Vec<String> = pem
        .lines()
        .filter(|l| !l.starts_with("-----") && l.len() >= 32)
        .map(str::to_string)
        .collect();
    needles.push(token.clone());
    needles.push(wrong.to_string());
    needles.push("PRIVATE KEY".into());
    let mut texts: Vec<(String, String)> = outputs
        .iter()
        .flat_map(|(name, o)| {
            [
                (
                    format!("{name}: stdout"),
                    String::from_utf8_lossy(&o.stdout).into_owned(),
                ),
                (
                    format!("{name}: stderr"),
                    String::from_utf8_lossy(&o.stderr).into_owned(),
                ),
            ]
        })
        .collect();
    texts.extend(screens);
    let mut files = Vec::new();
    files_under(d.dir.path(), &mut files);
    assert!(
        files
            .iter()
            .any(|(p, t)| p.ends_with("trompe.log") && !t.is_empty()),
        "a log was written: {:?}",
        files.iter().map(|(p, _)| p).collect::<Vec<_>>()
    );
    texts.extend(files.into_iter().map(|(p, t)| (p.display().to_string(), t)));
    // The failures did fail, with a message.
    for (name, o) in &outputs {
        if ["401", "404", "refused"].contains(&name.as_str()) || name.starts_with("fetch") {
            assert!(!o.status.success() && !o.stderr.is_empty(), "{name}");
        }
    }
    for (what, text) in &texts {
        for n in &needles {
            assert!(
                !text.contains(n.as_str()),
                "{what} holds a secret ({}…)",
                &n[..8]
            );
        }
    }
}

/// With no account at all, `status URL` and `thread URL` read a public
/// post from its own instance; a link that is not a post's says what to
/// do; an instance closed to visitors says that.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_public_post_is_read_from_its_link_without_an_account() {
    let d = demo().await;
    let home = d
        .client
        .timeline(
            &trompe::api::endpoints::timelines::TimelineKind::Local,
            &Default::default(),
        )
        .await
        .unwrap();
    let post = home
        .items
        .iter()
        .find(|s| s.reblog.is_none() && s.url.is_some())
        .expect("a local post with a link");
    let url = post.url.clone().unwrap();
    let out = bare(d.dir.path()).args(["status", &url]).output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(text.contains(&format!("@{}", post.account.acct)), "{text}");
    let out = bare(d.dir.path())
        .args(["--json", "thread", &url])
        .output()
        .unwrap();
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["status"]["id"], post.id.as_str());
    // Not a post's link: said, with the way out.
    let out = bare(d.dir.path())
        .args(["status", &format!("{}/about", d.base())])
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("without an account") && err.contains("Log in"),
        "{err}"
    );

    // A closed instance: its timelines are for logged-in users only.
    let closed = DemoServer::start(DemoOptions {
        closed_to_visitors: true,
        ..Default::default()
    })
    .await
    .unwrap();
    let out = bare(d.dir.path())
        .args([
            "timeline",
            "local",
            "--instance",
            closed.base_url().as_str(),
        ])
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("logged-in users only"), "{err}");
    assert!(!err.contains("log in again"), "{err}");
}
