//! The files of an export: Mastodon's own CSV formats (the ones its web
//! UI's import page reads and its export page writes), and one JSON file
//! for what Mastodon exports in no CSV (filters, followed tags, and the
//! settings of lists).
//!
//! | file | columns |
//! |---|---|
//! | `following_accounts.csv` | header `Account address,Show boosts,Notify on new posts,Languages` |
//! | `lists.csv` | no header: `list title,account address` |
//! | `blocked_accounts.csv` | no header: `account address` |
//! | `muted_accounts.csv` | header `Account address,Hide notifications` |
//! | `blocked_domains.csv` | no header: `domain` |
//! | `bookmarks.csv` | no header: the post's URI |
//! | `filters_and_tags.json` | see [`Extras`] |
//!
//! Reading is lenient where Mastodon's own import is: a header row is
//! optional, booleans may be `true`/`false` or `1`/`0`, blank lines and
//! surrounding spaces are ignored.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::What;

/// The file name of each kind (the JSON file holds two kinds).
pub fn file_name(what: What) -> &'static str {
    match what {
        What::Follows => "following_accounts.csv",
        What::Lists => "lists.csv",
        What::Blocks => "blocked_accounts.csv",
        What::Mutes => "muted_accounts.csv",
        What::DomainBlocks => "blocked_domains.csv",
        What::Bookmarks => "bookmarks.csv",
        What::Filters | What::FollowedTags => EXTRAS,
    }
}

/// The JSON file for filters, followed tags and list settings.
pub const EXTRAS: &str = "filters_and_tags.json";

/// A followed account and the follow's options.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Follow {
    /// `user@domain`.
    pub acct: String,
    /// Their boosts show in home.
    pub reblogs: bool,
    /// Notified when they post.
    pub notify: bool,
    /// Only these languages from them (empty: all).
    pub languages: Vec<String>,
}

/// A list and its members.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct List {
    /// The title (lists are matched by title).
    pub title: String,
    /// `user@domain` of each member.
    pub members: Vec<String>,
    /// `followed`, `list` or `none`, when known.
    pub replies_policy: Option<String>,
    /// Members' posts are kept out of home.
    pub exclusive: Option<bool>,
}

/// A muted account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mute {
    /// `user@domain`.
    pub acct: String,
    /// Their notifications are hidden too.
    pub notifications: bool,
}

/// A filter and its keywords.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Filter {
    /// Its title (filters are matched by title).
    pub title: String,
    /// `home`, `notifications`, `public`, `thread`, `account`.
    #[serde(default)]
    pub context: Vec<String>,
    /// `warn`, `hide` or `blur`.
    #[serde(default = "warn")]
    pub action: String,
    /// When it stops applying (RFC 3339), if ever.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires_at: Option<String>,
    /// Its keywords.
    #[serde(default)]
    pub keywords: Vec<Keyword>,
}

fn warn() -> String {
    "warn".into()
}

/// A keyword of a filter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Keyword {
    /// The phrase.
    pub keyword: String,
    /// Only whole words match.
    #[serde(default)]
    pub whole_word: bool,
}

/// The settings of a list that `lists.csv` cannot carry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListSettings {
    /// The list's title.
    pub title: String,
    /// `followed`, `list` or `none`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub replies_policy: Option<String>,
    /// Members' posts are kept out of home.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exclusive: Option<bool>,
}

/// `filters_and_tags.json`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Extras {
    /// Always `"trompe-export"`.
    #[serde(default)]
    pub format: String,
    /// 1.
    #[serde(default)]
    pub version: u32,
    /// Filters, with keywords.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub filters: Option<Vec<Filter>>,
    /// Followed hashtags, without `#`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub followed_tags: Option<Vec<String>>,
    /// Every list (also those without members, which `lists.csv` cannot
    /// hold), with its settings.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lists: Option<Vec<ListSettings>>,
}

