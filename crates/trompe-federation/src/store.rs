//! The node's SQLite store: received objects, subscriptions, followers,
//! cached public keys and the signatures already seen.
//!
//! WAL mode, one connection behind a mutex (the node is small; every
//! statement is short). The schema is versioned with `PRAGMA user_version`:
//! each entry of [`MIGRATIONS`] runs once, in order, in a transaction.

use std::path::Path;
use std::sync::{Mutex, MutexGuard};

use rusqlite::{Connection, OptionalExtension, params};

/// The schema, one step per version. Never edit a step: add one.
const MIGRATIONS: &[&str] = &[
    // 1: the first schema.
    "CREATE TABLE objects (
         id TEXT PRIMARY KEY,
         kind TEXT NOT NULL,
         attributed_to TEXT,
         json TEXT NOT NULL,
         via TEXT,
         received_at INTEGER NOT NULL
     );
     CREATE INDEX objects_received ON objects (received_at);
     CREATE TABLE activities (
         id TEXT PRIMARY KEY,
         kind TEXT NOT NULL,
         actor TEXT NOT NULL,
         received_at INTEGER NOT NULL
     );
     CREATE TABLE subscriptions (
         target TEXT PRIMARY KEY,
         kind TEXT NOT NULL,
         inbox TEXT NOT NULL,
         follow_id TEXT NOT NULL,
         state TEXT NOT NULL,
         error TEXT,
         updated_at INTEGER NOT NULL,
         last_activity INTEGER
     );
     CREATE TABLE followers (
         actor TEXT PRIMARY KEY,
         inbox TEXT NOT NULL,
         shared_inbox TEXT,
         follow_id TEXT NOT NULL,
         state TEXT NOT NULL,
         since INTEGER NOT NULL
     );
     CREATE TABLE keys (
         key_id TEXT PRIMARY KEY,
         owner TEXT NOT NULL,
         pem TEXT NOT NULL,
         fetched_at INTEGER NOT NULL
     );
     CREATE TABLE seen_signatures (
         signature TEXT PRIMARY KEY,
         seen_at INTEGER NOT NULL
     );
     CREATE TABLE outbox (
         id TEXT PRIMARY KEY,
         json TEXT NOT NULL,
         published INTEGER NOT NULL
     );",
    // 2: the node's own objects, served at their ids and never pruned.
    "CREATE TABLE local_objects (
         id TEXT PRIMARY KEY,
         json TEXT NOT NULL,
         published INTEGER NOT NULL
     );",
    // 3: the delivery queue, and the inboxes that keep failing.
    "CREATE TABLE deliveries (
         id INTEGER PRIMARY KEY,
         inbox TEXT NOT NULL,
         activity TEXT NOT NULL,
         attempts INTEGER NOT NULL DEFAULT 0,
         next_at INTEGER NOT NULL,
         state TEXT NOT NULL DEFAULT 'pending',
         last_error TEXT,
         created_at INTEGER NOT NULL
     );
     CREATE INDEX deliveries_due ON deliveries (state, next_at);
     CREATE TABLE targets (
         inbox TEXT PRIMARY KEY,
         failures INTEGER NOT NULL DEFAULT 0,
         dead_since INTEGER
     );",
];

/// How long an inbox stays marked dead before it is tried again.
pub const DEAD_FOR: i64 = 86_400;

/// A queued delivery.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Delivery {
    pub id: i64,
    pub inbox: String,
    pub activity: String,
    pub attempts: i64,
    pub next_at: i64,
    /// `pending`, or `dead` after the last attempt failed.
    pub state: String,
    pub last_error: Option<String>,
    pub created_at: i64,
}

/// A store error, with what was being done.
#[derive(Debug, thiserror::Error)]
#[error("store: {0}")]
pub struct StoreError(String);

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> StoreError {
        StoreError(e.to_string())
    }
}

