//! config.toml: the checker (`trompe config --check`), the keymap, the
//! accounts it holds, and a theme file.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    for p in trompe::cli::config_cmd::check(text) {
        let _ = p.show(std::path::Path::new("config.toml"));
    }
    let _ = trompe_app::keymap::Keymap::from_config(text);
    let _ = toml::from_str::<trompe_api::config::accounts::ConfigFile>(text);
    let _ = trompe::ui::theme::Theme::parse(text, "fuzz.toml");
});
