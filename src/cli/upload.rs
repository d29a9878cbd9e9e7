//! `trompe upload PATH --alt TEXT`: uploads a file and prints its media id
//! (for `trompe post --media-id`, or any client).

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use super::common::{Global, fail, logged_in, usage};
use crate::api::endpoints::Call;
use crate::api::endpoints::media::{ProcessingWait, Upload};
use crate::config::Paths;

/// Arguments of `upload`.
#[derive(clap::Args, Debug)]
pub struct UploadArgs {
    /// The file.
    pub path: PathBuf,
    /// Alt text: what the image shows, for people who cannot see it.
    #[arg(long)]
    pub alt: Option<String>,
    /// Focal point `x,y`, each from -1.0 to 1.0.
    #[arg(long, value_parser = parse_focus, allow_hyphen_values = true)]
    pub focus: Option<(f64, f64)>,
}

fn parse_focus(s: &str) -> Result<(f64, f64), String> {
    let (x, y) = s
        .split_once(',')
        .ok_or_else(|| "use x,y (for example 0,0.5)".to_string())?;
    let p = |v: &str| {
        v.trim()
            .parse::<f64>()
            .ok()
            .filter(|f| (-1.0..=1.0).contains(f))
            .ok_or_else(|| format!("`{v}` is not between -1.0 and 1.0"))
    };
    Ok((p(x)?, p(y)?))
}

/// Runs `upload`.
pub async fn run(paths: &Paths, g: &Global, args: UploadArgs) -> ExitCode {
    let data = match std::fs::read(&args.path) {
        Ok(d) => d,
        Err(e) => return usage(&format!("cannot read {}: {e}", args.path.display())),
    };
    let upload = Upload {
        file_name: args
            .path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "upload".into()),
        data: Arc::new(data),
        mime: crate::compose::limits::mime_for(&args.path).to_string(),
        description: args.alt,
        focus: args.focus,
    };
    logged_in(paths, g, async |ctx| {
        let media = ctx
            .client
            .upload_media(&upload, None)
            .await
            .map_err(|e| fail(&e))?;
        let media = ctx
            .client
            .wait_for_media(media, &ProcessingWait::default())
            .await
            .map_err(|e| fail(&e))?;
        if ctx.out.is_text() {
            ctx.out.line(media.id.as_str());
        } else {
            let raw = ctx.raw(&Call::media(&media.id)).await?;
            ctx.out.value(&raw);
        }
        Ok(())
    })
    .await
}
