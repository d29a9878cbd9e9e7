//! The user's filters applied where the posts are. The server marks each
//! post it sends with the filters that match it (`filtered`); when the
//! filters change, the posts already loaded are matched again here, as
//! the server would, instead of loading every tab again: hidden posts are
//! set aside in place (and come back when a filter goes), warned ones get
//! their warning, and the reader stays on their post. Part of `update`:
//! synchronous, no I/O.

use time::OffsetDateTime;
use trompe_api::endpoints::timelines::TimelineKind;
use trompe_api::entities::{Filter, FilterContext, FilterResult, Status, StatusId};

use crate::state::State;
use crate::timeline::TabKind;
use crate::views::VIEW_TAB_BASE;

/// Where the server filters a list of posts, as a filter's context names
/// it (`None`: bookmarks and favourites, which it does not filter).
pub fn context_of(kind: &TabKind) -> Option<FilterContext> {
    match kind {
        TabKind::Timeline(TimelineKind::Home | TimelineKind::List { .. }) => {
            Some(FilterContext::Home)
        }
        TabKind::Timeline(
            TimelineKind::Local
            | TimelineKind::Federated
            | TimelineKind::Hashtag { .. }
            | TimelineKind::Trending,
        ) => Some(FilterContext::Public),
        TabKind::Timeline(TimelineKind::Account { .. }) => Some(FilterContext::Account),
        TabKind::Timeline(TimelineKind::Bookmarks | TimelineKind::Favourites) => None,
        TabKind::Notifications(_) | TabKind::Conversations | TabKind::Relay => None,
    }
}

/// What keywords are matched against, lower-cased, as Mastodon does: the
/// text, the content warning, media descriptions and poll options.
fn searchable(s: &Status) -> String {
    let mut t = trompe_api::html::html_to_text(&s.content);
    t.push('\n');
    t.push_str(&s.spoiler_text);
    for m in &s.media_attachments {
        if let Some(d) = &m.description {
            t.push('\n');
            t.push_str(d);
        }
    }
    if let Some(p) = &s.poll {
        for o in &p.options {
            t.push('\n');
            t.push_str(&o.title);
        }
    }
    t.to_lowercase()
}

fn word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Whether `keyword` occurs in `text` (lower-cased), ignoring case. A
/// whole-word keyword may not touch a word character on a side where it
/// begins or ends with one (Mastodon's `\b`).
pub fn keyword_in(text: &str, keyword: &str, whole_word: bool) -> bool {
    let k = keyword.trim().to_lowercase();
    if k.is_empty() {
        return false;
    }
    let starts_word = k.chars().next().is_some_and(word_char);
    let ends_word = k.chars().next_back().is_some_and(word_char);
    let mut from = 0;
    while let Some(i) = text[from..].find(&k) {
        let at = from + i;
        let end = at + k.len();
        let before_ok = !starts_word || !text[..at].chars().next_back().is_some_and(word_char);
        let after_ok = !ends_word || !text[end..].chars().next().is_some_and(word_char);
        if !whole_word || (before_ok && after_ok) {
            return true;
        }
        from = at + text[at..].chars().next().map_or(1, char::len_utf8);
    }
    false
}

/// The filters that match a post in `context` (what the server would put
/// in its `filtered`): its keywords, or the post itself.
pub fn results(
    filters: &[Filter],
    s: &Status,
    context: &FilterContext,
    now: OffsetDateTime,
) -> Vec<FilterResult> {
    let orig = s.original();
    let mut text: Option<String> = None;
    let mut out = Vec::new();
    for f in filters {
        if !f.context.contains(context) || f.expires_at.is_some_and(|e| e <= now) {
            continue;
        }
        let keyword_matches: Vec<String> = if f.keywords.is_empty() {
            Vec::new()
        } else {
            let t = text.get_or_insert_with(|| searchable(orig));
            f.keywords
                .iter()
                .filter(|k| keyword_in(t, &k.keyword, k.whole_word))
                .map(|k| k.keyword.clone())
                .collect()
        };
        let status_matches: Vec<StatusId> = f
            .statuses
            .iter()
            .filter(|x| x.status_id == orig.id)
            .map(|x| x.status_id.clone())
            .collect();
        if !keyword_matches.is_empty() || !status_matches.is_empty() {
            let mut filter = f.clone();
            filter.keywords.clear();
            filter.statuses.clear();
            out.push(FilterResult {
                filter,
                keyword_matches,
                status_matches,
            });
        }
    }
    out
}

/// The filters changed (and are now `filters`): every list of posts of
/// the account is matched again in place.
pub(crate) fn apply(state: &mut State, account: usize, filters: &[Filter]) {
    let now = state.now;
    let Some(acc) = state.accounts.get_mut(account) else {
        return;
    };
    let refs: Vec<usize> = (0..acc.tabs.len())
        .chain(
            acc.views
                .iter()
                .enumerate()
                .filter(|(_, v)| v.tab().is_some())
                .map(|(i, _)| VIEW_TAB_BASE + i),
        )
        .collect();
    for r in refs {
        let Some(t) = acc.tab_ref(r) else {
            continue;
        };
        let Some(context) = context_of(&t.kind) else {
            continue;
        };
        let ids: Vec<String> = t.ids.iter().chain(t.set_aside.iter()).cloned().collect();
        for id in ids {
            let Some(s) = acc.statuses.get_mut(&StatusId::new(id)) else {
                continue;
            };
            // Where the card reads its warning, and `hidden_by_filter` its
            // `hide`: the post's own `filtered` (a boost's, the boosted one's).
            let found = results(filters, s, &context, now);
            match s.reblog.as_mut() {
                Some(orig) => orig.filtered = found,
                None => s.filtered = found,
            }
        }
        acc.rehide(r);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keywords_match_as_mastodon_matches_them() {
        let t = "i love rust, and rustaceans.\n#rustlang";
        assert!(keyword_in(t, "Rust", true));
        assert!(keyword_in(t, "rustacean", false));
        assert!(!keyword_in(t, "rustacean", true));
        assert!(!keyword_in(t, "ove", true));
        assert!(keyword_in(t, "ove", false));
        // A keyword that begins with a non-word character needs no
        // boundary on that side.
        assert!(keyword_in(t, "#rustlang", true));
        assert!(!keyword_in(t, "  ", true));
        // The second occurrence can be the whole word.
        assert!(keyword_in("rusty rust", "rust", true));
        assert!(keyword_in(&"À L'ÉCOLE".to_lowercase(), "École", true));
    }
}
