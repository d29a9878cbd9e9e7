//! The `string_enum!` macro: every string-valued enum of the API.
//!
//! Servers add values over time (Mastodon added `quote` notifications in 4.5)
//! and forks invent their own (`pleroma:emoji_reaction`, visibility `local`).
//! An enum generated here never fails on an unknown value: it keeps it as
//! `Other(String)` and writes it back unchanged.

use std::fmt;
use std::marker::PhantomData;

use serde::Deserializer;
use serde::de::{self, Visitor};

/// Declares a string enum with known variants plus `Other(String)`.
///
/// ```text
/// string_enum! {
///     /// Who can see a status.
///     pub enum Visibility {
///         /// Everyone.
///         Public = "public",
///     }
/// }
/// ```
///
/// Generates `as_str`, `is_other`, `From<&str>`, `From<String>`, `FromStr`,
/// `Display`, `Serialize` and `Deserialize`. Extra attributes (docs, derives such
/// as `Default` with `#[default]` on a variant) pass through.
macro_rules! string_enum {
    (
        $(#[$meta:meta])*
        pub enum $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident = $value:literal, )+
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        pub enum $name {
            $( $(#[$vmeta])* $variant, )+
            /// A value this client does not know, kept verbatim.
            Other(String),
        }

        impl $name {
            /// The wire value, e.g. `"public"`.
            pub fn as_str(&self) -> &str {
                match self {
                    $( Self::$variant => $value, )+
                    Self::Other(s) => s.as_str(),
                }
            }

            /// Whether this is a value the client does not know.
            pub fn is_other(&self) -> bool {
                matches!(self, Self::Other(_))
            }
        }

        impl From<&str> for $name {
            fn from(s: &str) -> Self {
                match s {
                    $( $value => Self::$variant, )+
                    other => Self::Other(other.to_owned()),
                }
            }
        }

        impl From<String> for $name {
            fn from(s: String) -> Self {
                match Self::from(s.as_str()) {
                    Self::Other(_) => Self::Other(s),
                    known => known,
                }
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = ::std::convert::Infallible;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Ok(Self::from(s))
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                $crate::entities::enums::deserialize_string_enum(d, stringify!($name))
            }
        }
    };
}

pub(crate) use string_enum;

/// Shared `Deserialize` body of every [`string_enum!`] type: reads a string
/// (borrowed when the format allows) and converts it with `From<&str>`.
pub(crate) fn deserialize_string_enum<'de, D, T>(d: D, name: &'static str) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: for<'a> From<&'a str>,
{
    struct StrVisitor<T>(&'static str, PhantomData<T>);

    impl<T: for<'a> From<&'a str>> Visitor<'_> for StrVisitor<T> {
        type Value = T;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            write!(f, "a string ({})", self.0)
        }

        fn visit_str<E: de::Error>(self, v: &str) -> Result<T, E> {
            Ok(T::from(v))
        }
    }

    d.deserialize_str(StrVisitor(name, PhantomData))
}
