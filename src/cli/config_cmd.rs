//! `trompe config`: where the files are (`--path`), the complete default
//! `config.toml` with every key explained (`--default`), and a check of
//! the user's file (`--check`): an unknown key or a bad value is named with
//! its line and a suggestion ("did you mean `expand_cw`?").
//!
//! The TUI runs the same check at start and shows the first problem; the
//! key in question keeps its default.

use std::path::Path;
use std::process::ExitCode;

use crate::config::Paths;
use crate::ui::theme::suggest;

/// Arguments of `config`.
#[derive(clap::Args, Debug)]
#[group(required = true, multiple = false)]
pub struct ConfigArgs {
    /// Print the complete default config.toml, every key explained.
    #[arg(long)]
    pub default: bool,
    /// Check config.toml (or FILE): each mistake with its line; exit 2 if any.
    #[arg(long, value_name = "FILE", num_args = 0..=1, default_missing_value = "")]
    pub check: Option<String>,
    /// Print where trompe keeps its files.
    #[arg(long)]
    pub path: bool,
}

/// What a key holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Bool,
    /// An integer at least this big.
    Int(i64),
    Str,
    StrList,
    /// A built-in theme's name or a theme file.
    Theme,
    /// Tab names (`home`, `tag:rust`, …).
    Tabs,
    /// One of these words.
    OneOf(&'static [&'static str]),
}

impl Kind {
    fn words(self) -> &'static str {
        match self {
            Kind::Bool => "true or false",
            Kind::Int(_) => "a whole number",
            Kind::Str | Kind::Theme => "a string in quotes",
            Kind::StrList | Kind::Tabs => "a list of strings, like [\"a\", \"b\"]",
            Kind::OneOf(_) => "one of its words, in quotes",
        }
    }
}

/// The tables and keys trompe reads, with what each holds.
const SCHEMA: &[(&str, &[(&str, Kind)])] = &[
    (
        "ui",
        &[
            ("theme", Kind::Theme),
            ("tabs", Kind::Tabs),
            ("layout", Kind::OneOf(&["auto", "single", "deck"])),
            ("columns", Kind::Tabs),
            ("open", Kind::Str),
            ("images", Kind::Bool),
            ("image_cache_mb", Kind::Int(0)),
            ("expand_cw", Kind::Bool),
            ("mouse", Kind::Bool),
            ("hyperlinks", Kind::Bool),
        ],
    ),
    ("compose", &[("language", Kind::Str)]),
    ("streaming", &[("poll_interval", Kind::Int(5))]),
    ("cache", &[("enabled", Kind::Bool)]),
    (
        "notifications",
        &[("desktop", Kind::Bool), ("types", Kind::StrList)],
    ),
    (
        "relay",
        &[
            ("public_url", Kind::Str),
            ("name", Kind::Str),
            ("listen", Kind::Str),
            ("approve_followers", Kind::Bool),
            ("allow_private_addresses", Kind::Bool),
            ("portless_host_signatures", Kind::Bool),
            ("keep_objects", Kind::Int(0)),
            ("keep_days", Kind::Int(0)),
            ("blocked_domains", Kind::StrList),
            ("inbox_per_minute", Kind::Int(1)),
        ],
    ),
];

/// Keys of each `[[accounts]]` entry (written by `trompe login`).
const ACCOUNT_KEYS: &[(&str, Kind)] = &[
    ("instance", Kind::Str),
    ("username", Kind::Str),
    ("acct", Kind::Str),
    ("display_name", Kind::Str),
    ("default", Kind::Bool),
];

/// One mistake in a config file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// 1-based, when known.
    pub line: Option<usize>,
    pub message: String,
}

impl Problem {
    /// `FILE:LINE: message`.
    pub fn show(&self, file: &Path) -> String {
        match self.line {
            Some(l) => format!("{}:{l}: {}", file.display(), self.message),
            None => format!("{}: {}", file.display(), self.message),
        }
    }
}

/// The line where `key` is set inside `[table]` (or at the top level).
fn line_of(text: &str, table: Option<&str>, key: &str) -> Option<usize> {
    let mut current: Option<String> = None;
    for (i, raw) in text.lines().enumerate() {
        let l = raw.trim();
        if l.starts_with('[') {
            let name = l.trim_matches(|c| c == '[' || c == ']').trim().to_string();
            if table.is_none() && name == key {
                return Some(i + 1);
            }
            current = Some(name);
            continue;
        }
        if current.as_deref() == table {
            if let Some(rest) = l.strip_prefix(key) {
                if rest.trim_start().starts_with('=') {
                    return Some(i + 1);
                }
            }
        }
    }
    None
}

