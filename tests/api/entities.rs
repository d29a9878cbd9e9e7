//! Decoding of API entities: the Mastodon documentation examples, the
//! variations other servers send (GoToSocial, Akkoma), error paths and
//! serialisation round-trips.

#![allow(clippy::unwrap_used)]

use std::fmt::Debug;

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};
use time::macros::datetime;
use trompe::api::entities::*;

/// Decodes `json` as `T`, failing the test with the path of the bad field.
fn decode<T: DeserializeOwned>(json: &str) -> T {
    let de = &mut serde_json::Deserializer::from_str(json);
    match serde_path_to_error::deserialize(de) {
        Ok(v) => v,
        Err(e) => panic!("decode failed at `{}`: {}", e.path(), e.inner()),
    }
}

/// Decodes a JSON value as `T`, failing the test with the path of the bad field.
fn decode_value<T: DeserializeOwned>(value: Value) -> T {
    decode(&value.to_string())
}

/// Serialises `v`, decodes the result, and checks it is equal to `v`.
fn assert_round_trip<T: Serialize + DeserializeOwned + PartialEq + Debug>(v: &T) {
    let text = serde_json::to_string(v).expect("serialise");
    let back: T = decode(&text);
    assert_eq!(&back, v, "round trip through {text}");
}

// ---------------------------------------------------------------------------
// Mastodon documentation examples
// ---------------------------------------------------------------------------

/// docs.joinmastodon.org/entities/Status, example.
const STATUS: &str = r#"{
  "id": "103270115826048975",
  "created_at": "2019-12-08T03:48:33.901Z",
  "in_reply_to_id": null,
  "in_reply_to_account_id": null,
  "sensitive": false,
  "spoiler_text": "",
  "visibility": "public",
  "language": "en",
  "uri": "https://mastodon.social/users/Gargron/statuses/103270115826048975",
  "url": "https://mastodon.social/@Gargron/103270115826048975",
  "replies_count": 5,
  "reblogs_count": 6,
  "favourites_count": 11,
  "favourited": false,
  "reblogged": false,
  "muted": false,
  "bookmarked": false,
  "content": "<p>&quot;I lost my inheritance with one wrong digit on my sort code&quot;</p><p><a href=\"https://www.theguardian.com/money/2019/dec/07/i-lost-my-193000-inheritance-with-one-wrong-digit-on-my-sort-code\" rel=\"nofollow noopener noreferrer\" target=\"_blank\"><span class=\"invisible\">https://www.</span><span class=\"ellipsis\">theguardian.com/money/2019/dec</span><span class=\"invisible\">/07/i-lost-my-193000-inheritance-with-one-wrong-digit-on-my-sort-code</span></a></p>",
  "reblog": null,
  "application": {
    "name": "Web",
    "website": null
  },
  "account": {
    "id": "1",
    "username": "Gargron",
    "acct": "Gargron",
    "display_name": "Eugen",
    "locked": false,
    "bot": false,
    "discoverable": true,
    "group": false,
    "created_at": "2016-03-16T14:34:26.392Z",
    "note": "<p>Developer of Mastodon and administrator of mastodon.social. I post service announcements, development updates, and personal stuff.</p>",
    "url": "https://mastodon.social/@Gargron",
    "avatar": "https://files.mastodon.social/accounts/avatars/000/000/001/original/d96d39a0abb45b92.jpg",
    "avatar_static": "https://files.mastodon.social/accounts/avatars/000/000/001/original/d96d39a0abb45b92.jpg",
    "header": "https://files.mastodon.social/accounts/headers/000/000/001/original/c91b871f294ea63e.png",
    "header_static": "https://files.mastodon.social/accounts/headers/000/000/001/original/c91b871f294ea63e.png",
    "followers_count": 322930,
    "following_count": 459,
    "statuses_count": 61323,
    "last_status_at": "2019-12-10T08:14:44.811Z",
    "emojis": [],
    "fields": [
      {
        "name": "Patreon",
        "value": "<a href=\"https://www.patreon.com/mastodon\" rel=\"me nofollow noopener noreferrer\" target=\"_blank\"><span class=\"invisible\">https://www.</span><span class=\"\">patreon.com/mastodon</span><span class=\"invisible\"></span></a>",
        "verified_at": null
      },
      {
        "name": "Homepage",
        "value": "<a href=\"https://zeonfederated.com\" rel=\"me nofollow noopener noreferrer\" target=\"_blank\"><span class=\"invisible\">https://</span><span class=\"\">zeonfederated.com</span><span class=\"invisible\"></span></a>",
        "verified_at": "2019-07-15T18:29:57.191+00:00"
      }
    ]
  },
  "media_attachments": [],
  "mentions": [],
  "tags": [],
  "emojis": [],
  "card": {
    "url": "https://www.theguardian.com/money/2019/dec/07/i-lost-my-193000-inheritance-with-one-wrong-digit-on-my-sort-code",
    "title": "‘I lost my £193,000 inheritance – with one wrong digit on my sort code’",
    "description": "When Peter Teich’s money went to another Barclays customer, the bank offered £25 as a token gesture",
    "type": "link",
    "author_name": "",
    "author_url": "",
    "provider_name": "",
    "provider_url": "",
    "html": "",
    "width": 0,
    "height": 0,
    "image": null,
    "embed_url": ""
  },
  "poll": null
}"#;

/// The documentation status as a JSON value, to build other documents from.
fn status_value() -> Value {
    serde_json::from_str(STATUS).expect("STATUS is JSON")
}

/// The documentation status's author as a JSON value.
fn account_value() -> Value {
    status_value()["account"].clone()
}

#[test]
fn status_docs_example() {
    let s: Status = decode(STATUS);
    assert_eq!(s.id.as_str(), "103270115826048975");
    assert_eq!(s.created_at, Some(datetime!(2019-12-08 03:48:33.901 UTC)));
    assert_eq!(s.visibility, Visibility::Public);
    assert_eq!(s.language.as_deref(), Some("en"));
    assert_eq!(s.account.acct, "Gargron");
    assert_eq!(s.account.followers_count, 322_930);
    assert_eq!(
        s.account.fields[1].verified_at,
        Some(datetime!(2019-07-15 18:29:57.191 UTC))
    );
    assert_eq!(
        (s.replies_count, s.reblogs_count, s.favourites_count),
        (5, 6, 11)
    );
    assert_eq!(s.favourited, Some(false));
    assert_eq!(s.pinned, None);
    assert!(s.content.starts_with("<p>&quot;I lost"));
    assert_eq!(s.application.as_ref().map(|a| a.name.as_str()), Some("Web"));
    let card = s.card.as_ref().expect("card");
    assert_eq!(card.kind, CardType::Link);
    assert_eq!(card.image, None);
    assert!(s.reblog.is_none() && s.poll.is_none() && s.quote.is_none());
    assert!(s.filtered.is_empty());
    assert!(std::ptr::eq(s.original(), &s));
}

#[test]
fn status_reblog_original_is_the_boosted_status() {
    let mut outer = status_value();
    outer["id"] = json!("200");
    outer["content"] = json!("");
    outer["reblog"] = status_value();
    let s: Status = decode_value(outer);
    assert!(s.is_reblog());
    assert_eq!(s.original().id.as_str(), "103270115826048975");
}

/// docs.joinmastodon.org/entities/Account, example (notes abridged).
const ACCOUNT: &str = r#"{
  "id": "23634",
  "username": "noiob",
  "acct": "noiob@awoo.space",
  "display_name": "ikea shark fan account",
  "locked": false,
  "bot": false,
  "created_at": "2017-02-08T02:00:53.274Z",
  "note": "<p>:ms_rainbow_flag: :ms_bisexual_flagweb: :ms_nonbinary_flag: compsci student</p>",
  "url": "https://awoo.space/@noiob",
  "avatar": "https://files.mastodon.social/accounts/avatars/000/023/634/original/6ca8804dc46800ad.png",
  "avatar_static": "https://files.mastodon.social/accounts/avatars/000/023/634/original/6ca8804dc46800ad.png",
  "header": "https://files.mastodon.social/accounts/headers/000/023/634/original/256eb8d7ac40f49a.png",
  "header_static": "https://files.mastodon.social/accounts/headers/000/023/634/original/256eb8d7ac40f49a.png",
  "followers_count": 547,
  "following_count": 404,
  "statuses_count": 28468,
  "last_status_at": "2019-11-17T00:02:23.693Z",
  "emojis": [
    {
      "shortcode": "ms_rainbow_flag",
      "url": "https://files.mastodon.social/custom_emojis/images/000/028/691/original/6de008d6281f4f59.png",
      "static_url": "https://files.mastodon.social/custom_emojis/images/000/028/691/static/6de008d6281f4f59.png",
      "visible_in_picker": true
    },
    {
      "shortcode": "ms_bisexual_flag",
      "url": "https://files.mastodon.social/custom_emojis/images/000/050/744/original/02f94a5fca7eaf78.png",
      "static_url": "https://files.mastodon.social/custom_emojis/images/000/050/744/static/02f94a5fca7eaf78.png",
      "visible_in_picker": true
    }
  ],
  "fields": [
    { "name": "Pronouns", "value": "they/them", "verified_at": null },
    {
      "name": "Website",
      "value": "<a href=\"http://shork.xyz\" rel=\"nofollow noopener noreferrer\" target=\"_blank\"><span class=\"invisible\">http://</span><span class=\"\">shork.xyz</span><span class=\"invisible\"></span></a>",
      "verified_at": "2019-11-10T10:31:10.744+00:00"
    }
  ]
}"#;

