//! The banner shown when an account's token was rejected.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use crate::app::AccountState;
use crate::html::sanitize_line;
use crate::ui::Theme;

/// "This account needs a new login" across the top.
pub fn render_login_needed(buf: &mut Buffer, area: Rect, acc: &AccountState, theme: &Theme) {
    super::fill_row(buf, area, area.y, theme.banner);
    let text = format!(
        " {} was logged out by the server: run `trompe login {}` to log in again ",
        sanitize_line(&acc.label),
        sanitize_line(&acc.instance)
    );
    super::put_line(
        buf,
        area,
        area.y,
        &Line::from(Span::styled(text, theme.banner)),
    );
}