fn hint(word: &str, options: &[&str]) -> String {
    suggest(word, options)
        .map(|s| format!(" (did you mean `{s}`?)"))
        .unwrap_or_default()
}

fn check_value(kind: Kind, v: &toml::Value, themes: bool) -> Result<(), String> {
    let ok = match kind {
        Kind::Bool => v.is_bool(),
        Kind::Int(min) => match v.as_integer() {
            Some(n) if n < min => return Err(format!("is {n}; it must be {min} or more")),
            Some(_) => true,
            None => false,
        },
        Kind::Str => v.is_str(),
        Kind::StrList => v
            .as_array()
            .is_some_and(|a| a.iter().all(toml::Value::is_str)),
        Kind::Theme => match v.as_str() {
            Some(_) if !themes => true,
            Some(name) => {
                return crate::ui::Theme::load(name)
                    .map(|_| ())
                    .map_err(|e| format!("the theme does not load: {e}"));
            }
            None => false,
        },
        Kind::OneOf(words) => match v.as_str() {
            Some(w) if words.contains(&w) => true,
            Some(w) => {
                return Err(format!(
                    "`{w}` is not one of {}{}",
                    words.join(", "),
                    hint(w, words)
                ));
            }
            None => false,
        },
        Kind::Tabs => match v.as_array() {
            Some(a) => {
                for t in a {
                    let name = t.as_str().unwrap_or_default();
                    if crate::app::TabKind::from_name(name).is_none() {
                        return Err(format!(
                            "`{name}` is not a tab: home, notifications, mentions, local, federated, bookmarks, favourites, conversations, tag:NAME, list:NAME"
                        ));
                    }
                }
                true
            }
            None => false,
        },
    };
    if ok {
        Ok(())
    } else {
        Err(format!("must be {}", kind.words()))
    }
}

/// Every mistake in a config file's text.
pub fn check(text: &str) -> Vec<Problem> {
    let mut out = check_settings(text, true);
    if let Err(e) = crate::app::keymap::Keymap::from_config(text) {
        out.push(Problem {
            line: e.line,
            message: e.message,
        });
    }
    out.sort_by_key(|p| p.line.unwrap_or(0));
    out
}

/// The mistakes outside `[keys.*]` (which the keymap reports itself);
/// the theme is loaded only when `themes` (the TUI loads it anyway).
pub fn check_settings(text: &str, themes: bool) -> Vec<Problem> {
    let doc: toml::Table = match toml::from_str(text) {
        Ok(d) => d,
        Err(e) => {
            let line = e
                .span()
                .map(|s| text[..s.start.min(text.len())].matches('\n').count() + 1);
            return vec![Problem {
                line,
                message: format!("not valid TOML: {}", e.message().trim()),
            }];
        }
    };
    let mut out = Vec::new();
    let tables: Vec<&str> = SCHEMA
        .iter()
        .map(|(t, _)| *t)
        .chain(["accounts", "keys"])
        .collect();
    for (name, value) in &doc {
        if name == "keys" {
            continue; // checked by the keymap below
        }
        if name == "accounts" {
            for entry in value.as_array().into_iter().flatten() {
                for (k, v) in entry.as_table().into_iter().flatten() {
                    let keys: Vec<&str> = ACCOUNT_KEYS.iter().map(|(k, _)| *k).collect();
                    match ACCOUNT_KEYS.iter().find(|(n, _)| n == k) {
                        Some((_, kind)) => {
                            if let Err(m) = check_value(*kind, v, themes) {
                                out.push(Problem {
                                    line: line_of(text, Some("accounts"), k),
                                    message: format!("accounts: `{k}` {m}"),
                                });
                            }
                        }
                        None => out.push(Problem {
                            line: line_of(text, Some("accounts"), k),
                            message: format!("unknown key `{k}` in [[accounts]]{}", hint(k, &keys)),
                        }),
                    }
                }
            }
            continue;
        }
        let Some((_, keys)) = SCHEMA.iter().find(|(t, _)| t == name) else {
            out.push(Problem {
                line: line_of(text, None, name),
                message: format!("unknown table [{name}]{}", hint(name, &tables)),
            });
            continue;
        };
        let Some(table) = value.as_table() else {
            out.push(Problem {
                line: line_of(text, None, name),
                message: format!("`{name}` must be a table: [{name}]"),
            });
            continue;
        };
        let names: Vec<&str> = keys.iter().map(|(k, _)| *k).collect();
        for (k, v) in table {
            match keys.iter().find(|(n, _)| n == k) {
                Some((_, kind)) => {
                    if let Err(m) = check_value(*kind, v, themes) {
                        out.push(Problem {
                            line: line_of(text, Some(name), k),
                            message: format!("[{name}] {k} {m}"),
                        });
                    }
                }
                None => out.push(Problem {
                    line: line_of(text, Some(name), k),
                    message: format!("unknown key `{k}` in [{name}]{}", hint(k, &names)),
                }),
            }
        }
    }
    out.sort_by_key(|p| p.line.unwrap_or(0));
    out
}