#[test]
fn account_docs_example() {
    let a: Account = decode(ACCOUNT);
    assert_eq!(a.id.as_str(), "23634");
    assert_eq!(a.acct, "noiob@awoo.space");
    assert_eq!(a.display_name_or_username(), "ikea shark fan account");
    assert_eq!(a.statuses_count, 28_468);
    assert_eq!(a.emojis[0].shortcode, "ms_rainbow_flag");
    assert!(a.emojis[0].visible_in_picker);
    assert_eq!(a.fields[0].value, "they/them");
    assert_eq!(a.fields[0].verified_at, None);
    assert_eq!(a.created_at, Some(datetime!(2017-02-08 02:00:53.274 UTC)));
    assert!(!a.group);
    assert_eq!(a.discoverable, None);
    assert!(a.moved.is_none() && a.source.is_none());
    assert_round_trip(&a);
}

#[test]
fn credential_account_with_source_and_moved() {
    let mut v = account_value();
    v["source"] = json!({
        "privacy": "public",
        "sensitive": false,
        "language": "",
        "note": "i have approximate knowledge of many things.",
        "fields": [
            { "name": "Website", "value": "https://trwnh.com", "verified_at": "2019-08-29T04:14:55.571+00:00" }
        ],
        "follow_requests_count": 5
    });
    v["role"] = json!({ "id": "-99", "name": "", "permissions": "65536", "color": "", "highlighted": false });
    v["moved"] = json!({ "id": "2", "username": "new", "acct": "new@example.org" });
    v["limited"] = json!(true);
    let a: Account = decode_value(v);
    let source = a.source.as_ref().expect("source");
    assert_eq!(source.privacy, Some(Visibility::Public));
    assert_eq!(source.follow_requests_count, 5);
    assert_eq!(source.fields[0].value, "https://trwnh.com");
    assert_eq!(
        a.moved.as_ref().map(|m| m.acct.as_str()),
        Some("new@example.org")
    );
    assert_eq!(a.limited, Some(true));
    assert_round_trip(&a);
}

#[test]
fn display_name_falls_back_to_username_then_acct() {
    let a: Account = decode(r#"{"id":"1","username":"alice","acct":"alice","display_name":"  "}"#);
    assert_eq!(a.display_name_or_username(), "alice");
    let b: Account = decode(r#"{"id":"1","acct":"bob@example.org"}"#);
    assert_eq!(b.display_name_or_username(), "bob@example.org");
}

/// docs.joinmastodon.org/entities/MediaAttachment, the four examples.
const MEDIA: &str = r#"[
{
  "id": "22345792",
  "type": "image",
  "url": "https://files.mastodon.social/media_attachments/files/022/345/792/original/57859aede991da25.jpeg",
  "preview_url": "https://files.mastodon.social/media_attachments/files/022/345/792/small/57859aede991da25.jpeg",
  "remote_url": null,
  "text_url": "https://mastodon.social/media/2N4uvkuUtPVrkZGysms",
  "meta": {
    "original": { "width": 640, "height": 480, "size": "640x480", "aspect": 1.3333333333333333 },
    "small": { "width": 461, "height": 346, "size": "461x346", "aspect": 1.3323699421965318 },
    "focus": { "x": -0.27, "y": 0.51 }
  },
  "description": "test media description",
  "blurhash": "UFBWY:8_0Jxv4mx]t8t64.%M-:IUWGWAt6M}"
},
{
  "id": "22546306",
  "type": "video",
  "url": "https://files.mastodon.social/media_attachments/files/022/546/306/original/dab9a597f68b9745.mp4",
  "preview_url": "https://files.mastodon.social/media_attachments/files/022/546/306/small/dab9a597f68b9745.png",
  "remote_url": null,
  "text_url": "https://mastodon.social/media/wWd1HJIBmH1MZGDfg50",
  "meta": {
    "length": "0:01:28.65",
    "duration": 88.65,
    "fps": 24,
    "size": "1280x720",
    "width": 1280,
    "height": 720,
    "aspect": 1.7777777777777777,
    "audio_encode": "aac (LC) (mp4a / 0x6134706D)",
    "audio_bitrate": "44100 Hz",
    "audio_channels": "stereo",
    "original": { "width": 1280, "height": 720, "frame_rate": "6159375/249269", "duration": 88.654, "bitrate": 862056 },
    "small": { "width": 400, "height": 225, "size": "400x225", "aspect": 1.7777777777777777 }
  },
  "description": null,
  "blurhash": "U58E0g8_0M.94T?bIr00?bD%NGoM?bD%oLt7"
},
{
  "id": "21130559",
  "type": "gifv",
  "url": "https://files.mastodon.social/media_attachments/files/021/130/559/original/bc84838f77991326.mp4",
  "preview_url": "https://files.mastodon.social/media_attachments/files/021/130/559/small/bc84838f77991326.png",
  "remote_url": null,
  "text_url": "https://mastodon.social/media/2ICiasGyjezmi7cQYM8",
  "meta": {
    "length": "0:00:01.11", "duration": 1.11, "fps": 33, "size": "600x332", "width": 600, "height": 332,
    "aspect": 1.8072289156626506,
    "original": { "width": 600, "height": 332, "frame_rate": "100/3", "duration": 1.11, "bitrate": 1627639 },
    "small": { "width": 400, "height": 221, "size": "400x221", "aspect": 1.8099547511312217 }
  },
  "description": null,
  "blurhash": "URHT%Jm,2a1d%MRO%LozkrNH$*n*oMn$Rjt7"
},
{
  "id": "21165404",
  "type": "audio",
  "url": "https://files.mastodon.social/media_attachments/files/021/165/404/original/a31a4a46cd713cd2.mp3",
  "preview_url": "https://files.mastodon.social/media_attachments/files/021/165/404/small/a31a4a46cd713cd2.mp3",
  "remote_url": null,
  "text_url": "https://mastodon.social/media/5O4uILClVqBWx0NNgvo",
  "meta": {
    "length": "0:06:42.86", "duration": 402.86, "audio_encode": "mp3", "audio_bitrate": "44100 Hz",
    "audio_channels": "stereo",
    "original": { "duration": 402.860408, "bitrate": 166290 }
  },
  "description": null,
  "blurhash": null
}
]"#;

#[test]
fn media_attachment_docs_examples() {
    let media: Vec<MediaAttachment> = decode(MEDIA);
    let kinds: Vec<&MediaType> = media.iter().map(|m| &m.kind).collect();
    assert_eq!(
        kinds,
        [
            &MediaType::Image,
            &MediaType::Video,
            &MediaType::Gifv,
            &MediaType::Audio
        ]
    );
    let image = &media[0];
    assert_eq!(image.id.as_str(), "22345792");
    assert_eq!(image.description.as_deref(), Some("test media description"));
    let meta = image.meta.as_ref().expect("meta");
    assert_eq!(meta.original.as_ref().and_then(|o| o.width), Some(640));
    assert_eq!(meta.focus, Some(Focus { x: -0.27, y: 0.51 }));
    let video = media[1].meta.as_ref().expect("meta");
    assert_eq!(video.fps, Some(24.0));
    assert_eq!(
        video
            .original
            .as_ref()
            .and_then(|o| o.frame_rate.as_deref()),
        Some("6159375/249269")
    );
    assert_eq!(media[3].blurhash, None);
}

#[test]
fn media_attachment_tolerates_processing_unknown_type_and_bad_meta() {
    let m: MediaAttachment = decode(
        r#"{"id": 77, "type": "document", "url": null, "meta": "garbage", "description": null}"#,
    );
    assert_eq!(m.id.as_str(), "77");
    assert_eq!(m.kind, MediaType::Other("document".into()));
    assert_eq!(m.url, None);
    assert_eq!(m.meta, None);
    let unknown: MediaAttachment = decode(r#"{"id": "1", "type": "unknown"}"#);
    assert_eq!(unknown.kind, MediaType::Unknown);
    assert_round_trip(&m);
}

/// docs.joinmastodon.org/entities/Poll, example.
const POLL: &str = r#"{
  "id": "34830",
  "expires_at": "2019-12-05T04:05:08.302Z",
  "expired": true,
  "multiple": false,
  "votes_count": 10,
  "voters_count": null,
  "voted": true,
  "own_votes": [1],
  "options": [
    { "title": "accept", "votes_count": 6 },
    { "title": "deny", "votes_count": 4 }
  ],
  "emojis": []
}"#;

#[test]
fn poll_docs_example() {
    let p: Poll = decode(POLL);
    assert_eq!(p.id.as_str(), "34830");
    assert!(p.expired && !p.multiple);
    assert_eq!(p.votes_count, 10);
    assert_eq!(p.voters_count, None);
    assert_eq!(p.own_votes, Some(vec![1]));
    assert_eq!(p.options[1].title, "deny");
    assert_eq!(p.options[1].votes_count, Some(4));
    assert_eq!(p.expires_at, Some(datetime!(2019-12-05 04:05:08.302 UTC)));
    assert_round_trip(&p);
}

/// docs.joinmastodon.org/entities/PreviewCard, video example.
const CARD: &str = r#"{
  "url": "https://www.youtube.com/watch?v=OMv_EPMED8Y",
  "title": "♪ Brand New Friend (Christmas Song!)",
  "description": "",
  "type": "video",
  "author_name": "YOGSCAST Lewis & Simon",
  "author_url": "https://www.youtube.com/user/BlueXephos",
  "provider_name": "YouTube",
  "provider_url": "https://www.youtube.com/",
  "html": "<iframe width=\"480\" height=\"270\" src=\"https://www.youtube.com/embed/OMv_EPMED8Y?feature=oembed\" frameborder=\"0\" allowfullscreen=\"\"></iframe>",
  "width": 480,
  "height": 270,
  "image": "https://files.mastodon.social/preview_cards/images/014/179/145/original/9cf4b7cf5567b569.jpeg",
  "embed_url": "",
  "blurhash": "UvK0HNkV,:s9xBR%njog0fo2W=WBS5ozofV@"
}"#;

