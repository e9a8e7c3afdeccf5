//! `content/site.yaml`: site-wide settings.
//!
//! Parses and validates the settings (languages, base URL, theme, feedback,
//! the accessibility statement's facts, and format 1.1's `brand`, `results`,
//! `consultation` and `previous`). Everything else reads settings from the
//! [`SiteConfig`] this module returns; nothing else opens `site.yaml`.

mod brand;
mod lifecycle;

pub use brand::{Brand, Colour, MIN_CONTRAST};
pub use lifecycle::{Consultation, ResultsCalendar, is_absolute_url, is_email};

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::diagnostics::{Diagnostic, Diagnostics, did_you_mean_arg, did_you_mean_named};
use crate::text::Text;
use crate::yaml;

/// Path of the settings file, relative to the site root.
pub const PATH: &str = "content/site.yaml";

/// Where residents give feedback.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Feedback {
    /// A web form.
    #[serde(default)]
    pub url: Option<String>,
    /// An email address.
    #[serde(default)]
    pub email: Option<String>,
}

/// The authority that supervises accessibility.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Supervisor {
    /// Its name.
    pub name: Text,
    /// Its web address.
    pub url: String,
    /// Optional email address.
    #[serde(default)]
    pub email: Option<String>,
    /// Optional phone number.
    #[serde(default)]
    pub phone: Option<String>,
}

impl Default for Supervisor {
    /// Traficom, the authority since 1.1.2025. Its name is an interface
    /// string of the theme (`statement_supervisor_default_name`), so every
    /// language the theme speaks names it; the name here is left empty.
    fn default() -> Self {
        Supervisor {
            name: Text::PerLanguage(BTreeMap::new()),
            url: "https://www.saavutettavuusvaatimukset.fi".into(),
            email: Some("saavutettavuus@traficom.fi".into()),
            phone: Some("029 534 5000".into()),
        }
    }
}

impl Supervisor {
    /// Whether this is the default authority, named by the theme.
    pub fn is_default(&self) -> bool {
        *self == Supervisor::default()
    }
}

/// How well the site conforms to WCAG 2.1 AA, as the statement claims.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Conformance {
    /// Fully conforms.
    Full,
    /// Partially conforms (the usual case).
    Partial,
    /// Does not conform.
    None,
}

/// Facts for the generated accessibility statement.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Accessibility {
    /// Conformance status.
    pub conformance: Conformance,
    /// Date of the latest assessment.
    pub assessed: Option<NaiveDate>,
    /// How it was assessed.
    pub method: Option<Text>,
    /// Where accessibility feedback goes.
    pub contact_email: Option<String>,
    /// Content that is not accessible, and why.
    pub known_issues: Vec<Text>,
    /// The supervisory authority.
    pub supervisor: Supervisor,
    /// Where `accessibility:` is written in `site.yaml`
    /// ([`yaml::written_key`]), if it is, found in the text the settings
    /// were read from: `check`'s warning that the assessment date is
    /// missing points there without reading the file again.
    #[serde(skip)]
    pub at: Option<(usize, usize)>,
    /// Where `accessibility.assessed` is written, else the nearest place
    /// ([`yaml::place_key`]), for `check`'s warning that it is old.
    #[serde(skip)]
    pub assessed_at: (usize, usize),
}

/// Validated site settings.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SiteConfig {
    /// The site's title.
    pub title: Text,
    /// The organisation that gives the promise.
    pub organisation: Text,
    /// Absolute base URL, without a trailing slash.
    pub base_url: String,
    /// Language codes; the first is the default.
    pub languages: Vec<String>,
    /// Theme name (a folder under `themes/`).
    pub theme: String,
    /// Feedback channels.
    pub feedback: Feedback,
    /// Licence of the open data.
    pub license: Option<String>,
    /// Accessibility statement facts.
    pub accessibility: Accessibility,
    /// The county's look (1.1); `None` keeps the theme's defaults.
    pub brand: Option<Brand>,
    /// When the results were updated and are next due (1.1).
    pub results: ResultsCalendar,
    /// A comment round on the draft (1.1).
    pub consultation: Option<Consultation>,
    /// The `data/promise.json` of the version this one replaces, as a path
    /// under `content/` (1.1).
    pub previous: Option<String>,
    /// Where `previous` is written in `site.yaml` (line, column), for
    /// messages about the file it names.
    pub previous_at: Option<(usize, usize)>,
}

