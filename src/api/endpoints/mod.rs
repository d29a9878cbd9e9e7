//! Endpoints, grouped by API area. Each is a method on [`crate::api::Client`].

pub mod accounts;
pub mod instance;
pub mod timelines;
