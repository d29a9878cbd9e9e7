//! Endpoints, grouped by API area. Each is a method on [`crate::Client`].

pub mod accounts;
pub mod call;
pub mod compose;
pub mod filters;
pub mod instance;
pub mod lists;
pub mod markers;
pub mod media;
pub mod notifications;
pub mod polls;
pub mod profile;
pub mod scheduled;
pub mod search;
pub mod statuses;
pub mod tags;
pub mod timelines;

pub use call::Call;
