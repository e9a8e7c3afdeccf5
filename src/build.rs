//! A build, as a short list of steps: load → assemble → render → write.
//!
//! [`render_site`] does everything in memory and is shared by `build`,
//! `check` and `serve`, so they cannot drift apart; [`build`] runs the same
//! steps into an [`Output`] that streams pages into a staging folder beside
//! the target as they are rendered, then swaps it in atomically. HTML is
//! minified on its way into the [`Output`], in a build only.

use std::path::{Path, PathBuf};
use std::time::Instant;

use crate::assets;
use crate::content;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::i18n;
use crate::output::{self, Output, Staging};
use crate::render::{Renderer, templates};
use crate::results;
use crate::site::{self, Site};
use crate::theme;
use crate::timings::Steps;

/// How to build.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// The site root (holds `content/`).
    pub root: PathBuf,
    /// Publish drafts.
    pub drafts: bool,
    /// Preview mode (drafts, no minification, reload script).
    pub preview: bool,
    /// Minify HTML and CSS.
    pub minify: bool,
}

/// What a successful render produced.
#[derive(Debug)]
pub struct Rendered {
    /// Every output file.
    pub output: Output,
    /// Warnings.
    pub warnings: Vec<Diagnostic>,
    /// What `lupaus check` adds (content checks such as missing alt text):
    /// shown in the preview's box and counted at the end of a build, never
    /// stopping either.
    pub checks: Vec<Diagnostic>,
    /// Per language, the pages shown in the default language (see
    /// [`crate::review::gaps`]).
    pub missing: std::collections::BTreeMap<String, Vec<String>>,
    /// Texts shown in the default language inside translations.
    pub untranslated: Vec<crate::review::Untranslated>,
    /// Number of HTML pages.
    pub pages: usize,
    /// Languages.
    pub languages: Vec<String>,
}

/// The path prefix of `base_url` (`https://x.fi/lupaus` → `/lupaus`).
pub fn url_prefix(base_url: &str) -> String {
    let after = base_url.split_once("://").map(|x| x.1).unwrap_or(base_url);
    match after.find('/') {
        Some(i) => after[i..].trim_end_matches('/').to_string(),
        None => String::new(),
    }
}

/// Loads and assembles the site model (used by `render_site` and `check`).
pub fn load_site(opts: &BuildOptions, diags: &Diagnostics) -> Option<Site> {
    let content = content::load(&opts.root, diags)?;
    let prefix = if opts.preview {
        String::new()
    } else {
        url_prefix(&content.config.base_url)
    };
    let site_opts = site::Options {
        drafts: opts.drafts || opts.preview,
        prefix,
    };
    Some(site::assemble(content, site_opts, diags))
}

/// Renders the whole site in memory. Errors are all the problems found.
pub fn render_site(opts: &BuildOptions) -> Result<Rendered, Vec<Diagnostic>> {
    render_to(opts, Output::new(minify_html(opts)))
}

/// Whether HTML is minified: in a build unless `--no-minify`, never in a
/// preview, where readable source helps.
fn minify_html(opts: &BuildOptions) -> bool {
    opts.minify && !opts.preview
}

/// Renders the whole site into `out`. Errors are all the problems found.
fn render_to(opts: &BuildOptions, out: Output) -> Result<Rendered, Vec<Diagnostic>> {
    render_kept(opts, out).map(|(r, _)| r)
}

/// Renders the whole site in memory and keeps what the render was made
/// from, so that the preview can re-render single pages after an edit (see
/// [`crate::incremental`]).
pub fn render_prepared(opts: &BuildOptions) -> Result<(Rendered, Prepared), Vec<Diagnostic>> {
    render_kept(opts, Output::new(minify_html(opts)))
}

fn render_kept(opts: &BuildOptions, out: Output) -> Result<(Rendered, Prepared), Vec<Diagnostic>> {
    let diags = Diagnostics::new();
    let result = render_into(opts, out, &diags);
    let all = diags.into_sorted();
    match result {
        Some((r, p)) if !all.iter().any(Diagnostic::is_error) => {
            Ok((Rendered { warnings: all, ..r }, p))
        }
        _ => Err(all),
    }
}

/// Everything a render is made from, loaded and compiled once: the site
/// model, the theme with its compiled templates and strings, the results and
/// the stylesheet's URL. A [`Renderer`] borrows it.
pub struct Prepared {
    /// The site model.
    pub site: Site,
    /// The theme.
    pub theme: theme::Theme,
    /// Its compiled templates.
    pub tera: tera::Tera,
    /// Its interface strings.
    pub i18n: i18n::I18n,
    /// What the results say.
    pub eval: results::Evaluation,
    /// URL of the stylesheet.
    pub stylesheet: String,
    /// Whether this is a preview.
    pub preview: bool,
    /// Listing entries kept between renders, in a preview.
    pub listings: crate::render::Listings,
    /// What every page of a language shares, built on first use.
    pub shared: crate::render::Shared,
    /// What each render job read, recorded in a preview.
    pub deps: crate::render::deps::Deps,
    /// The version this one replaces (`previous` in `site.yaml`).
    pub previous: Option<crate::snapshot::Snapshot>,
}

