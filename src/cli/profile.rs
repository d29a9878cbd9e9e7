//! `trompe profile set …`: edits the logged-in user's profile and posting
//! defaults (`PATCH /api/v1/accounts/update_credentials`) and prints the
//! updated profile as `whoami` does (or the server's JSON).

use std::process::ExitCode;

use super::common::{Global, fail, logged_in, usage};
use super::text;
use crate::api::endpoints::profile::{CredentialsUpdate, MAX_FIELDS, ProfileImage};
use crate::api::entities::{Account, Visibility};
use crate::config::Paths;

/// `on` or `off`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum OnOff {
    On,
    Off,
}

impl From<OnOff> for bool {
    fn from(v: OnOff) -> bool {
        v == OnOff::On
    }
}

/// Default visibility of new posts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum DefaultVisibility {
    /// Everyone, in public timelines.
    Public,
    /// Everyone, out of public timelines.
    Unlisted,
    /// Your followers only.
    Private,
}

/// The `profile` subcommands.
#[derive(clap::Subcommand, Debug)]
pub enum ProfileAction {
    /// Change your profile: only the options given change.
    ///
    /// Example: `trompe profile set --name "Ada" --field "Site=https://ada.example" --locked on`
    Set(Box<SetArgs>),
}

/// Arguments of `profile set`.
#[derive(clap::Args, Debug)]
pub struct SetArgs {
    /// Display name (Mastodon: at most 30 characters).
    #[arg(long)]
    pub name: Option<String>,
    /// Bio, plain text (`\n` in it is a new line).
    #[arg(long)]
    pub bio: Option<String>,
    /// A profile field `NAME=VALUE`; up to 4, and they replace all the
    /// current fields (`--field =` removes them all).
    #[arg(long = "field", value_name = "NAME=VALUE")]
    pub fields: Vec<String>,
    /// A new avatar (PNG, JPEG, GIF or WebP, at most 8 MB).
    #[arg(long, value_name = "PATH")]
    pub avatar: Option<String>,
    /// A new header image (PNG, JPEG, GIF or WebP, at most 8 MB).
    #[arg(long, value_name = "PATH")]
    pub header: Option<String>,
    /// Approve each follower yourself.
    #[arg(long, value_enum)]
    pub locked: Option<OnOff>,
    /// Mark the account as automated.
    #[arg(long, value_enum)]
    pub bot: Option<OnOff>,
    /// Allow the profile to be featured in discovery.
    #[arg(long, value_enum)]
    pub discoverable: Option<OnOff>,
    /// Default visibility of new posts.
    #[arg(long, value_enum)]
    pub visibility: Option<DefaultVisibility>,
    /// Default language of new posts (ISO 639-1, like en).
    #[arg(long)]
    pub language: Option<String>,
    /// Mark new posts sensitive by default.
    #[arg(long, value_enum)]
    pub sensitive: Option<OnOff>,
}

/// The `--field` values as pairs; an `=` alone (or empty) is no field.
fn parse_fields(raw: &[String]) -> Result<Vec<(String, String)>, String> {
    let mut out = Vec::new();
    for f in raw {
        let (name, value) = f
            .split_once('=')
            .ok_or_else(|| format!("--field `{f}`: use NAME=VALUE"))?;
        let (name, value) = (name.trim(), value.trim());
        if name.is_empty() && !value.is_empty() {
            return Err(format!("--field `{f}`: the name is empty"));
        }
        if !name.is_empty() {
            out.push((name.to_string(), value.to_string()));
        }
    }
    if out.len() > MAX_FIELDS {
        return Err(format!("at most {MAX_FIELDS} fields"));
    }
    Ok(out)
}

/// Runs `profile`.
pub async fn run(paths: &Paths, g: &Global, action: ProfileAction) -> ExitCode {
    match action {
        ProfileAction::Set(args) => set(paths, g, *args).await,
    }
}

async fn set(paths: &Paths, g: &Global, a: SetArgs) -> ExitCode {
    let fields = match parse_fields(&a.fields) {
        Ok(f) => (!a.fields.is_empty()).then_some(f),
        Err(e) => return usage(&e),
    };
    if let Some(l) = &a.language {
        if !(2..=3).contains(&l.len()) || !l.chars().all(|c| c.is_ascii_alphabetic()) {
            return usage(&format!("--language `{l}`: use a two-letter code like en"));
        }
    }
    // Files are checked before any request.
    let mut images = [None, None];
    for (slot, path) in images.iter_mut().zip([&a.avatar, &a.header]) {
        if let Some(p) = path {
            match ProfileImage::read(p).await {
                Ok(img) => *slot = Some(img),
                Err(e) => return usage(&e.to_string()),
            }
        }
    }
    let [avatar, header] = images;
    let update = CredentialsUpdate {
        display_name: a.name,
        note: a.bio.map(|b| b.replace("\\n", "\n")),
        fields,
        avatar,
        header,
        locked: a.locked.map(bool::from),
        bot: a.bot.map(bool::from),
        discoverable: a.discoverable.map(bool::from),
        privacy: a.visibility.map(|v| match v {
            DefaultVisibility::Public => Visibility::Public,
            DefaultVisibility::Unlisted => Visibility::Unlisted,
            DefaultVisibility::Private => Visibility::Private,
        }),
        language: a.language.map(|l| l.to_ascii_lowercase()),
        sensitive: a.sensitive.map(bool::from),
    };
    if update.is_empty() {
        return usage("nothing to change: see `trompe profile set --help`");
    }
    logged_in(paths, g, async |ctx| {
        let raw: serde_json::Value = ctx
            .client
            .update_credentials_as(&update)
            .await
            .map_err(|e| fail(&e))?;
        let instance = ctx.client.base().host_str().unwrap_or("").to_string();
        ctx.show::<Account>(&raw, |out, acc| {
            let mut s = text::account(out, acc, None);
            s.push_str(&format!("\non {instance}"));
            s
        })
    })
    .await
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn fields_are_name_value_pairs() {
        let f = |v: &[&str]| parse_fields(&v.iter().map(|s| s.to_string()).collect::<Vec<_>>());
        assert_eq!(
            f(&["Site = https://a.example/?a=b", "Pronouns=they"]).unwrap(),
            vec![
                ("Site".to_string(), "https://a.example/?a=b".to_string()),
                ("Pronouns".to_string(), "they".to_string())
            ]
        );
        assert_eq!(f(&["="]).unwrap(), vec![]);
        assert!(f(&["no equals"]).is_err());
        assert!(f(&["=value"]).is_err());
        assert!(f(&["a=1", "b=2", "c=3", "d=4", "e=5"]).is_err());
    }
}