#[test]
fn preview_card_docs_example() {
    let c: PreviewCard = decode(CARD);
    assert_eq!(c.kind, CardType::Video);
    assert_eq!(c.provider_name, "YouTube");
    assert_eq!((c.width, c.height), (480, 270));
    assert!(c.authors.is_empty());
    assert!(c.html.starts_with("<iframe"));
    assert_round_trip(&c);
}

#[test]
fn preview_card_with_authors_and_nulls() {
    let c: PreviewCard = decode_value(json!({
        "url": "https://example.org/post",
        "title": "Post",
        "type": "link",
        "authors": [{ "name": "Eugen", "url": "https://mastodon.social/@Gargron", "account": account_value() }],
        "html": null,
        "width": null,
        "embed_url": null
    }));
    assert_eq!(
        c.authors[0].account.as_ref().map(|a| a.username.as_str()),
        Some("Gargron")
    );
    assert_eq!((c.html.as_str(), c.width), ("", 0));
}

#[test]
fn mention_docs_shape() {
    let m: Mention = decode(
        r#"{"id": "14715", "username": "trwnh", "url": "https://mastodon.social/@trwnh", "acct": "trwnh"}"#,
    );
    assert_eq!(m.id, AccountId::new("14715"));
    assert_eq!(m.acct, "trwnh");
    let alias: StatusMention = m.clone();
    assert_round_trip(&alias);
}

/// docs.joinmastodon.org/entities/Tag, example (history abridged).
const TAG: &str = r#"{
  "name": "nowplaying",
  "url": "https://mastodon.social/tags/nowplaying",
  "history": [
    { "day": "1574553600", "uses": "200", "accounts": "31" },
    { "day": "1574467200", "uses": "272", "accounts": "39" },
    { "day": "1574380800", "uses": "345", "accounts": "40" }
  ],
  "following": false
}"#;

#[test]
fn tag_docs_example() {
    let t: Tag = decode(TAG);
    assert_eq!(t.name, "nowplaying");
    assert_eq!(
        t.history[0],
        TagHistory {
            day: 1_574_553_600,
            uses: 200,
            accounts: 31
        }
    );
    assert_eq!(t.following, Some(false));
    assert_eq!(t.id, None);
    assert_round_trip(&t);
}

#[test]
fn custom_emoji_docs_example() {
    let e: CustomEmoji = decode(
        r#"{
          "shortcode": "blobaww",
          "url": "https://files.mastodon.social/custom_emojis/images/000/011/739/original/blobaww.png",
          "static_url": "https://files.mastodon.social/custom_emojis/images/000/011/739/static/blobaww.png",
          "visible_in_picker": true,
          "category": "Blobs"
        }"#,
    );
    assert_eq!(e.shortcode, "blobaww");
    assert_eq!(e.category.as_deref(), Some("Blobs"));
    assert_round_trip(&e);
}

#[test]
fn notification_docs_mention_example() {
    let n: Notification = decode_value(json!({
        "id": "34975861",
        "type": "mention",
        "created_at": "2019-11-23T07:49:02.064Z",
        "account": account_value(),
        "status": status_value(),
        "group_key": "ungrouped-34975861"
    }));
    assert_eq!(n.id.as_str(), "34975861");
    assert_eq!(n.kind, NotificationType::Mention);
    assert_eq!(n.account.as_ref().map(|a| a.acct.as_str()), Some("Gargron"));
    assert_eq!(n.status.as_ref().map(|s| s.replies_count), Some(5));
    assert_eq!(n.group_key.as_deref(), Some("ungrouped-34975861"));
    assert_round_trip(&n);
}

#[test]
fn notification_types_cover_the_api() {
    let cases = [
        ("follow_request", NotificationType::FollowRequest),
        ("admin.sign_up", NotificationType::AdminSignUp),
        ("admin.report", NotificationType::AdminReport),
        (
            "severed_relationships",
            NotificationType::SeveredRelationships,
        ),
        ("moderation_warning", NotificationType::ModerationWarning),
        ("quote", NotificationType::Quote),
        ("quoted_update", NotificationType::QuotedUpdate),
        ("annual_report", NotificationType::AnnualReport),
    ];
    for (wire, kind) in cases {
        assert_eq!(NotificationType::from(wire), kind);
        assert_eq!(kind.as_str(), wire);
        assert_eq!(kind.to_string(), wire);
        assert_eq!(serde_json::to_value(&kind).expect("serialise"), json!(wire));
    }
}

#[test]
fn notification_moderation_payloads() {
    let severed: Notification = decode_value(json!({
        "id": "38", "type": "severed_relationships", "created_at": "2024-03-22T10:00:00Z",
        "account": account_value(),
        "event": {
            "id": "2", "type": "domain_block", "purged": false, "target_name": "example.com",
            "followers_count": 3, "following_count": 1, "created_at": "2024-03-22T09:59:00.000Z"
        }
    }));
    let event = severed.event.as_ref().expect("event");
    assert_eq!(event.kind, SeveranceType::DomainBlock);
    assert_eq!(event.target_name, "example.com");

    let warned: Notification = decode_value(json!({
        "id": "39", "type": "moderation_warning", "created_at": "2024-03-22T10:00:00Z",
        "account": account_value(),
        "moderation_warning": {
            "id": "5", "action": "silence", "text": "Please stop.", "status_ids": null,
            "target_account": account_value(), "appeal": null, "created_at": "2024-03-22T10:00:00Z"
        }
    }));
    let warning = warned.moderation_warning.as_ref().expect("warning");
    assert_eq!(warning.action, AccountWarningAction::Silence);
    assert!(warning.status_ids.is_empty());

    let report: Notification = decode_value(json!({
        "id": "40", "type": "admin.report", "account": account_value(),
        "report": {
            "id": "48914", "action_taken": false, "action_taken_at": null, "category": "spam",
            "comment": "Spam", "forwarded": false, "created_at": "2022-08-25T09:56:16.763Z",
            "status_ids": ["108882889550545820"], "rule_ids": null, "target_account": account_value()
        }
    }));
    let r = report.report.as_ref().expect("report");
    assert_eq!(r.category, Some(ReportCategory::Spam));
    assert_eq!(r.status_ids, [StatusId::new("108882889550545820")]);
    assert_round_trip(&report);
}

/// docs.joinmastodon.org/methods/grouped_notifications, `GET /api/v2/notifications`.
#[test]
fn grouped_notifications_docs_example() {
    let mut eve = account_value();
    eve["id"] = json!("16");
    eve["username"] = json!("eve");
    eve["acct"] = json!("eve");
    let mut alice = account_value();
    alice["id"] = json!("3547");
    alice["acct"] = json!("alice");
    let mut status = status_value();
    status["id"] = json!("113010503322889311");
    let r: GroupedNotificationsResults = decode_value(json!({
        "accounts": [eve, alice],
        "statuses": [status],
        "notification_groups": [
            {
                "group_key": "favourite-113010503322889311-479000",
                "notifications_count": 2,
                "type": "favourite",
                "most_recent_notification_id": 196014,
                "page_min_id": "196013",
                "page_max_id": "196014",
                "latest_page_notification_at": "2024-08-23T08:59:56.743Z",
                "sample_account_ids": ["16", "3547"],
                "status_id": "113010503322889311"
            },
            {
                "group_key": "follow-479000",
                "notifications_count": 1,
                "type": "follow",
                "most_recent_notification_id": "196012",
                "sample_account_ids": ["31460"]
            }
        ]
    }));
    let group = &r.notification_groups[0];
    assert_eq!(group.kind, NotificationType::Favourite);
    assert_eq!(
        group.most_recent_notification_id,
        NotificationId::new("196014")
    );
    assert_eq!(group.notifications_count, 2);
    assert_eq!(
        group.latest_page_notification_at,
        Some(datetime!(2024-08-23 08:59:56.743 UTC))
    );
    let names: Vec<&str> = r.group_accounts(group).map(|a| a.acct.as_str()).collect();
    assert_eq!(names, ["eve", "alice"]);
    assert_eq!(
        r.group_status(group).map(|s| s.id.as_str()),
        Some("113010503322889311")
    );
    let follow = &r.notification_groups[1];
    assert_eq!(follow.status_id, None);
    assert_eq!(
        r.group_accounts(follow).count(),
        0,
        "unknown ids are skipped"
    );
    assert!(r.partial_accounts.is_empty());
    assert_round_trip(&r);
}

#[test]
fn grouped_notifications_partial_accounts() {
    let r: GroupedNotificationsResults = decode(
        r#"{
          "accounts": [],
          "partial_accounts": [
            { "id": "31460", "acct": "bob", "url": "https://mastodon.social/@bob",
              "avatar": "https://files.example/a.png", "avatar_static": "https://files.example/a.png",
              "locked": false, "bot": true }
          ],
          "statuses": null,
          "notification_groups": []
        }"#,
    );
    let bob = r.partial_account(&AccountId::new("31460")).expect("bob");
    assert!(bob.bot);
    assert!(r.statuses.is_empty());
}

