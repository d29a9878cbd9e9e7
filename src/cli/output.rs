//! How CLI commands print: readable text (with colours on a terminal), one
//! JSON document (`--json`), or one JSON object per line (`--jsonl`).
//!
//! JSON output is the server's own JSON (`serde_json::Value`), so fields the
//! typed entities do not know are kept. Lists stream as they arrive: the
//! array of `--json` is opened before the first page and closed after the
//! last. A closed pipe (`trompe … | head`) ends the output quietly.

use std::io::{self, IsTerminal, Write};

use serde_json::Value;

/// The output format chosen on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Readable text.
    Text,
    /// One JSON document.
    Json,
    /// One JSON object per line.
    Jsonl,
}

/// `--color`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum ColorChoice {
    /// Colours when standard output is a terminal and `NO_COLOR` is unset.
    #[default]
    Auto,
    /// Always colour.
    Always,
    /// Never colour.
    Never,
}

/// A text style, mapped to an ANSI colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// Names and headings.
    Strong,
    /// Secondary text: times, counts, ids.
    Dim,
    /// `@acct` handles.
    Acct,
    /// Content warnings and errors.
    Warn,
    /// Boosts and success.
    Good,
    /// Hashtags and links.
    Link,
}

impl Style {
    fn code(self) -> &'static str {
        match self {
            Style::Strong => "1",
            Style::Dim => "2",
            Style::Acct => "36",
            Style::Warn => "33",
            Style::Good => "32",
            Style::Link => "35",
        }
    }
}

/// Where and how a command prints.
pub struct Output {
    format: Format,
    color: bool,
    width: usize,
    out: io::BufWriter<io::Stdout>,
    broken: bool,
    in_list: bool,
    items: usize,
}

impl Output {
    /// The output for the global flags (`--json`, `--jsonl`, `--color`).
    pub fn new(json: bool, jsonl: bool, color: ColorChoice) -> Output {
        let format = if jsonl {
            Format::Jsonl
        } else if json {
            Format::Json
        } else {
            Format::Text
        };
        let tty = io::stdout().is_terminal();
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        let color = match color {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => tty && !no_color,
        };
        let width = terminal_width().unwrap_or(80);
        Output {
            format,
            color,
            width,
            out: io::BufWriter::new(io::stdout()),
            broken: false,
            in_list: false,
            items: 0,
        }
    }

    /// The format.
    pub fn format(&self) -> Format {
        self.format
    }

    /// True for text output.
    pub fn is_text(&self) -> bool {
        self.format == Format::Text
    }

    /// Whether text is coloured.
    pub fn color(&self) -> bool {
        self.color
    }

    /// The width to wrap text at.
    pub fn width(&self) -> usize {
        self.width
    }

    /// True once the reader went away (closed pipe): stop producing output.
    pub fn broken(&self) -> bool {
        self.broken
    }

    /// `s` in `style` (unchanged without colours).
    pub fn paint(&self, style: Style, s: &str) -> String {
        if self.color && !s.is_empty() {
            format!("\x1b[{}m{s}\x1b[0m", style.code())
        } else {
            s.to_string()
        }
    }

    fn write(&mut self, s: &str) {
        if self.broken {
            return;
        }
        if let Err(e) = self.out.write_all(s.as_bytes()) {
            self.fail(e);
        }
    }

    fn fail(&mut self, e: io::Error) {
        if e.kind() != io::ErrorKind::BrokenPipe {
            eprintln!("trompe: could not write the output: {e}");
        }
        self.broken = true;
    }

    /// A line of text (text mode only; ignored in JSON modes).
    pub fn line(&mut self, s: &str) {
        if self.is_text() {
            self.write(s);
            self.write("\n");
        }
    }

    /// One JSON document (`--json`: pretty; `--jsonl`: one line).
    pub fn value(&mut self, v: &Value) {
        let s = match self.format {
            Format::Json => serde_json::to_string_pretty(v),
            _ => serde_json::to_string(v),
        };
        match s {
            Ok(s) => {
                self.write(&s);
                self.write("\n");
            }
            Err(e) => eprintln!("trompe: could not encode JSON: {e}"),
        }
    }

    /// Opens a list: `[` for `--json`, nothing otherwise.
    pub fn begin_list(&mut self) {
        self.in_list = true;
        self.items = 0;
        if self.format == Format::Json {
            self.write("[");
        }
    }

    /// One item of a list: an array element, a JSON line, or nothing for
    /// text (the caller prints its own text).
    pub fn item(&mut self, v: &Value) {
        match self.format {
            Format::Text => {}
            Format::Jsonl => self.value(v),
            Format::Json => {
                let sep = if self.items == 0 { "\n" } else { ",\n" };
                self.write(sep);
                match serde_json::to_string_pretty(v) {
                    Ok(s) => {
                        let indented = s.replace('\n', "\n  ");
                        self.write("  ");
                        self.write(&indented);
                    }
                    Err(e) => eprintln!("trompe: could not encode JSON: {e}"),
                }
            }
        }
        self.items += 1;
    }

    /// Closes a list opened by [`Output::begin_list`].
    pub fn end_list(&mut self) {
        if self.in_list && self.format == Format::Json {
            let end = if self.items == 0 { "]\n" } else { "\n]\n" };
            self.write(end);
        }
        self.in_list = false;
        self.flush();
    }

    /// Sends what is buffered to the terminal or pipe.
    pub fn flush(&mut self) {
        if self.broken {
            return;
        }
        if let Err(e) = self.out.flush() {
            self.fail(e);
        }
    }
}

impl Drop for Output {
    fn drop(&mut self) {
        self.flush();
    }
}

/// The width to wrap at: `COLUMNS`, else the terminal's (one ioctl, no
/// terminal set-up), else none.
fn terminal_width() -> Option<usize> {
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.trim().parse::<usize>().ok())
        .or_else(|| {
            io::stdout()
                .is_terminal()
                .then(crossterm::terminal::size)
                .and_then(Result::ok)
                .map(|(w, _)| usize::from(w))
        })
        .filter(|w| *w >= 20)
        .map(|w| w.min(120))
}