impl SiteConfig {
    /// The default language.
    pub fn default_lang(&self) -> &str {
        &self.languages[0]
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAccessibility {
    conformance: Option<String>,
    assessed: Option<String>,
    method: Option<Text>,
    contact_email: Option<String>,
    #[serde(default)]
    known_issues: Vec<Text>,
    supervisor: Option<Supervisor>,
}

/// The settings as written, read one by one ([`read_settings`]).
struct RawConfig {
    title: Option<Text>,
    organisation: Option<Text>,
    base_url: Option<String>,
    languages: Option<Vec<String>>,
    theme: Option<String>,
    feedback: Option<Feedback>,
    license: Option<String>,
    accessibility: Option<RawAccessibility>,
    brand: Option<brand::RawBrand>,
    results: Option<lifecycle::RawResults>,
    consultation: Option<lifecycle::RawConsultation>,
    previous: Option<String>,
}

const KNOWN: [&str; 12] = [
    "title",
    "organisation",
    "base_url",
    "languages",
    "theme",
    "feedback",
    "license",
    "accessibility",
    "brand",
    "results",
    "consultation",
    "previous",
];

/// Whether `code` looks like a language code (`fi`, `sv`, `se`, `smn`, `en-GB`).
pub fn valid_lang_code(code: &str) -> bool {
    let mut parts = code.split('-');
    let first = parts.next().unwrap_or("");
    (2..=3).contains(&first.len())
        && first.bytes().all(|b| b.is_ascii_lowercase())
        && parts
            .all(|p| !p.is_empty() && p.len() <= 8 && p.bytes().all(|b| b.is_ascii_alphanumeric()))
}

/// The warnings about values that parse but do not say what the writer
/// meant, in `src`, YAML of the file at `path` that starts at the file's
/// line `first_line`: a `hash_code` warning for each
/// [`yaml::HashComment`] (in the settings files, `yaml.hash_comment`,
/// `#00558c` unquoted is a comment and the colour is silently gone; in
/// front matter, `front.hash_comment`, a title loses its end), and a
/// `yaml.curly_quoted` one for each value in typographic quotes
/// ([`yaml::curly_quoted`]: `title: ”Apu”` shows its quote marks).
///
/// Here rather than in `yaml`, which finds these values: the YAML boundary
/// knows nothing of diagnostics (`tests/architecture.rs`), and the front
/// matter and `indicators.yaml` both already read `config`.
pub fn value_warnings(
    path: &str,
    src: &str,
    first_line: usize,
    hash_code: &'static str,
) -> Vec<Diagnostic> {
    // One walk over the lines finds both.
    let found = yaml::value_findings(src);
    let hashes = found.hash_comments.into_iter().map(|h| {
        Diagnostic::warn(
            path,
            hash_code,
            vec![("dropped", h.dropped.clone()), ("fix", h.quoted())],
        )
        .at(h.line + first_line - 1, Some(h.column))
    });
    let curly = found.curly.into_iter().map(|c| {
        Diagnostic::warn(
            path,
            "yaml.curly_quoted",
            vec![("quotes", c.quotes), ("fix", c.bare)],
        )
        .at(c.line + first_line - 1, Some(c.column))
    });
    let mut all: Vec<Diagnostic> = hashes.chain(curly).collect();
    all.sort_by_key(|d| (d.line, d.column));
    all
}

/// Parses `site.yaml` from its text. Returns `None` when the settings are too
/// broken to build anything; the problems are in `diags` either way.
pub fn parse(src: &str, diags: &Diagnostics) -> Option<SiteConfig> {
    let map = read_map(src, diags)?;
    diags.extend(value_warnings(PATH, src, 1, "yaml.hash_comment"));
    warn_unknown_keys(src, &map, diags);
    let (mut raw, told) = read_settings(src, &map, diags);
    let Required {
        title,
        organisation,
        base_url,
        languages,
    } = required_settings(src, &mut raw, &told, diags)?;
    check_language_codes(src, &languages, diags);
    let base_url = checked_base_url(src, &base_url, diags);
    diags.extend(title.validate(&languages, PATH, "title", key_at(src, "title")));
    diags.extend(organisation.validate(
        &languages,
        PATH,
        "organisation",
        key_at(src, "organisation"),
    ));
    let accessibility = parse_accessibility(src, raw.accessibility, &languages, diags);
    let brand = raw.brand.and_then(|b| parse_brand(src, b, diags));
    let results = parse_results(src, raw.results.unwrap_or_default(), diags);
    let consultation = raw
        .consultation
        .and_then(|c| parse_consultation(src, c, diags));
    let (previous, previous_at) = parse_previous(src, raw.previous, diags);
    // Every problem above is an error in `site.yaml` when it stops the
    // build: reported and gone on from, so that all of them are listed.
    if diags_have_errors_in_config(diags) {
        return None;
    }
    Some(SiteConfig {
        title,
        organisation,
        base_url,
        languages,
        theme: raw.theme.unwrap_or_else(|| "default".into()),
        feedback: raw.feedback.unwrap_or_default(),
        license: raw.license,
        accessibility,
        brand,
        results,
        consultation,
        previous,
        previous_at,
    })
}

/// An error in `site.yaml` at `pos`.
fn config_error(
    code: &'static str,
    args: Vec<(&'static str, String)>,
    pos: Option<(usize, usize)>,
) -> Diagnostic {
    Diagnostic::err(PATH, code, args).at_opt(pos)
}

/// Where a top-level key's value is written ([`yaml::place_key`]).
fn key_at(src: &str, key: &str) -> Option<(usize, usize)> {
    Some(yaml::place_key(src, &[key]))
}

/// The text read as a YAML map, for the keys as written; `None` (and the
/// parser's error, at its place) when it is not YAML. A cause the parser's
/// message names in words (a tab, an unclosed quote) says what to do, so
/// it gets no general advice.
fn read_map(src: &str, diags: &Diagnostics) -> Option<yaml::Mapping> {
    match yaml::from_str(src) {
        Ok(m) => Some(m),
        Err(e) => {
            let code = if e.diagnosed || !e.code.is_empty() {
                "config.yaml_diagnosed"
            } else {
                "config.yaml"
            };
            diags.push(config_error(
                code,
                vec![("error", e.text_arg())],
                e.line.zip(e.column),
            ));
            None
        }
    }
}

/// A warning for each top-level key lupaus does not know (a misspelling,
/// `tittle`), at the key, with the nearest known one: the setting would
/// otherwise be left out without a word.
fn warn_unknown_keys(src: &str, map: &yaml::Mapping, diags: &Diagnostics) {
    for key in map.keys().filter_map(|k| k.as_str()) {
        if !KNOWN.contains(&key) {
            diags.push(
                Diagnostic::warn(
                    PATH,
                    "config.unknown",
                    vec![
                        ("key", key.to_string()),
                        did_you_mean_named(key, KNOWN, setting_from_name),
                    ],
                )
                .at_opt(Some(yaml::place_key_name(src, &[key]))),
            );
        }
    }
}

/// The setting a top-level key written in Finnish or Swedish names
/// (`kielet` → `languages`; `name` as [`did_you_mean_named`] looks it
/// up); the keys are English in every language.
fn setting_from_name(name: &str) -> Option<&'static str> {
    Some(match name {
        "otsikko" | "nimi" | "titel" | "namn" => "title",
        "organisaatio" | "hyvinvointialue" | "välfärdsområde" => "organisation",
        "osoite" | "verkko_osoite" | "adress" | "webbadress" => "base_url",
        "kielet" | "språk" => "languages",
        "teema" | "tema" => "theme",
        "palaute" | "respons" => "feedback",
        "lisenssi" | "licens" => "license",
        "saavutettavuus" | "saavutettavuusseloste" | "tillgänglighet" => "accessibility",
        "ilme" | "brändi" | "varumärke" => "brand",
        "tulokset" | "resultat" => "results",
        "lausuntokierros" | "kommentointi" | "kommentarsrunda" | "remiss" => "consultation",
        "edellinen" | "föregående" => "previous",
        _ => return None,
    })
}

/// The settings read into their types, each on its own (see
/// [`yaml::field_from_str`]): a value of the wrong type is told at its
/// place and left out, its key in the list returned, so that every such
/// value is told, not only the first, and the other settings are still
/// checked. A block of settings (`accessibility:`) that cannot be read
/// whole is read field by field ([`Block`]) to tell each wrong field in
/// it; it is left out all the same.
fn read_settings(
    src: &str,
    map: &yaml::Mapping,
    diags: &Diagnostics,
) -> (RawConfig, Vec<&'static str>) {
    /// `key`'s value, or `None` with its key in `failed` and its error
    /// given to `tell`.
    fn read<T: serde::de::DeserializeOwned>(
        src: &str,
        key: &'static str,
        failed: &mut Vec<&'static str>,
        tell: impl FnOnce(yaml::YamlError),
    ) -> Option<T> {
        // `key:` with nothing after it is not written, as it was when the
        // settings were read as one struct.
        let read = yaml::field_from_str::<Option<T>>(src, key).map(Option::flatten);
        read.unwrap_or_else(|e| {
            tell(e);
            failed.push(key);
            None
        })
    }
    fn field<T: serde::de::DeserializeOwned>(
        src: &str,
        key: &'static str,
        failed: &mut Vec<&'static str>,
        diags: &Diagnostics,
    ) -> Option<T> {
        read(src, key, failed, |e| diags.push(value_error(&e)))
    }
    fn block<T: ByField>(
        src: &str,
        map: &yaml::Mapping,
        key: &'static str,
        failed: &mut Vec<&'static str>,
        diags: &Diagnostics,
    ) -> Option<T> {
        read(src, key, failed, |e| {
            let fields = Block {
                src,
                key,
                diags,
                told: std::cell::Cell::new(false),
            };
            if map.get(key).is_some_and(yaml::Value::is_mapping) {
                // Read for what it tells; the block is left out.
                let _ = T::by_field(&fields);
            }
            // The block's own problem, which no field read on its own
            // shows: a field it does not have, a text where the fields go.
            if !fields.told.get() || e.code == "yaml.unknown_field" {
                diags.push(value_error(&e));
            }
        })
    }
    let mut failed = Vec::new();
    let f = &mut failed;
    let raw = RawConfig {
        title: field(src, "title", f, diags),
        organisation: field(src, "organisation", f, diags),
        base_url: field(src, "base_url", f, diags),
        languages: field(src, "languages", f, diags),
        theme: field(src, "theme", f, diags),
        feedback: block(src, map, "feedback", f, diags),
        license: field(src, "license", f, diags),
        accessibility: block(src, map, "accessibility", f, diags),
        brand: block(src, map, "brand", f, diags),
        results: block(src, map, "results", f, diags),
        consultation: block(src, map, "consultation", f, diags),
        previous: field(src, "previous", f, diags),
    };
    (raw, failed)
}

/// A setting whose value could not be read, as [`yaml::field_at`] tells it.
fn value_error(e: &yaml::YamlError) -> Diagnostic {
    config_error(
        "config.value",
        vec![("error", e.text_arg())],
        e.line.zip(e.column),
    )
}

/// The fields of a block of settings (`accessibility:`), read one by one
/// ([`yaml::field_at`]) when the block could not be read whole.
struct Block<'a> {
    src: &'a str,
    key: &'static str,
    diags: &'a Diagnostics,
    /// Whether a field's value was told wrong.
    told: std::cell::Cell<bool>,
}

impl Block<'_> {
    /// The field `name` (`None` when it is not written), or `None` with its
    /// error told.
    fn field<T: serde::de::DeserializeOwned>(&self, name: &str) -> Option<T> {
        let read = yaml::field_at::<Option<T>>(self.src, &[self.key, name]);
        read.map(Option::flatten).unwrap_or_else(|e| {
            self.diags.push(value_error(&e));
            self.told.set(true);
            None
        })
    }
}

