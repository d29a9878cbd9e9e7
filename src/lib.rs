//! trompe: a fast terminal client for Mastodon and servers that speak its API.
//!
//! The workspace's crates are its boundaries (see ARCHITECTURE.md):
//! `trompe-api` talks to servers (REST, streaming, login, posting, remote
//! HTML), `trompe-app` is the pure state machine (state, actions, effects,
//! `update`), `trompe-demo` is the embedded instance. This root package is
//! what touches the terminal and runs effects: `ui` (pure rendering), `tui`
//! (terminal and event loop), `effects` (the runner), `cli` (commands).
//!
//! The other crates are re-exported under their old module names, so
//! `trompe::api::Client` and `trompe::app::State` read as before.

pub use trompe_api as api;
pub use trompe_api::{auth, compose, config, html, streaming};
pub use trompe_app as app;
pub use trompe_federation as federation;

pub mod cache;
pub mod cli;
pub mod data;
pub mod desktop;
pub mod effects;
pub mod external_editor;
pub mod fetch_image;
pub mod logging;
pub mod tui;
pub mod ui;
