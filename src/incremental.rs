//! The preview's incremental rebuild: a site rendered once and kept, so that
//! saving one Markdown file re-renders only the pages that show it.
//!
//! A [`Session`] holds what the last full render was made from (the site
//! model, theme, templates, results: [`Prepared`]) and its [`Output`]. When
//! Markdown files are saved, [`Session::apply`] reads just those files again,
//! patches the site model ([`Site::replace_file`](crate::site::Site)), and
//! re-renders the pages that read them (`Renderer::rerender`): every
//! render job records what it reads (`render::deps`), and the edited parts
//! (a page's body, or its front matter too, in the languages whose variant
//! changed) are looked up in that record: the page itself, the listings,
//! the document and changes pages, the feeds. Anything it cannot do exactly as a
//! full build would (a new, deleted or renamed file, a changed address or
//! heading, a problem in the file, an area's title that every page's
//! navigation shows, settings, indicators, results or the theme) is
//! refused with the reason, and the caller renders the whole site again
//! with [`Session::start`]. `tests/incremental.rs` checks that an applied
//! edit gives the same files as a full render.
//!
//! A changed template ([`Session::retemplate`]) renders again only the
//! pages whose template shows it (the template itself, and those that
//! extend, include or import it; a change to components or macros reaches
//! every page and is rendered in full).
//!
//! Two changes need no page rendered at all: a theme's stylesheet, which
//! [`Session::restyle`] bundles again and serves at the address every page
//! already links to, and a media file saved over an existing one, which the
//! output reads from where it is ([`Session::touch_copies`]).
//!
//! The long listings (the results overview, an indicator's page, the
//! document, the changes and news pages: [`JobId::lists_the_promise`])
//! are left behind by [`Session::apply`] too: a title edit reaches the
//! listings of the whole promise, which took most of the time before the
//! reload, while the writer looks at the page they edit. They are marked
//! stale ([`Session::stale`]) and rendered by [`Session::render_pending`]
//! when a browser asks for one of them (the preview renders before it
//! answers, so a stale page is never served) or the writer pauses
//! ([`Session::refresh_deferred`]), from everything edited since they
//! were last rendered.
//!
//! Two machine-readable files are left behind by [`Session::apply`]: the
//! search indexes, which read every page, and `data/promise.json`, which
//! lists every commitment. Nobody reads them while drafting, so
//! [`Session::refresh_deferred`] writes them later (the preview does when
//! the writer has paused for a second), and renders the results pages
//! again when the open-data sizes they name changed (an edit renders them
//! with the sizes kept from before).

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use crate::assets;
use crate::build::{BuildOptions, Prepared, Rendered, render_prepared};
use crate::content;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::markdown;
use crate::output::Output;
use crate::publish;
use crate::render::deps::{JobId, Read};
use crate::render::templates;
use crate::theme;

/// A rendered site kept for incremental rebuilds.
pub struct Session {
    opts: BuildOptions,
    prepared: Prepared,
    /// The site as it is now, shared with whoever serves it: an edit
    /// patches a copy and swaps it in.
    output: Arc<Output>,
    /// Number of HTML pages (an applied edit never changes it).
    pages: usize,
    /// Files the last full render warned about: an edit of one of them is
    /// rendered in full, so that the warnings are printed again, or not.
    warned: BTreeSet<String>,
    /// Whether the search indexes predate the last [`Session::apply`].
    search_stale: bool,
    /// Whether `data/promise.json` does.
    data_stale: bool,
    /// Listing pages that [`Session::apply`] left to render later, by
    /// job, with their output files.
    pending: BTreeMap<JobId, String>,
    /// What was edited since the pending pages were last rendered.
    pending_edited: BTreeSet<Read>,
    /// `check`'s findings in each body, made again for the edited files
    /// only.
    body_checks: crate::review::KeptBodyChecks,
}

/// What [`Session::apply`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Applied {
    /// Pages rendered again.
    pub pages: usize,
    /// Listing pages left to render when asked for (see
    /// [`Session::stale`]).
    pub deferred: usize,
    /// What `lupaus check` adds, on the edited site ([`Session::checks`],
    /// worked out while the pages were rendered).
    pub checks: Vec<Diagnostic>,
}