/// A subscription: an account or a relay the node follows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Subscription {
    /// The actor id followed.
    pub target: String,
    /// `account` or `relay`.
    pub kind: String,
    pub inbox: String,
    /// The id of the Follow sent.
    pub follow_id: String,
    /// `pending`, `accepted`, `rejected` or `error`.
    pub state: String,
    pub error: Option<String>,
    pub updated_at: i64,
    pub last_activity: Option<i64>,
}

/// A follower of the node.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Follower {
    pub actor: String,
    pub inbox: String,
    pub shared_inbox: Option<String>,
    pub follow_id: String,
    /// `accepted` or `pending` (awaiting approval).
    pub state: String,
    pub since: i64,
}

/// A stored object.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredObject {
    pub id: String,
    pub kind: String,
    pub attributed_to: Option<String>,
    pub json: String,
    pub via: Option<String>,
    pub received_at: i64,
}

/// A post of the node's timeline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimelineItem {
    pub id: String,
    pub json: String,
    /// When it arrived (or was published, for the node's own).
    pub at: i64,
    /// One of the node's own posts.
    pub local: bool,
    /// Its order among those of the same second and kind (insertion order).
    pub seq: i64,
}

/// The store.
pub struct Store {
    conn: Mutex<Connection>,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Store")
    }
}

