//! `content/site.yaml`: site-wide settings.
//!
//! Parses and validates the settings (languages, base URL, theme, feedback,
//! the accessibility statement's facts). Everything else reads settings from
//! the [`SiteConfig`] this module returns; nothing else opens `site.yaml`.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::diagnostics::{Diagnostic, Diagnostics, suggestion};
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
}

impl SiteConfig {
    /// The default language.
    pub fn default_lang(&self) -> &str {
        &self.languages[0]
    }
}

#[derive(Deserialize)]
struct RawAccessibility {
    conformance: Option<String>,
    assessed: Option<String>,
    method: Option<Text>,
    contact_email: Option<String>,
    #[serde(default)]
    known_issues: Vec<Text>,
    supervisor: Option<Supervisor>,
}

#[derive(Deserialize)]
struct RawConfig {
    title: Option<Text>,
    organisation: Option<Text>,
    base_url: Option<String>,
    languages: Option<Vec<String>>,
    theme: Option<String>,
    feedback: Option<Feedback>,
    license: Option<String>,
    accessibility: Option<RawAccessibility>,
}

const KNOWN: [&str; 8] = [
    "title",
    "organisation",
    "base_url",
    "languages",
    "theme",
    "feedback",
    "license",
    "accessibility",
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

/// Parses `site.yaml` from its text. Returns `None` when the settings are too
/// broken to build anything; the problems are in `diags` either way.
pub fn parse(src: &str, diags: &Diagnostics) -> Option<SiteConfig> {
    let err = |msg: String, pos: Option<(usize, usize)>| Diagnostic::error(PATH, msg).at_opt(pos);
    let map: yaml::Mapping = match yaml::from_str(src) {
        Ok(m) => m,
        Err(e) => {
            diags.push(err(
                format!(
                    "{}; fix the YAML syntax (see the example in the README)",
                    e.message
                ),
                e.line.zip(e.column),
            ));
            return None;
        }
    };
    for key in map.keys().filter_map(|k| k.as_str()) {
        if !KNOWN.contains(&key) {
            diags.push(
                Diagnostic::warning(
                    PATH,
                    format!(
                        "unknown setting `{key}` is ignored{}",
                        suggestion(key, KNOWN)
                    ),
                )
                .at_opt(Some(yaml::place_key(src, &[key]))),
            );
        }
    }
    let raw: RawConfig = match yaml::from_str(src) {
        Ok(r) => r,
        Err(e) => {
            diags.push(err(e.message, e.line.zip(e.column)));
            return None;
        }
    };
    let pos = |key: &str| Some(yaml::place_key(src, &[key]));
    let mut ok = true;
    let mut required = |name: &str, present: bool, example: &str| {
        if !present {
            diags.push(err(
                format!("missing required setting `{name}`; add e.g. `{example}`"),
                Some((1, 1)),
            ));
            ok = false;
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
    if !ok {
        return None;
    }
    let (Some(title), Some(organisation), Some(base_url), Some(languages)) =
        (raw.title, raw.organisation, raw.base_url, raw.languages)
    else {
        return None;
    };
    if languages.is_empty() {
        diags.push(err(
            "`languages` is empty; list at least one language code, the default first, e.g. `languages: [fi, sv]`".into(),
            pos("languages"),
        ));
        return None;
    }
    let mut seen = Vec::new();
    for code in &languages {
        if !valid_lang_code(code) {
            diags.push(err(
                format!("\"{code}\" is not a language code; use lowercase ISO 639 codes such as fi, sv, en, se"),
                yaml::locate_item(src, "languages", code),
            ));
            ok = false;
        }
        if seen.contains(&code) {
            diags.push(err(
                format!("language \"{code}\" is listed twice in `languages`; remove one"),
                yaml::locate_item(src, "languages", code),
            ));
            ok = false;
        }
        seen.push(code);
    }
    let base_url = base_url.trim().trim_end_matches('/').to_string();
    let absolute = (base_url.starts_with("https://") || base_url.starts_with("http://"))
        && base_url
            .split("://")
            .nth(1)
            .is_some_and(|h| !h.is_empty() && !h.contains(' '));
    if !absolute {
        diags.push(err(
            format!("`base_url` \"{base_url}\" is not an absolute URL; write it with https://, e.g. `base_url: https://palvelulupaus.example.fi`"),
            pos("base_url"),
        ));
        ok = false;
    }
    diags.extend(title.validate(&languages, PATH, "title", pos("title")));
    diags.extend(organisation.validate(&languages, PATH, "organisation", pos("organisation")));

    let accessibility = match raw.accessibility {
        None => Accessibility {
            conformance: Conformance::Partial,
            assessed: None,
            method: None,
            contact_email: None,
            known_issues: Vec::new(),
            supervisor: Supervisor::default(),
        },
        Some(a) => {
            let conformance = match a.conformance.as_deref() {
                None | Some("partial") => Conformance::Partial,
                Some("full") => Conformance::Full,
                Some("none") => Conformance::None,
                Some(other) => {
                    diags.push(err(
                        format!(
                            "unknown `accessibility.conformance` \"{other}\"; expected one of full, partial, none{}",
                            suggestion(other, ["full", "partial", "none"])
                        ),
                        Some(yaml::place_key(src, &["accessibility", "conformance"])),
                    ));
                    ok = false;
                    Conformance::Partial
                }
            };
            let assessed = match a.assessed.as_deref() {
                None => None,
                Some(s) => match parse_date(s) {
                    Ok(d) => Some(d),
                    Err(msg) => {
                        diags.push(err(
                            format!("`accessibility.assessed`: {msg}"),
                            Some(yaml::place_key(src, &["accessibility", "assessed"])),
                        ));
                        ok = false;
                        None
                    }
                },
            };
            if let Some(m) = &a.method {
                diags.extend(m.validate(
                    &languages,
                    PATH,
                    "accessibility.method",
                    Some(yaml::place_key(src, &["accessibility", "method"])),
                ));
            }
            for issue in &a.known_issues {
                diags.extend(issue.validate(
                    &languages,
                    PATH,
                    "accessibility.known_issues",
                    Some(yaml::place_key(src, &["accessibility", "known_issues"])),
                ));
            }
            Accessibility {
                conformance,
                assessed,
                method: a.method,
                contact_email: a.contact_email,
                known_issues: a.known_issues,
                supervisor: a.supervisor.unwrap_or_default(),
            }
        }
    };
    if !ok {
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
    })
}

/// Parses a `YYYY-MM-DD` date; the error says how to write one.
pub fn parse_date(s: &str) -> Result<NaiveDate, String> {
    let t = s.trim();
    let shaped = t.len() == 10 && t.as_bytes()[4] == b'-' && t.as_bytes()[7] == b'-';
    match NaiveDate::parse_from_str(t, "%Y-%m-%d") {
        Ok(d) if shaped => Ok(d),
        _ => Err(format!(
            "\"{t}\" is not a valid date; write dates as YYYY-MM-DD, e.g. 2025-06-30"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const OK: &str = "title: { fi: Palvelulupaus, sv: Servicelöfte }\norganisation: Testi\nbase_url: https://x.example/\nlanguages: [fi, sv]\n";

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
        assert!(parse_date("2025-01-15").is_ok());
        assert!(parse_date("2025-13-01").is_err());
        assert!(parse_date("2025-1-5").is_err());
    }
}
