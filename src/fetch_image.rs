//! Downloading and decoding image previews for the effect runner. Remote
//! files are hostile: the download is capped, only `image/*` answers are
//! accepted, the dimensions are checked before the pixels are decoded, the
//! decoder runs under memory limits on a blocking thread, and every failure
//! becomes a short message (never a panic). No ratatui here.

use std::io::Cursor;
use std::time::Duration;

use crate::app::images::PreviewImage;

/// Largest download accepted.
pub const MAX_DOWNLOAD: usize = 8 * 1024 * 1024;

/// Largest width or height accepted before decoding.
pub const MAX_SIDE: u32 = 8192;

/// Most memory the decoder may allocate for one picture.
pub const MAX_DECODE_ALLOC: u64 = 128 * 1024 * 1024;

pub use crate::app::images::CACHED_SIDE;

/// The HTTP client for previews: no account token (media may live on any
/// host), short timeouts.
pub fn http_client() -> Result<reqwest::Client, String> {
    reqwest::Client::builder()
        .connect_timeout(Duration::from_secs(10))
        .timeout(Duration::from_secs(30))
        .user_agent(concat!("trompe/", env!("CARGO_PKG_VERSION")))
        .build()
        .map_err(|e| format!("no HTTP client: {e}"))
}

/// Downloads `url` (at most [`MAX_DOWNLOAD`] bytes of an `image/*` answer)
/// and decodes it on a blocking thread.
pub async fn fetch(http: &reqwest::Client, url: &str) -> Result<PreviewImage, String> {
    fetch_limited(http, url, MAX_DOWNLOAD).await
}

/// [`fetch`] with another download cap (tests).
pub async fn fetch_limited(
    http: &reqwest::Client,
    url: &str,
    max: usize,
) -> Result<PreviewImage, String> {
    let started = std::time::Instant::now();
    let bytes = download(http, url, max).await?;
    let size = bytes.len();
    let image = tokio::task::spawn_blocking(move || decode(&bytes))
        .await
        .map_err(|_| "the decoder stopped".to_string())??;
    let (w, h) = image.dimensions();
    tracing::debug!(
        url,
        bytes = size,
        width = w,
        height = h,
        ms = started.elapsed().as_secs_f64() * 1000.0,
        "preview fetched and decoded"
    );
    Ok(image)
}

async fn download(http: &reqwest::Client, url: &str, max: usize) -> Result<Vec<u8>, String> {
    let parsed = url::Url::parse(url).map_err(|_| "not a URL".to_string())?;
    if !matches!(parsed.scheme(), "http" | "https") {
        return Err("not an http(s) URL".into());
    }
    let mut resp = http
        .get(parsed)
        .header(reqwest::header::ACCEPT, "image/*")
        .send()
        .await
        .map_err(|e| {
            if e.is_timeout() {
                "timed out".to_string()
            } else {
                "could not connect".to_string()
            }
        })?;
    if !resp.status().is_success() {
        return Err(format!("HTTP {}", resp.status().as_u16()));
    }
    if let Some(ct) = resp.headers().get(reqwest::header::CONTENT_TYPE) {
        let ct = ct.to_str().unwrap_or("").trim().to_ascii_lowercase();
        if !ct.starts_with("image/") {
            return Err("not an image".into());
        }
    }
    if resp.content_length().is_some_and(|n| n > max as u64) {
        return Err("file too large".into());
    }
    let mut body = Vec::new();
    while let Some(chunk) = resp
        .chunk()
        .await
        .map_err(|_| "download interrupted".to_string())?
    {
        if body.len() + chunk.len() > max {
            return Err("file too large".into());
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

/// Decodes a picture: checks its format and dimensions first, then decodes
/// it under limits and scales it down to [`CACHED_SIDE`].
pub fn decode(bytes: &[u8]) -> Result<PreviewImage, String> {
    let reader = || {
        image::ImageReader::new(Cursor::new(bytes))
            .with_guessed_format()
            .map_err(|_| "unreadable".to_string())
    };
    let probe = reader()?;
    if probe.format().is_none() {
        return Err("unknown image format".into());
    }
    let (w, h) = probe
        .into_dimensions()
        .map_err(|e| format!("bad image: {e}"))?;
    if w == 0 || h == 0 || w > MAX_SIDE || h > MAX_SIDE {
        return Err(format!("image too large ({w}×{h})"));
    }
    let mut r = reader()?;
    let mut limits = image::Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    limits.max_alloc = Some(MAX_DECODE_ALLOC);
    r.limits(limits);
    let img = r.decode().map_err(|e| format!("bad image: {e}"))?;
    let img = if img.width() > CACHED_SIDE || img.height() > CACHED_SIDE {
        img.thumbnail(CACHED_SIDE, CACHED_SIDE)
    } else {
        img
    };
    Ok(PreviewImage::new(img))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_the_demo_png() {
        let png = trompe_demo::png::pattern_png(320, 200, (200, 100, 50));
        let started = std::time::Instant::now();
        let img = decode(&png).expect("decodes");
        eprintln!("320×200 PNG decoded in {:?}", started.elapsed());
        assert_eq!(img.dimensions(), (320, 200));
    }

    #[test]
    fn big_pictures_are_scaled_down_for_the_cache() {
        let png = trompe_demo::png::pattern_png(1024, 512, (10, 20, 30));
        let mut buf = Vec::new();
        // Re-encode at a size above CACHED_SIDE through the image crate.
        let big = image::DynamicImage::ImageRgb8(image::RgbImage::new(2000, 1000));
        big.write_to(&mut Cursor::new(&mut buf), image::ImageFormat::Png)
            .expect("encodes");
        let img = decode(&buf).expect("decodes");
        assert_eq!(img.dimensions(), (1024, 512));
        assert!(decode(&png).is_ok());
    }

    #[test]
    fn garbage_and_truncated_files_fail_cleanly() {
        assert!(decode(b"").is_err());
        assert!(decode(b"hello, not an image").is_err());
        let png = trompe_demo::png::pattern_png(64, 64, (1, 2, 3));
        for cut in [8, 20, 40, png.len() / 2, png.len() - 5] {
            assert!(decode(&png[..cut]).is_err(), "cut at {cut}");
        }
        // Flipped bytes in the middle never panic.
        let mut broken = png.clone();
        for i in (30..broken.len()).step_by(7) {
            broken[i] ^= 0x5a;
        }
        let _ = decode(&broken);
    }

    #[test]
    fn huge_dimensions_are_refused_before_decoding() {
        // A PNG claiming 20000×20000 pixels, with an empty IDAT.
        let mut png = trompe_demo::png::SIGNATURE.to_vec();
        let mut chunk = |kind: &[u8], data: &[u8]| {
            png.extend_from_slice(&(data.len() as u32).to_be_bytes());
            let mut c = kind.to_vec();
            c.extend_from_slice(data);
            png.extend_from_slice(&c);
            png.extend_from_slice(&trompe_demo::png::crc32(&c).to_be_bytes());
        };
        let mut ihdr = Vec::new();
        ihdr.extend_from_slice(&20000u32.to_be_bytes());
        ihdr.extend_from_slice(&20000u32.to_be_bytes());
        ihdr.extend_from_slice(&[8, 2, 0, 0, 0]);
        chunk(b"IHDR", &ihdr);
        chunk(b"IDAT", &[]);
        chunk(b"IEND", &[]);
        let err = decode(&png).expect_err("refused");
        assert!(err.contains("too large"), "{err}");
    }
}