impl Session {
    /// Renders the whole site (as [`render_prepared`]) and keeps it.
    pub fn start(opts: &BuildOptions) -> Result<(Session, Rendered), Vec<Diagnostic>> {
        let (rendered, mut prepared) = render_prepared(opts)?;
        let warned = rendered
            .warnings
            .iter()
            .chain(&rendered.checks)
            .map(|d| d.path.clone())
            .collect();
        // Made by the first render for its box (`render_prepared` with
        // `preview`); made here only if that render did not.
        let body_checks = prepared.body_checks.take().unwrap_or_else(|| {
            let vague =
                crate::review::theme_vague_texts(&prepared.theme, &prepared.site.config.languages);
            crate::review::KeptBodyChecks::new(&prepared.site, vague)
        });
        let session = Session {
            body_checks,
            opts: opts.clone(),
            prepared,
            // Cheap: the files' bytes are shared.
            output: Arc::new(rendered.output.clone()),
            pages: rendered.pages,
            warned,
            search_stale: false,
            data_stale: false,
            pending: BTreeMap::new(),
            pending_edited: BTreeSet::new(),
        };
        Ok((session, rendered))
    }

    /// What `lupaus check` adds to a build's problems, on the site as it
    /// is now (after applied edits), for the preview's box.
    pub fn checks(&self) -> Vec<Diagnostic> {
        let diags = Diagnostics::new();
        crate::review::site_checks_with(
            &self.prepared.site,
            &|i, file, outline| self.body_checks.of(i, file, outline),
            Some(&self.prepared.eval.set),
            chrono::Local::now().date_naive(),
            &diags,
        );
        diags.into_sorted()
    }

    /// The site as it is now.
    pub fn output(&self) -> &Arc<Output> {
        &self.output
    }

    /// Number of HTML pages.
    pub fn pages(&self) -> usize {
        self.pages
    }

    /// Applies saved Markdown files (paths relative to the site root, with
    /// `/`), re-rendering what shows them. `Err` says why the edit needs a
    /// full render; the session must then be replaced by a new
    /// [`Session::start`], since it may be half-updated.
    pub fn apply(&mut self, paths: &BTreeSet<String>) -> Result<Applied, String> {
        if paths.is_empty() {
            return Err("nothing to apply".into());
        }
        let mut steps = crate::timings::Steps::new();
        // The parts of the site the edit changed (see `render::deps`).
        let mut edited = BTreeSet::new();
        let mut keys = Vec::new();
        for path in paths {
            if !path.ends_with(".md") {
                return Err(format!("{path} is not a Markdown page"));
            }
            if self.warned.contains(path) {
                return Err(format!("{path} had warnings"));
            }
            let site = &self.prepared.site;
            let index = site
                .file_index(path)
                .ok_or_else(|| format!("{path} is new or not a page"))?;
            let mut problems = Vec::new();
            let file = content::reload(&self.opts.root, &site.files[index], &mut problems)
                .filter(|_| problems.is_empty())
                .ok_or_else(|| format!("{path} cannot be read or has problems"))?;
            let parsed = markdown::parse(&file.body);
            let (key, edit, langs) = self
                .prepared
                .site
                .replace_file(index, file, parsed)
                .map_err(|why| format!("{path}: {why}"))?;
            self.body_checks.renew(&self.prepared.site, index);
            edited.extend(Read::edited(&key, edit, &langs));
            keys.push(key);
        }
        steps.done("apply: read and patch");
        self.prepared.listings.forget(&edited, &self.prepared.site);
        steps.done("apply: forget kept entries");
        let diags = Diagnostics::new();
        let mut out = Output::clone(&self.output);
        steps.done("apply: copy the output");
        let renderer = self.prepared.renderer();
        // Listing pages already pending are rendered later too, whatever
        // this edit changed.
        let pending = &self.pending;
        let this = &*self;
        let (rendered, checks) = rayon::join(
            || {
                renderer.rerender_deferring(
                    &edited,
                    &mut out,
                    &diags,
                    |job| job.lists_the_promise() || pending.contains_key(job),
                    // A page already pending has older edits to show.
                    |job| !pending.contains_key(job),
                )
            },
            || {
                let mut steps = crate::timings::Steps::new();
                let checks = this.checks();
                steps.done("apply: check's content checks, beside the pages");
                checks
            },
        );
        let (pages, deferred) =
            rendered.ok_or_else(|| format!("{} is shown on every page", keys.join(", ")))?;
        let deferred: Vec<(JobId, String)> = deferred
            .into_iter()
            .filter_map(|job| renderer.job_file(&job).map(|file| (job, file)))
            .collect();
        steps.done("apply: render pages, and check's content checks");
        if self.prepared.deps.readers(&edited).contains(&JobId::Feeds) {
            publish::add_feeds(&renderer, &mut out, &diags);
        }
        steps.done("apply: feeds");
        if !diags.into_sorted().is_empty() {
            return Err("the edit has problems".into());
        }
        drop(renderer);
        self.output = Arc::new(out);
        self.search_stale = true;
        // `data/promise.json` has every commitment's text too.
        self.data_stale = true;
        if !deferred.is_empty() || !self.pending.is_empty() {
            self.pending.extend(deferred);
            self.pending_edited.extend(edited);
        }
        Ok(Applied {
            pages,
            deferred: self.pending.len(),
            checks,
        })
    }

