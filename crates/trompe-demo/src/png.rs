//! Tiny, dependency-free PNG encoder used by the demo instance to serve
//! placeholder media (attachments, avatars, headers, previews).
//!
//! The images are 8-bit RGB (colour type 2) showing a soft diagonal gradient
//! derived from a base colour, with a gentle lighter disc in the middle. The
//! pixel data is wrapped in a zlib stream made only of *stored* (uncompressed)
//! deflate blocks, so no compression library is needed; CRC-32 (per chunk) and
//! Adler-32 (per zlib stream) are computed by hand.
//!
//! Uncompressed output is large for big images (about `3 * w * h` bytes), which
//! is why dimensions are clamped to `1..=1024`.

/// Largest side accepted by [`pattern_png`]; larger values are clamped.
pub const MAX_SIDE: u32 = 1024;

/// The eight-byte PNG file signature.
pub const SIGNATURE: [u8; 8] = [0x89, b'P', b'N', b'G', b'\r', b'\n', 0x1a, b'\n'];

/// Maximum payload of one stored deflate block.
const MAX_STORED: usize = 65_535;

/// Encodes a `width` x `height` RGB PNG showing a pleasant pattern based on
/// `color`. Both dimensions are clamped to `1..=1024`.
pub fn pattern_png(width: u32, height: u32, color: (u8, u8, u8)) -> Vec<u8> {
    let width = width.clamp(1, MAX_SIDE);
    let height = height.clamp(1, MAX_SIDE);
    let raw = pattern_scanlines(width, height, color);
    encode_rgb(width, height, &raw)
}

/// Builds the filtered scanlines (filter byte 0 followed by RGB triples for
/// every row) of the pattern. Dimensions must already be clamped.
fn pattern_scanlines(width: u32, height: u32, color: (u8, u8, u8)) -> Vec<u8> {
    let w = width as usize;
    let h = height as usize;
    let mut raw = Vec::with_capacity(h * (1 + 3 * w));

    let base = [f32::from(color.0), f32::from(color.1), f32::from(color.2)];
    // Gradient end: a darker, slightly hue-shifted version of the base colour.
    let end = [
        base[1] * 0.35 + base[0] * 0.25,
        base[2] * 0.35 + base[1] * 0.25,
        base[0] * 0.35 + base[2] * 0.25,
    ];

    let wf = width as f32;
    let hf = height as f32;
    let (cx, cy) = (wf * 0.62, hf * 0.42);
    let radius = wf.min(hf) * 0.28;
    let soft = (radius * 0.35).max(1.0);
    let diag = (wf + hf).max(1.0);

    for y in 0..h {
        raw.push(0); // filter type: None
        let yf = y as f32 + 0.5;
        for x in 0..w {
            let xf = x as f32 + 0.5;
            // Diagonal position from top-left (0) to bottom-right (1).
            let t = ((xf + yf) / diag).clamp(0.0, 1.0);
            // Distance to the disc edge, softened into a 0..1 blend factor.
            let dx = xf - cx;
            let dy = yf - cy;
            let dist = (dx * dx + dy * dy).sqrt();
            let disc = ((radius + soft - dist) / (2.0 * soft)).clamp(0.0, 1.0);
            // Faint diagonal stripes to give some texture.
            let stripe = if ((x + y) / 12) % 2 == 0 { 1.0 } else { 0.96 };
            for c in 0..3 {
                let g = base[c] + (end[c] - base[c]) * t;
                let lit = g + (255.0 - g) * 0.45 * disc;
                let v = (lit * stripe).round().clamp(0.0, 255.0);
                raw.push(v as u8);
            }
        }
    }
    raw
}

/// Wraps already-filtered RGB scanlines into a complete PNG file.
fn encode_rgb(width: u32, height: u32, raw: &[u8]) -> Vec<u8> {
    let zlib = zlib_stored(raw);
    let mut out = Vec::with_capacity(8 + 25 + 12 + zlib.len() + 12);
    out.extend_from_slice(&SIGNATURE);

    let mut ihdr = Vec::with_capacity(13);
    ihdr.extend_from_slice(&width.to_be_bytes());
    ihdr.extend_from_slice(&height.to_be_bytes());
    ihdr.extend_from_slice(&[8, 2, 0, 0, 0]); // depth 8, RGB, deflate, adaptive, no interlace
    write_chunk(&mut out, *b"IHDR", &ihdr);
    write_chunk(&mut out, *b"IDAT", &zlib);
    write_chunk(&mut out, *b"IEND", &[]);
    out
}