/// A block of settings that can be read a field at a time ([`Block`]),
/// each field as the block's type reads it, so that each wrong one is told.
trait ByField: serde::de::DeserializeOwned {
    /// The block from its fields, those that could be read.
    fn by_field(block: &Block<'_>) -> Self;
}

impl ByField for Feedback {
    fn by_field(b: &Block<'_>) -> Self {
        Feedback {
            url: b.field("url"),
            email: b.field("email"),
        }
    }
}

impl ByField for RawAccessibility {
    fn by_field(b: &Block<'_>) -> Self {
        RawAccessibility {
            conformance: b.field("conformance"),
            assessed: b.field("assessed"),
            method: b.field("method"),
            contact_email: b.field("contact_email"),
            known_issues: b.field("known_issues").unwrap_or_default(),
            supervisor: b.field("supervisor"),
        }
    }
}

impl ByField for brand::RawBrand {
    fn by_field(b: &Block<'_>) -> Self {
        brand::RawBrand {
            logo: b.field("logo"),
            colour: b.field("colour"),
            url: b.field("url"),
            privacy_url: b.field("privacy_url"),
        }
    }
}

impl ByField for lifecycle::RawResults {
    fn by_field(b: &Block<'_>) -> Self {
        lifecycle::RawResults {
            updated: b.field("updated"),
            next_update: b.field("next_update"),
        }
    }
}

impl ByField for lifecycle::RawConsultation {
    fn by_field(b: &Block<'_>) -> Self {
        lifecycle::RawConsultation {
            open: b.field("open"),
            until: b.field("until"),
            url: b.field("url"),
            email: b.field("email"),
        }
    }
}

/// The four settings nothing can be built without.
struct Required {
    title: Text,
    organisation: Text,
    base_url: String,
    languages: Vec<String>,
}

/// The [`Required`] settings, taken out of `raw`: `None` when any is
/// missing (an error for each one missing, with an example line to
/// write, but for those `told` already: written with a wrong value) or
/// when `languages` lists none.
fn required_settings(
    src: &str,
    raw: &mut RawConfig,
    told: &[&str],
    diags: &Diagnostics,
) -> Option<Required> {
    let mut missing = false;
    let mut required = |name: &str, present: bool, example: &str| {
        if !present && told.contains(&name) {
            missing = true;
        } else if !present {
            diags.push(config_error(
                "config.required",
                vec![("name", name.to_string()), ("example", example.to_string())],
                Some((1, 1)),
            ));
            missing = true;
        }
    };
    required(
        "title",
        raw.title.is_some(),
        "title: { fi: Palvelulupaus, sv: Servicelöfte }",
    );
    required(
        "organisation",
        raw.organisation.is_some(),
        "organisation: { fi: Esimerkin hyvinvointialue }",
    );
    required(
        "base_url",
        raw.base_url.is_some(),
        "base_url: https://palvelulupaus.example.fi",
    );
    required(
        "languages",
        raw.languages.is_some(),
        "languages: [fi, sv, en]",
    );
    if missing {
        return None;
    }
    let (Some(title), Some(organisation), Some(base_url), Some(languages)) = (
        raw.title.take(),
        raw.organisation.take(),
        raw.base_url.take(),
        raw.languages.take(),
    ) else {
        return None;
    };
    if languages.is_empty() {
        diags.push(config_error(
            "config.languages_empty",
            vec![],
            key_at(src, "languages"),
        ));
        return None;
    }
    Some(Required {
        title,
        organisation,
        base_url,
        languages,
    })
}

/// An error for each language code that does not look like one (`suomi`)
/// and for each one listed twice, at the code in the list.
fn check_language_codes(src: &str, languages: &[String], diags: &Diagnostics) {
    let mut seen = Vec::new();
    for code in languages {
        if !valid_lang_code(code) {
            diags.push(config_error(
                "config.language_code",
                vec![("code", code.clone())],
                yaml::locate_item(src, "languages", code),
            ));
        }
        if seen.contains(&code) {
            diags.push(config_error(
                "config.language_twice",
                vec![("code", code.clone())],
                yaml::locate_item(src, "languages", code),
            ));
        }
        seen.push(code);
    }
}

/// `base_url` as the site's addresses use it: trimmed, without a trailing
/// slash. An error when it is not an absolute `http(s)://` address with a
/// host: every absolute link, the sitemap and the feeds are made from it.
fn checked_base_url(src: &str, written: &str, diags: &Diagnostics) -> String {
    let base_url = written.trim().trim_end_matches('/').to_string();
    let absolute = (base_url.starts_with("https://") || base_url.starts_with("http://"))
        && base_url
            .split("://")
            .nth(1)
            .is_some_and(|h| !h.is_empty() && !h.contains(' '));
    if !absolute {
        diags.push(config_error(
            "config.base_url",
            vec![("value", base_url.clone())],
            key_at(src, "base_url"),
        ));
    }
    base_url
}

/// The accessibility statement's facts from `accessibility:` (the law's
/// defaults when it is not written: partial conformance, no date), its
/// values checked, and where it and its `assessed` are written, for
/// `check`'s warnings (see [`Accessibility::at`]).
fn parse_accessibility(
    src: &str,
    raw: Option<RawAccessibility>,
    languages: &[String],
    diags: &Diagnostics,
) -> Accessibility {
    let at = yaml::written_key(src, &["accessibility"]);
    let assessed_at = yaml::place_key(src, &["accessibility", "assessed"]);
    let Some(a) = raw else {
        return Accessibility {
            conformance: Conformance::Partial,
            assessed: None,
            method: None,
            contact_email: None,
            known_issues: Vec::new(),
            supervisor: Supervisor::default(),
            at,
            assessed_at,
        };
    };
    let conformance = parse_conformance(src, a.conformance.as_deref(), diags);
    let assessed = parse_assessed(a.assessed.as_deref(), assessed_at, diags);
    check_statement_texts(src, &a, languages, diags);
    Accessibility {
        conformance,
        assessed,
        method: a.method,
        contact_email: a.contact_email,
        known_issues: a.known_issues,
        supervisor: a.supervisor.unwrap_or_default(),
        at,
        assessed_at,
    }
}

/// `accessibility.conformance`: `full`, `partial` (also when not written)
/// or `none`. Anything else is an error, with the value meant when it is
/// written in Finnish or Swedish (`osittain`), else the closest spelling;
/// partial is assumed meanwhile.
fn parse_conformance(src: &str, written: Option<&str>, diags: &Diagnostics) -> Conformance {
    match written {
        None | Some("partial") => Conformance::Partial,
        Some("full") => Conformance::Full,
        Some("none") => Conformance::None,
        Some(other) => {
            let meant = match other.trim().to_lowercase().as_str() {
                "täysin" | "täyttää" | "helt" | "uppfyller" => Some("full"),
                "osittain" | "osittainen" | "delvis" => Some("partial"),
                "ei" | "ei täytä" | "inte" | "nej" | "uppfyller inte" => Some("none"),
                _ => None,
            };
            let hint = match meant {
                Some(m) => ("did_you_mean", m.to_string()),
                None => did_you_mean_arg(other, ["full", "partial", "none"]),
            };
            diags.push(config_error(
                "config.conformance",
                vec![("value", other.to_string()), hint],
                Some(yaml::place_key(src, &["accessibility", "conformance"])),
            ));
            Conformance::Partial
        }
    }
}

/// `accessibility.assessed` as a date; an error at `at` (where it is
/// written) when it is not one, and no date then.
fn parse_assessed(
    written: Option<&str>,
    at: (usize, usize),
    diags: &Diagnostics,
) -> Option<NaiveDate> {
    let s = written?;
    match parse_date(s) {
        Ok(d) => Some(d),
        Err(problem) => {
            let (code, args) = problem.message("accessibility.assessed", s);
            diags.push(config_error(code, args, Some(at)));
            None
        }
    }
}

/// The statement's texts (`method`, each of `known_issues`) checked for
/// the site's languages, each told at its key.
fn check_statement_texts(
    src: &str,
    a: &RawAccessibility,
    languages: &[String],
    diags: &Diagnostics,
) {
    if let Some(m) = &a.method {
        diags.extend(m.validate(
            languages,
            PATH,
            "accessibility.method",
            Some(yaml::place_key(src, &["accessibility", "method"])),
        ));
    }
    for issue in &a.known_issues {
        diags.extend(issue.validate(
            languages,
            PATH,
            "accessibility.known_issues",
            Some(yaml::place_key(src, &["accessibility", "known_issues"])),
        ));
    }
}

/// `previous`, the `data/promise.json` of the version this one replaces,
/// checked as a file under `content/` ([`content_file`]), and where it is
/// written, for the messages about the file it names.
fn parse_previous(
    src: &str,
    written: Option<String>,
    diags: &Diagnostics,
) -> (Option<String>, Option<(usize, usize)>) {
    let previous = written.and_then(|p| {
        content_file(
            src,
            &["previous"],
            &p,
            "previous: media/promise-2025.json",
            diags,
        )
    });
    let previous_at = previous
        .as_ref()
        .map(|_| yaml::place_key(src, &["previous"]));
    (previous, previous_at)
}

/// Whether an error in `site.yaml` has been reported (the 1.1 checks below
/// report and go on, so that every problem of the file is listed at once).
fn diags_have_errors_in_config(diags: &Diagnostics) -> bool {
    diags.any(|d| d.is_error() && d.path == PATH)
}

/// An error in `site.yaml` at the value of `path`.
fn error_at(
    src: &str,
    path: &[&str],
    code: &'static str,
    args: Vec<(&'static str, String)>,
) -> Diagnostic {
    Diagnostic::err(PATH, code, args).at_opt(Some(yaml::place_key(src, path)))
}

/// A path under `content/` as written in `site.yaml` (`media/logo.svg`):
/// relative, with `/`, no `..`. The published address a Markdown link
/// uses (`/media/logo.svg`) is read as the same file: writers copy it
/// from their pages. Whether the file exists is checked by
/// [`check_files`] once the content folder has been read.
fn content_file(
    src: &str,
    path: &[&str],
    value: &str,
    example: &str,
    diags: &Diagnostics,
) -> Option<String> {
    let v = value.trim().trim_start_matches("content/");
    let v = v
        .strip_prefix('/')
        .filter(|r| r.starts_with("media/"))
        .unwrap_or(v);
    let bad = v.is_empty()
        || v.starts_with('/')
        || v.contains('\\')
        || v.contains("://")
        || v.split('/').any(|s| s == ".." || s == "." || s.is_empty());
    if bad {
        diags.push(error_at(
            src,
            path,
            "config.media_path",
            vec![
                ("key", path.join(".")),
                ("value", value.to_string()),
                ("example", example.to_string()),
            ],
        ));
        return None;
    }
    Some(v.to_string())
}

fn parse_brand(src: &str, raw: brand::RawBrand, diags: &Diagnostics) -> Option<Brand> {
    let logo = raw
        .logo
        .and_then(|l| content_file(src, &["brand", "logo"], &l, "logo: media/logo.svg", diags));
    let colour = match raw.colour.as_deref() {
        None => None,
        Some(written) => match Colour::parse(written) {
            None => {
                diags.push(error_at(
                    src,
                    &["brand", "colour"],
                    "config.colour",
                    vec![("value", written.to_string())],
                ));
                None
            }
            Some(c) => {
                if let Some((shade, sc, ratio)) = c.failing_shade() {
                    let args = vec![
                        ("colour", c.hex()),
                        ("shade", shade.to_string()),
                        ("shade_hex", sc.hex()),
                        ("ratio", brand::ratio_text(ratio)),
                        ("min", MIN_CONTRAST.to_string()),
                        ("suggested", c.passing_suggestion().hex()),
                    ];
                    let code = if shade == "colour" {
                        "config.contrast"
                    } else {
                        "config.contrast_shade"
                    };
                    diags.push(error_at(src, &["brand", "colour"], code, args));
                    None
                } else {
                    Some(c)
                }
            }
        },
    };
    let url_field = |key: &str, value: Option<String>| {
        value.filter(|u| {
            let ok = is_absolute_url(u);
            if !ok {
                diags.push(error_at(
                    src,
                    &["brand", key],
                    "config.brand_url",
                    vec![("key", key.to_string()), ("value", u.clone())],
                ));
            }
            ok
        })
    };
    let url = url_field("url", raw.url);
    let privacy_url = url_field("privacy_url", raw.privacy_url);
    Some(Brand {
        logo,
        colour,
        url,
        privacy_url,
    })
}

fn parse_results(src: &str, raw: lifecycle::RawResults, diags: &Diagnostics) -> ResultsCalendar {
    let date = |key: &str, value: Option<String>| {
        value.and_then(|s| match parse_date(&s) {
            Ok(d) => Some(d),
            Err(problem) => {
                let (code, args) = problem.message(&format!("results.{key}"), &s);
                diags.push(error_at(src, &["results", key], code, args));
                None
            }
        })
    };
    let updated = date("updated", raw.updated);
    let next_update = date("next_update", raw.next_update);
    if let (Some(u), Some(n)) = (updated, next_update)
        && n < u
    {
        diags.push(
            Diagnostic::warn(
                PATH,
                "config.next_update",
                vec![("next", n.to_string()), ("updated", u.to_string())],
            )
            .at_opt(Some(yaml::place_key(src, &["results", "next_update"]))),
        );
    }
    ResultsCalendar {
        updated,
        next_update,
    }
}

fn parse_consultation(
    src: &str,
    raw: lifecycle::RawConsultation,
    diags: &Diagnostics,
) -> Option<Consultation> {
    let Some(open) = raw.open else {
        diags.push(error_at(
            src,
            &["consultation"],
            "config.consultation_open",
            vec![],
        ));
        return None;
    };
    let written = (
        raw.until.is_some(),
        raw.url.is_some() || raw.email.is_some(),
    );
    let until = raw.until.and_then(|s| match parse_date(&s) {
        Ok(d) => Some(d),
        Err(problem) => {
            let (code, args) = problem.message("consultation.until", &s);
            diags.push(error_at(src, &["consultation", "until"], code, args));
            None
        }
    });
    let url = raw.url.filter(|u| {
        let ok = is_absolute_url(u);
        if !ok {
            diags.push(error_at(
                src,
                &["consultation", "url"],
                "config.consultation_url",
                vec![("value", u.clone())],
            ));
        }
        ok
    });
    let email = raw
        .email
        .map(|e| e.trim().trim_start_matches("mailto:").to_string())
        .filter(|e| {
            let ok = is_email(e);
            if !ok {
                diags.push(error_at(
                    src,
                    &["consultation", "email"],
                    "config.consultation_email",
                    vec![("value", e.clone())],
                ));
            }
            ok
        });
    if open && !written.0 {
        diags.push(error_at(
            src,
            &["consultation"],
            "config.consultation_until",
            vec![],
        ));
    }
    if open && !written.1 {
        diags.push(error_at(
            src,
            &["consultation"],
            "config.consultation_where",
            vec![],
        ));
    }
    Some(Consultation {
        open,
        until,
        url,
        email,
    })
}

/// Checks that the files `site.yaml` names exist under `content/`
/// (`brand.logo`, `previous`), once the content folder has been read;
/// `exists` answers for a path under `content/`.
pub fn check_files(
    src: &str,
    config: &SiteConfig,
    exists: impl Fn(&str) -> bool,
    diags: &Diagnostics,
) {
    let named = [
        (
            vec!["brand", "logo"],
            config.brand.as_ref().and_then(|b| b.logo.as_deref()),
        ),
        (vec!["previous"], config.previous.as_deref()),
    ];
    for (path, file) in named {
        let Some(file) = file else { continue };
        if !file.starts_with("media/") {
            diags.push(error_at(
                src,
                &path,
                "config.file_not_media",
                vec![("key", path.join(".")), ("file", file.to_string())],
            ));
        } else if !exists(file) {
            diags.push(error_at(
                src,
                &path,
                "config.file_missing",
                vec![("key", path.join(".")), ("file", file.to_string())],
            ));
        }
    }
}

/// Why a written date is not read as one, with the date meant when that
/// is clear.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateProblem {
    /// Not a date (`date.invalid`).
    Unreadable,
    /// A day written the way Finnish and Swedish write it (`1.2.2026`, day
    /// first) or without its zeros (`2026-2-1`): this day (`date.write_as`).
    WrittenAs(NaiveDate),
    /// `YYYY-MM-DD` of a day its month does not have (`2026-02-30`):
    /// the month's number of days (`date.no_such_day`).
    NoSuchDay { days: u32 },
}

impl DateProblem {
    /// The message (code and arguments) for `value`, written for `key`.
    pub fn message(self, key: &str, value: &str) -> (&'static str, Vec<(&'static str, String)>) {
        let mut args = vec![
            ("key", key.to_string()),
            ("value", value.trim().to_string()),
        ];
        let code = match self {
            DateProblem::Unreadable => "date.invalid",
            DateProblem::WrittenAs(date) => {
                args.push(("date", date.format("%Y-%m-%d").to_string()));
                "date.write_as"
            }
            DateProblem::NoSuchDay { days } => {
                args.push(("days", days.to_string()));
                "date.no_such_day"
            }
        };
        (code, args)
    }
}

