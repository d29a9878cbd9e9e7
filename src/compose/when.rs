//! Times and durations as users type them: poll durations (`30m`, `1h`,
//! `3d`) and schedule times (RFC 3339, a local `YYYY-MM-DD HH:MM`, or
//! relative `+1h`). Pure: the clock and the local offset are inputs.

use time::format_description::well_known::Rfc3339;
use time::macros::format_description;
use time::{Duration, OffsetDateTime, PrimitiveDateTime, UtcOffset};

/// Why a time or a duration was not understood.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{input}`: {reason}")]
pub struct WhenError {
    /// What was typed.
    pub input: String,
    /// What is expected instead.
    pub reason: &'static str,
}

fn err(input: &str, reason: &'static str) -> WhenError {
    WhenError {
        input: input.to_string(),
        reason,
    }
}

/// A duration: a number with a unit `s`, `m`, `h`, `d` or `w` (`90s`,
/// `30m`, `1h`, `3d`, `1w`), several of them (`1h30m`), or plain seconds.
pub fn parse_duration(input: &str) -> Result<u64, WhenError> {
    const EXPECTED: &str = "expected a duration such as 30m, 1h, 3d or 1h30m";
    let s = input.trim().to_ascii_lowercase();
    if s.is_empty() {
        return Err(err(input, EXPECTED));
    }
    if let Ok(secs) = s.parse::<u64>() {
        return Ok(secs);
    }
    let mut total: u64 = 0;
    let mut number = String::new();
    for c in s.chars() {
        if c.is_ascii_digit() {
            number.push(c);
            continue;
        }
        let unit = match c {
            's' => 1,
            'm' => 60,
            'h' => 3600,
            'd' => 86_400,
            'w' => 7 * 86_400,
            _ => return Err(err(input, EXPECTED)),
        };
        let n: u64 = number.parse().map_err(|_| err(input, EXPECTED))?;
        total = n
            .checked_mul(unit)
            .and_then(|v| total.checked_add(v))
            .ok_or_else(|| err(input, "too long"))?;
        number.clear();
    }
    if !number.is_empty() {
        return Err(err(input, EXPECTED));
    }
    Ok(total)
}

/// A schedule time: RFC 3339 (`2026-12-01T09:00:00+01:00`), a local date
/// and time (`2026-12-01 09:00`, in `local`), or `+` and a duration from `now`.
pub fn parse_schedule(
    input: &str,
    now: OffsetDateTime,
    local: UtcOffset,
) -> Result<OffsetDateTime, WhenError> {
    let s = input.trim();
    if let Some(rel) = s.strip_prefix('+') {
        let secs = parse_duration(rel)?;
        let secs = i64::try_from(secs).map_err(|_| err(input, "too far ahead"))?;
        return Ok(now + Duration::seconds(secs));
    }
    if let Ok(t) = OffsetDateTime::parse(s, &Rfc3339) {
        return Ok(t);
    }
    let local_formats = [
        format_description!("[year]-[month]-[day] [hour]:[minute]"),
        format_description!("[year]-[month]-[day]T[hour]:[minute]"),
        format_description!("[year]-[month]-[day] [hour]:[minute]:[second]"),
        format_description!("[year]-[month]-[day]T[hour]:[minute]:[second]"),
    ];
    for f in local_formats {
        if let Ok(t) = PrimitiveDateTime::parse(s, f) {
            return Ok(t.assume_offset(local));
        }
    }
    Err(err(
        input,
        "expected RFC 3339 (2026-12-01T09:00:00+01:00), a local time (2026-12-01 09:00) or +1h",
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::{datetime, offset};

    #[test]
    fn durations() {
        assert_eq!(parse_duration("90"), Ok(90));
        assert_eq!(parse_duration("30m"), Ok(1800));
        assert_eq!(parse_duration("1h30m"), Ok(5400));
        assert_eq!(parse_duration("3d"), Ok(259_200));
        assert!(parse_duration("3x").is_err());
        assert!(parse_duration("h").is_err());
        assert!(parse_duration("").is_err());
    }

    #[test]
    fn schedule_times() {
        let now = datetime!(2026-11-27 12:00 UTC);
        assert_eq!(
            parse_schedule("+1h", now, offset!(UTC)),
            Ok(datetime!(2026-11-27 13:00 UTC))
        );
        assert_eq!(
            parse_schedule("2026-12-01T09:00:00+01:00", now, offset!(UTC)),
            Ok(datetime!(2026-12-01 08:00 UTC))
        );
        assert_eq!(
            parse_schedule("2026-12-01 09:00", now, offset!(+2)),
            Ok(datetime!(2026-12-01 07:00 UTC))
        );
        assert!(parse_schedule("tomorrow", now, offset!(UTC)).is_err());
    }
}
