//! The contexts of content pages: the promise, a service area, a
//! commitment (with its summary card) and a free page, and the job that
//! renders one of them.

use std::collections::BTreeMap;

use tera::{Context, Value};

use super::context::page::{
    CommitmentView, DecisionView, FallbackLink, PageView, StatusView, SummaryView, ValidityView,
};
use super::context::results::IndicatorView;
use super::context::{PageLink, other, text_lang};
use crate::content::front_matter::{Kind, PERSPECTIVES};
use crate::diagnostics::Diagnostic;
use crate::format;
use crate::markdown;
use crate::site::urls::url_to_file;
use crate::site::{Page, Variant, links};

use super::{Job, Renderer};

impl Renderer<'_> {
    pub(super) fn page_job(&self, page: &Page, v: &Variant) -> Result<Job, Vec<Diagnostic>> {
        let site = self.site;
        let lang = v.lang.as_str();
        let default = site.default_lang();
        let file = &site.files[v.file];
        let tl = text_lang(site, v);
        super::deps::body(&page.key, lang);
        super::deps::front(&page.key, lang);
        let mut errors = Vec::new();
        let parsed = site.body(v.file);
        if let Some(on_body) = self.on_body {
            on_body(page, v, &parsed);
        }
        let body =
            markdown::render_body(&parsed, |dest| links::resolve(site, lang, dest, v.fallback));
        drop(parsed);
        let html = body.html;
        if let Some(stash) = self.stash {
            stash.put(v.file, lang, v.fallback, &html);
        }
        let place = |line: usize| line + file.body_line - 1;
        for (line, col, msg) in body.errors {
            errors.push(msg.error(&file.path).at(place(line), Some(col)));
        }
        let warnings: Vec<Diagnostic> = body
            .warnings
            .into_iter()
            .map(|(line, col, msg)| msg.warning(&file.path).at(place(line), Some(col)))
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
            &PageView {
                kind,
                title: v.title(),
                lang: other(tl, lang),
                content: html,
                summary: link.summary.clone(),
                summary_lang: link.summary_lang.clone().or(link.lang.clone()),
                url: &v.url,
                draft: v.draft,
                fallback: v.fallback,
                fallback_notice: v.fallback.then(|| {
                    self.i18n.get(lang, "fallback_notice").replace(
                        "{language}",
                        &self.i18n.get(lang, &format!("lang_in_{default}")),
                    )
                }),
                fallback_link: if v.fallback {
                    page.variant(default).map(|d| {
                        let notice = self.i18n.get(lang, "fallback_notice");
                        let (before, after) =
                            notice.split_once("{language}").unwrap_or((&notice, ""));
                        FallbackLink {
                            before: before.to_string(),
                            text: self.i18n.get(lang, &format!("lang_in_{default}")),
                            after: after.to_string(),
                            url: &d.url,
                            lang: default,
                        }
                    })
                } else {
                    None
                },
                date: link.date.clone(),
                date_iso: link.date_iso.clone(),
                key: &page.key,
                source: &file.path,
            },
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
                ctx.insert("counts", &link.counts);
                "area.html"
            }
            Kind::Commitment { area, .. } => {
                self.commitment_context(&mut ctx, area, v, &link, lang);
                self.commitment_lifecycle(&mut ctx, page, v, lang);
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
            slots: Vec::new(),
        })
    }

    pub(super) fn promise_context(&self, ctx: &mut Context, v: &Variant, lang: &str) {
        let site = self.site;
        let default = site.default_lang();
        let fmt = |d: Option<chrono::NaiveDate>| d.map(|d| format::format_date(d, lang));
        let iso = |d: Option<chrono::NaiveDate>| d.map(|d| d.format("%Y-%m-%d").to_string());
        let tl = text_lang(site, v);
        ctx.insert("decision", &None::<DecisionView>);
        if let Some(dec) = &v.front.decision {
            let body_lang = if v.inherited.contains("decision.body") {
                default
            } else {
                tl
            };
            ctx.insert(
                "decision",
                &DecisionView {
                    body: &dec.body,
                    body_lang: other(body_lang, lang),
                    date: fmt(dec.date),
                    date_iso: iso(dec.date),
                    reference: &dec.reference,
                    url: &dec.url,
                },
            );
        }
        ctx.insert(
            "validity",
            &ValidityView {
                from: fmt(v.front.valid_from),
                from_iso: iso(v.front.valid_from),
                until: fmt(v.front.valid_until),
                until_iso: iso(v.front.valid_until),
            },
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
        ctx.insert("figures", &self.eval.total);
        let dated = site.dated_pages(lang);
        // Which three are the latest depends on every dated page's date.
        for (p, dv) in &dated {
            super::deps::front(&p.key, &dv.lang);
        }
        let news: Vec<PageLink> = dated
            .into_iter()
            .take(3)
            .map(|(p, dv)| self.link(p, dv, lang, &v.url))
            .collect();
        ctx.insert("news", &news);
    }

    pub(super) fn area_context(&self, ctx: &mut Context, area: &str, lang: &str) {
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

    pub(super) fn commitment_context(
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
                &StatusView {
                    status,
                    status_label: &link.status_label,
                },
            );
        }
        ctx.insert(
            "commitment",
            &CommitmentView {
                perspective: &link.perspective,
                perspective_label: &link.perspective_label,
                resident_view: &link.resident_view,
                resident_view_lang: &link.resident_view_lang,
            },
        );
        let indicators: Vec<IndicatorView> = link
            .indicators
            .iter()
            .filter_map(|id| site.indicators.get(id))
            .map(|ind| self.indicator_view(ind, lang))
            .collect();
        ctx.insert("summary", &self.commitment_summary(&link.indicators, lang));
        ctx.insert(
            "indicator_groups",
            &self.indicator_groups(&indicators, lang),
        );
        ctx.insert("indicators", &indicators);
    }

    /// Why a commitment has its status: how many of its indicators with a
    /// value met their target, in words, and the latest period among them.
    pub(super) fn commitment_summary(&self, ids: &[String], lang: &str) -> SummaryView {
        let summaries: Vec<_> = ids
            .iter()
            .filter_map(|id| self.eval.indicators.get(id))
            .collect();
        let measured = summaries.iter().filter(|s| s.latest.is_some()).count();
        let met = ids
            .iter()
            .filter(|id| self.eval.indicator_status(id) == crate::results::IndicatorStatus::Met)
            .count();
        let latest = summaries
            .iter()
            .filter_map(|s| s.latest.map(|(p, _)| p))
            .max();
        let text = (measured > 0).then(|| {
            self.i18n
                .plural(lang, "summary_met", measured as i64, &measured.to_string())
                .replace("{met}", &met.to_string())
        });
        SummaryView {
            text,
            period: latest.map(|p| self.period(&p, lang)),
            met,
            measured,
            total: ids.len(),
        }
    }
}
