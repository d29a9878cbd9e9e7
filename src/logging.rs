//! Logging to a file (never to the terminal while the TUI runs).

use std::path::{Path, PathBuf};

use tracing_appender::non_blocking::WorkerGuard;

/// Log lines waiting for the writer thread, at most.
const LINES_BUFFERED: usize = 2048;

/// Starts file logging in `dir`; returns the guard (keep it alive) and the
/// log file's path. `TROMPE_LOG` (or `RUST_LOG`) sets the filter.
pub fn init(dir: &Path) -> Option<(WorkerGuard, PathBuf)> {
    std::fs::create_dir_all(dir).ok()?;
    let file_name = "trompe.log";
    let appender = tracing_appender::rolling::never(dir, file_name);
    // A small buffer: the default (128,000 lines) is a channel of 4 MB made
    // in every run (2 MB more of resident memory for a CLI call), when a
    // run logs a few dozen lines. Lines beyond the buffer are dropped
    // rather than block the UI.
    let (writer, guard) = tracing_appender::non_blocking::NonBlockingBuilder::default()
        .buffered_lines_limit(LINES_BUFFERED)
        .lossy(true)
        .finish(appender);
    let filter = std::env::var("TROMPE_LOG")
        .or_else(|_| std::env::var("RUST_LOG"))
        .unwrap_or_else(|_| "trompe=info,warn".to_string());
    let subscriber = tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::new(filter))
        .with_writer(writer)
        .with_ansi(false)
        .finish();
    tracing::subscriber::set_global_default(subscriber).ok()?;
    Some((guard, dir.join(file_name)))
}
