//! Relative timestamps ("now", "5m", "3h", "2d", then a date).

use time::OffsetDateTime;

/// A short relative time from `then` to `now`.
pub fn relative(then: Option<OffsetDateTime>, now: OffsetDateTime) -> String {
    let Some(then) = then else {
        return "?".to_string();
    };
    let secs = (now - then).whole_seconds();
    match secs {
        i64::MIN..=9 => "now".to_string(),
        10..=59 => format!("{secs}s"),
        60..=3599 => format!("{}m", secs / 60),
        3600..=86_399 => format!("{}h", secs / 3600),
        86_400..=604_799 => format!("{}d", secs / 86_400),
        _ => format!(
            "{:04}-{:02}-{:02}",
            then.year(),
            u8::from(then.month()),
            then.day()
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn relative_times() {
        let now = datetime!(2026-11-27 12:00 UTC);
        assert_eq!(relative(Some(now), now), "now");
        assert_eq!(
            relative(Some(now - time::Duration::seconds(42)), now),
            "42s"
        );
        assert_eq!(relative(Some(now - time::Duration::minutes(5)), now), "5m");
        assert_eq!(relative(Some(now - time::Duration::hours(3)), now), "3h");
        assert_eq!(relative(Some(now - time::Duration::days(2)), now), "2d");
        assert_eq!(
            relative(Some(datetime!(2026-01-02 0:00 UTC)), now),
            "2026-01-02"
        );
        assert_eq!(relative(None, now), "?");
    }
}