/// Everything an export holds; `None` where that kind was not exported
/// (or its file is missing).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Data {
    pub follows: Option<Vec<Follow>>,
    pub lists: Option<Vec<List>>,
    pub blocks: Option<Vec<String>>,
    pub mutes: Option<Vec<Mute>>,
    pub domain_blocks: Option<Vec<String>>,
    pub bookmarks: Option<Vec<String>>,
    pub filters: Option<Vec<Filter>>,
    pub followed_tags: Option<Vec<String>>,
}

impl Data {
    /// Whether the kind is present.
    pub fn has(&self, what: What) -> bool {
        match what {
            What::Follows => self.follows.is_some(),
            What::Lists => self.lists.is_some(),
            What::Blocks => self.blocks.is_some(),
            What::Mutes => self.mutes.is_some(),
            What::DomainBlocks => self.domain_blocks.is_some(),
            What::Bookmarks => self.bookmarks.is_some(),
            What::Filters => self.filters.is_some(),
            What::FollowedTags => self.followed_tags.is_some(),
        }
    }

    /// How many items of a kind it holds, in words (`3 lists, 10 members`).
    pub fn count_text(&self, what: What) -> String {
        match what {
            What::Lists => {
                let l = self.lists.as_deref().unwrap_or_default();
                format!(
                    "{} lists, {} members",
                    l.len(),
                    l.iter().map(|x| x.members.len()).sum::<usize>()
                )
            }
            What::Filters => {
                let f = self.filters.as_deref().unwrap_or_default();
                format!(
                    "{} filters, {} keywords",
                    f.len(),
                    f.iter().map(|x| x.keywords.len()).sum::<usize>()
                )
            }
            other => self.count(other).to_string(),
        }
    }

    /// How many items of a kind it holds (lists and filters: themselves).
    pub fn count(&self, what: What) -> usize {
        match what {
            What::Follows => self.follows.as_ref().map_or(0, Vec::len),
            What::Lists => self.lists.as_ref().map_or(0, Vec::len),
            What::Blocks => self.blocks.as_ref().map_or(0, Vec::len),
            What::Mutes => self.mutes.as_ref().map_or(0, Vec::len),
            What::DomainBlocks => self.domain_blocks.as_ref().map_or(0, Vec::len),
            What::Bookmarks => self.bookmarks.as_ref().map_or(0, Vec::len),
            What::Filters => self.filters.as_ref().map_or(0, Vec::len),
            What::FollowedTags => self.followed_tags.as_ref().map_or(0, Vec::len),
        }
    }
}

/// A file that could not be read or written, in words.
#[derive(Debug, thiserror::Error)]
#[error("{path}: {message}")]
pub struct FileError {
    /// The file.
    pub path: PathBuf,
    /// What went wrong (with the line, for a bad row).
    pub message: String,
}

fn file_error(path: &Path, message: impl Into<String>) -> FileError {
    FileError {
        path: path.to_path_buf(),
        message: message.into(),
    }
}

fn bool_text(b: bool) -> &'static str {
    if b { "true" } else { "false" }
}

fn csv_bytes(header: Option<&[&str]>, rows: &[Vec<String>]) -> Vec<u8> {
    let mut w = csv::WriterBuilder::new()
        .flexible(true)
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    if let Some(h) = header {
        let _ = w.write_record(h);
    }
    for r in rows {
        let _ = w.write_record(r);
    }
    w.into_inner().unwrap_or_default()
}

