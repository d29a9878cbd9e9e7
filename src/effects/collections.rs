//! An account's lists of things: people, filters, scheduled posts, lists,
//! announcements, hashtags, and a list opened by its name.

use super::*;

/// Fetches one of them; the action that reports it.
pub(super) async fn task(client: &Client, account: usize, effect: Effect) -> Option<Action> {
    use crate::api::endpoints::timelines::TimelineKind;
    use crate::api::entities::Account;
    Some(match effect {
        Effect::LoadPeople {
            request, kind, url, ..
        } => {
            use crate::app::views::people::{PeopleKind, PeoplePage};
            let q = crate::api::PageQuery {
                limit: Some(40),
                ..Default::default()
            };
            let page = match (url, &kind) {
                (Some(u), _) => client.get_page_at::<Account>(u).await,
                (None, PeopleKind::Followers { id, .. }) => client.followers(id, &q).await,
                (None, PeopleKind::Following { id, .. }) => client.following(id, &q).await,
                (None, PeopleKind::Muted) => client.mutes(&q).await,
                (None, PeopleKind::Blocked) => client.blocks(&q).await,
                (None, PeopleKind::FollowRequests) => client.follow_requests(&q).await,
                (None, PeopleKind::FavouritedBy(id)) => client.favourited_by(id, &q).await,
                (None, PeopleKind::BoostedBy(id)) => client.reblogged_by(id, &q).await,
                (None, PeopleKind::ListMembers(title)) => match list_named(client, title).await {
                    Ok(l) => client.list_accounts(&l.id, &q).await,
                    Err(e) => Err(e),
                },
            };
            let result = match page {
                Ok(p) => {
                    let ids: Vec<_> = p.items.iter().map(|a| a.id.clone()).collect();
                    // The badges are a bonus: a failure leaves them out, not the list.
                    let relationships = if ids.is_empty() {
                        Vec::new()
                    } else {
                        client.relationships(&ids).await.unwrap_or_else(|e| {
                            tracing::warn!("relationships unavailable: {e}");
                            Vec::new()
                        })
                    };
                    Ok(PeoplePage {
                        items: p.items,
                        next: p.next,
                        relationships,
                    })
                }
                Err(e) => Err(e),
            };
            Action::PeopleLoaded {
                account,
                request,
                result,
            }
        }
        Effect::Filters { change, .. } => {
            let (done, applied) = match change {
                None => (None, Ok(())),
                Some(c) => {
                    let what = filter_change_words(&c);
                    (Some(what), apply_filter_change(client, c).await)
                }
            };
            let result = match applied {
                Ok(()) => client.filters().await,
                Err(e) => Err(e),
            };
            Action::FiltersLoaded {
                account,
                done,
                result,
            }
        }
        Effect::LoadScheduled { .. } => Action::ScheduledLoaded {
            account,
            result: client
                .scheduled_statuses(&crate::api::PageQuery {
                    limit: Some(40),
                    ..Default::default()
                })
                .await
                .map(|p| p.items),
        },
        Effect::LoadLists { .. } => Action::ListsLoaded {
            account,
            result: client.lists().await,
        },
        Effect::LoadAnnouncements { .. } => Action::AnnouncementsLoaded {
            account,
            result: client.announcements().await,
        },
        Effect::DismissAnnouncements { ids, .. } => {
            let n = ids.len();
            let mut result = Ok(());
            for id in ids {
                if let Err(e) = client.dismiss_announcement(&id).await {
                    result = Err(e);
                    break;
                }
            }
            Action::ServerActionDone {
                account,
                what: format!(
                    "{n} announcement{} marked read",
                    if n == 1 { "" } else { "s" }
                ),
                result,
            }
        }
        Effect::LoadTags { kind, .. } => {
            use crate::app::views::tags::TagsKind;
            let result = match kind {
                TagsKind::Trending => client.trending_tags(Some(20)).await.map(|p| p.items),
                TagsKind::Followed => client
                    .followed_tags(&crate::api::PageQuery {
                        limit: Some(80),
                        ..Default::default()
                    })
                    .await
                    .map(|p| p.items),
            };
            Action::TagsLoaded {
                account,
                kind,
                result,
            }
        }
        Effect::OpenListNamed { name, .. } => match client.lists().await {
            Ok(lists) => {
                let wanted = name.to_lowercase();
                match lists.into_iter().find(|l| {
                    l.title.to_lowercase() == wanted || l.title.to_lowercase().starts_with(&wanted)
                }) {
                    Some(l) => Action::OpenTab {
                        account,
                        kind: TabKind::Timeline(TimelineKind::List {
                            id: l.id,
                            title: l.title,
                        }),
                    },
                    None => Action::ServerActionDone {
                        account,
                        what: String::new(),
                        result: Err(crate::api::ApiError::NotFound {
                            message: format!("no list named `{name}`"),
                        }),
                    },
                }
            }
            Err(e) => Action::ServerActionDone {
                account,
                what: String::new(),
                result: Err(e),
            },
        },
        _ => return None,
    })
}
