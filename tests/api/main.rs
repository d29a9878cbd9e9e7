//! The API client, entities, remote HTML, posting and login against the demo instance, over real HTTP.
//!
//! One test binary, one module per area (see `tests/api/`).

#![allow(clippy::unwrap_used)]

mod accounts;
mod api_client;
mod api_social;
mod compose;
mod entities;
mod faults;
mod html;
mod local_time;
