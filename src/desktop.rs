//! Desktop notifications (notify-rust, pure Rust over D-Bus) for the
//! notification types the user chose. Where no notification daemon answers
//! (headless machines, SSH) the first failure turns them off quietly.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use crate::api::entities::{Notification, Visibility};
use crate::html::{sanitize_line, strip_html};

/// The `[notifications]` table of the config file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DesktopSettings {
    /// The types that pop up: notification types, plus `direct` for direct messages.
    pub types: Vec<String>,
}

impl DesktopSettings {
    /// Reads `[notifications] desktop = true` and `types = [...]` (default:
    /// mentions and direct messages). `None` when off or absent.
    pub fn from_config(other: &toml::Table) -> Option<DesktopSettings> {
        let t = other.get("notifications")?.as_table()?;
        if !t.get("desktop")?.as_bool()? {
            return None;
        }
        let types = t
            .get("types")
            .and_then(|v| v.as_array())
            .map(|a| {
                a.iter()
                    .filter_map(|v| v.as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_else(|| vec!["mention".to_string(), "direct".to_string()]);
        Some(DesktopSettings { types })
    }
}

/// Sends desktop notifications.
#[derive(Debug)]
pub struct Desktop {
    settings: DesktopSettings,
    off: AtomicBool,
}

impl Desktop {
    /// A notifier for `settings`.
    pub fn new(settings: DesktopSettings) -> Arc<Desktop> {
        Arc::new(Desktop {
            settings,
            off: AtomicBool::new(false),
        })
    }

    /// Does `n` call for a pop-up?
    pub fn wants(&self, n: &Notification) -> bool {
        let direct = n.kind.as_str() == "mention"
            && n.status
                .as_ref()
                .is_some_and(|s| s.visibility == Visibility::Direct);
        let types = &self.settings.types;
        types.iter().any(|t| t == n.kind.as_str())
            || (direct && types.iter().any(|t| t == "direct"))
    }

    /// Shows `n` if wanted, in the background; never fails loudly.
    pub fn show(self: &Arc<Self>, n: &Notification) {
        if self.off.load(Ordering::Relaxed) || !self.wants(n) {
            return;
        }
        let who = n
            .account
            .as_ref()
            .map(|a| sanitize_line(a.display_name_or_username()).into_owned())
            .unwrap_or_default();
        let summary = format!("{who} ({})", n.kind.as_str());
        let body: String = n
            .status
            .as_ref()
            .map(|s| strip_html(&s.content))
            .unwrap_or_default()
            .chars()
            .take(200)
            .collect();
        let me = self.clone();
        tokio::spawn(async move {
            let shown = notify_rust::Notification::new()
                .appname("trompe")
                .summary(&summary)
                .body(&body)
                .show_async()
                .await;
            if let Err(e) = shown {
                tracing::info!("desktop notifications are off: {e}");
                me.off.store(true, Ordering::Relaxed);
            }
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_from_the_config() {
        let t: toml::Table = toml::from_str("[notifications]\ndesktop = true\n").unwrap();
        assert_eq!(
            DesktopSettings::from_config(&t).unwrap().types,
            vec!["mention", "direct"]
        );
        let t: toml::Table =
            toml::from_str("[notifications]\ndesktop = true\ntypes = [\"follow\"]\n").unwrap();
        assert_eq!(
            DesktopSettings::from_config(&t).unwrap().types,
            vec!["follow"]
        );
        let t: toml::Table = toml::from_str("[notifications]\ndesktop = false\n").unwrap();
        assert!(DesktopSettings::from_config(&t).is_none());
        assert!(DesktopSettings::from_config(&toml::Table::new()).is_none());
    }

    #[test]
    fn wants_mentions_and_direct_messages() {
        let d = Desktop::new(DesktopSettings {
            types: vec!["direct".into()],
        });
        let n = |kind: &str, vis: &str| -> Notification {
            serde_json::from_value(serde_json::json!({
                "id": "1", "type": kind, "account": {"id": "2", "username": "a", "acct": "a"},
                "status": {"id": "3", "account": {"id": "2", "username": "a", "acct": "a"}, "content": "<p>hi</p>", "visibility": vis}
            }))
            .unwrap()
        };
        assert!(d.wants(&n("mention", "direct")));
        assert!(!d.wants(&n("mention", "public")));
        assert!(!d.wants(&n("favourite", "direct")));
    }
}
