//! Rendering the site model through the theme's templates into an [`Output`].
//!
//! Builds each page's context (see [`context`]), renders it with Tera, and
//! adds the generated pages (accessibility statement, list of dated pages,
//! the root redirect). It decides nothing about content: what is published
//! and where was settled by `site`.

pub mod context;
pub mod results;
pub mod templates;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::{Mutex, OnceLock};

use rayon::prelude::*;
use serde::Serialize;
use serde_json::{Value as Json, json};
use tera::{Context, Tera, Value};

use crate::content::front_matter::{Kind, PERSPECTIVES};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::format;
use crate::i18n::I18n;
use crate::indicators::Indicator;
use crate::markdown;
use crate::output::Output;
use crate::results::Evaluation;
use crate::site::update::Edit;
use crate::site::urls::{self, url_to_file};
use crate::site::{Page, Site, Variant, links};
use crate::theme::Theme;
use context::{LangLink, Marked, PageLink, other, text_lang};

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
}

/// Listing entries as template values, by kind of entry, language and page
/// key: what [`Renderer::entries`] made. An entry depends only on its own
/// page (and the results), so after an edit only that page's entries are
/// forgotten. Template values share their lists and maps, so handing a kept
/// entry to another page costs a reference count.
#[derive(Default)]
pub struct Listings(Mutex<HashMap<(Entry, String), HashMap<String, Value>>>);

/// The kinds of listing entry that [`Listings`] keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Entry {
    /// A [`PageLink`] with its follow-up status, on a page other than the
    /// one it links to.
    Link,
    /// A commitment on the results overview: `link` and `indicators`.
    Results,
}

impl Listings {
    /// Forgets the entries of the page `key` (after its file changed).
    pub fn forget(&self, key: &str) {
        for entries in self
            .0
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .values_mut()
        {
            entries.remove(key);
        }
    }
}

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

/// What rendering one item of work gave: its output path and HTML (none
/// when there is nothing to render, as a news list without news), or the
/// problems that stopped it.
type Rendered = Result<Option<(String, String)>, Vec<Diagnostic>>;

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
}

