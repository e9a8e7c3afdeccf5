//! The theme's interface strings (`themes/NAME/i18n/LANG.yaml`).
//!
//! Each language file maps a key to a string, to a list of strings
//! (`vague_link_texts`, for `check`), or to plural forms (`zero`, `one`,
//! `two`, `few`, `many`, `other`) with `{n}` standing for the number. Which
//! forms a language has, and which one a number takes, are CLDR's plural
//! rules through ICU4X (`icu_plurals`): Finnish has `one` and `other`,
//! Northern Sámi `one`, `two` and `other`; a plural entry that lacks a form
//! its language has is an error naming the file and line. A site's own
//! `themes/NAME/i18n/LANG.yaml` may hold only the keys it changes: the rest
//! come from the built-in file of the same language, then from English. A
//! language without a file of its own uses English, with a warning. Texts
//! of `site.yaml` and `indicators.yaml` are `text`'s business, not this
//! module's.

use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap};
use std::rc::Rc;

use icu_plurals::{PluralCategory, PluralOperands, PluralRules};
use serde::{Deserialize, Serialize};

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::theme::{Theme, ThemeFile};
use crate::yaml;

/// One interface string.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(untagged)]
pub enum Entry {
    /// A plain string.
    Plain(String),
    /// A list of strings.
    List(Vec<String>),
    /// Plural forms.
    Plural(Plural),
}

/// The plural forms of one string, as CLDR names them; a language uses the
/// ones its plural rules have (`other` always).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Plural {
    /// For 0 where the language has a form of its own for it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub zero: Option<String>,
    /// For 1 (and what else the language counts as singular).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub one: Option<String>,
    /// The dual (2 in Northern Sámi).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub two: Option<String>,
    /// A paucal ("few").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub few: Option<String>,
    /// "Many".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub many: Option<String>,
    /// Every other number.
    pub other: String,
}

impl Plural {
    /// The form for a plural category, falling back to `other`.
    pub fn form(&self, category: &str) -> &str {
        let form = match category {
            "zero" => &self.zero,
            "one" => &self.one,
            "two" => &self.two,
            "few" => &self.few,
            "many" => &self.many,
            _ => &None,
        };
        form.as_deref().unwrap_or(&self.other)
    }

    /// Whether `text` is one of the forms.
    fn is_form(&self, text: &str) -> bool {
        self.other == text
            || [&self.zero, &self.one, &self.two, &self.few, &self.many]
                .iter()
                .any(|f| f.as_deref() == Some(text))
    }

    fn has(&self, category: &str) -> bool {
        match category {
            "zero" => self.zero.is_some(),
            "one" => self.one.is_some(),
            "two" => self.two.is_some(),
            "few" => self.few.is_some(),
            "many" => self.many.is_some(),
            _ => true,
        }
    }
}

thread_local! {
    // Plural rules are loaded once per language and thread.
    static RULES: RefCell<HashMap<String, Option<Rc<PluralRules>>>> = RefCell::default();
}

fn rules(lang: &str) -> Option<Rc<PluralRules>> {
    RULES.with(|cache| {
        if let Some(r) = cache.borrow().get(lang) {
            return r.clone();
        }
        let loc = crate::format::locale(lang);
        let r = PluralRules::try_new_cardinal((&loc).into())
            .ok()
            .map(Rc::new);
        cache.borrow_mut().insert(lang.to_string(), r.clone());
        r
    })
}

fn category_name(c: PluralCategory) -> &'static str {
    match c {
        PluralCategory::Zero => "zero",
        PluralCategory::One => "one",
        PluralCategory::Two => "two",
        PluralCategory::Few => "few",
        PluralCategory::Many => "many",
        PluralCategory::Other => "other",
    }
}

/// Whether `lang` is a Sámi language: CLDR gives them all `one` (n = 1),
/// `two` (n = 2) and `other`, but ICU4X's compiled data (CLDR's locales of
/// modern coverage) does not hold them, so that rule is applied here.
fn is_sami(lang: &str) -> bool {
    let primary = lang.split(['-', '_']).next().unwrap_or("");
    ["se", "smn", "sms", "sma", "smj"]
        .iter()
        .any(|s| primary.eq_ignore_ascii_case(s))
}

