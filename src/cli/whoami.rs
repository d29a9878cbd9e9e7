//! `trompe whoami` and `trompe instance [DOMAIN]`.

use std::process::ExitCode;

use serde_json::Value;

use super::common::{Ctx, Global, fail, finish, logged_in, typed};
use super::text;
use crate::api::ApiError;
use crate::api::endpoints::Call;
use crate::api::entities::{Account, Instance, InstanceV1, InstanceV2};
use crate::config::Paths;

/// Runs `whoami`: the account the token belongs to.
pub async fn whoami(paths: &Paths, g: &Global) -> ExitCode {
    logged_in(paths, g, async |ctx| {
        let raw = ctx.raw(&Call::verify_credentials()).await?;
        let instance = ctx.client.base().host_str().unwrap_or("").to_string();
        ctx.show::<Account>(&raw, |out, a| {
            let mut s = text::account(out, a, None);
            s.push_str(&format!("\non {instance}"));
            s
        })
    })
    .await
}

/// Runs `instance`: the server's description, limits and rules; without an
/// account when a domain is given.
pub async fn instance(paths: &Paths, g: &Global, domain: Option<String>) -> ExitCode {
    let mut ctx = match Ctx::for_instance(paths, g, domain.as_deref()).await {
        Ok(c) => c,
        Err(code) => return code,
    };
    let r = async {
        let (raw, v2) = match ctx
            .client
            .call::<Value>(&Call::get("api/v2/instance"))
            .await
        {
            Ok(v) => (v, true),
            Err(ApiError::NotFound { .. }) | Err(ApiError::Status { code: 410, .. }) => (
                ctx.client
                    .call::<Value>(&Call::get("api/v1/instance"))
                    .await
                    .map_err(|e| fail(&e))?,
                false,
            ),
            Err(e) => return Err(fail(&e)),
        };
        if ctx.out.is_text() {
            let i: Instance = if v2 {
                Instance::from(typed::<InstanceV2>(&raw)?)
            } else {
                Instance::from(typed::<InstanceV1>(&raw)?)
            };
            let s = text::instance(&ctx.out, &i);
            ctx.out.line(&s);
        } else {
            ctx.out.value(&raw);
        }
        Ok(())
    }
    .await;
    finish(r)
}
