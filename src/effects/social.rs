//! Follow, mute, block, lists, notes, follow settings and the other social operations: the requests, and the action that reports them.

use super::{list_named, update_profile};
use crate::api::Client;
use crate::app::Action;

pub(super) async fn social(
    client: &Client,
    account: usize,
    op: crate::app::effect::SocialOp,
) -> Action {
    use crate::app::effect::SocialOp;
    let done = |what: String, r: Result<(), crate::api::ApiError>| Action::ServerActionDone {
        account,
        what,
        result: r,
    };
    match op {
        SocialOp::MuteFor {
            id,
            secs,
            notifications,
        } => {
            let opts = crate::api::endpoints::accounts::MuteOptions {
                notifications: Some(notifications),
                duration: secs,
            };
            let what = match secs {
                Some(s) => format!("Muted for {}", crate::compose::when::describe_secs(s)),
                None => "Muted".to_string(),
            };
            let what = if notifications {
                what
            } else {
                format!("{what} (their notifications still show)")
            };
            // The new relationship updates the profile and lists on screen.
            Action::RelationshipChanged {
                account,
                what,
                result: client.mute(&id, &opts).await.map(Box::new),
            }
        }
        SocialOp::BlockDomain(d) => done(format!("Blocked {d}"), client.block_domain(&d).await),
        SocialOp::ListAdd { list, id } => {
            let r = match list_named(client, &list).await {
                Ok(l) => client.add_to_list(&l.id, &[id]).await,
                Err(e) => Err(e),
            };
            done(format!("Added to {list}"), r)
        }
        SocialOp::ListRemove { list, id } => {
            let r = match list_named(client, &list).await {
                Ok(l) => client.remove_from_list(&l.id, &[id]).await,
                Err(e) => Err(e),
            };
            done(format!("Removed from {list}"), r)
        }
        SocialOp::FollowTag(t) => done(
            format!("Following #{t}"),
            client.follow_tag(&t).await.map(|_| ()),
        ),
        SocialOp::UnfollowTag(t) => done(
            format!("No longer following #{t}"),
            client.unfollow_tag(&t).await.map(|_| ()),
        ),
        SocialOp::CancelScheduled(id) => done(
            format!("Scheduled post {id} cancelled"),
            client
                .cancel_scheduled(&crate::api::entities::ScheduledStatusId::new(id.clone()))
                .await,
        ),
        SocialOp::Reschedule { id, at, zone } => done(
            format!(
                "Scheduled post {id} moved to {}",
                crate::compose::format_local(at, zone)
            ),
            client
                .reschedule(
                    &crate::api::entities::ScheduledStatusId::new(id.clone()),
                    at,
                )
                .await
                .map(|_| ()),
        ),
        SocialOp::CreateList(title) => {
            let params = crate::api::endpoints::lists::ListParams {
                title: title.clone(),
                ..Default::default()
            };
            done(
                format!("List “{title}” created"),
                client.create_list(&params).await.map(|_| ()),
            )
        }
        SocialOp::RenameList { from, to } => {
            let r = match list_named(client, &from).await {
                Ok(l) => {
                    let params = crate::api::endpoints::lists::ListParams {
                        title: to.clone(),
                        ..Default::default()
                    };
                    client.update_list(&l.id, &params).await.map(|_| ())
                }
                Err(e) => Err(e),
            };
            done(format!("List renamed to “{to}”"), r)
        }
        SocialOp::ListSettings {
            name,
            replies,
            exclusive,
        } => {
            let r = match list_named(client, &name).await {
                Ok(l) => {
                    let params = crate::api::endpoints::lists::ListParams {
                        title: l.title.clone(),
                        replies_policy: replies
                            .as_deref()
                            .map(crate::api::entities::RepliesPolicy::from),
                        exclusive,
                    };
                    client.update_list(&l.id, &params).await.map(|_| ())
                }
                Err(e) => Err(e),
            };
            let what = match (&replies, exclusive) {
                (Some(p), _) => format!("“{name}” shows replies: {p}"),
                (None, Some(true)) => {
                    format!("“{name}” is exclusive: its members leave your home")
                }
                _ => format!("“{name}” is no longer exclusive"),
            };
            done(what, r)
        }
        SocialOp::DeleteList(name) => {
            let r = match list_named(client, &name).await {
                Ok(l) => client.delete_list(&l.id).await,
                Err(e) => Err(e),
            };
            done(format!("List “{name}” deleted"), r)
        }
        SocialOp::Note { id, text } => {
            let what = if text.is_empty() {
                "Note cleared"
            } else {
                "Note saved"
            };
            done(
                what.to_string(),
                client.set_account_note(&id, &text).await.map(|_| ()),
            )
        }
        SocialOp::FollowSettings { id, notify, boosts } => {
            let opts = crate::api::endpoints::accounts::FollowOptions {
                reblogs: boosts,
                notify,
                languages: None,
            };
            let what = match (notify, boosts) {
                (Some(true), _) => "You will be told when they post",
                (Some(false), _) => "No more alerts for their posts",
                (_, Some(true)) => "Their boosts show in your home",
                _ => "Their boosts are hidden from your home",
            };
            done(
                what.to_string(),
                client.follow(&id, &opts).await.map(|_| ()),
            )
        }
        SocialOp::UpdateProfile(change) => {
            let what = change.done_message();
            let result = update_profile(client, change).await.map(Box::new);
            Action::ProfileUpdated {
                account,
                what,
                result,
            }
        }
    }
}
