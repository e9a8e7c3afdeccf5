//! What `lupaus check` adds to a build's validation, on a loaded site model:
//! images without alt text, skipped heading levels, `#` headings in a body,
//! links that say nothing out of context, translations that change
//! structure, indicators without use or results, values that `decimals`
//! rounds across their target or that are implausible for their unit, an
//! outdated accessibility assessment, and the missing and untranslated
//! texts. `check`, the end of a `build` and the preview's box all call it,
//! so that they count the same; it renders and loads nothing itself.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use rayon::prelude::*;
use serde::Serialize;

use crate::content::front_matter::Kind;
use crate::diagnostics::{Diagnostic, Diagnostics, Severity, natural_cmp};
use crate::results;
use crate::site::Site;

/// A text a translation takes from the default language.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Untranslated {
    /// The translation's file (or the default file where the page has no translation).
    pub path: String,
    /// The language that lacks it.
    pub lang: String,
    /// The field (`summary`, `resident_view`, `decision.body`, or a
    /// `site.yaml`/`indicators.yaml` key).
    pub field: String,
}

/// The vague link texts of the theme's i18n files (`vague_link_texts`) of
/// every language in `languages` and of English, lowercase: a Finnish page
/// may well say "Read more".
pub fn vague_texts(i18n: &crate::i18n::I18n, languages: &[String]) -> BTreeSet<String> {
    languages
        .iter()
        .map(String::as_str)
        .chain(["en"])
        .flat_map(|l| i18n.list(l, "vague_link_texts").to_vec())
        .map(|t| t.trim().to_lowercase())
        .collect()
}

/// [`vague_texts`] from `theme`'s i18n files of `languages` and English.
pub fn theme_vague_texts(theme: &crate::theme::Theme, languages: &[String]) -> BTreeSet<String> {
    let mut with_en = languages.to_vec();
    if !with_en.iter().any(|l| l == "en") {
        with_en.push("en".into());
    }
    vague_texts(
        &crate::i18n::load(theme, &with_en, &Diagnostics::new()),
        languages,
    )
}

/// [`theme_vague_texts`] of the site at `root`: its `site.yaml`'s theme and
/// languages, read here (a build needs them as it reads the bodies, before
/// the theme is loaded for the render); none when either cannot be read
/// (the build then reports why).
pub fn site_vague_texts(root: &std::path::Path) -> BTreeSet<String> {
    let quiet = Diagnostics::new();
    let config = crate::content::read_text(&root.join(crate::config::PATH), crate::config::PATH)
        .ok()
        .and_then(|src| crate::config::parse(&src, &quiet));
    config
        .and_then(|c| crate::theme::load(root, &c.theme, &quiet).map(|t| (t, c.languages)))
        .map(|(theme, languages)| theme_vague_texts(&theme, &languages))
        .unwrap_or_default()
}

/// Per language, the pages shown in the default language (no file in that
/// language, or one still as `lupaus new` wrote it); and the texts
/// translations take from the default language. `check` lists them; `build`
/// counts them.
pub fn gaps(site: &Site) -> (BTreeMap<String, Vec<String>>, Vec<Untranslated>) {
    let mut missing: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut untranslated = Vec::new();
    for lang in &site.config.languages {
        missing.insert(lang.clone(), Vec::new());
    }
    for p in &site.pages {
        for lang in &p.missing {
            missing.entry(lang.clone()).or_default().push(p.key.clone());
        }
        // A translation still as `lupaus new` wrote it is not one.
        for i in crate::starter::untouched_of(site, p) {
            let lang = &site.files[i].lang;
            missing
                .entry(lang.to_string())
                .or_default()
                .push(p.key.to_string());
        }
        for v in p.variants.iter().filter(|v| !v.fallback) {
            for field in &v.inherited {
                untranslated.push(Untranslated {
                    path: site.files[v.file].path.to_string(),
                    lang: v.lang.to_string(),
                    field: field.to_string(),
                });
            }
        }
    }
    untranslated.extend(site_text_gaps(site));
    // Files in the order the problems are listed (`sivu2` before `sivu10`).
    untranslated.sort_by(|a, b| natural_cmp(&a.path, &b.path).then_with(|| a.cmp(b)));
    for v in missing.values_mut() {
        v.sort_by(|a, b| natural_cmp(a, b));
        v.dedup();
    }
    (missing, untranslated)
}

