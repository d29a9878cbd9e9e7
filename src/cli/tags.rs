//! `trompe tags followed`, `trompe tag follow|unfollow NAME`.

use std::process::ExitCode;

use super::common::{Global, PagingArgs, each, logged_in, stream_list};
use super::text;
use crate::api::PageQuery;
use crate::api::endpoints::Call;
use crate::api::entities::Tag;
use crate::config::Paths;

/// What to do with hashtags.
#[derive(clap::Subcommand, Debug)]
pub enum TagAction {
    /// The hashtags you follow.
    Followed {
        #[command(flatten)]
        paging: PagingArgs,
    },
    /// Follow a hashtag: its posts show in home.
    Follow {
        /// The hashtag, with or without `#`.
        name: String,
    },
    /// Unfollow a hashtag.
    Unfollow {
        /// The hashtag, with or without `#`.
        name: String,
    },
    /// A hashtag's use this week, and whether you follow it.
    Show {
        /// The hashtag, with or without `#`.
        name: String,
    },
}

/// Runs `tags …`.
pub async fn run(paths: &Paths, g: &Global, action: TagAction) -> ExitCode {
    logged_in(paths, g, async |ctx| {
        let call = match &action {
            TagAction::Followed { paging } => {
                let call = Call::followed_tags(&PageQuery {
                    limit: Some(paging.limit),
                    ..Default::default()
                });
                return stream_list(ctx, &call, paging.pages(), each::<Tag>(false, text::tag))
                    .await;
            }
            TagAction::Follow { name } => Call::follow_tag(name),
            TagAction::Unfollow { name } => Call::unfollow_tag(name),
            TagAction::Show { name } => Call::tag(name),
        };
        let raw = ctx.raw(&call).await?;
        ctx.show::<Tag>(&raw, text::tag)
    })
    .await
}