impl Prepared {
    /// A renderer of this site.
    pub fn renderer(&self) -> Renderer<'_> {
        Renderer {
            site: &self.site,
            tera: &self.tera,
            i18n: &self.i18n,
            theme: &self.theme,
            stylesheet: self.stylesheet.clone(),
            preview: self.preview,
            eval: &self.eval,
            shared: &self.shared,
            listings: self.preview.then_some(&self.listings),
            previous: self.previous.as_ref(),
            changes: Default::default(),
            deps: self.preview.then_some(&self.deps),
        }
    }
}

/// Loads the site, theme and results, and writes the stylesheet into `out`.
fn prepare(opts: &BuildOptions, out: &mut Output, diags: &Diagnostics) -> Option<Prepared> {
    let mut steps = Steps::new();
    let mut site = load_site(opts, diags)?;
    // Starter text stops a build but not a preview, where a new site must show.
    let severity = if opts.preview {
        crate::diagnostics::Severity::Warning
    } else {
        crate::diagnostics::Severity::Error
    };
    diags.extend(crate::template::check(&site, &opts.root, severity));
    steps.done("load and assemble");
    let theme = theme::load(&opts.root, &site.config.theme, diags)?;
    let i18n = i18n::load(&theme, &site.config.languages, diags);
    let tera = templates::compile(&theme, diags)?;
    // The files' bytes are not needed once read: a long series is held
    // parsed only.
    let results_files = std::mem::take(&mut site.results_files);
    let set = results::load(&results_files, &site.indicators, diags);
    drop(results_files);
    let eval = results::evaluate(&site, set);
    let previous = crate::changes::load(&opts.root, &site.config, diags);
    let site_css = assets::brand_css(site.config.brand.as_ref());
    let css = assets::stylesheet(&theme, &site_css, opts.minify, out, diags)?;
    steps.done("theme, results, stylesheet");
    Some(Prepared {
        stylesheet: format!("{}/{css}", site.options.prefix),
        site,
        theme,
        tera,
        i18n,
        eval,
        preview: opts.preview,
        listings: Default::default(),
        shared: Default::default(),
        deps: Default::default(),
        previous,
    })
}

fn render_into(
    opts: &BuildOptions,
    mut out: Output,
    diags: &Diagnostics,
) -> Option<(Rendered, Prepared)> {
    let prepared = prepare(opts, &mut out, diags)?;
    let mut steps = Steps::new();
    let renderer = prepared.renderer();
    renderer.render_all(&mut out, diags);
    steps.done("render pages");
    crate::publish::add(&renderer, &mut out, diags);
    steps.done("publish");
    if let Err(d) = crate::data::export(&prepared.site, &prepared.eval, &mut out) {
        diags.push(d);
    }
    assets::copy_static(&prepared.theme, &prepared.site.media, &mut out);
    steps.done("data and static files");
    drop(renderer);
    let pages = out.paths().filter(|k| k.ends_with(".html")).count();
    let languages = prepared.site.config.languages.clone();
    // What `check` would add, from the same model: the preview shows it,
    // a build counts it.
    let checks = Diagnostics::new();
    crate::review::site_checks(
        &prepared.site,
        &crate::review::theme_vague_texts(&prepared.theme, &prepared.site.config.languages),
        Some(&prepared.eval.set),
        &opts.root,
        chrono::Local::now().date_naive(),
        &checks,
    );
    let checks = checks.into_sorted();
    let (missing, untranslated) = crate::review::gaps(&prepared.site);
    Some((
        Rendered {
            output: out,
            warnings: Vec::new(),
            checks,
            missing,
            untranslated,
            pages,
            languages,
        },
        prepared,
    ))
}

/// Builds the site and writes it to `out_dir` atomically: pages go to a
/// staging folder beside it as they are rendered, and the staging folder
/// replaces `out_dir` only when everything succeeded (it is deleted
/// otherwise). An `out_dir` that is not a build's to replace (the site's
/// own folders, a file, a folder of other files) is refused first.
pub fn build(
    opts: &BuildOptions,
    out_dir: &Path,
) -> Result<(Rendered, std::time::Duration), Vec<Diagnostic>> {
    let start = Instant::now();
    let staging = match output::check_site_folders(out_dir, &opts.root)
        .and_then(|()| Staging::beside(out_dir))
    {
        Ok(s) => s,
        Err(d) => {
            // Report the site's own problems too, as a build that could write would.
            let mut all = match render_site(opts) {
                Ok(r) => r.warnings,
                Err(ds) => ds,
            };
            all.push(d);
            return Err(all);
        }
    };
    let rendered = render_to(opts, staging.output(minify_html(opts)))?;
    let mut steps = Steps::new();
    staging.commit(&rendered.output).map_err(|d| {
        let mut all = rendered.warnings.clone();
        all.push(d);
        all
    })?;
    steps.done("write and swap");
    Ok((rendered, start.elapsed()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefix_from_base_url() {
        assert_eq!(url_prefix("https://x.fi"), "");
        assert_eq!(url_prefix("https://x.fi/lupaus/"), "/lupaus");
    }
}