/// Writes the kinds in `what` that `data` holds into `dir`; returns the
/// files written.
pub fn write(dir: &Path, data: &Data, what: &[What]) -> Result<Vec<PathBuf>, FileError> {
    std::fs::create_dir_all(dir).map_err(|e| file_error(dir, e.to_string()))?;
    let mut written = Vec::new();
    let mut put = |name: &str, bytes: Vec<u8>| -> Result<(), FileError> {
        let path = dir.join(name);
        super::write_atomic(&path, &bytes).map_err(|e| file_error(&path, e.to_string()))?;
        written.push(path);
        Ok(())
    };
    let wants = |w: What| what.contains(&w);
    if let Some(f) = data.follows.as_ref().filter(|_| wants(What::Follows)) {
        let rows: Vec<Vec<String>> = f
            .iter()
            .map(|x| {
                vec![
                    x.acct.clone(),
                    bool_text(x.reblogs).into(),
                    bool_text(x.notify).into(),
                    x.languages.join(", "),
                ]
            })
            .collect();
        put(
            file_name(What::Follows),
            csv_bytes(
                Some(&[
                    "Account address",
                    "Show boosts",
                    "Notify on new posts",
                    "Languages",
                ]),
                &rows,
            ),
        )?;
    }
    if let Some(l) = data.lists.as_ref().filter(|_| wants(What::Lists)) {
        let rows: Vec<Vec<String>> = l
            .iter()
            .flat_map(|list| {
                list.members
                    .iter()
                    .map(|m| vec![list.title.clone(), m.clone()])
            })
            .collect();
        put(file_name(What::Lists), csv_bytes(None, &rows))?;
    }
    let single = |v: &[String]| -> Vec<Vec<String>> { v.iter().map(|x| vec![x.clone()]).collect() };
    if let Some(b) = data.blocks.as_ref().filter(|_| wants(What::Blocks)) {
        put(file_name(What::Blocks), csv_bytes(None, &single(b)))?;
    }
    if let Some(m) = data.mutes.as_ref().filter(|_| wants(What::Mutes)) {
        let rows: Vec<Vec<String>> = m
            .iter()
            .map(|x| vec![x.acct.clone(), bool_text(x.notifications).into()])
            .collect();
        put(
            file_name(What::Mutes),
            csv_bytes(Some(&["Account address", "Hide notifications"]), &rows),
        )?;
    }
    if let Some(d) = data
        .domain_blocks
        .as_ref()
        .filter(|_| wants(What::DomainBlocks))
    {
        put(file_name(What::DomainBlocks), csv_bytes(None, &single(d)))?;
    }
    if let Some(b) = data.bookmarks.as_ref().filter(|_| wants(What::Bookmarks)) {
        put(file_name(What::Bookmarks), csv_bytes(None, &single(b)))?;
    }
    let extras = Extras {
        format: "trompe-export".into(),
        version: 1,
        filters: data.filters.clone().filter(|_| wants(What::Filters)),
        followed_tags: data
            .followed_tags
            .clone()
            .filter(|_| wants(What::FollowedTags)),
        lists: data.lists.as_ref().filter(|_| wants(What::Lists)).map(|l| {
            l.iter()
                .map(|x| ListSettings {
                    title: x.title.clone(),
                    replies_policy: x.replies_policy.clone(),
                    exclusive: x.exclusive,
                })
                .collect()
        }),
    };
    if extras.filters.is_some() || extras.followed_tags.is_some() || extras.lists.is_some() {
        let mut json = serde_json::to_vec_pretty(&extras).unwrap_or_default();
        json.push(b'\n');
        put(EXTRAS, json)?;
    }
    Ok(written)
}

/// The rows of a CSV file, without blank rows, trimmed; the header row
/// (first cell `Account address`) dropped.
fn rows(path: &Path, bytes: &[u8]) -> Result<Vec<(u64, Vec<String>)>, FileError> {
    let mut r = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(bytes);
    let mut out = Vec::new();
    for (i, rec) in r.records().enumerate() {
        let rec = rec.map_err(|e| file_error(path, format!("line {}: {e}", i + 1)))?;
        let line = rec.position().map_or(i as u64 + 1, |p| p.line());
        let cells: Vec<String> = rec.iter().map(str::to_string).collect();
        if cells.iter().all(String::is_empty) {
            continue;
        }
        if out.is_empty() && cells[0].eq_ignore_ascii_case("Account address") {
            continue;
        }
        out.push((line, cells));
    }
    Ok(out)
}

fn parse_bool(
    path: &Path,
    line: u64,
    cell: Option<&String>,
    default: bool,
) -> Result<bool, FileError> {
    match cell.map(|s| s.to_ascii_lowercase()) {
        None => Ok(default),
        Some(s) if s.is_empty() => Ok(default),
        Some(s) if s == "true" || s == "1" || s == "yes" => Ok(true),
        Some(s) if s == "false" || s == "0" || s == "no" => Ok(false),
        Some(s) => Err(file_error(
            path,
            format!("line {line}: `{s}` is not true or false"),
        )),
    }
}

