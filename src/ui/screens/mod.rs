//! Screens, one file each.

pub mod compose;
pub mod filters;
pub mod login;
pub mod people;
pub mod timeline;
pub mod views;
