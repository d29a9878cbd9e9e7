//! Polls: read one, and vote.

use serde_json::json;

use super::call::{Call, seg};
use crate::entities::{Poll, PollId};
use crate::{ApiError, Client};

impl Call {
    /// `GET /api/v1/polls/:id`.
    pub fn poll(id: &PollId) -> Call {
        Call::get(format!("api/v1/polls/{}", seg(id.as_str())))
    }

    /// `POST /api/v1/polls/:id/votes` with the chosen option indexes.
    pub fn vote(id: &PollId, choices: &[usize]) -> Call {
        Call::post(format!("api/v1/polls/{}/votes", seg(id.as_str())))
            .json(json!({ "choices": choices }))
    }
}

impl Client {
    /// A poll.
    pub async fn poll(&self, id: &PollId) -> Result<Poll, ApiError> {
        self.call(&Call::poll(id)).await
    }

    /// Votes; the answer is the poll with the new counts. An expired poll
    /// or a second vote is a 422.
    pub async fn vote(&self, id: &PollId, choices: &[usize]) -> Result<Poll, ApiError> {
        self.call(&Call::vote(id, choices)).await
    }
}
