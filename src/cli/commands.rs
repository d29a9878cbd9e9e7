//! The scriptable commands for reading and acting (issue 8), flattened into
//! the top-level [`super::Command`] so they read as `trompe timeline`,
//! `trompe fav ID`, …, and their dispatch.

use std::process::ExitCode;

use clap::Subcommand;

use super::act::{self, AccountAction, RequestAction, StatusAction};
use super::common::{Global, PagingArgs};
use super::{
    completions, filters, lists, profile, search, status, tags, timeline, upload, whoami, whois,
};
use crate::api::endpoints::accounts::{FollowOptions, MuteOptions};
use crate::api::entities::Visibility;
use crate::config::Paths;

/// One example per command, shown at the end of `trompe --help`.
pub const EXAMPLES: &str = "\
Examples:
  trompe whoami
  trompe profile set --name 'Ada' --field 'Site=https://ada.example' --locked on
  trompe instance mastodon.social
  trompe timeline home --limit 20
  trompe timeline tag:rust --all-pages --jsonl | jq .id
  trompe timeline --instance mastodon.social local
  trompe timeline list:Friends
  trompe timeline @ferris@example.social
  trompe notifications --type mention --limit 5
  trompe notifications --clear
  trompe status 109000000000000123
  trompe thread https://example.social/@ferris/109000000000000123
  trompe search '#rust' --type hashtags
  trompe search https://other.example/@a/1 --resolve
  trompe whois @ferris@example.social
  trompe followers @ferris
  trompe following
  trompe fav 109000000000000123
  trompe unfav 109000000000000123
  trompe boost 109000000000000123 --visibility unlisted
  trompe unboost 109000000000000123
  trompe bookmark https://example.social/@ferris/109000000000000123
  trompe unbookmark 109000000000000123
  trompe pin 109000000000000123
  trompe unpin 109000000000000123
  trompe delete 109000000000000123
  trompe follow @owl@akkoma.example --notify
  trompe unfollow @owl@akkoma.example
  trompe mute @loud@example.social --duration 7d
  trompe unmute @loud@example.social
  trompe block @troll@example.social
  trompe unblock @troll@example.social
  trompe follow-requests accept @robin
  trompe lists
  trompe list add Friends @ferris @zoe
  trompe tags followed
  trompe tag follow rust
  trompe filters
  trompe vote 42 1 3
  trompe upload cat.png --alt 'A cat asleep on a keyboard'
  trompe completions bash > ~/.local/share/bash-completion/completions/trompe
  trompe man | man -l -
Global flags: --json (one JSON document), --jsonl (one object per line),
--color auto|always|never (NO_COLOR is respected), --account ACCT.
Exit codes: 0 ok, 1 API error, 2 usage error, 3 no account or token rejected,
4 network error.";

/// `--visibility` of `boost`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum BoostVisibility {
    /// Everyone, in public timelines.
    Public,
    /// Everyone, out of public timelines.
    Unlisted,
    /// Your followers only.
    Private,
}