/// The CLDR plural category (`one`, `two`, `other`, ...) of the whole
/// number `n` in `lang`.
pub fn plural_category(lang: &str, n: i64) -> &'static str {
    if is_sami(lang) {
        return match n {
            1 => "one",
            2 => "two",
            _ => "other",
        };
    }
    match rules(lang) {
        Some(r) => category_name(r.category_for(n)),
        None if n == 1 => "one",
        None => "other",
    }
}

/// The CLDR plural category of a number as `format` writes it in `lang`
/// (`1`, `6,5`, `1 234`): its decimals count, as CLDR's rules say (`1,0`
/// is `other` in Finnish, Swedish and English, `1` is `one`).
pub fn plural_category_written(lang: &str, written: &str) -> &'static str {
    let Some(plain) = crate::format::plain_number(written, lang) else {
        return "other";
    };
    match (
        rules(lang),
        icu_decimal::input::Decimal::try_from_str(&plain),
    ) {
        (Some(r), Ok(n)) if !is_sami(lang) => {
            category_name(r.category_for(PluralOperands::from(&n)))
        }
        // Rules lupaus applies itself (Sámi, `plural_category`) read the
        // value n, decimals included: Sámi "1,0" is `one`.
        _ => match plain.parse::<f64>() {
            Ok(n) if n.fract() == 0.0 => plural_category(lang, n.abs() as i64),
            _ => "other",
        },
    }
}

/// The plural categories `lang` has, in CLDR's order (`other` last).
pub fn plural_categories(lang: &str) -> Vec<&'static str> {
    if is_sami(lang) {
        return vec!["one", "two", "other"];
    }
    match rules(lang) {
        Some(r) => r.categories().map(category_name).collect(),
        None => vec!["one", "other"],
    }
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
            Some(Entry::Plural(p)) => p.other.clone(),
            Some(Entry::List(l)) => l.join(", "),
            None => key.to_string(),
        }
    }

    /// A plain string, if the language's strings have it.
    pub fn find(&self, lang: &str, key: &str) -> Option<&str> {
        match self.strings(lang).get(key) {
            Some(Entry::Plain(s)) => Some(s),
            _ => None,
        }
    }

    /// How the unit written `unit` is read aloud in `lang` after a number
    /// of plural `category` (`other` for the unit alone): the theme's
    /// `unit_<unit>` (`unit_vrk: { one: vuorokausi, other: vuorokautta }`),
    /// if the language's own strings have it.
    pub fn unit_words(&self, lang: &str, unit: &str, category: &str) -> Option<&str> {
        match self.strings(lang).get(&format!("{UNIT_PREFIX}{unit}"))? {
            Entry::Plain(s) => Some(s),
            Entry::Plural(p) => Some(p.form(category)),
            Entry::List(_) => None,
        }
    }

    /// The unit written `written` (an indicator's `unit` in `lang`) as
    /// pages write it after a number: see [`Unit`].
    pub fn unit(&self, lang: &str, written: &str) -> Unit {
        let forms = match self
            .strings(lang)
            .get(&format!("{UNIT_PREFIX}{}", written.trim()))
        {
            Some(Entry::Plural(p)) if p.is_form(written.trim()) => Some(p.clone()),
            _ => None,
        };
        Unit {
            written: written.to_string(),
            forms,
        }
    }

    /// A list of strings (empty when missing or not a list).
    pub fn list(&self, lang: &str, key: &str) -> &[String] {
        match self.strings(lang).get(key) {
            Some(Entry::List(l)) => l,
            _ => &[],
        }
    }

    /// The form for `n` by `lang`'s plural rules, with `{n}` replaced by
    /// `shown` (the number as formatted for the language).
    pub fn plural(&self, lang: &str, key: &str, n: i64, shown: &str) -> String {
        let s = match self.strings(lang).get(key) {
            Some(Entry::Plural(p)) => p.form(plural_category(lang, n)),
            Some(Entry::Plain(s)) => s,
            Some(Entry::List(_)) | None => key,
        };
        s.replace("{n}", shown)
    }
}

