//! A build, as a short list of steps: load → assemble → render → write.
//!
//! The site model is loaded and assembled once per run ([`load_site`]) and
//! everything after it works on that one model. The entry points:
//!
//! | for | call | gives |
//! |---|---|---|
//! | `lupaus build` | [`build`] | the site written into a staging folder beside the target as pages are rendered, then swapped in atomically |
//! | `lupaus check` | [`render_model`] | the model, rendered as a build renders it but written nowhere (only the files' paths are kept), kept even when the render found errors, for the content checks |
//! | `lupaus serve` | [`render_prepared`] | the site in memory and what it was made from, for the preview's edits |
//! | tests | [`render_site`] | the site in memory |
//!
//! All of them load with [`load_site`] and render with the private
//! `render_loaded` (theme, results, templates, render); `build` checks
//! between the two that the output folder may be replaced, before anything
//! is rendered. HTML is minified on its way into the [`Output`], in a build
//! only.

use std::path::{Path, PathBuf};
use std::time::Instant;

use chrono::NaiveDate;

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

/// For tests: a build (not a preview) of the site at `root`.
#[cfg(test)]
pub(crate) fn build_options(root: &Path, drafts: bool, minify: bool) -> BuildOptions {
    BuildOptions {
        root: root.to_path_buf(),
        drafts,
        preview: false,
        minify,
    }
}

/// For tests: the bundled example site's root.
#[cfg(test)]
pub(crate) fn example_root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The path prefix of `base_url` (`https://x.fi/lupaus` → `/lupaus`).
pub fn url_prefix(base_url: &str) -> String {
    let after = base_url.split_once("://").map(|x| x.1).unwrap_or(base_url);
    match after.find('/') {
        Some(i) => after[i..].trim_end_matches('/').to_string(),
        None => String::new(),
    }
}

/// Loads and assembles the site model: the one load of a run, whatever
/// renders or checks it afterwards.
pub fn load_site(opts: &BuildOptions, diags: &Diagnostics) -> Option<Site> {
    load_site_keeping(opts, None, diags)
}

/// [`load_site`], the bodies kept open (parsed once, see
/// [`crate::markdown::KeptBody`]) in a temporary file unless this is a
/// preview (which keeps them parsed in memory): in `keep_in`, the folder a
/// build's output goes in, on its disk (the system's temporary folder may
/// be memory), else (`check`, which writes nothing) in the system's
/// temporary folder.
fn load_site_keeping(
    opts: &BuildOptions,
    keep_in: Option<&Path>,
    diags: &Diagnostics,
) -> Option<Site> {
    let mut steps = Steps::new();
    // A build lets go of each body and front matter text as it is read
    // (the starter-text check and `check`'s look at its headings and links
    // come first) and reads the body again where it renders it, the front
    // matter where a message needs its line; the preview keeps them.
    let vague = std::sync::OnceLock::new();
    let look = |f: &content::SourceFile, outline: &crate::markdown::Outline| content::Looked {
        notes: crate::starter::starters(f),
        checks: crate::review::body_checks(
            f,
            outline,
            vague.get_or_init(|| crate::review::site_vague_texts(&opts.root)),
        ),
    };
    let kept = (!opts.preview)
        .then(|| crate::stash::Stash::new(keep_in))
        .flatten()
        .map(std::sync::Arc::new);
    let bodies = if opts.preview {
        content::Bodies::Keep
    } else {
        content::Bodies::Release {
            look: &look,
            keep: kept.as_ref(),
        }
    };
    let content = content::load_with(&opts.root, bodies, diags)?;
    let prefix = if opts.preview {
        String::new()
    } else {
        url_prefix(&content.config.base_url)
    };
    let site_opts = site::Options {
        drafts: opts.drafts || opts.preview,
        prefix,
        keep_parsed: opts.preview,
    };
    let site = site::assemble(content, site_opts, diags);
    // The whole load; `content::load_with` tells its parts.
    steps.done("load and assemble");
    Some(site)
}

