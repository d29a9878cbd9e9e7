//! The thread view: the conversation as an indented tree, with the focused post's pictures.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use crate::app::views::ThreadView;
use crate::app::{AccountState, State, Viewport};
use crate::html::{display_width, sanitize_line, truncate_to_width};
use crate::ui::Theme;
use crate::ui::widgets::put_line;
use crate::ui::widgets::status_card::{CardContext, card_lines};

use super::timeline::render_list_placed;
use super::views::message;
use crate::ui::images::ImageSlot;

/// The pictures of a preview block: x offset, width and URL of each.
type Columns = Vec<(u16, u16, String)>;

/// Rows of terminal cells a preview takes.
pub const PREVIEW_ROWS: u16 = 10;

pub(super) fn thread(
    buf: &mut Buffer,
    area: Rect,
    state: &State,
    acc: &AccountState,
    t: &ThreadView,
    theme: &Theme,
    slots: &mut Vec<ImageSlot>,
) -> Viewport {
    if let Some(e) = &t.error {
        message(
            buf,
            area,
            &format!(
                "Could not load the thread: {} — r retries, Esc goes back",
                sanitize_line(e)
            ),
            theme.cw_banner,
        );
        return Viewport::default();
    }
    // Where the previews of the focused post start in its card, with their
    // columns (x offset, width, URL).
    let pictures: std::cell::RefCell<Option<(usize, Columns)>> = std::cell::RefCell::new(None);
    let card = |i: usize| -> Vec<Line<'static>> {
        let Some((id, depth)) = t.items.get(i) else {
            return vec![];
        };
        let Some(s) = acc.statuses.get(id) else {
            return vec![
                Line::from(Span::styled("  (loading…)", theme.dim)),
                Line::default(),
            ];
        };
        // Indent by depth, narrowing as the tree deepens but never below 20 columns.
        let indent = (*depth * 2).min(area.width.saturating_sub(20));
        let cx = CardContext {
            width: area.width.saturating_sub(indent),
            now: state.now,
            selected: i == t.selected,
            cw_expanded: state.cw_open(acc, &s.original().id),
            theme,
            translation: acc.translations.get(&s.original().id).map(String::as_str),
        };
        let focus = *id == t.focus;
        let mut lines = card_lines(s, cx);
        if focus {
            // The previews go above the card's closing blank line.
            let at = if lines.last().is_some_and(|l| l.spans.is_empty()) {
                lines.len() - 1
            } else {
                lines.len()
            };
            let block = preview_block(
                state,
                s,
                area.width.saturating_sub(indent + 2),
                i == t.selected,
                theme,
            );
            if let Some((rows, cols)) = block {
                *pictures.borrow_mut() = Some((at, cols));
                lines.splice(at..at, rows);
            }
        }
        lines
            .into_iter()
            .map(|l| {
                let bars = "│ ".repeat((indent / 2) as usize);
                let style = if focus && !l.spans.is_empty() {
                    theme.boost
                } else {
                    theme.dim
                };
                let mut spans = vec![Span::styled(bars, style)];
                spans.extend(l.spans);
                Line::from(spans)
            })
            .collect()
    };
    let (vp, y, placed) =
        render_list_placed(buf, area, t.items.len(), t.selected, t.viewport.top, &card);
    // The pictures of the focused post, where its card was drawn.
    let focus_at = t.items.iter().position(|(id, _)| *id == t.focus);
    let start = placed
        .iter()
        .find(|(i, _)| Some(*i) == focus_at)
        .map(|(_, y)| *y);
    if let (Some(card_y), Some((offset, cols))) = (start, pictures.into_inner()) {
        let indent = focus_at
            .and_then(|i| t.items.get(i))
            .map(|(_, d)| (*d * 2).min(area.width.saturating_sub(20)))
            .unwrap_or(0);
        let top = area.y as usize + card_y + offset;
        let bottom = (area.y + area.height) as usize;
        let rows = (PREVIEW_ROWS as usize).min(bottom.saturating_sub(top)) as u16;
        // Too little of it on screen: leave the rows blank until scrolled.
        if rows >= 3 {
            for (x, w, url) in cols {
                slots.push(ImageSlot {
                    area: Rect::new(area.x + indent + 2 + x, top as u16, w, rows),
                    url,
                });
            }
        }
    }
    if t.loading.is_some() && (y as u16) < area.height {
        put_line(
            buf,
            area,
            area.y + y as u16,
            &Line::from(Span::styled("  Loading the thread…", theme.dim)),
        );
    }
    vp
}

/// The preview block of a post shown in detail: the picture rows (blank,
/// or a loading / unavailable mark) and a caption row with each alt text;
/// a single line while the media is hidden as sensitive. Returns the lines
/// and each picture's column (x, width, URL). `None` when there is nothing
/// to preview or previews are off.
pub(super) fn preview_block(
    state: &State,
    s: &crate::api::entities::Status,
    width: u16,
    selected: bool,
    theme: &Theme,
) -> Option<(Vec<Line<'static>>, Columns)> {
    use crate::app::images::{Preview, hidden, preview_url, previewable};
    if !state.images.enabled() {
        return None;
    }
    let media = previewable(s);
    if media.is_empty() || width < 4 {
        return None;
    }
    // The card's own gutter, so the block reads as part of the post.
    let gutter = if selected {
        Span::styled("▌ ", theme.selected_gutter)
    } else {
        Span::raw("  ")
    };
    if hidden(state, s) {
        let n = media.len();
        let text = format!(
            "▣ {n} sensitive {} — press {} to show",
            if n == 1 { "picture" } else { "pictures" },
            state.keymap.key(crate::app::keymap::Command::ToggleCw)
        );
        return Some((
            vec![Line::from(vec![
                gutter.clone(),
                Span::styled(truncate_to_width(&text, width as usize), theme.cw_banner),
            ])],
            vec![],
        ));
    }
    let n = media.len() as u16;
    let gap = 1u16;
    let col = (width.saturating_sub(gap * (n - 1)) / n).max(1);
    let mut cols = Vec::new();
    let mut first: Vec<Span<'static>> = vec![gutter.clone()];
    let mut caption: Vec<Span<'static>> = vec![gutter.clone()];
    for (k, m) in media.iter().enumerate() {
        let x = k as u16 * (col + gap);
        let Some(url) = preview_url(m) else {
            continue;
        };
        let pad = |text: &str| {
            let t = truncate_to_width(text, col as usize);
            let w = display_width(&t);
            format!(
                "{t}{}",
                " ".repeat((col as usize).saturating_sub(w) + gap as usize)
            )
        };
        let (mark, style) = match state.images.get(url) {
            Some(Preview::Ready(_)) => (String::new(), theme.dim),
            Some(Preview::Failed(_)) => ("⊘ preview unavailable".to_string(), theme.missing_alt),
            _ => ("… loading preview".to_string(), theme.dim),
        };
        first.push(Span::styled(pad(&mark), style));
        match m
            .description
            .as_deref()
            .map(str::trim)
            .filter(|d| !d.is_empty())
        {
            Some(alt) => caption.push(Span::styled(pad(&sanitize_line(alt)), theme.media)),
            None => caption.push(Span::styled(pad("no alt text"), theme.missing_alt)),
        }
        cols.push((x, col, url.to_string()));
    }
    let mut lines = vec![Line::from(first)];
    lines.extend((1..PREVIEW_ROWS).map(|_| Line::from(gutter.clone())));
    lines.push(Line::from(caption));
    Some((lines, cols))
}
