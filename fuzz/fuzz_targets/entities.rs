//! Decoding the entities trompe reads from a server: one must never panic,
//! whatever the bytes, and a decoded status can be drawn.
#![no_main]

use libfuzzer_sys::fuzz_target;
use trompe_api::entities::{
    Account, GroupedNotificationsResults, Instance, Notification, Status,
};

fuzz_target!(|data: &[u8]| {
    if let Ok(s) = serde_json::from_slice::<Status>(data) {
        let _ = trompe_api::html::Document::parse(&s.original().content).layout(60);
        let _ = s.original().account.display_name_or_username();
    }
    let _ = serde_json::from_slice::<Vec<Status>>(data);
    let _ = serde_json::from_slice::<Account>(data);
    let _ = serde_json::from_slice::<Notification>(data);
    let _ = serde_json::from_slice::<GroupedNotificationsResults>(data);
    let _ = serde_json::from_slice::<Instance>(data);
});
