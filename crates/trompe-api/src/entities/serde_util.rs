//! Tolerant (de)serialisation helpers shared by every entity.
//!
//! Servers that speak the Mastodon API (GoToSocial, Pleroma/Akkoma,
//! Misskey-compatible bridges) send `null` where Mastodon never does, numbers
//! where it sends strings and the reverse, and timestamps in several shapes.
//! These helpers absorb those differences so that one odd field does not make
//! a whole timeline page fail to decode.

use std::fmt;

use serde::de::{self, DeserializeOwned, Unexpected, Visitor};
use serde::{Deserialize, Deserializer};
use time::format_description::well_known::{Iso8601, Rfc3339};
use time::macros::format_description;
use time::{Date, OffsetDateTime, PrimitiveDateTime};

/// Decodes `T`, treating `null` like a missing field (`T::default()`).
///
/// Use as `#[serde(default, deserialize_with = "null_default")]`.
pub(crate) fn null_default<'de, D, T>(d: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de> + Default,
{
    Option::<T>::deserialize(d).map(Option::unwrap_or_default)
}

/// Decodes an optional sub-object, giving `None` instead of an error when it
/// is malformed. Only for secondary parts (preview cards, media metadata,
/// quotes, notification payloads) whose loss must not cost the whole entity.
///
/// Use as `#[serde(default, deserialize_with = "lenient")]`.
pub(crate) fn lenient<'de, D, T>(d: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: DeserializeOwned,
{
    let raw = Option::<serde_json::Value>::deserialize(d)?;
    Ok(raw.and_then(|v| T::deserialize(v).ok()))
}

/// Decodes a count or other non-negative integer, also accepted as a numeric
/// string (`"42"`, as in tag history) or a float; negatives become 0, `null`
/// is 0. Anything else (`"abc"`, an object) is an error.
///
/// Use as `#[serde(default, deserialize_with = "lenient_u64")]`.
pub(crate) fn lenient_u64<'de, D: Deserializer<'de>>(d: D) -> Result<u64, D::Error> {
    struct U64Visitor;

    impl<'de> Visitor<'de> for U64Visitor {
        type Value = u64;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a non-negative integer (or a string holding one)")
        }

        fn visit_u64<E: de::Error>(self, v: u64) -> Result<u64, E> {
            Ok(v)
        }

        fn visit_i64<E: de::Error>(self, v: i64) -> Result<u64, E> {
            Ok(u64::try_from(v).unwrap_or(0))
        }

        fn visit_f64<E: de::Error>(self, v: f64) -> Result<u64, E> {
            if v.is_finite() {
                // Saturating: negatives become 0, huge values u64::MAX.
                Ok(v as u64)
            } else {
                Err(E::invalid_value(Unexpected::Float(v), &self))
            }
        }

        fn visit_str<E: de::Error>(self, v: &str) -> Result<u64, E> {
            let t = v.trim();
            if let Ok(n) = t.parse::<u64>() {
                return Ok(n);
            }
            if let Ok(n) = t.parse::<i64>() {
                return self.visit_i64(n);
            }
            Err(E::invalid_value(Unexpected::Str(v), &self))
        }

        fn visit_unit<E: de::Error>(self) -> Result<u64, E> {
            Ok(0)
        }

        fn visit_none<E: de::Error>(self) -> Result<u64, E> {
            Ok(0)
        }

        fn visit_some<D2: Deserializer<'de>>(self, d: D2) -> Result<u64, D2::Error> {
            d.deserialize_any(self)
        }
    }

    d.deserialize_any(U64Visitor)
}

/// Decodes an identifier sent either as a string or as a JSON number; a
/// number becomes its decimal string.
pub(crate) fn string_or_number<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    struct IdVisitor;

    impl Visitor<'_> for IdVisitor {
        type Value = String;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("an identifier (a string or an integer)")
        }

        fn visit_str<E: de::Error>(self, v: &str) -> Result<String, E> {
            Ok(v.to_owned())
        }

        fn visit_string<E: de::Error>(self, v: String) -> Result<String, E> {
            Ok(v)
        }

        fn visit_u64<E: de::Error>(self, v: u64) -> Result<String, E> {
            Ok(v.to_string())
        }

        fn visit_i64<E: de::Error>(self, v: i64) -> Result<String, E> {
            Ok(v.to_string())
        }
    }

    d.deserialize_any(IdVisitor)
}

/// Parses a timestamp as servers send it: RFC 3339 with or without fractional
/// seconds, other ISO 8601 forms, a bare date (`"2019-11-24"`, midnight UTC) or
/// a date-time without offset (taken as UTC). `None` if none of these fit.
pub fn parse_timestamp(s: &str) -> Option<OffsetDateTime> {
    let s = s.trim();
    OffsetDateTime::parse(s, &Rfc3339)
        .or_else(|_| OffsetDateTime::parse(s, &Iso8601::DEFAULT))
        .ok()
        .or_else(|| {
            let fmt = format_description!(
                "[year]-[month]-[day]T[hour]:[minute]:[second][optional [.[subsecond]]]"
            );
            PrimitiveDateTime::parse(s, &fmt)
                .ok()
                .map(PrimitiveDateTime::assume_utc)
        })
        .or_else(|| {
            let fmt = format_description!("[year]-[month]-[day]");
            Date::parse(s, &fmt).ok().map(|d| d.midnight().assume_utc())
        })
}

/// Formats a timestamp as RFC 3339 (`2019-12-08T03:48:33.901Z`), or `None`
/// for the rare values RFC 3339 cannot express (years past 9999).
pub fn format_timestamp(t: &OffsetDateTime) -> Option<String> {
    t.format(&Rfc3339).ok()
}

/// `#[serde(default, with = "datetime")]` for `Option<OffsetDateTime>`:
/// tolerant on input (see [`parse_timestamp`]; unparseable → `None`, a number
/// is read as Unix seconds) and RFC 3339 on output.
pub(crate) mod datetime {
    use super::*;
    use serde::Serializer;
    use serde::de::IgnoredAny;

    /// Any JSON value; only strings and numbers can be timestamps.
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Raw {
        Text(String),
        Int(i64),
        Other(IgnoredAny),
    }

    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(
        d: D,
    ) -> Result<Option<OffsetDateTime>, D::Error> {
        Ok(match Option::<Raw>::deserialize(d)? {
            Some(Raw::Text(s)) => parse_timestamp(&s),
            Some(Raw::Int(secs)) => OffsetDateTime::from_unix_timestamp(secs).ok(),
            Some(Raw::Other(_)) | None => None,
        })
    }

    pub(crate) fn serialize<S: Serializer>(
        t: &Option<OffsetDateTime>,
        s: S,
    ) -> Result<S::Ok, S::Error> {
        match t {
            Some(t) => match format_timestamp(t) {
                Some(text) => s.serialize_str(&text),
                None => Err(serde::ser::Error::custom(
                    "timestamp not expressible in RFC 3339",
                )),
            },
            None => s.serialize_none(),
        }
    }
}
