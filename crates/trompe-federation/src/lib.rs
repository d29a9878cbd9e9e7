//! trompe's ActivityPub node: an `Application` actor with an RSA key, an
//! inbox and an outbox, a SQLite store, and HTTP Signatures both ways.
//!
//! It depends on no other trompe crate and on no UI crate; the root
//! package drives it (`trompe relay …`).
//!
//! - [`keys`]: the node's RSA key (aws-lc-rs) and verifying others';
//! - [`signature`]: draft-cavage HTTP Signatures, out and in;
//! - [`store`]: SQLite (WAL, versioned schema);
//! - [`documents`]: actor, WebFinger, NodeInfo, collections;
//! - [`fetch`]: signed GETs and POSTs behind a private-address guard;
//! - [`node`]: the server, the inbox, follows;
//! - [`tls`]: serving over TLS (rustls);
//! - [`events`]: what changed, for readers in other processes (a Unix socket).

pub mod config;
pub mod documents;
pub mod events;
pub mod fetch;
pub mod keys;
pub mod node;
pub mod signature;
pub mod store;
pub mod tls;

pub use config::{NodeConfig, RelayConfig};
pub use keys::NodeKey;
pub use node::Node;
pub use store::Store;