/// The complete default config, every key explained. It parses, and
/// `--check` finds nothing in it.
pub fn default_config() -> String {
    let mut s = String::from(
        "# trompe's configuration (config.toml). Every key is optional: the values\n\
         # below are the defaults, and a key left out keeps its default.\n\
         # `trompe config --check` checks this file; `trompe config --path` says where it is.\n\n",
    );
    s.push_str(
        "[ui]\n\
         # The theme: a built-in one (`trompe themes` lists them) or a theme file's path.\n\
         theme = \"dark\"\n\
         # The tabs open at start: home, notifications, mentions, local, federated,\n\
         # bookmarks, favourites, conversations, tag:NAME, list:NAME.\n\
         tabs = [\"home\", \"notifications\", \"local\", \"federated\"]\n\
         # How a wide terminal is used: \"auto\" (one column; from 160 columns on, the\n\
         # selected post beside it), \"single\" (one column at any width), or \"deck\"\n\
         # (the tabs side by side as columns, as many as fit; the tab keys move the\n\
         # focus, and `columns` gives the deck's tabs instead of `tabs`).\n\
         layout = \"auto\"\n\
         # columns = [\"home\", \"notifications\", \"tag:rust\"]\n\
         # The command that opens links and media (default: the system's opener).\n\
         # open = \"firefox --new-tab\"\n\
         # Image previews in the thread view.\n\
         images = true\n\
         # Memory for decoded pictures, in MiB.\n\
         image_cache_mb = 32\n\
         # Show the text behind content warnings without pressing z.\n\
         expand_cw = false\n\
         # The mouse: the wheel scrolls, a click selects a post or a tab, a double\n\
         # click opens the thread, a click on a link opens it. false leaves the mouse\n\
         # to the terminal (its own text selection).\n\
         mouse = true\n\
         # Links as OSC 8 hyperlinks, which the terminal lets you click. Left out, they\n\
         # are on in terminals known to show them (kitty, WezTerm, iTerm2, foot, VTE,\n\
         # Windows Terminal, …) and off inside tmux and screen.\n\
         # hyperlinks = true\n\n",
    );
    s.push_str(
        "[compose]\n\
         # The language of new posts (default: the account's preference, else the locale's).\n\
         # language = \"en\"\n\n",
    );
    s.push_str(
        "[streaming]\n\
         # Seconds between two polls when a server refuses streaming (5 at least).\n\
         poll_interval = 30\n\n",
    );
    s.push_str(
        "[cache]\n\
         # Keep the newest page of each tab in the data directory, so that the next\n\
         # start shows it at once (and offline). trompe logout deletes it.\n\
         enabled = true\n\n",
    );
    s.push_str(
        "[notifications]\n\
         # Desktop notifications (where a notification daemon answers).\n\
         desktop = false\n\
         # Which notification types make one.\n\
         types = [\"mention\", \"direct\"]\n\n",
    );
    s.push_str(
        "# Keys: one table per mode (common, confirm, compose, …), command = \"key\" or\n\
         # [\"key\", \"other key\"]. `?` in the TUI lists the commands and their keys.\n\
         # [keys.common]\n\
         # favourite = \"L\"\n\
         # boost = [\"b\", \"B\"]\n\n",
    );
    s.push_str(
        "# The federation node, written by `trompe relay init` (see the README).\n\
         # [relay]\n\
         # public_url = \"https://node.example\"\n\
         # name = \"trompe\"\n\
         # listen = \"127.0.0.1:8787\"\n\
         # approve_followers = false\n\
         # allow_private_addresses = false\n\
         # portless_host_signatures = false\n\
         # keep_objects = 10000\n\
         # keep_days = 30\n\
         # blocked_domains = []\n\
         # inbox_per_minute = 300\n\n",
    );
    s.push_str(
        "# Accounts are written by `trompe login`; tokens are never kept here.\n\
         # [[accounts]]\n\
         # instance = \"https://mastodon.example/\"\n\
         # username = \"alice\"\n\
         # acct = \"alice@mastodon.example\"\n\
         # default = true\n",
    );
    s
}

