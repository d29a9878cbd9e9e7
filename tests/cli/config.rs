//! `trompe config`: the default file, the check with lines and
//! suggestions (exit 2), and where the files are.

use super::{bare, code, stderr};

#[test]
fn config_default_check_and_path() {
    let dir = tempfile::tempdir().unwrap();
    let o = bare(dir.path())
        .args(["config", "--default"])
        .output()
        .unwrap();
    assert_eq!(code(&o), Some(0));
    let default = String::from_utf8(o.stdout).unwrap();
    assert!(default.contains("[ui]") && default.contains("expand_cw = false"));
    // The default file, written as the config, checks clean.
    std::fs::create_dir_all(dir.path().join("config")).unwrap();
    let file = dir.path().join("config/config.toml");
    std::fs::write(&file, &default).unwrap();
    let o = bare(dir.path())
        .args(["config", "--check"])
        .output()
        .unwrap();
    assert_eq!(code(&o), Some(0), "{}", stderr(&o));
    assert!(String::from_utf8_lossy(&o.stdout).ends_with(": ok\n"));

    std::fs::write(
        &file,
        "[ui]\nexpand_cws = true\n[keys.common]\nfavourite = \"L\"\n",
    )
    .unwrap();
    let o = bare(dir.path())
        .args(["config", "--check"])
        .output()
        .unwrap();
    assert_eq!(code(&o), Some(2));
    let err = stderr(&o);
    assert!(
        err.contains("config.toml:2: unknown key `expand_cws` in [ui] (did you mean `expand_cw`?)"),
        "{err}"
    );
    // Another file, named.
    let other = dir.path().join("other.toml");
    std::fs::write(&other, "[streaming]\npoll_interval = \"often\"\n").unwrap();
    let o = bare(dir.path())
        .args(["config", "--check", other.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(code(&o), Some(2));
    assert!(stderr(&o).contains("other.toml:2: [streaming] poll_interval must be a whole number"));

    let o = bare(dir.path())
        .args(["config", "--path"])
        .output()
        .unwrap();
    let out = String::from_utf8(o.stdout).unwrap();
    assert!(out.contains(file.to_str().unwrap()), "{out}");
}
