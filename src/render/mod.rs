//! Rendering the site model through the theme's templates into an [`Output`].
//!
//! Builds each page's context (see [`context`]), renders it with Tera, and
//! adds the generated pages (accessibility statement, list of dated pages,
//! the root redirect). It decides nothing about content: what is published
//! and where was settled by `site`.

pub mod context;
pub mod results;
pub mod templates;

use std::collections::BTreeMap;

use rayon::prelude::*;
use serde::Serialize;
use serde_json::{Value as Json, json};
use tera::{Context, Tera};

use crate::content::front_matter::{Kind, PERSPECTIVES};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::format;
use crate::i18n::I18n;
use crate::markdown;
use crate::output::Output;
use crate::results::Evaluation;
use crate::site::{Page, Site, Variant, links};
use crate::theme::Theme;
use context::{LangLink, Marked, PageLink, other, text_lang};

/// Everything rendering needs, built once per run.
pub struct Renderer<'a> {
    /// The site.
    pub site: &'a Site,
    /// Compiled templates.
    pub tera: Tera,
    /// Interface strings.
    pub i18n: I18n,
    /// The theme (for messages).
    pub theme: &'a Theme,
    /// URL of the stylesheet.
    pub stylesheet: String,
    /// Whether this is a preview (drafts banner, reload script).
    pub preview: bool,
    /// What the results say.
    pub eval: &'a Evaluation,
}

/// One page to render: its output path, template, and context.
struct Job {
    out: String,
    template: &'static str,
    ctx: Context,
    source: String,
    url: String,
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
        let mut l = PageLink::new(self.site, &self.i18n, page, v, lang, current_url);
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

