//! Acting from the shell: on statuses (`fav`, `unfav`, `boost`, `unboost`,
//! `bookmark`, `unbookmark`, `pin`, `unpin`, `delete`), on accounts
//! (`follow`, `unfollow`, `mute`, `unmute`, `block`, `unblock`), follow
//! requests and poll votes.

use std::process::ExitCode;

use super::common::{
    Global, PagingArgs, account, each, fail, logged_in, status_id, stream_list, usage,
};
use super::output::Style;
use super::text;
use crate::api::PageQuery;
use crate::api::endpoints::Call;
use crate::api::endpoints::accounts::{FollowOptions, MuteOptions};
use crate::api::entities::{Account, Poll, PollId, Relationship, Status, Visibility};
use crate::config::Paths;

/// An action on a status.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StatusAction {
    /// Favourite.
    Fav,
    /// Remove a favourite.
    Unfav,
    /// Boost, optionally with a visibility.
    Boost(Option<Visibility>),
    /// Undo a boost.
    Unboost,
    /// Bookmark.
    Bookmark,
    /// Remove a bookmark.
    Unbookmark,
    /// Pin to the profile.
    Pin,
    /// Unpin.
    Unpin,
    /// Delete (own statuses).
    Delete,
}

impl StatusAction {
    fn call(&self, id: &crate::api::entities::StatusId) -> Call {
        match self {
            StatusAction::Fav => Call::favourite(id),
            StatusAction::Unfav => Call::unfavourite(id),
            StatusAction::Boost(v) => Call::reblog(id, v.as_ref()),
            StatusAction::Unboost => Call::unreblog(id),
            StatusAction::Bookmark => Call::bookmark(id),
            StatusAction::Unbookmark => Call::unbookmark(id),
            StatusAction::Pin => Call::pin(id),
            StatusAction::Unpin => Call::unpin(id),
            StatusAction::Delete => Call::delete_status(id),
        }
    }

    fn done(&self) -> &'static str {
        match self {
            StatusAction::Fav => "Favourited",
            StatusAction::Unfav => "Unfavourited",
            StatusAction::Boost(_) => "Boosted",
            StatusAction::Unboost => "Unboosted",
            StatusAction::Bookmark => "Bookmarked",
            StatusAction::Unbookmark => "Removed the bookmark of",
            StatusAction::Pin => "Pinned",
            StatusAction::Unpin => "Unpinned",
            StatusAction::Delete => "Deleted",
        }
    }
}

/// Runs a status action on `ID|URL`.
pub async fn on_status(paths: &Paths, g: &Global, target: &str, action: StatusAction) -> ExitCode {
    logged_in(paths, g, async |ctx| {
        let id = status_id(&ctx.client, target).await.map_err(|e| fail(&e))?;
        let raw = ctx.raw(&action.call(&id)).await?;
        ctx.show::<Status>(&raw, |out, s| {
            format!(
                "{} {}",
                out.paint(Style::Good, action.done()),
                text::status_line(out, s)
            )
        })
    })
    .await
}

/// An action on an account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AccountAction {
    /// Follow (a request when the account is locked).
    Follow(FollowOptions),
    /// Unfollow or withdraw a request.
    Unfollow,
    /// Mute.
    Mute(MuteOptions),
    /// Unmute.
    Unmute,
    /// Block.
    Block,
    /// Unblock.
    Unblock,
}

impl AccountAction {
    fn call(&self, id: &crate::api::entities::AccountId) -> Call {
        match self {
            AccountAction::Follow(o) => Call::follow(id, o),
            AccountAction::Unfollow => Call::unfollow(id),
            AccountAction::Mute(o) => Call::mute(id, o),
            AccountAction::Unmute => Call::unmute(id),
            AccountAction::Block => Call::block(id),
            AccountAction::Unblock => Call::unblock(id),
        }
    }
}

/// Runs an account action on `@user[@host]`; prints the new relationship.
pub async fn on_account(paths: &Paths, g: &Global, acct: &str, action: AccountAction) -> ExitCode {
    logged_in(paths, g, async |ctx| {
        let a = account(&ctx.client, acct).await.map_err(|e| fail(&e))?;
        let raw = ctx.raw(&action.call(&a.id)).await?;
        ctx.show::<Relationship>(&raw, |out, r| text::relationship(out, &a.acct, r))
    })
    .await
}

/// Parses a duration: `90` (seconds), `30s`, `15m`, `2h`, `7d`, `1w`.
pub fn parse_duration(s: &str) -> Result<u64, String> {
    let s = s.trim();
    let (num, unit) = s.split_at(s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len()));
    let n: u64 = num
        .parse()
        .map_err(|_| format!("`{s}` is not a duration (like 30m, 2h, 7d)"))?;
    let mult = match unit {
        "" | "s" => 1,
        "m" => 60,
        "h" => 3600,
        "d" => 86_400,
        "w" => 7 * 86_400,
        _ => return Err(format!("`{s}`: use s, m, h, d or w")),
    };
    n.checked_mul(mult)
        .ok_or_else(|| format!("`{s}` is too long"))
}

/// `accept` or `reject` of `follow-requests`.
#[derive(clap::Subcommand, Debug)]
pub enum RequestAction {
    /// Accept a follow request.
    Accept {
        /// The account (id or @user[@host]).
        account: String,
    },
    /// Reject a follow request.
    Reject {
        /// The account (id or @user[@host]).
        account: String,
    },
}

/// Runs `follow-requests`: lists them, or accepts or rejects one.
pub async fn follow_requests(
    paths: &Paths,
    g: &Global,
    action: Option<RequestAction>,
    paging: PagingArgs,
) -> ExitCode {
    logged_in(paths, g, async |ctx| {
        let Some(action) = action else {
            let call = Call::follow_requests(&PageQuery {
                limit: Some(paging.limit),
                ..Default::default()
            });
            return stream_list(
                ctx,
                &call,
                paging.pages(),
                each::<Account>(false, text::account_line),
            )
            .await;
        };
        let (who, accept) = match &action {
            RequestAction::Accept { account } => (account, true),
            RequestAction::Reject { account } => (account, false),
        };
        let a = account(&ctx.client, who).await.map_err(|e| fail(&e))?;
        let call = if accept {
            Call::authorize_follow_request(&a.id)
        } else {
            Call::reject_follow_request(&a.id)
        };
        let raw = ctx.raw(&call).await?;
        ctx.show::<Relationship>(&raw, |out, r| text::relationship(out, &a.acct, r))
    })
    .await
}

/// Runs `vote POLL_ID CHOICE...` (choices numbered from 1, as shown).
pub async fn vote(paths: &Paths, g: &Global, poll: &str, choices: &[usize]) -> ExitCode {
    if choices.contains(&0) {
        return usage("choices are numbered from 1, as `trompe status` shows them");
    }
    let indexes: Vec<usize> = choices.iter().map(|c| c - 1).collect();
    logged_in(paths, g, async |ctx| {
        let raw = ctx
            .raw(&Call::vote(&PollId::new(poll.trim()), &indexes))
            .await?;
        ctx.show::<Poll>(&raw, text::poll)
    })
    .await
}

#[cfg(test)]
mod tests {
    use super::parse_duration;

    #[test]
    fn durations() {
        assert_eq!(parse_duration("90"), Ok(90));
        assert_eq!(parse_duration("15m"), Ok(900));
        assert_eq!(parse_duration("2h"), Ok(7200));
        assert_eq!(parse_duration("7d"), Ok(604_800));
        assert!(parse_duration("soon").is_err());
        assert!(parse_duration("3y").is_err());
    }
}
