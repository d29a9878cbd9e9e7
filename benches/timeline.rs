//! What the TUI does on its hot paths, measured with criterion:
//!
//! - decoding a 40-status home page (about 120 KB of realistic JSON, with
//!   boosts, media, polls, emoji and mentions);
//! - HTML to styled lines, per status: a short post, a long one with many
//!   links, a code block;
//! - drawing one frame of a timeline of 100, 10,000 and 100,000 statuses
//!   (TestBackend-sized buffer, 120×40): its cost must not grow with the
//!   timeline;
//! - ingesting 10,000 streaming events into the state, decoded beforehand
//!   and from the websocket's text;
//! - `update` for a key press on a 10,000-status timeline.
//!
//! `cargo bench --bench timeline` (criterion's reports land in
//! target/criterion).

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use serde_json::{Value, json};
use trompe::api::entities::Status;
use trompe::app::keymap::Command;
use trompe::app::{AccountState, Action, State, update};
use trompe_testkit as common;

/// A realistic status JSON: every fifth a boost, every third with media,
/// every seventh with a poll, emoji and mentions in many.
fn status_json(i: usize) -> Value {
    let acc = common::account(
        &format!("{}", 1000 + i % 50),
        &format!("user{}", i % 50),
        &format!("User {} :blobcat:", i % 50),
    );
    let mut content = format!(
        "<p>Post number {i} about <a href=\"https://demo.example/tags/rust\" class=\"mention hashtag\" rel=\"tag\">#<span>rust</span></a> \
         with <span class=\"h-card\"><a href=\"https://demo.example/@alice\" class=\"u-url mention\">@<span>alice</span></a></span> \
         and a link to <a href=\"https://docs.rs/tokio/latest/tokio/index.html\">docs.rs/tokio/latest/tokio/index.html</a>. \
         Some more words to make it a realistic length, with an emoji 🦀 and an accent é.</p>"
    );
    if i.is_multiple_of(4) {
        content.push_str("<p>A second paragraph, with <strong>bold</strong>, <em>italic</em> and <code>code</code>.</p>");
    }
    let mut v = common::status(&format!("{}", 200_000 - i), acc.clone(), &content, i as i64);
    v["emojis"] = json!([{"shortcode": "blobcat", "url": "https://demo.example/e.png", "static_url": "https://demo.example/e.png", "visible_in_picker": true}]);
    v["mentions"] = json!([{"id": "1", "username": "alice", "acct": "alice", "url": "https://demo.example/@alice"}]);
    v["tags"] = json!([{"name": "rust", "url": "https://demo.example/tags/rust"}]);
    if i.is_multiple_of(3) {
        v["media_attachments"] = json!([{
            "id": format!("m{i}"), "type": "image",
            "url": "https://demo.example/m.png", "preview_url": "https://demo.example/s.png",
            "description": "A photo of a terminal with a timeline on it",
            "blurhash": "LEHV6nWB2yk8pyo0adR*.7kCMdnj",
            "meta": {"original": {"width": 1280, "height": 800}, "small": {"width": 400, "height": 250}}
        }]);
    }
    if i.is_multiple_of(7) {
        v["poll"] = json!({
            "id": format!("p{i}"), "expires_at": "2026-12-30T12:00:00.000Z", "expired": false,
            "multiple": false, "votes_count": 12, "voters_count": 12,
            "options": [{"title": "kitty", "votes_count": 5}, {"title": "foot", "votes_count": 4}, {"title": "tmux", "votes_count": 3}],
            "voted": false, "own_votes": [], "emojis": []
        });
    }
    if i.is_multiple_of(5) {
        let booster = common::account("9", "booster", "The Booster");
        let mut boost = common::status(&format!("{}", 300_000 - i), booster, "", i as i64);
        boost["reblog"] = v;
        return boost;
    }
    v
}

fn statuses(n: usize) -> Vec<Status> {
    (0..n).map(|i| common::decode(status_json(i))).collect()
}

fn decode_page(c: &mut Criterion) {
    let page: Vec<Value> = (0..40).map(status_json).collect();
    let body = serde_json::to_vec(&page).expect("json");
    let mut g = c.benchmark_group("decode");
    g.throughput(Throughput::Bytes(body.len() as u64));
    g.bench_function("home page of 40 statuses", |b| {
        b.iter(|| {
            let v: Vec<Status> =
                trompe::api::client::decode("api/v1/timelines/home", black_box(&body))
                    .expect("decodes");
            v
        })
    });
    g.finish();
}

