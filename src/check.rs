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
pub use crate::review::{Untranslated, gaps, plausible_range, site_checks};

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
        site_checks(&site, None, &opts.root, today, &diags);
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