/// Runs `config`.
pub fn run(paths: &Paths, args: ConfigArgs) -> ExitCode {
    if args.default {
        crate::outln!("{}", default_config().trim_end());
        return ExitCode::SUCCESS;
    }
    if args.path {
        crate::outln!("config   {}", paths.config_file().display());
        crate::outln!("data     {}", paths.data_dir.display());
        crate::outln!("logs     {}", paths.log_dir.display());
        return ExitCode::SUCCESS;
    }
    let file = match args.check.as_deref() {
        Some(f) if !f.is_empty() => std::path::PathBuf::from(f),
        _ => paths.config_file(),
    };
    let text = match std::fs::read_to_string(&file) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            crate::outln!("{}: no file, so every default applies", file.display());
            return ExitCode::SUCCESS;
        }
        Err(e) => {
            eprintln!("trompe: {}: {e}", file.display());
            return ExitCode::from(super::EXIT_USAGE);
        }
    };
    let problems = check(&text);
    if problems.is_empty() {
        crate::outln!("{}: ok", file.display());
        return ExitCode::SUCCESS;
    }
    for p in &problems {
        eprintln!("{}", p.show(&file));
    }
    ExitCode::from(super::EXIT_USAGE)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_config_parses_and_checks_clean() {
        let text = default_config();
        assert!(toml::from_str::<toml::Table>(&text).is_ok());
        assert_eq!(check(&text), vec![]);
        // Every key of the schema is in it, set or commented.
        for (table, keys) in SCHEMA {
            assert!(text.contains(&format!("[{table}]")), "{table}");
            for (k, _) in *keys {
                assert!(text.contains(&format!("{k} = ")), "{table}.{k}");
            }
        }
    }

    #[test]
    fn mistakes_have_lines_and_suggestions() {
        let text = "[ui]\ntheme = \"light\"\nexpand_cws = true\nimages = \"yes\"\n\n[streaming]\npoll_interval = 1\n\n[notifcations]\ndesktop = true\n[ui.extra]\n";
        let p = check(text);
        let shown: Vec<String> = p.iter().map(|p| p.show(Path::new("c.toml"))).collect();
        assert!(
            shown.contains(
                &"c.toml:3: unknown key `expand_cws` in [ui] (did you mean `expand_cw`?)"
                    .to_string()
            ),
            "{shown:#?}"
        );
        assert!(
            shown.contains(&"c.toml:4: [ui] images must be true or false".to_string()),
            "{shown:#?}"
        );
        assert!(
            shown.contains(
                &"c.toml:7: [streaming] poll_interval is 1; it must be 5 or more".to_string()
            ),
            "{shown:#?}"
        );
        assert!(
            shown.contains(
                &"c.toml:9: unknown table [notifcations] (did you mean `notifications`?)"
                    .to_string()
            ),
            "{shown:#?}"
        );
        let p = check("[ui]\ntheme = \"gruvbx\"\ntabs = [\"home\", \"tag:rust\", \"hom\"]\n");
        assert_eq!(p.len(), 2, "{p:?}");
        assert!(p[0].message.contains("did you mean `gruvbox`?"), "{p:?}");
        assert!(p[1].message.contains("`hom` is not a tab"), "{p:?}");
        let p = check("[ui]\nlayout = \"dek\"\ncolumns = [\"home\", \"tag:\"]\n");
        assert_eq!(p.len(), 2, "{p:?}");
        assert_eq!(p[0].line, Some(2));
        assert!(p[0].message.contains("did you mean `deck`?"), "{p:?}");
        assert!(p[1].message.contains("`tag:` is not a tab"), "{p:?}");
        let p = check("[ui\n");
        assert_eq!(p[0].line, Some(1));
        let p = check("[keys.common]\nfavourit = \"L\"\n");
        assert_eq!(p.len(), 1, "{p:?}");
        assert_eq!(p[0].line, Some(2));
    }
}
