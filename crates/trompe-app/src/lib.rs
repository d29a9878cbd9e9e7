//! The application core: [`State`], [`Action`], [`Effect`] and [`update`].
//!
//! `update` is synchronous and does no I/O: it changes the state and returns
//! effects for the runner. Keys arrive already mapped to commands by
//! [`keymap`]; it starts no task and touches neither the network nor the
//! disk. Its Cargo.toml names no ratatui, crossterm, tokio or reqwest: the
//! compiler keeps it pure.
//!
//! Dispatch, in `update`: every action goes by an exhaustive `match` to
//! the one module that owns it (`stream`, `interact`, `navigate`,
//! `images`, …, and each view's own module under [`views`]: `views::thread`,
//! `views::people`, `views::compose`, `views::login`, …). A command goes by
//! focus: the compose pane, the help, the login form, the switcher or the
//! prompt when open; else the view on top (its command function returns
//! `None` for what it does not bind), then the common commands. Follow-ups (a confirmed dialog's action, a menu's
//! item) come back as [`Effect::Then`] and `update` applies them itself.

pub mod action;
pub mod cache;
pub mod cmdline;
pub mod editor;
pub mod effect;
pub mod filtering;
pub mod images;
pub mod interact;
pub mod keymap;
pub mod mouse;
pub mod moving;
pub mod navigate;
pub mod pages;
pub mod profile;
pub mod state;
pub mod status_map;
mod stream;
pub mod timeline;
pub mod update;
pub mod views;
mod visitor;

pub use action::{
    Action, LoadDirection, LoadedPage, NotificationGroupInfo, PageItems, StreamStatus, TextKey,
};
pub use effect::{Effect, RequestId};
pub use state::{AccountState, Layout, Message, Prompt, PromptKind, State, ToastKind};
pub use timeline::{NotificationFilter, TabKind, TimelineTab, Viewport};
pub use update::update;
pub use views::View;
pub use views::login::{LoginForm, LoginPhase};
