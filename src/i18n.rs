//! The theme's interface strings (`themes/NAME/i18n/LANG.yaml`).
//!
//! Each language file maps a key to a string, or to plural forms
//! (`one`/`other`) with `{n}` standing for the number. A language without a
//! file of its own uses English, with a warning. Texts of `site.yaml` and
//! `indicators.yaml` are `text`'s business, not this module's.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::theme::Theme;
use crate::yaml;

/// One interface string.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(untagged)]
pub enum Entry {
    /// A plain string.
    Plain(String),
    /// Plural forms.
    Plural {
        /// For n == 1.
        one: String,
        /// For every other n.
        other: String,
    },
}

/// Interface strings of one language.
pub type Strings = BTreeMap<String, Entry>;

/// Interface strings of every language of the site.
#[derive(Debug, Clone, Default)]
pub struct I18n {
    /// By language code.
    pub langs: BTreeMap<String, Strings>,
}

impl I18n {
    /// The strings of `lang`.
    pub fn strings(&self, lang: &str) -> &Strings {
        static EMPTY: std::sync::OnceLock<Strings> = std::sync::OnceLock::new();
        self.langs
            .get(lang)
            .unwrap_or_else(|| EMPTY.get_or_init(Strings::new))
    }

    /// A plain string (or the `other` form), or the key itself when missing.
    pub fn get(&self, lang: &str, key: &str) -> String {
        match self.strings(lang).get(key) {
            Some(Entry::Plain(s)) => s.clone(),
            Some(Entry::Plural { other, .. }) => other.clone(),
            None => key.to_string(),
        }
    }

    /// The form for `n`, with `{n}` replaced by `shown` (the number as
    /// formatted for the language).
    pub fn plural(&self, lang: &str, key: &str, n: i64, shown: &str) -> String {
        let s = match self.strings(lang).get(key) {
            Some(Entry::Plural { one, other }) => {
                if n == 1 {
                    one
                } else {
                    other
                }
            }
            Some(Entry::Plain(s)) => s,
            None => key,
        };
        s.replace("{n}", shown)
    }
}

/// Loads the strings of every site language from the theme.
pub fn load(theme: &Theme, languages: &[String], diags: &Diagnostics) -> I18n {
    let mut langs = BTreeMap::new();
    let english = parse_one(theme, "en", diags);
    for lang in languages {
        let strings = match parse_one(theme, lang, diags) {
            Some(s) => s,
            None => {
                diags.push(Diagnostic::warning(
                    format!("themes/.../i18n/{lang}.yaml"),
                    format!(
                        "the theme has no interface strings for \"{lang}\", so English is used; add i18n/{lang}.yaml to your theme (copy en.yaml and translate it)"
                    ),
                ));
                english.clone().unwrap_or_default()
            }
        };
        langs.insert(lang.clone(), strings);
    }
    // Keys missing in a language are taken from English, so templates never
    // show a bare key.
    if let Some(en) = &english {
        for strings in langs.values_mut() {
            for (k, v) in en {
                strings.entry(k.clone()).or_insert_with(|| v.clone());
            }
        }
    }
    I18n { langs }
}

fn parse_one(theme: &Theme, lang: &str, diags: &Diagnostics) -> Option<Strings> {
    let file = theme.get(&format!("i18n/{lang}.yaml"))?;
    let path = file.origin.clone();
    let text = match crate::content::text_from_bytes(file.bytes.clone(), &path) {
        Ok(t) => t,
        Err(d) => {
            diags.push(d);
            return None;
        }
    };
    match yaml::from_str::<Strings>(&text) {
        Ok(s) => Some(s),
        Err(e) => {
            diags.push(
                Diagnostic::error(
                    path,
                    format!(
                        "{}; each line must be `key: text` or `key: {{ one: ..., other: ... }}`",
                        e.message
                    ),
                )
                .at_opt(e.line.zip(e.column)),
            );
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plural_forms() {
        let mut s = Strings::new();
        s.insert(
            "met".into(),
            Entry::Plural {
                one: "{n} lupaus".into(),
                other: "{n} lupausta".into(),
            },
        );
        let mut i = I18n::default();
        i.langs.insert("fi".into(), s);
        assert_eq!(i.plural("fi", "met", 1, "1"), "1 lupaus");
        assert_eq!(i.plural("fi", "met", 3, "3"), "3 lupausta");
        assert_eq!(i.get("fi", "nope"), "nope");
    }
}
