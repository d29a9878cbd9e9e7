//! `trompe completions SHELL` and `trompe man`: generated from the same
//! clap definitions as the parser, so they never drift.

use std::io::Write;
use std::process::ExitCode;

use clap::CommandFactory;

/// Writes the completion script for `shell` to standard output.
pub fn completions(shell: clap_complete::Shell) -> ExitCode {
    let mut cmd = super::Cli::command();
    let mut out = std::io::stdout().lock();
    clap_complete::generate(shell, &mut cmd, "trompe", &mut out);
    match out.flush() {
        Ok(()) => ExitCode::SUCCESS,
        Err(_) => ExitCode::from(super::EXIT_API),
    }
}

/// Writes the man page (roff) to standard output: `trompe man | man -l -`.
pub fn man() -> ExitCode {
    let cmd = super::Cli::command();
    let mut buf = Vec::new();
    let rendered = clap_mangen::Man::new(cmd.clone())
        .render(&mut buf)
        .and_then(|()| {
            // One section per subcommand, so every command and its example
            // is in the page.
            for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
                let name = format!("trompe {}", sub.get_name());
                buf.extend_from_slice(format!(".SH \"{}\"\n", name.to_uppercase()).as_bytes());
                let man = clap_mangen::Man::new(sub.clone());
                man.render_description_section(&mut buf)?;
                man.render_options_section(&mut buf)?;
            }
            buf.extend_from_slice(tui_sections().as_bytes());
            Ok(())
        });
    if let Err(e) = rendered {
        eprintln!("trompe: could not render the man page: {e}");
        return ExitCode::from(super::EXIT_API);
    }
    let mut out = std::io::stdout().lock();
    match out.write_all(&buf).and_then(|()| out.flush()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(_) => ExitCode::from(super::EXIT_API),
    }
}

/// Text for a roff line: backslashes doubled, and a line that would start
/// with a control character made literal.
fn roff(text: &str) -> String {
    let t = text.replace('\\', "\\e");
    if t.starts_with('.') || t.starts_with('\'') {
        format!("\\&{t}")
    } else {
        t
    }
}

/// The sections of the page that clap does not know: the TUI's keys and
/// `:` commands, config.toml, the environment and the files.
fn tui_sections() -> String {
    use crate::app::keymap::{DEFAULTS, Keymap, Mode};
    let mut s = String::new();
    s.push_str(".SH \"KEYS IN THE TUI\"\n");
    s.push_str("Every key can be changed in config.toml ([keys.MODE], below); ? in the TUI shows them as they are bound.\n");
    for mode in Mode::ALL {
        let rows: Vec<_> = DEFAULTS.iter().filter(|(m, _, _)| *m == *mode).collect();
        if rows.is_empty() {
            continue;
        }
        s.push_str(&format!(".SS \"{}\"\n", roff(mode.title())));
        for (_, cmd, keys) in rows {
            s.push_str(".TP\n");
            s.push_str(&format!("\\fB{}\\fR\n", roff(&keys.join(", "))));
            s.push_str(&format!("{} ({})\n", roff(cmd.help()), roff(cmd.name())));
        }
    }
    s.push_str(".SH \"COMMANDS OF THE : LINE\"\n");
    let km = Keymap::default();
    for (c, h) in crate::app::cmdline::COMMANDS {
        s.push_str(".TP\n");
        s.push_str(&format!("\\fB:{}\\fR\n{}\n", roff(c), roff(&km.fill(h))));
    }
    s.push_str(".SH CONFIGURATION\n");
    s.push_str("The file is config.toml in the configuration directory (trompe config \\-\\-path). trompe config \\-\\-check checks it. Every key, with its default:\n");
    s.push_str(".PP\n.nf\n");
    for line in super::config_cmd::default_config().lines() {
        s.push_str(&roff(line));
        s.push('\n');
    }
    s.push_str(".fi\n");
    s.push_str(".SH ENVIRONMENT\n");
    for (name, what) in [
        (
            "TROMPE_INSTANCE, TROMPE_TOKEN",
            "an instance and an access token to use instead of a configured account (every command, and the TUI)",
        ),
        (
            "TROMPE_CONFIG_DIR",
            "where config.toml is (default: the platform's configuration directory)",
        ),
        (
            "TROMPE_DATA_DIR",
            "where tokens (without a keyring), drafts, exports, the node's store and logs are",
        ),
        (
            "TROMPE_NO_KEYRING",
            "set to 1: keep tokens in a 0600 file instead of the system keyring",
        ),
        (
            "TROMPE_LOG",
            "the log filter (tracing's syntax, e.g. trompe=debug)",
        ),
        (
            "NO_COLOR",
            "any value: no colour at all (the TUI then marks states with bold and reverse video)",
        ),
        (
            "COLORTERM, TERM",
            "how many colours the terminal has: truecolor, 256 or 16",
        ),
        (
            "VISUAL, EDITOR",
            "the external editor of the compose pane (ctrl\\-e)",
        ),
    ] {
        s.push_str(".TP\n");
        s.push_str(&format!("\\fB{}\\fR\n{}\n", roff(name), roff(what)));
    }
    s.push_str(".SH FILES\n");
    for (name, what) in [
        (
            "config.toml",
            "accounts, the UI, keys, notifications, the node (in the configuration directory)",
        ),
        (
            "tokens.json",
            "access tokens when there is no keyring (mode 0600, in the data directory)",
        ),
        ("drafts/", "unsent posts, kept until sent or deleted"),
        (
            "moves/, imports/",
            "the exports made by trompe move, and the progress of imports",
        ),
        ("relay/", "the federation node's key and store"),
        (
            "trompe.log",
            "the log (the state directory, or TROMPE_DATA_DIR/logs)",
        ),
    ] {
        s.push_str(".TP\n");
        s.push_str(&format!("\\fB{}\\fR\n{}\n", roff(name), roff(what)));
    }
    s
}