/// docs.joinmastodon.org/entities/Instance, example (fewer MIME types and rules).
const INSTANCE_V2: &str = r#"{
  "domain": "mastodon.social",
  "title": "Mastodon",
  "version": "4.0.0rc1",
  "source_url": "https://github.com/mastodon/mastodon",
  "description": "The original server operated by the Mastodon gGmbH non-profit",
  "usage": { "users": { "active_month": 123122 } },
  "thumbnail": {
    "url": "https://files.mastodon.social/site_uploads/files/000/000/001/@1x/57c12f441d083cde.png",
    "blurhash": "UeKUpFxuo~R%0nW;WCnhF6RjaJt757oJodS$",
    "versions": {
      "@1x": "https://files.mastodon.social/site_uploads/files/000/000/001/@1x/57c12f441d083cde.png",
      "@2x": "https://files.mastodon.social/site_uploads/files/000/000/001/@2x/57c12f441d083cde.png"
    }
  },
  "languages": ["en"],
  "configuration": {
    "urls": { "streaming": "wss://mastodon.social" },
    "vapid": { "public_key": "BCkMmVdKDnKYwzVCDC99Iuc9GvId-x7-kKtuHnLgfF98ENiZp_aj-UNthbCdI70DqN1zUVis-x0Wrot2sBagkMc=" },
    "accounts": { "max_featured_tags": 10 },
    "statuses": { "max_characters": 500, "max_media_attachments": 4, "characters_reserved_per_url": 23 },
    "media_attachments": {
      "supported_mime_types": ["image/jpeg", "image/png", "image/gif", "video/mp4", "audio/mpeg"],
      "image_size_limit": 10485760,
      "image_matrix_limit": 16777216,
      "video_size_limit": 41943040,
      "video_frame_rate_limit": 60,
      "video_matrix_limit": 2304000
    },
    "polls": { "max_options": 4, "max_characters_per_option": 50, "min_expiration": 300, "max_expiration": 2629746 },
    "translation": { "enabled": true }
  },
  "registrations": { "enabled": false, "approval_required": false, "message": null },
  "contact": {
    "email": "staff@mastodon.social",
    "account": {
      "id": "1", "username": "Gargron", "acct": "Gargron", "display_name": "Eugen 💀",
      "locked": false, "bot": false, "discoverable": true, "group": false,
      "created_at": "2016-03-16T00:00:00.000Z",
      "note": "<p>Founder, CEO and lead developer</p>",
      "url": "https://mastodon.social/@Gargron",
      "avatar": "https://files.mastodon.social/accounts/avatars/000/000/001/original/dc4286ceb8fab734.jpg",
      "avatar_static": "https://files.mastodon.social/accounts/avatars/000/000/001/original/dc4286ceb8fab734.jpg",
      "header": "https://files.mastodon.social/accounts/headers/000/000/001/original/3b91c9965d00888b.jpeg",
      "header_static": "https://files.mastodon.social/accounts/headers/000/000/001/original/3b91c9965d00888b.jpeg",
      "followers_count": 133026, "following_count": 311, "statuses_count": 72605,
      "last_status_at": "2022-10-31",
      "noindex": false,
      "emojis": [],
      "fields": []
    }
  },
  "rules": [
    { "id": "1", "text": "Sexually explicit or violent media must be marked as sensitive when posting" },
    { "id": "2", "text": "No racism, sexism, homophobia, transphobia, xenophobia, or casteism" }
  ]
}"#;

#[test]
fn instance_v2_docs_example() {
    let v2: InstanceV2 = decode(INSTANCE_V2);
    assert_eq!(v2.domain, "mastodon.social");
    assert_eq!(
        v2.usage.as_ref().map(|u| u.users.active_month),
        Some(123_122)
    );
    assert_eq!(v2.thumbnail.as_ref().map(|t| t.versions.len()), Some(2));
    assert_eq!(v2.configuration.polls.max_expiration, Some(2_629_746));
    assert_eq!(
        v2.configuration.media_attachments.video_frame_rate_limit,
        Some(60)
    );
    assert!(v2.configuration.translation.enabled);
    let contact = v2.contact.account.as_ref().expect("contact account");
    assert_eq!(
        contact.last_status_at,
        Some(datetime!(2022-10-31 00:00 UTC))
    );
    assert_eq!(contact.noindex, Some(false));
    assert_round_trip(&v2);

    let i = Instance::from(v2);
    assert_eq!(i.streaming_url(), Some("wss://mastodon.social"));
    assert_eq!(i.max_characters(), 500);
    assert_eq!(i.characters_reserved_per_url(), 23);
    assert_eq!(i.max_media_attachments(), 4);
    assert_eq!(i.contact_email.as_deref(), Some("staff@mastodon.social"));
    assert_eq!(i.rules.len(), 2);
    assert_eq!(i.rules[0].id, RuleId::new("1"));
    assert!(!i.registrations_open);
    assert_eq!(i.mastodon_api_version(), None);
}

/// docs.joinmastodon.org/entities/V1_Instance, example (fewer MIME types and rules).
const INSTANCE_V1: &str = r#"{
  "uri": "mastodon.social",
  "title": "Mastodon",
  "short_description": "The original server operated by the Mastodon gGmbH non-profit",
  "description": "",
  "email": "staff@mastodon.social",
  "version": "3.5.3",
  "urls": { "streaming_api": "wss://mastodon.social" },
  "stats": { "user_count": 812303, "status_count": 38151616, "domain_count": 25255 },
  "thumbnail": "https://files.mastodon.social/site_uploads/files/000/000/001/original/vlcsnap-2018-08-27-16h43m11s127.png",
  "languages": ["en"],
  "registrations": false,
  "approval_required": false,
  "invites_enabled": true,
  "configuration": {
    "statuses": { "max_characters": 500, "max_media_attachments": 4, "characters_reserved_per_url": 23 },
    "media_attachments": {
      "supported_mime_types": ["image/jpeg", "image/png"],
      "image_size_limit": 10485760, "image_matrix_limit": 16777216, "video_size_limit": 41943040,
      "video_frame_rate_limit": 60, "video_matrix_limit": 2304000
    },
    "polls": { "max_options": 4, "max_characters_per_option": 50, "min_expiration": 300, "max_expiration": 2629746 }
  },
  "contact_account": {
    "id": "1", "username": "Gargron", "acct": "Gargron", "display_name": "Eugen",
    "locked": false, "bot": false, "discoverable": true, "group": false,
    "created_at": "2016-03-16T00:00:00.000Z",
    "note": "\u003cp\u003eFounder, CEO and lead developer\u003c/p\u003e",
    "url": "https://mastodon.social/@Gargron",
    "avatar": "https://files.mastodon.social/accounts/avatars/000/000/001/original/dc4286ceb8fab734.jpg",
    "avatar_static": "https://files.mastodon.social/accounts/avatars/000/000/001/original/dc4286ceb8fab734.jpg",
    "header": "https://files.mastodon.social/accounts/headers/000/000/001/original/3b91c9965d00888b.jpeg",
    "header_static": "https://files.mastodon.social/accounts/headers/000/000/001/original/3b91c9965d00888b.jpeg",
    "followers_count": 118944, "following_count": 305, "statuses_count": 72309,
    "last_status_at": "2022-08-24",
    "emojis": [],
    "fields": []
  },
  "rules": [
    { "id": "1", "text": "Sexually explicit or violent media must be marked as sensitive when posting" }
  ]
}"#;

#[test]
fn instance_v1_docs_example_falls_back() {
    let v1: InstanceV1 = decode(INSTANCE_V1);
    assert_eq!(
        v1.urls.streaming_api.as_deref(),
        Some("wss://mastodon.social")
    );
    assert_eq!(v1.stats.user_count, 812_303);
    assert!(v1.invites_enabled);
    assert_eq!(
        v1.contact_account.as_ref().map(|a| a.note.as_str()),
        Some("<p>Founder, CEO and lead developer</p>")
    );
    assert_round_trip(&v1);

    let i = Instance::from(v1);
    assert_eq!(i.domain, "mastodon.social");
    assert_eq!(i.streaming_url(), Some("wss://mastodon.social"));
    assert_eq!(i.max_characters(), 500);
    assert_eq!(
        i.description,
        "The original server operated by the Mastodon gGmbH non-profit"
    );
    assert_eq!(i.configuration.polls.max_options, Some(4));
}

#[test]
fn instance_v1_akkoma_limits_fill_the_configuration() {
    let v1: InstanceV1 = decode(
        r#"{
          "uri": "akkoma.example",
          "title": "Akkoma",
          "description": "An Akkoma server",
          "email": null,
          "version": "2.7.2 (compatible; Akkoma 3.13.2)",
          "urls": { "streaming_api": "wss://akkoma.example" },
          "stats": { "user_count": 5, "status_count": 1000, "domain_count": null },
          "thumbnail": null,
          "languages": null,
          "registrations": false,
          "max_toot_chars": 5000,
          "poll_limits": { "max_options": 20, "max_option_chars": 200, "min_expiration": 0, "max_expiration": 31536000 },
          "upload_limit": 16000000,
          "pleroma": { "metadata": { "features": ["quote_posting"] } }
        }"#,
    );
    let i = Instance::from(v1);
    assert_eq!(i.max_characters(), 5000);
    assert_eq!(i.configuration.polls.max_options, Some(20));
    assert_eq!(i.configuration.polls.max_characters_per_option, Some(200));
    assert_eq!(i.max_media_attachments(), DEFAULT_MAX_MEDIA_ATTACHMENTS);
    assert_eq!(i.streaming_url(), Some("wss://akkoma.example"));
    assert_eq!(i.contact_email, None);
    assert_eq!(i.description, "An Akkoma server");
}

