//! Front matter: splitting a Markdown file into its YAML header and body, and
//! reading the header's fields.
//!
//! Owns the field list of every kind of content file and their validation
//! (dates, perspectives, language lists). Merging a translation with its
//! default-language file happens in `site`, not here.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use crate::config::parse_date;
use crate::diagnostics::{Diagnostic, did_you_mean_arg, did_you_mean_named};
use crate::yaml;

/// The five perspectives of a service promise.
pub const PERSPECTIVES: [&str; 5] = [
    "availability",
    "accessibility",
    "quality",
    "effectiveness",
    "integration",
];

/// The perspective id for its Finnish, Swedish or English name, as writers
/// may type it (`saatavuus` → `availability`).
pub fn perspective_from_name(name: &str) -> Option<&'static str> {
    let n = name.trim().to_lowercase();
    Some(match n.as_str() {
        "saatavuus" | "tillgång" => "availability",
        "saavutettavuus" | "tillgänglighet" => "accessibility",
        "laatu" | "kvalitet" => "quality",
        "vaikuttavuus" | "effektivitet" | "verkningsfullhet" => "effectiveness",
        "sote-integraatio" | "integraatio" | "social- och hälsovårdsintegration" => "integration",
        _ => return None,
    })
}

/// What kind of content a file is, from where it lives (its names boxed:
/// every file and page keeps one).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Kind {
    /// `content/_index.*.md`: the promise itself.
    Promise,
    /// `content/areas/AREA/_index.*.md`.
    Area {
        /// Folder name.
        area: Box<str>,
    },
    /// `content/areas/AREA/NAME.*.md`.
    Commitment {
        /// Folder name of its area.
        area: Box<str>,
        /// File name without language and extension.
        name: Box<str>,
    },
    /// `content/pages/NAME.*.md`.
    Free {
        /// File name without language and extension.
        name: Box<str>,
    },
}

impl Kind {
    fn fields(&self) -> &'static [&'static str] {
        match self {
            Kind::Promise => &["valid_from", "valid_until", "decision"],
            Kind::Area { .. } => &["icon"],
            Kind::Commitment { .. } => &["perspective", "indicators", "resident_view"],
            Kind::Free { .. } => &["date"],
        }
    }

    /// A word for messages.
    pub fn noun(&self) -> &'static str {
        match self {
            Kind::Promise => "@noun.promise",
            Kind::Area { .. } => "@noun.area",
            Kind::Commitment { .. } => "@noun.commitment",
            Kind::Free { .. } => "@noun.free",
        }
    }
}

const COMMON: [&str; 6] = ["title", "summary", "order", "draft", "slug", "languages"];

/// Whether an unknown key is `draft` misspelt (`darft`, `Draft`, `drafts`)
/// or written in the writer's language (`luonnos`, `utkast`).
fn is_misspelt_draft(key: &str) -> bool {
    let lower = key.to_lowercase();
    matches!(lower.as_str(), "luonnos" | "utkast")
        || crate::suggest::did_you_mean(&lower, ["draft"]).is_some()
}

/// The field a front matter key written in Finnish or Swedish names, as
/// writers may type it (`otsikko` → `title`; `name` as
/// [`did_you_mean_named`] looks it up); the keys are English in every
/// language. (`luonnos` and `utkast` are a misspelt `draft`, an error:
/// [`is_misspelt_draft`].)
fn field_from_name(name: &str) -> Option<&'static str> {
    Some(match name {
        "otsikko" | "titel" | "rubrik" => "title",
        "tiivistelmä" | "yhteenveto" | "sammanfattning" | "ingress" => "summary",
        "näkökulma" | "perspektiv" => "perspective",
        "mittari" | "mittarit" | "indikaattorit" | "mätare" | "indikatorer" => "indicators",
        "asukkaan_näkökulma" | "invånarens_perspektiv" | "invånarperspektiv" => "resident_view",
        "järjestys" | "ordning" => "order",
        "päivämäärä" | "päiväys" | "pvm" | "datum" => "date",
        "kielet" | "språk" => "languages",
        "voimassa_alkaen" | "giltig_från" => "valid_from",
        "voimassa_asti" | "giltig_till" => "valid_until",
        "päätös" | "beslut" => "decision",
        "kuvake" | "ikon" => "icon",
        _ => return None,
    })
}

