//! Typed, tolerant Mastodon API entities.
//!
//! One module per entity, shaped after the Mastodon API documentation, and
//! every type re-exported here (`trompe_api::entities::Status`).
//!
//! Decoding is deliberately forgiving, because GoToSocial, Pleroma/Akkoma
//! and Misskey-compatible servers differ from Mastodon in small ways:
//!
//! - only identity fields (`Status::id`, `Account::id`, `Notification::id`
//!   and `type`, …) are required; anything else missing, or `null`, becomes
//!   `None`, empty or zero;
//! - ids are accepted as JSON strings or numbers ([`ids`]);
//! - every enum keeps unknown values as `Other(String)` (see `string_enum!`);
//! - timestamps accept RFC 3339 with or without fractions, bare dates and
//!   more; what cannot be parsed becomes `None` ([`parse_timestamp`]);
//! - unknown fields are ignored.
//!
//! Every entity also serialises (timestamps as RFC 3339), so the CLI can print
//! them as JSON, and a serialised entity decodes back to an equal value.

mod enums;
mod serde_util;

pub mod account;
pub mod announcement;
pub mod application;
pub mod card;
pub mod context;
pub mod conversation;
pub mod emoji;
pub mod error;
pub mod filter;
pub mod grouped;
pub mod ids;
pub mod instance;
pub mod list;
pub mod marker;
pub mod media;
pub mod mention;
pub mod notification;
mod notification_request;
pub mod poll;
pub mod quote;
pub mod relationship;
pub mod scheduled_status;
pub mod search;
pub mod status;
pub mod status_edit;
pub mod status_source;
pub mod tag;
pub mod token;

pub use account::{Account, Field, Source};
pub use announcement::{Announcement, AnnouncementReaction};
pub use application::Application;
pub use card::{CardType, PreviewCard, PreviewCardAuthor};
pub use context::Context;
pub use conversation::Conversation;
pub use emoji::CustomEmoji;
pub use error::ApiErrorBody;
pub use filter::{Filter, FilterAction, FilterContext, FilterKeyword, FilterResult, FilterStatus};
pub use grouped::{GroupedNotificationsResults, NotificationGroup, PartialAccountWithAvatar};
pub use ids::{
    AccountId, AccountWarningId, AnnouncementId, ConversationId, FilterId, FilterKeywordId,
    FilterStatusId, ListId, MediaId, NotificationId, PollId, ReportId, RuleId, ScheduledStatusId,
    SeveranceEventId, StatusId, TagId,
};
pub use instance::{
    AccountsConfiguration, DEFAULT_CHARACTERS_RESERVED_PER_URL, DEFAULT_MAX_CHARACTERS,
    DEFAULT_MAX_MEDIA_ATTACHMENTS, Instance, InstanceConfiguration, InstanceContact,
    InstanceRegistrations, InstanceStats, InstanceThumbnail, InstanceUrls, InstanceUsage,
    InstanceUsers, InstanceV1, InstanceV1Urls, InstanceV2, MediaAttachmentsConfiguration,
    PleromaPollLimits, PollsConfiguration, Rule, StatusesConfiguration, TranslationConfiguration,
    VapidConfiguration,
};
pub use list::{List, RepliesPolicy};
pub use marker::{Marker, Markers};
pub use media::{Focus, MediaAttachment, MediaType, Meta, MetaDimensions};
pub use mention::{Mention, StatusMention};
pub use notification::{
    AccountWarning, AccountWarningAction, Notification, NotificationType,
    RelationshipSeveranceEvent, Report, ReportCategory, SeveranceType,
};
pub use notification_request::{
    NotificationPolicy, NotificationRequest, PolicySummary, PolicyValue,
};
pub use poll::{Poll, PollOption};
pub use quote::{Quote, QuoteState};
pub use relationship::Relationship;
pub use scheduled_status::{
    QuoteApprovalPolicy, ScheduledPollParams, ScheduledStatus, ScheduledStatusParams,
};
pub use search::SearchResults;
pub use serde_util::{format_timestamp, parse_timestamp};
pub use status::{Status, Visibility};
pub use status_edit::{StatusEdit, StatusEditPoll, StatusEditPollOption};
pub use status_source::{Language, StatusSource};
pub use tag::{Tag, TagHistory};
pub use token::Token;
