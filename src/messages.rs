//! The writer's language for what lupaus says: diagnostics with a code are
//! written from a message catalog per language (`src/messages/{en,fi,sv}.yaml`,
//! embedded in the binary) at print time, with named `{placeholders}`.
//!
//! The language is chosen once per run: `--lang`, else the `LANG`
//! environment variable (`fi_FI.UTF-8` → fi), else English. A code without
//! a text in the chosen language falls back to English; a diagnostic
//! without a code prints its English message as it is. This module owns the
//! catalogs and the choice; loaders own what they say.

use std::collections::BTreeMap;
use std::sync::OnceLock;

pub use crate::nested::nested;

/// A language lupaus speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    /// English (the default).
    En,
    /// Finnish.
    Fi,
    /// Swedish.
    Sv,
}

impl Lang {
    /// From a code or locale (`fi`, `fi_FI.UTF-8`, `sv-FI`); `None` for others.
    pub fn parse(s: &str) -> Option<Lang> {
        let code = s.split(['_', '-', '.', '@']).next().unwrap_or("");
        match code.to_ascii_lowercase().as_str() {
            "fi" => Some(Lang::Fi),
            "sv" => Some(Lang::Sv),
            "en" | "c" | "posix" => Some(Lang::En),
            _ => None,
        }
    }

    /// The language code (`fi`), for `lang` attributes.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Fi => "fi",
            Lang::Sv => "sv",
        }
    }

    /// The language of this run: `flag` (from `--lang`), else `LANG`,
    /// else English.
    pub fn choose(flag: Option<&str>) -> Lang {
        flag.and_then(Lang::parse)
            .or_else(|| std::env::var("LANG").ok().as_deref().and_then(Lang::parse))
            .unwrap_or(Lang::En)
    }
}

static CURRENT: OnceLock<Lang> = OnceLock::new();

/// Sets the language of this run (the first call wins).
pub fn set(lang: Lang) {
    let _ = CURRENT.set(lang);
}

/// The language of this run (English until [`set`]).
pub fn current() -> Lang {
    CURRENT.get().copied().unwrap_or(Lang::En)
}

type Catalog = BTreeMap<String, String>;

fn catalog(lang: Lang) -> &'static Catalog {
    static EN: OnceLock<Catalog> = OnceLock::new();
    static FI: OnceLock<Catalog> = OnceLock::new();
    static SV: OnceLock<Catalog> = OnceLock::new();
    let (cell, src) = match lang {
        Lang::En => (&EN, include_str!("messages/en.yaml")),
        Lang::Fi => (&FI, include_str!("messages/fi.yaml")),
        Lang::Sv => (&SV, include_str!("messages/sv.yaml")),
    };
    // The catalogs are part of the binary and tested; an unreadable one
    // would leave messages in English, never stop a run.
    cell.get_or_init(|| crate::yaml::from_str(src).unwrap_or_default())
}

/// The text of `code` in `lang` with `args` filled in; English when `lang`
/// has none; `None` for an unknown code.
pub fn text(lang: Lang, code: &str, args: &[(&str, String)]) -> Option<String> {
    let template = catalog(lang)
        .get(code)
        .or_else(|| catalog(Lang::En).get(code))?;
    let mut out = template.clone();
    for (name, value) in args {
        // `did_you_mean` holds a name; the message gets the sentence
        // around it in its own language, or nothing when there is none.
        let value = if *name == "did_you_mean" {
            if value.is_empty() {
                String::new()
            } else {
                text(lang, "hint.did_you_mean", &[("name", value.clone())]).unwrap_or_default()
            }
        } else if let Some((code, inner)) = crate::nested::unnest(value).filter(|(c, _)| has(c)) {
            // A message inside a message (a YAML error's kind and values).
            let inner: Vec<(&str, String)> =
                inner.iter().map(|(n, v)| (n.as_str(), v.clone())).collect();
            text(lang, &code, &inner).unwrap_or_default()
        } else if let Some(said) = crate::nested::in_language(value, lang.code()) {
            // A number, in the way of `lang` (see `in_each_language`).
            said
        } else if let Some(code) = value.strip_prefix('@')
            && catalog(Lang::En).contains_key(code)
        {
            // `@noun.commitment`: a word from the catalog, in `lang`.
            text(lang, code, &[]).unwrap_or_default()
        } else {
            value.clone()
        };
        out = out.replace(&format!("{{{name}}}"), &value);
    }
    Some(out)
}

/// A value that each language of the messages says its own way, as the
/// value of a placeholder: `say` gives its text in a language code. A
/// number written with [`crate::format::format_number`] is `94,6` in a
/// Finnish or Swedish message and `94.6` in an English one; the messages
/// cannot format it themselves (`format` is above them in the modules).
pub fn in_each_language(say: impl Fn(&str) -> String) -> String {
    let texts = [Lang::En, Lang::Fi, Lang::Sv].map(|l| (l.code(), say(l.code())));
    crate::nested::per_language(&texts)
}

/// `1 page`, `3 pages` in the language of this run: `one` when `n` is 1,
/// else `many` with `{n}`.
pub fn count(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        tr(one, &[])
    } else {
        tr(many, &[("n", n.to_string())])
    }
}

/// Whether `code` has an English text.
pub fn has(code: &str) -> bool {
    catalog(Lang::En).contains_key(code)
}

