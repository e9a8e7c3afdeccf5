//! Which pages are rendered, and rendering them in parallel: every page
//! ([`Renderer::render_all`]), those whose template changed
//! ([`Renderer::render_where`]), those that read an edited page
//! ([`Renderer::rerender`], from the reads recorded in [`super::deps`]), and the root redirect. Problems are collected
//! in page order, each template error once.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Mutex;

use rayon::prelude::*;
use tera::Context;

use super::context::Marked;
use super::context::generated::{Redirect, RedirectLanguage};
use super::templates;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::output::Output;
use crate::site::{Route, Site};

use super::deps::{JobId, Read};
use super::{Done, Job, Keep, Made, Rendered, Renderer, Work};

impl<'s> Work<'s> {
    /// The work that renders a generated page of the route table in
    /// `lang`; none for a route that is not a rendered page of its own.
    fn of(site: &'s Site, route: Route<'s>, lang: &'s str) -> Option<Work<'s>> {
        Some(match route {
            Route::Accessibility => Work::Accessibility(lang),
            Route::News => Work::News(lang),
            Route::Changes => Work::Changes(lang),
            Route::Document => Work::Document(lang),
            Route::Results => Work::Results(lang),
            Route::Indicator(id) => Work::Indicator(site.indicators.get(id)?, lang),
            _ => return None,
        })
    }

    /// Whether this page costs far more than a content page: the document
    /// page holds every commitment's text, the results pages list every
    /// commitment, an indicator's page every commitment it follows.
    /// [`Renderer::render_list`] starts these first, so that the threads
    /// do not wait for one of them at the end, and so that their large
    /// contexts are made and dropped while the search index is still
    /// small (at 50,000 pages an indicator's listing was 33 MB at the
    /// build's peak).
    fn is_long(&self) -> bool {
        matches!(
            self,
            Work::Document(_) | Work::Results(_) | Work::Changes(_) | Work::Indicator(..)
        )
    }
}

impl Renderer<'_> {
    /// Renders every page into `out`; problems go to `diags`.
    ///
    /// Each page's context is built, rendered and handed to `out` in one
    /// parallel step, so contexts are never all held at once and `out` may
    /// write each page as soon as it is ready.
    pub fn render_all(&self, out: &mut Output, diags: &Diagnostics) {
        self.render_where(&|_| true, out, diags);
    }

    /// Renders the pages whose template `keep` picks (every page's
    /// context is built, so the choice is made by the template the page
    /// really uses); returns how many. The preview uses it after a template
    /// changed (see [`templates::dependents`]).
    pub fn render_where(&self, keep: &Keep<'_>, out: &mut Output, diags: &Diagnostics) -> usize {
        let site = self.site;
        let mut work: Vec<Work<'_>> = site
            .pages
            .iter()
            .flat_map(|p| p.variants.iter().map(move |v| Work::Page(p, v)))
            .collect();
        // The generated pages are the route table's; each job says itself
        // whether its page is published.
        let routes = Route::language_pages(site);
        for lang in &site.config.languages {
            work.extend(routes.iter().filter_map(|r| Work::of(site, *r, lang)));
        }
        let mut n = self.render_list(work, keep, out, diags);
        // Not a template's: the same bytes whichever pages are rendered.
        self.add_document_css(out);
        if keep("redirect.html") {
            match self.root_redirect() {
                Ok(html) => out.add(Route::Redirect.file(site, ""), html),
                Err(d) => diags.push(d),
            }
            n += 1;
        }
        n
    }

    /// Re-renders into `out` the pages whose recorded reads (see
    /// [`super::deps`]) include a part of the site in `edited`: after an edit of
    /// a page's file, its front matter and body in the languages whose
    /// variant changed ([`Read::edited`]). Returns how many pages were
    /// rendered, or `None` when what every page shares (the navigation)
    /// read an edited part, or nothing was recorded: then render
    /// everything. Each job rendered again records its reads anew.
    ///
    /// Nothing here knows which context shows which page: a context
    /// builder that starts showing another page's field records it as it
    /// reads it. `tests/incremental.rs` and `tests/incremental_random.rs`
    /// compare the result with a full render.
    pub fn rerender(
        &self,
        edited: &BTreeSet<Read>,
        out: &mut Output,
        diags: &Diagnostics,
    ) -> Option<usize> {
        let (n, _) = self.rerender_deferring(edited, out, diags, |_| false, |_| false)?;
        Some(n)
    }

