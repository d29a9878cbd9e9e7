//! `trompe status ID|URL` and `trompe thread ID|URL`.

use std::collections::HashMap;
use std::process::ExitCode;

use serde_json::{Value, json};

use super::common::{Ctx, Global, fail, status_id, typed};
use super::output::{Format, Style};
use super::text;
use crate::api::endpoints::Call;
use crate::api::entities::{Context, Status};
use crate::config::Paths;

/// Deepest indentation of a reply in the thread view.
const MAX_DEPTH: usize = 8;

/// Runs `f` with the account's client, or a visitor's on the post's own
/// instance when there is no account (see [`Ctx::for_post`]).
async fn on_post(
    paths: &Paths,
    g: &Global,
    target: &str,
    f: impl AsyncFnOnce(&mut Ctx) -> Result<(), ExitCode>,
) -> ExitCode {
    match Ctx::for_post(paths, g, target).await {
        Ok(mut ctx) => super::common::finish(f(&mut ctx).await),
        Err(code) => code,
    }
}

/// Runs `status`.
pub async fn status(paths: &Paths, g: &Global, target: &str) -> ExitCode {
    on_post(paths, g, target, async |ctx| {
        let id = status_id(&ctx.client, target).await.map_err(|e| fail(&e))?;
        let raw = ctx.raw(&Call::status(&id)).await?;
        ctx.show::<Status>(&raw, text::status)
    })
    .await
}

/// Runs `thread`: ancestors, the status, and the replies as a tree.
pub async fn thread(paths: &Paths, g: &Global, target: &str) -> ExitCode {
    on_post(paths, g, target, async |ctx| {
        let id = status_id(&ctx.client, target).await.map_err(|e| fail(&e))?;
        let raw = ctx.raw(&Call::status(&id)).await?;
        let context = ctx.raw(&Call::status_context(&id)).await?;
        match ctx.out.format() {
            Format::Json => {
                let doc = json!({
                    "ancestors": context.get("ancestors").cloned().unwrap_or(json!([])),
                    "status": raw,
                    "descendants": context.get("descendants").cloned().unwrap_or(json!([])),
                });
                ctx.out.value(&doc);
            }
            Format::Jsonl => {
                let list = |k: &str| {
                    context
                        .get(k)
                        .and_then(Value::as_array)
                        .cloned()
                        .unwrap_or_default()
                };
                for v in list("ancestors")
                    .iter()
                    .chain([&raw])
                    .chain(list("descendants").iter())
                {
                    ctx.out.value(v);
                }
            }
            Format::Text => {
                let focused: Status = typed(&raw)?;
                let c: Context = typed(&context)?;
                let s = thread_text(ctx, &focused, &c);
                ctx.out.line(&s);
            }
        }
        Ok(())
    })
    .await
}

fn indent(block: &str, depth: usize) -> String {
    let pad = "  ".repeat(depth.min(MAX_DEPTH));
    block
        .lines()
        .map(|l| format!("{pad}{l}"))
        .collect::<Vec<_>>()
        .join("\n")
}

fn thread_text(ctx: &Ctx, focused: &Status, c: &Context) -> String {
    let out = &ctx.out;
    let mut blocks = Vec::new();
    for a in &c.ancestors {
        blocks.push(text::status(out, a));
    }
    blocks.push(format!(
        "{}\n{}",
        out.paint(Style::Strong, "▶"),
        text::status(out, focused)
    ));
    // Depth of each reply below the focused status.
    let mut depth: HashMap<&str, usize> = HashMap::new();
    depth.insert(focused.id.as_str(), 0);
    for d in &c.descendants {
        let parent = d
            .in_reply_to_id
            .as_ref()
            .and_then(|p| depth.get(p.as_str()).copied())
            .unwrap_or(0);
        depth.insert(d.id.as_str(), parent + 1);
        blocks.push(indent(&text::status(out, d), parent + 1));
    }
    blocks.join("\n\n")
}