/// An indicator's unit in one language, as pages write it after a number.
/// `indicators.yaml` writes a unit once, in the form most numbers take
/// (`days`); a unit that is a word of which the page language's strings
/// give the forms (`unit_days: { one: day, other: days }`) takes the form
/// of its number: `1 day`, `14 days`, `1.5 days`. Any other unit, an
/// abbreviation (`vrk`, `h`) or a word the strings do not give, is written
/// as it is after every number (the `units` filter says an abbreviation in
/// words to screen readers).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Unit {
    /// As `indicators.yaml` writes it (`days`, `vrk`, `%`); may be empty.
    pub written: String,
    /// The forms of the strings' `unit_<written>`, when `written` is one.
    forms: Option<Plural>,
}

impl Unit {
    /// `v` with `decimals` decimals and the unit, as
    /// [`with_unit`](crate::format::with_unit) writes them, the
    /// unit in the form the number as written takes (`1 day`, `1.0 days`).
    pub fn quantity(&self, v: f64, decimals: u32, lang: &str) -> String {
        let n = crate::format::format_number(v, decimals, lang);
        let unit = match &self.forms {
            Some(forms) => forms.form(plural_category_written(lang, &n)),
            None => &self.written,
        };
        crate::format::with_unit(n, unit, lang)
    }
}

/// A unit written as it is after every number.
impl From<&str> for Unit {
    fn from(written: &str) -> Unit {
        Unit {
            written: written.to_string(),
            forms: None,
        }
    }
}

/// The keys that say how a unit is read aloud (`unit_vrk`), or which form
/// a unit that is a word takes after a number (`unit_days`, see [`Unit`]):
/// a language without one reads and writes the unit as written, never in
/// English words.
pub const UNIT_PREFIX: &str = "unit_";

/// Loads the strings of every site language from the theme.
pub fn load(theme: &Theme, languages: &[String], diags: &Diagnostics) -> I18n {
    let mut langs = BTreeMap::new();
    let english = parse_lang(theme, "en", diags);
    for lang in languages {
        let strings = match parse_lang(theme, lang, diags) {
            Some(s) => s,
            None => {
                let path = own_file(theme, lang);
                diags.push(Diagnostic::warn(
                    path.clone(),
                    "theme.no_strings",
                    vec![("lang", lang.clone()), ("path", path)],
                ));
                english.clone().unwrap_or_default()
            }
        };
        langs.insert(lang.clone(), strings);
    }
    // Keys missing in a language are taken from English, so templates never
    // show a bare key; but not the words of a unit, which without them is
    // shown and read as written ("14 min", not "14 minutes" on a Finnish page).
    if let Some(en) = &english {
        for strings in langs.values_mut() {
            for (k, v) in en {
                if k.starts_with(UNIT_PREFIX) {
                    continue;
                }
                strings.entry(k.clone()).or_insert_with(|| v.clone());
            }
        }
    }
    I18n { langs }
}

/// The file a site creates for `lang`'s strings, relative to the site
/// root: beside the theme's English file (`themes/default/i18n/uk.yaml`).
/// The theme is built into the program, so the writer has no `en.yaml` to
/// copy: they create this file with the texts they translate.
fn own_file(theme: &Theme, lang: &str) -> String {
    let english = theme
        .get("i18n/en.yaml")
        .map(|f| f.origin.trim_end_matches(" (built-in)").to_string())
        .filter(|o| o.starts_with("themes/") && o.ends_with("/i18n/en.yaml"))
        .unwrap_or_else(|| "themes/default/i18n/en.yaml".to_string());
    format!("{}{lang}.yaml", english.trim_end_matches("en.yaml"))
}

