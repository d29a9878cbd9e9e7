//! The application core: [`State`], [`Action`], [`Effect`] and [`update`].
//!
//! `update` is synchronous and does no I/O: it changes the state and returns
//! effects for the runner. It must not import crossterm (keys arrive already
//! mapped to actions by [`keymap`]) nor touch the network or disk.

pub mod action;
pub mod effect;
pub mod keymap;
pub mod state;
pub mod timeline;
pub mod update;

pub use action::{Action, LoadDirection, StreamStatus, TextKey};
pub use effect::{Effect, RequestId};
pub use state::{AccountState, LoginForm, LoginPhase, State, Toast, ToastKind};
pub use timeline::{TimelineTab, Viewport};
pub use update::update;
