//! `lupaus check`: everything `build` validates, plus what a writer can act
//! on before publishing.
//!
//! It renders the site as a build would (build errors come from
//! [`build::render_site`]) and adds [`crate::review`]'s checks on the site
//! model: the problems, the missing translations and untranslated texts.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::Serialize;

use crate::build::{self, BuildOptions};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::results;
pub use crate::review::{Untranslated, gaps, plausible_range, site_checks};
use crate::site::Site;

/// What `check` found.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// Number of errors.
    pub errors: usize,
    /// Number of warnings.
    pub warnings: usize,
    /// Every problem, sorted by file and line.
    pub diagnostics: Vec<Diagnostic>,
    /// The site's languages, default first.
    pub languages: Vec<String>,
    /// Per language, the content paths (`areas/x/y.md`) that have no file in
    /// that language and are shown in the default language.
    pub missing_translations: BTreeMap<String, Vec<String>>,
    /// Texts shown in the default language inside translated pages.
    pub untranslated: Vec<Untranslated>,
    /// Pages published (in any language).
    pub pages: usize,
}

/// Runs every check on the site at `opts.root`; `today` decides whether the
/// accessibility assessment is more than a year old.
pub fn check(opts: &BuildOptions, today: NaiveDate) -> Report {
    let diags = Diagnostics::new();
    match build::render_site(opts) {
        Ok(rendered) => diags.extend(rendered.warnings),
        Err(problems) => diags.extend(problems),
    }
    let mut missing = BTreeMap::new();
    let mut untranslated = Vec::new();
    let mut pages = 0;
    let mut languages = Vec::new();
    // The model is loaded again for the content checks; its own problems are
    // the same as the build's and are deduplicated below.
    let quiet = Diagnostics::new();
    if let Some(site) = build::load_site(opts, &quiet) {
        languages = site.config.languages.clone();
        pages = site.pages.len();
        // The vague link texts are the theme's (`vague_link_texts` in each
        // language's i18n file), English's included.
        let mut with_en = languages.clone();
        if !with_en.iter().any(|l| l == "en") {
            with_en.push("en".into());
        }
        let vague = crate::theme::load(&opts.root, &site.config.theme, &quiet)
            .map(|theme| crate::i18n::load(&theme, &with_en, &quiet))
            .map(|i18n| crate::review::vague_texts(&i18n, &languages))
            .unwrap_or_default();
        site_checks(&site, &vague, None, &opts.root, today, &diags);
        change_checks(&site, &opts.root, &diags);
        let (m, u) = gaps(&site);
        missing = m;
        untranslated = u;
    }
    let diagnostics = diags.into_sorted();
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    Report {
        errors,
        warnings: diagnostics.len() - errors,
        diagnostics,
        languages,
        missing_translations: missing,
        untranslated,
        pages,
    }
}

/// With `previous`: commitments whose wording changed while their
/// indicators and targets did not, as a hint (a resident may expect a
/// changed promise to be followed up differently).
fn change_checks(site: &Site, root: &std::path::Path, diags: &Diagnostics) {
    // The file's own problems are the build's errors, reported above.
    let quiet = Diagnostics::new();
    let Some(previous) = crate::changes::load(root, &site.config, &quiet) else {
        return;
    };
    let set = results::load(&site.results_files, &site.indicators, &quiet);
    let current = crate::snapshot::Snapshot::of(site, &results::evaluate(site, set));
    for change in crate::changes::compare(&previous, &current) {
        if !change.reworded_only() {
            continue;
        }
        let Some(page) = site.page(&format!("areas/{}.md", change.id)) else {
            continue;
        };
        let file = &site.files[page.default_file];
        let langs: Vec<&str> = change.wording.keys().map(String::as_str).collect();
        diags.push(
            Diagnostic::warn(
                &file.path,
                "check.reworded",
                vec![
                    (
                        "previous",
                        site.config
                            .previous
                            .as_deref()
                            .unwrap_or("previous")
                            .to_string(),
                    ),
                    ("languages", langs.join(", ")),
                ],
            )
            .at_opt(file.locate(&["title"]).or(Some((1, 1)))),
        );
    }
}