/// Parses a `YYYY-MM-DD` date; the problem says what was meant when it
/// can tell ([`DateProblem`]).
pub fn parse_date(s: &str) -> Result<NaiveDate, DateProblem> {
    let t = s.trim();
    let numbers = |sep: char| -> Option<[u32; 3]> {
        let mut parts = t.split(sep).map(|p| {
            let digits = !p.is_empty() && p.len() <= 4 && p.bytes().all(|b| b.is_ascii_digit());
            digits.then(|| p.parse::<u32>().ok()).flatten()
        });
        let n = [parts.next()??, parts.next()??, parts.next()??];
        parts.next().is_none().then_some(n)
    };
    let year_first = numbers('-').filter(|_| t.split('-').next().is_some_and(|y| y.len() == 4));
    if let Some([y, m, d]) = year_first {
        // Four digits, two and two: the other ways get their zeros back.
        let shaped = t.len() == 10 && t.as_bytes()[4] == b'-' && t.as_bytes()[7] == b'-';
        return match NaiveDate::from_ymd_opt(y as i32, m, d) {
            Some(date) if shaped => Ok(date),
            Some(date) => Err(DateProblem::WrittenAs(date)),
            None => match month_days(y as i32, m) {
                Some(days) if (1..=31).contains(&d) => Err(DateProblem::NoSuchDay { days }),
                _ => Err(DateProblem::Unreadable),
            },
        };
    }
    // Day first, as in Finnish and Swedish: 1.2.2026.
    let day_first = numbers('.').filter(|_| t.rsplit('.').next().is_some_and(|y| y.len() == 4));
    if let Some([d, m, y]) = day_first
        && let Some(date) = NaiveDate::from_ymd_opt(y as i32, m, d)
    {
        return Err(DateProblem::WrittenAs(date));
    }
    Err(DateProblem::Unreadable)
}