    /// How many long listing pages were spliced after edits rather than
    /// rendered again (see `render::splice`) since the session started.
    pub fn spliced(&self) -> usize {
        self.prepared.listings.spliced()
    }

    /// The output files of the listing pages that an applied edit left to
    /// render ([`Session::render_pending`] brings them up to date): the
    /// preview renders them before it serves one.
    pub fn stale(&self) -> BTreeSet<String> {
        self.pending.values().cloned().collect()
    }

    /// Renders the listing pages that applied edits left behind (see
    /// [`Session::stale`]). Returns how many pages were rendered; `Err`
    /// (a page that can no longer be rendered so, a problem) means: render
    /// in full.
    pub fn render_pending(&mut self) -> Result<usize, String> {
        if self.pending.is_empty() {
            return Ok(0);
        }
        let mut steps = crate::timings::Steps::new();
        let jobs: BTreeSet<JobId> = self.pending.keys().cloned().collect();
        let diags = Diagnostics::new();
        let renderer = self.prepared.renderer();
        // The served site holds the current output: patch a copy.
        let out = Arc::make_mut(&mut self.output);
        let n = renderer
            .render_jobs(&jobs, &self.pending_edited, out, &diags)
            .ok_or("a listing page's page is gone")?;
        drop(renderer);
        if !diags.into_sorted().is_empty() {
            return Err("a listing page has problems".into());
        }
        self.pending.clear();
        self.pending_edited.clear();
        steps.done("apply: render the pending listing pages");
        Ok(n)
    }

    /// Bundles the stylesheet again after only the theme's `css/` changed,
    /// without rendering a page. The new stylesheet is kept under the
    /// address every page already links to (`css/style.<hash>.css` of the
    /// last full render; the preview sends no caching headers), so that no
    /// page changes. Returns that address. `Err` (a stylesheet error, a
    /// theme that cannot be read) means: render in full, which reports it.
    pub fn restyle(&mut self) -> Result<String, String> {
        let diags = Diagnostics::new();
        let site = &self.prepared.site;
        let theme = theme::load(&self.opts.root, &site.config.theme, &diags)
            .ok_or("the theme cannot be read")?;
        let mut scratch = Output::new(false);
        let site_css = assets::brand_css(site.config.brand.as_ref());
        let fresh = assets::stylesheet(&theme, &site_css, self.opts.minify, &mut scratch, &diags)
            .ok_or("the stylesheet has errors")?;
        if diags.has_errors() {
            return Err("the stylesheet has errors".into());
        }
        let bytes = scratch
            .read(&fresh)
            .ok_or("the stylesheet was not written")?
            .into_owned();
        let href = self.prepared.stylesheet.clone();
        let key = href
            .strip_prefix(&site.options.prefix)
            .unwrap_or(&href)
            .trim_start_matches('/')
            .to_string();
        if !self.output.contains(&key) {
            return Err(format!("{key} is not in the output"));
        }
        Arc::make_mut(&mut self.output).add(key, bytes);
        self.prepared.theme = theme;
        Ok(href)
    }

