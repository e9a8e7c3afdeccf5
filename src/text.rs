//! Translatable strings of `site.yaml` and `indicators.yaml`.
//!
//! A text is either one string for every language or a map from language code
//! to text. This module resolves a text for a language, falling back to the
//! default language and saying so, and validates the maps against the site's
//! languages. It does not know the theme's interface strings (see `i18n`).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::diagnostics::{Diagnostic, did_you_mean};

/// A plain string or a map from language code to string.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(untagged)]
pub enum Text {
    /// The same in every language.
    Plain(String),
    /// One text per language; must include the default language.
    PerLanguage(BTreeMap<String, String>),
}

/// A text resolved for one language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Localized {
    /// The text.
    pub text: String,
    /// The language the text is in when it differs from the one asked for
    /// (a fallback to the default language); `None` when it is in the asked
    /// language or is the same in every language.
    pub fallback_lang: Option<String>,
}

impl Text {
    /// The text in `lang`, or the default language's with a marker.
    pub fn get(&self, lang: &str, default_lang: &str) -> Localized {
        match self {
            Text::Plain(s) => Localized {
                text: s.clone(),
                fallback_lang: None,
            },
            Text::PerLanguage(map) => match map.get(lang) {
                Some(s) => Localized {
                    text: s.clone(),
                    fallback_lang: None,
                },
                None => Localized {
                    text: map.get(default_lang).cloned().unwrap_or_default(),
                    fallback_lang: Some(default_lang.to_string()),
                },
            },
        }
    }

    /// The text in `lang` or the default language, without the marker.
    pub fn text(&self, lang: &str, default_lang: &str) -> String {
        self.get(lang, default_lang).text
    }

    /// Checks a map against the site's languages: it must have the default
    /// language and no unknown codes. `path` and `pos` place the errors.
    pub fn validate(
        &self,
        languages: &[String],
        path: &str,
        field: &str,
        pos: Option<(usize, usize)>,
    ) -> Vec<Diagnostic> {
        let mut out = Vec::new();
        let Text::PerLanguage(map) = self else {
            return out;
        };
        let default = languages.first().map(String::as_str).unwrap_or("");
        if !map.contains_key(default) {
            out.push(
                Diagnostic::err(
                    path,
                    "text.no_default",
                    vec![
                        ("field", field.to_string()),
                        ("default", default.to_string()),
                    ],
                )
                .at_opt(pos),
            );
        }
        for code in map.keys().filter(|c| !languages.contains(c)) {
            let close = did_you_mean(code, languages.iter().map(String::as_str));
            let mut args = vec![("field", field.to_string()), ("code", code.clone())];
            // `en` here and `eng` in `languages`, with no text in `eng`: the
            // list is the likelier typo; renaming this text to `eng` would
            // be the wrong fix.
            let kind = match close.filter(|c| !map.contains_key(*c)) {
                Some(close) => {
                    args.push(("close", close.to_string()));
                    "text.language_listed_otherwise"
                }
                None => {
                    args.push(("languages", languages.join(", ")));
                    args.push(("did_you_mean", close.unwrap_or("").to_string()));
                    "text.language_unlisted"
                }
            };
            out.push(Diagnostic::err(path, kind, args).at_opt(pos));
        }
        out
    }

    /// Languages among `languages` that this text lacks (for `check`).
    pub fn missing_languages<'a>(&self, languages: &'a [String]) -> Vec<&'a str> {
        match self {
            Text::Plain(_) => Vec::new(),
            Text::PerLanguage(map) => languages
                .iter()
                .filter(|l| !map.contains_key(l.as_str()))
                .map(String::as_str)
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn langs() -> Vec<String> {
        vec!["fi".into(), "sv".into(), "en".into()]
    }

    #[test]
    fn falls_back_to_default_with_marker() {
        let t: Text = crate::yaml::from_str("{ fi: vrk, sv: dygn }").unwrap();
        assert_eq!(t.get("sv", "fi").text, "dygn");
        let en = t.get("en", "fi");
        assert_eq!(en.text, "vrk");
        assert_eq!(en.fallback_lang.as_deref(), Some("fi"));
        assert_eq!(t.missing_languages(&langs()), vec!["en"]);
    }

    #[test]
    fn a_code_listed_otherwise_points_at_the_list_not_at_the_text() {
        let listed: Vec<String> = vec!["fi".into(), "sv".into(), "eng".into()];
        let t: Text = crate::yaml::from_str("{ fi: Lupaus, sv: Löfte, en: Promise }").unwrap();
        let ds = t.validate(&listed, "content/site.yaml", "title", Some((1, 8)));
        assert_eq!(ds.len(), 1, "{ds:?}");
        assert!(
            ds[0]
                .message
                .contains("if `eng` in `languages:` means en, write en there"),
            "{}",
            ds[0].message
        );
        // A text in both: the unlisted one is the stray, as before.
        let t: Text = crate::yaml::from_str("{ fi: a, eng: b, en: c }").unwrap();
        let ds = t.validate(&listed, "content/site.yaml", "title", Some((1, 8)));
        assert!(
            ds[0].message.contains("use one of fi, sv, eng"),
            "{}",
            ds[0].message
        );
    }

    #[test]
    fn validates_codes() {
        let t: Text = crate::yaml::from_str("{ sv: dygn, se: x }").unwrap();
        let ds = t.validate(&langs(), "content/indicators.yaml", "unit", Some((3, 9)));
        assert_eq!(ds.len(), 2);
        assert!(ds[0].message.contains("default language `fi`"));
        assert!(ds[1].message.contains("did you mean \"sv\"") || ds[1].message.contains("`se`"));
    }
}
