//! `trompe filters`: the server-side filters (v2) with their keywords.

use std::process::ExitCode;

use super::common::{Global, logged_in};
use super::text;
use crate::api::endpoints::Call;
use crate::api::entities::Filter;
use crate::config::Paths;

/// Runs `filters`.
pub async fn run(paths: &Paths, g: &Global) -> ExitCode {
    logged_in(paths, g, async |ctx| {
        let raw = ctx.raw(&Call::filters()).await?;
        ctx.show_all::<Filter>(&raw, "No filters.", text::filter)
    })
    .await
}
