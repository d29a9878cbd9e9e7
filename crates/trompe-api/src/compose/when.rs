//! Times and durations as users type them: poll durations (`30m`, `1h`,
//! `3d`) and schedule times (RFC 3339, a local `YYYY-MM-DD HH:MM`, or
//! relative `+1h`). Pure: the clock and the time zone are inputs; the
//! system zone ([`Zone::System`]) is read through `chrono::Local`, which
//! follows `TZ` and `/etc/localtime` (with daylight saving time) and, unlike
//! `time`'s local offset, works in multithreaded programs.

use time::format_description::well_known::Rfc3339;
use time::macros::format_description;
use time::{Duration, OffsetDateTime, PrimitiveDateTime, UtcOffset};

/// The time zone local times are read and shown in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Zone {
    /// A fixed offset (tests, and UTC when the zone is unknown).
    Fixed(UtcOffset),
    /// The system's zone (`TZ`, else `/etc/localtime`), daylight saving included.
    #[default]
    System,
}

impl Zone {
    /// UTC.
    pub const UTC: Zone = Zone::Fixed(UtcOffset::UTC);

    /// The offset in force at the instant `at`.
    pub fn offset_at(self, at: OffsetDateTime) -> UtcOffset {
        match self {
            Zone::Fixed(o) => o,
            Zone::System => {
                use chrono::{Offset, TimeZone};
                chrono::Local
                    .timestamp_opt(at.unix_timestamp(), 0)
                    .single()
                    .and_then(|t| {
                        UtcOffset::from_whole_seconds(t.offset().fix().local_minus_utc()).ok()
                    })
                    .unwrap_or(UtcOffset::UTC)
            }
        }
    }

    /// The offset of the wall-clock time `local` in this zone. In the hour
    /// skipped when clocks go forward, the offset before the change; in the
    /// hour repeated when they go back, the earlier (summer) one.
    pub fn offset_of_local(self, local: PrimitiveDateTime) -> UtcOffset {
        match self {
            Zone::Fixed(o) => o,
            Zone::System => {
                use chrono::{Offset, TimeZone};
                let Some(naive) = to_naive(local) else {
                    return UtcOffset::UTC;
                };
                let from_chrono = |o: chrono::FixedOffset| {
                    UtcOffset::from_whole_seconds(o.local_minus_utc()).ok()
                };
                match chrono::Local.offset_from_local_datetime(&naive).earliest() {
                    Some(o) => from_chrono(o.fix()),
                    // A skipped time: the offset an hour before it.
                    None => chrono::Local
                        .offset_from_local_datetime(&(naive - chrono::Duration::hours(1)))
                        .earliest()
                        .and_then(|o| from_chrono(o.fix())),
                }
                .unwrap_or(UtcOffset::UTC)
            }
        }
    }

    /// `at` as a wall-clock time in this zone.
    pub fn to_local(self, at: OffsetDateTime) -> OffsetDateTime {
        at.to_offset(self.offset_at(at))
    }
}

fn to_naive(t: PrimitiveDateTime) -> Option<chrono::NaiveDateTime> {
    let date =
        chrono::NaiveDate::from_ymd_opt(t.year(), u8::from(t.month()).into(), t.day().into())?;
    let time =
        chrono::NaiveTime::from_hms_opt(t.hour().into(), t.minute().into(), t.second().into())?;
    Some(date.and_time(time))
}

/// A time as people read it in `zone`: `2026-12-01 09:00 +01:00`.
pub fn format_local(at: OffsetDateTime, zone: Zone) -> String {
    let t = zone.to_local(at);
    let o = t.offset();
    let (h, m, _) = o.as_hms();
    let sign = if o.is_negative() { '-' } else { '+' };
    format!(
        "{} {:02}:{:02} {sign}{:02}:{:02}",
        t.date(),
        t.hour(),
        t.minute(),
        h.unsigned_abs(),
        m.unsigned_abs()
    )
}

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

/// A duration in its largest unit, as [`parse_duration`] reads it back:
/// `3d`, `12h`, `30m`.
pub fn describe_secs(secs: u64) -> String {
    match secs {
        s if s >= 86_400 => format!("{}d", s / 86_400),
        s if s >= 3_600 => format!("{}h", s / 3_600),
        s => format!("{}m", (s / 60).max(1)),
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
/// and time (`2026-12-01 09:00`, in `zone`, with the offset in force on
/// that date), or `+` and a duration from `now`.
pub fn parse_schedule(
    input: &str,
    now: OffsetDateTime,
    zone: impl Into<Zone>,
) -> Result<OffsetDateTime, WhenError> {
    let zone = zone.into();
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
            return Ok(t.assume_offset(zone.offset_of_local(t)));
        }
    }
    Err(err(
        input,
        "expected RFC 3339 (2026-12-01T09:00:00+01:00), a local time (2026-12-01 09:00) or +1h",
    ))
}

impl From<UtcOffset> for Zone {
    fn from(o: UtcOffset) -> Zone {
        Zone::Fixed(o)
    }
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

    #[test]
    fn local_times_are_shown_with_their_offset() {
        let at = datetime!(2026-12-01 08:00 UTC);
        assert_eq!(
            format_local(at, Zone::Fixed(offset!(+1))),
            "2026-12-01 09:00 +01:00"
        );
        assert_eq!(
            format_local(at, Zone::Fixed(offset!(-3:30))),
            "2026-12-01 04:30 -03:30"
        );
        assert_eq!(format_local(at, Zone::UTC), "2026-12-01 08:00 +00:00");
    }
}