/// The decision that approved the promise.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Decision {
    /// The body that approved it.
    pub body: Option<String>,
    /// Date of the decision.
    pub date: Option<NaiveDate>,
    /// `§ 112`.
    pub reference: Option<String>,
    /// The minutes.
    pub url: Option<String>,
}

/// The fields of one file, as written (every field optional here).
///
/// Kept for every file for the whole build, so the fields few files have
/// (the promise's validity and decision, an area's icon, a page's slug,
/// date or languages) are boxed in [`Rare`], read through the methods of
/// the same names: 112 bytes where all fourteen inline took 184.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FrontMatter {
    /// Page title.
    pub title: Option<Box<str>>,
    /// One or two sentences for listings and the meta description.
    pub summary: Option<Box<str>>,
    /// Position among siblings.
    pub order: Option<i64>,
    /// Held back unless drafts are published.
    pub draft: Option<bool>,
    /// Commitment: one of [`PERSPECTIVES`].
    pub perspective: Option<Box<str>>,
    /// Commitment: indicator ids.
    pub indicators: Option<Box<[String]>>,
    /// Commitment: first-person view.
    pub resident_view: Option<Box<str>>,
    /// The fields few files have; `None` when a file has none of them.
    pub rare: Option<Box<Rare>>,
}

/// The fields of [`FrontMatter`] that few files have.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Rare {
    /// Replaces the file name in this language's URL.
    pub slug: Option<Box<str>>,
    /// Languages to publish in (default-language file only).
    pub languages: Option<Vec<String>>,
    /// Promise: start of validity.
    pub valid_from: Option<NaiveDate>,
    /// Promise: end of validity.
    pub valid_until: Option<NaiveDate>,
    /// Promise: the decision.
    pub decision: Option<Decision>,
    /// Area: icon name.
    pub icon: Option<Box<str>>,
    /// Free page: date (news and reports).
    pub date: Option<NaiveDate>,
}

impl Rare {
    /// Boxed, or `None` when it has no field.
    pub fn boxed(self) -> Option<Box<Rare>> {
        (self != Rare::default()).then(|| Box::new(self))
    }
}

impl FrontMatter {
    /// Replaces the file name in this language's URL.
    pub fn slug(&self) -> Option<&str> {
        self.rare.as_ref()?.slug.as_deref()
    }

    /// Languages to publish in (default-language file only).
    pub fn languages(&self) -> Option<&[String]> {
        self.rare.as_ref()?.languages.as_deref()
    }

    /// Promise: start of validity.
    pub fn valid_from(&self) -> Option<NaiveDate> {
        self.rare.as_ref()?.valid_from
    }

    /// Promise: end of validity.
    pub fn valid_until(&self) -> Option<NaiveDate> {
        self.rare.as_ref()?.valid_until
    }

    /// Promise: the decision.
    pub fn decision(&self) -> Option<&Decision> {
        self.rare.as_ref()?.decision.as_ref()
    }

    /// Area: icon name.
    pub fn icon(&self) -> Option<&str> {
        self.rare.as_ref()?.icon.as_deref()
    }

    /// Free page: date (news and reports).
    pub fn date(&self) -> Option<NaiveDate> {
        self.rare.as_ref()?.date
    }
}

#[derive(Deserialize)]
struct RawDecision {
    body: Option<String>,
    date: Option<String>,
    reference: Option<String>,
    url: Option<String>,
}

