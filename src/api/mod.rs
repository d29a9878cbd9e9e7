//! The Mastodon REST client.
//!
//! Owns HTTP, authentication headers, pagination and error typing. It must not
//! import ratatui or crossterm: the UI, the CLI and the tests all use it alike.

pub mod client;
pub mod endpoints;
pub mod entities;
pub mod error;
pub mod page;

pub use client::{AccessToken, Client, RateLimit};
pub use error::ApiError;
pub use page::{Page, PageQuery};