    /// Context shared by every page in `lang`.
    fn base_context(&self, lang: &str, url: &str) -> Context {
        let site = self.site;
        let cfg = &site.config;
        let default = site.default_lang();
        let mut ctx = Context::new();
        ctx.insert("lang", lang);
        ctx.insert("default_lang", default);
        ctx.insert("t", self.i18n.strings(lang));
        ctx.insert(
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
            }),
        );
        let nav: Vec<PageLink> = site
            .areas(lang)
            .into_iter()
            .map(|(p, v)| {
                let mut l = self.link(p, v, lang, url);
                l.current = url.starts_with(&v.url);
                l
            })
            .collect();
        ctx.insert("nav", &nav);
        let pages: Vec<PageLink> = site
            .free_pages(lang)
            .into_iter()
            .map(|(p, v)| self.link(p, v, lang, url))
            .collect();
        ctx.insert("free_pages", &pages);
        ctx.insert("stylesheet", &self.stylesheet);
        ctx.insert("preview", &self.preview);
        ctx.insert("url", url);
        ctx.insert("canonical", &self.abs(url));
        ctx
    }

    fn page_job(&self, page: &Page, v: &Variant) -> Result<Job, Diagnostic> {
        let site = self.site;
        let lang = v.lang.as_str();
        let default = site.default_lang();
        let file = &site.files[v.file];
        let tl = text_lang(site, v);
        let mut errors = Vec::new();
        let (html, link_errors) = markdown::render(&site.parsed[v.file], |dest| {
            links::resolve(site, lang, dest)
        });
        for (line, col, msg) in link_errors {
            errors
                .push(Diagnostic::error(&file.path, msg).at(line + file.body_line - 1, Some(col)));
        }
        if let Some(first) = errors.into_iter().next() {
            return Err(first);
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
                self.area_context(&mut ctx, area, lang, &v.url);
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
        let areas: Vec<Json> = site
            .areas(lang)
            .into_iter()
            .map(|(p, av)| {
                let Kind::Area { area } = &p.kind else {
                    return Json::Null;
                };
                let commitments: Vec<PageLink> = site
                    .commitments(area, lang)
                    .into_iter()
                    .map(|(cp, cv)| self.link(cp, cv, lang, &v.url))
                    .collect();
                json!({
                    "area": self.link(p, av, lang, &v.url),
                    "commitments": commitments,
                })
            })
            .collect();
        ctx.insert("areas", &areas);
        let news: Vec<PageLink> = site
            .dated_pages(lang)
            .into_iter()
            .take(3)
            .map(|(p, dv)| self.link(p, dv, lang, &v.url))
            .collect();
        ctx.insert("news", &news);
    }

    fn area_context(&self, ctx: &mut Context, area: &str, lang: &str, url: &str) {
        let site = self.site;
        let all: Vec<PageLink> = site
            .commitments(area, lang)
            .into_iter()
            .map(|(p, v)| self.link(p, v, lang, url))
            .collect();
        let groups: Vec<Json> = PERSPECTIVES
            .iter()
            .filter_map(|p| {
                let items: Vec<&PageLink> = all
                    .iter()
                    .filter(|c| c.perspective.as_deref() == Some(*p))
                    .collect();
                (!items.is_empty()).then(|| {
                    json!({
                        "perspective": p,
                        "label": self.i18n.get(lang, &format!("perspective_{p}")),
                        "description": self.i18n.get(lang, &format!("perspective_{p}_description")),
                        "commitments": items,
                    })
                })
            })
            .collect();
        ctx.insert("commitments", &all);
        ctx.insert("groups", &groups);
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

    fn render_job(&self, job: &Job) -> Result<String, Diagnostic> {
        self.tera
            .render(job.template, &job.ctx)
            .map_err(|e| templates::to_diagnostic(&e, self.theme, Some((&job.source, &job.url))))
    }

    /// Renders every page into `out`; problems go to `diags`.
    pub fn render_all(&self, out: &mut Output, diags: &Diagnostics) {
        let site = self.site;
        let mut jobs: Vec<Result<Job, Diagnostic>> = site
            .pages
            .par_iter()
            .flat_map_iter(|p| p.variants.iter().map(move |v| (p, v)))
            .map(|(p, v)| self.page_job(p, v))
            .collect();
        // Link errors are reported per link, not only the first of a page.
        for p in &site.pages {
            for v in &p.variants {
                let file = &site.files[v.file];
                let (_, errs) =
                    markdown::render(&site.parsed[v.file], |d| links::resolve(site, &v.lang, d));
                for (line, col, msg) in errs {
                    diags.push(
                        Diagnostic::error(&file.path, msg).at(line + file.body_line - 1, Some(col)),
                    );
                }
            }
        }
        for lang in &site.config.languages {
            jobs.push(Ok(self.accessibility_job(lang)));
            if let Some(j) = self.news_job(lang) {
                jobs.push(Ok(j));
            }
            if !site.indicators.list.is_empty() {
                jobs.push(Ok(self.results_job(lang)));
                for ind in &site.indicators.list {
                    jobs.push(Ok(self.indicator_job(ind, lang)));
                }
            }
        }
        let rendered: Vec<Result<(String, String), Diagnostic>> = jobs
            .into_par_iter()
            .map(|j| {
                let j = j?;
                self.render_job(&j).map(|html| (j.out, html))
            })
            .collect();
        let mut template_errors = BTreeMap::new();
        for r in rendered {
            match r {
                Ok((path, html)) => out.add(path, html),
                Err(d) => {
                    // One template error would repeat on every page: keep the first per place.
                    let key = (d.path.clone(), d.line, d.column);
                    if d.message.starts_with("template error") {
                        template_errors.entry(key).or_insert(d);
                    } else {
                        diags.push(d);
                    }
                }
            }
        }
        diags.extend(template_errors.into_values());
        out.add("index.html", self.root_redirect());
    }

    /// `/index.html`: leads to the default language without JavaScript.
    fn root_redirect(&self) -> String {
        let site = self.site;
        let lang = site.default_lang();
        let target = site.home_url(lang);
        let title = Marked::of(&site.config.title, lang, lang).text;
        let links: String = site
            .config
            .languages
            .iter()
            .map(|l| {
                format!(
                    "<li><a href=\"{}\" hreflang=\"{l}\" lang=\"{l}\">{}</a></li>",
                    site.home_url(l),
                    markdown::escape_attr(&self.lang_name(l))
                )
            })
            .collect();
        format!(
            "<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{}</title>\n<link rel=\"canonical\" href=\"{}\">\n<meta http-equiv=\"refresh\" content=\"0; url={target}\">\n</head>\n<body>\n<a class=\"skip-link\" href=\"#main\">{}</a>\n<main id=\"main\">\n<h1>{}</h1>\n<ul>{links}</ul>\n</main>\n</body>\n</html>\n",
            markdown::escape_attr(&title),
            self.abs(&target),
            markdown::escape_attr(&self.i18n.get(lang, "skip_to_content")),
            markdown::escape_attr(&title),
        )
    }
}

/// `/fi/family/` → `fi/family/index.html`.
pub fn url_to_file(url: &str, prefix: &str) -> String {
    let path = url
        .strip_prefix(prefix)
        .unwrap_or(url)
        .trim_start_matches('/');
    if path.is_empty() || path.ends_with('/') {
        format!("{path}index.html")
    } else {
        path.to_string()
    }
}

/// Serialises anything for a context, for callers outside this module.
pub fn to_json<T: Serialize>(v: &T) -> Json {
    serde_json::to_value(v).unwrap_or(Json::Null)
}