/// The checks `check` adds to what a build validates, on a loaded site
/// model: `check` and the preview's box both call this, so that they count
/// the same problems.
///
/// `set` is the results when already loaded (a build drops the files' bytes
/// once parsed); `None` loads them from the model.
pub fn site_checks(
    site: &Site,
    vague: &BTreeSet<String>,
    set: Option<&results::ResultSet>,
    today: NaiveDate,
    diags: &Diagnostics,
) {
    site_checks_with(
        site,
        &|_, file, outline| body_checks(file, outline, vague),
        set,
        today,
        diags,
    );
}

/// [`site_checks`], each held body's findings given by `body` (the
/// preview keeps them between edits, see [`KeptBodyChecks`]).
pub fn site_checks_with(
    site: &Site,
    body: &BodyFindings<'_>,
    set: Option<&results::ResultSet>,
    today: NaiveDate,
    diags: &Diagnostics,
) {
    content_checks(site, body, diags);
    title_checks(site, diags);
    structure_checks(site, diags);
    indicator_checks(site, set, diags);
    statement_checks(site, today, diags);
}

/// What gives a held body's findings ([`body_checks`]), by its file's
/// number in the site, the file and its outline.
pub type BodyFindings<'a> = dyn Fn(usize, &crate::content::SourceFile, &crate::markdown::Outline) -> Vec<Diagnostic>
    + Sync
    + 'a;

/// [`body_checks`] of every file, kept by the preview: an edit makes
/// them again only for the files it changed ([`KeptBodyChecks::renew`]),
/// not for the whole site (9 ms of a 10,000-page site's body edit).
pub struct KeptBodyChecks {
    /// Link texts that say nothing out of context (the theme's).
    vague: BTreeSet<String>,
    /// Each file's findings, same index as the site's files.
    found: Vec<Vec<Diagnostic>>,
}

impl KeptBodyChecks {
    /// The findings of every file of `site`, with the link texts `vague`.
    pub fn new(site: &Site, vague: BTreeSet<String>) -> Self {
        let found = site
            .files
            .par_iter()
            .zip(&site.outlines)
            .map(|(f, o)| body_checks(f, o, &vague))
            .collect();
        KeptBodyChecks { vague, found }
    }

    /// Makes file `index`'s findings again (after an edit of it); a file
    /// not kept is checked when asked for ([`KeptBodyChecks::of`]).
    pub fn renew(&mut self, site: &Site, index: usize) {
        if let (Some(kept), Some(f), Some(o)) = (
            self.found.get_mut(index),
            site.files.get(index),
            site.outlines.get(index),
        ) {
            *kept = body_checks(f, o, &self.vague);
        }
    }

    /// The findings of file `index`, `file` with `outline` (made now if
    /// they were not kept).
    pub fn of(
        &self,
        index: usize,
        file: &crate::content::SourceFile,
        outline: &crate::markdown::Outline,
    ) -> Vec<Diagnostic> {
        match self.found.get(index) {
            Some(found) => found.clone(),
            None => body_checks(file, outline, &self.vague),
        }
    }
}

/// The findings in each published file's body, `body` giving a held one's.
fn content_checks(site: &Site, body: &BodyFindings<'_>, diags: &Diagnostics) {
    // Only files that are published: a draft is checked with --drafts.
    let shown = site.shown_files();
    for (i, (file, outline)) in site.files.iter().zip(&site.outlines).enumerate() {
        if !shown.contains(&i) {
            continue;
        }
        match &file.released {
            // Checked as the body was read (see `body_checks`).
            Some(r) => diags.extend(r.checks().iter().cloned()),
            None => diags.extend(body(i, file, outline)),
        }
    }
}

