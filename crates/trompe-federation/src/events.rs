//! The node's events for readers in other processes: `trompe relay serve`
//! listens on a Unix socket beside its store, and writes each
//! [`NodeEvent`](crate::node::NodeEvent) as one JSON line to every
//! connection. The TUI connects to it to be told of new posts without
//! polling the disk. The socket is the user's alone (mode 0600).

use std::path::Path;
use std::sync::Arc;

use crate::node::Node;

/// At most this many readers at once (a TUI or two).
const MAX_READERS: usize = 16;

/// Serves the node's events on the Unix socket `path` until the task is
/// dropped. A socket file left by a stopped node is replaced.
#[cfg(unix)]
pub async fn serve(node: Arc<Node>, path: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    use tokio::io::AsyncWriteExt;
    if tokio::net::UnixStream::connect(path).await.is_ok() {
        return Err(std::io::Error::new(
            std::io::ErrorKind::AddrInUse,
            format!("{} is served by another node process", path.display()),
        ));
    }
    let _ = std::fs::remove_file(path);
    let listener = tokio::net::UnixListener::bind(path)?;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600))?;
    let readers = Arc::new(tokio::sync::Semaphore::new(MAX_READERS));
    loop {
        let (mut stream, _) = listener.accept().await?;
        let Ok(permit) = readers.clone().try_acquire_owned() else {
            continue; // too many: this one is closed
        };
        let mut rx = node.events();
        tokio::spawn(async move {
            let _permit = permit;
            loop {
                let event = match rx.recv().await {
                    Ok(e) => e,
                    Err(tokio::sync::broadcast::error::RecvError::Lagged(_)) => continue,
                    Err(tokio::sync::broadcast::error::RecvError::Closed) => break,
                };
                let Ok(mut line) = serde_json::to_string(&event) else {
                    continue;
                };
                line.push('\n');
                if stream.write_all(line.as_bytes()).await.is_err() {
                    break;
                }
            }
        });
    }
}

/// Not on this platform: readers reload instead.
#[cfg(not(unix))]
pub async fn serve(_node: Arc<Node>, _path: &Path) -> std::io::Result<()> {
    std::future::pending().await
}
