//! `trompe export`, `import`, `move` and `archive`: your data across
//! instances (the work itself is in [`crate::data`]).

use std::io::{IsTerminal, Write as _};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use crate::api::Client;
use crate::config::Paths;
use crate::data::{self, Paced, Reporter, What, files, import};

use super::common::fail;
use super::{EXIT_API, EXIT_USAGE, session};

/// Arguments of `export`.
#[derive(clap::Args, Debug)]
pub struct ExportArgs {
    /// What to export (comma-separated; all by default).
    #[arg(long, value_enum, value_delimiter = ',')]
    pub what: Vec<What>,
    /// The folder to write the files to (made if missing).
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
}

/// Arguments of `import`.
#[derive(clap::Args, Debug)]
pub struct ImportArgs {
    /// An export's folder, or one of its files (Mastodon's web export
    /// files work too).
    pub path: PathBuf,
    /// Only these kinds (comma-separated; all the files hold by default).
    #[arg(long, value_enum, value_delimiter = ',')]
    pub what: Vec<What>,
    /// Show what would change, and change nothing.
    #[arg(long)]
    pub dry_run: bool,
}

/// Arguments of `move`.
#[derive(clap::Args, Debug)]
pub struct MoveArgs {
    /// The account to move from (`user@instance`, as `trompe accounts` lists it).
    pub from: String,
    /// The account to move to.
    pub to: String,
    /// Only these kinds (comma-separated; all by default).
    #[arg(long, value_enum, value_delimiter = ',')]
    pub what: Vec<What>,
    /// Show the plan, and change nothing.
    #[arg(long)]
    pub dry_run: bool,
}

/// Arguments of `archive`.
#[derive(clap::Args, Debug)]
pub struct ArchiveArgs {
    /// The archive's folder (a second run adds what is new).
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
}

/// Progress on stderr: a bar redrawn in place on a terminal, plain lines
/// (one per stage, and every 50 items) when it is not one.
pub struct Bar {
    tty: bool,
    label: String,
    last_draw: Option<Instant>,
    last_line: usize,
}

impl Bar {
    /// A reporter for this process's stderr.
    pub fn new() -> Bar {
        Bar {
            tty: std::io::stderr().is_terminal(),
            label: String::new(),
            last_draw: None,
            last_line: 0,
        }
    }

    /// Clears the bar's line.
    pub fn finish(&mut self) {
        if self.tty && self.last_draw.is_some() {
            let mut e = std::io::stderr().lock();
            let _ = write!(e, "\r\x1b[2K");
            let _ = e.flush();
        }
        self.last_draw = None;
    }
}

impl Default for Bar {
    fn default() -> Self {
        Bar::new()
    }
}

impl Reporter for Bar {
    fn progress(&mut self, label: &str, done: usize, total: Option<usize>) {
        let new_stage = label != self.label;
        if new_stage {
            self.label = label.to_string();
            self.last_line = 0;
        }
        let end = total.is_some_and(|t| done >= t);
        if self.tty {
            let due = self
                .last_draw
                .is_none_or(|t| t.elapsed() >= Duration::from_millis(50));
            if !(due || new_stage || end) {
                return;
            }
            self.last_draw = Some(Instant::now());
            let text = match total {
                Some(t) if t > 0 => {
                    let width = 24;
                    let filled = (done.min(t) * width) / t;
                    format!(
                        "{label:<24} [{}{}] {done}/{t}",
                        "#".repeat(filled),
                        "-".repeat(width - filled)
                    )
                }
                _ => format!("{label:<24} {done}"),
            };
            let mut e = std::io::stderr().lock();
            let _ = write!(e, "\r\x1b[2K{text}");
            let _ = e.flush();
        } else if new_stage || end || done >= self.last_line + 50 {
            self.last_line = done;
            match total {
                Some(t) => eprintln!("{label}: {done}/{t}"),
                None => eprintln!("{label}: {done}"),
            }
        }
    }

    fn notice(&mut self, message: &str) {
        self.finish();
        eprintln!("trompe: {message}");
    }
}

/// Runs `export`.
pub async fn export(
    paths: &Paths,
    account: Option<&str>,
    json: bool,
    args: ExportArgs,
) -> ExitCode {
    let client = match session::client(paths, account).await {
        Ok(c) => c,
        Err(code) => return code,
    };
    let what = What::selection(&args.what);
    let mut bar = Bar::new();
    let mut paced = Paced::new(client, &mut bar);
    let result = match data::who(&mut paced).await {
        Ok(me) => data::export::export(&mut paced, &me, &what).await,
        Err(e) => Err(e),
    };
    drop(paced);
    bar.finish();
    let exported = match result {
        Ok(d) => d,
        Err(e) => return fail(&e),
    };
    let files = match files::write(&args.out, &exported, &what) {
        Ok(f) => f,
        Err(e) => {
            eprintln!("trompe: {e}");
            return ExitCode::from(EXIT_API);
        }
    };
    if json {
        let counts: serde_json::Map<String, serde_json::Value> = what
            .iter()
            .map(|w| (w.label().to_string(), exported.count(*w).into()))
            .collect();
        crate::outln!(
            "{}",
            serde_json::json!({"out": args.out, "files": files, "counts": counts})
        );
    } else {
        for w in &what {
            crate::outln!("{:<14} {}", w.label(), exported.count_text(*w));
        }
        crate::outln!("written to {}", args.out.display());
    }
    ExitCode::SUCCESS
}

