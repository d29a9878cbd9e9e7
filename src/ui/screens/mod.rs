//! Screens, one file each.

pub mod compose;
pub mod confirm;
pub mod deck;
pub mod detail;
pub mod drafts;
pub mod filters;
pub mod help;
pub mod instance;
pub mod links;
pub mod lists;
pub mod login;
pub mod menu;
pub mod people;
pub mod poll;
pub mod profile;
pub mod requests;
pub mod scheduled;
pub mod search;
pub mod subscriptions;
pub mod switcher;
pub mod tags;
pub mod thread;
pub mod timeline;
pub mod views;