    /// As [`Renderer::rerender`], but the jobs that `defer` picks are not
    /// rendered: they are returned, for [`Renderer::render_jobs`] later
    /// (the preview renders the long listings when a browser asks for
    /// them or the writer pauses), unless `splice_now` picks them and a
    /// splice brings them up to date now (an edit of titles and bodies
    /// only). Returns how many pages were rendered or spliced and the
    /// deferred jobs.
    pub fn rerender_deferring(
        &self,
        edited: &BTreeSet<Read>,
        out: &mut Output,
        diags: &Diagnostics,
        defer: impl Fn(&JobId) -> bool,
        splice_now: impl Fn(&JobId) -> bool + Sync,
    ) -> Option<(usize, BTreeSet<JobId>)> {
        let mut jobs = self.deps?.readers(edited);
        if jobs.contains(&JobId::Shared) {
            return None;
        }
        let mut deferred: BTreeSet<JobId> = jobs.iter().filter(|j| defer(j)).cloned().collect();
        jobs.retain(|j| !deferred.contains(j));
        // A deferred page that `splice_now` picks and that a splice brings
        // up to date (`splice`) is spliced now, beside the other pages: it
        // costs little, and then it is up to date by the reload.
        let (n, spliced) = rayon::join(
            || self.render_jobs(&jobs, edited, out, diags),
            || self.splice_all(deferred.par_iter().filter(|j| splice_now(j)), edited),
        );
        let mut n = n?;
        let mut done = Vec::new();
        for (job, (path, page)) in spliced {
            out.add_shared(path, page);
            done.push(job.clone());
        }
        n += done.len();
        deferred.retain(|j| !done.contains(j));
        Some((n, deferred))
    }

    /// Renders `jobs` into `out` after an edit of `edited` (everything
    /// edited since they were last rendered): the long listings are
    /// spliced when only bodies and titles in their slots changed
    /// (`splice`). Returns how many pages
    /// were rendered, or `None` when a job's page is gone (render
    /// everything). [`JobId::Feeds`] and [`JobId::Shared`] are the
    /// caller's.
    pub fn render_jobs(
        &self,
        jobs: &BTreeSet<JobId>,
        edited: &BTreeSet<Read>,
        out: &mut Output,
        diags: &Diagnostics,
    ) -> Option<usize> {
        let site = self.site;
        let mut work: Vec<Work<'_>> = Vec::new();
        let mut css = false;
        let mut done = BTreeSet::new();
        for (job, (path, page)) in self.splice_all(jobs.par_iter(), edited) {
            out.add_shared(path, page);
            done.insert(job);
        }
        for job in jobs.iter().filter(|j| !done.contains(j)) {
            match job {
                JobId::Page(key, lang) => {
                    let page = site.page(key)?;
                    let v = page.variants.iter().find(|v| *v.lang == **lang)?;
                    work.push(Work::Page(page, v));
                }
                JobId::Accessibility(l) => work.push(Work::Accessibility(l)),
                JobId::News(l) => work.push(Work::News(l)),
                JobId::Results(l) => work.push(Work::Results(l)),
                JobId::Indicator(id, l) => work.push(Work::Indicator(site.indicators.get(id)?, l)),
                JobId::Changes(l) => work.push(Work::Changes(l)),
                JobId::Document(l) => work.push(Work::Document(l)),
                JobId::DocumentCss => css = true,
                // The caller's (`publish` renders them); see above.
                JobId::Feeds | JobId::Shared => {}
            }
        }
        let n = self.render_list(work, &|_| true, out, diags);
        if css {
            self.add_document_css(out);
        }
        Some(n + done.len())
    }

    /// The output file of a generated listing page's job (see
    /// [`JobId::lists_the_promise`]), whether or not it is published.
    pub fn job_file(&self, job: &JobId) -> Option<String> {
        let site = self.site;
        let (route, lang) = match job {
            JobId::News(l) => (Route::News, l),
            JobId::Results(l) => (Route::Results, l),
            JobId::Indicator(id, l) => (Route::Indicator(id), l),
            JobId::Changes(l) => (Route::Changes, l),
            JobId::Document(l) => (Route::Document, l),
            _ => return None,
        };
        Some(route.file(site, lang))
    }

