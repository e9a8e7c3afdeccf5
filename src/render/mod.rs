//! Rendering the site model through the theme's templates into an [`crate::output::Output`].
//!
//! Builds each page's context (see [`context`]), renders it with Tera, and
//! adds the generated pages (accessibility statement, list of dated pages,
//! the root redirect). It decides nothing about content: what is published
//! and where was settled by `site`. This file holds the [`Renderer`], the
//! cache of what every page shares and the context every page shares; the
//! variables' types are in [`context`], the preview's kept listing entries
//! in `listings`, content pages' contexts in `pages`, the results pages' in
//! [`results`], the life cycle's (changes, document, comment round) in
//! `lifecycle`, which pages are rendered, in parallel, in `schedule`,
//! what each page read, for the preview, in [`deps`], and the preview's
//! kept long listings (document, results and indicator pages), spliced
//! after an edit of a body or a title they show, in `splice`.

pub mod context;
pub mod deps;
mod fragments;
mod frame;
mod lifecycle;
mod listings;
mod nest;
mod pages;
mod parts;
pub mod results;
mod schedule;
mod splice;
pub mod templates;

pub use crate::stash::Stash;

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex, OnceLock};

use rayon::prelude::*;
use tera::{Context, Tera, Value};

use crate::content::front_matter::Kind;
use crate::diagnostics::Diagnostic;
use crate::format;
use crate::i18n::I18n;
use crate::indicators::Indicator;
use crate::results::Evaluation;
use crate::site::urls::{self, url_to_file};
use crate::site::{Page, Route, Site, Variant};
use crate::theme::Theme;
use context::base::{BrandView, DateView, ResultsCalendarView, SiteView};
use context::generated::{GeneratedPage, Statement, SupervisorView};
use context::{LangLink, Marked, PageLink};
pub use fragments::Fragments;
pub use listings::Listings;

/// Everything rendering needs, built once per run.
pub struct Renderer<'a> {
    /// The site.
    pub site: &'a Site,
    /// Compiled templates.
    pub tera: &'a Tera,
    /// Interface strings.
    pub i18n: &'a I18n,
    /// The theme (for messages).
    pub theme: &'a Theme,
    /// URL of the stylesheet.
    pub stylesheet: String,
    /// Whether this is a preview (drafts banner, reload script).
    pub preview: bool,
    /// What the results say.
    pub eval: &'a Evaluation,
    /// What every page of a language shares, built on first use. The
    /// preview keeps it between edits: it holds the navigation (areas and
    /// undated pages, whose edits are rendered in full) and site settings.
    pub shared: &'a Shared,
    /// Listing entries kept between renders (the preview keeps them, so
    /// that an edit re-renders the long listings without rebuilding every
    /// entry); `None` in a build, which renders each listing once.
    pub listings: Option<&'a Listings>,
    /// The version this one replaces (`previous` in `site.yaml`).
    pub previous: Option<&'a crate::snapshot::Snapshot>,
    /// What changed since `previous`, worked out on first use.
    pub changes: OnceLock<Vec<crate::changes::Change>>,
    /// The open-data files' sizes ([`crate::data::sizes`]), worked out on
    /// first use: every language's results page names them.
    pub data_sizes:
        OnceLock<std::collections::BTreeMap<crate::site::routes::Route<'static>, usize>>,
    /// Where each job's reads are recorded, in the preview (see
    /// [`deps`]); `None` in a build, which records nothing.
    pub deps: Option<&'a deps::Deps>,
    /// Called with each page's body's text as its page job has it: a
    /// build's search index takes the page's words here, so that the body
    /// is not read and parsed again for it (see
    /// `publish::search::Collector`).
    pub on_body: Option<&'a OnBody<'a>>,
    /// Where a build's content pages leave their body HTML for the
    /// document pages, written after them ([`Stash`]); `None` in the
    /// preview, which keeps the document's slots its own way (`splice`).
    pub stash: Option<&'a Stash>,
    /// Whether the output this renderer renders into minifies its HTML:
    /// then a content page's body is minified once, for its page and for
    /// the document, which takes it from the [`Stash`].
    pub minify_bodies: bool,
    /// The fragments that content pages repeat, each minified once (see
    /// `fragments`).
    pub fragments: Fragments,
    /// Each language's pages that have a section on its document page, by
    /// address, made on first use (see `Renderer::document_sections`).
    pub document_sections: Mutex<BTreeMap<String, Arc<DocumentSections<'a>>>>,
    /// The commitment pages' menu and footer, each rendered once (see
    /// `frame`).
    pub frames: frame::Frames,
}

