//! The statuses of an account, by id: a map whose values are boxed, so that
//! its table holds a pointer per slot rather than a whole status (about
//! 500 bytes), which matters with tens of thousands loaded: the table is
//! sized in powers of two and copied whole when it grows.

use std::collections::HashMap;

use trompe_api::entities::{Status, StatusId};

/// Statuses by id, with the methods of a `HashMap<StatusId, Status>` that
/// the app uses.
#[derive(Debug, Clone, Default)]
pub struct StatusMap(HashMap<StatusId, Box<Status>>);

impl StatusMap {
    pub fn new() -> Self {
        StatusMap(HashMap::new())
    }

    pub fn get(&self, id: &StatusId) -> Option<&Status> {
        self.0.get(id).map(|b| &**b)
    }

    pub fn get_mut(&mut self, id: &StatusId) -> Option<&mut Status> {
        self.0.get_mut(id).map(|b| &mut **b)
    }

    pub fn contains_key(&self, id: &StatusId) -> bool {
        self.0.contains_key(id)
    }

    /// Puts `status` in under `id`; returns what was there.
    pub fn insert(&mut self, id: StatusId, status: Status) -> Option<Status> {
        self.0.insert(id, Box::new(status)).map(|b| *b)
    }

    pub fn remove(&mut self, id: &StatusId) -> Option<Status> {
        self.0.remove(id).map(|b| *b)
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn clear(&mut self) {
        self.0.clear();
    }

    pub fn keys(&self) -> impl Iterator<Item = &StatusId> {
        self.0.keys()
    }

    pub fn values(&self) -> impl Iterator<Item = &Status> {
        self.0.values().map(|b| &**b)
    }

    pub fn values_mut(&mut self) -> impl Iterator<Item = &mut Status> {
        self.0.values_mut().map(|b| &mut **b)
    }

    pub fn iter(&self) -> impl Iterator<Item = (&StatusId, &Status)> {
        self.0.iter().map(|(k, b)| (k, &**b))
    }

    pub fn retain(&mut self, mut keep: impl FnMut(&StatusId, &mut Status) -> bool) {
        self.0.retain(|k, b| keep(k, b));
    }
}

/// `map[&id]`, which panics when `id` is absent, as a `HashMap`'s does.
impl std::ops::Index<&StatusId> for StatusMap {
    type Output = Status;

    fn index(&self, id: &StatusId) -> &Status {
        &self.0[id]
    }
}
