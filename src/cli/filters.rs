//! `trompe filters`: the server-side filters (v2) with their keywords.

use std::process::ExitCode;

use super::common::{Ctx, Global, finish};
use super::text;
use crate::api::endpoints::Call;
use crate::api::entities::Filter;
use crate::config::Paths;

/// Runs `filters`.
pub async fn run(paths: &Paths, g: &Global) -> ExitCode {
    let mut ctx = match Ctx::new(paths, g).await {
        Ok(c) => c,
        Err(code) => return code,
    };
    let r = async {
        let raw = ctx.raw(&Call::filters()).await?;
        ctx.show_all::<Filter>(&raw, "No filters.", text::filter)
    }
    .await;
    finish(r)
}