/// The pages that have a section on a language's document page, by
/// address.
pub(crate) type DocumentSections<'a> = std::collections::HashMap<&'a str, &'a Page>;

/// What [`Renderer::on_body`] is: called with a page, the variant rendered
/// and its body's text.
pub type OnBody<'a> =
    dyn Fn(&crate::site::Page, &crate::site::Variant, &crate::markdown::PlainText) + Sync + 'a;

/// The parts of the base context that are the same on every page of a
/// language, built once per run instead of once per page: with thousands of
/// pages, rebuilding the navigation and footer lists for each page was
/// quadratic work.
#[derive(Default)]
pub struct Shared(OnceLock<Vec<(String, LangShared)>>);

/// The shared parts of one language's base context.
pub struct LangShared {
    /// `lang`, `default_lang`, `t`, `site`, `stylesheet`, `preview`.
    base: Context,
    /// `nav`: the service areas (current when the page is at or under one).
    nav: Vec<Listed>,
    /// `free_pages`: undated free pages (current when it is the page).
    free_pages: Vec<Listed>,
}

impl LangShared {
    /// Whether each service area of `nav` is marked current on the page
    /// at `url`: the page is the area or under it.
    fn nav_marks<'s>(&'s self, url: &'s str) -> impl Iterator<Item = bool> + 's {
        self.nav.iter().map(move |l| url.starts_with(&l.url))
    }

    /// Whether each undated page of `free_pages` is marked current on the
    /// page at `url`: it is that page.
    fn free_page_marks<'s>(&'s self, url: &'s str) -> impl Iterator<Item = bool> + 's {
        self.free_pages.iter().map(move |l| l.url == url)
    }
}

/// A listing entry as templates see it, with and without `current` set.
struct Listed {
    url: String,
    plain: Value,
    current: Value,
}

impl Listed {
    fn new(mut link: PageLink) -> Self {
        link.current = false;
        let plain = Value::from_serializable(&link);
        link.current = true;
        Listed {
            url: link.url.clone(),
            plain,
            current: Value::from_serializable(&link),
        }
    }

    fn pick(&self, current: bool) -> Value {
        if current {
            self.current.clone()
        } else {
            self.plain.clone()
        }
    }
}

/// What rendering one item of work gave: its page (none when there is
/// nothing to render, as a news list without news), or the problems that
/// stopped it.
type Rendered<'r> = Result<Option<Done<'r>>, Vec<Diagnostic>>;