/// What a render leaves of the site model, for `check`: the rendered site
/// with the model and theme it was rendered from, or only the model when
/// the theme, its templates or the stylesheet could not be loaded (their
/// problems are reported; the content can still be checked).
pub enum Model {
    /// Rendered in full.
    Rendered(Box<Rendered>, Box<Prepared>),
    /// Loaded, not rendered.
    Loaded(Box<Site>),
}

impl Model {
    /// Adds what `lupaus check` adds to the render's problems (its content
    /// checks) to `diags`: those the render made ([`Rendered::checks`],
    /// taken from it), or, when the theme could not be loaded, those of
    /// the loaded model, without the theme's vague link texts.
    pub fn take_checks(&mut self, today: NaiveDate, diags: &Diagnostics) {
        match self {
            Model::Rendered(rendered, _) => diags.extend(std::mem::take(&mut rendered.checks)),
            Model::Loaded(site) => {
                crate::review::site_checks(site, &Default::default(), None, today, diags)
            }
        }
    }
}

/// Loads the site once and renders every file as a build would, keeping
/// only their paths ([`Output::discarding`]: `check` needs the problems a
/// render finds, not the pages, and holding them took the memory of the
/// whole site), and the model even when the render found errors (they are
/// in `diags`); `None` when the content could not be loaded at all.
/// `today` decides whether the accessibility assessment is old (see
/// [`Rendered::checks`]).
pub fn render_model(opts: &BuildOptions, today: NaiveDate, diags: &Diagnostics) -> Option<Model> {
    render_into(opts, Output::discarding(), today, diags)
}

/// Renders the whole site in memory. Errors are all the problems found.
pub fn render_site(opts: &BuildOptions) -> Result<Rendered, Vec<Diagnostic>> {
    render_prepared(opts).map(|(r, _)| r)
}

/// Whether HTML is minified: in a build unless `--no-minify`, never in a
/// preview, where readable source helps.
fn minify_html(opts: &BuildOptions) -> bool {
    opts.minify && !opts.preview
}

/// Renders the whole site in memory and keeps what the render was made
/// from, so that the preview can re-render single pages after an edit (see
/// [`crate::incremental`]).
pub fn render_prepared(opts: &BuildOptions) -> Result<(Rendered, Prepared), Vec<Diagnostic>> {
    let diags = Diagnostics::new();
    let today = chrono::Local::now().date_naive();
    let out = Output::new(minify_html(opts));
    let mut result = render_into(opts, out, today, &diags);
    // Failed: its problems with what `check` adds, as `check` lists them
    // (the preview's box counts what `check` counts); a render that
    // succeeds keeps them apart, in `Rendered::checks`.
    if diags.has_errors()
        && let Some(model) = &mut result
    {
        model.take_checks(today, &diags);
    }
    kept(result, diags)
}

/// A render's result with every problem it found: the rendered site
/// (its warnings with it) and what it was made from, or every problem
/// when one is an error or nothing could be rendered.
fn kept(
    result: Option<Model>,
    diags: Diagnostics,
) -> Result<(Rendered, Prepared), Vec<Diagnostic>> {
    let all = diags.into_sorted();
    match result {
        Some(Model::Rendered(r, p)) if !all.iter().any(Diagnostic::is_error) => Ok((
            Rendered {
                warnings: all,
                ..*r
            },
            *p,
        )),
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
    /// Each body's content checks, made by a preview's first render for
    /// its box and kept for the session's edits (none in a build, which
    /// checks each body as it reads it).
    pub body_checks: Option<crate::review::KeptBodyChecks>,
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
            data_sizes: Default::default(),
            document_sections: Default::default(),
            deps: self.preview.then_some(&self.deps),
            on_body: None,
            stash: None,
            minify_bodies: false,
            fragments: Default::default(),
            frames: Default::default(),
        }
    }
}

/// Starter text left in the site (see [`crate::starter`]): it stops a
/// build but not a preview, where a new site must show.
fn starter_text(site: &Site, opts: &BuildOptions, diags: &Diagnostics) {
    let severity = if opts.preview {
        crate::diagnostics::Severity::Warning
    } else {
        crate::diagnostics::Severity::Error
    };
    diags.extend(crate::starter::check(site, &opts.root, severity));
}

