//! An account's own requests: its identity and instance, its timelines,
//! its read positions, sending a draft, and plain POSTs.

use super::*;

impl Runner {
    pub(super) fn session(&mut self, effect: Effect) {
        match effect {
            Effect::LoadLanguages { account } => {
                let Some(client) = self.clients.get(account).cloned() else {
                    return;
                };
                let tx = self.tx.clone();
                tokio::spawn(async move {
                    let result = client.instance_languages().await;
                    let _ = tx.send(Action::LanguagesLoaded { account, result });
                });
            }
            Effect::SendDraft {
                account,
                draft,
                limits,
            } => {
                let Some(client) = self.clients.get(account).cloned() else {
                    return;
                };
                let tx = self.tx.clone();
                tokio::spawn(async move {
                    let mut draft = *draft;
                    let ptx = tx.clone();
                    let progress: crate::compose::OnProgress = std::sync::Arc::new(move |p| {
                        let text = match p {
                            crate::compose::SendProgress::Uploading {
                                index,
                                count,
                                sent,
                                total,
                            } => {
                                format!(
                                    "Uploading {index}/{count}: {} of {} KiB",
                                    sent / 1024,
                                    total.max(1) / 1024
                                )
                            }
                            crate::compose::SendProgress::Processing { index } => {
                                format!("The server is processing attachment {index}…")
                            }
                            crate::compose::SendProgress::Posting => "Posting…".to_string(),
                        };
                        let _ = ptx.send(Action::SendProgress(text));
                    });
                    let now = time::OffsetDateTime::now_utc();
                    let wait = crate::api::endpoints::media::ProcessingWait::default();
                    let result = crate::compose::send(
                        &client,
                        &mut draft,
                        &limits,
                        now,
                        &wait,
                        Some(progress),
                    )
                    .await
                    .map(|sent| sent.url().map(str::to_string))
                    .map_err(|e| e.to_string());
                    let _ = tx.send(Action::DraftSent {
                        account,
                        draft: Box::new(draft),
                        result,
                    });
                });
            }
            Effect::SaveMarkers {
                account,
                home,
                notifications,
            } => {
                let Some(client) = self.clients.get(account).cloned() else {
                    return;
                };
                // One save at a time, in order: an older position sent
                // earlier must not land after the newer one (the last save
                // happens at quit). Only the newest handle is kept.
                let previous = self.saves.pop();
                self.saves.push(tokio::spawn(async move {
                    if let Some(p) = previous {
                        let _ = p.await;
                    }
                    let r = client
                        .save_markers(home.as_deref(), notifications.as_deref())
                        .await;
                    if let Err(e) = r {
                        tracing::warn!("could not save the read position: {e}");
                    }
                }));
            }
            Effect::LoadMarkers { account } => {
                let Some(client) = self.clients.get(account).cloned() else {
                    return;
                };
                let tx = self.tx.clone();
                tokio::spawn(async move {
                    let result = client.markers().await.map(|m| {
                        (
                            m.home.map(|h| h.last_read_id),
                            m.notifications.map(|n| n.last_read_id),
                        )
                    });
                    let _ = tx.send(Action::MarkersLoaded { account, result });
                });
            }
            Effect::PostAction {
                account,
                path,
                what,
            } => {
                let Some(client) = self.clients.get(account).cloned() else {
                    return;
                };
                let tx = self.tx.clone();
                tokio::spawn(async move {
                    let result = match client.url(&path) {
                        Ok(url) => {
                            let rb = client.request(reqwest::Method::POST, url);
                            client.send(rb, &path).await.map(|_| ())
                        }
                        Err(e) => Err(e),
                    };
                    let _ = tx.send(Action::ServerActionDone {
                        account,
                        what,
                        result,
                    });
                });
            }
            Effect::LoadTimeline {
                account,
                tab,
                request,
                kind,
                direction,
                query,
                url,
            } => {
                let Some(client) = self.clients.get(account).cloned() else {
                    return;
                };
                let tx = self.tx.clone();
                // Newer and older pages are gap-fill, polling and reading
                // ahead: they give way when the rate limit runs low.
                let background = direction != crate::app::LoadDirection::Initial;
                tokio::spawn(async move {
                    if background {
                        client.pace_background().await;
                    }
                    let result = load_page(&client, &kind, &query, url).await;
                    let _ = tx.send(Action::TimelineLoaded {
                        account,
                        tab,
                        request,
                        direction,
                        result,
                    });
                });
            }
            Effect::VerifyCredentials { account } => {
                let Some(client) = self.clients.get(account).cloned() else {
                    return;
                };
                let tx = self.tx.clone();
                tokio::spawn(async move {
                    let result = client.verify_credentials().await.map(Box::new);
                    let _ = tx.send(Action::CredentialsLoaded { account, result });
                });
            }
            Effect::LoadInstance { account } => {
                let Some(client) = self.clients.get(account).cloned() else {
                    return;
                };
                let tx = self.tx.clone();
                tokio::spawn(async move {
                    let result = client.instance_cached().await.map(Box::new);
                    if let Err(e) = &result {
                        tracing::warn!("instance information unavailable: {e}");
                    }
                    let _ = tx.send(Action::InstanceLoaded { account, result });
                });
            }
            _ => {}
        }
    }
}