/// `check`'s findings in one body: `#` headings, skipped heading levels,
/// images without alt text, links without text or with a text in `vague`.
/// A build makes them as it reads the body, before it lets the body go
/// (`crate::content::Bodies::Release`), and keeps only the anchors of its
/// outline.
pub fn body_checks(
    file: &crate::content::SourceFile,
    outline: &crate::markdown::Outline,
    vague: &BTreeSet<String>,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let line = |l: usize| l + file.body_line as usize - 1;
    let mut previous = 1u8;
    for h in outline.headings() {
        if h.level == 1 {
            out.push(
                Diagnostic::coded(
                    Severity::Error,
                    &*file.path,
                    "check.heading1",
                    vec![("text", h.text.to_string())],
                )
                .at(line(h.line), Some(1)),
            );
        } else if h.level > previous + 1 {
            out.push(
                Diagnostic::coded(
                    Severity::Error,
                    &*file.path,
                    "check.heading_jump",
                    vec![
                        ("text", h.text.to_string()),
                        ("from", previous.to_string()),
                        ("to", h.level.to_string()),
                        ("hashes", "#".repeat(previous as usize + 1)),
                    ],
                )
                .at(line(h.line), Some(1)),
            );
        }
        // A `#` heading is published as `##`.
        previous = h.level.max(2);
    }
    for l in outline.links() {
        let text = l.text.trim();
        let found = |severity, code, args| {
            Diagnostic::coded(severity, &*file.path, code, args).at(line(l.line), Some(l.column))
        };
        let dest = || vec![("dest", l.dest.to_string())];
        if l.image {
            if text.is_empty() {
                out.push(found(Severity::Error, "check.alt", dest()));
            }
        } else if text.is_empty() {
            out.push(found(Severity::Warning, "check.link_empty", dest()));
        } else if vague.contains(text.to_lowercase().trim_end_matches(['.', '!', '…']).trim()) {
            let args = vec![("text", text.to_string())];
            out.push(found(Severity::Warning, "check.link_vague", args));
        }
    }
    out
}

/// Titles longer than this many characters get a warning: a search engine
/// and the browser's tab cut them, and a list of them is hard to scan. The
/// example's longest is 55; GOV.UK advises 65 at most.
const TITLE_MAX: usize = 100;

/// A published file whose title is longer than [`TITLE_MAX`] characters:
/// a warning at its `title` line, to move the rest to `summary`.
fn title_checks(site: &Site, diags: &Diagnostics) {
    for i in site.shown_files() {
        let file = &site.files[i];
        let Some(title) = file.front.title.as_deref() else {
            continue;
        };
        let n = title.chars().count();
        if n > TITLE_MAX {
            diags.push(
                Diagnostic::warn(
                    &*file.path,
                    "check.title_long",
                    vec![("n", n.to_string()), ("max", TITLE_MAX.to_string())],
                )
                .at_opt(file.locate(&["title"])),
            );
        }
    }
}

