//! Reusable widgets, one file each.

pub mod banner;
pub mod conversation_card;
pub mod notification_card;
pub mod prompt;
pub mod status_bar;
pub mod status_card;
pub mod tabs;
pub mod toast;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::Line;

/// Writes one line into `area` at row `y`, clipped to the area's width.
pub fn put_line(buf: &mut Buffer, area: Rect, y: u16, line: &Line<'_>) {
    if y < area.y || y >= area.y + area.height || area.width == 0 {
        return;
    }
    // Right-to-left text (Hebrew, Arabic) in visual order: most terminals
    // draw cells as they come.
    if line.spans.iter().any(|s| crate::html::has_rtl(&s.content)) {
        let pieces = line
            .spans
            .iter()
            .map(|s| (s.content.to_string(), s.style))
            .collect();
        let spans: Vec<ratatui::text::Span<'_>> = crate::html::visual(pieces)
            .into_iter()
            .map(|(t, st)| ratatui::text::Span::styled(t, st))
            .collect();
        let mut visual = Line::from(spans).style(line.style);
        visual.alignment = line.alignment;
        buf.set_line(area.x, y, &visual, area.width);
        return;
    }
    buf.set_line(area.x, y, line, area.width);
}

/// Fills a row with a style (for bars).
pub fn fill_row(buf: &mut Buffer, area: Rect, y: u16, style: Style) {
    if y < area.y || y >= area.y + area.height {
        return;
    }
    for x in area.x..area.x + area.width {
        if let Some(cell) = buf.cell_mut((x, y)) {
            cell.set_symbol(" ");
            cell.set_style(style);
        }
    }
}

/// A wide character just left of an overlay would spill into its border:
/// blank it, so the overlay's first column shows on every terminal.
pub fn cut_wide_chars_left_of(buf: &mut Buffer, r: Rect) {
    if r.x == 0 {
        return;
    }
    for y in r.y..r.y + r.height {
        if let Some(cell) = buf.cell_mut((r.x - 1, y)) {
            if unicode_width::UnicodeWidthStr::width(cell.symbol()) > 1 {
                cell.set_symbol(" ");
            }
        }
    }
}

/// Clears a centred box of at most `width`×`height` in `area`, draws its
/// border and title, and returns the inner area (`None` when it cannot fit).
pub fn overlay(
    buf: &mut Buffer,
    area: Rect,
    width: u16,
    height: u16,
    title: &str,
    theme: &crate::ui::Theme,
) -> Option<Rect> {
    use ratatui::widgets::{Block, Borders, Clear, Widget};
    let width = area.width.min(width);
    let height = area.height.min(height);
    if width < 4 || height < 3 {
        return None;
    }
    let r = Rect::new(
        area.x + (area.width - width) / 2,
        area.y + (area.height - height) / 2,
        width,
        height,
    );
    Clear.render(r, buf);
    cut_wide_chars_left_of(buf, r);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.border)
        .title(title.to_string());
    let inner = block.inner(r);
    block.render(r, buf);
    Some(inner)
}