/// Loads the theme and results of the loaded `site` and writes the
/// stylesheet into `out`; the site comes back when the theme, its
/// templates or the stylesheet cannot be loaded.
fn prepare(
    mut site: Site,
    opts: &BuildOptions,
    out: &mut Output,
    diags: &Diagnostics,
) -> Result<Prepared, Box<Site>> {
    let mut steps = Steps::new();
    starter_text(&site, opts, diags);
    let Some(theme) = theme::load(&opts.root, &site.config.theme, diags) else {
        return Err(Box::new(site));
    };
    let i18n = i18n::load(&theme, &site.config.languages, diags);
    let Some(tera) = templates::compile(&theme, diags) else {
        return Err(Box::new(site));
    };
    let set = results::load(&site.results_files, &site.indicators, diags);
    let previous = crate::changes::load(&opts.root, &site.config, diags);
    let site_css = assets::brand_css(site.config.brand.as_ref());
    let Some(css) = assets::stylesheet(&theme, &site_css, opts.minify, out, diags) else {
        // With its results files, for check's content checks.
        return Err(Box::new(site));
    };
    // The files' bytes are not needed once read: a long series is held
    // parsed only.
    drop(std::mem::take(&mut site.results_files));
    let eval = results::evaluate(&site, set);
    steps.done("theme, results, stylesheet");
    Ok(Prepared {
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
        body_checks: None,
    })
}

/// Loads the site and renders it into `out`.
fn render_into(
    opts: &BuildOptions,
    out: Output,
    today: NaiveDate,
    diags: &Diagnostics,
) -> Option<Model> {
    let site = load_site(opts, diags)?;
    render_loaded(opts, site, out, today, diags)
}

/// Renders the loaded `site` into `out` (see [`render_into`]).
fn render_loaded(
    opts: &BuildOptions,
    site: Site,
    mut out: Output,
    today: NaiveDate,
    diags: &Diagnostics,
) -> Option<Model> {
    if !opts.preview {
        // What reading the files took and no longer needs.
        crate::memory::release_freed_everywhere();
    }
    let mut prepared = match prepare(site, opts, &mut out, diags) {
        Ok(p) => p,
        Err(site) => return Some(Model::Loaded(site)),
    };
    let mut steps = Steps::new();
    // A build's search index takes each page's words as the page is
    // rendered; the preview's reads them when it makes the index.
    let collector = (!opts.preview)
        .then(|| crate::publish::search::Collector::new(&prepared.site, out.scratch_dir()));
    let add_words = |page: &site::Page, v: &site::Variant, text: &crate::markdown::PlainText| {
        if let Some(c) = &collector {
            c.add_page(&prepared.site, page, v, text);
        }
    };
    // The document pages take the bodies' HTML from the content pages.
    let stash = (!opts.preview)
        .then(|| crate::render::Stash::new(out.scratch_dir()))
        .flatten();
    let mut renderer = prepared.renderer();
    if collector.is_some() {
        renderer.on_body = Some(&add_words);
    }
    renderer.stash = stash.as_ref();
    renderer.minify_bodies = out.minifies_html();
    // The promise's open data first: the results pages name its size, so
    // the file is counted as it is written instead of made twice.
    match crate::data::export_promise(&prepared.site, &prepared.eval, &mut out) {
        Ok(len) => {
            renderer.know_data_sizes(crate::data::sizes_with(&prepared.site, &prepared.eval, len))
        }
        Err(d) => diags.push(d),
    }
    steps.done("promise data");
    renderer.render_all(&mut out, diags);
    steps.done("render pages");
    crate::publish::add(&renderer, collector.as_ref(), &mut out, diags);
    steps.done("publish");
    if let Err(d) = crate::data::export_results(&prepared.site, &prepared.eval, &mut out) {
        diags.push(d);
    }
    assets::copy_static(&prepared.theme, &prepared.site.media, &mut out);
    steps.done("data and static files");
    diags.extend(prepared.site.changed_during_build());
    drop(renderer);
    let pages = out.paths().filter(|k| k.ends_with(".html")).count();
    let languages = prepared.site.config.languages.clone();
    // What `check` would add, from the same model: the preview shows it,
    // a build counts it.
    let checks = Diagnostics::new();
    let vague = crate::review::theme_vague_texts(&prepared.theme, &prepared.site.config.languages);
    // The preview keeps each body's findings for its edits: made once
    // here, not again when the session starts.
    let kept = opts
        .preview
        .then(|| crate::review::KeptBodyChecks::new(&prepared.site, vague.clone()));
    let body = |i: usize, file: &crate::content::SourceFile, outline: &crate::markdown::Outline| {
        match &kept {
            Some(k) => k.of(i, file, outline),
            None => crate::review::body_checks(file, outline, &vague),
        }
    };
    crate::review::site_checks_with(
        &prepared.site,
        &body,
        Some(&prepared.eval.set),
        today,
        &checks,
    );
    prepared.body_checks = kept;
    let checks = checks.into_sorted();
    steps.done("content checks");
    let (missing, untranslated) = crate::review::gaps(&prepared.site);
    steps.done("translation gaps");
    Some(Model::Rendered(
        Box::new(Rendered {
            output: out,
            warnings: Vec::new(),
            checks,
            missing,
            untranslated,
            pages,
            languages,
        }),
        Box::new(prepared),
    ))
}