/// A translation that sets a field of the page's structure (`perspective`,
/// `indicators`, `order`) differently from the default-language file: a
/// warning, unless that file's own value is the one told wrong (an unknown
/// perspective or indicator, a value that could not be read), where
/// "make it the same" would copy the mistake.
fn structure_checks(site: &Site, diags: &Diagnostics) {
    for p in &site.pages {
        let default = &site.files[p.default_file];
        let d = &default.front;
        // A value written in the default file but not read from it: told
        // there (`order:` with nothing after it is not written).
        let unread = |field: &str| {
            let yaml = default.front_yaml();
            let map = yaml.and_then(|y| crate::yaml::from_str::<crate::yaml::Mapping>(&y).ok());
            map.is_some_and(|m| m.get(field).is_some_and(|v| !v.is_null()))
        };
        let wrong = |field: &str| match field {
            "perspective" => d.perspective.as_deref().map_or_else(
                || unread(field),
                |v| !crate::content::front_matter::PERSPECTIVES.contains(&v),
            ),
            "indicators" => d.indicators.as_deref().map_or_else(
                || unread(field),
                |ids| ids.iter().any(|id| site.indicators.get(id).is_none()),
            ),
            _ => d.order.is_none() && unread(field),
        };
        for &i in &p.files {
            if i == p.default_file {
                continue;
            }
            let f = &site.files[i];
            let lang = &f.lang;
            let changed = [
                (
                    "perspective",
                    f.front.perspective.is_some() && f.front.perspective != d.perspective,
                ),
                (
                    "indicators",
                    f.front.indicators.is_some() && f.front.indicators != d.indicators,
                ),
                ("order", f.front.order.is_some() && f.front.order != d.order),
            ];
            for (field, differs) in changed {
                if differs && !wrong(field) {
                    diags.push(
                        Diagnostic::warn(
                            &*f.path,
                            "check.structure_differs",
                            vec![
                                ("lang", lang.to_string()),
                                ("field", field.to_string()),
                                ("default", site.files[p.default_file].path.to_string()),
                            ],
                        )
                        .at_opt(f.locate(&[field])),
                    );
                }
            }
        }
    }
}

fn indicator_checks(site: &Site, set: Option<&results::ResultSet>, diags: &Diagnostics) {
    let loaded;
    let set = match set {
        Some(set) => set,
        None => {
            loaded = results::load(&site.results_files, &site.indicators, &Diagnostics::new());
            &loaded
        }
    };
    let used: Vec<&String> = site
        .pages
        .iter()
        .filter(|p| matches!(p.kind, Kind::Commitment { .. }))
        .flat_map(|p| site.files[p.default_file].front.indicators.iter().flatten())
        .collect();
    // A commitment whose file could not be read may use any of them (its
    // error is reported): "not used, remove it" would be wrong advice.
    let all_read = site.broken.is_empty();
    for ind in &site.indicators.list {
        if all_read && !used.contains(&&ind.id) {
            diags.push(
                Diagnostic::warn(
                    crate::indicators::PATH,
                    "check.indicator_unused",
                    vec![("id", ind.id.clone())],
                )
                .at(ind.line, Some(1)),
            );
        }
    }
    rounding_checks(site, set, diags);
    plausibility_checks(site, set, diags);
    for p in &site.pages {
        if !matches!(p.kind, Kind::Commitment { .. }) {
            continue;
        }
        let f = &site.files[p.default_file];
        for id in f.front.indicators.iter().flatten() {
            // Rows left out for their errors may be this indicator's.
            if !set.is_incomplete()
                && site.indicators.get(id).is_some()
                && set.series(id).iter().all(|v| v.value.is_none())
            {
                diags.push(
                    Diagnostic::warn(
                        &*f.path,
                        "check.indicator_no_data",
                        vec![("id", id.clone())],
                    )
                    .at_opt(f.locate_item("indicators", id)),
                );
            }
        }
    }
}

/// The range of values that make sense for a unit, if lupaus knows one:
/// a percentage of -100…1000 (a change may exceed 100 %), a time not below
/// zero.
pub fn plausible_range(unit: &str) -> Option<(f64, f64)> {
    let u = unit.trim().to_lowercase();
    match u.as_str() {
        "%" | "prosenttia" | "procent" | "percent" => Some((-100.0, 1000.0)),
        "vrk" | "dygn" | "days" | "d" | "päivää" | "pv" | "dagar" | "min" | "minuuttia"
        | "minuter" | "minutes" | "h" | "tuntia" | "timmar" | "hours" | "viikkoa" | "veckor"
        | "weeks" => Some((0.0, f64::INFINITY)),
        _ => None,
    }
}

