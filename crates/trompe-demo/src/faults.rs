//! Fault injection for tests: delays, status codes, 429s with rate-limit
//! headers, truncated bodies, and websocket faults. Reachable only through
//! [`super::DemoServer::faults`], never over HTTP, and compiled only with
//! the `faults` feature (tests turn it on); without it only [`DropKind`]
//! remains, the type of the websocket loop's (then silent) channel.

/// What to do to open websockets.
#[derive(Debug, Clone, PartialEq)]
pub enum DropKind {
    /// Close every open socket.
    Drop,
    /// Send an event type no client knows.
    UnknownEvent,
    /// Close every open socket with this close code (1011: server error).
    CloseWith(u16),
    /// Send garbage: a text frame that is not JSON, JSON that is not an
    /// event, and a binary frame.
    Garbage,
}

#[cfg(feature = "faults")]
pub use imp::*;

#[cfg(feature = "faults")]
mod imp {
    use std::sync::Mutex;
    use std::time::Duration;

    use tokio::sync::broadcast;

    use super::DropKind;

    /// A fault applied to the next matching REST requests.
    #[derive(Debug, Clone, PartialEq)]
    pub enum Fault {
        /// Answer after this delay.
        Delay(Duration),
        /// Handle the request, then hold the answer for this long: the server
        /// has acted (a post is created) but a client with a shorter timeout
        /// never hears about it.
        DelayResponse(Duration),
        /// Answer with this status and a Mastodon error body.
        Status(u16),
        /// Answer 429 with `X-RateLimit-*` and `Retry-After` headers, resetting in `reset_in`.
        RateLimited { reset_in: Duration },
        /// Answer with the body cut in half (valid length, broken JSON).
        TruncatedBody,
        /// Answer 200 with this body instead (not JSON, or JSON of another
        /// shape than the endpoint's).
        Body(&'static str),
        /// Answer 200 with a JSON body of this many bytes.
        HugeBody(usize),
        /// Answer 200 and send the real body a few bytes at a time, one
        /// piece every `every` (a slow-loris server).
        SlowBody { every: Duration },
        /// Answer 429 from a server whose clock is `off_by` seconds ahead
        /// (or behind): its `Date` and `X-RateLimit-Reset` are in its own
        /// time, the reset `reset_in` after its now. No Retry-After.
        RateLimitedClockOff { reset_in: Duration, off_by: i64 },
    }

    /// A fault on the streaming endpoint.
    #[derive(Debug, Clone, PartialEq)]
    pub enum StreamingFault {
        /// Refuse the websocket handshake with this status.
        RefuseHandshake(u16),
    }

    #[derive(Debug, Clone)]
    struct Rule {
        path_prefix: String,
        fault: Fault,
        /// Matching requests to let through before the fault starts.
        skip: u32,
        remaining: u32,
    }

    /// The fault table of one demo server.
    #[derive(Debug)]
    pub struct Faults {
        rules: Mutex<Vec<Rule>>,
        streaming: Mutex<Option<(StreamingFault, u32)>>,
        drops: broadcast::Sender<DropKind>,
    }

    impl Default for Faults {
        fn default() -> Self {
            Faults {
                rules: Mutex::new(Vec::new()),
                streaming: Mutex::new(None),
                drops: broadcast::channel(16).0,
            }
        }
    }

    impl Faults {
        /// Applies `fault` to the next `times` requests whose path starts with `path_prefix`.
        pub fn inject(&self, path_prefix: &str, fault: Fault, times: u32) {
            self.inject_after(path_prefix, fault, 0, times);
        }

        /// Like [`Faults::inject`], once `skip` matching requests have
        /// gone through untouched: a fault in the middle of a run.
        pub fn inject_after(&self, path_prefix: &str, fault: Fault, skip: u32, times: u32) {
            if let Ok(mut r) = self.rules.lock() {
                r.push(Rule {
                    path_prefix: path_prefix.to_string(),
                    fault,
                    skip,
                    remaining: times,
                });
            }
        }

        /// Removes every pending fault.
        pub fn clear(&self) {
            if let Ok(mut r) = self.rules.lock() {
                r.clear();
            }
            if let Ok(mut s) = self.streaming.lock() {
                *s = None;
            }
        }

        /// Takes the fault for a request to `path`, if one matches.
        pub(crate) fn take(&self, path: &str) -> Option<Fault> {
            let mut rules = self.rules.lock().ok()?;
            let pos = rules
                .iter()
                .position(|r| path.starts_with(&r.path_prefix))?;
            if rules[pos].skip > 0 {
                rules[pos].skip -= 1;
                return None;
            }
            let fault = rules[pos].fault.clone();
            rules[pos].remaining = rules[pos].remaining.saturating_sub(1);
            if rules[pos].remaining == 0 {
                rules.remove(pos);
            }
            Some(fault)
        }

        /// Applies a streaming fault to the next `times` handshakes.
        pub fn streaming(&self, fault: StreamingFault, times: u32) {
            if let Ok(mut s) = self.streaming.lock() {
                *s = Some((fault, times));
            }
        }

        pub(crate) fn take_streaming(&self) -> Option<StreamingFault> {
            let mut s = self.streaming.lock().ok()?;
            let (fault, left) = s.clone()?;
            *s = if left > 1 {
                Some((fault.clone(), left - 1))
            } else {
                None
            };
            Some(fault)
        }

        /// Closes every open websocket now.
        pub fn drop_streams(&self) {
            let _ = self.drops.send(DropKind::Drop);
        }

        /// Sends an unknown event type to every open websocket.
        pub fn send_unknown_event(&self) {
            let _ = self.drops.send(DropKind::UnknownEvent);
        }

        /// Closes every open stream with a close frame of code `code`.
        pub fn close_streams_with(&self, code: u16) {
            let _ = self.drops.send(DropKind::CloseWith(code));
        }

        /// Sends garbage frames on every open stream.
        pub fn send_stream_garbage(&self) {
            let _ = self.drops.send(DropKind::Garbage);
        }

        pub(crate) fn subscribe_drops(&self) -> broadcast::Receiver<DropKind> {
            self.drops.subscribe()
        }
    }
}
