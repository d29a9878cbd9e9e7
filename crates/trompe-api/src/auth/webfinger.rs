//! WebFinger: `@user@domain` → the instance that hosts it.

use url::Url;

use super::AuthError;

/// Splits `@user@domain` (or `user@domain`) into its parts.
pub fn split_handle(input: &str) -> Option<(&str, &str)> {
    let s = input.trim().trim_start_matches('@');
    let (user, domain) = s.split_once('@')?;
    if user.is_empty() || domain.is_empty() || domain.contains('/') || user.contains(':') {
        return None;
    }
    Some((user, domain))
}

/// Resolves a handle through `https://domain/.well-known/webfinger` (plain
/// http only for loopback hosts) to the base URL of the instance that hosts
/// the account (the host of its `self` link, which may differ from the
/// handle's domain).
pub async fn resolve(http: &reqwest::Client, user: &str, domain: &str) -> Result<Url, AuthError> {
    let handle = format!("@{user}@{domain}");
    // Loopback hosts (the demo instance, tests) speak plain http.
    let host = domain.rsplit_once(':').map(|(h, _)| h).unwrap_or(domain);
    let loopback = host == "localhost"
        || host
            .trim_matches(['[', ']'])
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback());
    let with_scheme = if loopback {
        format!("http://{domain}")
    } else {
        domain.to_string()
    };
    let base = crate::config::parse_instance(&with_scheme)
        .map_err(|_| AuthError::BadInput(handle.clone()))?;
    let mut url = base
        .join(".well-known/webfinger")
        .map_err(|e| AuthError::BadInput(e.to_string()))?;
    url.query_pairs_mut()
        .append_pair("resource", &format!("acct:{user}@{domain}"));
    let resp = http
        .get(url)
        .header("Accept", "application/jrd+json, application/json")
        .send()
        .await
        .map_err(|e| AuthError::WebFinger {
            handle: handle.clone(),
            message: crate::ApiError::from_transport(e).to_string(),
        })?;
    if !resp.status().is_success() {
        return Err(AuthError::WebFinger {
            handle,
            message: format!("the server answered {}", resp.status().as_u16()),
        });
    }
    let v: serde_json::Value = resp.json().await.map_err(|_| AuthError::WebFinger {
        handle: handle.clone(),
        message: "the answer is not WebFinger JSON".into(),
    })?;
    let href = v
        .get("links")
        .and_then(|l| l.as_array())
        .and_then(|links| {
            links.iter().find(|l| {
                l.get("rel").and_then(|r| r.as_str()) == Some("self")
                    && l.get("href").and_then(|h| h.as_str()).is_some()
            })
        })
        .and_then(|l| l.get("href").and_then(|h| h.as_str()))
        .ok_or_else(|| AuthError::WebFinger {
            handle: handle.clone(),
            message: "no ActivityPub actor link".into(),
        })?;
    let actor = Url::parse(href).map_err(|e| AuthError::WebFinger {
        handle: handle.clone(),
        message: e.to_string(),
    })?;
    let mut base = actor.clone();
    base.set_path("/");
    base.set_query(None);
    base.set_fragment(None);
    crate::config::parse_instance(base.as_str())
        .map_err(|e| AuthError::WebFinger { handle, message: e })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn handles() {
        assert_eq!(
            split_handle("@alice@example.org"),
            Some(("alice", "example.org"))
        );
        assert_eq!(
            split_handle("alice@example.org"),
            Some(("alice", "example.org"))
        );
        assert_eq!(split_handle("example.org"), None);
        assert_eq!(split_handle("https://example.org/@alice"), None);
    }
}
