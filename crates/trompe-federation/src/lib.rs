//! trompe's ActivityPub node: an `Application` actor with an RSA key, an
//! inbox and an outbox, a SQLite store, and HTTP Signatures both ways.
//!
//! It depends on no other trompe crate and on no UI crate; the root
//! package drives it (`trompe relay …`).

pub mod keys;
pub mod signature;
