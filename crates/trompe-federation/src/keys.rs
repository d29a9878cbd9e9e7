//! The node's RSA key and the public keys of others.
//!
//! The private key is RSA-2048, kept as PKCS#8 PEM in a file of mode 0600.
//! Signing and verifying use aws-lc-rs (PKCS#1 v1.5 with SHA-256, constant
//! time). Nothing here formats the private key into a message: `Debug`
//! shows only the public half.

use std::fmt;
use std::io::Write;
use std::path::Path;

use aws_lc_rs::encoding::{AsDer, Pkcs8V1Der, PublicKeyX509Der};
use aws_lc_rs::rand::SystemRandom;
use aws_lc_rs::rsa::{KeyPair, KeySize};
use aws_lc_rs::signature::{
    KeyPair as _, RSA_PKCS1_2048_8192_SHA256, RSA_PKCS1_SHA256, UnparsedPublicKey,
};
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;

/// What can go wrong with a key.
#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    #[error("could not generate an RSA key")]
    Generate,
    #[error("the key file {0} is not a PKCS#8 RSA private key in PEM")]
    Malformed(String),
    #[error("could not read or write the key file {path}: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error("could not sign")]
    Sign,
}

/// The node's key pair.
pub struct NodeKey {
    pair: KeyPair,
    pkcs8: Vec<u8>,
    public_pem: String,
}

impl fmt::Debug for NodeKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("NodeKey")
            .field("public", &self.public_pem)
            .finish_non_exhaustive()
    }
}

impl NodeKey {
    /// A new RSA-2048 key.
    pub fn generate() -> Result<NodeKey, KeyError> {
        let pair = KeyPair::generate(KeySize::Rsa2048).map_err(|_| KeyError::Generate)?;
        let pkcs8 = AsDer::<Pkcs8V1Der>::as_der(&pair)
            .map_err(|_| KeyError::Generate)?
            .as_ref()
            .to_vec();
        NodeKey::from_pkcs8(pkcs8).map_err(|_| KeyError::Generate)
    }

    fn from_pkcs8(pkcs8: Vec<u8>) -> Result<NodeKey, ()> {
        let pair = KeyPair::from_pkcs8(&pkcs8).map_err(|_| ())?;
        let spki = AsDer::<PublicKeyX509Der>::as_der(pair.public_key()).map_err(|_| ())?;
        let public_pem = pem_encode("PUBLIC KEY", spki.as_ref());
        Ok(NodeKey {
            pair,
            pkcs8,
            public_pem,
        })
    }

    /// Reads a key written by [`NodeKey::save`].
    pub fn load(path: &Path) -> Result<NodeKey, KeyError> {
        let text = std::fs::read_to_string(path).map_err(|source| KeyError::Io {
            path: path.display().to_string(),
            source,
        })?;
        let malformed = || KeyError::Malformed(path.display().to_string());
        let der = pem_decode(&text, "PRIVATE KEY").ok_or_else(malformed)?;
        NodeKey::from_pkcs8(der).map_err(|_| malformed())
    }

    /// Writes the private key as PEM, readable by its owner only (0600),
    /// through a temporary file so a crash leaves no half-written key.
    pub fn save(&self, path: &Path) -> Result<(), KeyError> {
        let io = |source| KeyError::Io {
            path: path.display().to_string(),
            source,
        };
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(io)?;
        }
        let tmp = path.with_extension("tmp");
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create(true).truncate(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            options.mode(0o600);
        }
        let mut file = options.open(&tmp).map_err(io)?;
        file.write_all(pem_encode("PRIVATE KEY", &self.pkcs8).as_bytes())
            .and_then(|()| file.sync_all())
            .map_err(io)?;
        std::fs::rename(&tmp, path).map_err(io)?;
        // The rename itself must last: sync the directory (where it opens).
        if let Some(d) = path.parent().and_then(|d| std::fs::File::open(d).ok()) {
            let _ = d.sync_all();
        }
        Ok(())
    }

    /// The public key, as the `publicKeyPem` of the actor (SubjectPublicKeyInfo).
    pub fn public_pem(&self) -> &str {
        &self.public_pem
    }

    /// An `rsa-sha256` signature of `message`.
    pub fn sign(&self, message: &[u8]) -> Result<Vec<u8>, KeyError> {
        let mut signature = vec![0; self.pair.public_modulus_len()];
        self.pair
            .sign(
                &RSA_PKCS1_SHA256,
                &SystemRandom::new(),
                message,
                &mut signature,
            )
            .map_err(|_| KeyError::Sign)?;
        Ok(signature)
    }
}

/// Does `signature` sign `message` under the PEM public key `pem`
/// (`PUBLIC KEY` or `RSA PUBLIC KEY`)? A key that does not parse verifies
/// nothing.
pub fn verify(pem: &str, message: &[u8], signature: &[u8]) -> bool {
    let Some(der) = pem_decode(pem, "PUBLIC KEY").or_else(|| pem_decode(pem, "RSA PUBLIC KEY"))
    else {
        return false;
    };
    UnparsedPublicKey::new(&RSA_PKCS1_2048_8192_SHA256, der)
        .verify(message, signature)
        .is_ok()
}

fn pem_encode(label: &str, der: &[u8]) -> String {
    let b64 = STANDARD.encode(der);
    let mut out = format!("-----BEGIN {label}-----\n");
    for chunk in b64.as_bytes().chunks(64) {
        out.push_str(&String::from_utf8_lossy(chunk));
        out.push('\n');
    }
    out.push_str(&format!("-----END {label}-----\n"));
    out
}

/// The DER inside the first `label` block of `pem`. Peers send PEM with
/// `\n` or `\r\n` line ends, and some with none at all.
fn pem_decode(pem: &str, label: &str) -> Option<Vec<u8>> {
    let begin = format!("-----BEGIN {label}-----");
    let end = format!("-----END {label}-----");
    let start = pem.find(&begin)? + begin.len();
    let stop = start + pem[start..].find(&end)?;
    let body: String = pem[start..stop]
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    STANDARD.decode(body).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_signature_verifies_under_its_key_and_no_other() {
        let key = NodeKey::generate().expect("key");
        let other = NodeKey::generate().expect("key");
        let sig = key.sign(b"hello").expect("sign");
        assert!(verify(key.public_pem(), b"hello", &sig));
        assert!(!verify(key.public_pem(), b"hellO", &sig));
        assert!(!verify(other.public_pem(), b"hello", &sig));
        assert!(!verify("not a key", b"hello", &sig));
    }

    #[test]
    fn a_saved_key_loads_with_mode_0600_and_debug_hides_it() {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("node.pem");
        let key = NodeKey::generate().expect("key");
        key.save(&path).expect("save");
        let loaded = NodeKey::load(&path).expect("load");
        assert_eq!(loaded.public_pem(), key.public_pem());
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).expect("meta").permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        let private = std::fs::read_to_string(&path).expect("read");
        let body: String = private.lines().nth(1).unwrap_or_default().into();
        assert!(!format!("{key:?}").contains(&body));
        std::fs::write(&path, "garbage").expect("write");
        assert!(matches!(NodeKey::load(&path), Err(KeyError::Malformed(_))));
    }
}