fn source_name(path: &Path) -> String {
    std::fs::canonicalize(path)
        .unwrap_or_else(|_| path.to_path_buf())
        .display()
        .to_string()
}

/// Imports `path` into the account of `client` and prints the report.
async fn import_into(
    paths: &Paths,
    client: Client,
    path: &Path,
    what: &[What],
    dry_run: bool,
    json: bool,
) -> Result<import::Report, ExitCode> {
    let exported = files::read_path(path, what).map_err(|e| {
        eprintln!("trompe: {e}");
        ExitCode::from(EXIT_USAGE)
    })?;
    let mut bar = Bar::new();
    let mut paced = Paced::new(client, &mut bar);
    let account = data::who(&mut paced).await.map_err(|e| fail(&e))?.acct;
    let source = source_name(path);
    let opts = import::Options {
        dry_run,
        progress_file: Some(data::progress_file(&paths.data_dir, &account, &source)),
    };
    let result = import::import(&mut paced, &exported, what, &account, &source, &opts).await;
    drop(paced);
    bar.finish();
    let report = result.map_err(|e| {
        let code = fail(&e);
        eprintln!("trompe: the import stopped; what it did is kept, and running it again goes on from there");
        code
    })?;
    if json {
        crate::outln!("{}", serde_json::to_string(&report).unwrap_or_default());
    } else {
        crate::outln!("into {account}:");
        for l in report.lines() {
            crate::outln!("{l}");
        }
    }
    Ok(report)
}

/// Runs `import`.
pub async fn import(
    paths: &Paths,
    account: Option<&str>,
    json: bool,
    args: ImportArgs,
) -> ExitCode {
    let client = match session::client(paths, account).await {
        Ok(c) => c,
        Err(code) => return code,
    };
    match import_into(paths, client, &args.path, &args.what, args.dry_run, json).await {
        Ok(r) if r.complete() => ExitCode::SUCCESS,
        Ok(_) => ExitCode::from(EXIT_API),
        Err(code) => code,
    }
}

/// Runs `move`.
pub async fn move_accounts(paths: &Paths, json: bool, args: MoveArgs) -> ExitCode {
    let (from, from_acct) = match session::configured(paths, Some(&args.from)).await {
        Ok(c) => c,
        Err(code) => return code,
    };
    let (to, to_acct) = match session::configured(paths, Some(&args.to)).await {
        Ok(c) => c,
        Err(code) => return code,
    };
    if from_acct.eq_ignore_ascii_case(&to_acct) {
        eprintln!("trompe: {from_acct} is both ends of the move");
        return ExitCode::from(EXIT_USAGE);
    }
    let what = What::selection(&args.what);
    let dir = data::move_dir(&paths.data_dir, &from_acct, &to_acct);
    let mut bar = Bar::new();
    let mut paced = Paced::new(from, &mut bar);
    let result = match data::who(&mut paced).await {
        Ok(me) => data::export::export(&mut paced, &me, &what).await,
        Err(e) => Err(e),
    };
    drop(paced);
    bar.finish();
    let exported = match result {
        Ok(d) => d,
        Err(e) => return fail(&e),
    };
    if let Err(e) = files::write(&dir, &exported, &what) {
        eprintln!("trompe: {e}");
        return ExitCode::from(EXIT_API);
    }
    if !json {
        crate::outln!("exported from {from_acct} to {}", dir.display());
    }
    let code = match import_into(paths, to, &dir, &what, args.dry_run, json).await {
        Ok(r) if r.complete() => ExitCode::SUCCESS,
        Ok(_) => ExitCode::from(EXIT_API),
        Err(code) => return code,
    };
    if !json && !args.dry_run {
        crate::outln!();
        crate::outln!("{}", data::followers_reminder(&from_acct, &to_acct));
    }
    code
}

/// Runs `archive`.
pub async fn archive(
    paths: &Paths,
    account: Option<&str>,
    json: bool,
    args: ArchiveArgs,
) -> ExitCode {
    let client = match session::client(paths, account).await {
        Ok(c) => c,
        Err(code) => return code,
    };
    let mut bar = Bar::new();
    let mut paced = Paced::new(client, &mut bar);
    let who = match data::who(&mut paced).await {
        Ok(w) => w,
        Err(e) => return fail(&e),
    };
    let result = data::archive::archive(&mut paced, &who, &args.out).await;
    drop(paced);
    bar.finish();
    let summary = match result {
        Ok(s) => s,
        Err(data::archive::ArchiveError::Api(e)) => return fail(&e),
        Err(e) => {
            eprintln!("trompe: {e}");
            return ExitCode::from(EXIT_API);
        }
    };
    if json {
        crate::outln!("{}", serde_json::to_string(&summary).unwrap_or_default());
    } else {
        crate::outln!(
            "{} new post(s), {} in all · {} edit histories · {} new media file(s), {} in all",
            summary.new_posts,
            summary.posts,
            summary.edits,
            summary.new_media,
            summary.media
        );
        for f in &summary.failed {
            crate::outln!("failed: {f}");
        }
        crate::outln!(
            "open {} to read it offline",
            summary.out.join("index.html").display()
        );
    }
    if summary.failed.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(EXIT_API)
    }
}
