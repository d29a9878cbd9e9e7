//! trompe: a fast terminal client for Mastodon and servers that speak its API.
//!
//! Layout (see DESIGN notes): `api` (REST client), `streaming` (websocket),
//! `html` (sanitising and rendering remote content), `app` (state, actions,
//! update), `ui` (pure rendering), `tui` (terminal and event loop),
//! `effects` (the runner), `config`, and `demo` (the embedded instance).

pub mod api;
pub mod app;
pub mod auth;
pub mod cli;
pub mod compose;
pub mod config;
pub mod desktop;
pub mod effects;
pub mod external_editor;
pub mod fetch_image;
pub mod html;
pub mod logging;
pub mod streaming;
pub mod tui;
pub mod ui;
