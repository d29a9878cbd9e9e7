//! `:move`: the export of one account and the import into another
//! ([`crate::data`]), run off the UI task; its stages come back as
//! actions.

use tokio::sync::mpsc::UnboundedSender;

use super::Runner;
use crate::api::Client;
use crate::app::moving::MovePlan;
use crate::app::{Action, Effect};
use crate::data::{self, Paced, Reporter, What, files, import};

/// Sends a stage's start (not each item) to the TUI as a toast.
struct ToUi {
    tx: UnboundedSender<Action>,
    verb: &'static str,
    stage: String,
}

impl Reporter for ToUi {
    fn progress(&mut self, label: &str, _done: usize, _total: Option<usize>) {
        let stage = label.split(':').next().unwrap_or(label).to_string();
        if stage != self.stage {
            let _ = self.tx.send(Action::MoveProgress {
                text: format!("{}: {stage}…", self.verb),
            });
            self.stage = stage;
        }
    }

    fn notice(&mut self, message: &str) {
        let _ = self.tx.send(Action::MoveProgress {
            text: message.to_string(),
        });
    }
}

impl Runner {
    /// Starts a `MovePlan` (a dry run) or a `Move`.
    pub(super) fn moving(&mut self, effect: Effect) {
        let (from, to, dry) = match effect {
            Effect::MovePlan { from, to } => (from, to, true),
            Effect::Move { from, to } => (from, to, false),
            _ => return,
        };
        let tx = self.tx.clone();
        let (Some(src), Some(dst)) = (
            self.clients.get(from).cloned(),
            self.clients.get(to).cloned(),
        ) else {
            let _ = tx.send(Action::MoveDone {
                from,
                to,
                result: Err("that account is not signed in".into()),
            });
            return;
        };
        let data_dir = self.paths.as_ref().map(|p| p.data_dir.clone());
        tokio::spawn(async move {
            let mut ui = ToUi {
                tx: tx.clone(),
                verb: if dry { "Planning" } else { "Moving" },
                stage: String::new(),
            };
            let result = run(src, dst, data_dir, dry, &mut ui).await;
            let action = if dry {
                Action::MovePlanned {
                    from,
                    to,
                    result: result.map(|(r, _, _)| plan(&r)),
                }
            } else {
                Action::MoveDone {
                    from,
                    to,
                    result: result.map(|(r, from, to)| {
                        let mut lines = r.lines();
                        lines.push(String::new());
                        lines.extend(
                            data::followers_reminder(&from, &to)
                                .lines()
                                .map(str::to_string),
                        );
                        lines
                    }),
                }
            };
            let _ = tx.send(action);
        });
    }
}

/// The plan's summary: the kinds with changes, and what cannot be done.
fn plan(r: &import::Report) -> MovePlan {
    let mut lines: Vec<String> = r
        .kinds
        .iter()
        .filter(|k| k.done > 0)
        .map(|k| format!("  {:<14} {}", k.kind, k.done))
        .collect();
    if !r.failed.is_empty() {
        lines.push(format!(
            "  {} item(s) cannot be moved (not found on the target)",
            r.failed.len()
        ));
    }
    MovePlan {
        lines,
        changes: r.changes(),
    }
}

/// Exports `src`, keeps the files in the data directory, and imports them
/// into `dst` (a dry run when `dry`). The report, and both accounts' names.
async fn run(
    src: Client,
    dst: Client,
    data_dir: Option<std::path::PathBuf>,
    dry: bool,
    ui: &mut ToUi,
) -> Result<(import::Report, String, String), String> {
    let text = |e: crate::api::ApiError| e.to_string();
    let mut p = Paced::new(src, ui);
    let me = data::who(&mut p).await.map_err(text)?;
    let exported = data::export::export(&mut p, &me, &What::ALL)
        .await
        .map_err(text)?;
    let from = me.acct;
    drop(p);
    let mut p = Paced::new(dst, ui);
    let to = data::who(&mut p).await.map_err(text)?.acct;
    let (source, progress_file) = match &data_dir {
        Some(d) => {
            let dir = data::move_dir(d, &from, &to);
            files::write(&dir, &exported, &What::ALL).map_err(|e| e.to_string())?;
            let source = std::fs::canonicalize(&dir)
                .unwrap_or(dir)
                .display()
                .to_string();
            let pf = data::progress_file(d, &to, &source);
            (source, Some(pf))
        }
        None => (format!("move from {from}"), None),
    };
    let opts = import::Options {
        dry_run: dry,
        progress_file,
    };
    let report = import::import(&mut p, &exported, &What::ALL, &to, &source, &opts)
        .await
        .map_err(text)?;
    Ok((report, from, to))
}