#[derive(Deserialize)]
struct Raw {
    title: Option<String>,
    summary: Option<String>,
    order: Option<i64>,
    draft: Option<bool>,
    slug: Option<String>,
    languages: Option<Vec<String>>,
    valid_from: Option<String>,
    valid_until: Option<String>,
    decision: Option<RawDecision>,
    icon: Option<String>,
    perspective: Option<String>,
    indicators: Option<Vec<String>>,
    resident_view: Option<String>,
    date: Option<String>,
}

impl Raw {
    /// Reads each field on its own (see [`yaml::field_from_str`]): a field
    /// whose value cannot be read is left out, its key and error added to
    /// `failed`.
    fn field_by_field(src: &str, failed: &mut yaml::FieldErrors) -> Raw {
        fn field<T: DeserializeOwned>(
            src: &str,
            key: &'static str,
            failed: &mut yaml::FieldErrors,
        ) -> Option<T> {
            yaml::field_from_str(src, key).unwrap_or_else(|e| {
                failed.push((key, e));
                None
            })
        }
        Raw {
            title: field(src, "title", failed),
            summary: field(src, "summary", failed),
            order: field(src, "order", failed),
            draft: field(src, "draft", failed),
            slug: field(src, "slug", failed),
            languages: field(src, "languages", failed),
            valid_from: field(src, "valid_from", failed),
            valid_until: field(src, "valid_until", failed),
            decision: field(src, "decision", failed),
            icon: field(src, "icon", failed),
            perspective: field(src, "perspective", failed),
            indicators: field(src, "indicators", failed),
            resident_view: field(src, "resident_view", failed),
            date: field(src, "date", failed),
        }
    }
}

/// A file split into front matter and body.
#[derive(Debug, Clone, PartialEq)]
pub struct Split<'a> {
    /// The YAML between the `---` lines.
    pub yaml: &'a str,
    /// Line number (1-based) of the first YAML line in the file.
    pub yaml_line: usize,
    /// The Markdown after the closing `---`.
    pub body: &'a str,
    /// Line number (1-based) of the body's first line.
    pub body_line: usize,
}

/// Splits `text` at its `---` lines. The error names the line and the fix.
pub fn split(text: &str) -> Result<Split<'_>, (usize, &'static str)> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err((1, "front.empty_file"));
    }
    let mut lines = text.split_inclusive('\n');
    let first = lines.next().unwrap_or("");
    if first.trim_end() != "---" {
        return Err((1, "front.no_start"));
    }
    let start = first.len();
    let mut offset = start;
    for (i, line) in lines.enumerate() {
        if line.trim_end() == "---" {
            let yaml = &text[start..offset];
            let body_start = offset + line.len();
            return Ok(Split {
                yaml,
                yaml_line: 2,
                body: &text[body_start..],
                body_line: i + 3,
            });
        }
        offset += line.len();
    }
    Err((1, "front.not_closed"))
}

