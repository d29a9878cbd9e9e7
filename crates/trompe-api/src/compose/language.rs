//! The language a new post is written in by default: the config's choice,
//! else the user's locale, else the account's preference on the server.
//! Pure: the environment and the config are inputs.

/// The ISO 639 code of a POSIX locale such as `fr_FR.UTF-8`, `pt_BR`,
/// `de_DE@euro` or `en`; `None` for `C`, `POSIX` and anything that is not
/// a two- or three-letter language.
pub fn language_of_locale(locale: &str) -> Option<String> {
    let lang = locale
        .split(['_', '.', '@', '-'])
        .next()
        .unwrap_or_default()
        .trim();
    let ok = (2..=3).contains(&lang.len()) && lang.chars().all(|c| c.is_ascii_alphabetic());
    (ok && !lang.eq_ignore_ascii_case("c")).then(|| lang.to_ascii_lowercase())
}

/// The locale's language from the values of `LC_ALL`, `LC_MESSAGES` and
/// `LANG`, in that order of precedence (blank values are skipped, as the C
/// library does).
pub fn language_from_env(
    lc_all: Option<&str>,
    lc_messages: Option<&str>,
    lang: Option<&str>,
) -> Option<String> {
    [lc_all, lc_messages, lang]
        .into_iter()
        .flatten()
        .find(|v| !v.trim().is_empty())
        .and_then(language_of_locale)
}

/// The default language: `configured` (a code from the config), else
/// `account_default` (the account's `source.language`, which the user chose
/// and `:me language` sets), else the locale's.
pub fn default_language(
    configured: Option<&str>,
    account_default: Option<&str>,
    locale: Option<String>,
) -> Option<String> {
    let code = |c: Option<&str>| {
        c.map(str::trim)
            .filter(|c| !c.is_empty())
            .map(str::to_ascii_lowercase)
    };
    code(configured)
        .or_else(|| code(account_default))
        .or(locale)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locales_give_their_language() {
        assert_eq!(language_of_locale("fr_FR.UTF-8").as_deref(), Some("fr"));
        assert_eq!(language_of_locale("pt_BR").as_deref(), Some("pt"));
        assert_eq!(language_of_locale("de_DE@euro").as_deref(), Some("de"));
        assert_eq!(language_of_locale("ast_ES").as_deref(), Some("ast"));
        assert_eq!(language_of_locale("C.UTF-8"), None);
        assert_eq!(language_of_locale("POSIX"), None);
        assert_eq!(
            language_from_env(Some(""), None, Some("ja_JP.UTF-8")).as_deref(),
            Some("ja")
        );
        assert_eq!(
            language_from_env(Some("es_ES.UTF-8"), Some("it_IT"), Some("ja_JP")).as_deref(),
            Some("es")
        );
        assert_eq!(language_from_env(None, None, Some("C")), None);
    }

    #[test]
    fn the_config_wins_then_the_account_then_the_locale() {
        let fr = Some("fr".to_string());
        assert_eq!(
            default_language(Some("DE"), Some("en"), fr.clone()).as_deref(),
            Some("de")
        );
        assert_eq!(
            default_language(None, Some("EN"), fr.clone()).as_deref(),
            Some("en")
        );
        assert_eq!(
            default_language(Some(" "), Some(""), fr).as_deref(),
            Some("fr")
        );
        assert_eq!(default_language(None, None, None), None);
    }
}
