//! `lupaus check`: everything `build` validates, plus what a writer can act
//! on before publishing.
//!
//! It loads the site once and renders it as a build would, writing nothing
//! and keeping no page ([`build::render_model`]), and runs
//! [`crate::review`]'s checks on that same model: the problems, the missing
//! translations and untranslated texts. Nothing is parsed twice.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::Serialize;

use crate::build::{self, BuildOptions, Model};
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
    let mut missing = BTreeMap::new();
    let mut untranslated = Vec::new();
    let mut pages = 0;
    let mut languages = Vec::new();
    let mut model = build::render_model(opts, today, &diags);
    // The content checks, as the preview shows them (see
    // `Model::take_checks`); only the hint about changed wording is
    // `check`'s own.
    if let Some(model) = &mut model {
        model.take_checks(today, &diags);
    }
    match model {
        // The content could not be loaded: its errors are all there is.
        None => {}
        Some(Model::Rendered(rendered, prepared)) => {
            // The rendered files' paths are not needed: let them go before
            // the changes are compared (a snapshot of the whole promise).
            let build::Rendered {
                missing: m,
                untranslated: u,
                languages: l,
                ..
            } = *rendered;
            let site = &prepared.site;
            languages = l;
            pages = site.pages.len();
            if let Some(previous) = &prepared.previous {
                change_checks(site, previous, &prepared.eval, &diags);
            }
            missing = m;
            untranslated = u;
        }
        // The theme could not be loaded (reported): the content was still
        // checked, without the theme's vague link texts.
        Some(Model::Loaded(site)) => {
            languages = site.config.languages.clone();
            pages = site.pages.len();
            (missing, untranslated) = gaps(&site);
        }
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
fn change_checks(
    site: &Site,
    previous: &crate::snapshot::Snapshot,
    eval: &results::Evaluation,
    diags: &Diagnostics,
) {
    let current = crate::snapshot::Snapshot::of(site, eval);
    for change in crate::changes::compare(previous, &current) {
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
                &*file.path,
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