/// An account address from a cell: `user@domain`, with or without `@`.
fn acct_cell(path: &Path, line: u64, cell: &str) -> Result<String, FileError> {
    let a = cell.trim().trim_start_matches('@');
    let ok = a.split_once('@').is_some_and(|(u, d)| {
        !u.is_empty() && !d.is_empty() && !a.contains(char::is_whitespace) && !d.contains('@')
    });
    if ok {
        Ok(a.to_string())
    } else {
        Err(file_error(
            path,
            format!("line {line}: `{cell}` is not an account address (user@domain)"),
        ))
    }
}

/// Parses `following_accounts.csv` (or a plain list of addresses).
pub fn parse_follows(path: &Path, bytes: &[u8]) -> Result<Vec<Follow>, FileError> {
    rows(path, bytes)?
        .into_iter()
        .map(|(line, c)| {
            Ok(Follow {
                acct: acct_cell(path, line, &c[0])?,
                reblogs: parse_bool(path, line, c.get(1), true)?,
                notify: parse_bool(path, line, c.get(2), false)?,
                languages: c
                    .get(3)
                    .map(|l| {
                        l.split([',', ' '])
                            .map(str::trim)
                            .filter(|x| !x.is_empty())
                            .map(str::to_string)
                            .collect()
                    })
                    .unwrap_or_default(),
            })
        })
        .collect()
}

/// Parses `lists.csv`: `title,address` rows, grouped by title in order.
pub fn parse_lists(path: &Path, bytes: &[u8]) -> Result<Vec<List>, FileError> {
    let mut lists: Vec<List> = Vec::new();
    for (line, c) in rows(path, bytes)? {
        let title = c[0].clone();
        let member = c.get(1).ok_or_else(|| {
            file_error(
                path,
                format!("line {line}: a list row needs a title and an account"),
            )
        })?;
        let member = acct_cell(path, line, member)?;
        match lists.iter_mut().find(|l| l.title == title) {
            Some(l) => {
                if !l.members.contains(&member) {
                    l.members.push(member);
                }
            }
            None => lists.push(List {
                title,
                members: vec![member],
                ..Default::default()
            }),
        }
    }
    Ok(lists)
}

/// Parses a one-column file of account addresses (`blocked_accounts.csv`).
pub fn parse_accounts(path: &Path, bytes: &[u8]) -> Result<Vec<String>, FileError> {
    rows(path, bytes)?
        .into_iter()
        .map(|(line, c)| acct_cell(path, line, &c[0]))
        .collect()
}

/// Parses `muted_accounts.csv`.
pub fn parse_mutes(path: &Path, bytes: &[u8]) -> Result<Vec<Mute>, FileError> {
    rows(path, bytes)?
        .into_iter()
        .map(|(line, c)| {
            Ok(Mute {
                acct: acct_cell(path, line, &c[0])?,
                notifications: parse_bool(path, line, c.get(1), true)?,
            })
        })
        .collect()
}

/// Parses a one-column file of plain values (domains, URIs).
pub fn parse_values(path: &Path, bytes: &[u8], what: &str) -> Result<Vec<String>, FileError> {
    rows(path, bytes)?
        .into_iter()
        .map(|(line, c)| {
            let v = c[0].trim();
            if v.contains(char::is_whitespace) {
                Err(file_error(
                    path,
                    format!("line {line}: `{v}` is not {what}"),
                ))
            } else {
                Ok(v.to_string())
            }
        })
        .collect()
}

/// The kind a file holds, from its name (as Mastodon and trompe name
/// them), else from its header.
pub fn kind_of(path: &Path, bytes: &[u8]) -> Option<Vec<What>> {
    let name = path.file_name()?.to_string_lossy().to_lowercase();
    for w in What::ALL {
        if name == file_name(w) {
            return Some(if name == EXTRAS {
                vec![What::Lists, What::Filters, What::FollowedTags]
            } else {
                vec![w]
            });
        }
    }
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(200)]).to_lowercase();
    let head = head.trim_start_matches('\u{feff}');
    if head.starts_with("account address,show boosts") {
        Some(vec![What::Follows])
    } else if head.starts_with("account address,hide notifications") {
        Some(vec![What::Mutes])
    } else if name.ends_with(".json") {
        Some(vec![What::Lists, What::Filters, What::FollowedTags])
    } else {
        None
    }
}