/// One language's strings: the theme's file, with the keys it lacks taken
/// from the built-in file it replaces (so a site's own file may hold only
/// the keys it changes).
fn parse_lang(theme: &Theme, lang: &str, diags: &Diagnostics) -> Option<Strings> {
    let path = format!("i18n/{lang}.yaml");
    let mut strings = parse_file(theme.get(&path)?, lang, diags)?;
    if let Some(built_in) = theme.replaced(&path)
        && let Some(base) = parse_file(built_in, lang, diags)
    {
        for (k, v) in base {
            strings.entry(k).or_insert(v);
        }
    }
    Some(strings)
}

fn parse_file(file: &ThemeFile, lang: &str, diags: &Diagnostics) -> Option<Strings> {
    let path = file.origin.clone();
    let text = match crate::content::text_from_bytes(file.bytes.clone(), &path) {
        Ok(t) => t,
        Err(d) => {
            diags.push(d);
            return None;
        }
    };
    match yaml::from_str::<Strings>(&text) {
        Ok(s) => {
            check_plurals(&s, lang, &text, &path, diags);
            Some(s)
        }
        Err(e) => {
            diags.push(
                Diagnostic::err(path, "theme.strings_yaml", vec![("error", e.text_arg())])
                    .at_opt(e.line.zip(e.column)),
            );
            None
        }
    }
}