/// Parses the front matter of a file of `kind` at `path`. `yaml_line` is the
/// file line of the YAML's first line. Problems go to `out`, every wrong
/// field's and a missing title (told at the `---` line above); the result
/// has every field that could be read. `None` when the YAML itself cannot
/// be read.
pub fn parse(
    src: &str,
    yaml_line: usize,
    kind: &Kind,
    path: &str,
    out: &mut Vec<Diagnostic>,
) -> Option<FrontMatter> {
    let shift = |pos: Option<(usize, usize)>| pos.map(|(l, c)| (l + yaml_line - 1, c));
    let at = |keys: &[&str]| shift(Some(yaml::place_key(src, keys)));
    if src.trim().is_empty() {
        out.push(Diagnostic::err(path, "front.empty", vec![]).at(yaml_line - 1, None));
        return None;
    }
    let map: yaml::Mapping = match yaml::from_str(src) {
        Ok(m) => m,
        Err(e) => {
            out.push(
                Diagnostic::err(
                    path,
                    // A cause named, or a kind of the library's errors
                    // read into words that say what to write: no guess.
                    if e.diagnosed || !e.code.is_empty() {
                        "front.yaml_diagnosed"
                    } else {
                        "front.yaml"
                    },
                    vec![("error", e.text_arg())],
                )
                .at_opt(shift(e.line.zip(e.column))),
            );
            return None;
        }
    };
    out.extend(crate::config::value_warnings(
        path,
        src,
        yaml_line,
        "front.hash_comment",
    ));
    unknown_keys(&map, kind, (src, yaml_line), path, out);
    // When a field's value is wrong, every field is read on its own, so
    // that every wrong one is told in one go (each at its place) and the
    // others are kept; only then, as it reads the text once per field.
    let mut failed = Vec::new();
    let raw = yaml::from_str(src).unwrap_or_else(|whole| {
        let raw = Raw::field_by_field(src, &mut failed);
        if failed.is_empty() {
            failed.push(("", whole));
        }
        raw
    });
    for (_, e) in &failed {
        out.push(
            Diagnostic::err(path, "front.value", vec![("error", e.text_arg())])
                .at_opt(shift(e.line.zip(e.column))),
        );
    }
    // A title with a wrong value is told as that, not as missing too.
    if raw.title.as_deref().is_none_or(|t| t.trim().is_empty())
        && !failed.iter().any(|(key, _)| *key == "title")
    {
        out.push(Diagnostic::err(path, "front.no_title", vec![]).at(yaml_line - 1, None));
    }
    let mut date = |value: Option<String>, keys: &[&str]| -> Option<NaiveDate> {
        let s = value?;
        match parse_date(&s) {
            Ok(d) => Some(d),
            Err(problem) => {
                let (code, args) = problem.message(&keys.join("."), &s);
                out.push(Diagnostic::err(path, code, args).at_opt(at(keys)));
                None
            }
        }
    };
    let valid_from = date(raw.valid_from, &["valid_from"]);
    let valid_until = date(raw.valid_until, &["valid_until"]);
    let fm_date = date(raw.date, &["date"]);
    let decision = raw.decision.map(|d| Decision {
        body: d.body,
        date: date(d.date, &["decision", "date"]),
        reference: d.reference,
        url: d.url,
    });
    value_checks(
        raw.perspective.as_deref(),
        raw.slug.as_deref(),
        (valid_from, valid_until),
        (src, yaml_line),
        path,
        out,
    );
    Some(FrontMatter {
        title: raw.title.map(String::into_boxed_str),
        summary: raw.summary.map(String::into_boxed_str),
        order: raw.order,
        draft: raw.draft,
        perspective: raw.perspective.map(String::into_boxed_str),
        indicators: raw.indicators.map(Vec::into_boxed_slice),
        resident_view: raw.resident_view.map(String::into_boxed_str),
        rare: Rare {
            slug: raw.slug.map(String::into_boxed_str),
            languages: raw.languages,
            valid_from,
            valid_until,
            decision,
            icon: raw.icon.map(String::into_boxed_str),
            date: fm_date,
        }
        .boxed(),
    })
}

