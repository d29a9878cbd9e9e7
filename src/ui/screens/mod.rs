//! Screens, one file each.

pub mod login;
pub mod timeline;
pub mod views;
