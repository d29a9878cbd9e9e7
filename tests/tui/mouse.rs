//! The mouse, from the terminal's events to the server: the wheel scrolls,
//! a click on a tab opens it, a click on a post selects it and a double
//! click opens its thread, a click on a hashtag opens its tab, and a click
//! on a link opens it through the configured opener. Aimed with what the
//! last frame laid out, against the demo instance.

#![allow(clippy::unwrap_used)]

use ratatui::crossterm::event::{Event, KeyModifiers, MouseButton, MouseEvent, MouseEventKind};
use ratatui::style::Modifier;
use trompe::app::views::View;
use trompe_testkit::Harness;

fn mouse(h: &Harness, kind: MouseEventKind, column: u16, row: u16) {
    h.tx.unbounded_send(Ok(Event::Mouse(MouseEvent {
        kind,
        column,
        row,
        modifiers: KeyModifiers::NONE,
    })))
    .unwrap();
}

fn click(h: &Harness, x: u16, y: u16) {
    mouse(h, MouseEventKind::Down(MouseButton::Left), x, y);
}

async fn ready() -> Harness {
    let mut h = Harness::demo().await;
    h.app.set_mouse(true);
    h.until("home loaded", |s| {
        s.accounts[0].tabs[0].loaded && s.accounts[0].tabs[0].ids.len() > 5
    })
    .await;
    h.screen();
    h
}

/// The first cell of the screen where `pred` holds of (text from there, cell).
fn find_cell(
    h: &Harness,
    pred: &impl Fn(&str, &ratatui::buffer::Cell) -> bool,
) -> Option<(u16, u16)> {
    let buf = h.app.terminal().backend().buffer();
    let area = buf.area;
    for y in area.y..area.y + area.height {
        for x in area.x..area.x + area.width {
            let rest: String = (x..area.x + area.width)
                .map(|x| buf[(x, y)].symbol())
                .collect();
            if pred(&rest, &buf[(x, y)]) {
                return Some((x, y));
            }
        }
    }
    None
}

/// Moves down the home timeline, a post at a time, until `pred` finds a
/// cell on screen (at most 40 posts).
async fn scroll_to(
    h: &mut Harness,
    pred: impl Fn(&str, &ratatui::buffer::Cell) -> bool,
) -> (u16, u16) {
    for _ in 0..40 {
        h.screen();
        if let Some(at) = find_cell(h, &pred) {
            return at;
        }
        let before = h.state().accounts[0].tabs[0].selected;
        h.press("j");
        h.until("the next post selected", |s| {
            s.accounts[0].tabs[0].selected == before + 1
        })
        .await;
    }
    panic!("not found in 40 posts:\n{}", h.screen());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_wheel_scrolls_and_a_click_on_a_tab_opens_it() {
    let mut h = ready().await;
    mouse(&h, MouseEventKind::ScrollDown, 10, 10);
    mouse(&h, MouseEventKind::ScrollDown, 10, 10);
    h.until("two posts down", |s| s.accounts[0].tabs[0].selected == 2)
        .await;
    mouse(&h, MouseEventKind::ScrollUp, 10, 10);
    h.until("one post up", |s| s.accounts[0].tabs[0].selected == 1)
        .await;
    h.screen();
    let (row, tabs) = h.app.last_render().tabs.clone().unwrap();
    let (x0, _, i) = tabs[2];
    click(&h, x0 + 1, row);
    h.until("the third tab active", |s| s.accounts[0].active_tab == i)
        .await;
    h.until("the third tab loaded", |s| s.accounts[0].tabs[i].loaded)
        .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_click_selects_a_post_and_a_double_click_opens_its_thread() {
    let mut h = ready().await;
    let (_, cards) = h.app.last_render().cards.clone().unwrap();
    let (index, top) = cards[2];
    click(&h, 4, top);
    h.until("the third post selected", |s| {
        s.accounts[0].tabs[0].selected == index
    })
    .await;
    h.screen();
    let (_, cards) = h.app.last_render().cards.clone().unwrap();
    let (_, top) = cards.iter().find(|(i, _)| *i == index).copied().unwrap();
    click(&h, 4, top);
    click(&h, 4, top);
    h.until("its thread open", |s| {
        matches!(s.accounts[0].views.last(), Some(View::Thread(_)))
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_click_on_a_hashtag_opens_its_tab() {
    let mut h = ready().await;
    let (x, y) = scroll_to(&mut h, |rest, cell| {
        rest.starts_with('#')
            && rest[1..].starts_with(|c: char| c.is_alphanumeric())
            && cell.fg != ratatui::style::Color::Reset
    })
    .await;
    let tag = {
        let buf = h.app.terminal().backend().buffer();
        trompe::tui::word_at(buf, x, y).unwrap()
    };
    let name = tag
        .trim_start_matches('#')
        .trim_end_matches(|c: char| !c.is_alphanumeric())
        .to_string();
    click(&h, x + 1, y);
    h.until("the hashtag's tab open", |s| {
        let acc = &s.accounts[0];
        acc.tab()
            .is_some_and(|t| t.title().to_lowercase().contains(&name.to_lowercase()))
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_click_on_a_link_opens_it_with_the_configured_opener() {
    let mut h = ready().await;
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("opened");
    h.app.set_opener(Some(vec![
        "sh".into(),
        "-c".into(),
        format!("printf '%s\\n' \"$1\" >> '{}'", log.display()),
        "sh".into(),
    ]));
    // A link: underlined, and not a hashtag or a mention.
    let (x, y) = scroll_to(&mut h, |rest, cell| {
        cell.modifier.contains(Modifier::UNDERLINED)
            && !rest.starts_with('#')
            && !rest.starts_with('@')
            && !rest.starts_with(' ')
    })
    .await;
    click(&h, x, y);
    let l = log.clone();
    h.until("the opener ran", move |_| {
        std::fs::read_to_string(&l).is_ok_and(|t| t.starts_with("http"))
    })
    .await;
}