/// Tells each key of `map` that a page of `kind` does not have: one that
/// belongs to another kind of page (a warning naming both), a misspelt
/// `draft` (an error: the page would be published), else an unknown key
/// with the nearest known one. Each is told at the key in the front
/// matter `src`, whose first line is file line `yaml_line`.
fn unknown_keys(
    map: &yaml::Mapping,
    kind: &Kind,
    (src, yaml_line): (&str, usize),
    path: &str,
    out: &mut Vec<Diagnostic>,
) {
    for key in map.keys().filter_map(|k| k.as_str()) {
        if COMMON.contains(&key) || kind.fields().contains(&key) {
            continue;
        }
        let all = COMMON
            .iter()
            .chain(kind.fields())
            .copied()
            .collect::<Vec<_>>();
        let other_kind = [
            Kind::Promise,
            Kind::Area {
                area: Box::default(),
            },
            Kind::Commitment {
                area: Box::default(),
                name: Box::default(),
            },
            Kind::Free {
                name: Box::default(),
            },
        ]
        .into_iter()
        .find(|k| k.fields().contains(&key));
        let d = match other_kind {
            Some(k) => Diagnostic::warn(
                path,
                "front.other_kind",
                vec![
                    ("key", key.to_string()),
                    ("belongs", k.noun().to_string()),
                    ("here", kind.noun().to_string()),
                ],
            ),
            // A misspelt `draft` would publish what the writer held back:
            // an error, so that the build stops before it goes out.
            None if is_misspelt_draft(key) => {
                Diagnostic::err(path, "front.misspelt_draft", vec![("key", key.to_string())])
            }
            None => Diagnostic::warn(
                path,
                "front.unknown",
                vec![
                    ("key", key.to_string()),
                    did_you_mean_named(key, all.iter().copied(), field_from_name),
                ],
            ),
        };
        // Told at the key, which is what is misspelt or misplaced.
        let (line, column) = yaml::place_key_name(src, &[key]);
        out.push(d.at(line + yaml_line - 1, Some(column)));
    }
}

/// Checks the values that were read but may still be wrong: the
/// `perspective` (an id, or a name that has one), the `slug`, and an end
/// of validity before its start (`valid`). Each is told at its key in the
/// front matter `src`, whose first line is file line `yaml_line`.
fn value_checks(
    perspective: Option<&str>,
    slug: Option<&str>,
    valid: (Option<NaiveDate>, Option<NaiveDate>),
    (src, yaml_line): (&str, usize),
    path: &str,
    out: &mut Vec<Diagnostic>,
) {
    let at = |keys: &[&str]| {
        let (line, column) = yaml::place_key(src, keys);
        Some((line + yaml_line - 1, column))
    };
    if let Some(p) = perspective
        && !PERSPECTIVES.contains(&p)
    {
        out.push(
            match perspective_from_name(p) {
                Some(id) => Diagnostic::err(
                    path,
                    "front.perspective_name",
                    vec![
                        ("value", p.to_string()),
                        ("expected", PERSPECTIVES.join(", ")),
                        ("id", id.to_string()),
                    ],
                ),
                None => Diagnostic::err(
                    path,
                    "front.perspective",
                    vec![
                        ("value", p.to_string()),
                        ("expected", PERSPECTIVES.join(", ")),
                        did_you_mean_arg(p, PERSPECTIVES),
                    ],
                ),
            }
            .at_opt(at(&["perspective"])),
        );
    }
    if let Some(slug) = slug
        && !valid_slug(slug)
    {
        out.push(
            Diagnostic::err(
                path,
                "front.slug",
                vec![
                    ("slug", slug.to_string()),
                    ("suggested", crate::markdown::anchor_of(slug)),
                ],
            )
            .at_opt(at(&["slug"])),
        );
    }
    if let (Some(a), Some(b)) = valid
        && b < a
    {
        out.push(
            Diagnostic::err(path, "front.until_before_from", vec![]).at_opt(at(&["valid_until"])),
        );
    }
}

/// Whether `slug` is usable as one URL path segment.
pub fn valid_slug(slug: &str) -> bool {
    !slug.is_empty()
        && slug != "."
        && slug != ".."
        && slug
            .chars()
            .all(|c| c.is_alphanumeric() || c == '-' || c == '_' || c == '.')
}

/// Front matter fields as a plain map, for templates that want extra fields.
pub type Extra = BTreeMap<String, yaml::Value>;

#[cfg(test)]
mod tests {
    use super::*;

    /// The kind of `content/areas/a/b.*.md`, a commitment.
    fn commitment() -> Kind {
        Kind::Commitment {
            area: "a".into(),
            name: "b".into(),
        }
    }

