//! The drafts directory: saves, deletes and listings, run in order by one
//! worker (see `draft_worker`).

use super::*;

impl Runner {
    pub(super) fn drafts(&mut self, effect: Effect) {
        match effect {
            Effect::SaveDraft { draft } => {
                if let Some(d) = &self.drafts {
                    let _ = d.send(DraftOp::Save(draft));
                }
            }
            Effect::DeleteDraft { id } => {
                if let Some(d) = &self.drafts {
                    let _ = d.send(DraftOp::Delete(id));
                }
            }
            Effect::ListDrafts => {
                let Some(d) = &self.drafts else {
                    let _ = self.tx.send(Action::DraftsListed(Vec::new()));
                    return;
                };
                let (rtx, rrx) = tokio::sync::oneshot::channel();
                if d.send(DraftOp::List(rtx)).is_err() {
                    return;
                }
                let tx = self.tx.clone();
                tokio::spawn(async move {
                    let drafts = rrx.await.unwrap_or_default();
                    let _ = tx.send(Action::DraftsListed(drafts));
                });
            }
            Effect::LoadDrafts => {
                let Some(d) = &self.drafts else {
                    return;
                };
                let (rtx, rrx) = tokio::sync::oneshot::channel();
                if d.send(DraftOp::List(rtx)).is_err() {
                    return;
                }
                let tx = self.tx.clone();
                tokio::spawn(async move {
                    if let Ok(drafts) = rrx.await {
                        if !drafts.is_empty() {
                            let _ = tx.send(Action::DraftsFound(drafts));
                        }
                    }
                });
            }
            _ => {}
        }
    }
}
