//! `trompe lists`: the user's lists; `trompe list add|remove LIST @user…`,
//! `members`, `create`, `rename` and `delete`.

use std::process::ExitCode;

use super::common::{Ctx, Global, PagingArgs, account, each, fail, logged_in, stream_list};
use super::output::Style;
use super::text;
use super::timeline::find_list;
use crate::api::PageQuery;
use crate::api::endpoints::Call;
use crate::api::endpoints::lists::ListParams;
use crate::api::entities::{Account, AccountId, List, RepliesPolicy};
use crate::config::Paths;

/// `--replies` of `list create`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Replies {
    /// Replies to any followed account.
    Followed,
    /// Replies to members of the list.
    List,
    /// No replies.
    None,
}

/// What to do with lists; nothing lists them.
#[derive(clap::Subcommand, Debug)]
pub enum ListAction {
    /// Add accounts (which you follow) to a list.
    Add {
        /// The list (title or id).
        list: String,
        /// The accounts (@user[@host]).
        #[arg(required = true)]
        accounts: Vec<String>,
    },
    /// Remove accounts from a list.
    Remove {
        /// The list (title or id).
        list: String,
        /// The accounts (@user[@host]).
        #[arg(required = true)]
        accounts: Vec<String>,
    },
    /// Show a list's members.
    Members {
        /// The list (title or id).
        list: String,
        #[command(flatten)]
        paging: PagingArgs,
    },
    /// Create a list.
    Create {
        /// Its title.
        title: String,
        /// Which replies it shows.
        #[arg(long, value_enum)]
        replies: Option<Replies>,
        /// Keep its members' posts out of home.
        #[arg(long)]
        exclusive: bool,
    },
    /// Rename a list.
    Rename {
        /// The list (title or id).
        list: String,
        /// The new title.
        title: String,
    },
    /// Delete a list.
    Delete {
        /// The list (title or id).
        list: String,
    },
}

/// Runs `lists` / `list …`.
pub async fn run(paths: &Paths, g: &Global, action: Option<ListAction>) -> ExitCode {
    logged_in(paths, g, async |ctx| act(ctx, action).await).await
}

async fn accounts(ctx: &Ctx, names: &[String]) -> Result<Vec<(AccountId, String)>, ExitCode> {
    let mut ids = Vec::new();
    for n in names {
        let a = account(&ctx.client, n).await.map_err(|e| fail(&e))?;
        ids.push((a.id, a.acct));
    }
    Ok(ids)
}

async fn act(ctx: &mut Ctx, action: Option<ListAction>) -> Result<(), ExitCode> {
    let Some(action) = action else {
        let raw = ctx.raw(&Call::lists()).await?;
        return ctx.show_all::<List>(&raw, "No lists.", text::list);
    };
    let find = |name: &str| {
        let client = ctx.client.clone();
        let name = name.to_string();
        async move { find_list(&client, &name).await.map_err(|e| fail(&e)) }
    };
    match action {
        ListAction::Add {
            list,
            accounts: names,
        } => members(ctx, &find(&list).await?, &names, true).await,
        ListAction::Remove {
            list,
            accounts: names,
        } => members(ctx, &find(&list).await?, &names, false).await,
        ListAction::Members { list, paging } => {
            let l = find(&list).await?;
            let call = Call::list_accounts(
                &l.id,
                &PageQuery {
                    limit: Some(paging.limit),
                    ..Default::default()
                },
            );
            stream_list(
                ctx,
                &call,
                paging.pages(),
                each::<Account>(false, text::account_line),
            )
            .await
        }
        ListAction::Create {
            title,
            replies,
            exclusive,
        } => {
            let params = ListParams {
                title,
                replies_policy: replies.map(|r| match r {
                    Replies::Followed => RepliesPolicy::Followed,
                    Replies::List => RepliesPolicy::List,
                    Replies::None => RepliesPolicy::NoReplies,
                }),
                exclusive: Some(exclusive),
            };
            let raw = ctx.raw(&Call::create_list(&params)).await?;
            ctx.show::<List>(&raw, text::list)
        }
        ListAction::Rename { list, title } => {
            let l = find(&list).await?;
            let params = ListParams {
                title,
                ..Default::default()
            };
            let raw = ctx.raw(&Call::update_list(&l.id, &params)).await?;
            ctx.show::<List>(&raw, text::list)
        }
        ListAction::Delete { list } => {
            let l = find(&list).await?;
            let raw = ctx.raw(&Call::delete_list(&l.id)).await?;
            let title = text::clean(&l.title);
            ctx.show::<serde_json::Value>(&raw, |out, _| {
                format!("{} {title}", out.paint(Style::Good, "Deleted the list"))
            })
        }
    }
}

/// Adds (`add`) or removes accounts of a list and says so.
async fn members(ctx: &mut Ctx, l: &List, names: &[String], add: bool) -> Result<(), ExitCode> {
    let ids = accounts(ctx, names).await?;
    let only: Vec<AccountId> = ids.iter().map(|(i, _)| i.clone()).collect();
    let (call, verb) = if add {
        (Call::add_to_list(&l.id, &only), "Added")
    } else {
        (Call::remove_from_list(&l.id, &only), "Removed")
    };
    let raw = ctx.raw(&call).await?;
    let who: Vec<String> = ids
        .iter()
        .map(|(_, a)| format!("@{}", text::clean(a)))
        .collect();
    let title = text::clean(&l.title);
    ctx.show::<serde_json::Value>(&raw, |out, _| {
        format!(
            "{} {} ({title})",
            out.paint(Style::Good, verb),
            who.join(", ")
        )
    })
}
