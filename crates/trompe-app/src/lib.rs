//! The application core: [`State`], [`Action`], [`Effect`] and [`update`].
//!
//! `update` is synchronous and does no I/O: it changes the state and returns
//! effects for the runner. Keys arrive already mapped to actions by
//! [`keymap`]; it starts no task and touches neither the network nor the
//! disk. Its Cargo.toml names no ratatui, crossterm, tokio or reqwest: the
//! compiler keeps it pure.

pub mod action;
pub mod cmdline;
pub mod compose;
mod drafts;
pub mod editor;
pub mod effect;
pub mod filters;
pub mod images;
pub mod interact;
pub mod keymap;
mod login;
pub mod navigate;
pub mod pages;
pub mod people;
pub mod profile;
mod requests;
pub mod scheduled;
pub mod state;
mod stream;
pub mod timeline;
pub mod update;
pub mod views;

pub use action::{
    Action, LoadDirection, LoadedPage, NotificationGroupInfo, PageItems, StreamStatus, TextKey,
};
pub use effect::{Effect, RequestId};
pub use state::{
    AccountState, LoginForm, LoginPhase, Message, Prompt, PromptKind, State, ToastKind,
};
pub use timeline::{NotificationFilter, TabKind, TimelineTab, Viewport};
pub use update::update;
pub use views::View;