/// How many days month `m` of year `y` has; `None` for no month.
fn month_days(y: i32, m: u32) -> Option<u32> {
    let first = NaiveDate::from_ymd_opt(y, m, 1)?;
    let next = if m == 12 {
        NaiveDate::from_ymd_opt(y + 1, 1, 1)?
    } else {
        NaiveDate::from_ymd_opt(y, m + 1, 1)?
    };
    u32::try_from((next - first).num_days()).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    const OK: &str = "title: { fi: Palvelulupaus, sv: Servicelöfte }\norganisation: Testi\nbase_url: https://x.example/\nlanguages: [fi, sv]\n";

    #[test]
    fn a_misspelt_accessibility_field_is_an_error_not_silently_dropped() {
        for (yaml, wrong, right) in [
            (
                "accessibility:\n  conformance: partial\n  contact_emali: a@example.fi\n",
                "contact_emali",
                "contact_email",
            ),
            (
                "accessibility:\n  supervisor:\n    name: Valvoja\n    url: https://valvoja.example\n    phnoe: 123\n",
                "phnoe",
                "phone",
            ),
        ] {
            let d = Diagnostics::new();
            let _ = parse(&format!("{OK}{yaml}"), &d);
            let ds = d.into_sorted();
            assert!(
                ds.iter().any(|x| x.is_error()
                    && x.message.contains(wrong)
                    && x.message.contains(right)),
                "{yaml}: {ds:?}"
            );
        }
    }

    #[test]
    fn a_logo_is_a_file_under_content_written_either_way() {
        for (written, read) in [
            ("media/logo.svg", Some("media/logo.svg")),
            ("/media/logo.svg", Some("media/logo.svg")),
            ("content/media/logo.svg", Some("media/logo.svg")),
            ("/etc/logo.svg", None),
            ("../logo.svg", None),
        ] {
            let d = Diagnostics::new();
            let c = parse(&format!("{OK}brand:\n  logo: {written}\n"), &d);
            let logo = c.as_ref().and_then(|c| c.brand.as_ref()?.logo.clone());
            assert_eq!(logo.as_deref(), read, "{written}");
            assert_eq!(d.has_errors(), read.is_none(), "{written}");
        }
    }

    /// `colour: #00558c` unquoted is a YAML comment: the colour would be
    /// gone without a word.
    #[test]
    fn an_unquoted_hash_is_told_at_its_column() {
        let d = Diagnostics::new();
        let c = parse(&format!("{OK}brand:\n  colour: #00558c\n"), &d).expect("valid");
        assert!(c.brand.as_ref().and_then(|b| b.colour.as_ref()).is_none());
        let found = d.into_sorted();
        let told: Vec<_> = found
            .iter()
            .filter(|x| x.code == "yaml.hash_comment")
            .collect();
        assert_eq!(told.len(), 1, "{found:?}");
        let line = OK.lines().count() + 2;
        assert!(
            told[0]
                .to_string()
                .starts_with(&format!("content/site.yaml:{line}:11: warning:")),
            "{}",
            told[0]
        );
        assert!(told[0].to_string().contains("`colour: \"#00558c\"`"));
    }

    /// The `yaml.curly_quoted` warnings told, as the terminal shows them.
    fn curly_told(d: Diagnostics) -> Vec<String> {
        d.into_sorted()
            .iter()
            .filter(|x| x.code == "yaml.curly_quoted")
            .map(|x| x.to_string())
            .collect()
    }

    /// `license: ”CC BY 4.0”` is read with its curly quote marks, which
    /// the page then shows.
    #[test]
    fn a_value_in_curly_quotes_is_told_at_its_opening_mark() {
        let d = Diagnostics::new();
        let c = parse(&format!("{OK}license: ”CC BY 4.0”\n"), &d).expect("valid");
        assert_eq!(c.license.as_deref(), Some("”CC BY 4.0”"));
        let told = curly_told(d);
        let line = OK.lines().count() + 1;
        assert_eq!(told.len(), 1, "{told:?}");
        assert!(
            told[0].starts_with(&format!(
                "content/site.yaml:{line}:10: warning: the quote marks ” ” around this value"
            )) && told[0].contains("`license: CC BY 4.0`"),
            "{told:?}"
        );
    }

    /// `title: { fi: “Lupaus”, sv: “Löfte” }` pasted from Word: the
    /// marks are in each language's text, and each is told where it is.
    #[test]
    fn values_in_curly_quotes_in_a_flow_map_are_told_each() {
        let d = Diagnostics::new();
        let src = OK.replace(
            "organisation: Testi",
            "organisation: { fi: “Kuusijärvi”, sv: “Kuusijärvi ÖF” }",
        );
        let c = parse(&src, &d).expect("valid");
        assert!(format!("{:?}", c.organisation).contains("“Kuusijärvi”"));
        let told = curly_told(d);
        assert_eq!(told.len(), 2, "{told:?}");
        assert!(
            told[0].starts_with(
                "content/site.yaml:2:21: warning: the quote marks “ ” around this value"
            ) && told[0].contains("write `fi: Kuusijärvi`"),
            "{told:?}"
        );
        assert!(
            told[1].starts_with("content/site.yaml:2:39: warning:")
                && told[1].contains("write `sv: Kuusijärvi ÖF`"),
            "{told:?}"
        );
    }

    #[test]
    fn parses_minimal() {
        let d = Diagnostics::new();
        let c = parse(OK, &d).expect("valid");
        assert_eq!(c.base_url, "https://x.example");
        assert_eq!(c.default_lang(), "fi");
        assert_eq!(c.theme, "default");
        assert!(!d.has_errors());
    }

    #[test]
    fn reports_missing_and_bad_settings() {
        let d = Diagnostics::new();
        assert!(
            parse(
                "title: X\nbase_url: palvelulupaus.fi\nlanguages: [fi]\n",
                &d
            )
            .is_none()
        );
        let v: Vec<String> = d.into_sorted().iter().map(|x| x.to_string()).collect();
        assert!(
            v.iter()
                .any(|s| s.contains("missing required setting `organisation`")),
            "{v:?}"
        );
        let d = Diagnostics::new();
        assert!(
            parse(
                "title: X\norganisation: O\nbase_url: palvelulupaus.fi\nlanguages: [fi]\n",
                &d
            )
            .is_none()
        );
        let v: Vec<String> = d.into_sorted().iter().map(|x| x.to_string()).collect();
        assert!(
            v[0].starts_with("content/site.yaml:3:11: `base_url`"),
            "{v:?}"
        );
    }

    /// Every setting with a value of the wrong type is told at its place
    /// in one build, and the settings after it are still checked; a
    /// required one written wrong is not told missing too.
    #[test]
    fn every_wrong_setting_is_told_at_once() {
        let src = "title: [X]\norganisation: O\nbase_url: https://x.example/\nlanguages: [fi]\nlicense: [x]\nresults:\n  updated: syyskuu\naccessibility:\n  conformance: [partial]\n";
        let d = Diagnostics::new();
        assert!(parse(src, &d).is_none());
        let v: Vec<String> = d.into_sorted().iter().map(|x| x.to_string()).collect();
        for at in [
            "content/site.yaml:1:8: `title`",
            "content/site.yaml:5:10: `license`",
            "content/site.yaml:9:16: `accessibility.conformance`",
        ] {
            assert!(v.iter().any(|s| s.starts_with(at)), "{at}: {v:?}");
        }
        assert!(!v.iter().any(|s| s.contains("missing required")), "{v:?}");
        // A setting with nothing after it is missing, not wrong.
        let d = Diagnostics::new();
        assert!(parse(&src.replace("[X]", ""), &d).is_none());
        let v: Vec<String> = d.into_sorted().iter().map(|x| x.to_string()).collect();
        assert!(
            v.iter()
                .any(|s| s.contains("missing required setting `title`")),
            "{v:?}"
        );
        // With the required settings right, what is checked after the
        // types is told too.
        let d = Diagnostics::new();
        assert!(parse(&src.replace("[X]", "X"), &d).is_none());
        let v: Vec<String> = d.into_sorted().iter().map(|x| x.to_string()).collect();
        for at in [
            "content/site.yaml:5:10: `license`",
            "content/site.yaml:7:12: `results.updated`",
            "content/site.yaml:9:16: `accessibility.conformance`",
        ] {
            assert!(v.iter().any(|s| s.starts_with(at)), "{at}: {v:?}");
        }
    }

    /// In a block of settings too: every field of the wrong type is told,
    /// and a field the block does not have, when the block's reading
    /// stopped there; a block that is not a mapping is told once.
    #[test]
    fn every_wrong_field_of_a_block_is_told_at_once() {
        let told = |more: &str| {
            let d = Diagnostics::new();
            assert!(parse(&format!("{OK}{more}"), &d).is_none(), "{more}");
            let v: Vec<String> = d.into_sorted().iter().map(|x| x.to_string()).collect();
            v
        };
        let first = OK.lines().count() + 1;
        let v = told(
            "accessibility:\n  colour: x\n  conformance: [partial]\n  contact_email: [a@x.fi]\n  known_issues: puuttuu\n  method:\n    fi: [x]\nconsultation:\n  open: kyllä\n  url: [x]\n",
        );
        for (line, at) in [
            (first + 1, "3: `accessibility`: unknown field `colour`"),
            (first + 2, "16: `accessibility.conformance`"),
            (first + 3, "18: `accessibility.contact_email`"),
            (first + 4, "17: `accessibility.known_issues`"),
            // A text of neither form: the field named, not only its block.
            (
                first + 5,
                "3: `accessibility.method`: write either one text",
            ),
            (first + 8, "9: `consultation.open`"),
            (first + 9, "8: `consultation.url`"),
        ] {
            let at = format!("content/site.yaml:{line}:{at}");
            assert!(v.iter().any(|s| s.starts_with(&at)), "{at}: {v:?}");
        }
        assert_eq!(v.len(), 7, "each told once: {v:?}");
        let v = told("brand: sininen\n");
        assert_eq!(v.len(), 1, "{v:?}");
        assert!(v[0].contains("`brand`"), "{v:?}");
    }

    #[test]
    fn conformance_written_in_finnish_or_swedish_is_told_its_value() {
        for (written, meant) in [("osittain", "partial"), ("Helt", "full"), ("fulll", "full")] {
            let d = Diagnostics::new();
            let _ = parse(
                &format!("{OK}accessibility:\n  conformance: {written}\n"),
                &d,
            );
            let ds = d.into_sorted();
            assert!(
                ds.iter().any(|x| x.is_error()
                    && x.message.contains(&format!("\"{written}\""))
                    && x.message.contains(&format!("did you mean \"{meant}\""))),
                "{written}: {ds:?}"
            );
        }
    }

    /// What reading `OK` and then `more` tells, as displayed.
    fn told_with(more: &str) -> Vec<String> {
        let d = Diagnostics::new();
        let _ = parse(&format!("{OK}{more}"), &d);
        d.into_sorted().iter().map(|x| x.to_string()).collect()
    }

    #[test]
    fn a_date_written_day_first_is_told_as_it_is_written_here() {
        let v = told_with("accessibility:\n  assessed: 15.3.2026\n");
        assert!(
            v.iter().any(|s| s == "content/site.yaml:6:13: `accessibility.assessed`: write the date \"15.3.2026\" as YYYY-MM-DD: 2026-03-15"),
            "{v:?}"
        );
    }

    #[test]
    fn a_setting_written_in_finnish_or_swedish_is_told_its_english_name() {
        let v = told_with("kielet: [fi, sv]\ntema: default\n");
        crate::diagnostics::assert_suggests(&v, "content/site.yaml:5:1:", "`kielet`", "languages");
        crate::diagnostics::assert_suggests(&v, "content/site.yaml:6:1:", "`tema`", "theme");
    }

    #[test]
    fn settings_in_flow_maps_and_quoted_keys_are_located() {
        let d = Diagnostics::new();
        let src = "{title: T, organisation: O, \"base_url\": palvelulupaus.fi, languages: [fi], tema: x,\n  accessibility: {conformance: fully}}\n";
        assert!(parse(src, &d).is_none());
        let v: Vec<String> = d.into_sorted().iter().map(|x| x.to_string()).collect();
        assert!(
            v.iter()
                .any(|s| s.starts_with("content/site.yaml:1:30: `base_url`")),
            "{v:?}"
        );
        assert!(
            v.iter()
                .any(|s| s.starts_with("content/site.yaml:1:76: warning: unknown setting `tema`")),
            "{v:?}"
        );
        assert!(
            v.iter()
                .any(|s| s
                    .starts_with("content/site.yaml:2:19: unknown `accessibility.conformance`")),
            "{v:?}"
        );
    }

    #[test]
    fn dates() {
        let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).expect("a day");
        assert_eq!(parse_date(" 2025-01-15 "), Ok(day(2025, 1, 15)));
        for unreadable in [
            "2025-13-01",
            "2026-02-32",
            "31.2.2026",
            "1/2/2026",
            "2026-02-03x",
            "20260203",
            "1.2.26",
            "",
        ] {
            assert_eq!(
                parse_date(unreadable),
                Err(DateProblem::Unreadable),
                "{unreadable}"
            );
        }
        // The day meant, when it is clear: day first as in Finnish and
        // Swedish, or without zeros.
        for (written, meant) in [
            ("1.2.2026", day(2026, 2, 1)),
            ("01.02.2026", day(2026, 2, 1)),
            ("2025-1-5", day(2025, 1, 5)),
            ("2025-001-5", day(2025, 1, 5)),
        ] {
            assert_eq!(
                parse_date(written),
                Err(DateProblem::WrittenAs(meant)),
                "{written}"
            );
        }
        for (written, days) in [("2026-02-30", 28), ("2024-02-30", 29), ("2026-04-31", 30)] {
            assert_eq!(
                parse_date(written),
                Err(DateProblem::NoSuchDay { days }),
                "{written}"
            );
        }
    }
}