/// The reading and acting commands.
#[derive(Subcommand, Debug)]
pub enum ApiCommand {
    /// Show the account you are logged in as.
    ///
    /// Example: `trompe whoami --json | jq .acct`
    Whoami,
    /// Edit your profile and posting defaults: `profile set --name … --bio …`.
    ///
    /// Example: `trompe profile set --bio "Rust and tea" --visibility unlisted`
    Profile {
        #[command(subcommand)]
        action: profile::ProfileAction,
    },
    /// Show an instance: description, limits, rules (no account needed
    /// with a domain).
    ///
    /// Example: `trompe instance mastodon.social`
    Instance {
        /// The instance; yours when left out.
        domain: Option<String>,
    },
    /// Read a timeline: home, local, federated, tag:NAME, list:NAME,
    /// bookmarks, favourites, trending or @user[@host].
    ///
    /// Example: `trompe timeline tag:rust --limit 40 --all-pages`
    Timeline(timeline::TimelineArgs),
    /// Read your notifications, or clear them.
    ///
    /// Example: `trompe notifications --type mention --type reblog`
    Notifications(timeline::NotificationsArgs),
    /// Show one status, by id or by URL (from any instance).
    ///
    /// Example: `trompe status https://example.social/@ferris/1234`
    Status {
        /// The status id or URL.
        target: String,
    },
    /// Show a status in its thread: ancestors and replies.
    ///
    /// Example: `trompe thread 109000000000000123`
    Thread {
        /// The status id or URL.
        target: String,
    },
    /// Search accounts, hashtags and statuses.
    ///
    /// Example: `trompe search @camille@social.example.org --resolve`
    Search(search::SearchArgs),
    /// Show a profile and your relationship with it.
    ///
    /// Example: `trompe whois @ferris@example.social`
    Whois {
        /// The account: @user[@host] or an id.
        acct: String,
    },
    /// List an account's followers (yours by default).
    ///
    /// Example: `trompe followers @ferris --all-pages`
    Followers(whois::FollowsArgs),
    /// List the accounts an account follows (yours by default).
    ///
    /// Example: `trompe following --jsonl | jq -r .acct`
    Following(whois::FollowsArgs),
    /// Favourite a status.
    ///
    /// Example: `trompe fav 109000000000000123`
    Fav {
        /// The status id or URL.
        target: String,
    },
    /// Remove a favourite.
    ///
    /// Example: `trompe unfav 109000000000000123`
    Unfav {
        /// The status id or URL.
        target: String,
    },
    /// Boost a status.
    ///
    /// Example: `trompe boost 109000000000000123 --visibility unlisted`
    Boost {
        /// The status id or URL.
        target: String,
        /// Who sees the boost.
        #[arg(long, value_enum)]
        visibility: Option<BoostVisibility>,
    },
    /// Undo a boost.
    ///
    /// Example: `trompe unboost 109000000000000123`
    Unboost {
        /// The status id or URL.
        target: String,
    },
    /// Bookmark a status.
    ///
    /// Example: `trompe bookmark 109000000000000123`
    Bookmark {
        /// The status id or URL.
        target: String,
    },
    /// Remove a bookmark.
    ///
    /// Example: `trompe unbookmark 109000000000000123`
    Unbookmark {
        /// The status id or URL.
        target: String,
    },
    /// Pin one of your statuses to your profile.
    ///
    /// Example: `trompe pin 109000000000000123`
    Pin {
        /// The status id or URL.
        target: String,
    },
    /// Unpin a status.
    ///
    /// Example: `trompe unpin 109000000000000123`
    Unpin {
        /// The status id or URL.
        target: String,
    },
    /// Delete one of your statuses (prints it, with its text).
    ///
    /// Example: `trompe delete 109000000000000123`
    Delete {
        /// The status id or URL.
        target: String,
    },
    /// Follow an account (a follow request when it is locked).
    ///
    /// Example: `trompe follow @ferris@example.social --no-boosts --notify`
    Follow {
        /// The account: @user[@host] or an id.
        acct: String,
        /// Hide their boosts from your home timeline.
        #[arg(long)]
        no_boosts: bool,
        /// Be notified when they post.
        #[arg(long)]
        notify: bool,
    },
    /// Unfollow an account, or withdraw a follow request.
    ///
    /// Example: `trompe unfollow @ferris@example.social`
    Unfollow {
        /// The account: @user[@host] or an id.
        acct: String,
    },
    /// Mute an account, for ever or for a while.
    ///
    /// Example: `trompe mute @loud@example.social --duration 7d`
    Mute {
        /// The account: @user[@host] or an id.
        acct: String,
        /// How long: 30m, 12h, 7d… (for ever when left out).
        #[arg(long, value_parser = act::parse_duration)]
        duration: Option<u64>,
        /// Keep their notifications.
        #[arg(long)]
        keep_notifications: bool,
    },
    /// Unmute an account.
    ///
    /// Example: `trompe unmute @loud@example.social`
    Unmute {
        /// The account: @user[@host] or an id.
        acct: String,
    },
    /// Block an account.
    ///
    /// Example: `trompe block @troll@example.social`
    Block {
        /// The account: @user[@host] or an id.
        acct: String,
    },
    /// Unblock an account.
    ///
    /// Example: `trompe unblock @troll@example.social`
    Unblock {
        /// The account: @user[@host] or an id.
        acct: String,
    },
    /// List follow requests, or accept or reject one.
    ///
    /// Example: `trompe follow-requests accept @robin`
    FollowRequests {
        #[command(subcommand)]
        action: Option<RequestAction>,
        #[command(flatten)]
        paging: PagingArgs,
    },
    /// Show your lists, or manage one (`list add|remove|members|create|rename|delete`).
    ///
    /// Example: `trompe list add "Photo friends" @camille@social.example.org`
    #[command(visible_alias = "list")]
    Lists {
        #[command(subcommand)]
        action: Option<lists::ListAction>,
    },
    /// Followed hashtags: `tags followed`, `tag follow|unfollow|show NAME`.
    ///
    /// Example: `trompe tag follow rust`
    #[command(visible_alias = "tag")]
    Tags {
        #[command(subcommand)]
        action: tags::TagAction,
    },
    /// Show your filters (v2) and their keywords.
    ///
    /// Example: `trompe filters --json`
    Filters,
    /// Vote in a poll; choices are numbered from 1, as `trompe status` shows.
    ///
    /// Example: `trompe vote 42 1 3`
    Vote {
        /// The poll id (shown under the status).
        poll: String,
        /// The chosen options.
        #[arg(required = true)]
        choices: Vec<usize>,
    },
    /// Upload a file and print its media id.
    ///
    /// Example: `trompe upload cat.png --alt "A cat asleep on a keyboard"`
    Upload(upload::UploadArgs),
    /// Print shell completions.
    ///
    /// Example: `trompe completions zsh > ~/.zfunc/_trompe`
    Completions {
        /// The shell.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff).
    ///
    /// Example: `trompe man | man -l -`
    Man,
}

/// Runs one of these commands.
pub async fn run(paths: &Paths, g: &Global, cmd: ApiCommand) -> ExitCode {
    use ApiCommand as C;
    let on_status =
        |target: String, a: StatusAction| async move { act::on_status(paths, g, &target, a).await };
    let on_account =
        |acct: String, a: AccountAction| async move { act::on_account(paths, g, &acct, a).await };
    match cmd {
        C::Whoami => whoami::whoami(paths, g).await,
        C::Profile { action } => profile::run(paths, g, action).await,
        C::Instance { domain } => whoami::instance(paths, g, domain).await,
        C::Timeline(args) => timeline::run(paths, g, args).await,
        C::Notifications(args) => timeline::notifications(paths, g, args).await,
        C::Status { target } => status::status(paths, g, &target).await,
        C::Thread { target } => status::thread(paths, g, &target).await,
        C::Search(args) => search::run(paths, g, args).await,
        C::Whois { acct } => whois::whois(paths, g, &acct).await,
        C::Followers(args) => whois::follows(paths, g, args, true).await,
        C::Following(args) => whois::follows(paths, g, args, false).await,
        C::Fav { target } => on_status(target, StatusAction::Fav).await,
        C::Unfav { target } => on_status(target, StatusAction::Unfav).await,
        C::Boost { target, visibility } => {
            let v = visibility.map(|v| match v {
                BoostVisibility::Public => Visibility::Public,
                BoostVisibility::Unlisted => Visibility::Unlisted,
                BoostVisibility::Private => Visibility::Private,
            });
            on_status(target, StatusAction::Boost(v)).await
        }
        C::Unboost { target } => on_status(target, StatusAction::Unboost).await,
        C::Bookmark { target } => on_status(target, StatusAction::Bookmark).await,
        C::Unbookmark { target } => on_status(target, StatusAction::Unbookmark).await,
        C::Pin { target } => on_status(target, StatusAction::Pin).await,
        C::Unpin { target } => on_status(target, StatusAction::Unpin).await,
        C::Delete { target } => on_status(target, StatusAction::Delete).await,
        C::Follow {
            acct,
            no_boosts,
            notify,
        } => {
            let opts = FollowOptions {
                reblogs: no_boosts.then_some(false),
                notify: notify.then_some(true),
                languages: None,
            };
            on_account(acct, AccountAction::Follow(opts)).await
        }
        C::Unfollow { acct } => on_account(acct, AccountAction::Unfollow).await,
        C::Mute {
            acct,
            duration,
            keep_notifications,
        } => {
            let opts = MuteOptions {
                notifications: Some(!keep_notifications),
                duration,
            };
            on_account(acct, AccountAction::Mute(opts)).await
        }
        C::Unmute { acct } => on_account(acct, AccountAction::Unmute).await,
        C::Block { acct } => on_account(acct, AccountAction::Block).await,
        C::Unblock { acct } => on_account(acct, AccountAction::Unblock).await,
        C::FollowRequests { action, paging } => {
            act::follow_requests(paths, g, action, paging).await
        }
        C::Lists { action } => lists::run(paths, g, action).await,
        C::Tags { action } => tags::run(paths, g, action).await,
        C::Filters => filters::run(paths, g).await,
        C::Vote { poll, choices } => act::vote(paths, g, &poll, &choices).await,
        C::Upload(args) => upload::run(paths, g, args).await,
        C::Completions { shell } => completions::completions(shell),
        C::Man => completions::man(),
    }
}