impl<'a> Renderer<'a> {
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
            Kind::Area { area } => l.counts = self.eval.areas.get(area).cloned(),
            _ => {}
        }
        l
    }

    /// A listing entry on another page than `page` itself (the front page,
    /// an area page, the results overview), as a template value.
    fn listed(&self, page: &Page, v: &Variant, lang: &str) -> Value {
        Value::from_serializable(&self.link(page, v, lang, ""))
    }

    /// The link entries of `pages` on a page that is none of them, kept
    /// between renders in the preview (see [`Renderer::entries`]).
    fn links(&self, pages: &[(&Page, &Variant)], lang: &str) -> Vec<Value> {
        self.entries(Entry::Link, pages, lang, |p, v| self.listed(p, v, lang))
    }

    /// The entries of kind `entry` for `pages` in `lang`, made by `make`, or
    /// kept from an earlier render when [`Renderer::listings`] keeps them.
    fn entries(
        &self,
        entry: Entry,
        pages: &[(&Page, &Variant)],
        lang: &str,
        make: impl Fn(&Page, &Variant) -> Value,
    ) -> Vec<Value> {
        let Some(cache) = self.listings else {
            return pages.iter().map(|(p, v)| make(p, v)).collect();
        };
        let lock = || cache.0.lock().unwrap_or_else(|e| e.into_inner());
        let slot = (entry, lang.to_string());
        let mut values: Vec<Option<Value>> = {
            let kept = lock();
            let kept = kept.get(&slot);
            pages
                .iter()
                .map(|(p, _)| kept.and_then(|k| k.get(&p.key)).cloned())
                .collect()
        };
        let mut made = Vec::new();
        for (value, (p, v)) in values.iter_mut().zip(pages) {
            if value.is_none() {
                let new = make(p, v);
                made.push((p.key.clone(), new.clone()));
                *value = Some(new);
            }
        }
        if !made.is_empty() {
            lock().entry(slot).or_default().extend(made);
        }
        values.into_iter().flatten().collect()
    }

    /// The switcher and `hreflang` list for a page that exists in `variants`.
    fn languages_for(
        &self,
        page: Option<&Page>,
        lang: &str,
        generated: Option<&str>,
    ) -> Vec<LangLink> {
        self.site
            .config
            .languages
            .iter()
            .map(|code| {
                let (url, translated, available) = match (page, generated) {
                    (Some(p), _) => match p.variant(code) {
                        Some(v) => (v.url.clone(), !v.fallback, true),
                        None => (self.site.home_url(code), false, false),
                    },
                    (None, Some(path)) => (self.site.generated_url(code, path), true, true),
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
    fn results_calendar(&self, lang: &str) -> Json {
        let cal = &self.site.config.results;
        let date = |d: Option<chrono::NaiveDate>| {
            d.map(|d| json!({"text": format::format_date(d, lang), "iso": d.to_string()}))
        };
        if cal.updated.is_none() && cal.next_update.is_none() {
            return Json::Null;
        }
        json!({"updated": date(cal.updated), "next_update": date(cal.next_update)})
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
            &json!({
                "title": Marked::of(&cfg.title, lang, default),
                "organisation": Marked::of(&cfg.organisation, lang, default),
                "base_url": cfg.base_url,
                "home_url": site.home_url(lang),
                "feedback": cfg.feedback,
                "license": cfg.license,
                "accessibility_url": site.generated_url(lang, "accessibility/"),
                "results_url": site.generated_url(lang, "results/"),
                "news_url": site.generated_url(lang, "news/"),
                "has_news": !site.dated_pages(lang).is_empty()
                    && !site.url_taken(&site.generated_url(lang, "news/")),
                "has_results": !site.indicators.list.is_empty(),
                "search_url": urls::search_url(site, lang),
                "feed_url": urls::feed_url(site, lang),
                "og_locale": format::og_locale(lang),
            }),
        );
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
                    .map(|l| (l.clone(), self.lang_shared(l)))
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
        let nav: Vec<Value> = shared
            .nav
            .iter()
            .map(|l| l.pick(url.starts_with(&l.url)))
            .collect();
        ctx.insert_value("nav", Value::from(nav));
        let pages: Vec<Value> = shared
            .free_pages
            .iter()
            .map(|l| l.pick(l.url == url))
            .collect();
        ctx.insert_value("free_pages", Value::from(pages));
        ctx.insert("url", url);
        ctx.insert("canonical", &self.abs(url));
        ctx
    }

    fn page_job(&self, page: &Page, v: &Variant) -> Result<Job, Vec<Diagnostic>> {
        let site = self.site;
        let lang = v.lang.as_str();
        let default = site.default_lang();
        let file = &site.files[v.file];
        let tl = text_lang(site, v);
        let mut errors = Vec::new();
        let body = markdown::render_body(&site.parsed[v.file], |dest| {
            links::resolve(site, lang, dest, v.fallback)
        });
        let html = body.html;
        let place = |line: usize| line + file.body_line - 1;
        for (line, col, msg) in body.errors {
            errors.push(Diagnostic::error(&file.path, msg).at(place(line), Some(col)));
        }
        let warnings: Vec<Diagnostic> = body
            .warnings
            .into_iter()
            .map(|(line, col, msg)| Diagnostic::warning(&file.path, msg).at(place(line), Some(col)))
            .collect();
        // Every broken link is reported, not only the first of a page.
        if !errors.is_empty() {
            return Err(errors);
        }
        let mut ctx = self.base_context(lang, &v.url);
        let languages = self.languages_for(Some(page), lang, None);
        ctx.insert("languages", &languages);
        if v.fallback
            && let Some(d) = page.variant(default)
        {
            ctx.insert("canonical", &self.abs(&d.url));
        }
        let link = self.link(page, v, lang, &v.url);
        let kind = match &page.kind {
            Kind::Promise => "promise",
            Kind::Area { .. } => "area",
            Kind::Commitment { .. } => "commitment",
            Kind::Free { .. } => "page",
        };
        ctx.insert(
            "page",
            &json!({
                "kind": kind,
                "title": v.title(),
                "lang": other(tl, lang),
                "content": html,
                "summary": link.summary,
                "summary_lang": link.summary_lang.clone().or(link.lang.clone()),
                "url": v.url,
                "draft": v.draft,
                "fallback": v.fallback,
                "fallback_notice": if v.fallback {
                    Some(self.i18n.get(lang, "fallback_notice").replace("{language}", &self.i18n.get(lang, &format!("lang_in_{default}"))))
                } else { None },
                "date": link.date,
                "date_iso": link.date_iso,
                "key": page.key,
                "source": file.path,
            }),
        );
        let template = match &page.kind {
            Kind::Promise => {
                self.promise_context(&mut ctx, v, lang);
                "promise.html"
            }
            Kind::Area { area } => {
                // No commitment is the area page itself: the entries are
                // those of any other page.
                self.area_context(&mut ctx, area, lang);
                "area.html"
            }
            Kind::Commitment { area, .. } => {
                self.commitment_context(&mut ctx, area, v, &link, lang);
                "commitment.html"
            }
            Kind::Free { .. } => "page.html",
        };
        Ok(Job {
            out: url_to_file(&v.url, &site.options.prefix),
            template,
            ctx,
            source: file.path.clone(),
            url: v.url.clone(),
            warnings,
        })
    }

    fn promise_context(&self, ctx: &mut Context, v: &Variant, lang: &str) {
        let site = self.site;
        let default = site.default_lang();
        let fmt = |d: Option<chrono::NaiveDate>| d.map(|d| format::format_date(d, lang));
        let iso = |d: Option<chrono::NaiveDate>| d.map(|d| d.format("%Y-%m-%d").to_string());
        let tl = text_lang(site, v);
        ctx.insert("decision", &Json::Null);
        if let Some(dec) = &v.front.decision {
            let body_lang = if v.inherited.contains("decision.body") {
                default
            } else {
                tl
            };
            ctx.insert(
                "decision",
                &json!({
                    "body": dec.body,
                    "body_lang": other(body_lang, lang),
                    "date": fmt(dec.date),
                    "date_iso": iso(dec.date),
                    "reference": dec.reference,
                    "url": dec.url,
                }),
            );
        }
        ctx.insert(
            "validity",
            &json!({
                "from": fmt(v.front.valid_from),
                "from_iso": iso(v.front.valid_from),
                "until": fmt(v.front.valid_until),
                "until_iso": iso(v.front.valid_until),
            }),
        );
        let areas = site.areas(lang);
        let area_entries = self.links(&areas, lang);
        let areas: Vec<Value> = areas
            .iter()
            .zip(area_entries)
            .map(|((p, _), entry)| {
                let commitments = match &p.kind {
                    Kind::Area { area } => self.links(&site.commitments(area, lang), lang),
                    _ => Vec::new(),
                };
                Value::from(BTreeMap::from([
                    ("area", entry),
                    ("commitments", Value::from(commitments)),
                ]))
            })
            .collect();
        ctx.insert_value("areas", Value::from(areas));
        let news: Vec<PageLink> = site
            .dated_pages(lang)
            .into_iter()
            .take(3)
            .map(|(p, dv)| self.link(p, dv, lang, &v.url))
            .collect();
        ctx.insert("news", &news);
    }

    fn area_context(&self, ctx: &mut Context, area: &str, lang: &str) {
        let site = self.site;
        let pages = site.commitments(area, lang);
        let all = self.links(&pages, lang);
        let groups: Vec<Value> = PERSPECTIVES
            .iter()
            .filter_map(|p| {
                let items: Vec<Value> = pages
                    .iter()
                    .zip(&all)
                    .filter(|((_, v), _)| v.front.perspective.as_deref() == Some(*p))
                    .map(|(_, entry)| entry.clone())
                    .collect();
                (!items.is_empty()).then(|| {
                    Value::from(BTreeMap::from([
                        ("perspective", Value::from(*p)),
                        (
                            "label",
                            Value::from(self.i18n.get(lang, &format!("perspective_{p}"))),
                        ),
                        (
                            "description",
                            Value::from(
                                self.i18n.get(lang, &format!("perspective_{p}_description")),
                            ),
                        ),
                        ("commitments", Value::from(items)),
                    ]))
                })
            })
            .collect();
        ctx.insert_value("commitments", Value::from(all));
        ctx.insert_value("groups", Value::from(groups));
    }

    fn commitment_context(
        &self,
        ctx: &mut Context,
        area: &str,
        v: &Variant,
        link: &PageLink,
        lang: &str,
    ) {
        let site = self.site;

        if let Some(ap) = site.page(&format!("areas/{area}/_index.md"))
            && let Some(av) = ap.variant(lang)
        {
            ctx.insert("area", &self.link(ap, av, lang, &v.url));
        }
        if let Some(status) = &link.status {
            ctx.insert(
                "status",
                &json!({"status": status, "status_label": link.status_label}),
            );
        }
        ctx.insert(
            "commitment",
            &json!({
                "perspective": link.perspective,
                "perspective_label": link.perspective_label,
                "resident_view": link.resident_view,
                "resident_view_lang": link.resident_view_lang,
            }),
        );
        let indicators: Vec<Json> = link
            .indicators
            .iter()
            .filter_map(|id| site.indicators.get(id))
            .map(|ind| self.indicator_view(ind, lang))
            .collect();
        ctx.insert(
            "indicator_groups",
            &self.indicator_groups(&indicators, lang),
        );
        ctx.insert("indicators", &indicators);
    }

    fn generated_job(
        &self,
        lang: &str,
        path: &str,
        template: &'static str,
        extra: impl FnOnce(&mut Context),
    ) -> Job {
        let url = self.site.generated_url(lang, path);
        let mut ctx = self.base_context(lang, &url);
        ctx.insert("languages", &self.languages_for(None, lang, Some(path)));
        extra(&mut ctx);
        Job {
            out: url_to_file(&url, &self.site.options.prefix),
            template,
            ctx,
            source: format!("(generated {path})"),
            url,
            warnings: Vec::new(),
        }
    }

    fn accessibility_job(&self, lang: &str) -> Job {
        let site = self.site;
        let a = &site.config.accessibility;
        let default = site.default_lang();
        let statement = json!({
            "conformance": a.conformance,
            "assessed": a.assessed.map(|d| format::format_date(d, lang)),
            "assessed_iso": a.assessed.map(|d| d.format("%Y-%m-%d").to_string()),
            "method": a.method.as_ref().map(|m| Marked::of(m, lang, default)),
            "contact_email": a.contact_email,
            "known_issues": a.known_issues.iter().map(|t| Marked::of(t, lang, default)).collect::<Vec<_>>(),
            "supervisor": {
                "name": Marked::of(&a.supervisor.name, lang, default),
                "url": a.supervisor.url,
                "email": a.supervisor.email,
                "phone": a.supervisor.phone,
            },
        });
        self.generated_job(lang, "accessibility/", "accessibility.html", |ctx| {
            ctx.insert("statement", &statement);
            ctx.insert("page", &json!({"kind": "accessibility", "title": self.i18n.get(lang, "accessibility_title")}));
        })
    }

    fn news_job(&self, lang: &str) -> Option<Job> {
        let site = self.site;
        let items = site.dated_pages(lang);
        let url = site.generated_url(lang, "news/");
        // A writer's own page at news/ wins over the generated list.
        if items.is_empty() || site.url_taken(&url) {
            return None;
        }
        let list: Vec<PageLink> = items
            .into_iter()
            .map(|(p, v)| self.link(p, v, lang, &url))
            .collect();
        Some(self.generated_job(lang, "news/", "list.html", |ctx| {
            ctx.insert("items", &list);
            ctx.insert(
                "page",
                &json!({"kind": "list", "title": self.i18n.get(lang, "news_title")}),
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
        generated: Option<&str>,
        template: &'static str,
        extra: impl FnOnce(&mut Context),
    ) -> Result<(String, String), Diagnostic> {
        let mut ctx = self.base_context(lang, url);
        ctx.insert("languages", &self.languages_for(None, lang, generated));
        extra(&mut ctx);
        let job = Job {
            out: url_to_file(url, &self.site.options.prefix),
            template,
            ctx,
            source: format!("(generated {url})"),
            url: url.to_string(),
            warnings: Vec::new(),
        };
        self.render_job(&job).map(|html| (job.out, html))
    }

    fn render_job(&self, job: &Job) -> Result<String, Diagnostic> {
        self.tera
            .render(job.template, &job.ctx)
            .map_err(|e| templates::to_diagnostic(&e, self.theme, Some((&job.source, &job.url))))
    }

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
        for lang in &site.config.languages {
            work.push(Work::Accessibility(lang));
            work.push(Work::News(lang));
            if !site.indicators.list.is_empty() {
                work.push(Work::Results(lang));
                for ind in &site.indicators.list {
                    work.push(Work::Indicator(ind, lang));
                }
            }
        }
        let mut n = self.render_list(work, keep, out, diags);
        if keep("redirect.html") {
            match self.root_redirect() {
                Ok(html) => out.add("index.html", html),
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
        Some(self.render_list(work, &|_| true, out, diags))
    }

    /// Renders `work` into `out` in parallel; problems go to `diags`, each
    /// template error once.
    /// Returns how many pages `keep` let through.
    fn render_list(
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
    fn render_work(
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
    fn root_redirect(&self) -> Result<String, Diagnostic> {
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
            out: "index.html".into(),
            template: "redirect.html",
            ctx,
            source: "(generated /)".into(),
            url: format!("{}/", site.options.prefix),
            warnings: Vec::new(),
        };
        self.render_job(&job)
    }
}

/// Serialises anything for a context, for callers outside this module.
pub fn to_json<T: Serialize>(v: &T) -> Json {
    serde_json::to_value(v).unwrap_or(Json::Null)
}