/// `text` in the language of this run.
pub fn tr(code: &str, args: &[(&str, String)]) -> String {
    text(current(), code, args).unwrap_or_else(|| code.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_catalog_word_in_a_value_is_given_in_the_message_language() {
        let args = [
            ("what", "@io.write_file".to_string()),
            ("folder", "public".to_string()),
            ("error", "No space left on device (os error 28)".to_string()),
        ];
        let en = text(Lang::En, "output.disk_full", &args).unwrap_or_default();
        assert!(
            en.starts_with("cannot write a file: no space left on the disk that holds public"),
            "{en}"
        );
        let fi = text(Lang::Fi, "output.disk_full", &args).unwrap_or_default();
        assert!(fi.starts_with("tiedostoa ei voi kirjoittaa: levy"), "{fi}");
        let sv = text(Lang::Sv, "output.io", &args).unwrap_or_default();
        assert!(sv.starts_with("kan inte skriva en fil ("), "{sv}");
    }

    #[test]
    fn every_code_has_a_finnish_and_a_swedish_text_with_the_same_placeholders() {
        let en = catalog(Lang::En);
        assert!(en.len() > 10, "the English catalog parses");
        let names = |t: &str| -> Vec<String> {
            let mut v: Vec<String> = t
                .split('{')
                .skip(1)
                .filter_map(|p| p.split_once('}').map(|x| x.0.to_string()))
                .filter(|n| n.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'))
                .collect();
            // The same names; a language may say one twice or once.
            v.sort();
            v.dedup();
            v
        };
        for lang in [Lang::Fi, Lang::Sv] {
            let other = catalog(lang);
            for (code, t) in en {
                let tr = other
                    .get(code)
                    .unwrap_or_else(|| panic!("{code} has no {} text", lang.code()));
                assert_eq!(names(t), names(tr), "{code} in {}", lang.code());
            }
            for code in other.keys() {
                assert!(en.contains_key(code), "{code} is not an English code");
            }
        }
    }

    /// Every code the source uses (a string literal `"ns.name"` whose
    /// namespace is one of the catalog's, `@ns.name` included) has a text.
    #[test]
    fn every_code_in_the_source_is_in_the_catalog() {
        let en = catalog(Lang::En);
        let spaces: std::collections::BTreeSet<&str> = en
            .keys()
            .filter_map(|k| k.split_once('.'))
            .map(|(ns, _)| ns)
            .collect();
        let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut used = 0;
        for entry in walkdir::WalkDir::new(&src) {
            let entry = entry.unwrap();
            if entry.path().extension().is_none_or(|e| e != "rs") {
                continue;
            }
            let text = std::fs::read_to_string(entry.path()).unwrap();
            // Test modules name made-up codes; they come last in a file.
            let text = text.split("#[cfg(test)]").next().unwrap_or("");
            for literal in text.split('"').skip(1).step_by(2) {
                let code = literal.strip_prefix('@').unwrap_or(literal);
                let Some((ns, name)) = code.split_once('.') else {
                    continue;
                };
                // `indicator.html` is a template's name, not a code.
                let file = [
                    "html", "css", "js", "json", "yaml", "md", "csv", "svg", "xml",
                ];
                let is_code = spaces.contains(ns)
                    && !file.contains(&name)
                    && !name.is_empty()
                    && name
                        .chars()
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
                if is_code {
                    used += 1;
                    assert!(
                        en.contains_key(code),
                        "{}: \"{code}\" is not in src/messages/en.yaml",
                        entry.path().display()
                    );
                }
            }
        }
        assert!(used > 50, "found {used} codes in the source");
    }

    #[test]
    fn a_nested_message_is_written_in_the_outer_language() {
        let inner = nested("file.unreadable_short", &[("error", "x \"y\"".into())]);
        let args = [("error", inner)];
        let fi = text(Lang::Fi, "front.value", &args).unwrap_or_default();
        assert!(fi.starts_with("tiedostoa ei voi lukea (x \"y\")"), "{fi}");
        assert_eq!(nested("yaml.tab", &[]), "@yaml.tab");
        // A value that only looks like one is kept as it is.
        let args = [("error", "@[not json".to_string())];
        let en = text(Lang::En, "front.value", &args).unwrap_or_default();
        assert!(en.starts_with("@[not json"), "{en}");
    }

    /// A value said per language (a number) is written in the message's
    /// language; one that only looks like one is kept as it is.
    #[test]
    fn a_value_said_per_language_is_written_in_the_message_language() {
        let number = in_each_language(|lang| if lang == "en" { "94.6" } else { "94,6" }.into());
        let args = [("error", number)];
        let fi = text(Lang::Fi, "front.value", &args).unwrap_or_default();
        assert!(fi.starts_with("94,6"), "{fi}");
        let en = text(Lang::En, "front.value", &args).unwrap_or_default();
        assert!(en.starts_with("94.6"), "{en}");
        let args = [("error", "@{not json".to_string())];
        let sv = text(Lang::Sv, "front.value", &args).unwrap_or_default();
        assert!(sv.starts_with("@{not json"), "{sv}");
    }

    #[test]
    fn language_from_flag_then_locale() {
        assert_eq!(Lang::parse("fi_FI.UTF-8"), Some(Lang::Fi));
        assert_eq!(Lang::parse("sv-FI"), Some(Lang::Sv));
        assert_eq!(Lang::parse("C.UTF-8"), Some(Lang::En));
        assert_eq!(Lang::parse("de_DE"), None);
        assert_eq!(Lang::choose(Some("sv")), Lang::Sv);
    }

    #[test]
    fn placeholders_are_filled() {
        let t = text(
            Lang::Fi,
            "names.space",
            &[("name", "a b".into()), ("suggested", "a-b".into())],
        )
        .unwrap();
        assert!(t.contains("\"a b\"") && t.contains("\"a-b\""), "{t}");
    }
}
