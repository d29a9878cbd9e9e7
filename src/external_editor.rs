//! Editing a draft's text in the user's own editor: `$VISUAL`, else
//! `$EDITOR`, else `vi`. The text goes to a private temporary file, the
//! editor runs on it (a child process; awaited, never blocking a runtime
//! thread), and the file's new content comes back.
//!
//! Owns no terminal: the event loop in `tui` suspends and restores the
//! screen around [`edit`]. Must not import ratatui or crossterm.

use std::path::{Path, PathBuf};

/// Why the editor gave nothing back. The draft is left as it was.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EditorError {
    /// `$VISUAL`/`$EDITOR` has unbalanced quotes or is blank.
    #[error("cannot understand the editor command `{0}`")]
    BadCommand(String),
    /// The temporary file could not be written or read.
    #[error("temporary file {path}: {message}")]
    File { path: String, message: String },
    /// The editor could not be started.
    #[error("could not start `{program}`: {message}")]
    Spawn { program: String, message: String },
    /// The editor ended with an error status (`:cq` in vi).
    #[error("`{program}` exited with {status}; the text is unchanged")]
    Failed { program: String, status: String },
}

/// The editor command from the values of `VISUAL` and `EDITOR` (blank
/// values are skipped), split like a shell would: `code --wait` is a
/// program and an argument; quotes and backslashes protect spaces.
pub fn editor_command(
    visual: Option<&str>,
    editor: Option<&str>,
) -> Result<Vec<String>, EditorError> {
    let chosen = [visual, editor]
        .into_iter()
        .flatten()
        .find(|v| !v.trim().is_empty())
        .unwrap_or("vi");
    match split_words(chosen) {
        Some(words) if !words.is_empty() => Ok(words),
        _ => Err(EditorError::BadCommand(chosen.to_string())),
    }
}

/// Splits a command line into words: whitespace separates, `'…'` keeps
/// everything, `"…"` keeps everything but `\"` and `\\`, and a backslash
/// outside quotes escapes the next character. `None` on an open quote.
pub fn split_words(s: &str) -> Option<Vec<String>> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut in_word = false;
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        match c {
            '\'' => {
                in_word = true;
                loop {
                    match chars.next()? {
                        '\'' => break,
                        c => word.push(c),
                    }
                }
            }
            '"' => {
                in_word = true;
                loop {
                    match chars.next()? {
                        '"' => break,
                        '\\' => match chars.next()? {
                            c @ ('"' | '\\' | '$' | '`') => word.push(c),
                            c => {
                                word.push('\\');
                                word.push(c);
                            }
                        },
                        c => word.push(c),
                    }
                }
            }
            '\\' => {
                in_word = true;
                if let Some(c) = chars.next() {
                    word.push(c);
                }
            }
            c if c.is_whitespace() => {
                if in_word {
                    words.push(std::mem::take(&mut word));
                    in_word = false;
                }
            }
            c => {
                in_word = true;
                word.push(c);
            }
        }
    }
    if in_word {
        words.push(word);
    }
    Some(words)
}

/// The editor command from this process's environment.
pub fn command_from_env() -> Result<Vec<String>, EditorError> {
    let visual = std::env::var("VISUAL").ok();
    let editor = std::env::var("EDITOR").ok();
    editor_command(visual.as_deref(), editor.as_deref())
}

/// A new private file in `dir` holding `text` (readable by the user only).
fn write_temp(dir: &Path, tag: &str, text: &str) -> Result<PathBuf, EditorError> {
    use std::io::Write;
    let safe: String = tag
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
        .take(40)
        .collect();
    let mut last = String::new();
    for attempt in 0..8u32 {
        let path = dir.join(format!(
            "trompe-draft-{safe}-{}-{attempt}.txt",
            std::process::id()
        ));
        let mut opts = std::fs::OpenOptions::new();
        opts.write(true).create_new(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            opts.mode(0o600);
        }
        match opts.open(&path) {
            Ok(mut f) => {
                return f
                    .write_all(text.as_bytes())
                    .map(|_| path.clone())
                    .map_err(|e| EditorError::File {
                        path: path.display().to_string(),
                        message: e.to_string(),
                    });
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                last = e.to_string();
            }
            Err(e) => {
                return Err(EditorError::File {
                    path: path.display().to_string(),
                    message: e.to_string(),
                });
            }
        }
    }
    Err(EditorError::File {
        path: dir.display().to_string(),
        message: last,
    })
}

/// Runs `command` on a temporary file (in `dir`) holding `text` and returns
/// what the file holds when the editor exits. A newline the editor added
/// at the end is dropped when `text` had none. The file is removed.
pub async fn edit(
    command: &[String],
    dir: &Path,
    tag: &str,
    text: &str,
) -> Result<String, EditorError> {
    let Some((program, args)) = command.split_first() else {
        return Err(EditorError::BadCommand(String::new()));
    };
    // File creation is blocking I/O: off the async workers.
    let path = {
        let (dir, tag, text) = (dir.to_path_buf(), tag.to_string(), text.to_string());
        tokio::task::spawn_blocking(move || write_temp(&dir, &tag, &text))
            .await
            .map_err(|e| EditorError::File {
                path: String::new(),
                message: e.to_string(),
            })??
    };
    let status = tokio::process::Command::new(program)
        .args(args)
        .arg(&path)
        .kill_on_drop(true)
        .status()
        .await;
    let result = match status {
        Err(e) => Err(EditorError::Spawn {
            program: program.clone(),
            message: e.to_string(),
        }),
        Ok(st) if !st.success() => Err(EditorError::Failed {
            program: program.clone(),
            status: st.to_string(),
        }),
        Ok(_) => tokio::fs::read(&path)
            .await
            .map(|b| String::from_utf8_lossy(&b).into_owned())
            .map_err(|e| EditorError::File {
                path: path.display().to_string(),
                message: e.to_string(),
            }),
    };
    let _ = tokio::fs::remove_file(&path).await;
    let mut out = result?;
    if !text.ends_with('\n') && out.ends_with('\n') {
        out.pop();
        if out.ends_with('\r') {
            out.pop();
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_editor_is_chosen_and_split_like_a_shell() {
        let v = |s: &[&str]| s.iter().map(|w| w.to_string()).collect::<Vec<_>>();
        assert_eq!(editor_command(None, None), Ok(v(&["vi"])));
        assert_eq!(
            editor_command(Some(" "), Some("code --wait")),
            Ok(v(&["code", "--wait"]))
        );
        assert_eq!(editor_command(Some("nvim"), Some("nano")), Ok(v(&["nvim"])));
        assert_eq!(
            editor_command(None, Some(r#""/opt/My Editor/ed" -f 'a b' c\ d"#)),
            Ok(v(&["/opt/My Editor/ed", "-f", "a b", "c d"]))
        );
        assert_eq!(
            editor_command(None, Some("emacs -nw \"x")),
            Err(EditorError::BadCommand("emacs -nw \"x".into()))
        );
        assert_eq!(split_words(r#"a "" b"#), Some(v(&["a", "", "b"])));
    }
}
