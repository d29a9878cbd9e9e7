//! Drawing image previews with ratatui-image: the terminal graphics protocol
//! (kitty, sixel, iTerm2, or halfblocks everywhere else) and the encoded
//! pictures, memoised per URL so a picture is resized and encoded once per
//! size, not on every frame.
//!
//! The decoded pictures live in `State::images`; the screens say where each
//! goes ([`ImageSlot`]) and this memo draws them. It is rendering state, not
//! application state: dropping it costs a re-encode, nothing else.
//!
//! Resizing and encoding a picture takes milliseconds (sixel the most), so
//! in the running app it happens on a worker thread: the frame leaves the
//! slot blank, the worker sends the encoded picture back through the
//! channel given to [`Previews::in_background`], the loop hands it to
//! [`Previews::encoded`] and draws again. Without a worker (tests, one-shot
//! renders) the encoding is done inline, so a single render is complete.

use std::collections::HashMap;
use std::sync::Arc;

use ratatui::buffer::Buffer;
use ratatui::layout::{Rect, Size};
use ratatui_image::picker::Picker;
use ratatui_image::protocol::StatefulProtocol;
use ratatui_image::{Resize, ResizeEncodeRender};

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

/// How pictures are fitted into their slot: scaled (up or down) to fit.
const RESIZE: Resize = Resize::Scale(None);

struct Encoded {
    /// The decoded picture it was built from (its identity: a re-fetched
    /// picture is a new allocation).
    source: usize,
    /// `None` while the worker has it.
    protocol: Option<StatefulProtocol>,
    drawn: u64,
}

/// A picture resized and encoded by the worker, for [`Previews::encoded`].
pub struct EncodedPicture {
    url: String,
    source: usize,
    generation: u64,
    protocol: StatefulProtocol,
}

struct Job {
    url: String,
    source: usize,
    generation: u64,
    /// The picture to build a protocol for, or the protocol to resize.
    work: Work,
    /// The slot's size.
    size: Size,
}

enum Work {
    New(Picker, Arc<image::DynamicImage>),
    Resize(StatefulProtocol),
}

impl Job {
    fn run(self) -> EncodedPicture {
        let mut protocol = match self.work {
            Work::New(picker, image) => picker.new_resize_protocol((*image).clone()),
            Work::Resize(p) => p,
        };
        // `size` is the slot; the picture takes the part of it that keeps
        // its aspect ratio.
        if let Some(fitted) = protocol.needs_resize(&RESIZE, self.size) {
            protocol.resize_encode(&RESIZE, fitted);
        }
        if let Some(Err(e)) = protocol.last_encoding_result() {
            tracing::debug!(url = %self.url, "could not encode a preview: {e}");
        }
        EncodedPicture {
            url: self.url,
            source: self.source,
            generation: self.generation,
            protocol,
        }
    }
}

/// The graphics protocol and the encoded pictures.
pub struct Previews {
    picker: Picker,
    encoded: HashMap<String, Encoded>,
    frame: u64,
    /// The worker's queue (`None`: encode inline).
    worker: Option<std::sync::mpsc::Sender<Job>>,
    /// Bumped when the protocol changes: older work is dropped.
    generation: u64,
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

    /// Whether it draws real pictures (a terminal graphics protocol), not
    /// halfblocks.
    pub fn real_graphics(&self) -> bool {
        self.picker.protocol_type() != ratatui_image::picker::ProtocolType::Halfblocks
    }

    /// Draws with `picker` (from a terminal query).
    pub fn with_picker(picker: Picker) -> Self {
        Previews {
            picker,
            encoded: HashMap::new(),
            frame: 0,
            worker: None,
            generation: 0,
        }
    }

    /// Encodes on a worker thread from now on; each finished picture is
    /// sent to `done` (hand it to [`Previews::encoded`]). If the thread
    /// cannot be started, encoding stays inline.
    pub fn in_background(&mut self, done: tokio::sync::mpsc::UnboundedSender<EncodedPicture>) {
        let (tx, rx) = std::sync::mpsc::channel::<Job>();
        let spawned = std::thread::Builder::new()
            .name("trompe-previews".into())
            .spawn(move || {
                // Ends when the Previews (the sender) is dropped.
                while let Ok(job) = rx.recv() {
                    if done.send(job.run()).is_err() {
                        break;
                    }
                }
            });
        match spawned {
            Ok(_) => self.worker = Some(tx),
            Err(e) => tracing::warn!("no preview worker ({e}); encoding inline"),
        }
    }

