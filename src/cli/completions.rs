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