/// Appends a chunk: length, type, data, CRC-32 of type + data.
fn write_chunk(out: &mut Vec<u8>, kind: [u8; 4], data: &[u8]) {
    // Data never exceeds a few MiB (clamped dimensions), far below u32::MAX.
    let len = u32::try_from(data.len()).unwrap_or(u32::MAX);
    out.extend_from_slice(&len.to_be_bytes());
    out.extend_from_slice(&kind);
    out.extend_from_slice(data);
    let mut crc = Crc32::new();
    crc.update(&kind);
    crc.update(data);
    out.extend_from_slice(&crc.finish().to_be_bytes());
}

/// Wraps `data` in a zlib stream made of stored deflate blocks.
fn zlib_stored(data: &[u8]) -> Vec<u8> {
    let blocks = data.len().div_ceil(MAX_STORED).max(1);
    let mut out = Vec::with_capacity(2 + data.len() + blocks * 5 + 4);
    // CMF: deflate, 32K window; FLG: no dict, fastest level, check bits so
    // that (CMF * 256 + FLG) % 31 == 0.
    out.extend_from_slice(&[0x78, 0x01]);
    if data.is_empty() {
        out.extend_from_slice(&[0x01, 0x00, 0x00, 0xff, 0xff]);
    } else {
        let mut chunks = data.chunks(MAX_STORED).peekable();
        while let Some(chunk) = chunks.next() {
            let last = chunks.peek().is_none();
            out.push(u8::from(last)); // BFINAL bit, BTYPE = 00 (stored)
            // chunks() guarantees chunk.len() <= 65535.
            let len = u16::try_from(chunk.len()).unwrap_or(u16::MAX);
            out.extend_from_slice(&len.to_le_bytes());
            out.extend_from_slice(&(!len).to_le_bytes());
            out.extend_from_slice(chunk);
        }
    }
    out.extend_from_slice(&adler32(data).to_be_bytes());
    out
}

/// Adler-32 checksum as used by zlib.
pub fn adler32(data: &[u8]) -> u32 {
    const MOD: u32 = 65_521;
    // 5552 is the largest n such that the sums cannot overflow a u32.
    let (mut a, mut b) = (1u32, 0u32);
    for block in data.chunks(5552) {
        for &byte in block {
            a += u32::from(byte);
            b += a;
        }
        a %= MOD;
        b %= MOD;
    }
    (b << 16) | a
}

/// Incremental CRC-32 (IEEE, reflected, polynomial 0xEDB88320) with a
/// compile-time table.
struct Crc32(u32);

const CRC_TABLE: [u32; 256] = {
    let mut table = [0u32; 256];
    let mut n = 0;
    while n < 256 {
        let mut c = n as u32;
        let mut k = 0;
        while k < 8 {
            c = if c & 1 != 0 {
                0xEDB8_8320 ^ (c >> 1)
            } else {
                c >> 1
            };
            k += 1;
        }
        table[n] = c;
        n += 1;
    }
    table
};

impl Crc32 {
    fn new() -> Self {
        Crc32(0xFFFF_FFFF)
    }

    fn update(&mut self, data: &[u8]) {
        let mut c = self.0;
        for &byte in data {
            c = CRC_TABLE[((c ^ u32::from(byte)) & 0xFF) as usize] ^ (c >> 8);
        }
        self.0 = c;
    }

    fn finish(&self) -> u32 {
        self.0 ^ 0xFFFF_FFFF
    }
}