    /// Every file's front matter is kept for the whole build, in an `Arc`
    /// (two counts, 16 bytes): with them, its 112 bytes fill mimalloc's
    /// 128-byte class.
    /// A field added inline would move every file's into the next one.
    #[test]
    fn the_front_matter_with_its_counts_fits_in_128_bytes() {
        assert!(std::mem::size_of::<FrontMatter>() + 16 <= 128);
    }

    #[test]
    fn splits_with_bom_and_crlf() {
        let s = split("\u{feff}---\r\ntitle: A\r\n---\r\nBody\r\n").unwrap();
        assert_eq!(s.yaml, "title: A\r\n");
        assert_eq!(s.body, "Body\r\n");
        assert_eq!(s.body_line, 4);
        assert!(split("title: A\n").is_err());
        assert_eq!(split("").err(), Some((1, "front.empty_file")));
        assert_eq!(split("\u{feff}\n \n").err(), Some((1, "front.empty_file")));
        assert_eq!(split("text\n").err(), Some((1, "front.no_start")));
        assert!(split("---\ntitle: A\n").is_err());
    }

    #[test]
    fn reports_bad_perspective_with_position() {
        let mut out = Vec::new();
        let k = commitment();
        let src = "title: X\nperspective: availabilty\nsumary: y\n";
        let fm = parse(src, 2, &k, "content/areas/a/b.md", &mut out).unwrap();
        assert_eq!(fm.title.as_deref(), Some("X"));
        let text: Vec<String> = out.iter().map(|d| d.to_string()).collect();
        assert!(
            text.iter().any(|t| t
                .starts_with("content/areas/a/b.md:3:14: unknown perspective \"availabilty\"")
                && t.contains("did you mean \"availability\"")),
            "{text:?}"
        );
        assert!(
            text.iter()
                .any(|t| t.contains("4:1: warning: unknown field `sumary`")
                    && t.contains("\"summary\"")),
            "{text:?}"
        );
    }

    /// Every field with a wrong value is told in one go, each at its own
    /// place and in the words a file with only that one gets; the others
    /// are read.
    #[test]
    fn every_wrong_value_is_told_at_once() {
        let k = commitment();
        let path = "content/areas/a/b.md";
        let one = |src: &str| {
            let mut out = Vec::new();
            parse(src, 2, &k, path, &mut out);
            out.iter().map(|d| d.to_string()).collect::<Vec<_>>()
        };
        let src = "title: X\ndraft: kyllä\nperspective: saatavuus\norder: kolme\n";
        let mut out = Vec::new();
        let fm = parse(src, 2, &k, path, &mut out).unwrap();
        let text: Vec<String> = out.iter().map(|d| d.to_string()).collect();
        let draft = one("title: X\ndraft: kyllä\n");
        let order = one("title: X\n\n\norder: kolme\n");
        assert_eq!(draft.len(), 1, "{draft:?}");
        assert!(
            draft[0].starts_with("content/areas/a/b.md:3:8: `draft`: the text \"kyllä\""),
            "{draft:?}"
        );
        assert!(text.contains(&draft[0]), "{text:?}");
        assert!(text.contains(&order[0]), "{text:?}");
        assert!(
            text.iter()
                .any(|t| t.starts_with("content/areas/a/b.md:4:14: unknown perspective")),
            "{text:?}"
        );
        assert_eq!(text.len(), 3, "{text:?}");
        assert_eq!(fm.title.as_deref(), Some("X"));
        assert_eq!((fm.draft, fm.order), (None, None));
    }