impl Store {
    /// Opens (and creates or migrates) the store at `path`.
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(|e| StoreError(e.to_string()))?;
        }
        Store::init(Connection::open(path)?)
    }

    /// A store in memory, for tests and `--dry-run`s.
    pub fn memory() -> Result<Store, StoreError> {
        Store::init(Connection::open_in_memory()?)
    }

    fn init(mut conn: Connection) -> Result<Store, StoreError> {
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        let version: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
        let version = usize::try_from(version).unwrap_or(usize::MAX);
        if version > MIGRATIONS.len() {
            return Err(StoreError(format!(
                "the store is at schema {version}, newer than this trompe knows ({}); update trompe",
                MIGRATIONS.len()
            )));
        }
        for (i, step) in MIGRATIONS.iter().enumerate().skip(version) {
            let tx = conn.transaction()?;
            tx.execute_batch(step)?;
            tx.pragma_update(None, "user_version", (i + 1) as i64)?;
            tx.commit()?;
        }
        Ok(Store {
            conn: Mutex::new(conn),
        })
    }

    fn conn(&self) -> MutexGuard<'_, Connection> {
        // A panic while holding the lock leaves the connection usable.
        self.conn.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The schema version.
    pub fn schema_version(&self) -> Result<usize, StoreError> {
        let v: i64 = self
            .conn()
            .pragma_query_value(None, "user_version", |r| r.get(0))?;
        Ok(usize::try_from(v).unwrap_or(usize::MAX))
    }

    /// Records a signature; `false` when it was seen before (a replay).
    /// Signatures older than `keep_secs` are forgotten: a replay of one
    /// that old fails the `Date` check anyway.
    pub fn first_use_of_signature(
        &self,
        signature: &str,
        now: i64,
        keep_secs: i64,
    ) -> Result<bool, StoreError> {
        let conn = self.conn();
        conn.execute(
            "DELETE FROM seen_signatures WHERE seen_at < ?1",
            params![now - keep_secs],
        )?;
        let n = conn.execute(
            "INSERT OR IGNORE INTO seen_signatures (signature, seen_at) VALUES (?1, ?2)",
            params![signature, now],
        )?;
        Ok(n == 1)
    }

    /// A cached key: (owner, pem).
    pub fn key(&self, key_id: &str) -> Result<Option<(String, String)>, StoreError> {
        Ok(self
            .conn()
            .query_row(
                "SELECT owner, pem FROM keys WHERE key_id = ?1",
                params![key_id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?)
    }

    /// Caches a key.
    pub fn put_key(
        &self,
        key_id: &str,
        owner: &str,
        pem: &str,
        now: i64,
    ) -> Result<(), StoreError> {
        self.conn().execute(
            "INSERT INTO keys (key_id, owner, pem, fetched_at) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (key_id) DO UPDATE SET owner = ?2, pem = ?3, fetched_at = ?4",
            params![key_id, owner, pem, now],
        )?;
        Ok(())
    }

    /// Records an activity's id; `false` when it was already there.
    pub fn first_activity(
        &self,
        id: &str,
        kind: &str,
        actor: &str,
        now: i64,
    ) -> Result<bool, StoreError> {
        let n = self.conn().execute(
            "INSERT OR IGNORE INTO activities (id, kind, actor, received_at) VALUES (?1, ?2, ?3, ?4)",
            params![id, kind, actor, now],
        )?;
        Ok(n == 1)
    }

    /// Stores or replaces an object (by id).
    pub fn put_object(&self, o: &StoredObject) -> Result<(), StoreError> {
        self.conn().execute(
            "INSERT INTO objects (id, kind, attributed_to, json, via, received_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)
             ON CONFLICT (id) DO UPDATE SET kind = ?2, attributed_to = ?3, json = ?4",
            params![o.id, o.kind, o.attributed_to, o.json, o.via, o.received_at],
        )?;
        Ok(())
    }

    /// An object by id.
    pub fn object(&self, id: &str) -> Result<Option<StoredObject>, StoreError> {
        Ok(self
            .conn()
            .query_row(
                "SELECT id, kind, attributed_to, json, via, received_at FROM objects WHERE id = ?1",
                params![id],
                object_row,
            )
            .optional()?)
    }

    /// Removes an object; only its author may (`attributed_to`).
    pub fn delete_object(&self, id: &str, by: &str) -> Result<bool, StoreError> {
        let n = self.conn().execute(
            "DELETE FROM objects WHERE id = ?1 AND attributed_to = ?2",
            params![id, by],
        )?;
        Ok(n > 0)
    }

    /// The newest objects, newest first.
    pub fn recent_objects(&self, limit: usize) -> Result<Vec<StoredObject>, StoreError> {
        let conn = self.conn();
        let mut stmt = conn.prepare(
            "SELECT id, kind, attributed_to, json, via, received_at FROM objects
             ORDER BY received_at DESC, rowid DESC LIMIT ?1",
        )?;
        let rows = stmt.query_map(params![limit as i64], object_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// SQLite's own check of the file: `Ok` when it finds nothing wrong.
    pub fn check(&self) -> Result<(), StoreError> {
        let report: String = self
            .conn()
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))?;
        if report == "ok" {
            Ok(())
        } else {
            Err(StoreError(format!("integrity check: {report}")))
        }
    }

    /// The node's timeline, newest first (by second, then its own posts
    /// after what it received, then in the order stored): the objects
    /// received and its own posts, strictly before (older than) or after (newer than) the one
    /// with id `before` / `after` when given. An anchor that is gone gives
    /// nothing.
    pub fn timeline(
        &self,
        before: Option<&str>,
        after: Option<&str>,
        limit: usize,
    ) -> Result<Vec<TimelineItem>, StoreError> {
        let conn = self.conn();
        let mut stmt = conn.prepare(
            "WITH t (id, json, at, local, seq) AS (
                 SELECT id, json, received_at, 0, rowid FROM objects
                 UNION ALL SELECT id, json, published, 1, rowid FROM local_objects)
             SELECT id, json, at, local, seq FROM t
             WHERE (?1 IS NULL OR (at, local, seq) < (SELECT at, local, seq FROM t WHERE id = ?1))
               AND (?2 IS NULL OR (at, local, seq) > (SELECT at, local, seq FROM t WHERE id = ?2))
             ORDER BY at DESC, local DESC, seq DESC LIMIT ?3",
        )?;
        let rows = stmt.query_map(params![before, after, limit as i64], |r| {
            Ok(TimelineItem {
                id: r.get(0)?,
                json: r.get(1)?,
                at: r.get(2)?,
                local: r.get::<_, i64>(3)? != 0,
                seq: r.get(4)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// One post of the timeline (received, or the node's own) by id.
    pub fn timeline_item(&self, id: &str) -> Result<Option<TimelineItem>, StoreError> {
        Ok(self
            .conn()
            .query_row(
                "SELECT id, json, received_at, 0, rowid FROM objects WHERE id = ?1
                 UNION ALL
                 SELECT id, json, published, 1, rowid FROM local_objects WHERE id = ?1
                 LIMIT 1",
                params![id],
                |r| {
                    Ok(TimelineItem {
                        id: r.get(0)?,
                        json: r.get(1)?,
                        at: r.get(2)?,
                        local: r.get::<_, i64>(3)? != 0,
                        seq: r.get(4)?,
                    })
                },
            )
            .optional()?)
    }

    /// Keeps at most `max_count` objects, none older than `max_age_secs`.
    pub fn prune(
        &self,
        now: i64,
        max_count: usize,
        max_age_secs: i64,
    ) -> Result<usize, StoreError> {
        let conn = self.conn();
        let old = conn.execute(
            "DELETE FROM objects WHERE received_at < ?1",
            params![now - max_age_secs],
        )?;
        // The ids of activities taken (kept to drop duplicates) go with
        // them: one older than that would be refused for its Date anyway.
        conn.execute(
            "DELETE FROM activities WHERE received_at < ?1",
            params![now - max_age_secs],
        )?;
        let extra = conn.execute(
            "DELETE FROM objects WHERE rowid NOT IN
             (SELECT rowid FROM objects ORDER BY received_at DESC, rowid DESC LIMIT ?1)",
            params![max_count as i64],
        )?;
        Ok(old + extra)
    }

    /// Adds or replaces a subscription.
    pub fn put_subscription(&self, s: &Subscription) -> Result<(), StoreError> {
        self.conn().execute(
            "INSERT INTO subscriptions (target, kind, inbox, follow_id, state, error, updated_at, last_activity)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
             ON CONFLICT (target) DO UPDATE SET kind = ?2, inbox = ?3, follow_id = ?4,
                 state = ?5, error = ?6, updated_at = ?7",
            params![
                s.target,
                s.kind,
                s.inbox,
                s.follow_id,
                s.state,
                s.error,
                s.updated_at,
                s.last_activity
            ],
        )?;
        Ok(())
    }

    /// Every subscription, by target.
    pub fn subscriptions(&self) -> Result<Vec<Subscription>, StoreError> {
        let conn = self.conn();
        let mut stmt = conn.prepare(
            "SELECT target, kind, inbox, follow_id, state, error, updated_at, last_activity
             FROM subscriptions ORDER BY target",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(Subscription {
                target: r.get(0)?,
                kind: r.get(1)?,
                inbox: r.get(2)?,
                follow_id: r.get(3)?,
                state: r.get(4)?,
                error: r.get(5)?,
                updated_at: r.get(6)?,
                last_activity: r.get(7)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Sets the state of the subscription whose Follow had this id (or
    /// whose target is this actor); `false` when there is none.
    pub fn set_subscription_state(
        &self,
        follow_id_or_target: &str,
        state: &str,
        now: i64,
    ) -> Result<bool, StoreError> {
        let n = self.conn().execute(
            "UPDATE subscriptions SET state = ?2, updated_at = ?3
             WHERE follow_id = ?1 OR target = ?1",
            params![follow_id_or_target, state, now],
        )?;
        Ok(n > 0)
    }

    /// Notes that something came from `actor`, if it is subscribed to.
    pub fn touch_subscription(&self, actor: &str, now: i64) -> Result<(), StoreError> {
        self.conn().execute(
            "UPDATE subscriptions SET last_activity = ?2 WHERE target = ?1",
            params![actor, now],
        )?;
        Ok(())
    }

    /// Removes a subscription.
    pub fn remove_subscription(&self, target: &str) -> Result<bool, StoreError> {
        let n = self.conn().execute(
            "DELETE FROM subscriptions WHERE target = ?1",
            params![target],
        )?;
        Ok(n > 0)
    }

    /// Adds or replaces a follower.
    pub fn put_follower(&self, f: &Follower) -> Result<(), StoreError> {
        self.conn().execute(
            "INSERT INTO followers (actor, inbox, shared_inbox, follow_id, state, since)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)
             ON CONFLICT (actor) DO UPDATE SET inbox = ?2, shared_inbox = ?3, follow_id = ?4, state = ?5",
            params![f.actor, f.inbox, f.shared_inbox, f.follow_id, f.state, f.since],
        )?;
        Ok(())
    }

    /// Removes a follower.
    pub fn remove_follower(&self, actor: &str) -> Result<bool, StoreError> {
        let n = self
            .conn()
            .execute("DELETE FROM followers WHERE actor = ?1", params![actor])?;
        Ok(n > 0)
    }

    /// The followers, by actor id.
    pub fn followers(&self) -> Result<Vec<Follower>, StoreError> {
        let conn = self.conn();
        let mut stmt = conn.prepare(
            "SELECT actor, inbox, shared_inbox, follow_id, state, since FROM followers ORDER BY actor",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(Follower {
                actor: r.get(0)?,
                inbox: r.get(1)?,
                shared_inbox: r.get(2)?,
                follow_id: r.get(3)?,
                state: r.get(4)?,
                since: r.get(5)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The node's own activities, newest first, `offset` into them.
    pub fn outbox(&self, offset: usize, limit: usize) -> Result<(usize, Vec<String>), StoreError> {
        let conn = self.conn();
        let total: i64 = conn.query_row("SELECT COUNT(*) FROM outbox", [], |r| r.get(0))?;
        let mut stmt = conn.prepare(
            "SELECT json FROM outbox ORDER BY published DESC, rowid DESC LIMIT ?1 OFFSET ?2",
        )?;
        let rows = stmt.query_map(params![limit as i64, offset as i64], |r| r.get(0))?;
        Ok((total as usize, rows.collect::<Result<_, _>>()?))
    }
}

impl Store {
    /// Publishes one of the node's own objects and the activity that made
    /// it (listed in the outbox when `in_outbox`: not followers-only posts),
    /// in one transaction.
    pub fn put_local(
        &self,
        object_id: &str,
        object: &str,
        activity_id: &str,
        activity: &str,
        published: i64,
        in_outbox: bool,
    ) -> Result<(), StoreError> {
        let mut conn = self.conn();
        let tx = conn.transaction()?;
        tx.execute(
            "INSERT OR REPLACE INTO local_objects (id, json, published) VALUES (?1, ?2, ?3)",
            params![object_id, object, published],
        )?;
        if in_outbox {
            tx.execute(
                "INSERT OR REPLACE INTO outbox (id, json, published) VALUES (?1, ?2, ?3)",
                params![activity_id, activity, published],
            )?;
        }
        tx.commit()?;
        Ok(())
    }

    /// Replaces one of the node's own objects (an edit), and the object
    /// inside the Create that made it, so the outbox shows the new version.
    pub fn update_local(&self, object_id: &str, object: &str) -> Result<(), StoreError> {
        let conn = self.conn();
        conn.execute(
            "UPDATE local_objects SET json = ?2 WHERE id = ?1",
            params![object_id, object],
        )?;
        conn.execute(
            "UPDATE outbox SET json = json_set(json, '$.object', json(?2)) WHERE id = ?1 || '/activity'",
            params![object_id, object],
        )?;
        Ok(())
    }

    /// Forgets one of the node's own objects and the Create that made it.
    pub fn delete_local(&self, object_id: &str) -> Result<(), StoreError> {
        let conn = self.conn();
        conn.execute(
            "DELETE FROM local_objects WHERE id = ?1",
            params![object_id],
        )?;
        conn.execute(
            "DELETE FROM outbox WHERE id = ?1 || '/activity'",
            params![object_id],
        )?;
        Ok(())
    }

    /// One of the node's own objects, or activities, by id.
    pub fn local(&self, id: &str) -> Result<Option<String>, StoreError> {
        let conn = self.conn();
        let found = conn
            .query_row(
                "SELECT json FROM local_objects WHERE id = ?1",
                params![id],
                |r| r.get(0),
            )
            .optional()?;
        if found.is_some() {
            return Ok(found);
        }
        Ok(conn
            .query_row("SELECT json FROM outbox WHERE id = ?1", params![id], |r| {
                r.get(0)
            })
            .optional()?)
    }
}

impl Store {
    /// Queues `activity` for each inbox; an inbox marked dead gets the
    /// delivery as dead at once (it is listed, not tried).
    pub fn enqueue(&self, inboxes: &[String], activity: &str, now: i64) -> Result<(), StoreError> {
        let mut conn = self.conn();
        let tx = conn.transaction()?;
        for inbox in inboxes {
            let dead: bool = tx
                .query_row(
                    "SELECT dead_since IS NOT NULL AND dead_since > ?2 FROM targets WHERE inbox = ?1",
                    params![inbox, now - DEAD_FOR],
                    |r| r.get(0),
                )
                .optional()?
                .unwrap_or(false);
            tx.execute(
                "INSERT INTO deliveries (inbox, activity, next_at, state, last_error, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?3)",
                params![
                    inbox,
                    activity,
                    now,
                    if dead { "dead" } else { "pending" },
                    dead.then_some("the inbox is marked dead after repeated failures")
                ],
            )?;
        }
        tx.commit()?;
        Ok(())
    }

    /// Claims the pending deliveries due at `now`, oldest first, at most
    /// `limit`: they are put off by `lease` seconds, so another worker (or
    /// process) does not send them too; the outcome then sets their fate.
    /// A delivery whose worker died is tried again when the lease ends.
    pub fn claim_due(
        &self,
        now: i64,
        limit: usize,
        lease: i64,
    ) -> Result<Vec<Delivery>, StoreError> {
        let mut conn = self.conn();
        let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let claimed: Vec<Delivery> = {
            let mut stmt = tx.prepare(
                "SELECT id, inbox, activity, attempts, next_at, state, last_error, created_at
                 FROM deliveries WHERE state = 'pending' AND next_at <= ?1
                 ORDER BY next_at, id LIMIT ?2",
            )?;
            let rows = stmt.query_map(params![now, limit as i64], delivery_row)?;
            rows.collect::<Result<_, _>>()?
        };
        for d in &claimed {
            tx.execute(
                "UPDATE deliveries SET next_at = ?2 WHERE id = ?1",
                params![d.id, now + lease],
            )?;
        }
        tx.commit()?;
        Ok(claimed)
    }

    /// Every delivery still queued or dead, by next attempt.
    pub fn queue(&self) -> Result<Vec<Delivery>, StoreError> {
        let conn = self.conn();
        let mut stmt = conn.prepare(
            "SELECT id, inbox, activity, attempts, next_at, state, last_error, created_at
             FROM deliveries ORDER BY state DESC, next_at, id",
        )?;
        let rows = stmt.query_map([], delivery_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The earliest time a pending delivery is due.
    pub fn next_due(&self) -> Result<Option<i64>, StoreError> {
        Ok(self.conn().query_row(
            "SELECT MIN(next_at) FROM deliveries WHERE state = 'pending'",
            [],
            |r| r.get(0),
        )?)
    }

    /// A delivery went through: it leaves the queue, and its inbox's
    /// failures are forgotten.
    pub fn delivered(&self, id: i64, inbox: &str) -> Result<(), StoreError> {
        let conn = self.conn();
        conn.execute("DELETE FROM deliveries WHERE id = ?1", params![id])?;
        conn.execute(
            "INSERT INTO targets (inbox, failures, dead_since) VALUES (?1, 0, NULL)
             ON CONFLICT (inbox) DO UPDATE SET failures = 0, dead_since = NULL",
            params![inbox],
        )?;
        Ok(())
    }

    /// A delivery failed: try again at `next_at`, or give up (`dead`); the
    /// inbox is marked dead after `dead_after` failures in a row.
    pub fn failed(
        &self,
        d: &Delivery,
        error: &str,
        next_at: Option<i64>,
        now: i64,
        dead_after: i64,
    ) -> Result<(), StoreError> {
        let conn = self.conn();
        conn.execute(
            "UPDATE deliveries SET attempts = attempts + 1, last_error = ?2,
                 next_at = COALESCE(?3, next_at), state = CASE WHEN ?3 IS NULL THEN 'dead' ELSE 'pending' END
             WHERE id = ?1",
            params![d.id, error, next_at],
        )?;
        conn.execute(
            "INSERT INTO targets (inbox, failures) VALUES (?1, 1)
             ON CONFLICT (inbox) DO UPDATE SET failures = failures + 1",
            params![d.inbox],
        )?;
        conn.execute(
            "UPDATE targets SET dead_since = ?2 WHERE inbox = ?1 AND failures >= ?3",
            params![d.inbox, now, dead_after],
        )?;
        Ok(())
    }

    /// Is this inbox marked dead at `now`? (The mark lasts a day; then one
    /// delivery is tried, and one more failure marks it again.)
    pub fn is_dead(&self, inbox: &str, now: i64) -> Result<bool, StoreError> {
        Ok(self
            .conn()
            .query_row(
                "SELECT dead_since IS NOT NULL AND dead_since > ?2 FROM targets WHERE inbox = ?1",
                params![inbox, now - DEAD_FOR],
                |r| r.get(0),
            )
            .optional()?
            .unwrap_or(false))
    }
}

fn delivery_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Delivery> {
    Ok(Delivery {
        id: r.get(0)?,
        inbox: r.get(1)?,
        activity: r.get(2)?,
        attempts: r.get(3)?,
        next_at: r.get(4)?,
        state: r.get(5)?,
        last_error: r.get(6)?,
        created_at: r.get(7)?,
    })
}

fn object_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<StoredObject> {
    Ok(StoredObject {
        id: r.get(0)?,
        kind: r.get(1)?,
        attributed_to: r.get(2)?,
        json: r.get(3)?,
        via: r.get(4)?,
        received_at: r.get(5)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_store_migrates_once_and_reopens() {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("node.sqlite");
        let store = Store::open(&path).expect("open");
        assert_eq!(store.schema_version().expect("v"), MIGRATIONS.len());
        assert!(store.first_activity("a1", "Create", "x", 1).expect("put"));
        drop(store);
        let store = Store::open(&path).expect("reopen");
        assert!(!store.first_activity("a1", "Create", "x", 2).expect("dup"));
    }

    #[test]
    fn a_newer_schema_is_refused_with_a_message() {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("node.sqlite");
        let conn = Connection::open(&path).expect("open");
        conn.pragma_update(None, "user_version", 99).expect("set");
        drop(conn);
        let err = Store::open(&path).expect_err("refused");
        assert!(err.to_string().contains("newer"), "{err}");
    }

    #[test]
    fn a_signature_is_accepted_once() {
        let store = Store::memory().expect("store");
        assert!(store.first_use_of_signature("s", 100, 10).expect("first"));
        assert!(!store.first_use_of_signature("s", 105, 10).expect("replay"));
        // Forgotten after the window (the Date check refuses it by then).
        assert!(store.first_use_of_signature("s", 200, 10).expect("later"));
    }

    #[test]
    fn objects_are_pruned_by_count_and_age() {
        let store = Store::memory().expect("store");
        for i in 0..5 {
            store
                .put_object(&StoredObject {
                    id: format!("o{i}"),
                    kind: "Note".into(),
                    attributed_to: Some("a".into()),
                    json: "{}".into(),
                    via: None,
                    received_at: 100 + i,
                })
                .expect("put");
        }
        assert_eq!(store.prune(200, 3, 1000).expect("prune"), 2);
        let left: Vec<String> = store
            .recent_objects(10)
            .expect("list")
            .into_iter()
            .map(|o| o.id)
            .collect();
        assert_eq!(left, ["o4", "o3", "o2"]);
        assert_eq!(store.prune(1104, 10, 1000).expect("prune"), 2);
        assert!(!store.delete_object("o4", "someone else").expect("delete"));
        assert!(store.delete_object("o4", "a").expect("delete"));
    }
}
