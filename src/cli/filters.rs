//! `trompe filters`: the server-side filters (v2) with their keywords.

use std::process::ExitCode;

use super::common::{Ctx, Global, finish, typed};
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
        ctx.out.begin_list();
        let items = raw.as_array().cloned().unwrap_or_default();
        if items.is_empty() && ctx.out.is_text() {
            ctx.out.line("No filters.");
        }
        for v in &items {
            if ctx.out.is_text() {
                let f: Filter = typed(v)?;
                let s = text::filter(&ctx.out, &f);
                ctx.out.line(&s);
            } else {
                ctx.out.item(v);
            }
        }
        ctx.out.end_list();
        Ok(())
    }
    .await;
    finish(r)
}