/// A value that cannot be right for its unit (a percentage of 94 600, a
/// negative waiting time) is most likely a typing slip: a warning.
fn plausibility_checks(site: &Site, set: &results::ResultSet, diags: &Diagnostics) {
    let default = site.default_lang();
    for ind in &site.indicators.list {
        let Some(unit) = ind.unit.as_ref().map(|u| u.text(default, default)) else {
            continue;
        };
        let Some((lo, hi)) = plausible_range(&unit) else {
            continue;
        };
        for p in set.series(&ind.id) {
            let Some(v) = p.value else { continue };
            if v < lo || v > hi {
                // The numbers as the message's language writes them, as the
                // rounding warning does (`94 600`, `−100–1 000` in Finnish).
                let mut args = vec![
                    ("value", said_as_written(v)),
                    ("id", ind.id.clone()),
                    ("period", p.period.to_string()),
                    ("unit", unit.clone()),
                    ("lo", said_as_written(lo)),
                ];
                let code = if hi.is_infinite() {
                    "check.implausible_min"
                } else {
                    args.push(("hi", said_as_written(hi)));
                    "check.implausible_range"
                };
                let d = Diagnostic::coded(Severity::Warning, p.source.0.as_str(), code, args)
                    .at(p.source.1, None);
                diags.push(d);
            }
        }
    }
}

/// `v` with `decimals` decimals as a message's language writes it (94,6 in
/// fi and sv, 94.6 in en; 1 234,5 and 1,234.5), as a placeholder's value.
fn said(v: f64, decimals: u32) -> String {
    crate::messages::in_each_language(|lang| crate::format::format_number(v, decimals, lang))
}

/// `v` as [`said`] writes it, with the decimals it was written with.
fn said_as_written(v: f64) -> String {
    said(v, crate::format::written_decimals(v))
}

/// Values that `decimals` would round onto the other side of the target:
/// the pages show them with more decimals, and the writer should know.
/// Told at the indicator's `decimals` as the model read it
/// ([`crate::indicators::Indicator::decimals_at`]), else at its id.
fn rounding_checks(site: &Site, set: &results::ResultSet, diags: &Diagnostics) {
    for ind in &site.indicators.list {
        let hidden = set.series(&ind.id).iter().find_map(|p| {
            let v = p.value?;
            let d = results::status::decimals_to_tell(v, ind.target, ind.direction, ind.decimals);
            (d > ind.decimals).then(|| (p.period.to_string(), v, d))
        });
        let Some((period, v, d)) = hidden else {
            continue;
        };
        // The value and the target with the decimals they were written
        // with, the value as shown with the indicator's.
        let met = ind.direction.meets(v, ind.target);
        diags.push(
            Diagnostic::coded(
                Severity::Warning,
                crate::indicators::PATH,
                if met {
                    "check.rounding_looks_missed"
                } else {
                    "check.rounding_looks_met"
                },
                vec![
                    ("decimals", ind.decimals.to_string()),
                    ("value", said_as_written(v)),
                    ("period", period),
                    ("id", ind.id.clone()),
                    ("shown", said(v, ind.decimals)),
                    ("target", said_as_written(ind.target)),
                    ("needed", d.to_string()),
                ],
            )
            .at_opt(ind.decimals_at.or(Some((ind.line, 1)))),
        );
    }
}

/// The accessibility statement's assessment date: missing, or more than
/// a year old. Told where the settings were read from
/// ([`crate::config::Accessibility::at`] and `assessed_at`), so that
/// `site.yaml` is not read again.
fn statement_checks(site: &Site, today: NaiveDate, diags: &Diagnostics) {
    let a = &site.config.accessibility;
    match a.assessed {
        // At the `accessibility:` block where it belongs, if there is one.
        None => diags.push(
            Diagnostic::warn(crate::config::PATH, "check.assessed_missing", vec![]).at_opt(a.at),
        ),
        Some(d) if (today - d).num_days() > 365 => diags.push(
            Diagnostic::warn(
                crate::config::PATH,
                "check.assessed_old",
                vec![("date", d.to_string())],
            )
            .at_opt(Some(a.assessed_at)),
        ),
        _ => {}
    }
}

