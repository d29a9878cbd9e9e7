//! `trompe timeline` and `trompe notifications`: reading lists of statuses
//! and notifications, page by page.

use std::process::ExitCode;

use super::common::{Ctx, Global, PagingArgs, each, fail, finish, logged_in, stream_list, usage};

use super::text;
use crate::api::endpoints::Call;
use crate::api::endpoints::notifications::NotificationQuery;
use crate::api::endpoints::timelines::TimelineKind;
use crate::api::entities::{List, ListId, Notification, NotificationType, Status};
use crate::api::{ApiError, Client, PageQuery};
use crate::config::Paths;

/// Arguments of `timeline`.
#[derive(clap::Args, Debug)]
pub struct TimelineArgs {
    /// home, local, federated, tag:NAME (or #NAME), list:NAME, bookmarks,
    /// favourites, trending, or @user[@host] for an account's posts.
    #[arg(default_value = "home")]
    pub timeline: String,
    /// Read a public timeline (local, federated, tag:NAME) of any instance,
    /// without an account.
    #[arg(long, value_name = "DOMAIN")]
    pub instance: Option<String>,
    /// With @user: include their replies.
    #[arg(long)]
    pub with_replies: bool,
    #[command(flatten)]
    pub paging: PagingArgs,
}

/// What a timeline argument names, before any look-up.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Spec {
    Kind(TimelineKind),
    List(String),
    User(String),
}

fn parse_spec(s: &str) -> Option<Spec> {
    let s = s.trim();
    let lower = s.to_lowercase();
    let kind = match lower.as_str() {
        "home" => TimelineKind::Home,
        "local" => TimelineKind::Local,
        "federated" | "public" => TimelineKind::Federated,
        "bookmarks" => TimelineKind::Bookmarks,
        "favourites" | "favorites" | "favs" => TimelineKind::Favourites,
        "trending" => TimelineKind::Trending,
        _ => {
            if let Some(tag) = lower
                .strip_prefix("tag:")
                .or_else(|| lower.strip_prefix('#'))
            {
                let mut tags = tag
                    .split(['+', ','])
                    .map(|t| t.trim().trim_start_matches('#').to_string())
                    .filter(|t| !t.is_empty());
                let first = tags.next()?;
                return Some(Spec::Kind(TimelineKind::Hashtag {
                    tag: first,
                    any: tags.collect(),
                }));
            }
            if let Some(name) = s.strip_prefix("list:") {
                return (!name.trim().is_empty()).then(|| Spec::List(name.trim().to_string()));
            }
            if s.starts_with('@') && s.len() > 1 {
                return Some(Spec::User(s.to_string()));
            }
            return None;
        }
    };
    Some(Spec::Kind(kind))
}

/// The list a `list:NAME` names: by id or by title (case-insensitive).
pub async fn find_list(client: &Client, name: &str) -> Result<List, ApiError> {
    let lists = client.lists().await?;
    let wanted = name.trim().to_lowercase();
    lists
        .into_iter()
        .find(|l| l.id.as_str() == name.trim() || l.title.to_lowercase() == wanted)
        .ok_or_else(|| ApiError::NotFound {
            message: format!("no list named `{name}`; `trompe lists` shows them"),
        })
}