    /// Takes a picture back from the worker.
    pub fn encoded(&mut self, done: EncodedPicture) {
        if done.generation != self.generation {
            return;
        }
        if let Some(e) = self.encoded.get_mut(&done.url) {
            if e.source == done.source && e.protocol.is_none() {
                e.protocol = Some(done.protocol);
            }
        }
    }

    /// Switches protocol (after the start-up query); the pictures are
    /// encoded again.
    pub fn set_picker(&mut self, picker: Picker) {
        self.picker = picker;
        self.encoded.clear();
        self.generation += 1;
    }

    /// Pictures being encoded by the worker.
    pub fn pending(&self) -> usize {
        self.encoded
            .values()
            .filter(|e| e.protocol.is_none())
            .count()
    }

    /// Draws the ready pictures of `slots` as a frame of their own (see
    /// [`Previews::draw_in_frame`]).
    #[cfg(test)]
    pub fn draw(&mut self, buf: &mut Buffer, slots: &[ImageSlot], state: &State) {
        self.begin_frame();
        self.draw_in_frame(buf, slots, state);
    }

    /// A new frame: pictures not drawn since may be let go.
    pub fn begin_frame(&mut self) {
        self.frame += 1;
    }

    /// Draws the ready pictures of `slots`, scaled to fit each area; the
    /// others are left to the screen's own text (loading, unavailable).
    /// A frame may draw several sets of slots (previews, then emoji).
    pub fn draw_in_frame(&mut self, buf: &mut Buffer, slots: &[ImageSlot], state: &State) {
        for slot in slots {
            let area = slot.area.intersection(buf.area);
            if area.width == 0 || area.height == 0 {
                continue;
            }
            let Some(Preview::Ready(img)) = state.images.get(&slot.url) else {
                continue;
            };
            let source = Arc::as_ptr(&img.0) as usize;
            let size = Size::new(area.width, area.height);
            let known = self
                .encoded
                .get(&slot.url)
                .is_some_and(|e| e.source == source);
            if !known {
                let job = Job {
                    url: slot.url.clone(),
                    source,
                    generation: self.generation,
                    work: Work::New(self.picker.clone(), img.0.clone()),
                    size,
                };
                let protocol = self.submit(job);
                self.encoded.insert(
                    slot.url.clone(),
                    Encoded {
                        source,
                        protocol,
                        drawn: self.frame,
                    },
                );
            }
            let Some(e) = self.encoded.get_mut(&slot.url) else {
                continue;
            };
            e.drawn = self.frame;
            // At the worker: the slot stays blank this frame.
            let Some(mut protocol) = e.protocol.take() else {
                continue;
            };
            if protocol.needs_resize(&RESIZE, size).is_some() {
                let job = Job {
                    url: slot.url.clone(),
                    source,
                    generation: self.generation,
                    work: Work::Resize(protocol),
                    size,
                };
                match self.submit(job) {
                    Some(p) => protocol = p,
                    None => continue,
                }
            }
            protocol.render(area, buf);
            if let Some(e) = self.encoded.get_mut(&slot.url) {
                e.protocol = Some(protocol);
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

    /// Hands a job to the worker (`None`: it has it now), or runs it here
    /// when there is no worker (or it is gone).
    fn submit(&mut self, job: Job) -> Option<StatefulProtocol> {
        let job = match &self.worker {
            Some(tx) => match tx.send(job) {
                Ok(()) => return None,
                Err(std::sync::mpsc::SendError(job)) => {
                    self.worker = None;
                    job
                }
            },
            None => job,
        };
        Some(job.run().protocol)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::images::PreviewImage;

    fn state_with_picture(url: &str, w: u32, h: u32) -> State {
        let mut state = State::new(vec![], time::OffsetDateTime::UNIX_EPOCH);
        let png = trompe_demo::png::pattern_png(w, h, (200, 120, 40));
        let img = crate::fetch_image::decode(&png).expect("decodes");
        assert!(state.images.request(url));
        state.images.finish(url, Ok(img));
        state
    }

    #[test]
    fn every_protocol_draws_a_preview_and_encodes_it_once() {
        let state = state_with_picture("u", 320, 213);
        let area = Rect::new(0, 0, 40, 12);
        let slots = [ImageSlot {
            area: Rect::new(1, 1, 38, 10),
            url: "u".into(),
        }];
        for proto in [
            ratatui_image::picker::ProtocolType::Halfblocks,
            ratatui_image::picker::ProtocolType::Sixel,
            ratatui_image::picker::ProtocolType::Kitty,
            ratatui_image::picker::ProtocolType::Iterm2,
        ] {
            let mut picker = Picker::halfblocks();
            picker.set_protocol_type(proto);
            let mut p = Previews::with_picker(picker);
            let mut buf = Buffer::empty(area);
            let started = std::time::Instant::now();
            p.draw(&mut buf, &slots, &state);
            let first = started.elapsed();
            let started = std::time::Instant::now();
            let mut again = Buffer::empty(area);
            p.draw(&mut again, &slots, &state);
            let second = started.elapsed();
            eprintln!("{proto:?}: first frame {first:?}, next frame {second:?}");
            assert_ne!(buf, Buffer::empty(area), "{proto:?} drew something");
            assert_eq!(p.encoded.len(), 1);
            // Nothing outside the slot.
            assert_eq!(buf.cell((0, 0)).map(|c| c.symbol()), Some(" "));
        }
    }

    #[test]
    fn the_worker_encodes_off_the_frame() {
        let state = state_with_picture("u", 320, 213);
        let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
        let mut p = Previews::halfblocks();
        p.in_background(tx);
        let area = Rect::new(0, 0, 40, 12);
        let slots = [ImageSlot {
            area: Rect::new(1, 1, 38, 10),
            url: "u".into(),
        }];
        let mut buf = Buffer::empty(area);
        p.draw(&mut buf, &slots, &state);
        assert_eq!(buf, Buffer::empty(area), "blank while the worker has it");
        assert_eq!(p.pending(), 1);
        let done = rx.blocking_recv().expect("the worker answers");
        p.encoded(done);
        assert_eq!(p.pending(), 0);
        p.draw(&mut buf, &slots, &state);
        assert_ne!(buf, Buffer::empty(area));
        // Same size: drawn again without the worker.
        let mut again = Buffer::empty(area);
        p.draw(&mut again, &slots, &state);
        assert_eq!(p.pending(), 0);
        assert_eq!(buf, again);
        // A new size goes back to the worker; a result from before a
        // protocol change is dropped.
        let smaller = [ImageSlot {
            area: Rect::new(1, 1, 20, 5),
            url: "u".into(),
        }];
        p.draw(&mut Buffer::empty(area), &smaller, &state);
        assert_eq!(p.pending(), 1);
        let done = rx.blocking_recv().expect("the worker answers");
        p.set_picker(Picker::halfblocks());
        p.encoded(done);
        assert_eq!(p.pending(), 0);
        assert!(p.encoded.is_empty());
    }

    #[test]
    fn pictures_that_are_not_ready_are_left_alone_and_old_encodings_go() {
        let mut state = state_with_picture("u0", 16, 16);
        let mut p = Previews::halfblocks();
        let area = Rect::new(0, 0, 20, 6);
        let mut buf = Buffer::empty(area);
        state.images.request("loading");
        p.draw(
            &mut buf,
            &[ImageSlot {
                area: Rect::new(0, 0, 10, 5),
                url: "loading".into(),
            }],
            &state,
        );
        assert_eq!(buf, Buffer::empty(area));
        for i in 0..(KEEP + 4) {
            let url = format!("u{i}");
            if i > 0 {
                state.images.request(&url);
                state.images.finish(
                    &url,
                    Ok(PreviewImage::new(image::DynamicImage::new_rgb8(16, 16))),
                );
            }
            p.draw(
                &mut buf,
                &[ImageSlot {
                    area: Rect::new(0, 0, 10, 5),
                    url,
                }],
                &state,
            );
        }
        assert!(p.encoded.len() <= KEEP);
        // A slot partly off the buffer is clipped, not a panic.
        p.draw(
            &mut buf,
            &[ImageSlot {
                area: Rect::new(15, 3, 10, 10),
                url: "u0".into(),
            }],
            &state,
        );
    }
}
