//! Snapshots of every screen, rendered from a state built in the test (ratatui TestBackend + insta).
//!
//! One test binary, one module per area (see `tests/views/`).

#![allow(clippy::unwrap_used)]

mod hostile;
mod keys;
mod themes;
mod ui_snapshots;
mod view_snapshots;
