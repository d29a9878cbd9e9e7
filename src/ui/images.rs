//! Drawing image previews with ratatui-image: the terminal graphics protocol
//! (kitty, sixel, iTerm2, or halfblocks everywhere else) and the encoded
//! pictures, memoised per URL so a picture is resized and encoded once per
//! size, not on every frame.
//!
//! The decoded pictures live in `State::images`; the screens say where each
//! goes ([`ImageSlot`]) and this memo draws them. It is rendering state, not
//! application state: dropping it costs a re-encode, nothing else.

use std::collections::HashMap;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::StatefulWidget;
use ratatui_image::picker::{Picker, ProtocolType};
use ratatui_image::protocol::StatefulProtocol;
use ratatui_image::{Resize, StatefulImage};

use crate::app::State;
use crate::app::images::Preview;

/// Where a screen wants a preview drawn.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImageSlot {
    pub area: Rect,
    pub url: String,
}

/// Encoded pictures kept at most (the ones on screen, and a few recent).
const KEEP: usize = 8;

struct Encoded {
    /// The decoded picture it was built from (its identity: a re-fetched
    /// picture is a new allocation).
    source: usize,
    protocol: StatefulProtocol,
    drawn: u64,
}

/// The graphics protocol and the encoded pictures.
pub struct Previews {
    picker: Picker,
    encoded: HashMap<String, Encoded>,
    frame: u64,
}

impl Default for Previews {
    fn default() -> Self {
        Previews::halfblocks()
    }
}

impl Previews {
    /// Halfblocks with a fixed font size: works in every terminal, and
    /// renders the same everywhere (tests, no terminal).
    pub fn halfblocks() -> Self {
        Previews::with_picker(Picker::halfblocks())
    }

    /// Draws with `picker` (from a terminal query).
    pub fn with_picker(picker: Picker) -> Self {
        Previews {
            picker,
            encoded: HashMap::new(),
            frame: 0,
        }
    }

    /// Switches protocol (after the start-up query); the pictures are
    /// encoded again.
    pub fn set_picker(&mut self, picker: Picker) {
        self.picker = picker;
        self.encoded.clear();
    }

    /// The protocol in use.
    pub fn protocol(&self) -> ProtocolType {
        self.picker.protocol_type()
    }

    /// Draws the ready pictures of `slots`, scaled to fit each area; the
    /// others are left to the screen's own text (loading, unavailable).
    pub fn draw(&mut self, buf: &mut Buffer, slots: &[ImageSlot], state: &State) {
        self.frame += 1;
        for slot in slots {
            let area = slot.area.intersection(buf.area);
            if area.width == 0 || area.height == 0 {
                continue;
            }
            let Some(Preview::Ready(img)) = state.images.get(&slot.url) else {
                continue;
            };
            let source = std::sync::Arc::as_ptr(&img.0) as usize;
            let e = match self.encoded.get_mut(&slot.url) {
                Some(e) if e.source == source => e,
                _ => {
                    let protocol = self.picker.new_resize_protocol((*img.0).clone());
                    self.encoded.insert(
                        slot.url.clone(),
                        Encoded {
                            source,
                            protocol,
                            drawn: self.frame,
                        },
                    );
                    match self.encoded.get_mut(&slot.url) {
                        Some(e) => e,
                        None => continue,
                    }
                }
            };
            e.drawn = self.frame;
            StatefulImage::default()
                .resize(Resize::Scale(None))
                .render(area, buf, &mut e.protocol);
            if let Some(Err(err)) = e.protocol.last_encoding_result() {
                tracing::debug!(url = %slot.url, "could not encode a preview: {err}");
            }
        }
        // Keep the pictures of this frame and a few recent ones.
        if self.encoded.len() > KEEP {
            let mut by_age: Vec<(u64, String)> = self
                .encoded
                .iter()
                .map(|(k, e)| (e.drawn, k.clone()))
                .collect();
            by_age.sort();
            let excess = self.encoded.len() - KEEP;
            for (drawn, k) in by_age.into_iter().take(excess) {
                if drawn < self.frame {
                    self.encoded.remove(&k);
                }
            }
        }
    }
}