#[test]
fn instance_v2_minimal_gotosocial() {
    let v2: InstanceV2 = decode(
        r#"{
          "domain": "gts.example",
          "title": "GoToSocial",
          "version": "0.17.0",
          "configuration": {
            "urls": { "streaming": "wss://gts.example" },
            "statuses": { "max_characters": 5000, "max_media_attachments": 6, "characters_reserved_per_url": 25 },
            "accounts": { "allow_custom_css": false, "max_featured_tags": 10, "max_profile_fields": 6 },
            "emojis": { "emoji_size_limit": 51200 }
          },
          "registrations": null,
          "contact": { "email": "", "account": null },
          "thumbnail": { "url": "https://gts.example/assets/logo.png", "thumbnail_type": "image/png" },
          "api_versions": { "mastodon": 2 }
        }"#,
    );
    let i = Instance::from(v2);
    assert_eq!(i.max_characters(), 5000);
    assert_eq!(i.characters_reserved_per_url(), 25);
    assert_eq!(i.contact_email, None);
    assert_eq!(i.mastodon_api_version(), Some(2));
    assert!(i.rules.is_empty());
}

#[test]
fn context_docs_shape() {
    let c: Context = decode_value(json!({ "ancestors": [status_value()], "descendants": [] }));
    assert_eq!(c.ancestors.len(), 1);
    assert!(c.descendants.is_empty());
    assert_round_trip(&c);
}

#[test]
fn relationship_docs_example() {
    let r: Relationship = decode(
        r#"{
          "id": "1",
          "following": true,
          "showing_reblogs": true,
          "notifying": false,
          "followed_by": true,
          "blocking": false,
          "blocked_by": false,
          "muting": false,
          "muting_notifications": false,
          "requested": false,
          "domain_blocking": false,
          "endorsed": false,
          "note": ""
        }"#,
    );
    assert!(r.following && r.followed_by && !r.notifying);
    assert_eq!(r.languages, None);
    assert_round_trip(&r);
}

#[test]
fn list_docs_example_and_unknown_policy() {
    let l: List = decode(
        r#"{"id": "12249", "title": "Friends", "replies_policy": "followed", "exclusive": false}"#,
    );
    assert_eq!(l.replies_policy, RepliesPolicy::Followed);
    let none: List = decode(r#"{"id": "1", "title": "Quiet", "replies_policy": "none"}"#);
    assert_eq!(none.replies_policy, RepliesPolicy::NoReplies);
    let old: List = decode(r#"{"id": 7, "title": "Old server"}"#);
    assert_eq!(old.replies_policy, RepliesPolicy::List);
    let odd: List = decode(r#"{"id": "2", "title": "x", "replies_policy": "mutuals"}"#);
    assert_eq!(odd.replies_policy.as_str(), "mutuals");
    assert_round_trip(&odd);
}

/// docs.joinmastodon.org/entities/Filter, example.
const FILTER: &str = r#"{
  "id": "19972",
  "title": "Test filter",
  "context": ["home"],
  "expires_at": "2022-09-20T17:27:39.296Z",
  "filter_action": "warn",
  "keywords": [ { "id": "1197", "keyword": "bad word", "whole_word": false } ],
  "statuses": [ { "id": "1", "status_id": "109031743575371913" } ]
}"#;

#[test]
fn filter_docs_example() {
    let f: Filter = decode(FILTER);
    assert_eq!(f.id, FilterId::new("19972"));
    assert!(f.applies_to(&FilterContext::Home));
    assert!(!f.applies_to(&FilterContext::Public));
    assert_eq!(f.filter_action, FilterAction::Warn);
    assert_eq!(f.keywords[0].keyword, "bad word");
    assert_eq!(f.statuses[0].status_id, StatusId::new("109031743575371913"));
    assert_round_trip(&f);
}

#[test]
fn filter_result_docs_example_on_a_status() {
    let mut v = status_value();
    v["filtered"] = json!([{
        "filter": {
            "id": "3", "title": "Hide completely", "context": ["home", "explore"],
            "expires_at": "2022-09-20T17:27:39.296Z", "filter_action": "hide"
        },
        "keyword_matches": ["bad word"],
        "status_matches": null
    }]);
    let s: Status = decode_value(v);
    let result = &s.filtered[0];
    assert_eq!(result.filter.filter_action, FilterAction::Hide);
    assert_eq!(
        result.filter.context[1],
        FilterContext::Other("explore".into())
    );
    assert!(result.filter.keywords.is_empty());
    assert_eq!(result.keyword_matches, ["bad word"]);
    assert!(result.status_matches.is_empty());
    assert_round_trip(&s);
}

#[test]
fn conversation_docs_shape() {
    let c: Conversation = decode_value(json!({
        "id": "418450",
        "unread": true,
        "accounts": [account_value()],
        "last_status": status_value()
    }));
    assert!(c.unread);
    assert_eq!(c.accounts[0].username, "Gargron");
    assert!(c.last_status.is_some());
    assert_round_trip(&c);
}

#[test]
fn markers_docs_example() {
    let m: Markers = decode(
        r#"{
          "notifications": { "last_read_id": "35098814", "version": 361, "updated_at": "2019-11-24T19:39:39.337Z" },
          "home": { "last_read_id": "103206604258487607", "version": 468, "updated_at": "2019-11-24T19:39:39.337Z" }
        }"#,
    );
    let home = m.home.as_ref().expect("home");
    assert_eq!(home.last_read_id, "103206604258487607");
    assert_eq!(home.version, 468);
    assert_eq!(m.notifications.as_ref().map(|n| n.version), Some(361));
    assert_round_trip(&m);
    let only_home: Markers =
        decode(r#"{"home": {"last_read_id": 42, "version": 1, "updated_at": null}}"#);
    assert_eq!(
        only_home.home.map(|h| h.last_read_id),
        Some("42".to_string())
    );
    assert!(only_home.notifications.is_none());
}

#[test]
fn search_results_docs_shape() {
    let r: SearchResults = decode_value(json!({
        "accounts": [account_value()],
        "statuses": [status_value()],
        "hashtags": [serde_json::from_str::<Value>(TAG).expect("TAG is JSON")]
    }));
    assert_eq!(r.accounts.len(), 1);
    assert_eq!(r.statuses[0].id.as_str(), "103270115826048975");
    assert_eq!(r.hashtags[0].name, "nowplaying");
    assert_round_trip(&r);
}

#[test]
fn application_registered_and_on_status() {
    let app: Application = decode(
        r#"{
          "id": "563419",
          "name": "test app",
          "website": null,
          "scopes": ["read", "write"],
          "redirect_uri": "urn:ietf:wg:oauth:2.0:oob",
          "redirect_uris": ["urn:ietf:wg:oauth:2.0:oob"],
          "client_id": "TWhM-tNSuncnqN7DBJmoyeLnk6K3iJJ71KKXxgL1hPM",
          "client_secret": "ZEaFUFmF0umgBX1qKJDjaU99Q31lDkOU8NutzTOoliw",
          "client_secret_expires_at": 0,
          "vapid_key": "BCk-QqERU0q-CfYZjcuB6lnyyOYfJ2AifKqfeGIm7Z-HiTU5T9eTG5GxVA0_OH5mMlI4UkkDTpaZwozy0TzdZ2M="
        }"#,
    );
    assert_eq!(
        app.client_id.as_deref(),
        Some("TWhM-tNSuncnqN7DBJmoyeLnk6K3iJJ71KKXxgL1hPM")
    );
    assert_eq!(app.scopes, ["read", "write"]);
    assert!(!format!("{app:?}").contains("ZEaFUFmF0umgBX1qKJDjaU99Q31lDkOU8NutzTOoliw"));
    assert_round_trip(&app);

    let on_status: Application = decode(r#"{"name": "Web", "website": null}"#);
    assert_eq!(on_status.client_secret, None);
    assert_eq!(
        serde_json::to_value(&on_status).expect("serialise"),
        json!({"name": "Web", "website": null})
    );
}

#[test]
fn token_docs_example() {
    let t: Token = decode(
        r#"{
          "access_token": "ZA-Yj3aBD8U8Cm7lKUp-lm9O9BmDgdhHzDeqsY8tlL0",
          "token_type": "Bearer",
          "scope": "read write follow push",
          "created_at": 1573979017
        }"#,
    );
    assert_eq!(t.created_at, 1_573_979_017);
    assert_eq!(
        t.scopes().collect::<Vec<_>>(),
        ["read", "write", "follow", "push"]
    );
    assert!(!format!("{t:?}").contains("ZA-Yj3aBD8U8"));
    assert_round_trip(&t);
}

#[test]
fn scheduled_status_docs_example() {
    let s: ScheduledStatus = decode(
        r#"{
          "id": "1",
          "scheduled_at": "2022-09-29T00:00:00.000Z",
          "params": {
            "text": "test post",
            "media_ids": null,
            "sensitive": null,
            "spoiler_text": null,
            "visibility": null,
            "language": null,
            "scheduled_at": null,
            "poll": null,
            "idempotency": null,
            "with_rate_limit": false,
            "in_reply_to_id": null,
            "application_id": 3,
            "quoted_status_id": null,
            "quote_approval_policy": "followers"
          },
          "media_attachments": []
        }"#,
    );
    assert_eq!(s.id, ScheduledStatusId::new("1"));
    assert_eq!(s.scheduled_at, Some(datetime!(2022-09-29 00:00 UTC)));
    assert_eq!(s.params.text, "test post");
    assert!(s.params.media_ids.is_empty());
    assert_eq!(
        s.params.quote_approval_policy,
        Some(QuoteApprovalPolicy::Followers)
    );
    assert_round_trip(&s);

    let reply: ScheduledStatus = decode(
        r#"{"id": 2, "scheduled_at": "2022-09-29T00:00:00Z",
            "params": {"text": "poll", "in_reply_to_id": 103270115826048975, "visibility": "unlisted",
                       "poll": {"options": ["a", "b"], "expires_in": "600", "multiple": false}}}"#,
    );
    assert_eq!(
        reply.params.in_reply_to_id,
        Some(StatusId::new("103270115826048975"))
    );
    assert_eq!(reply.params.visibility, Some(Visibility::Unlisted));
    assert_eq!(reply.params.poll.as_ref().map(|p| p.expires_in), Some(600));
}