/// Every plural entry must have each form `lang`'s plural rules have.
fn check_plurals(strings: &Strings, lang: &str, text: &str, path: &str, diags: &Diagnostics) {
    let needed = plural_categories(lang);
    for (key, entry) in strings {
        let Entry::Plural(p) = entry else { continue };
        let missing: Vec<&str> = needed.iter().copied().filter(|c| !p.has(c)).collect();
        if missing.is_empty() {
            continue;
        }
        let all = needed
            .iter()
            .map(|c| format!("{c}: ..."))
            .collect::<Vec<_>>()
            .join(", ");
        diags.push(
            Diagnostic::err(
                path,
                "theme.plural",
                vec![
                    ("key", key.clone()),
                    ("missing", missing.join("`, `")),
                    ("lang", lang.to_string()),
                    ("all", all),
                ],
            )
            .at_opt(Some(yaml::place_key(text, &[key.as_str()]))),
        );
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
            Entry::Plural(Plural {
                one: Some("{n} lupaus".into()),
                other: "{n} lupausta".into(),
                ..Plural::default()
            }),
        );
        let mut i = I18n::default();
        i.langs.insert("fi".into(), s);
        assert_eq!(i.plural("fi", "met", 1, "1"), "1 lupaus");
        assert_eq!(i.plural("fi", "met", 3, "3"), "3 lupausta");
        assert_eq!(i.get("fi", "nope"), "nope");
    }

    #[test]
    fn sami_has_a_dual() {
        assert_eq!(plural_categories("se"), ["one", "two", "other"]);
        assert_eq!(plural_categories("fi"), ["one", "other"]);
        let mut s = Strings::new();
        s.insert(
            "n".into(),
            yaml::from_str(
                "{ one: \"{n} lohpádus\", two: \"{n} lohpádusa\", other: \"{n} lohpádusa\" }",
            )
            .unwrap(),
        );
        s.insert(
            "days".into(),
            yaml::from_str(
                "{ one: \"{n} beaivi\", two: \"{n} beaivvi\", other: \"{n} beaivvit\" }",
            )
            .unwrap(),
        );
        let mut i = I18n::default();
        i.langs.insert("se".into(), s);
        assert_eq!(i.plural("se", "days", 1, "1"), "1 beaivi");
        assert_eq!(i.plural("se", "days", 2, "2"), "2 beaivvi");
        assert_eq!(i.plural("se", "days", 3, "3"), "3 beaivvit");
        assert_eq!(i.plural("se", "days", 0, "0"), "0 beaivvit");
    }

    /// The default theme words half years and quarters as `format` does
    /// without a theme, so a period is called the same wherever it is shown.
    #[test]
    fn the_default_theme_names_periods_as_format_does() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/i18n");
        for lang in ["fi", "sv", "en"] {
            let text = std::fs::read_to_string(dir.join(format!("{lang}.yaml"))).unwrap();
            let strings: Strings = yaml::from_str(&text).unwrap();
            for (key, code) in [
                ("period_half_1", "2025-H1"),
                ("period_half_2", "2025-H2"),
                ("period_quarter_1", "2025-Q1"),
                ("period_quarter_2", "2025-Q2"),
                ("period_quarter_3", "2025-Q3"),
                ("period_quarter_4", "2025-Q4"),
            ] {
                let Some(Entry::Plain(worded)) = strings.get(key) else {
                    panic!("{lang}.yaml has no `{key}`");
                };
                let period = crate::period::Period::parse(code).unwrap();
                assert_eq!(
                    worded.replace("{year}", "2025"),
                    crate::format::format_period(&period, lang),
                    "{lang}.yaml `{key}`"
                );
            }
        }
    }

    #[test]
    fn a_written_number_takes_the_plural_category_of_its_value_and_decimals() {
        for (lang, written, category) in [
            ("fi", "1", "one"),
            ("fi", "14", "other"),
            ("fi", "1,0", "other"),
            ("fi", "6,5", "other"),
            ("fi", "1\u{a0}001", "other"),
            ("fi", "\u{2212}1", "one"),
            ("sv", "1", "one"),
            ("en", "1", "one"),
            ("en", "1.5", "other"),
            ("en", "1,001", "other"),
            ("se", "2", "two"),
            ("se", "1,0", "one"),
            ("fi", "", "other"),
        ] {
            assert_eq!(
                plural_category_written(lang, written),
                category,
                "{lang} {written:?}"
            );
        }
    }

    /// A language's strings lack a unit's words: the unit is read as
    /// written, not in the English words.
    #[test]
    fn a_unit_has_words_only_in_languages_that_give_them() {
        let theme = Theme::of_own_files(&[
            (
                "i18n/en.yaml",
                "a: A\nunit_min: { one: minute, other: minutes }\nunit_h: { one: hour, other: hours }\n",
            ),
            (
                "i18n/fi.yaml",
                "a: Ä\nunit_h: { one: tunti, other: tuntia }\n",
            ),
        ]);
        let d = Diagnostics::new();
        let i = load(&theme, &["fi".into(), "en".into()], &d);
        assert!(d.into_sorted().is_empty());
        assert_eq!(i.unit_words("fi", "h", "one"), Some("tunti"));
        assert_eq!(i.unit_words("fi", "h", "other"), Some("tuntia"));
        assert_eq!(i.unit_words("fi", "min", "other"), None);
        assert_eq!(i.unit_words("en", "min", "one"), Some("minute"));
        assert_eq!(i.unit_words("fi", "vrk", "other"), None);
        // Other strings still come from English.
        assert_eq!(i.get("fi", "a"), "Ä");
    }

    /// `indicators.yaml` writes a unit once (`days`): after 1, a word the
    /// default theme gives the forms of is written in its form for one,
    /// in every built-in language; an abbreviation stays as written.
    #[test]
    fn a_unit_that_is_a_word_takes_the_form_of_its_number() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/i18n");
        let mut i = I18n::default();
        for lang in ["fi", "sv", "en", "se"] {
            let text = std::fs::read_to_string(dir.join(format!("{lang}.yaml"))).unwrap();
            i.langs.insert(lang.into(), yaml::from_str(&text).unwrap());
        }
        let q = |lang: &str, unit: &str, v: f64, d: u32| {
            i.unit(lang, unit)
                .quantity(v, d, lang)
                .replace('\u{a0}', " ")
        };
        for (lang, unit, v, d, shown) in [
            ("en", "days", 1.0, 0, "1 day"),
            ("en", "days", 14.0, 0, "14 days"),
            ("en", "days", 1.0, 1, "1.0 days"),
            ("en", "days", 1.5, 1, "1.5 days"),
            ("en", "points", 1.0, 0, "1 point"),
            ("en", "weeks", 1.0, 0, "1 week"),
            ("en", "h", 1.0, 0, "1 h"),
            ("en", "visits", 1.0, 0, "1 visits"),
            ("en", "%", 1.0, 0, "1%"),
            ("en", "", 1.0, 0, "1"),
            ("fi", "vrk", 1.0, 0, "1 vrk"),
            ("fi", "vuorokautta", 1.0, 0, "1 vuorokausi"),
            ("fi", "päivää", 1.0, 0, "1 päivä"),
            ("fi", "päivää", 1.0, 1, "1,0 päivää"),
            ("fi", "pistettä", 1.0, 0, "1 piste"),
            ("fi", "pistettä", 12.0, 0, "12 pistettä"),
            ("sv", "dygn", 1.0, 0, "1 dygn"),
            ("sv", "dagar", 1.0, 0, "1 dag"),
            ("sv", "dagar", 7.0, 0, "7 dagar"),
            ("sv", "poäng", 1.0, 0, "1 poäng"),
            // Not taken from another language's strings.
            ("fi", "days", 1.0, 0, "1 days"),
        ] {
            assert_eq!(q(lang, unit, v, d), shown, "{lang} {unit} {v}");
        }
        assert_eq!(i.unit("en", "days").written, "days");
        assert_eq!(Unit::from("days").quantity(1.0, 0, "en"), "1\u{a0}days");
    }

    #[test]
    fn a_missing_form_is_named_with_file_and_line() {
        let text = "a: A\ncount: { one: \"{n} beaivi\", other: \"{n} beaivvit\" }\n";
        let strings: Strings = yaml::from_str(text).unwrap();
        let d = Diagnostics::new();
        check_plurals(&strings, "se", text, "themes/default/i18n/se.yaml", &d);
        let ds = d.into_sorted();
        assert_eq!(ds.len(), 1);
        assert_eq!(ds[0].path, "themes/default/i18n/se.yaml");
        assert_eq!(ds[0].line, Some(2));
        assert!(
            ds[0].message.contains("`count` has no `two` form"),
            "{}",
            ds[0].message
        );
        let d = Diagnostics::new();
        check_plurals(&strings, "fi", text, "fi.yaml", &d);
        assert!(d.into_sorted().is_empty());
    }

    /// The placeholders (`{name}`) an entry uses, `{n}` aside (a plural's
    /// number may be written out in a form, or not).
    fn placeholders(e: &Entry) -> std::collections::BTreeSet<String> {
        let texts: Vec<&str> = match e {
            Entry::Plain(t) => vec![t.as_str()],
            Entry::List(_) => vec![],
            Entry::Plural(p) => [&p.zero, &p.one, &p.two, &p.few, &p.many]
                .into_iter()
                .flatten()
                .map(String::as_str)
                .chain([p.other.as_str()])
                .collect(),
        };
        texts
            .iter()
            .flat_map(|t| t.split('{').skip(1))
            .filter_map(|rest| rest.split_once('}').map(|(name, _)| name.to_string()))
            .filter(|name| name != "n")
            .collect()
    }

    #[test]
    fn every_built_in_language_has_every_english_string_with_its_placeholders() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/i18n");
        let read = |lang: &str| -> Strings {
            let text = std::fs::read_to_string(dir.join(format!("{lang}.yaml"))).unwrap();
            yaml::from_str(&text).unwrap()
        };
        let en = read("en");
        for lang in ["fi", "sv", "se"] {
            let other = read(lang);
            // A unit's words belong to its language's abbreviations alone.
            for (key, entry) in en.iter().filter(|(k, _)| !k.starts_with(UNIT_PREFIX)) {
                let Some(theirs) = other.get(key) else {
                    panic!("themes/default/i18n/{lang}.yaml has no `{key}` (English would show)");
                };
                assert_eq!(
                    placeholders(entry),
                    placeholders(theirs),
                    "{lang}.yaml `{key}` uses other placeholders than en.yaml"
                );
                if let Entry::Plural(p) = theirs {
                    for form in plural_categories(lang) {
                        assert!(p.has(form), "{lang}.yaml `{key}` lacks the `{form}` form");
                    }
                }
            }
        }
    }
}
