//! Screens, one file each.

pub mod timeline;
