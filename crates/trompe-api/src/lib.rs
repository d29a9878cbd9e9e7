//! Everything trompe knows about talking to a Mastodon-API server, with no
//! UI: the REST client (HTTP, authentication headers, pagination, typed
//! tolerant entities and errors), the streaming websocket, the login flow
//! and token store, the accounts file, posting (drafts, the counter, the
//! send with retries) and remote HTML (the sanitiser, HTML to styled lines).
//!
//! The CLI, the TUI's effect runner and the tests all use it alike. Its
//! Cargo.toml names no ratatui or crossterm, and no trompe crate: the
//! compiler keeps it that way.

pub mod auth;
pub mod client;
pub mod compose;
pub mod config;
pub mod endpoints;
pub mod entities;
pub mod error;
pub mod html;
pub mod page;
pub mod recover;
pub mod streaming;

pub use client::{AccessToken, Client, RateLimit};
pub use error::ApiError;
pub use page::{Page, PageQuery};
