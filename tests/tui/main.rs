//! The TUI driven with keys against the demo instance: reading, acting, composing, accounts, live streaming.
//!
//! One test binary, one module per area (see `tests/tui/`).

#![allow(clippy::unwrap_used)]

mod cache;
mod keys;
mod live;
mod mouse;
mod node;
mod profile;
mod tui_accounts;
mod tui_compose;
mod tui_conversations;
mod tui_e2e;
mod tui_editor;
mod tui_filters;
mod tui_images;
mod tui_instance;
mod tui_interact;
mod tui_people;
mod tui_reading;
mod visitor;