fn read(path: &Path) -> Result<Vec<u8>, FileError> {
    std::fs::read(path).map_err(|e| file_error(path, e.to_string()))
}

/// Reads one file of a known kind into `data`.
fn read_into(data: &mut Data, what: What, path: &Path, bytes: &[u8]) -> Result<(), FileError> {
    match what {
        What::Follows => data.follows = Some(parse_follows(path, bytes)?),
        What::Lists if !path.to_string_lossy().ends_with(".json") => {
            let mut lists = parse_lists(path, bytes)?;
            // Settings (and member-less lists) from the JSON file, if read.
            if let Some(old) = data.lists.take() {
                merge_lists(&mut lists, old);
            }
            data.lists = Some(lists);
        }
        What::Blocks => data.blocks = Some(parse_accounts(path, bytes)?),
        What::Mutes => data.mutes = Some(parse_mutes(path, bytes)?),
        What::DomainBlocks => data.domain_blocks = Some(parse_values(path, bytes, "a domain")?),
        What::Bookmarks => data.bookmarks = Some(parse_values(path, bytes, "a post's address")?),
        What::Lists | What::Filters | What::FollowedTags => {
            let extras: Extras = serde_json::from_slice(bytes)
                .map_err(|e| file_error(path, format!("not a trompe export: {e}")))?;
            match what {
                What::Filters => data.filters = extras.filters.or(data.filters.take()),
                What::FollowedTags => {
                    if let Some(t) = extras.followed_tags {
                        data.followed_tags = Some(
                            t.into_iter()
                                .map(|x| x.trim().trim_start_matches('#').to_string())
                                .filter(|x| !x.is_empty())
                                .collect(),
                        );
                    }
                }
                _ => {
                    if let Some(settings) = extras.lists {
                        let mut lists: Vec<List> = settings
                            .into_iter()
                            .map(|s| List {
                                title: s.title,
                                members: Vec::new(),
                                replies_policy: s.replies_policy,
                                exclusive: s.exclusive,
                            })
                            .collect();
                        if let Some(from_csv) = data.lists.take() {
                            let settings = std::mem::take(&mut lists);
                            lists = from_csv;
                            merge_lists(&mut lists, settings);
                        }
                        data.lists = Some(lists);
                    }
                }
            }
        }
    }
    Ok(())
}

/// Adds `other`'s settings (and its lists missing from `lists`) to `lists`.
fn merge_lists(lists: &mut Vec<List>, other: Vec<List>) {
    for o in other {
        match lists.iter_mut().find(|l| l.title == o.title) {
            Some(l) => {
                l.replies_policy = l.replies_policy.take().or(o.replies_policy);
                l.exclusive = l.exclusive.or(o.exclusive);
                for m in o.members {
                    if !l.members.contains(&m) {
                        l.members.push(m);
                    }
                }
            }
            None => lists.push(o),
        }
    }
}

