//! Accounts: the logged-in user.

use crate::api::entities::Account;
use crate::api::{ApiError, Client};

impl Client {
    /// `GET /api/v1/accounts/verify_credentials`: who the token belongs to.
    pub async fn verify_credentials(&self) -> Result<Account, ApiError> {
        self.get("api/v1/accounts/verify_credentials", &[]).await
    }
}