fn html(c: &mut Criterion) {
    let short = "<p>Just shipped a tiny fix. Small wins count! 🦀</p>".to_string();
    let long: String = (0..30)
        .map(|i| format!("<p>Paragraph {i} with <a href=\"https://example.org/{i}\">example.org/{i}</a> and <a href=\"https://demo.example/tags/t{i}\" class=\"mention hashtag\">#t{i}</a>.</p>"))
        .collect();
    let code = format!(
        "<p>Look:</p><pre><code>{}</code></pre>",
        (0..40)
            .map(|i| format!("fn f{i}() -&gt; u32 {{ {i} }}\n"))
            .collect::<String>()
    );
    let mut g = c.benchmark_group("html to lines");
    for (name, text) in [
        ("short", &short),
        ("long with links", &long),
        ("code block", &code),
    ] {
        g.bench_function(name, |b| {
            b.iter(|| trompe::html::render_html(black_box(text), 80))
        });
    }
    g.finish();
}

fn state_of(n: usize) -> State {
    let mut acc = AccountState::new("demo@demo.example", "demo.example");
    let list = statuses(n.min(2000));
    // Beyond 2,000 distinct statuses the same ones repeat under new ids:
    // the timeline's length is what is measured, not the decoding.
    let mut ids = Vec::with_capacity(n);
    for i in 0..n {
        let mut s = list[i % list.len()].clone();
        s.id = trompe::api::entities::StatusId::new(format!("{}", 10_000_000 - i));
        ids.push(s.id.as_str().to_string());
        acc.statuses.insert(s.id.clone(), s);
    }
    acc.tabs[0].set_initial(ids, None);
    State::new(vec![acc], common::NOW)
}

fn frame(c: &mut Criterion) {
    let mut g = c.benchmark_group("draw a frame 120x40");
    for n in [100usize, 10_000, 100_000] {
        let state = state_of(n);
        let theme = trompe::ui::Theme::default();
        let area = ratatui::layout::Rect::new(0, 0, 120, 40);
        g.bench_with_input(BenchmarkId::from_parameter(n), &state, |b, state| {
            b.iter(|| {
                let mut buf = ratatui::buffer::Buffer::empty(area);
                trompe::ui::render_buffer(&mut buf, area, black_box(state), &theme);
                buf
            })
        });
    }
    g.finish();
}

fn ingest(c: &mut Criterion) {
    let events: Vec<Status> = statuses(2000)
        .into_iter()
        .cycle()
        .take(10_000)
        .enumerate()
        .map(|(i, mut s)| {
            s.id = trompe::api::entities::StatusId::new(format!("{}", 20_000_000 + i));
            s
        })
        .collect();
    let mut g = c.benchmark_group("streaming");
    g.throughput(Throughput::Elements(events.len() as u64));
    g.sample_size(10);
    g.bench_function("ingest 10,000 updates", |b| {
        b.iter_batched(
            || (state_of(100), events.clone()),
            |(mut state, events)| {
                for s in events {
                    update(
                        &mut state,
                        Action::StreamUpdate {
                            account: 0,
                            stream: "user".into(),
                            status: Box::new(s),
                        },
                    );
                }
                state
            },
            criterion::BatchSize::LargeInput,
        )
    });
    // The same from the websocket's text: each message decoded (the
    // envelope, then the status in its payload), then taken into the state.
    let messages: Vec<String> = (0..2000)
        .map(status_json)
        .cycle()
        .take(10_000)
        .enumerate()
        .map(|(i, mut v)| {
            v["id"] = json!(format!("{}", 30_000_000 + i));
            json!({"stream": ["user"], "event": "update", "payload": v.to_string()}).to_string()
        })
        .collect();
    g.bench_function("decode and ingest 10,000 messages", |b| {
        b.iter_batched(
            || state_of(100),
            |mut state| {
                for m in &messages {
                    if let Ok(trompe::api::streaming::StreamEvent::Update { stream, status }) =
                        trompe::api::streaming::decode_message(black_box(m))
                    {
                        update(
                            &mut state,
                            Action::StreamUpdate {
                                account: 0,
                                stream,
                                status,
                            },
                        );
                    }
                }
                state
            },
            criterion::BatchSize::LargeInput,
        )
    });
    g.finish();
}

fn key_press(c: &mut Criterion) {
    let mut state = state_of(10_000);
    c.bench_function("update: j on a 10,000-status timeline", |b| {
        b.iter(|| {
            update(&mut state, Action::Command(Command::ScrollDown));
            if state.accounts[0].tabs[0].selected > 9_000 {
                state.accounts[0].tabs[0].selected = 0;
            }
        })
    });
}

criterion_group!(benches, decode_page, html, frame, ingest, key_press);
criterion_main!(benches);
