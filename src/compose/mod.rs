//! Composing posts without a UI: the character counter (the server's rules),
//! drafts on disk, and building the request. Must not import ratatui or
//! crossterm; the compose pane in `ui/` and `trompe post` both use it.