    /// Renders `work` into `out` in parallel; problems go to `diags`, each
    /// template error once.
    /// Returns how many pages `keep` let through.
    pub(super) fn render_list(
        &self,
        work: Vec<Work<'_>>,
        keep: &Keep<'_>,
        out: &mut Output,
        diags: &Diagnostics,
    ) -> usize {
        let rendered = std::sync::atomic::AtomicUsize::new(0);
        // Problems, with the index of the work item that had them, so that
        // the first one of each template error is chosen in page order
        // whatever order the threads ran in.
        let failed: Mutex<Vec<(usize, Diagnostic)>> = Mutex::new(Vec::new());
        let warned: Mutex<Vec<(usize, Diagnostic)>> = Mutex::new(Vec::new());
        // Numbered in the caller's order, the order problems are told in;
        // the long pages first (stable: the rest keep their order).
        let mut work: Vec<(usize, Work<'_>)> = work.into_iter().enumerate().collect();
        work.sort_by_key(|(_, w)| !w.is_long());
        // With a stash, a page with slots (the document) is rendered with
        // the long pages, first, its context let go, and its HTML minified
        // and kept in the stash; it is written after every other page, its
        // slots filled with the bodies the content pages left there (see
        // `Stash`).
        let later: Later<'_> = Mutex::new(Vec::new());
        let minify = out.minifies_html();
        let pages = work.into_par_iter().filter_map(|(i, w)| {
            let long = w.is_long();
            let done = self.render_work(w, keep, &rendered, |ds: Vec<Diagnostic>| {
                let mut f = warned.lock().unwrap_or_else(|e| e.into_inner());
                f.extend(ds.into_iter().map(|d| (i, d)));
            });
            // Not in the preview, which keeps freed memory to answer the
            // next edit sooner (`memory::tune_for_preview`).
            if long && !self.preview {
                crate::memory::release_freed();
            }
            match done {
                Ok(Some(Done::Page(page))) => self.unless_later(i, page, minify, &later),
                Ok(Some(Done::Later(cut, file))) => {
                    crate::lock(&later).push((i, cut, Kept::File(file)));
                    None
                }
                Ok(None) => None,
                Err(ds) => {
                    let mut f = failed.lock().unwrap_or_else(|e| e.into_inner());
                    f.extend(ds.into_iter().map(|d| (i, d)));
                    None
                }
            }
        });
        let mut written = out.add_pages(pages);
        if crate::timings::on() {
            eprintln!("  pages written{}", crate::timings::memory_note());
        }
        if !self.preview {
            // Before the documents are put together and the search index
            // is made, the build's last large steps.
            crate::memory::release_freed_everywhere();
        }
        let mut later = later.into_inner().unwrap_or_else(|e| e.into_inner());
        later.sort_by_key(|(i, ..)| *i);
        // One at a time: each fills its slots side by side, and the search
        // index is at its largest now.
        for (_, cut, kept) in later {
            if written.is_err() {
                break;
            }
            written = match kept {
                Kept::Stash(stash, place) => out.add_cut(cut, |range| stash.read_in(&place, range)),
                Kept::File(file) => {
                    out.add_cut(cut, |range| crate::stash::read_range(&file, range))
                }
                Kept::Memory(html) => out.add_cut(cut, |range| {
                    html.get(range)
                        .map(<[u8]>::to_vec)
                        .ok_or_else(|| std::io::ErrorKind::InvalidInput.into())
                }),
            };
        }
        if crate::timings::on() {
            eprintln!(
                "  pages with slots written{}",
                crate::timings::memory_note()
            );
        }
        if let Err(d) = written {
            diags.push(d);
        }
        let mut failed = failed.into_inner().unwrap_or_else(|e| e.into_inner());
        failed.sort_by_key(|(i, _)| *i);
        let mut template_errors = BTreeMap::new();
        for (_, d) in failed {
            // One template error would repeat on every page: keep the first per place.
            let key = (d.path.clone(), d.line, d.column);
            if d.code.starts_with("render.template") {
                template_errors.entry(key).or_insert(d);
            } else {
                diags.push(d);
            }
        }
        diags.extend(template_errors.into_values());
        let mut warned = warned.into_inner().unwrap_or_else(|e| e.into_inner());
        warned.sort_by_key(|(i, _)| *i);
        diags.extend(warned.into_iter().map(|(_, d)| d));
        rendered.into_inner()
    }

    /// `page`, or nothing when its slots are bodies other pages make (see
    /// `Page::deferred`) and there is a stash: then it
    /// is minified when `minify`, cut at its slots and kept to be written
    /// after every other page (see [`Renderer::render_list`]), its HTML in
    /// the stash (in memory if the stash cannot take it).
    fn unless_later<'r>(
        &'r self,
        i: usize,
        page: crate::output::Page<'r>,
        minify: bool,
        later: &Later<'r>,
    ) -> Option<crate::output::Page<'r>> {
        let Some(stash) = self.stash.filter(|_| page.deferred) else {
            return Some(page);
        };
        let (html, cut) = page.cut(minify);
        let kept = match stash.keep(&html) {
            Some(place) => Kept::Stash(stash, place),
            None => Kept::Memory(html),
        };
        crate::lock(later).push((i, cut, kept));
        None
    }

    /// Builds the context of one item (for a content page) and renders it.
    /// Nothing when `keep` does not pick its template (else `rendered`
    /// counts it); warnings of the page go to `warn`.
    pub(super) fn render_work(
        &self,
        work: Work<'_>,
        keep: &Keep<'_>,
        rendered: &std::sync::atomic::AtomicUsize,
        warn: impl FnOnce(Vec<Diagnostic>),
    ) -> Rendered<'_> {
        let id = self.deps.map(|_| job_id(&work));
        let long = work.is_long();
        // The preview keeps the long listings (`splice`).
        let kept = self
            .listings
            .map(|_| job_id(&work))
            .filter(|j| super::splice::kept_job(j).is_some());
        // Listing pages (not the content pages, thousands of them) tell
        // how long their context and their template took, to show which
        // of them a preview edit waits for.
        let timed = (crate::timings::on() && !matches!(work, Work::Page(..)))
            .then(|| (format!("{:?}", job_id(&work)), std::time::Instant::now()));
        let job = self.recorded(id, || -> Result<Option<Job>, Vec<Diagnostic>> {
            Ok(match work {
                Work::Page(p, v) => Some(self.page_job(p, v)?),
                Work::Accessibility(lang) => Some(self.accessibility_job(lang)),
                Work::News(lang) => self.news_job(lang),
                Work::Results(lang) => Some(self.results_job(lang)),
                Work::Indicator(ind, lang) => Some(self.indicator_job(ind, lang)),
                Work::Changes(lang) => self.changes_job(lang),
                Work::Document(lang) => self.document_job(lang),
            })
        })?;
        let Some(mut job) = job else {
            return Ok(None);
        };
        if !keep(job.template) {
            return Ok(None);
        }
        rendered.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        if !job.warnings.is_empty() {
            warn(std::mem::take(&mut job.warnings));
        }
        let context_done = std::time::Instant::now();
        let context_memory = timed.as_ref().map(|_| crate::timings::memory_note());
        // A content page of a build cut at its body is cut at its
        // repeated fragments too: the render notes them (`fragments`).
        let cuts = job.body.is_some() && self.stash.is_some() && self.minify_bodies;
        let (made, noted) = if long {
            (self.render_job_via_file(&mut job), Vec::new())
        } else if cuts {
            let (made, noted) = super::fragments::recording(|| self.render_job(&mut job));
            (made.map(Made::Text), noted)
        } else {
            (self.render_job(&mut job).map(Made::Text), Vec::new())
        };
        if let Some((name, start)) = &timed {
            eprintln!(
                "  listing {name}: context {:.1} ms{}, template {:.1} ms{}",
                (context_done - *start).as_secs_f64() * 1e3,
                context_memory.unwrap_or_default(),
                context_done.elapsed().as_secs_f64() * 1e3,
                crate::timings::memory_note()
            );
        }
        let made = made.map_err(|d| vec![d])?;
        // The document of a build, in a file as it is to be written (no
        // minifying of the whole page left to do: rendered in parts, or
        // not minified): cut at its slots as the file is read, and left
        // there, instead of 14 MB read into memory at 50,000 pages.
        let finished = !self.minify_bodies
            || job
                .parts
                .as_ref()
                .is_some_and(super::parts::Parts::minified);
        let deferred = kept.is_none() && job.body.is_none() && !job.slots.is_empty();
        let made = match made {
            Made::File(file) if deferred && finished => {
                let error = |e| vec![super::read_temp_error(&job.out, e)];
                let cut =
                    crate::output::Cut::of_file(job.out.clone(), &file, self.slots(job.slots))
                        .map_err(error)?;
                return Ok(Some(Done::Later(cut, file)));
            }
            made => made,
        };
        let html = Self::made_text(&job, made).map_err(|d| vec![d])?;
        Ok(Some(Done::Page(match (kept, job.body) {
            // The preview keeps the long listings (`splice`).
            (Some(id), _) => self.kept_page(id, job.out, html, job.slots),
            (None, Some(body)) => match self.stash_body(body, html, &noted) {
                (html, None) => (job.out, html).into(),
                (html, Some(own)) => crate::output::Page {
                    path: job.out,
                    html,
                    slots: Some(Box::new(move |n| own.get(n).cloned().unwrap_or_default())),
                    deferred: false,
                    minified: false,
                },
            },
            (None, None) => crate::output::Page {
                path: job.out,
                html,
                deferred: !job.slots.is_empty(),
                minified: job
                    .parts
                    .as_ref()
                    .is_some_and(super::parts::Parts::minified),
                slots: (!job.slots.is_empty()).then(|| self.slots(job.slots)),
            },
        })))
    }

    /// The texts of the body slots `slots`, made as the page is written.
    fn slots(&self, slots: Vec<super::lifecycle::Slot>) -> crate::output::Slots<'_> {
        Box::new(move |n: usize| slots.get(n).map(|s| self.slot_html(s)).unwrap_or_default())
    }

    /// `/index.html`: leads to the default language without JavaScript
    /// (the theme's `redirect.html`).
    pub(super) fn root_redirect(&self) -> Result<String, Diagnostic> {
        let site = self.site;
        let lang = site.default_lang();
        let target = site.home_url(lang);
        let languages = site
            .config
            .languages
            .iter()
            .map(|l| RedirectLanguage {
                code: l,
                name: self.lang_name(l),
                url: site.home_url(l),
            })
            .collect();
        let redirect = Redirect {
            lang,
            title: Marked::of(&site.config.title, lang, lang).text,
            canonical: self.abs(&target),
            target,
            skip_to_content: self.i18n.get(lang, "skip_to_content"),
            languages,
        };
        let ctx = Context::from_serialize(&redirect)
            .map_err(|e| templates::to_diagnostic(&e, self.theme, Some(("(generated /)", "/"))))?;
        let mut job = Job {
            out: Route::Redirect.file(site, lang),
            template: "redirect.html",
            ctx,
            source: "(generated /)".into(),
            url: format!("{}/", site.options.prefix),
            warnings: Vec::new(),
            slots: Vec::new(),
            body: None,
            parts: None,
            frame: None,
        };
        self.render_job(&mut job)
    }
}

/// The pages kept to be written last: work number, the page cut at its
/// slots, and where its HTML is kept.
type Later<'r> = Mutex<Vec<(usize, crate::output::Cut<'r>, Kept<'r>)>>;

/// Where a page to be written last keeps its HTML.
enum Kept<'r> {
    /// In the stash.
    Stash(&'r super::Stash, crate::stash::Place),
    /// In memory (the stash could not take it).
    Memory(Vec<u8>),
    /// In the temporary file it was rendered into.
    File(std::fs::File),
}

/// Who a work item is, for its recorded reads.
fn job_id(work: &Work<'_>) -> JobId {
    let l = |lang: &str| lang.to_string();
    match work {
        Work::Page(p, v) => JobId::Page(p.key.clone(), v.lang.to_string()),
        Work::Accessibility(lang) => JobId::Accessibility(l(lang)),
        Work::News(lang) => JobId::News(l(lang)),
        Work::Results(lang) => JobId::Results(l(lang)),
        Work::Indicator(ind, lang) => JobId::Indicator(ind.id.clone(), l(lang)),
        Work::Changes(lang) => JobId::Changes(l(lang)),
        Work::Document(lang) => JobId::Document(l(lang)),
    }
}
