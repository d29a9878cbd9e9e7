//! `trompe post`: write a post from the shell.

use std::process::ExitCode;

/// Arguments of `post`.
#[derive(clap::Args, Debug)]
pub struct PostArgs {
    /// The text, or `-` to read it from standard input.
    pub text: Option<String>,
}

/// Posts and prints the new post's URL.
pub async fn run(
    _paths: &crate::config::Paths,
    _account: Option<String>,
    _args: PostArgs,
) -> ExitCode {
    eprintln!("trompe: `post` is not available yet");
    ExitCode::from(super::EXIT_USAGE)
}
