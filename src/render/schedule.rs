//! Which pages are rendered, and rendering them in parallel: every page
//! ([`Renderer::render_all`]), those whose template changed
//! ([`Renderer::render_where`]), those that show an edited page
//! ([`Renderer::rerender`]), and the root redirect. Problems are collected
//! in page order, each template error once.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Mutex;

use rayon::prelude::*;
use serde_json::{Value as Json, json};
use tera::Context;

use super::context::Marked;
use crate::content::front_matter::Kind;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::indicators::Indicator;
use crate::output::Output;
use crate::site::update::Edit;
use crate::site::{Route, Site};

use super::{Job, Keep, Rendered, Renderer, Work};

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

    /// Re-renders into `out` the pages that show the page `key` after an
    /// edit of its file (see [`Edit`]): the page in every language and, when
    /// listings show what changed, the pages that list it. Returns how many
    /// pages were rendered, or `None` when every page shows the change (an
    /// area or an undated free page is in every page's navigation): then
    /// render everything.
    ///
    /// This is the one place that knows which context lists which pages:
    /// when a context builder above starts showing another page's fields,
    /// add that page here too. `tests/incremental.rs` compares the result
    /// with a full render for an edit of every page of a site.
    pub fn rerender(
        &self,
        key: &str,
        edit: Edit,
        langs: &BTreeSet<String>,
        out: &mut Output,
        diags: &Diagnostics,
    ) -> Option<usize> {
        let site = self.site;
        let page = site.page(key)?;
        // A listing entry and a page show one variant of a page: only the
        // languages whose variant changed are rendered again.
        let ours = |lang: &str| langs.contains(lang);
        let mut work: Vec<Work<'_>> = page
            .variants
            .iter()
            .filter(|v| ours(&v.lang))
            .map(|v| Work::Page(page, v))
            .collect();
        let every = |kind: fn(&Kind) -> bool| {
            site.pages
                .iter()
                .filter(move |p| kind(&p.kind))
                .flat_map(|p| p.variants.iter().map(move |v| Work::Page(p, v)))
                .filter(|w| matches!(w, Work::Page(_, v) if ours(&v.lang)))
        };
        // The document shows every commitment and the promise, with their
        // texts: any edit of them.
        if matches!(page.kind, Kind::Commitment { .. } | Kind::Promise) {
            work.extend(langs.iter().map(|l| Work::Document(l)));
        }
        // Whether a commitment changed since the previous version, and how,
        // depends on its text in every language: the changes page and the
        // commitment's own page (which says what changed) in all of them.
        if self.previous.is_some() && matches!(page.kind, Kind::Commitment { .. } | Kind::Promise) {
            work.extend(site.config.languages.iter().map(|l| Work::Changes(l)));
            if matches!(page.kind, Kind::Commitment { .. }) {
                work.extend(
                    page.variants
                        .iter()
                        .filter(|v| !ours(&v.lang))
                        .map(|v| Work::Page(page, v)),
                );
            }
        }
        if edit == Edit::Listed {
            match &page.kind {
                Kind::Area { .. } => return None,
                Kind::Free { .. } if site.files[page.default_file].front.date.is_none() => {
                    return None;
                }
                Kind::Free { .. } => {
                    // The news list and the latest news on the front page.
                    work.extend(langs.iter().map(|l| Work::News(l)));
                    work.extend(every(|k| matches!(k, Kind::Promise)));
                }
                Kind::Commitment { area, .. } => {
                    let area_key = format!("areas/{area}/_index.md");
                    work.extend(every(|k| matches!(k, Kind::Promise)));
                    if let Some(ap) = site.page(&area_key) {
                        work.extend(
                            ap.variants
                                .iter()
                                .filter(|v| ours(&v.lang))
                                .map(|v| Work::Page(ap, v)),
                        );
                    }
                    // The results overview lists every commitment; an
                    // indicator's page, the commitments that follow it.
                    let ids = site.files[page.default_file]
                        .front
                        .indicators
                        .iter()
                        .flatten();
                    let followed: Vec<&Indicator> =
                        ids.filter_map(|id| site.indicators.get(id)).collect();
                    for lang in langs {
                        if !site.indicators.list.is_empty() {
                            work.push(Work::Results(lang));
                        }
                        work.extend(followed.iter().map(|ind| Work::Indicator(ind, lang)));
                    }
                }
                Kind::Promise => {}
            }
        }
        let n = self.render_list(work, &|_| true, out, diags);
        if matches!(page.kind, Kind::Promise) {
            // The document's running header shows the promise's validity.
            self.add_document_css(out);
        }
        Some(n)
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
        let pages = work.into_par_iter().enumerate().filter_map(|(i, w)| {
            match self.render_work(w, keep, &rendered, |ds: Vec<Diagnostic>| {
                let mut f = warned.lock().unwrap_or_else(|e| e.into_inner());
                f.extend(ds.into_iter().map(|d| (i, d)));
            }) {
                Ok(page) => page,
                Err(ds) => {
                    let mut f = failed.lock().unwrap_or_else(|e| e.into_inner());
                    f.extend(ds.into_iter().map(|d| (i, d)));
                    None
                }
            }
        });
        if let Err(d) = out.add_pages(pages) {
            diags.push(d);
        }
        let mut failed = failed.into_inner().unwrap_or_else(|e| e.into_inner());
        failed.sort_by_key(|(i, _)| *i);
        let mut template_errors = BTreeMap::new();
        for (_, d) in failed {
            // One template error would repeat on every page: keep the first per place.
            let key = (d.path.clone(), d.line, d.column);
            if d.message.starts_with("template error") {
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

    /// Builds the context of one item (for a content page) and renders it.
    /// Nothing when `keep` does not pick its template (else `rendered`
    /// counts it); warnings of the page go to `warn`.
    pub(super) fn render_work(
        &self,
        work: Work<'_>,
        keep: &Keep<'_>,
        rendered: &std::sync::atomic::AtomicUsize,
        warn: impl FnOnce(Vec<Diagnostic>),
    ) -> Rendered {
        let mut job = match work {
            Work::Page(p, v) => self.page_job(p, v)?,
            Work::Accessibility(lang) => self.accessibility_job(lang),
            Work::News(lang) => match self.news_job(lang) {
                Some(j) => j,
                None => return Ok(None),
            },
            Work::Results(lang) => self.results_job(lang),
            Work::Indicator(ind, lang) => self.indicator_job(ind, lang),
            Work::Changes(lang) => match self.changes_job(lang) {
                Some(j) => j,
                None => return Ok(None),
            },
            Work::Document(lang) => match self.document_job(lang) {
                Some(j) => j,
                None => return Ok(None),
            },
        };
        if !keep(job.template) {
            return Ok(None);
        }
        rendered.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        if !job.warnings.is_empty() {
            warn(std::mem::take(&mut job.warnings));
        }
        match self.render_job(&job) {
            Ok(html) => Ok(Some((job.out, html))),
            Err(d) => Err(vec![d]),
        }
    }

    /// `/index.html`: leads to the default language without JavaScript
    /// (the theme's `redirect.html`).
    pub(super) fn root_redirect(&self) -> Result<String, Diagnostic> {
        let site = self.site;
        let lang = site.default_lang();
        let target = site.home_url(lang);
        let languages: Vec<Json> = site
            .config
            .languages
            .iter()
            .map(|l| json!({"code": l, "name": self.lang_name(l), "url": site.home_url(l)}))
            .collect();
        let mut ctx = Context::new();
        ctx.insert("lang", lang);
        ctx.insert("title", &Marked::of(&site.config.title, lang, lang).text);
        ctx.insert("canonical", &self.abs(&target));
        ctx.insert("target", &target);
        ctx.insert("skip_to_content", &self.i18n.get(lang, "skip_to_content"));
        ctx.insert("languages", &languages);
        let job = Job {
            out: Route::Redirect.file(site, lang),
            template: "redirect.html",
            ctx,
            source: "(generated /)".into(),
            url: format!("{}/", site.options.prefix),
            warnings: Vec::new(),
        };
        self.render_job(&job)
    }
}