#[test]
fn api_error_body_variants() {
    let full: ApiErrorBody = decode(
        r#"{"error": "invalid_grant", "error_description": "The provided authorization grant is invalid, expired, revoked, does not match the redirection URI used in the authorization request, or was issued to another client."}"#,
    );
    assert_eq!(full.error, "invalid_grant");
    assert!(full.message().starts_with("invalid_grant: The provided"));

    let short: ApiErrorBody = decode(r#"{"error": "Record not found"}"#);
    assert_eq!(short.to_string(), "Record not found");
    assert_eq!(short.error_description, None);

    let empty: ApiErrorBody = decode(r#"{"errors": {"detail": "nope"}}"#);
    assert_eq!(empty.error, "");
    let nulls: ApiErrorBody = decode(r#"{"error": null, "error_description": "only this"}"#);
    assert_eq!(nulls.message(), "only this");

    assert!(ApiErrorBody::from_json(br#"{"error": "Too many requests"}"#).is_some());
    assert!(ApiErrorBody::from_json(b"{}").is_none());
    assert!(ApiErrorBody::from_json(b"<html>502 Bad Gateway</html>").is_none());
}

// ---------------------------------------------------------------------------
// Quotes
// ---------------------------------------------------------------------------

#[test]
fn quote_docs_example() {
    let mut v = status_value();
    v["id"] = json!("300");
    v["quote"] = json!({ "state": "accepted", "quoted_status": status_value() });
    let s: Status = decode_value(v);
    let quote = s.quote.as_ref().expect("quote");
    assert_eq!(quote.state, QuoteState::Accepted);
    assert_eq!(
        s.quoted_status().map(|q| q.id.as_str()),
        Some("103270115826048975")
    );
    assert_eq!(
        quote.status_id(),
        Some(&StatusId::new("103270115826048975"))
    );
    assert_round_trip(&s);
}

#[test]
fn shallow_quote_and_hidden_states() {
    let mut v = status_value();
    v["quote"] = json!({ "state": "pending", "quoted_status_id": "42" });
    let s: Status = decode_value(v.clone());
    let quote = s.quote.as_ref().expect("quote");
    assert_eq!(quote.state, QuoteState::Pending);
    assert_eq!(quote.status_id(), Some(&StatusId::new("42")));
    assert!(s.quoted_status().is_none());

    v["quote"] = json!({ "state": "blocked_account", "quoted_status": status_value() });
    let blocked: Status = decode_value(v.clone());
    assert!(
        blocked.quoted_status().is_none(),
        "blocked quotes are not shown"
    );

    v["quote"] = json!({ "state": "some_future_state", "quoted_status": null });
    let future: Status = decode_value(v);
    assert_eq!(
        future.quote.map(|q| q.state),
        Some(QuoteState::Other("some_future_state".into()))
    );
}

// ---------------------------------------------------------------------------
// Other servers: missing fields, nulls, unknown values, numeric ids
// ---------------------------------------------------------------------------

/// A GoToSocial status: ULID ids, no `filtered`, no `edited_at`, timestamps
/// without fractional seconds, no `text`.
const GTS_STATUS: &str = r#"{
  "id": "01HQ4Z5Y7B8MJ6V1N9A3K2XWRT",
  "created_at": "2024-02-21T10:15:30Z",
  "in_reply_to_id": null,
  "in_reply_to_account_id": null,
  "sensitive": false,
  "spoiler_text": "",
  "visibility": "public",
  "language": "en",
  "uri": "https://gts.example/users/alice/statuses/01HQ4Z5Y7B8MJ6V1N9A3K2XWRT",
  "url": "https://gts.example/@alice/statuses/01HQ4Z5Y7B8MJ6V1N9A3K2XWRT",
  "replies_count": 0,
  "reblogs_count": 0,
  "favourites_count": 1,
  "favourited": false,
  "bookmarked": false,
  "pinned": false,
  "muted": false,
  "reblogged": false,
  "content": "<p>hello from gts</p>",
  "reblog": null,
  "application": { "name": "tusky", "website": "https://tusky.app" },
  "account": {
    "id": "01F8MH1H7YV1Z7D2C8K2730QBF",
    "username": "alice",
    "acct": "alice",
    "display_name": "",
    "locked": false,
    "discoverable": true,
    "bot": false,
    "created_at": "2021-06-11T10:00:00.000Z",
    "note": "",
    "url": "https://gts.example/@alice",
    "avatar": "",
    "avatar_static": "",
    "header": "https://gts.example/assets/default_header.png",
    "header_static": "https://gts.example/assets/default_header.png",
    "followers_count": 3,
    "following_count": 2,
    "statuses_count": 10,
    "last_status_at": "2024-02-21T10:15:30.000Z",
    "emojis": [],
    "fields": [],
    "enable_rss": true,
    "role": { "name": "user" }
  },
  "media_attachments": [],
  "mentions": [],
  "tags": [],
  "emojis": [],
  "card": null,
  "poll": null,
  "interaction_policy": { "can_favourite": { "always": ["public"], "with_approval": [] } }
}"#;

#[test]
fn gotosocial_status_without_filtered_or_edited_at() {
    let s: Status = decode(GTS_STATUS);
    assert_eq!(s.id.as_str(), "01HQ4Z5Y7B8MJ6V1N9A3K2XWRT");
    assert_eq!(s.created_at, Some(datetime!(2024-02-21 10:15:30 UTC)));
    assert!(s.filtered.is_empty());
    assert_eq!(s.edited_at, None);
    assert_eq!(s.text, None);
    assert_eq!(s.account.display_name_or_username(), "alice");
    assert!(!s.account.group, "missing bool defaults to false");
    assert_round_trip(&s);
}

#[test]
fn akkoma_status_with_pleroma_object_and_local_visibility() {
    let s: Status = decode_value(json!({
        "id": "AeXn7vCgY1kBh0lGmW",
        "uri": "https://akkoma.example/objects/6c9b0f4e",
        "url": "https://akkoma.example/notice/AeXn7vCgY1kBh0lGmW",
        "created_at": "2024-02-21T10:15:30.000Z",
        "edited_at": null,
        "account": {
            "id": "AbCdEf123",
            "username": "bob",
            "acct": "bob",
            "display_name": "Bob",
            "note": "",
            "followers_count": 10,
            "following_count": 20,
            "statuses_count": 30,
            "fields": null,
            "emojis": null,
            "last_status_at": "2024-02-21T10:15:30",
            "pleroma": { "is_admin": false, "relationship": {} },
            "akkoma": { "instance": { "name": "akkoma.example" } }
        },
        "content": "only on this server",
        "visibility": "local",
        "sensitive": null,
        "spoiler_text": null,
        "media_attachments": null,
        "mentions": [],
        "tags": [{ "name": "test", "url": "https://akkoma.example/tag/test" }],
        "emojis": [],
        "emoji_reactions": [{ "name": "👍", "count": 2, "me": false }],
        "reblogs_count": null,
        "favourites_count": 2,
        "replies_count": 0,
        "application": null,
        "poll": null,
        "card": null,
        "quote": {
            "id": "AeXn7vCgY1kBh0lGmV",
            "content": "an earlier post",
            "account": { "id": "AbCdEf124", "acct": "carol@elsewhere.example" }
        },
        "pleroma": {
            "local": true,
            "conversation_id": 5,
            "content": { "text/plain": "only on this server" },
            "quote_id": "AeXn7vCgY1kBh0lGmV",
            "emoji_reactions": []
        }
    }));
    assert_eq!(s.visibility, Visibility::Other("local".into()));
    assert_eq!(s.visibility.as_str(), "local");
    assert!(!s.sensitive);
    assert_eq!(s.spoiler_text, "");
    assert!(s.media_attachments.is_empty());
    assert_eq!(s.reblogs_count, 0);
    assert!(s.account.fields.is_empty() && s.account.emojis.is_empty());
    assert_eq!(
        s.account.last_status_at,
        Some(datetime!(2024-02-21 10:15:30 UTC)),
        "no offset: taken as UTC"
    );
    assert!(s.tags[0].history.is_empty());
    let quoted = s
        .quoted_status()
        .expect("legacy quote is the status itself");
    assert_eq!(quoted.account.acct, "carol@elsewhere.example");
    assert_round_trip(&s);
}

#[test]
fn akkoma_emoji_reaction_notification_is_other() {
    let n: Notification = decode_value(json!({
        "id": "AeXnB1mz2Vdj1sQp3s",
        "type": "pleroma:emoji_reaction",
        "created_at": "2024-02-21T10:20:00.000Z",
        "account": { "id": "AbCdEf124", "acct": "carol@elsewhere.example" },
        "status": { "id": "AeXn7vCgY1kBh0lGmW", "account": { "id": "AbCdEf123" } },
        "emoji": "👍",
        "pleroma": { "is_seen": false, "is_muted": false }
    }));
    assert_eq!(
        n.kind,
        NotificationType::Other("pleroma:emoji_reaction".into())
    );
    assert!(n.kind.is_other());
    assert_eq!(n.emoji.as_deref(), Some("👍"));
    assert_round_trip(&n);
    assert_eq!(
        serde_json::to_value(&n).expect("serialise")["type"],
        json!("pleroma:emoji_reaction")
    );
}

#[test]
fn numeric_ids_become_decimal_strings() {
    let n: Notification = decode(
        r#"{"id": 34975861, "type": "follow", "account": {"id": 971724, "username": "zsc"}}"#,
    );
    assert_eq!(n.id, NotificationId::new("34975861"));
    assert_eq!(n.account.as_ref().map(|a| a.id.as_str()), Some("971724"));
    let s: Status = decode(
        r#"{"id": 103186126728896492, "in_reply_to_id": 103186038209478945,
            "in_reply_to_account_id": 14715, "account": {"id": 1}}"#,
    );
    assert_eq!(s.id.as_str(), "103186126728896492");
    assert_eq!(s.in_reply_to_id, Some(StatusId::from("103186038209478945")));
    assert_eq!(s.in_reply_to_account_id, Some(AccountId::from("14715")));
    assert_eq!(
        serde_json::to_value(&s.id).expect("serialise"),
        json!("103186126728896492"),
        "ids serialise as strings"
    );
}

#[test]
fn minimal_status_decodes_with_defaults() {
    let s: Status = decode(r#"{"id": "1", "account": {"id": "2"}}"#);
    assert_eq!(s.visibility, Visibility::Public);
    assert_eq!(s.content, "");
    assert_eq!(s.created_at, None);
    assert!(s.mentions.is_empty() && s.media_attachments.is_empty());
    assert_eq!(s.account.username, "");
    assert_round_trip(&s);
}

#[test]
fn nulls_where_mastodon_never_sends_them() {
    let s: Status = decode(
        r#"{
          "id": "1", "uri": null, "url": null, "content": null, "visibility": null,
          "mentions": null, "tags": null, "emojis": null, "filtered": null,
          "favourites_count": null, "replies_count": "3",
          "account": {"id": "2", "username": null, "acct": null, "display_name": null,
                      "locked": null, "bot": null, "followers_count": null, "fields": null,
                      "created_at": null, "moved": null}
        }"#,
    );
    assert_eq!(s.uri, "");
    assert_eq!(s.visibility, Visibility::Public);
    assert_eq!(s.favourites_count, 0);
    assert_eq!(
        s.replies_count, 3,
        "numeric strings are accepted for counts"
    );
    assert!(!s.account.locked);
    assert_eq!(s.account.followers_count, 0);
}

#[test]
fn unparseable_timestamps_become_none() {
    let s: Status = decode(
        r#"{"id": "1", "created_at": "yesterday", "edited_at": 12,
            "account": {"id": "2", "created_at": {"weird": true}, "last_status_at": "2019-11-24"}}"#,
    );
    assert_eq!(s.created_at, None);
    assert_eq!(
        s.edited_at,
        Some(datetime!(1970-01-01 00:00:12 UTC)),
        "numbers are Unix seconds"
    );
    assert_eq!(s.account.created_at, None);
    assert_eq!(
        s.account.last_status_at,
        Some(datetime!(2019-11-24 00:00 UTC))
    );
}

#[test]
fn timestamp_parsing_variants() {
    let cases = [
        (
            "2019-12-08T03:48:33.901Z",
            datetime!(2019-12-08 03:48:33.901 UTC),
        ),
        ("2019-12-08T03:48:33Z", datetime!(2019-12-08 03:48:33 UTC)),
        (
            "2019-07-15T18:29:57.191+00:00",
            datetime!(2019-07-15 18:29:57.191 UTC),
        ),
        (
            "2019-07-15T20:29:57+02:00",
            datetime!(2019-07-15 18:29:57 UTC),
        ),
        ("2019-11-24", datetime!(2019-11-24 00:00 UTC)),
        (
            "2019-11-24T10:00:00.5",
            datetime!(2019-11-24 10:00:00.5 UTC),
        ),
    ];
    for (text, expected) in cases {
        assert_eq!(parse_timestamp(text), Some(expected), "{text}");
    }
    assert_eq!(parse_timestamp("not a date"), None);
    assert_eq!(
        format_timestamp(&datetime!(2019-12-08 03:48:33.901 UTC)).as_deref(),
        Some("2019-12-08T03:48:33.901Z")
    );
}

#[test]
fn unknown_enum_values_round_trip_verbatim() {
    let v: Visibility = decode(r#""mutuals_only""#);
    assert_eq!(v, Visibility::Other("mutuals_only".into()));
    assert_eq!(
        serde_json::to_string(&v).expect("serialise"),
        r#""mutuals_only""#
    );
    let c: CardType = decode(r#""rich""#);
    assert_eq!(c, CardType::Rich);
    let a: FilterAction = decode(r#""mute""#);
    assert_eq!(a.to_string(), "mute");
    let parsed: QuoteState = "muted_account".parse().expect("infallible");
    assert_eq!(parsed, QuoteState::MutedAccount);
}

#[test]
fn malformed_card_does_not_lose_the_status() {
    let mut v = status_value();
    v["card"] = json!("https://example.org");
    v["application"] = json!("Web");
    let s: Status = decode_value(v);
    assert_eq!(s.card, None);
    assert_eq!(s.application, None);
}

// ---------------------------------------------------------------------------
// Errors and round trips
// ---------------------------------------------------------------------------

#[test]
fn decode_error_names_the_field() {
    let mut v = status_value();
    v["account"]["followers_count"] = json!("abc");
    let text = v.to_string();
    let de = &mut serde_json::Deserializer::from_str(&text);
    let err = match serde_path_to_error::deserialize::<_, Status>(de) {
        Ok(_) => panic!("\"abc\" is not a count"),
        Err(e) => e,
    };
    let path = err.path().to_string();
    assert!(path.contains("account.followers_count"), "path was {path}");
}

#[test]
fn missing_required_id_is_an_error() {
    let result = serde_json::from_str::<Status>(r#"{"account": {"id": "1"}}"#);
    assert!(result.is_err());
    let result = serde_json::from_str::<Notification>(r#"{"id": "1"}"#);
    assert!(result.is_err(), "a notification needs its type");
}

#[test]
fn status_round_trip() {
    let mut v = status_value();
    v["edited_at"] = json!("2019-12-08T04:00:00.000Z");
    v["media_attachments"] = json!([{
        "id": "22345792", "type": "image", "url": "https://files.example/a.jpeg",
        "meta": { "focus": { "x": -0.27, "y": 0.51 }, "original": { "width": 640, "height": 480 } },
        "description": "alt"
    }]);
    v["mentions"] = json!([{ "id": "14715", "username": "trwnh", "acct": "trwnh", "url": "https://mastodon.social/@trwnh" }]);
    v["tags"] = serde_json::from_str::<Value>(&format!("[{TAG}]")).expect("TAG is JSON");
    v["poll"] = serde_json::from_str::<Value>(POLL).expect("POLL is JSON");
    v["reblog"] = serde_json::from_str::<Value>(GTS_STATUS).expect("GTS_STATUS is JSON");
    let s: Status = decode_value(v);
    let text = serde_json::to_string(&s).expect("serialise");
    let again: Status = decode(&text);
    assert_eq!(again, s);
    let reparsed: Value = serde_json::from_str(&text).expect("JSON");
    assert_eq!(reparsed["created_at"], json!("2019-12-08T03:48:33.901Z"));
    assert_eq!(reparsed["visibility"], json!("public"));
    assert_eq!(reparsed["media_attachments"][0]["type"], json!("image"));
}

#[test]
fn ids_display_and_compare() {
    let id = StatusId::new("109");
    assert_eq!(id.to_string(), "109");
    assert_eq!(id.as_str(), "109");
    assert!(StatusId::from("99") < StatusId::from("100"));
    assert!(
        StatusId::from("01HQ4Z5Y7B8MJ6V1N9A3K2XWRS") < StatusId::from("01HQ4Z5Y7B8MJ6V1N9A3K2XWRT")
    );
    assert_eq!(
        String::from("abc"),
        AccountId::from(String::from("abc")).into_string()
    );
}

#[test]
fn a_scheduled_status_with_a_bitfield_policy_and_a_repeated_key_still_decodes() {
    // As a current Mastodon 4.5 sent it: `quote_approval_policy` as an
    // integer bitfield, then the same key again with a string.
    let body = r#"[
        {"id": "1", "scheduled_at": "2030-01-15T09:00:00.000Z", "media_attachments": [],
         "params": {"text": "first", "visibility": "public",
                    "quote_approval_policy": 262144, "quote_approval_policy": "followers"}},
        {"id": "2", "scheduled_at": "2030-01-16T09:00:00.000Z", "media_attachments": [],
         "params": {"text": "second", "quote_approval_policy": 262144}},
        {"id": "3", "scheduled_at": "2030-01-17T09:00:00.000Z", "params": null}
    ]"#;
    let list: Vec<ScheduledStatus> = serde_json::from_str(body).unwrap();
    assert_eq!(list.len(), 3, "the list is whole");
    assert_eq!(list[0].params.text, "first");
    // The last value of a repeated key counts.
    assert_eq!(
        list[0].params.quote_approval_policy,
        Some(QuoteApprovalPolicy::Followers)
    );
    // A value of the wrong type is unknown, not an error.
    assert_eq!(list[1].params.quote_approval_policy, None);
    assert_eq!(list[1].params.text, "second");
    assert_eq!(list[2].params.text, "");
}

// ------------------------------------------------------- wrong-typed fields

/// Every place in `v` that can be changed: object members down to `depth`
/// levels (through the first element of arrays), as JSON pointers.
fn member_paths(v: &Value, at: String, depth: usize, out: &mut Vec<String>) {
    if depth == 0 {
        return;
    }
    match v {
        Value::Object(m) => {
            for (k, child) in m {
                let p = format!("{at}/{}", k.replace('~', "~0").replace('/', "~1"));
                out.push(p.clone());
                member_paths(child, p, depth - 1, out);
            }
        }
        Value::Array(a) => {
            if let Some(first) = a.first() {
                member_paths(first, format!("{at}/0"), depth, out);
            }
        }
        _ => {}
    }
}

fn kind(v: &Value) -> u8 {
    match v {
        Value::Null => 0,
        Value::Bool(_) => 1,
        Value::Number(_) => 2,
        Value::String(_) => 3,
        Value::Array(_) => 4,
        Value::Object(_) => 5,
    }
}

/// Decodes `sample` through the client's decoder with each optional member
/// (one the entity decodes without) replaced by values of every other JSON
/// type, and with a repeated key; lists what fails.
fn wrong_types_degrade<T: DeserializeOwned>(name: &str, sample: &Value) -> Vec<String> {
    let decode = |v: &Value| trompe::api::client::decode::<T>(name, v.to_string().as_bytes());
    if let Err(e) = decode(sample) {
        return vec![format!("{name}: the sample itself: {e}")];
    }
    let mut paths = Vec::new();
    member_paths(sample, String::new(), 3, &mut paths);
    let mut failures = Vec::new();
    for p in paths {
        let (parent, key) = p.rsplit_once('/').unwrap();
        let key = key.replace("~1", "/").replace("~0", "~");
        let mut without = sample.clone();
        let Some(obj) = without.pointer_mut(parent).and_then(Value::as_object_mut) else {
            continue;
        };
        let original = obj.remove(&key).unwrap();
        if decode(&without).is_err() {
            continue; // required: the entity cannot be without it
        }
        for wrong in [
            json!(262144),
            json!("followers"),
            json!(true),
            json!({"odd": [1]}),
            json!([1, "two"]),
        ] {
            if kind(&wrong) == kind(&original) {
                continue;
            }
            let mut bad = sample.clone();
            *bad.pointer_mut(&p).unwrap() = wrong.clone();
            if let Err(e) = decode(&bad) {
                failures.push(format!("{name}{p} = {wrong}: {e}"));
            }
        }
    }
    // An optional key sent twice (the last one wrong-typed) is no worse.
    if let Value::Object(m) = sample {
        let optional = |k: &str| {
            let mut without = m.clone();
            without.remove(k);
            decode(&Value::Object(without)).is_ok()
        };
        if let Some((k, _)) = m.iter().find(|(k, _)| optional(k)) {
            let text = sample.to_string();
            let doubled = format!("{},\"{k}\":262144}}", &text[..text.len() - 1]);
            if let Err(e) = trompe::api::client::decode::<T>(name, doubled.as_bytes()) {
                failures.push(format!("{name}: `{k}` twice: {e}"));
            }
        }
    }
    failures
}

/// The raw JSON of a GET.
async fn get_json(client: &trompe::api::Client, path: &str) -> Value {
    let url = client.url(path).unwrap();
    let rb = client.request(reqwest::Method::GET, url);
    let (_, body) = client.send(rb, "sample").await.unwrap();
    serde_json::from_slice::<Value>(&body).unwrap()
}

/// An unexpected type or a repeated key in an optional field degrades that
/// field to "unknown"; it never fails the entity or the list. Every entity
/// trompe reads, from the demo's own answers.
#[tokio::test]
async fn wrong_typed_optional_fields_never_fail_an_entity() {
    let (server, client) = trompe_testkit::demo().await;
    let first = |v: Value| v.as_array().and_then(|a| a.first().cloned()).unwrap();
    let home = get_json(&client, "api/v1/timelines/home?limit=40").await;
    let items = home.as_array().unwrap();
    let pick = |want: &dyn Fn(&Value) -> bool| items.iter().find(|s| want(s)).cloned();
    let mut failures = Vec::new();
    let mut statuses = vec![first(home.clone())];
    for want in [
        &(|s: &Value| !s["reblog"].is_null()) as &dyn Fn(&Value) -> bool,
        &|s: &Value| !s["poll"].is_null(),
        &|s: &Value| !s["card"].is_null(),
        &|s: &Value| {
            s["media_attachments"]
                .as_array()
                .is_some_and(|a| !a.is_empty())
        },
    ] {
        statuses.extend(pick(want));
    }
    assert!(
        statuses.len() >= 4,
        "the demo's home has boosts, polls, cards and media"
    );
    for s in &statuses {
        failures.extend(wrong_types_degrade::<Status>("status", s));
    }
    let id = statuses[0]["id"].as_str().unwrap().to_string();
    let me = get_json(&client, "api/v1/accounts/verify_credentials").await;
    let me_id = me["id"].as_str().unwrap().to_string();
    failures.extend(wrong_types_degrade::<Account>("account", &me));
    failures.extend(wrong_types_degrade::<Notification>(
        "notification",
        &first(get_json(&client, "api/v1/notifications").await),
    ));
    failures.extend(wrong_types_degrade::<GroupedNotificationsResults>(
        "grouped notifications",
        &get_json(&client, "api/v2/notifications").await,
    ));
    failures.extend(wrong_types_degrade::<InstanceV2>(
        "instance",
        &get_json(&client, "api/v2/instance").await,
    ));
    failures.extend(wrong_types_degrade::<InstanceV1>(
        "instance v1",
        &get_json(&client, "api/v1/instance").await,
    ));
    failures.extend(wrong_types_degrade::<Relationship>(
        "relationship",
        &first(
            get_json(
                &client,
                &format!("api/v1/accounts/relationships?id[]={me_id}"),
            )
            .await,
        ),
    ));
    failures.extend(wrong_types_degrade::<Context>(
        "context",
        &get_json(&client, &format!("api/v1/statuses/{id}/context")).await,
    ));
    failures.extend(wrong_types_degrade::<StatusSource>(
        "status source",
        &get_json(&client, &format!("api/v1/statuses/{id}/source")).await,
    ));
    failures.extend(wrong_types_degrade::<SearchResults>(
        "search",
        &get_json(&client, "api/v2/search?q=rust").await,
    ));
    failures.extend(wrong_types_degrade::<Markers>(
        "markers",
        &get_json(
            &client,
            "api/v1/markers?timeline[]=home&timeline[]=notifications",
        )
        .await,
    ));
    // An edited post's history, and a scheduled post (made here).
    let edited = items
        .iter()
        .find(|s| !s["edited_at"].is_null())
        .and_then(|s| s["id"].as_str())
        .expect("the demo has an edited post");
    failures.extend(wrong_types_degrade::<StatusEdit>(
        "status edit",
        &first(get_json(&client, &format!("api/v1/statuses/{edited}/history")).await),
    ));
    let mut params = trompe::api::endpoints::compose::StatusParams {
        status: "later".into(),
        ..Default::default()
    };
    params.scheduled_at = Some(time::OffsetDateTime::now_utc() + time::Duration::days(30));
    client
        .post_status(&params, "scheduled-sample")
        .await
        .unwrap();
    failures.extend(wrong_types_degrade::<ScheduledStatus>(
        "scheduled status",
        &first(get_json(&client, "api/v1/scheduled_statuses").await),
    ));
    for (name, path) in [
        ("list", "api/v1/lists"),
        ("filter", "api/v2/filters"),
        ("conversation", "api/v1/conversations"),
        ("announcement", "api/v1/announcements"),
        ("tag", "api/v1/followed_tags"),
    ] {
        let all = get_json(&client, path).await;
        let Some(one) = all.as_array().and_then(|a| a.first().cloned()) else {
            panic!("the demo has no {name}");
        };
        failures.extend(match name {
            "list" => wrong_types_degrade::<List>(name, &one),
            "filter" => wrong_types_degrade::<Filter>(name, &one),
            "conversation" => wrong_types_degrade::<Conversation>(name, &one),
            "announcement" => wrong_types_degrade::<Announcement>(name, &one),
            _ => wrong_types_degrade::<Tag>(name, &one),
        });
    }
    drop(server);
    assert!(
        failures.is_empty(),
        "{} fields fail their entity:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// A list with one element that cannot be read at all (no id) loses that
/// element only; a required field's wrong type fails the entity alone.
#[test]
fn one_unreadable_post_does_not_cost_the_page() {
    let mut page: Vec<Value> = (0..3)
        .map(|i| {
            let mut s = status_value();
            s["id"] = json!(format!("10{i}"));
            s
        })
        .collect();
    page[1].as_object_mut().unwrap().remove("id");
    page[2]["favourited"] = json!("maybe");
    let body = serde_json::to_vec(&page).unwrap();
    let got: Vec<Status> = trompe::api::client::decode("home", &body).unwrap();
    let ids: Vec<&str> = got.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(ids, vec!["100", "102"]);
    assert!(!got[1].favourited.unwrap_or(false), "unknown, not true");
    // The entity alone, without its id: an error naming it.
    let e = trompe::api::client::decode::<Status>("status", &serde_json::to_vec(&page[1]).unwrap())
        .unwrap_err();
    assert!(e.to_string().contains("missing field `id`"), "{e}");
}