fn site_text_gaps(site: &Site) -> Vec<Untranslated> {
    let langs = &site.config.languages;
    let mut out = Vec::new();
    let mut add = |path: &str, field: String, t: &crate::text::Text| {
        for l in t.missing_languages(langs) {
            out.push(Untranslated {
                path: path.to_string(),
                lang: l.to_string(),
                field: field.clone(),
            });
        }
    };
    add(crate::config::PATH, "title".into(), &site.config.title);
    add(
        crate::config::PATH,
        "organisation".into(),
        &site.config.organisation,
    );
    for ind in &site.indicators.list {
        add(
            crate::indicators::PATH,
            format!("{}.name", ind.id),
            &ind.name,
        );
        if let Some(u) = &ind.unit {
            add(crate::indicators::PATH, format!("{}.unit", ind.id), u);
        }
        if let Some(d) = &ind.description {
            add(
                crate::indicators::PATH,
                format!("{}.description", ind.id),
                d,
            );
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::Bodies;
    use crate::site::one_page_site as site;

    fn codes(found: &[Diagnostic]) -> Vec<&'static str> {
        found.iter().map(|d| d.code).collect()
    }

    /// The rounding warning is placed at `decimals` in the text the
    /// model was read from: `indicators.yaml` is not read a second time
    /// (the preview's box, after the file was saved again, took its place
    /// from the new text; the file gone, from none).
    #[test]
    fn the_rounding_warning_is_placed_from_the_text_the_model_read() {
        let dir = tempfile::tempdir().expect("temp dir");
        let fixture =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/rounding");
        fn copy(from: &std::path::Path, to: &std::path::Path) {
            std::fs::create_dir_all(to).expect("mkdir");
            for e in std::fs::read_dir(from).expect("read the fixture") {
                let e = e.expect("entry");
                let (from, to) = (e.path(), to.join(e.file_name()));
                if from.is_dir() {
                    copy(&from, &to);
                } else {
                    std::fs::copy(&from, &to).expect("copy");
                }
            }
        }
        copy(&fixture, dir.path());
        let site = site_in(dir.path());
        std::fs::remove_file(dir.path().join("content/indicators.yaml")).expect("remove");
        let found = Diagnostics::new();
        indicator_checks(&site, None, &found);
        let rounding: Vec<String> = found
            .into_sorted()
            .iter()
            .filter(|d| d.code.starts_with("check.rounding"))
            .map(|d| format!("{}:{:?}:{:?}", d.path, d.line, d.column))
            .collect();
        assert_eq!(rounding, ["content/indicators.yaml:Some(6):Some(13)"]);
    }

    /// The rounding warning writes its numbers as the message's language
    /// does (`1 234,46` in Finnish and Swedish, `1,234.46` in English),
    /// the value and the target with the decimals they were written with,
    /// the value as shown with the indicator's `decimals`.
    #[test]
    fn the_rounding_warning_writes_its_numbers_in_the_messages_language() {
        use crate::messages::{Lang, text};
        let found = checks_of_one_finnish_site(
            "osuus:\n  name: { fi: Osuus }\n  direction: higher\n  target: 1234.5\n  decimals: 1\n",
            "Mittari;Jakso;Arvo\nosuus;2025;1234,46\n",
        );
        let d = found
            .iter()
            .find(|d| d.code == "check.rounding_looks_met")
            .expect("a rounding warning");
        let said = |lang| text(lang, d.code, &d.args).expect("a text");
        let nb = '\u{a0}';
        let fi = said(Lang::Fi);
        assert!(
            fi.contains(&format!(
                "arvo 1{nb}234,46 (2025) näkyisi muodossa 1{nb}234,5 ja näyttäisi saavuttavan \
                 tavoitteen 1{nb}234,5,"
            )),
            "{fi}"
        );
        let sv = said(Lang::Sv);
        assert!(
            sv.contains(&format!(
                "värdet 1{nb}234,46 (2025) för \"osuus\" visas som 1{nb}234,5 och se ut att nå \
                 målet 1{nb}234,5 "
            )),
            "{sv}"
        );
        let en = said(Lang::En);
        assert!(
            en.contains(
                "the value 1,234.46 (2025) of \"osuus\" would show as 1,234.5 and read as \
                 meeting the target 1,234.5 "
            ),
            "{en}"
        );
        assert_eq!(
            d.message, en,
            "the English text is the diagnostic's message"
        );
    }

    /// The implausible value warnings write their numbers as the rounding
    /// warning does, in the message's language (`94 600`, `−100–1 000` in
    /// Finnish; `94,600`, `-100 to 1,000` in English): they wrote them as
    /// a program does (`94600`, `1000`, a value `6.5` in Finnish too).
    #[test]
    fn the_implausible_value_warnings_write_their_numbers_in_the_messages_language() {
        use crate::messages::{Lang, text};
        let found = checks_of_one_finnish_site(
            "osuus:\n  name: { fi: Osuus }\n  unit: \"%\"\n  direction: higher\n  target: 90\n\
             odotus:\n  name: { fi: Odotus }\n  unit: vrk\n  direction: lower\n  target: 7\n",
            "Mittari;Jakso;Arvo\nosuus;2025;94600,5\nodotus;2025;-6,5\n",
        );
        let said = |code: &str, lang| {
            let d = found
                .iter()
                .find(|d| d.code == code)
                .unwrap_or_else(|| panic!("no {code}: {found:?}"));
            text(lang, d.code, &d.args).expect("a text")
        };
        let (nb, minus) = ('\u{a0}', '\u{2212}');
        let range = "check.implausible_range";
        let fi = said(range, Lang::Fi);
        assert!(
            fi.contains(&format!(
                "arvo 94{nb}600,5 (2025) ei ole uskottava yksikölle \"%\" (odotettu \
                 {minus}100–1{nb}000)"
            )),
            "{fi}"
        );
        let sv = said(range, Lang::Sv);
        assert!(
            sv.contains(&format!(
                "värdet 94{nb}600,5 för \"osuus\" (2025) är inte trovärdigt för enheten \"%\" \
                 (väntat {minus}100–1{nb}000)"
            )),
            "{sv}"
        );
        let en = said(range, Lang::En);
        assert!(
            en.contains(
                "the value 94,600.5 of \"osuus\" (2025) is not plausible for the unit \"%\" \
                 (expected -100 to 1,000)"
            ),
            "{en}"
        );
        let min = "check.implausible_min";
        let fi = said(min, Lang::Fi);
        assert!(
            fi.contains(&format!("arvo {minus}6,5 (2025)")) && fi.contains("vähintään 0)"),
            "{fi}"
        );
        let en = said(min, Lang::En);
        assert!(en.contains("the value -6.5 of \"odotus\""), "{en}");
    }

    /// What the indicator checks find in a Finnish site of one page with
    /// `indicators` (its `indicators.yaml`) and `results` (its
    /// `results/2025.csv`), sorted.
    fn checks_of_one_finnish_site(indicators: &str, results: &str) -> Vec<Diagnostic> {
        let dir = tempfile::tempdir().expect("temp dir");
        let write = |rel: &str, text: &str| crate::site::write_content(dir.path(), rel, text);
        write(
            "site.yaml",
            "title: T\norganisation: O\nbase_url: https://x.example\nlanguages: [fi]\n",
        );
        write("_index.fi.md", "---\ntitle: Lupaus\n---\n");
        write("indicators.yaml", indicators);
        write("results/2025.csv", results);
        let found = Diagnostics::new();
        indicator_checks(&site_in(dir.path()), None, &found);
        found.into_sorted()
    }

    /// The site in `dir`, loaded and assembled as a build does.
    fn site_in(dir: &std::path::Path) -> crate::site::Site {
        let diags = Diagnostics::new();
        let content = crate::content::load_with(dir, Bodies::Keep, &diags).expect("content loads");
        let options = crate::site::Options {
            drafts: false,
            prefix: String::new(),
            keep_parsed: true,
        };
        crate::site::assemble(content, options, &diags)
    }

    /// Where the statement warnings are told in `site.yaml`, found from
    /// the text the model was read from: the file is removed before the
    /// checks run, and the places are those of the text.
    fn statement_places(site_yaml: &str) -> Vec<String> {
        let dir = tempfile::tempdir().expect("temp dir");
        let write = |rel: &str, text: &str| crate::site::write_content(dir.path(), rel, text);
        write("site.yaml", site_yaml);
        write("_index.fi.md", "---\ntitle: Lupaus\n---\n");
        let site = site_in(dir.path());
        std::fs::remove_file(dir.path().join(crate::config::PATH)).expect("remove");
        let found = Diagnostics::new();
        let today = NaiveDate::from_ymd_opt(2026, 12, 7).expect("a date");
        statement_checks(&site, today, &found);
        found
            .into_sorted()
            .iter()
            .map(|d| format!("{}:{:?}:{:?}:{}", d.path, d.line, d.column, d.code))
            .collect()
    }

    /// `check` places the accessibility statement's warnings from the
    /// `site.yaml` it loaded, not from a second read of the file (which
    /// could be another text after a save in the preview, or none).
    #[test]
    fn the_statement_warnings_are_placed_from_the_text_the_model_read() {
        const SITE: &str =
            "title: T\norganisation: O\nbase_url: https://x.example\nlanguages: [fi]\n";
        assert_eq!(
            statement_places(&format!(
                "{SITE}accessibility:\n  conformance: partial\n  assessed: 2024-05-01\n"
            )),
            ["content/site.yaml:Some(7):Some(13):check.assessed_old"]
        );
        assert_eq!(
            statement_places(&format!(
                "{SITE}accessibility: {{ assessed: 2024-05-01 }}\n"
            )),
            ["content/site.yaml:Some(5):Some(18):check.assessed_old"]
        );
        assert_eq!(
            statement_places(&format!("{SITE}accessibility:\n  conformance: full\n")),
            ["content/site.yaml:Some(5):Some(1):check.assessed_missing"]
        );
        assert_eq!(
            statement_places(SITE),
            ["content/site.yaml:None:None:check.assessed_missing"]
        );
    }

    #[test]
    fn kept_body_checks_follow_the_edited_file_only() {
        let dir = tempfile::tempdir().expect("temp dir");
        let vague: BTreeSet<String> = ["lue lisää".to_string()].into();
        let before = site(
            dir.path(),
            Bodies::Keep,
            "# Iso\n\n[Lue lisää](https://e.example)\n",
        );
        let i = before
            .files
            .iter()
            .position(|f| f.path.ends_with("a.fi.md"))
            .expect("the page's file");
        let kept = KeptBodyChecks::new(&before, vague.clone());
        let (f, o) = (&before.files[i], &before.outlines[i]);
        assert_eq!(codes(&kept.of(i, f, o)), codes(&body_checks(f, o, &vague)));
        assert_eq!(
            codes(&kept.of(i, f, o)),
            ["check.heading1", "check.link_vague"]
        );
        // The file edited: its findings are made again, the others kept.
        let after = site(dir.path(), Bodies::Keep, "## Pieni\n");
        let mut renewed = kept;
        let (f, o) = (&after.files[i], &after.outlines[i]);
        assert_eq!(codes(&renewed.of(i, f, o)).len(), 2, "kept until renewed");
        renewed.renew(&after, i);
        assert!(renewed.of(i, f, o).is_empty());
        // A file it never saw is checked on the spot.
        let j = after.files.len();
        assert_eq!(
            codes(&renewed.of(j, &before.files[i], &before.outlines[i])).len(),
            2
        );
    }

    #[test]
    fn the_built_in_vague_link_texts_have_what_writers_write() {
        let dir = tempfile::tempdir().expect("temp dir");
        let theme = crate::theme::load(dir.path(), "default", &Diagnostics::new())
            .expect("the built-in theme");
        let vague = theme_vague_texts(&theme, &["fi".into(), "sv".into()]);
        for text in [
            "täältä",
            "lisätietoja",
            "tästä",
            "mer information",
            "läs mer",
            "more information",
            "read more",
        ] {
            assert!(vague.contains(text), "{text}: {vague:?}");
        }
    }
}