/// CRC-32 of `data` (the checksum PNG uses for chunks).
pub fn crc32(data: &[u8]) -> u32 {
    let mut crc = Crc32::new();
    crc.update(data);
    crc.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn be32(b: &[u8]) -> u32 {
        u32::from_be_bytes([b[0], b[1], b[2], b[3]])
    }

    /// Splits a PNG into (type, data) chunks, asserting each CRC.
    fn chunks(png: &[u8]) -> Vec<([u8; 4], Vec<u8>)> {
        assert_eq!(&png[..8], &SIGNATURE);
        let mut pos = 8;
        let mut out = Vec::new();
        while pos < png.len() {
            let len = be32(&png[pos..]) as usize;
            let kind = [png[pos + 4], png[pos + 5], png[pos + 6], png[pos + 7]];
            let data = &png[pos + 8..pos + 8 + len];
            let crc = be32(&png[pos + 8 + len..]);
            assert_eq!(
                crc,
                crc32(&png[pos + 4..pos + 8 + len]),
                "bad CRC for {:?}",
                kind
            );
            out.push((kind, data.to_vec()));
            pos += 12 + len;
        }
        assert_eq!(pos, png.len());
        out
    }

    /// Decodes a zlib stream made only of stored blocks, checking headers,
    /// LEN/NLEN and the Adler-32 trailer.
    fn inflate_stored(z: &[u8]) -> Vec<u8> {
        assert_eq!((u16::from(z[0]) * 256 + u16::from(z[1])) % 31, 0);
        assert_eq!(z[0] & 0x0f, 8);
        let mut pos = 2;
        let mut out = Vec::new();
        loop {
            let hdr = z[pos];
            assert_eq!(hdr & 0b110, 0, "not a stored block");
            let len = u16::from_le_bytes([z[pos + 1], z[pos + 2]]);
            let nlen = u16::from_le_bytes([z[pos + 3], z[pos + 4]]);
            assert_eq!(len, !nlen);
            let start = pos + 5;
            out.extend_from_slice(&z[start..start + len as usize]);
            pos = start + len as usize;
            if hdr & 1 == 1 {
                break;
            }
        }
        assert_eq!(be32(&z[pos..]), adler32(&out));
        assert_eq!(pos + 4, z.len());
        out
    }

    #[test]
    fn known_checksums() {
        assert_eq!(crc32(b"123456789"), 0xCBF4_3926);
        assert_eq!(crc32(b"IEND"), 0xAE42_6082);
        assert_eq!(adler32(b"Wikipedia"), 0x11E6_0398);
        assert_eq!(adler32(&[]), 1);
        // Long input exercises the modulo reduction.
        let big = vec![0xffu8; 100_000];
        let (mut a, mut b) = (1u64, 0u64);
        for &x in &big {
            a = (a + u64::from(x)) % 65_521;
            b = (b + a) % 65_521;
        }
        assert_eq!(adler32(&big), ((b << 16) | a) as u32);
    }

    #[test]
    fn structure_and_checksums() {
        for &(w, h) in &[(1u32, 1u32), (16, 9), (300, 200), (640, 480)] {
            let color = (90, 140, 200);
            let png = pattern_png(w, h, color);
            let cs = chunks(&png);
            let kinds: Vec<&[u8; 4]> = cs.iter().map(|(k, _)| k).collect();
            assert_eq!(kinds, vec![b"IHDR", b"IDAT", b"IEND"]);

            let ihdr = &cs[0].1;
            assert_eq!(ihdr.len(), 13);
            assert_eq!(be32(&ihdr[0..4]), w);
            assert_eq!(be32(&ihdr[4..8]), h);
            assert_eq!(&ihdr[8..13], &[8, 2, 0, 0, 0]);
            assert!(cs[2].1.is_empty());

            let raw = inflate_stored(&cs[1].1);
            let row = 1 + 3 * w as usize;
            assert_eq!(raw.len(), row * h as usize);
            assert_eq!(raw, pattern_scanlines(w, h, color));
            for r in raw.chunks(row) {
                assert_eq!(r[0], 0, "filter byte");
            }

            let blocks = raw.len().div_ceil(65_535);
            let expected = 8 + (12 + 13) + (12 + 2 + raw.len() + 5 * blocks + 4) + 12;
            assert_eq!(png.len(), expected);
        }
    }

    #[test]
    fn multi_block_stream() {
        // 640x480 RGB needs ~922 KB, i.e. many stored blocks.
        let png = pattern_png(640, 480, (200, 80, 120));
        let cs = chunks(&png);
        let idat = &cs[1].1;
        assert_eq!(idat[2], 0, "first block is not final");
        let raw = inflate_stored(idat);
        assert_eq!(raw.len(), 480 * (1 + 640 * 3));
    }

    #[test]
    fn clamps_dimensions() {
        let png = pattern_png(0, 5000, (0, 0, 0));
        let cs = chunks(&png);
        assert_eq!(be32(&cs[0].1[0..4]), 1);
        assert_eq!(be32(&cs[0].1[4..8]), MAX_SIDE);
    }

    #[test]
    fn pattern_varies() {
        let raw = pattern_scanlines(64, 64, (120, 160, 220));
        let first = &raw[1..4];
        let last = &raw[raw.len() - 3..];
        assert_ne!(first, last, "gradient should change colour");
    }

    #[test]
    fn empty_zlib_is_valid() {
        let z = zlib_stored(&[]);
        assert!(inflate_stored(&z).is_empty());
    }
}