    /// Each field of the front matter is read on its own when one is
    /// wrong (none left out), and a wrong title is not called missing.
    #[test]
    fn each_field_is_read_on_its_own() {
        let fields = COMMON
            .iter()
            .chain(Kind::Promise.fields())
            .chain(Kind::Area { area: "a".into() }.fields())
            .chain(
                Kind::Commitment {
                    area: "a".into(),
                    name: "b".into(),
                }
                .fields(),
            )
            .chain(Kind::Free { name: "b".into() }.fields());
        let src: String = fields.map(|f| format!("{f}: [[x]]\n")).collect();
        let mut failed = Vec::new();
        Raw::field_by_field(&src, &mut failed);
        let keys: Vec<&str> = failed.iter().map(|(k, _)| *k).collect();
        assert_eq!(keys.len(), 14, "{keys:?}");
        let mut out = Vec::new();
        parse(&src, 2, &Kind::Promise, "content/_index.md", &mut out);
        assert!(out.iter().all(|d| d.code != "front.no_title"), "{out:?}");
        let mut out = Vec::new();
        parse(
            "summary: x\n",
            2,
            &Kind::Promise,
            "content/_index.md",
            &mut out,
        );
        assert!(
            out.iter()
                .any(|d| d.code == "front.no_title" && d.line == Some(1))
        );
    }

    #[test]
    fn reports_a_slug_that_cannot_be_a_url_part_with_a_suggestion() {
        let mut out = Vec::new();
        let k = Kind::Free { name: "b".into() };
        let fm = parse(
            "title: X\nslug: a/b\n",
            2,
            &k,
            "content/pages/b.md",
            &mut out,
        );
        assert_eq!(
            fm.and_then(|f| f.slug().map(str::to_string)).as_deref(),
            Some("a/b")
        );
        let text: Vec<String> = out.iter().map(|d| d.to_string()).collect();
        assert!(
            out.iter().any(|d| d.code == "front.slug")
                && text
                    .iter()
                    .any(|t| t.starts_with("content/pages/b.md:3:7: ")
                        && t.contains("\"a/b\"")
                        && t.contains("\"a-b\"")),
            "{text:?}"
        );
    }

    #[test]
    fn reports_bad_dates_and_misplaced_fields() {
        let mut out = Vec::new();
        let src = "title: X\ndecision:\n  date: 2025-02-30\ndate: 2025-01-01\n";
        parse(src, 2, &Kind::Promise, "content/_index.md", &mut out);
        let text: Vec<String> = out.iter().map(|d| d.to_string()).collect();
        assert!(
            text.iter().any(|t| t
                == "content/_index.md:4:9: `decision.date`: \"2025-02-30\" is not a date: that month has 28 days"),
            "{text:?}"
        );
        assert!(
            text.iter()
                .any(|t| t.contains("`date` belongs on a free page")),
            "{text:?}"
        );
    }

    #[test]
    fn a_misspelt_draft_is_an_error_and_other_unknown_fields_warnings() {
        let k = Kind::Free { name: "b".into() };
        for (key, error) in [
            ("darft", true),
            ("Draft", true),
            ("drafts", true),
            ("luonnos", true),
            ("utkast", true),
            ("colour", false),
        ] {
            let mut out = Vec::new();
            parse(
                &format!("title: X\n{key}: true\n"),
                2,
                &k,
                "content/pages/b.md",
                &mut out,
            );
            let d = out.iter().find(|d| d.to_string().contains(key));
            assert_eq!(
                d.map(|d| d.severity == crate::diagnostics::Severity::Error),
                Some(error),
                "{key}: {out:?}"
            );
        }
    }

    #[test]
    fn a_key_written_in_finnish_or_swedish_is_told_its_english_name() {
        let k = commitment();
        let src = "otsikko: X\nTiivistelmä: Y\nmätare: [a]\nasukkaan näkökulma: Z\n";
        let mut out = Vec::new();
        parse(src, 2, &k, "content/areas/a/b.md", &mut out);
        let text: Vec<String> = out.iter().map(|d| d.to_string()).collect();
        for (line, key, meant) in [
            (2, "otsikko", "title"),
            (3, "Tiivistelmä", "summary"),
            (4, "mätare", "indicators"),
            (5, "asukkaan näkökulma", "resident_view"),
        ] {
            let at = format!("content/areas/a/b.md:{line}:1:");
            crate::diagnostics::assert_suggests(&text, &at, &format!("`{key}`"), meant);
        }
    }
}
