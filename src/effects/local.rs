//! Effects that stay on this machine: the external editor, path
//! completion, opening a link, the clipboard.

use super::*;

impl Runner {
    pub(super) fn local(&mut self, effect: Effect) {
        match effect {
            Effect::ExternalEditor { draft, text } => {
                let tx = self.tx.clone();
                tokio::spawn(async move {
                    let result = match crate::external_editor::command_from_env() {
                        Ok(cmd) => {
                            crate::external_editor::edit(&cmd, &std::env::temp_dir(), &draft, &text)
                                .await
                        }
                        Err(e) => Err(e),
                    };
                    if let Err(e) = &result {
                        tracing::warn!("external editor: {e}");
                    }
                    let _ = tx.send(Action::EditorDone {
                        draft,
                        result: result.map_err(|e| e.to_string()),
                    });
                });
            }
            Effect::CompletePath { partial } => {
                let tx = self.tx.clone();
                tokio::spawn(async move {
                    let p = partial.clone();
                    let done = tokio::task::spawn_blocking(move || complete_path(&p)).await;
                    if let Ok(Some(completed)) = done {
                        let _ = tx.send(Action::PathCompleted { partial, completed });
                    }
                });
            }
            // Only web links: never hand a server's `file:` or custom
            // scheme to the opener.
            Effect::OpenUrl { url }
                if url.starts_with("https://") || url.starts_with("http://") =>
            {
                let tx = self.tx.clone();
                let opener = self.opener.clone();
                let shown: String = url.chars().take(80).collect();
                tokio::spawn(async move {
                    let opened = tokio::task::spawn_blocking(move || match opener {
                        Some(cmd) => std::process::Command::new(&cmd[0])
                            .args(&cmd[1..])
                            .arg(&url)
                            .stdin(std::process::Stdio::null())
                            .stdout(std::process::Stdio::null())
                            .stderr(std::process::Stdio::null())
                            .spawn()
                            .map(|_| ()),
                        None => open::that_detached(url),
                    })
                    .await;
                    if !matches!(opened, Ok(Ok(()))) {
                        let _ = tx.send(Action::Say {
                            error: true,
                            text: format!(
                                "No browser could open {} here; set [ui] open in config.toml, or copy the link with y",
                                crate::html::sanitize_line(&shown)
                            ),
                        });
                    }
                });
            }
            Effect::Copy { text } if self.osc52 => {
                use base64::Engine;
                use std::io::Write;
                let b64 = base64::engine::general_purpose::STANDARD.encode(text.as_bytes());
                let mut out = std::io::stdout();
                let _ = write!(out, "\x1b]52;c;{b64}\x07");
                let _ = out.flush();
            }
            _ => {}
        }
    }
}