/// A rendered page: to be written as it comes, or, when its slots are
/// bodies that other pages make (the whole-promise document in a build),
/// cut at its slots with its HTML left in the file it was rendered into,
/// to be written after every other page.
enum Done<'r> {
    Page(crate::output::Page<'r>),
    Later(crate::output::Cut<'r>, std::fs::File),
}

/// Where a page's HTML is once it is rendered.
enum Made {
    /// In memory.
    Text(String),
    /// In a temporary file, from its start (a long listing's, see
    /// [`Renderer::render_job_via_file`]).
    File(std::fs::File),
}

/// A temporary file that page `out` was rendered into could not be read.
fn read_temp_error(out: &str, e: std::io::Error) -> Diagnostic {
    crate::output::io_error(std::path::Path::new(out), "@io.read_temp", e)
}

/// Which templates' pages to render (see [`Renderer::render_where`]).
pub type Keep<'k> = dyn Fn(&str) -> bool + Sync + 'k;

/// One item of [`Renderer::render_all`]'s parallel loop. Its context is
/// built in the loop, just before it is rendered: the contexts of the
/// results pages list every commitment, and holding them all at once cost
/// about 100 MB on a site of 10,000 pages.
enum Work<'s> {
    /// A content page in one language.
    Page(&'s Page, &'s Variant),
    /// The accessibility statement of a language.
    Accessibility(&'s str),
    /// The list of dated pages of a language, if it has any.
    News(&'s str),
    /// The results overview of a language.
    Results(&'s str),
    /// One indicator's results page in a language.
    Indicator(&'s Indicator, &'s str),
    /// What changed since the previous version, in a language.
    Changes(&'s str),
    /// The whole promise on one page, in a language.
    Document(&'s str),
}

/// One page to render: its output path, template, and context.
struct Job {
    out: String,
    template: &'static str,
    ctx: Context,
    source: String,
    url: String,
    /// Problems that do not stop the page (a fallback copy's anchor).
    warnings: Vec<Diagnostic>,
    /// Bodies that go into the page's slots as it is written (the
    /// document page's; see [`lifecycle::Slot`]).
    slots: Vec<lifecycle::Slot>,
    /// A content page's body, for the [`Stash`] (see
    /// [`Renderer::stash_body`]).
    body: Option<Body>,
    /// A long listing's entries when it is rendered in parts (see
    /// [`parts`]).
    parts: Option<parts::Parts>,
    /// The key its menu and footer are kept by, for a commitment page in
    /// a build (see [`frame`]).
    frame: Option<frame::FrameKey>,
}

/// A content page's body as rendered for its page: which rendering it is
/// (as [`Stash::put`] keys it) and its HTML.
struct Body {
    file: usize,
    lang: String,
    fallback: bool,
    html: String,
}

impl<'a> Renderer<'a> {
    /// Runs `f`, the making of job `job`, recording what it reads when
    /// this renderer records (see [`deps`]).
    fn recorded<T>(&self, job: Option<deps::JobId>, f: impl FnOnce() -> T) -> T {
        match (self.deps, job) {
            (Some(store), Some(job)) => {
                let (value, reads) = deps::recording(f);
                store.set(job, reads);
                value
            }
            _ => f(),
        }
    }

    /// Runs `f` as the job `job` (see `Renderer::recorded`), for
    /// callers outside this module: the feeds.
    pub fn record<T>(&self, job: deps::JobId, f: impl FnOnce() -> T) -> T {
        self.recorded(Some(job), f)
    }

    fn abs(&self, url: &str) -> String {
        let base = &self.site.config.base_url;
        let prefix = &self.site.options.prefix;
        format!("{base}{}", url.strip_prefix(prefix.as_str()).unwrap_or(url))
    }

    fn lang_name(&self, code: &str) -> String {
        let name = self.i18n.get(code, "language_name");
        if name == "language_name" {
            code.to_string()
        } else {
            name
        }
    }

    /// A listing entry with its follow-up status.
    fn link(&self, page: &Page, v: &Variant, lang: &str, current_url: &str) -> PageLink {
        let mut l = PageLink::new(self.site, self.i18n, page, v, lang, current_url);
        match &page.kind {
            Kind::Commitment { .. } => {
                if let Some(s) = self.eval.commitments.get(&page.key) {
                    l.status = Some(s.as_str().to_string());
                    l.status_label = Some(self.i18n.get(lang, &format!("status_{}", s.as_str())));
                }
            }
            Kind::Area { area } => l.counts = self.eval.areas.get(&**area).cloned(),
            _ => {}
        }
        l
    }

    /// The switcher and `hreflang` list for a page that exists in `variants`.
    fn languages_for(
        &self,
        page: Option<&Page>,
        lang: &str,
        generated: Option<Route<'_>>,
    ) -> Vec<LangLink> {
        self.site
            .config
            .languages
            .iter()
            .map(|code| {
                let (url, translated, available) = match (page, generated) {
                    (Some(p), _) => match p.variant(code) {
                        Some(v) => (v.url.to_string(), !v.fallback, true),
                        None => (self.site.home_url(code), false, false),
                    },
                    (None, Some(route)) => (route.url(self.site, code), true, true),
                    (None, None) => (self.site.home_url(code), true, true),
                };
                LangLink {
                    code: code.clone(),
                    name: self.lang_name(code),
                    absolute: self.abs(&url),
                    url,
                    translated,
                    available,
                    current: code == lang,
                }
            })
            .collect()
    }

    /// `results_calendar` of every page's context: when the results were
    /// last updated and when the next update is due (`site.yaml`'s
    /// `results`), each `{text, iso}` (`text` for readers in `lang`, `iso`
    /// for `<time datetime>`) or null; the whole key is null when neither is
    /// set.
    fn results_calendar(&self, lang: &str) -> Option<ResultsCalendarView> {
        let cal = &self.site.config.results;
        let date = |d: Option<chrono::NaiveDate>| {
            d.map(|d| DateView {
                text: format::format_date(d, lang),
                iso: d.to_string(),
            })
        };
        if cal.updated.is_none() && cal.next_update.is_none() {
            return None;
        }
        Some(ResultsCalendarView {
            updated: date(cal.updated),
            next_update: date(cal.next_update),
        })
    }

    /// The parts of the base context that every page in `lang` shares.
    fn lang_shared(&self, lang: &str) -> LangShared {
        let site = self.site;
        let cfg = &site.config;
        let default = site.default_lang();
        let mut base = Context::new();
        base.insert("lang", lang);
        base.insert("default_lang", default);
        base.insert("t", self.i18n.strings(lang));
        base.insert(
            "site",
            &SiteView {
                title: Marked::of(&cfg.title, lang, default),
                organisation: Marked::of(&cfg.organisation, lang, default),
                base_url: &cfg.base_url,
                home_url: site.home_url(lang),
                feedback: &cfg.feedback,
                license: &cfg.license,
                accessibility_url: Route::Accessibility.url(site, lang),
                results_url: Route::Results.url(site, lang),
                news_url: Route::News.url(site, lang),
                has_news: Route::News.published(site, lang),
                has_results: Route::Results.published(site, lang),
                search_url: urls::search_url(site, lang),
                feed_url: urls::feed_url(site, lang),
                og_locale: format::og_locale(lang),
                brand: self.brand_view(),
                latest_period: self.latest_period(lang),
                open_data_url: format!("{}#open-data", Route::Results.url(site, lang)),
                changes_url: self.changes_url(lang),
                document_url: Route::Document.url_if_published(site, lang),
            },
        );
        base.insert("consultation", &self.consultation_view(lang));
        base.insert("results_calendar", &self.results_calendar(lang));
        base.insert("stylesheet", &self.stylesheet);
        base.insert("preview", &self.preview);
        // `current` is set per page in `base_context`.
        let nav = site
            .areas(lang)
            .into_iter()
            .map(|(p, v)| Listed::new(self.link(p, v, lang, "")))
            .collect();
        let free_pages = site
            .free_pages(lang)
            .into_iter()
            .map(|(p, v)| Listed::new(self.link(p, v, lang, "")))
            .collect();
        LangShared {
            base,
            nav,
            free_pages,
        }
    }

    /// `site.brand` of the context: the county's logo, own site and
    /// privacy statement (`site.yaml` `brand`), and whether its colour is in
    /// the stylesheet.
    fn brand_view(&self) -> BrandView {
        let site = self.site;
        let brand = site.config.brand.as_ref();
        BrandView {
            logo_url: brand
                .and_then(|b| b.logo.as_ref())
                .map(|l| format!("{}/{}", site.options.prefix, l.trim_start_matches('/'))),
            url: brand.and_then(|b| b.url.clone()),
            privacy_url: brand.and_then(|b| b.privacy_url.clone()),
            coloured: brand.is_some_and(|b| b.colour.is_some()),
        }
    }

    /// `site.latest_period`: the latest period with a value, in words, for
    /// pages that have no `results_calendar` to say how fresh they are.
    fn latest_period(&self, lang: &str) -> Option<String> {
        self.eval
            .indicators
            .values()
            .filter_map(|s| s.latest.map(|(p, _)| p))
            .max()
            .map(|p| self.period(&p, lang))
    }

    /// The shared parts of `lang`'s base context, built for every language
    /// of the site on first use.
    fn shared(&self, lang: &str) -> Option<&LangShared> {
        self.shared
            .0
            .get_or_init(|| {
                self.site
                    .config
                    .languages
                    .par_iter()
                    .map(|l| {
                        let shared =
                            self.recorded(Some(deps::JobId::Shared), || self.lang_shared(l));
                        (l.clone(), shared)
                    })
                    .collect()
            })
            .iter()
            .find(|(l, _)| l == lang)
            .map(|(_, s)| s)
    }

    /// Context shared by every page in `lang`, for the page at `url`.
    fn base_context(&self, lang: &str, url: &str) -> Context {
        let built;
        let shared = match self.shared(lang) {
            Some(s) => s,
            None => {
                built = self.lang_shared(lang);
                &built
            }
        };
        let mut ctx = shared.base.clone();
        let nav: Vec<Value> = (shared.nav.iter())
            .zip(shared.nav_marks(url))
            .map(|(l, current)| l.pick(current))
            .collect();
        ctx.insert_value("nav", Value::from(nav));
        let pages: Vec<Value> = (shared.free_pages.iter())
            .zip(shared.free_page_marks(url))
            .map(|(l, current)| l.pick(current))
            .collect();
        ctx.insert_value("free_pages", Value::from(pages));
        ctx.insert("url", url);
        ctx.insert("canonical", &self.abs(url));
        ctx
    }

    fn generated_job(
        &self,
        lang: &str,
        route: Route<'_>,
        template: &'static str,
        extra: impl FnOnce(&mut Context),
    ) -> Job {
        let url = route.url(self.site, lang);
        let path = route.path(lang);
        let mut ctx = self.base_context(lang, &url);
        ctx.insert("languages", &self.languages_for(None, lang, Some(route)));
        extra(&mut ctx);
        Job {
            out: url_to_file(&url, &self.site.options.prefix),
            template,
            ctx,
            source: format!("(generated {path})"),
            url,
            warnings: Vec::new(),
            slots: Vec::new(),
            body: None,
            parts: None,
            frame: None,
        }
    }

    fn accessibility_job(&self, lang: &str) -> Job {
        let site = self.site;
        let a = &site.config.accessibility;
        let default = site.default_lang();
        let statement = Statement {
            conformance: &a.conformance,
            assessed: a.assessed.map(|d| format::format_date(d, lang)),
            assessed_iso: a.assessed.map(|d| d.format("%Y-%m-%d").to_string()),
            method: a.method.as_ref().map(|m| Marked::of(m, lang, default)),
            contact_email: &a.contact_email,
            known_issues: a
                .known_issues
                .iter()
                .map(|t| Marked::of(t, lang, default))
                .collect(),
            supervisor: SupervisorView {
                name: if a.supervisor.is_default() {
                    Marked {
                        text: self.i18n.get(lang, "statement_supervisor_default_name"),
                        lang: None,
                    }
                } else {
                    Marked::of(&a.supervisor.name, lang, default)
                },
                url: &a.supervisor.url,
                email: &a.supervisor.email,
                phone: &a.supervisor.phone,
            },
        };
        self.generated_job(lang, Route::Accessibility, "accessibility.html", |ctx| {
            ctx.insert("statement", &statement);
            ctx.insert(
                "page",
                &GeneratedPage {
                    kind: "accessibility",
                    title: self.i18n.get(lang, "accessibility_title"),
                },
            );
        })
    }

    fn news_job(&self, lang: &str) -> Option<Job> {
        let site = self.site;
        // A writer's own page at news/ wins over the generated list.
        if !Route::News.published(site, lang) {
            return None;
        }
        let items = site.dated_pages(lang);
        let url = Route::News.url(site, lang);
        let list: Vec<PageLink> = items
            .into_iter()
            .map(|(p, v)| self.link(p, v, lang, &url))
            .collect();
        Some(self.generated_job(lang, Route::News, "list.html", |ctx| {
            ctx.insert("items", &list);
            ctx.insert(
                "page",
                &GeneratedPage {
                    kind: "list",
                    title: self.i18n.get(lang, "news_title"),
                },
            );
        }))
    }

    /// Renders a page that `publish` adds (a search page, `404.html`):
    /// `template` with the base context of `lang` at `url`, the language
    /// links of the generated page at `generated` (or the front pages), and
    /// `extra`. Returns the output path and the HTML.
    pub fn render_extra(
        &self,
        lang: &str,
        url: &str,
        generated: Option<Route<'_>>,
        template: &'static str,
        extra: impl FnOnce(&mut Context),
    ) -> Result<(String, String), Diagnostic> {
        let mut ctx = self.base_context(lang, url);
        ctx.insert("languages", &self.languages_for(None, lang, generated));
        extra(&mut ctx);
        let mut job = Job {
            out: url_to_file(url, &self.site.options.prefix),
            template,
            ctx,
            source: format!("(generated {url})"),
            url: url.to_string(),
            warnings: Vec::new(),
            slots: Vec::new(),
            body: None,
            parts: None,
            frame: None,
        };
        self.render_job(&mut job).map(|html| (job.out, html))
    }

    /// Renders `job` (a long listing page) into a temporary file beside
    /// the stash's, and lets its context go: a long listing's context and
    /// its HTML, tens of MB each at 50,000 pages, were the largest moment
    /// of a build together. Without a stash, or when the file cannot be
    /// written, it is rendered in memory ([`Renderer::render_job`]).
    fn render_job_via_file(&self, job: &mut Job) -> Result<Made, Diagnostic> {
        use std::io::{Seek, Write};
        let Some(file) = self.stash.and_then(|s| s.scratch_file().ok()) else {
            return self.render_job(job).map(Made::Text);
        };
        let mut writer = std::io::BufWriter::with_capacity(256 * 1024, file);
        let rendered = self.render_into(job, &mut writer).is_ok() && writer.flush().is_ok();
        let file = writer.into_inner().ok().filter(|_| rendered);
        let Some(mut file) = file else {
            // A template error is told as a render in memory tells it; a
            // file that could not be written is not one.
            return self.render_job(job).map(Made::Text);
        };
        job.ctx = tera::Context::new();
        file.rewind().map_err(|e| read_temp_error(&job.out, e))?;
        Ok(Made::File(file))
    }

    /// The HTML of `made`, read back into memory if it is in a file.
    fn made_text(job: &Job, made: Made) -> Result<String, Diagnostic> {
        use std::io::Read;
        match made {
            Made::Text(html) => Ok(html),
            Made::File(mut file) => {
                let mut html = Vec::new();
                file.read_to_end(&mut html)
                    .map_err(|e| read_temp_error(&job.out, e))?;
                Ok(crate::text_lossy(html))
            }
        }
    }

    /// What a body's footnote links say to a screen reader, in `text_lang`,
    /// the language of the body's text.
    pub(super) fn note_words(&self, text_lang: &str) -> crate::markdown::NoteWords<'_> {
        crate::markdown::NoteWords {
            reference: self
                .i18n
                .find(text_lang, "footnote_reference")
                .unwrap_or(""),
            back: self.i18n.find(text_lang, "footnote_back").unwrap_or(""),
        }
    }

    fn render_job(&self, job: &mut Job) -> Result<String, Diagnostic> {
        // Rendered into bytes and checked as text here, with the faster
        // check (`Tera::render` does the same with the standard one).
        let mut html = Vec::with_capacity(32 * 1024);
        self.render_into(job, &mut html)?;
        Ok(crate::text_lossy(html))
    }
}