/// Builds the site and writes it to `out_dir` atomically: pages go to a
/// staging folder beside it as they are rendered, and the staging folder
/// replaces `out_dir` only when everything succeeded (it is deleted
/// otherwise). An `out_dir` that is not a build's to replace (the site's
/// own folders, a file, a folder of other files) is refused before anything
/// is rendered: the refusal comes with what loading the content finds (its
/// files, addresses, starter text), not with template or results problems,
/// which need a render that could write nowhere (`lupaus check` finds them
/// all and writes nothing).
pub fn build(
    opts: &BuildOptions,
    out_dir: &Path,
) -> Result<(Rendered, std::time::Duration), Vec<Diagnostic>> {
    let start = Instant::now();
    let diags = Diagnostics::new();
    // The output folder is made ready (a kept output read through, see
    // `Staging::beside`) while the site loads.
    let (staging, site) = std::thread::scope(|scope| {
        let staging = scope.spawn(|| {
            let mut steps = Steps::new();
            let staging = output::check_site_folders(out_dir, &opts.root)
                .and_then(|()| Staging::beside(out_dir));
            steps.done("output folder (beside the load)");
            staging
        });
        // The bodies are kept beside the staging folder (see
        // `load_site_keeping`).
        let keep_in = output::folder_of(out_dir);
        let site = load_site_keeping(opts, Some(keep_in), &diags);
        (staging.join(), site)
    });
    let staging = match staging {
        Ok(Ok(staging)) => staging,
        Ok(Err(d)) => {
            // Refused: with what loading the content found.
            if let Some(site) = &site {
                starter_text(site, opts, &diags);
            }
            let mut all = diags.into_sorted();
            all.push(d);
            return Err(all);
        }
        Err(panic) => std::panic::resume_unwind(panic),
    };
    let Some(site) = site else {
        return Err(diags.into_sorted());
    };
    let out = staging.output(minify_html(opts));
    let today = chrono::Local::now().date_naive();
    let result = render_loaded(opts, site, out, today, &diags);
    let (rendered, _) = kept(result, diags)?;
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
    fn a_load_outside_the_preview_keeps_the_bodies_open_to_render_them_unparsed() {
        // `check` loads with no output folder: its bodies are kept in the
        // system's temporary folder, so its render fills them instead of
        // parsing each body a second time.
        let diags = Diagnostics::new();
        let opts = build_options(example_root(), false, false);
        let site = load_site(&opts, &diags).expect("the example loads");
        let released: Vec<_> = site
            .files
            .iter()
            .filter_map(|f| f.released.as_ref())
            .collect();
        assert_eq!(released.len(), site.files.len(), "every body is released");
        let open = released.iter().filter(|r| r.kept.is_some()).count();
        assert_eq!(open, released.len(), "every body is kept open");
    }

    #[test]
    fn prefix_from_base_url() {
        assert_eq!(url_prefix("https://x.fi"), "");
        assert_eq!(url_prefix("https://x.fi/lupaus/"), "/lupaus");
    }
}
