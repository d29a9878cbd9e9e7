//! `trompe search QUERY`: accounts, hashtags and statuses (search v2).

use std::process::ExitCode;

use serde_json::Value;

use super::common::{Global, logged_in, typed};
use super::output::{Format, Style};
use super::text;
use crate::api::endpoints::Call;
use crate::api::endpoints::search::{SearchQuery, SearchType};
use crate::api::entities::SearchResults;
use crate::config::Paths;

/// `--type` of `search`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Kind {
    /// Accounts only.
    Accounts,
    /// Hashtags only.
    Hashtags,
    /// Statuses only.
    Statuses,
}

/// Arguments of `search`.
#[derive(clap::Args, Debug)]
pub struct SearchArgs {
    /// Words, #tag, @user@host, or a URL of a post or profile on any instance.
    pub query: String,
    /// Only one kind of result.
    #[arg(long = "type", value_enum)]
    pub kind: Option<Kind>,
    /// Ask the server to look a URL or @user@host up on its own instance.
    #[arg(long)]
    pub resolve: bool,
    /// Results per kind.
    #[arg(long, short = 'n', default_value_t = 10, value_parser = clap::value_parser!(u32).range(1..=40))]
    pub limit: u32,
}

/// Runs `search`.
pub async fn run(paths: &Paths, g: &Global, args: SearchArgs) -> ExitCode {
    let q = SearchQuery {
        q: args.query,
        kind: args.kind.map(|k| match k {
            Kind::Accounts => SearchType::Accounts,
            Kind::Hashtags => SearchType::Hashtags,
            Kind::Statuses => SearchType::Statuses,
        }),
        resolve: args.resolve,
        limit: Some(args.limit),
        ..Default::default()
    };
    logged_in(paths, g, async |ctx| {
        let raw = ctx.raw(&Call::search(&q)).await?;
        match ctx.out.format() {
            Format::Json => ctx.out.value(&raw),
            Format::Jsonl => {
                for k in ["accounts", "hashtags", "statuses"] {
                    for v in raw.get(k).and_then(Value::as_array).into_iter().flatten() {
                        ctx.out.value(v);
                    }
                }
            }
            Format::Text => {
                let r: SearchResults = typed(&raw)?;
                let out = &ctx.out;
                let mut sections = Vec::new();
                if !r.accounts.is_empty() {
                    let mut s = vec![out.paint(Style::Strong, "Accounts")];
                    s.extend(r.accounts.iter().map(|a| text::account_line(out, a)));
                    sections.push(s.join("\n"));
                }
                if !r.hashtags.is_empty() {
                    let mut s = vec![out.paint(Style::Strong, "Hashtags")];
                    s.extend(r.hashtags.iter().map(|t| text::tag(out, t)));
                    sections.push(s.join("\n"));
                }
                if !r.statuses.is_empty() {
                    let mut s = vec![out.paint(Style::Strong, "Statuses")];
                    s.extend(r.statuses.iter().map(|st| text::status(out, st)));
                    sections.push(s.join("\n\n"));
                }
                let body = if sections.is_empty() {
                    "Nothing found.".to_string()
                } else {
                    sections.join("\n\n")
                };
                ctx.out.line(&body);
            }
        }
        Ok(())
    })
    .await
}
