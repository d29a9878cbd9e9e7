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

/// Time left until `until`, for a countdown ("ends in 3d"): rounded to the
/// nearest unit, so that a 3-day poll opened a minute ago says 3d, not 2d;
/// under a minute, "<1m".
pub fn remaining(until: OffsetDateTime, now: OffsetDateTime) -> String {
    let secs = (until - now).whole_seconds();
    let round = |unit: i64| (secs + unit / 2) / unit;
    match secs {
        i64::MIN..=59 => "<1m".to_string(),
        60..=3569 => format!("{}m", round(60).max(1)),
        3570..=84_599 => format!("{}h", round(3600).max(1)),
        _ => format!("{}d", round(86_400).max(1)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn countdowns_round_to_the_nearest_unit() {
        let now = datetime!(2026-11-27 12:00 UTC);
        let later = |s: i64| now + time::Duration::seconds(s);
        assert_eq!(remaining(later(3 * 86_400 - 60), now), "3d");
        assert_eq!(remaining(later(2 * 86_400 + 3600), now), "2d");
        assert_eq!(remaining(later(86_400 - 60), now), "1d");
        assert_eq!(remaining(later(5 * 3600 - 30), now), "5h");
        assert_eq!(remaining(later(3599), now), "1h");
        assert_eq!(remaining(later(90), now), "2m");
        assert_eq!(remaining(later(30), now), "<1m");
        assert_eq!(remaining(later(-30), now), "<1m");
    }

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
