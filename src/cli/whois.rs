//! `trompe whois @user[@host]`, `trompe followers` and `trompe following`.

use std::process::ExitCode;

use super::common::{Global, PagingArgs, account, each, fail, logged_in, stream_list};
use super::text;
use crate::api::PageQuery;
use crate::api::endpoints::Call;
use crate::api::entities::{Account, AccountId};
use crate::config::Paths;

/// Runs `whois`: the profile and the relationship with it.
pub async fn whois(paths: &Paths, g: &Global, acct: &str) -> ExitCode {
    logged_in(paths, g, async |ctx| {
        let found = account(&ctx.client, acct).await.map_err(|e| fail(&e))?;
        let raw = ctx.raw(&Call::account(&found.id)).await?;
        let rel = if ctx.out.is_text() {
            ctx.client.relationship(&found.id).await.ok()
        } else {
            None
        };
        ctx.show::<Account>(&raw, |out, a| text::account(out, a, rel.as_ref()))
    })
    .await
}

/// Arguments of `followers` and `following`.
#[derive(clap::Args, Debug)]
pub struct FollowsArgs {
    /// The account (@user[@host]); yourself when left out.
    pub acct: Option<String>,
    #[command(flatten)]
    pub paging: PagingArgs,
}

/// Runs `followers` (`followers = true`) or `following`.
pub async fn follows(paths: &Paths, g: &Global, args: FollowsArgs, followers: bool) -> ExitCode {
    logged_in(paths, g, async |ctx| {
        let id: AccountId = match &args.acct {
            Some(a) => account(&ctx.client, a).await.map_err(|e| fail(&e))?.id,
            None => {
                ctx.client
                    .verify_credentials()
                    .await
                    .map_err(|e| fail(&e))?
                    .id
            }
        };
        let page = PageQuery {
            limit: Some(args.paging.limit),
            ..Default::default()
        };
        let call = if followers {
            Call::followers(&id, &page)
        } else {
            Call::following(&id, &page)
        };
        stream_list(
            ctx,
            &call,
            args.paging.pages(),
            each::<Account>(false, text::account_line),
        )
        .await
    })
    .await
}
