//! An activity the node has verified as coming from a remote actor, acted
//! on against an in-memory store: whatever its JSON, nothing panics, and
//! the timeline it leaves can be read. Activities that would make the node
//! fetch (Announce, Follow, Move, or an object from another origin) are
//! left out, so the target never touches the network. The actor document
//! mapping of the Relay tab reads the same input.
#![no_main]

use std::sync::{Arc, LazyLock};

use libfuzzer_sys::fuzz_target;
use serde_json::Value;
use trompe_federation::{Node, NodeConfig, NodeKey, Store};

const ACTOR: &str = "https://remote.example/users/a";

struct Fixture {
    rt: tokio::runtime::Runtime,
    node: Arc<Node>,
}

static FIXTURE: LazyLock<Option<Fixture>> = LazyLock::new(|| {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .ok()?;
    let url = url::Url::parse("https://node.example/").ok()?;
    let key = NodeKey::generate().ok()?;
    let store = Store::memory().ok()?;
    let node = rt.block_on(async { Node::new(NodeConfig::new(url, "fuzz"), key, store) });
    Some(Fixture { rt, node })
});

fuzz_target!(|data: &[u8]| {
    let Ok(activity) = serde_json::from_slice::<Value>(data) else {
        return;
    };
    let account = trompe::effects::node::account_json(ACTOR, Some(&activity));
    let _ = serde_json::from_value::<trompe_api::entities::Account>(account);
    let Some(fx) = FIXTURE.as_ref() else {
        return;
    };
    let kind = activity.get("type").and_then(Value::as_str).unwrap_or("");
    let object = activity.get("object");
    let local_object = object
        .and_then(|o| o.get("id"))
        .and_then(Value::as_str)
        .is_some_and(|id| id.starts_with("https://remote.example/"))
        && object.and_then(|o| o.get("type")).is_some();
    let offline = match kind {
        "Create" | "Update" => local_object,
        "Announce" | "Follow" | "Move" => false,
        _ => true,
    };
    if !offline {
        return;
    }
    let _ = fx.rt.block_on(fx.node.receive(&activity, ACTOR));
    if let Ok(items) = fx.node.store.timeline(None, None, 5) {
        for item in items {
            let _ = serde_json::from_str::<Value>(&item.json);
        }
    }
});