    /// Renders again, after templates of the site's theme were saved
    /// (`paths` relative to the root), the pages whose template shows them
    /// ([`templates::dependents`]). Returns how many. `Err` (a template
    /// error, a new or deleted template, components or macros changed, the
    /// search page or `404.html` among them) means: render in full.
    pub fn retemplate(&mut self, paths: &BTreeSet<String>) -> Result<usize, String> {
        let theme_name = self.prepared.site.config.theme.clone();
        let folder = format!("themes/{theme_name}/templates/");
        let changed: BTreeSet<String> = paths
            .iter()
            .map(|p| {
                p.strip_prefix(&folder)
                    .map(str::to_string)
                    .ok_or_else(|| format!("{p} is not a template of the site's theme"))
            })
            .collect::<Result<_, _>>()?;
        if changed.is_empty() {
            return Err("nothing to apply".into());
        }
        let diags = Diagnostics::new();
        let theme =
            theme::load(&self.opts.root, &theme_name, &diags).ok_or("the theme cannot be read")?;
        let tera = templates::compile(&theme, &diags).ok_or("the templates have errors")?;
        if diags.has_errors() {
            return Err("the templates have errors".into());
        }
        let shown = templates::dependents(&theme, &changed)
            .ok_or("a changed template reaches every page")?;
        // Pages that publishing renders (the search page, 404.html).
        if shown.iter().any(|t| t == "search.html" || t == "404.html") {
            return Err("the search page or 404.html shows a changed template".into());
        }
        self.prepared.theme = theme;
        self.prepared.tera = tera;
        let mut out = Output::clone(&self.output);
        let diags = Diagnostics::new();
        let renderer = self.prepared.renderer();
        let n = renderer.render_where(&|t| shown.contains(t), &mut out, &diags);
        drop(renderer);
        if !diags.into_sorted().is_empty() {
            return Err("the changed templates have problems".into());
        }
        self.output = Arc::new(out);
        Ok(n)
    }

    /// Accepts saved media and theme files (paths relative to the root) that
    /// the output copies from where they are, and reads at each request: no
    /// page needs rendering again. A new or deleted file changes what
    /// pages may link to, and a theme's own static file is held in memory:
    /// `Err`, render in full.
    pub fn touch_copies(&self, paths: &BTreeSet<String>) -> Result<(), String> {
        if paths.is_empty() {
            return Err("nothing to apply".into());
        }
        for path in paths {
            let abs = self.opts.root.join(path);
            if !abs.is_file() {
                return Err(format!("{path} is new, deleted or not a file"));
            }
            let canon = abs.canonicalize().map_err(|e| format!("{path}: {e}"))?;
            let copied = self
                .output
                .copies
                .values()
                .any(|src| src.canonicalize().is_ok_and(|s| s == canon));
            if !copied {
                return Err(format!("{path} is not a file the output copies"));
            }
        }
        Ok(())
    }

    /// Whether an applied edit left the search indexes, the data file or
    /// listing pages behind.
    pub fn deferred(&self) -> bool {
        self.search_stale || self.data_stale || !self.pending.is_empty()
    }

    /// Renders the pending listing pages and writes the search indexes and
    /// `data/promise.json` when an edit left them behind. Returns whether
    /// it did. Listing pages that cannot be rendered so stay pending
    /// ([`Session::stale`]): the caller renders in full.
    pub fn refresh_deferred(&mut self) -> bool {
        if !self.deferred() {
            return false;
        }
        // The listing pages first (the results pages below read them).
        if self.render_pending().is_err() {
            return false;
        }
        // The served site holds the current output: patch a copy.
        let out = Arc::make_mut(&mut self.output);
        if self.data_stale {
            let p = &self.prepared;
            // The preview's output is in memory: adding cannot fail.
            let len = crate::data::export_promise(&p.site, &p.eval, out).unwrap_or_default();
            // The results pages name the files' sizes, which an edit kept
            // as they were: render those pages again if they changed.
            let sizes = BTreeSet::from([Read::DataSizes]);
            let shown = !p.deps.readers(&sizes).is_empty();
            if shown
                && p.listings
                    .renew_data_sizes(crate::data::sizes_with(&p.site, &p.eval, len))
            {
                let diags = Diagnostics::new();
                // Nothing that every page shares reads the sizes.
                let _ = p.renderer().rerender(&sizes, out, &diags);
            }
            self.data_stale = false;
        }
        if self.search_stale {
            let diags = Diagnostics::new();
            let renderer = self.prepared.renderer();
            publish::add_search(&renderer, None, out, &diags);
            self.search_stale = false;
        }
        true
    }
}