/// Reads an export: a directory (every known file in it), or one file
/// (its kind from its name or header, or `only` when it names one kind).
pub fn read_path(path: &Path, only: &[What]) -> Result<Data, FileError> {
    let mut data = Data::default();
    let wanted = What::selection(only);
    if path.is_dir() {
        let mut found = false;
        // The JSON file first: the CSV lists then keep their order.
        let mut names: Vec<&str> = vec![EXTRAS];
        for w in What::ALL {
            if !names.contains(&file_name(w)) {
                names.push(file_name(w));
            }
        }
        for name in names {
            let p = path.join(name);
            if !p.is_file() {
                continue;
            }
            let bytes = read(&p)?;
            for w in kind_of(&p, &bytes).unwrap_or_default() {
                if wanted.contains(&w) {
                    read_into(&mut data, w, &p, &bytes)?;
                    found = true;
                }
            }
        }
        if !found {
            return Err(file_error(
                path,
                "holds none of the export's files (following_accounts.csv, lists.csv, blocked_accounts.csv, muted_accounts.csv, blocked_domains.csv, bookmarks.csv, filters_and_tags.json)",
            ));
        }
        return Ok(data);
    }
    let bytes = read(path)?;
    let kinds = match kind_of(path, &bytes) {
        Some(k) => k,
        None if only.len() == 1 => only.to_vec(),
        None => {
            return Err(file_error(
                path,
                "cannot tell what this file holds from its name; name the kind with --what (for example --what blocks)",
            ));
        }
    };
    for w in kinds {
        if wanted.contains(&w) {
            read_into(&mut data, w, path, &bytes)?;
        }
    }
    Ok(data)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mastodon_web_export_files_parse() {
        let p = Path::new("following_accounts.csv");
        let f = parse_follows(
            p,
            b"Account address,Show boosts,Notify on new posts,Languages\r\nalice@example.org,true,false,\r\nbob@other.example,false,true,\"en, fr\"\r\n\r\n",
        )
        .unwrap();
        assert_eq!(f.len(), 2);
        assert_eq!(f[1].languages, ["en", "fr"]);
        assert!(!f[1].reblogs && f[1].notify);
        // Old exports: one address per line, no header.
        let f = parse_follows(p, b"alice@example.org\n@carol@x.example\n").unwrap();
        assert_eq!(f[1].acct, "carol@x.example");
        assert!(f[1].reblogs);
        let l = parse_lists(
            Path::new("lists.csv"),
            b"Friends,alice@example.org\n\"Rust, etc\",bob@other.example\nFriends,carol@x.example\n",
        )
        .unwrap();
        assert_eq!(l.len(), 2);
        assert_eq!(l[0].members, ["alice@example.org", "carol@x.example"]);
        assert_eq!(l[1].title, "Rust, etc");
        let m = parse_mutes(
            Path::new("m.csv"),
            b"Account address,Hide notifications\nalice@example.org,false\n",
        )
        .unwrap();
        assert!(!m[0].notifications);
    }

    #[test]
    fn bad_rows_name_the_file_and_line() {
        let e =
            parse_follows(Path::new("f.csv"), b"alice@example.org\nnot an address\n").unwrap_err();
        assert!(e.to_string().contains("f.csv: line 2"), "{e}");
        let e = parse_mutes(Path::new("m.csv"), b"alice@example.org,maybe\n").unwrap_err();
        assert!(
            e.to_string().contains("`maybe` is not true or false"),
            "{e}"
        );
    }

    #[test]
    fn write_then_read_round_trips() {
        let dir = tempfile::tempdir().unwrap();
        let data = Data {
            follows: Some(vec![Follow {
                acct: "a@b.example".into(),
                reblogs: false,
                notify: true,
                languages: vec!["en".into(), "ja".into()],
            }]),
            lists: Some(vec![
                List {
                    title: "Quote \"this\", ok".into(),
                    members: vec!["a@b.example".into()],
                    replies_policy: Some("list".into()),
                    exclusive: Some(true),
                },
                List {
                    title: "Empty".into(),
                    ..Default::default()
                },
            ]),
            blocks: Some(vec!["x@y.example".into()]),
            mutes: Some(vec![Mute {
                acct: "m@y.example".into(),
                notifications: false,
            }]),
            domain_blocks: Some(vec!["spam.example".into()]),
            bookmarks: Some(vec!["https://b.example/users/a/statuses/1".into()]),
            filters: Some(vec![Filter {
                title: "spoilers".into(),
                context: vec!["home".into()],
                action: "hide".into(),
                expires_at: None,
                keywords: vec![Keyword {
                    keyword: "finale".into(),
                    whole_word: true,
                }],
            }]),
            followed_tags: Some(vec!["rust".into()]),
        };
        write(dir.path(), &data, &What::ALL).unwrap();
        let back = read_path(dir.path(), &[]).unwrap();
        assert_eq!(back, data);
        let only = read_path(dir.path(), &[What::Blocks]).unwrap();
        assert_eq!(only.blocks, data.blocks);
        assert!(only.follows.is_none());
    }
}
