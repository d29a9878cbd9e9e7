//! The node's public documents: its actor, WebFinger, NodeInfo 2.1 and its
//! paged collections. Pure functions of the configuration and the store.

use serde_json::{Value, json};

use crate::config::NodeConfig;

/// The media type of ActivityPub documents.
pub const ACTIVITY_JSON: &str = "application/activity+json";
/// The other form peers send and accept.
pub const LD_JSON: &str = "application/ld+json; profile=\"https://www.w3.org/ns/activitystreams\"";
/// The NodeInfo 2.1 schema, as the `rel` of its link.
pub const NODEINFO_21: &str = "http://nodeinfo.diaspora.software/ns/schema/2.1";
/// Items per collection page.
pub const PAGE: usize = 20;

/// The actor: an `Application`, since relays accept follows only from those.
pub fn actor(cfg: &NodeConfig, public_pem: &str) -> Value {
    json!({
        "@context": [
            "https://www.w3.org/ns/activitystreams",
            "https://w3id.org/security/v1"
        ],
        "id": cfg.actor_id(),
        "type": "Application",
        "preferredUsername": cfg.name,
        "name": cfg.name,
        "summary": "A trompe node: a terminal client's own ActivityPub actor.",
        "url": cfg.actor_id(),
        "manuallyApprovesFollowers": cfg.approve_followers,
        "discoverable": false,
        "inbox": cfg.inbox(),
        "outbox": cfg.collection("outbox"),
        "followers": cfg.collection("followers"),
        "following": cfg.collection("following"),
        "endpoints": { "sharedInbox": cfg.inbox() },
        "publicKey": {
            "id": cfg.key_id(),
            "owner": cfg.actor_id(),
            "publicKeyPem": public_pem
        }
    })
}

/// The answer to `/.well-known/webfinger?resource=…`, if it names the node
/// (`acct:NAME@HOST` or the actor's URL).
pub fn webfinger(cfg: &NodeConfig, resource: &str) -> Option<Value> {
    let acct = format!("acct:{}@{}", cfg.name, cfg.host());
    let matches = resource.eq_ignore_ascii_case(&acct)
        || resource
            .strip_prefix("acct:")
            .is_some_and(|r| r.eq_ignore_ascii_case(&acct[5..]))
        || resource == cfg.actor_id();
    matches.then(|| {
        json!({
            "subject": acct,
            "aliases": [cfg.actor_id()],
            "links": [{
                "rel": "self",
                "type": ACTIVITY_JSON,
                "href": cfg.actor_id()
            }]
        })
    })
}

/// `/.well-known/nodeinfo`: where the NodeInfo document is.
pub fn nodeinfo_links(cfg: &NodeConfig) -> Value {
    json!({
        "links": [{ "rel": NODEINFO_21, "href": cfg.nodeinfo() }]
    })
}

/// The NodeInfo 2.1 document.
pub fn nodeinfo(local_posts: usize) -> Value {
    json!({
        "version": "2.1",
        "software": {
            "name": "trompe",
            "version": env!("CARGO_PKG_VERSION"),
            "homepage": "https://crates.io/crates/trompe"
        },
        "protocols": ["activitypub"],
        "services": { "inbound": [], "outbound": [] },
        "openRegistrations": false,
        "usage": {
            "users": { "total": 1, "activeMonth": 1, "activeHalfyear": 1 },
            "localPosts": local_posts
        },
        "metadata": {}
    })
}

/// A paged `OrderedCollection`: the collection itself when `page` is
/// `None`, else that page (from 1) of `items` (already cut to the page).
pub fn collection(id: &str, total: usize, page: Option<usize>, items: Vec<Value>) -> Value {
    let Some(page) = page else {
        return json!({
            "@context": "https://www.w3.org/ns/activitystreams",
            "id": id,
            "type": "OrderedCollection",
            "totalItems": total,
            "first": format!("{id}?page=1")
        });
    };
    let mut doc = json!({
        "@context": "https://www.w3.org/ns/activitystreams",
        "id": format!("{id}?page={page}"),
        "type": "OrderedCollectionPage",
        "partOf": id,
        "totalItems": total,
        "orderedItems": items
    });
    if page * PAGE < total {
        doc["next"] = json!(format!("{id}?page={}", page + 1));
    }
    if page > 1 {
        doc["prev"] = json!(format!("{id}?page={}", page - 1));
    }
    doc
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cfg() -> NodeConfig {
        NodeConfig::new(
            url::Url::parse("https://relay.example:8443/ap").expect("url"),
            "trompe",
        )
    }

    #[test]
    fn the_actor_is_an_application_with_its_key_and_endpoints() {
        let a = actor(&cfg(), "PEM");
        assert_eq!(a["type"], "Application");
        assert_eq!(a["id"], "https://relay.example:8443/ap/actor");
        assert_eq!(a["publicKey"]["owner"], a["id"]);
        assert_eq!(
            a["publicKey"]["id"],
            "https://relay.example:8443/ap/actor#main-key"
        );
        assert_eq!(a["endpoints"]["sharedInbox"], a["inbox"]);
        for k in ["outbox", "followers", "following"] {
            assert!(a[k].as_str().is_some_and(|s| s.ends_with(k)));
        }
    }

    #[test]
    fn webfinger_answers_for_the_node_only() {
        let c = cfg();
        let w = webfinger(&c, "acct:trompe@relay.example:8443").expect("found");
        assert_eq!(w["links"][0]["href"], c.actor_id());
        assert!(webfinger(&c, "acct:someone@relay.example:8443").is_none());
        assert!(webfinger(&c, &c.actor_id()).is_some());
    }

    #[test]
    fn collections_page() {
        let c = collection("https://x/outbox", 45, None, vec![]);
        assert_eq!(c["first"], "https://x/outbox?page=1");
        let p = collection("https://x/outbox", 45, Some(2), vec![json!(1)]);
        assert_eq!(p["next"], "https://x/outbox?page=3");
        assert_eq!(p["prev"], "https://x/outbox?page=1");
        let last = collection("https://x/outbox", 45, Some(3), vec![]);
        assert!(last.get("next").is_none());
    }
}