/// Runs `timeline`.
pub async fn run(paths: &Paths, g: &Global, args: TimelineArgs) -> ExitCode {
    let Some(spec) = parse_spec(&args.timeline) else {
        return usage(&format!(
            "unknown timeline `{}`: use home, local, federated, tag:NAME, list:NAME, bookmarks, favourites, trending or @user",
            args.timeline
        ));
    };
    let anonymous = args.instance.is_some();
    let public = matches!(
        spec,
        Spec::Kind(TimelineKind::Local | TimelineKind::Federated | TimelineKind::Hashtag { .. })
    );
    if anonymous && !public {
        return usage("--instance reads only local, federated and tag:NAME timelines");
    }
    let mut ctx = match Ctx::for_instance(paths, g, args.instance.as_deref()).await {
        Ok(c) => c,
        Err(code) => return code,
    };
    let kind = match spec {
        Spec::Kind(k) => k,
        Spec::List(name) => match find_list(&ctx.client, &name).await {
            Ok(l) => TimelineKind::List {
                id: ListId::new(l.id.as_str()),
                title: l.title,
            },
            Err(e) => return fail(&e),
        },
        Spec::User(acct) => match super::common::account(&ctx.client, &acct).await {
            Ok(a) => TimelineKind::Account {
                id: a.id,
                acct: a.acct,
                with_replies: args.with_replies,
                only_media: false,
            },
            Err(e) => return fail(&e),
        },
    };
    let (path, query) = kind.endpoint();
    let mut call = Call::get(path).page(&PageQuery {
        limit: Some(args.paging.limit),
        ..Default::default()
    });
    for (k, v) in query {
        call = call.query(k, v);
    }
    let r = stream_list(
        &mut ctx,
        &call,
        args.paging.pages(),
        each::<Status>(true, text::status),
    )
    .await;
    if anonymous && r.is_err() {
        eprintln!("trompe: the instance may not allow reading this timeline without an account");
    }
    finish(r)
}

/// Arguments of `notifications`.
#[derive(clap::Args, Debug)]
pub struct NotificationsArgs {
    /// Only these types (mention, status, reblog, follow, follow_request,
    /// favourite, poll, update, quote…); repeatable.
    #[arg(long = "type", value_name = "TYPE")]
    pub types: Vec<String>,
    /// Not these types; repeatable.
    #[arg(long = "exclude-type", value_name = "TYPE")]
    pub exclude_types: Vec<String>,
    /// Clear every notification instead of listing them.
    #[arg(long, conflicts_with_all = ["types", "exclude_types"])]
    pub clear: bool,
    #[command(flatten)]
    pub paging: PagingArgs,
}

fn notification_types(v: &[String]) -> Vec<NotificationType> {
    v.iter()
        .flat_map(|t| t.split(','))
        .map(|t| NotificationType::from(t.trim()))
        .collect()
}

/// Runs `notifications`.
pub async fn notifications(paths: &Paths, g: &Global, args: NotificationsArgs) -> ExitCode {
    if args.clear {
        return logged_in(paths, g, async |ctx| clear(ctx).await).await;
    }
    let q = NotificationQuery {
        types: notification_types(&args.types),
        exclude_types: notification_types(&args.exclude_types),
        account_id: None,
        page: PageQuery {
            limit: Some(args.paging.limit),
            ..Default::default()
        },
    };
    let render = each::<Notification>(false, text::notification);
    logged_in(paths, g, async |ctx| {
        stream_list(ctx, &Call::notifications(&q), args.paging.pages(), render).await
    })
    .await
}

async fn clear(ctx: &mut Ctx) -> Result<(), ExitCode> {
    let v = ctx.raw(&Call::clear_notifications()).await?;
    if ctx.out.is_text() {
        ctx.out.line("Notifications cleared.");
    } else {
        ctx.out.value(&v);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timeline_specs() {
        assert_eq!(parse_spec("home"), Some(Spec::Kind(TimelineKind::Home)));
        assert_eq!(
            parse_spec("Public"),
            Some(Spec::Kind(TimelineKind::Federated))
        );
        assert_eq!(
            parse_spec("tag:Rust+terminal"),
            Some(Spec::Kind(TimelineKind::Hashtag {
                tag: "rust".into(),
                any: vec!["terminal".into()]
            }))
        );
        assert_eq!(
            parse_spec("#rust"),
            Some(Spec::Kind(TimelineKind::Hashtag {
                tag: "rust".into(),
                any: vec![]
            }))
        );
        assert_eq!(
            parse_spec("list:Photo friends"),
            Some(Spec::List("Photo friends".into()))
        );
        assert_eq!(
            parse_spec("@camille@social.example.org"),
            Some(Spec::User("@camille@social.example.org".into()))
        );
        assert_eq!(parse_spec("nonsense"), None);
        assert_eq!(parse_spec("tag:"), None);
        assert_eq!(parse_spec("@"), None);
    }
}
