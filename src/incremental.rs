//! The preview's incremental rebuild: a site rendered once and kept, so that
//! saving one Markdown file re-renders only the pages that show it.
//!
//! A [`Session`] holds what the last full render was made from (the site
//! model, theme, templates, results: [`Prepared`]) and its [`Output`]. When
//! Markdown files are saved, [`Session::apply`] reads just those files again,
//! patches the site model ([`Site::replace_file`](crate::site::Site)), and
//! re-renders the pages that show them ([`Renderer::rerender`]): the page in
//! every language and, when its front matter changed, the listings that
//! show it, the data files and the feeds. Anything it cannot do exactly as a
//! full build would (a new, deleted or renamed file, a changed address or
//! heading, a problem in the file, an area's title that every page's
//! navigation shows, settings, indicators, results or the theme) is
//! refused with the reason, and the caller renders the whole site again
//! with [`Session::start`]. `tests/incremental.rs` checks that an applied
//! edit gives the same files as a full render.
//!
//! Two machine-readable files are left behind by [`Session::apply`]: the
//! search indexes, which read every page, and `data/promise.json`, which
//! lists every commitment. Nobody reads them while drafting, so
//! [`Session::refresh_deferred`] writes them later (the preview does when
//! the writer has paused for a second).

use std::collections::BTreeSet;
use std::sync::Arc;

use crate::build::{BuildOptions, Prepared, Rendered, render_prepared};
use crate::content;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::markdown;
use crate::output::Output;
use crate::publish;
use crate::render::Edit;

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
}

/// What [`Session::apply`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Applied {
    /// Pages rendered again.
    pub pages: usize,
}

impl Session {
    /// Renders the whole site (as [`render_prepared`]) and keeps it.
    pub fn start(opts: &BuildOptions) -> Result<(Session, Rendered), Vec<Diagnostic>> {
        let (rendered, prepared) = render_prepared(opts)?;
        let warned = rendered
            .warnings
            .iter()
            .chain(&rendered.checks)
            .map(|d| d.path.clone())
            .collect();
        let session = Session {
            opts: opts.clone(),
            prepared,
            // Cheap: the files' bytes are shared.
            output: Arc::new(rendered.output.clone()),
            pages: rendered.pages,
            warned,
            search_stale: false,
            data_stale: false,
        };
        Ok((session, rendered))
    }

    /// What `lupaus check` adds to a build's problems, on the site as it
    /// is now (after applied edits), for the preview's box.
    pub fn checks(&self) -> Vec<Diagnostic> {
        let diags = Diagnostics::new();
        crate::check::site_checks(
            &self.prepared.site,
            &self.opts.root,
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
        let mut steps = crate::build::Steps::new();
        let mut edited = Vec::new();
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
            self.prepared.listings.forget(&key);
            edited.push((key, edit, langs));
        }
        steps.done("apply: read and patch");
        let diags = Diagnostics::new();
        let mut out = Output::clone(&self.output);
        steps.done("apply: copy the output");
        let renderer = self.prepared.renderer();
        let mut pages = 0;
        let mut listed = false;
        let mut dated = false;
        for (key, edit, langs) in &edited {
            pages += renderer
                .rerender(key, *edit, langs, &mut out, &diags)
                .ok_or_else(|| format!("{key} is shown on every page"))?;
            listed |= *edit == Edit::Listed;
            dated |= self.prepared.site.page(key).is_some_and(|p| {
                self.prepared.site.files[p.default_file]
                    .front
                    .date
                    .is_some()
            });
        }
        steps.done("apply: render pages");
        if dated {
            publish::add_feeds(&renderer, &mut out, &diags);
        }
        steps.done("apply: feeds");
        if !diags.into_sorted().is_empty() {
            return Err("the edit has problems".into());
        }
        drop(renderer);
        self.output = Arc::new(out);
        self.search_stale = true;
        self.data_stale |= listed;
        Ok(Applied { pages })
    }

    /// Whether an applied edit left the search indexes or the data file
    /// behind.
    pub fn deferred(&self) -> bool {
        self.search_stale || self.data_stale
    }

    /// Writes the search indexes and `data/promise.json` when an edit left
    /// them behind. Returns whether it did.
    pub fn refresh_deferred(&mut self) -> bool {
        if !self.deferred() {
            return false;
        }
        // The served site holds the current output: patch a copy.
        let out = Arc::make_mut(&mut self.output);
        if self.data_stale {
            let p = &self.prepared;
            crate::data::export_promise(&p.site, &p.eval, out);
            self.data_stale = false;
        }
        if self.search_stale {
            let diags = Diagnostics::new();
            let renderer = self.prepared.renderer();
            publish::add_search(&renderer, out, &diags);
            self.search_stale = false;
        }
        true
    }
}
